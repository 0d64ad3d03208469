"""Running a SPARQL query on a graph file or a graph in memory, on Oxigraph or rdflib.

Oxigraph answers a graph file from the store persisted beside it (graph/oxstore.py), in a child
process (graph/worker.py) that can be bounded in time and memory: a fork of this process where that
is safe (one thread, no RocksDB store opened here), which costs milliseconds where starting a fresh
interpreter cost 0.3 s of a one-shot `fupin query`; a graph already in memory (an
rdflib Graph or Dataset, a pyoxigraph Store) is queried in this process (`run_on`), which is the
fast path for a process that lives long. `limit`/`offset` cut a page from the answer: the rows
outside it are counted, never converted or sent. This module also gives the names the CLI, the API
and the tests import from it: the registry (graph/registry.py), the stores (graph/oxstore.py) and
the results and their tables (graph/results.py). rdflib is imported only for its own engine, an
rdflib graph or rdflib terms: an Oxigraph query on a file never pays for it.
"""

from __future__ import annotations

import json
import os
import re
import resource
import selectors
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from fupin.graph import worker
from fupin.graph.formats import FORMATS, format_for
from fupin.graph.oxstore import (  # noqa: F401  (re-exported)
    OX_FORMATS,
    STORE_SUFFIX,
    load_store,
    open_store,
    rocksdb_used,
    store_folder,
    store_location,
)
from fupin.graph.pages import FrozenStore, keyed_page
from fupin.graph.registry import (  # noqa: F401  (re-exported)
    check_request,
    named_queries,
    page_size,
    parameter_help,
    parameter_term,
    parameters,
    resolve,
    syntax_error,
)
from fupin.graph.results import (  # noqa: F401  (re-exported)
    FORMATS_OUT,
    QueryError,
    QueryResult,
    canonical_number,
    canonical_numbers,
    cell,
    format_table,
    json_cell,
    serialize_results,
    solutions,
    text_table,
)

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

ENGINES = ("oxigraph", "rdflib")
MAX_MEMORY_MB = 4096  # address space a local Oxigraph query may use (its process starts at ~400 MB)
# A fork starts with its parent's address space, which counts against the cap: forked only from a
# process about as small as a fresh interpreter with pyoxigraph (~35 MB), so the query's room is the same.
FORK_MAX_MB = 256
_OX_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: CJK wide and fullwidth characters take two."""
    from fupin.graph.table import cell_width

    return cell_width(text)


def _to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    from fupin.graph.storeview import to_ox

    try:
        return to_ox(term)
    except TypeError:
        raise QueryError(f"cannot bind {term!r}: not an RDF term") from None


def _run_oxigraph(
    sparql: str,
    graph_path: Path,
    bindings: dict[str, Node],
    persist: bool = True,
    timeout_s: float = 30,
    max_memory_mb: int | None = MAX_MEMORY_MB,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """`sparql` on the graph file in a child process (graph/worker.py) whose address space is capped
    at `max_memory_mb` and which is killed after `timeout_s`: the only ways to stop an Oxigraph
    query. The child opens the persisted store read-only, or loads the file when there is none, and
    sends back only the page `limit`/`offset` asks for (with the count of all rows)."""
    location = store_location(graph_path) if persist else None
    request = {
        "store": str(location) if location else None,
        "graph": str(graph_path),
        "extension": OX_FORMATS[format_for(graph_path)].file_extension,
        "sparql": sparql,
        "bindings": {name: json_cell(term) for name, term in bindings.items()},
        "limit": limit,
        "offset": offset,
    }
    cap = None if not max_memory_mb else max_memory_mb * 1024 * 1024
    child = _forked if _forkable() else _interpreter
    code, out, err = child(request, timeout_s, cap)
    if code == 0:
        return _worker_result(out)
    raise _worker_error(sparql, code, err.decode("utf-8", "replace"), max_memory_mb)


def _forkable() -> bool:
    """Whether a fork of this process may run the query: it has one thread and has opened no RocksDB
    store (a fork keeps only the calling thread, so a lock another thread held would never be freed),
    and its address space is at most FORK_MAX_MB (see there)."""
    if not hasattr(os, "fork") or threading.active_count() != 1 or rocksdb_used():
        return False
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):  # no /proc: how large this process is cannot be told
        return False
    return pages * os.sysconf("SC_PAGE_SIZE") <= FORK_MAX_MB * 1024 * 1024


def _interpreter(request: dict[str, Any], timeout_s: float, cap: int | None) -> tuple[int, bytes, bytes]:
    """(exit code, stdout, stderr) of `python -m fupin.graph.worker` given `request`, killed after
    `timeout_s`, its address space capped at `cap` bytes."""
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-m", "fupin.graph.worker"],
            input=json.dumps(request).encode("utf-8"),
            capture_output=True,
            timeout=timeout_s,
            preexec_fn=(lambda: _cap_memory(cap)) if cap else None,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # subprocess.run has killed the child
        raise QueryError(f"query did not finish within {timeout_s:g} s") from exc
    return done.returncode, done.stdout, done.stderr


def _forked(request: dict[str, Any], timeout_s: float, cap: int | None) -> tuple[int, bytes, bytes]:
    """`_interpreter`'s answer from a fork of this process running `worker.respond`: what it writes
    is read from two pipes until it exits or `timeout_s` passes (then it is killed)."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, write, and leave without running anything of the parent's
        os.close(out_r)
        os.close(err_r)
        os._exit(_child(request, cap, out_w, err_w))
    os.close(out_w)
    os.close(err_w)
    try:
        out, err = _read_until_closed((out_r, err_r), timeout_s)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(out_r)
        os.close(err_r)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out, err


