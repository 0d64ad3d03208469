"""One local Oxigraph query in a child process, so it can be bounded: `fupin.graph.query.run` runs
`respond` in a child with a memory cap (RLIMIT_AS) and kills it at the deadline. The child is a fork
of the caller where that is safe (a one-shot `fupin query`: no interpreter to start, nothing to
import again), else this module run by a fresh interpreter (`python -m fupin.graph.worker`).

A query running in the calling process cannot be stopped: Oxigraph gives Python no way to interrupt
it, so a timed-out query went on burning a core in an abandoned thread, and an ORDER BY over a
cartesian product grew to 5.9 GB before anyone noticed. Here the operating system does both: the
allocation past the cap fails (Rust then aborts the process) and the kill ends the evaluation.

Run as a program, the child imports only pyoxigraph. It reads one JSON request on stdin — the store
folder (opened read-only beside the parent's own handle) or the graph file to load into memory, the
query and its bindings as SPARQL JSON result cells, and the page of rows wanted (`limit`, `offset`) —
and writes the answer on stdout: SPARQL JSON results for SELECT and ASK, N-Triples for CONSTRUCT and
DESCRIBE, after a first line naming which and how many rows the query gave. Only the page is
written: rows outside it are counted, never serialised (query 07 gives 36 MB of JSON unpaged).
A query error is one JSON line on stderr and exit code 3.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
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


def cell(term: Any) -> dict[str, str]:
    """A pyoxigraph term as a SPARQL JSON results cell."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _page(rows: Iterator[Any], limit: int | None, offset: int, counted: list[int]) -> Iterator[Any]:
    """Rows offset … offset+limit of `rows`; the rest is run through and counted into `counted`."""
    for index, row in enumerate(rows):
        counted[0] = index + 1
        if index >= offset and (limit is None or index < offset + limit):
            yield row


def _select_json(found: ox.QuerySolutions, limit: int | None, offset: int, counted: list[int]) -> bytes:
    """SPARQL JSON results of the page, written here (pyoxigraph serialises whole answers only)."""
    columns = [v.value for v in found.variables]
    bindings = [
        {
            c: cell(t)
            for c, t in zip(columns, (s[i] for i in range(len(columns))), strict=True)
            if t is not None
        }
        for s in _page(found, limit, offset, counted)
    ]
    return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}).encode("utf-8")


def answer(request: dict[str, Any]) -> bytes:
    """The query's answer: a first line `SELECT n` or `CONSTRUCT n` (n: rows the query gave), then
    the serialised rows of the page asked for."""
    substitutions = {ox.Variable(k): _term(v) for k, v in request.get("bindings", {}).items()}
    found = _store(request).query(
        request["sparql"], use_default_graph_as_union=True, substitutions=substitutions
    )
    limit, offset = request.get("limit"), request.get("offset") or 0
    counted = [0]
    if isinstance(found, ox.QueryTriples):
        if limit is None and not offset:
            triples = list(found)
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            return f"CONSTRUCT {len(triples)}\n".encode() + body
        body = ox.serialize(list(_page(found, limit, offset, counted)), format=ox.RdfFormat.N_TRIPLES)
        return f"CONSTRUCT {counted[0]}\n".encode() + body
    if isinstance(found, ox.QueryBoolean):
        return b"SELECT 1\n" + found.serialize(format=ox.QueryResultsFormat.JSON)
    if limit is None and not offset:
        body = found.serialize(format=ox.QueryResultsFormat.JSON)
        return b"SELECT -1\n" + body
    body = _select_json(found, limit, offset, counted)
    return f"SELECT {counted[0]}\n".encode() + body


def respond(request: dict[str, Any]) -> tuple[int, bytes, bytes]:
    """(exit code, stdout, stderr) of the child for `request`: the answer, or the query's error."""
    try:
        return 0, answer(request), b""
    except SyntaxError as exc:
        return QUERY_ERROR, b"", _error("syntax", exc)
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return QUERY_ERROR, b"", _error("evaluation", exc)


def _error(kind: str, exc: Exception) -> bytes:
    return json.dumps({"kind": kind, "message": str(exc)}).encode("utf-8")


def main() -> int:
    code, out, err = respond(json.loads(sys.stdin.buffer.read()))
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    sys.stderr.buffer.write(err)
    sys.stderr.buffer.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
