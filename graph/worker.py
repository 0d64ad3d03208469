"""One local Oxigraph query in a child process, so it can be bounded: `fupin.graph.query.run` starts
this module with a memory cap (RLIMIT_AS) and kills it at the deadline.

A query running in the calling process cannot be stopped: Oxigraph gives Python no way to interrupt
it, so a timed-out query went on burning a core in an abandoned thread, and an ORDER BY over a
cartesian product grew to 5.9 GB before anyone noticed. Here the operating system does both: the
allocation past the cap fails (Rust then aborts the process) and the kill ends the evaluation.

The child imports only pyoxigraph (0.1–0.2 s). It reads one JSON request on stdin — the store
folder (opened read-only beside the parent's own handle) or the graph file to load into memory, the
query and its bindings as SPARQL JSON result cells — and writes the answer on stdout: SPARQL JSON
results for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE, after a first line naming which.
A query error is one JSON line on stderr and exit code 3.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pyoxigraph as ox

QUERY_ERROR = 3


def _term(cell: dict[str, Any]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A SPARQL JSON results cell as a pyoxigraph term."""
    if cell["type"] == "uri":
        return ox.NamedNode(cell["value"])
    if cell["type"] == "bnode":
        return ox.BlankNode(cell["value"])
    if "xml:lang" in cell:
        return ox.Literal(cell["value"], language=cell["xml:lang"])
    if "datatype" in cell:
        return ox.Literal(cell["value"], datatype=ox.NamedNode(cell["datatype"]))
    return ox.Literal(cell["value"])


def _store(request: dict[str, Any]) -> ox.Store:
    if request.get("store"):
        return ox.Store.read_only(request["store"])
    store = ox.Store()
    store.bulk_load(path=request["graph"], format=ox.RdfFormat.from_extension(request["extension"]))
    return store


def answer(request: dict[str, Any]) -> bytes:
    """The query's answer: a first line SELECT or CONSTRUCT, then the serialised results."""
    substitutions = {ox.Variable(k): _term(v) for k, v in request.get("bindings", {}).items()}
    found = _store(request).query(
        request["sparql"], use_default_graph_as_union=True, substitutions=substitutions
    )
    if isinstance(found, ox.QueryTriples):
        return b"CONSTRUCT\n" + ox.serialize(found, format=ox.RdfFormat.N_TRIPLES)
    return b"SELECT\n" + found.serialize(format=ox.QueryResultsFormat.JSON)


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    try:
        out = answer(request)
    except SyntaxError as exc:
        json.dump({"kind": "syntax", "message": str(exc)}, sys.stderr)
        return QUERY_ERROR
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        json.dump({"kind": "evaluation", "message": str(exc)}, sys.stderr)
        return QUERY_ERROR
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