def _child(request: dict[str, Any], cap: int | None, out: int, err: int) -> int:
    """In the forked child: the worker's answer written to `out` and `err`; its exit code."""
    import faulthandler

    faulthandler.disable()  # a caller's dump on SIGABRT (pytest's) would not go to `err`
    try:
        os.dup2(err, 2)  # where Rust reports a failed allocation before it aborts
        if cap:
            _cap_memory(cap)
        code, answer, error = worker.respond(request)
        _write_all(out, answer)
        _write_all(err, error)
        return code
    except BaseException:  # as an interpreter would: the traceback on stderr, exit code 1
        import traceback

        _write_all(err, traceback.format_exc().encode("utf-8", "replace"))
        return 1


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_until_closed(fds: tuple[int, int], timeout_s: float) -> tuple[bytes, bytes]:
    """Everything written to both pipes until the writer closes them; QueryError after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    chunks: dict[int, list[bytes]] = {fd: [] for fd in fds}
    with selectors.DefaultSelector() as selector:
        for fd in fds:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            left = deadline - time.monotonic()
            ready = selector.select(left) if left > 0 else []
            if not ready:
                raise QueryError(f"query did not finish within {timeout_s:g} s")
            for key, _ in ready:
                piece = os.read(key.fd, 1 << 16)
                if piece:
                    chunks[key.fd].append(piece)
                else:
                    selector.unregister(key.fd)
    return b"".join(chunks[fds[0]]), b"".join(chunks[fds[1]])


def _cap_memory(limit: int) -> None:
    """In the child: no more than `limit` bytes of address space."""
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_result(out: bytes) -> QueryResult:
    """The worker's answer (graph/worker.py): a first line naming its kind and how many rows the
    query gave, then the rows sent, as pyoxigraph terms (converted to rdflib terms when read)."""
    first, _newline, body = out.partition(b"\n")
    kind, total = first.decode("ascii").split()
    if kind == "CONSTRUCT":
        triples = [(t.subject, t.predicate, t.object) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        return QueryResult.from_ox(["subject", "predicate", "object"], triples, "CONSTRUCT", total=int(total))
    result = solutions(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    if result.kind != "ASK" and int(total) >= 0:  # -1: the whole answer was sent
        result.total = int(total)
    return result


def _worker_error(sparql: str, code: int, stderr: str, max_memory_mb: int | None) -> QueryError:
    """The QueryError for a worker that failed: the query's own error, or the memory cap."""
    if code == worker.QUERY_ERROR:
        reported = json.loads(stderr)
        kind, message = reported["kind"], reported["message"]
        return _ox_error(sparql, SyntaxError(message) if kind == "syntax" else RuntimeError(message))
    if "memory allocation" in stderr or "MemoryError" in stderr or code == -signal.SIGABRT:
        return QueryError(
            f"query stopped: it needed more than {max_memory_mb} MB of memory "
            "(fupin query --max-memory raises the cap)"
        )
    last = stderr.strip().splitlines()[-1:] or [f"exit code {code}"]
    return QueryError(f"the query process failed: {last[0]}")


def query_store(
    store: ox.Store | FrozenStore,
    sparql: str,
    bindings: dict[str, Node],
    *,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """`sparql` on an Oxigraph store over the union of its graphs (no timeout: see `run`), the page
    `limit`/`offset` kept as pyoxigraph terms and the other rows only counted. On a FrozenStore a
    page of a query that declares its page key comes from the key index (graph/pages.py)."""
    substitutions = {ox.Variable(k): _to_ox(v) for k, v in bindings.items()}
    try:
        if isinstance(store, FrozenStore):
            if limit is not None:
                found = keyed_page(store, sparql, substitutions, limit, offset)
                if found is not None:
                    return found
            store = store.store
        answer = store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)
        return solutions(answer, limit=limit, offset=offset)
    except (SyntaxError, OSError, RuntimeError, ValueError, TypeError) as exc:
        raise _ox_error(sparql, exc) from exc


def _ox_error(sparql: str, exc: Exception) -> QueryError:
    """Oxigraph's error as a QueryError: a syntax error with its line and caret."""
    if isinstance(exc, SyntaxError):
        found = _OX_POSITION.match(str(exc))
        if found:
            return syntax_error(sparql, int(found[1]), int(found[2]), found[3])
        return QueryError(f"malformed query: {exc}")
    hint = " (Oxigraph binds only variables the SELECT projects)" if "projection" in str(exc) else ""
    return QueryError(f"{exc}{hint}")


def _run_rdflib(sparql: str, graph_path: Path, bindings: dict[str, Node]) -> QueryResult:
    try:
        from fupin.graph.store import load_graph

        loaded = load_graph(graph_path)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise QueryError(f"cannot load graph {graph_path}: {exc}") from exc
    return query_graph(loaded, sparql, bindings)


def cut_page(result: QueryResult, limit: int | None, offset: int) -> QueryResult:
    """`result` with only rows offset … offset+limit kept (`total` still counts them all); an ASK
    answer as it is. For engines that give every row at once (rdflib, a remote endpoint)."""
    if result.kind == "ASK" or (limit is None and not offset):
        return result
    total = result.total
    end = None if limit is None else offset + limit
    result.rows = result.rows[offset:end]
    result.total = total
    return result


def query_graph(graph: Graph, sparql: str, bindings: dict[str, Node]) -> QueryResult:
    """`sparql` on an rdflib Graph or Dataset, over the union of a Dataset's graphs."""
    from pyparsing import ParseException
    from rdflib import Literal, Variable

    union = getattr(graph, "default_union", None)
    if union is not None:
        graph.default_union = True
    try:
        answer = graph.query(sparql, initBindings={Variable(k): v for k, v in bindings.items()})
        if answer.type == "ASK":
            return QueryResult(["ask"], [(Literal(bool(answer.askAnswer)),)], kind="ASK")
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(
                ["subject", "predicate", "object"], [tuple(t) for t in answer], kind="CONSTRUCT"
            )
        columns = [str(v) for v in answer.vars or []]
        return QueryResult(columns, [tuple(row) for row in answer])
    except ParseException as exc:
        raise syntax_error(sparql, exc.lineno, exc.col, exc.msg) from exc
    except Exception as exc:  # rdflib's evaluator raises unrelated types
        raise QueryError(str(exc)) from exc
    finally:
        if union is not None:
            graph.default_union = union


def run(
    sparql: str,
    graph_path: str | Path,
    engine: str = "oxigraph",
    bindings: dict[str, Node] | None = None,
    timeout_s: float = 30,
    persist: bool = True,
    max_memory_mb: int | None = MAX_MEMORY_MB,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run `sparql` over the union of all graphs in `graph_path`, with variables bound to RDF terms;
    only rows offset … offset+limit of the answer are kept (`total` counts them all).

    Oxigraph answers from the store persisted beside the graph file (see `store_location`) unless
    `persist` is False, in a child process that is killed after `timeout_s` and may use at most
    `max_memory_mb` of memory (None: no cap); either limit gives a QueryError that says so.
    rdflib parses the file into memory on every call, in this process: it cannot be interrupted, so
    a query that outlives `timeout_s` is abandoned (its daemon thread ends with the process).
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    path = Path(graph_path)
    if path.suffix.lower() not in FORMATS:
        raise QueryError(f"unknown graph format {path.suffix!r}; use one of {', '.join(FORMATS)}")
    bound = _checked(sparql, bindings)
    _check_page(limit, offset)
    if engine == "oxigraph":
        found = _run_oxigraph(sparql, path, bound, persist, timeout_s, max_memory_mb, limit, offset)
        return canonical_numbers(found)
    return _in_thread(lambda: cut_page(_run_rdflib(sparql, path, bound), limit, offset), timeout_s)


def run_on(
    sparql: str,
    data: Graph | ox.Store | FrozenStore,
    bindings: dict[str, Node] | None = None,
    timeout_s: float = 30,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """`run` on a graph in memory: an rdflib Graph or Dataset (rdflib's engine) or an Oxigraph Store.

    This is the fast path: an Oxigraph Store is queried in this process, with no store to open and
    no child to start, and only the page `limit`/`offset` becomes terms. A FrozenStore (a Store the
    process will not change) answers each page of a paged query in milliseconds after the first
    (graph/pages.py)."""
    bound = _checked(sparql, bindings)
    _check_page(limit, offset)
    if isinstance(data, (ox.Store, FrozenStore)):
        return _in_thread(lambda: query_store(data, sparql, bound, limit=limit, offset=offset), timeout_s)
    from rdflib import Graph

    if isinstance(data, Graph):
        return _in_thread(lambda: cut_page(query_graph(data, sparql, bound), limit, offset), timeout_s)
    raise QueryError(
        f"cannot query a {type(data).__name__}: give an rdflib Graph or Dataset, a pyoxigraph Store "
        "or a FrozenStore"
    )


def page_limit(sparql: str, limit: int | None, all_rows: bool = False) -> int | None:
    """The rows to keep of an answer: `limit` when one is given, every row when `all_rows`, else the
    page the query's header declares (`# page: 100`; none: every row). One rule for `fupin query`
    and `fupin.query`."""
    if limit is not None or all_rows:
        return limit
    return page_size(sparql)


def _check_page(limit: int | None, offset: int) -> None:
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError(f"a page needs limit ≥ 0 and offset ≥ 0 (got limit={limit}, offset={offset})")


def _checked(sparql: str, bindings: dict[str, Node] | None) -> dict[str, Node]:
    if bindings:
        from rdflib import BNode, Literal, URIRef

        for key, value in bindings.items():
            if not isinstance(value, (URIRef, BNode, Literal)):
                raise QueryError(
                    f"parameter ?{key} must be an RDF term (URIRef, Literal, BNode), not {value!r}"
                )
    check_request(sparql, bindings or {})
    return dict(bindings or {})


def _in_thread(job, timeout_s: float) -> QueryResult:
    """`job()`'s result with numbers in canonical form, or QueryError when it outlives `timeout_s`."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = canonical_numbers(job())
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="fupin-query", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        raise QueryError(f"query did not finish within {timeout_s:g} s")
    if "error" in outcome:
        error = outcome["error"]
        raise error if isinstance(error, QueryError) else QueryError(str(error)) from error
    return outcome["result"]
