"""Named SPARQL queries (queries/*.rq), run locally on Oxigraph or rdflib, printed for people.

Oxigraph queries run on a store persisted next to the graph file (`kg.ttl` → `kg.ttl.oxigraph/`), so
only the first query after a build pays for parsing: at 10^7 triples loading takes ~30 s, opening the
store milliseconds. The store is keyed by the graph file's SHA-256 (found again from its inode, size
and mtime without rehashing), built in a temporary folder and renamed into place, so a reader never
opens half a store and a changed graph file is never answered from a stale one.

Parameters are bound as RDF terms through each engine's own mechanism (Oxigraph's substitutions,
rdflib's initBindings), never pasted into the query text, so a county name or IRI can never change
what a query means. A parameter the query does not take is refused on both engines (rdflib would
ignore it, Oxigraph reject it), and so is a SPARQL update: this is a read-only tool.

Results come back as rdflib terms whichever engine ran them, with numbers in one canonical form
(rdflib computes MAX of decimals as 7129.0, Oxigraph as 7129: both print 7129). Machine formats are
the W3C SPARQL 1.1 results formats (JSON, XML, CSV, TSV), written by pyoxigraph's serializers.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import threading
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef, Variable
from rdflib.term import Node

from fupin.graph.store import FORMATS, format_for, load_graph, lock_entry, remove_stale
from fupin.graph.table import cell_width, render_table
from fupin.graph.vocab import compact

ENGINES = ("oxigraph", "rdflib")
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_TITLE = re.compile(r"^#\s*title:\s*(.+)$", re.MULTILINE)
_PARAM = re.compile(r"^#\s*param:\s*\?(\w+)", re.MULTILINE)
_PARAM_LINE = re.compile(r"^#\s*param:\s*\?(\w+)\s*(.*)$", re.MULTILINE)
_VARIABLE = re.compile(r"[?$](\w+)")
# A request's first keyword after its prologue (comments, BASE, PREFIX): an update's is one of these.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>)*", re.IGNORECASE)
_UPDATE = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_OX_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
FORMATS_OUT = ("table", "json", "xml", "csv", "tsv")
_OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_INTEGERS = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}


class QueryError(Exception):
    """A query that cannot run: unknown name, malformed SPARQL, unreadable graph, or a timeout."""


@dataclass
class QueryResult:
    """A table: column names and rows of rdflib terms (None where a variable is unbound).

    `kind` is the query form: SELECT, ASK (one row, column "ask") or CONSTRUCT (subject, predicate,
    object rows; DESCRIBE too)."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    kind: str = "SELECT"


# ---------------------------------------------------------------- named queries


def named_queries() -> dict[str, Path]:
    """Every packaged query by its file stem (`01-workshop-counties`), in file-name order."""
    from fupin.resources import folder

    return {p.stem: p for p in sorted(folder("queries").glob("*.rq"))}


def _find(name: str) -> Path:
    queries = named_queries()
    if name in queries:
        return queries[name]
    hits = [p for stem, p in queries.items() if name in (stem.split("-", 1)[0], stem.split("-", 1)[-1])]
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(queries)
    raise QueryError(f"no query named {name!r}" + (" (ambiguous)" if hits else "") + f"; known: {known}")


def resolve(name_or_file: str | Path) -> tuple[str, str]:
    """(title, SPARQL text) of a named query (`01`, `workshop-counties`, `01-workshop-counties`) or a file."""
    path = Path(name_or_file)
    if not path.is_file():
        if path.suffix == ".rq" or len(path.parts) > 1:
            raise QueryError(f"query file not found: {path}")
        path = _find(str(name_or_file))
    sparql = path.read_text(encoding="utf-8")
    match = _TITLE.search(sparql)
    return (match.group(1).strip() if match else path.stem), sparql


def parameters(sparql: str) -> list[str]:
    """The variables a query's header declares as parameters (`# param: ?county …`)."""
    return _PARAM.findall(sparql)


def parameter_help(sparql: str) -> dict[str, str]:
    """Each declared parameter with what its header line says of it (`county`: "(optional) — …")."""
    return {name: text.strip() for name, text in _PARAM_LINE.findall(sparql)}


def parameter_term(name: str, value: str) -> Node:
    """A parameter's text as the RDF term it stands for: an IRI for http(s) values, for a six-digit
    county code (county=420304) and for an indicator notation (indicator=poverty-incidence), a plain
    literal otherwise."""
    from fupin.graph.build import county_iri

    if value.startswith(("http://", "https://")):
        return URIRef(value)
    if name == "county" and value.isdigit() and len(value) == 6:
        return county_iri(value)
    if name == "indicator" and re.fullmatch(r"[a-z][a-z0-9-]*", value):
        from fupin.graph.vocab import FPI

        return FPI[value]
    return Literal(value)


def check_request(sparql: str, bindings: dict[str, Node]) -> None:
    """Refuse, before any engine sees it, an update and a parameter the query does not take.

    A query that declares parameters (`# param: ?county`) takes those; any other query takes any
    variable it mentions."""
    body = sparql[_PROLOGUE.match(sparql).end() :]
    update = _UPDATE.match(body)
    if update:
        raise QueryError(
            f"updates are not run by fupin query (this request starts with {update.group(1).upper()}); "
            "it only reads the graph: run updates on a store of your own"
        )
    declared = parameters(sparql)
    allowed = declared or sorted(set(_VARIABLE.findall(sparql)))
    unknown = [name for name in bindings if name not in allowed]
    if unknown:
        takes = f"its parameters: {', '.join('?' + n for n in declared)}" if declared else "it has none"
        kind = "declares" if declared else "mentions"
        raise QueryError(
            f"unknown parameter {', '.join('?' + n for n in unknown)}: the query {kind} no such variable"
            + (f" ({takes})" if declared else "")
        )


def syntax_error(sparql: str, line: int, column: int, message: str) -> QueryError:
    """A malformed query's error: the position, the message, and the line with a caret under it."""
    lines = sparql.splitlines() or [""]
    if line > len(lines):
        where = "at the end of the query"
        line, column = len(lines), len(lines[-1]) + 1
    else:
        where = f"at line {line}, column {column}"
    text = lines[line - 1]
    caret = " " * cell_width(text[: max(column - 1, 0)]) + "^"
    return QueryError(f"malformed query {where}: {message.strip()}\n    {text}\n    {caret}")


# ---------------------------------------------------------------- running


def _to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}: not an RDF term")


def _from_ox(term: Any) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported result term {term!r}")


def load_store(graph_path: Path) -> ox.Store:
    """An in-memory Oxigraph store holding the file (its parser, not rdflib's: ~10× faster)."""
    store = ox.Store()
    try:
        store.bulk_load(path=str(graph_path), format=_OX_FORMATS[format_for(graph_path)])
    except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"cannot load graph {graph_path}: {exc}") from exc
    return store


STORE_SUFFIX = ".oxigraph"
_OPEN_STORES: dict[Path, ox.Store] = {}
_STORE_LOCK = threading.Lock()


def store_folder(graph_path: str | os.PathLike[str]) -> Path:
    """Where the persisted store of a graph file lives: beside it, `<name>.oxigraph/`."""
    path = Path(graph_path)
    return path.with_name(path.name + STORE_SUFFIX)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _graph_digest(graph_path: Path, folder: Path) -> str:
    """The graph file's SHA-256, remembered per (inode, size, mtime) so an unchanged file is not
    rehashed; a rewritten file (new inode or mtime, as every atomic write gives) is hashed again."""
    info = graph_path.stat()
    seen = folder / f"{info.st_ino}-{info.st_size}-{info.st_mtime_ns}.sha256"
    with suppress(OSError):
        digest = seen.read_text(encoding="ascii").strip()
        if len(digest) == 64:
            return digest
    digest = _sha256(graph_path)
    with suppress(OSError):
        _write_text_atomic(seen, digest)
    return digest


def _write_text_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".stamp.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _build_store(graph_path: Path, target: Path) -> None:
    """Load the graph into a new on-disk store at `target`, atomically: it is loaded in a temporary
    sibling folder and renamed, and a concurrent builder that got there first wins."""
    remove_stale(target.parent, ".building-*")  # stores of processes killed while loading
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".building-"))
    held = os.open(staging, os.O_RDONLY)
    try:
        lock_entry(held)
        store = ox.Store(str(staging))
        try:
            store.bulk_load(path=str(graph_path), format=_OX_FORMATS[format_for(graph_path)])
            store.flush()
        except (SyntaxError, RuntimeError, ValueError) as exc:
            raise QueryError(f"cannot load graph {graph_path}: {exc}") from exc
        finally:
            del store
        with suppress(FileExistsError, OSError):
            if not target.exists():
                os.rename(staging, target)
    finally:
        os.close(held)
        shutil.rmtree(staging, ignore_errors=True)


def _prune(folder: Path, keep: str) -> None:
    """Remove stores and stamps of earlier versions of the graph file (best effort)."""
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name == keep:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.suffix == ".sha256":
            with suppress(OSError):
                if entry.read_text(encoding="ascii").strip() != keep:
                    entry.unlink()


def open_store(graph_path: str | os.PathLike[str], *, persist: bool = True) -> ox.Store:
    """An Oxigraph store holding the graph file: the persisted one beside it (built on first use or
    when the file changed, then reused by every later call and process), or an in-memory store when
    `persist` is False or the folder is not writable."""
    path = Path(graph_path)
    if not persist:
        return load_store(path)
    folder = store_folder(path)
    try:
        folder.mkdir(exist_ok=True)
        digest = _graph_digest(path, folder)
    except OSError:
        return load_store(path)
    target = folder / digest
    with _STORE_LOCK:
        if target in _OPEN_STORES:
            return _OPEN_STORES[target]
        if not target.is_dir():
            try:
                _build_store(path, target)
            except OSError:
                return load_store(path)
            _prune(folder, digest)
        try:
            store = ox.Store.read_only(str(target))
        except OSError:
            return load_store(path)
        _OPEN_STORES[target] = store
        return store


def _run_oxigraph(
    sparql: str, graph_path: Path, bindings: dict[str, Node], persist: bool = True
) -> QueryResult:
    return query_store(open_store(graph_path, persist=persist), sparql, bindings)


def query_store(store: ox.Store, sparql: str, bindings: dict[str, Node]) -> QueryResult:
    """`sparql` on an Oxigraph store over the union of its graphs (no timeout: see `run`)."""
    substitutions = {ox.Variable(k): _to_ox(v) for k, v in bindings.items()}
    try:
        answer = store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)
        return _collect(answer)
    except SyntaxError as exc:
        found = _OX_POSITION.match(str(exc))
        if found:
            raise syntax_error(sparql, int(found[1]), int(found[2]), found[3]) from exc
        raise QueryError(f"malformed query: {exc}") from exc
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        hint = " (Oxigraph binds only variables the SELECT projects)" if "projection" in str(exc) else ""
        raise QueryError(f"{exc}{hint}") from exc


def _collect(answer: Any) -> QueryResult:
    """Oxigraph's lazy answer read into a QueryResult (evaluation errors surface here)."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(["ask"], [(Literal(bool(answer)),)], kind="ASK")
    if isinstance(answer, ox.QueryTriples):
        rows = [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in answer]
        return QueryResult(["subject", "predicate", "object"], rows, kind="CONSTRUCT")
    columns = [v.value for v in answer.variables]
    return QueryResult(columns, [tuple(_from_ox(s[c]) for c in columns) for s in answer])


def _run_rdflib(sparql: str, graph_path: Path, bindings: dict[str, Node]) -> QueryResult:
    try:
        loaded = load_graph(graph_path)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise QueryError(f"cannot load graph {graph_path}: {exc}") from exc
    return query_graph(loaded, sparql, bindings)


def query_graph(graph: Graph, sparql: str, bindings: dict[str, Node]) -> QueryResult:
    """`sparql` on an rdflib Graph or Dataset, over the union of a Dataset's graphs."""
    from pyparsing import ParseException

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
) -> QueryResult:
    """Run `sparql` over the union of all graphs in `graph_path`, with variables bound to RDF terms.

    Oxigraph answers from the store persisted beside the graph file (see `open_store`) unless
    `persist` is False; rdflib parses the file into memory on every call.

    Neither engine can be interrupted mid-query from Python, so a query that outlives `timeout_s`
    is abandoned (its daemon thread ends with the process) and QueryError is raised.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    path = Path(graph_path)
    if path.suffix.lower() not in FORMATS:
        raise QueryError(f"unknown graph format {path.suffix!r}; use one of {', '.join(FORMATS)}")
    bound = _checked(sparql, bindings)
    if engine == "oxigraph":
        return _in_thread(lambda: _run_oxigraph(sparql, path, bound, persist), timeout_s)
    return _in_thread(lambda: _run_rdflib(sparql, path, bound), timeout_s)


def run_on(
    sparql: str, data: Graph | ox.Store, bindings: dict[str, Node] | None = None, timeout_s: float = 30
) -> QueryResult:
    """`run` on a graph in memory: an rdflib Graph or Dataset (rdflib's engine) or an Oxigraph Store."""
    bound = _checked(sparql, bindings)
    if isinstance(data, ox.Store):
        return _in_thread(lambda: query_store(data, sparql, bound), timeout_s)
    if isinstance(data, Graph):
        return _in_thread(lambda: query_graph(data, sparql, bound), timeout_s)
    raise QueryError(
        f"cannot query a {type(data).__name__}: give an rdflib Graph or Dataset, or a pyoxigraph Store"
    )


def _checked(sparql: str, bindings: dict[str, Node] | None) -> dict[str, Node]:
    for key, value in (bindings or {}).items():
        if not isinstance(value, (URIRef, BNode, Literal)):
            raise QueryError(f"parameter ?{key} must be an RDF term (URIRef, Literal, BNode), not {value!r}")
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


# ---------------------------------------------------------------- printing


def canonical_number(term: Node | None) -> Node | None:
    """An xsd:integer or xsd:decimal literal in one canonical lexical form (7129.0 → 7129, 0.50 →
    0.5), so the same value reads the same whichever engine computed it; other terms as they are."""
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    if term.datatype in _INTEGERS:
        try:
            return Literal(str(int(str(term))), datatype=term.datatype)
        except ValueError:
            return term
    if term.datatype == XSD.decimal:
        from decimal import Decimal, InvalidOperation

        from fupin.graph.build import decimal_literal

        try:
            return decimal_literal(Decimal(str(term)))
        except InvalidOperation:
            return term
    return term


def canonical_numbers(result: QueryResult) -> QueryResult:
    """`result` with every number in canonical form (see `canonical_number`)."""
    result.rows = [tuple(canonical_number(v) for v in row) for row in result.rows]
    return result


def cell(term: Node | None) -> str:
    """How a term reads in a table: literals as their text, IRIs with the project prefixes."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term))
    return str(term)


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: CJK wide and fullwidth characters take two."""
    return cell_width(text)


def text_table(result: QueryResult, *, full: bool = False) -> str:
    """`result` as an aligned table for people (prefixed IRIs, long cells cut unless `full`)."""
    body = render_table(result.columns, [[cell(v) for v in row] for row in result.rows], full=full)
    count = len(result.rows)
    return f"{body}\n({count} row{'s' if count != 1 else ''})"


def _rdflib_results(result: QueryResult):
    from rdflib.query import Result

    if result.kind == "ASK":
        answer = Result("ASK")
        answer.askAnswer = bool(result.rows and result.rows[0][0].toPython())
        return answer
    answer = Result("SELECT")  # a CONSTRUCT's triples too, as a table of three columns
    answer.vars = [Variable(c) for c in result.columns]
    answer.bindings = [
        {Variable(c): v for c, v in zip(result.columns, row, strict=True) if v is not None}
        for row in result.rows
    ]
    return answer


def serialize_results(result: QueryResult, fmt: str) -> bytes:
    """`result` in a W3C SPARQL 1.1 results format (json, xml, csv, tsv), written by pyoxigraph's
    serializer. A CONSTRUCT result is written as the table of its triples (subject, predicate, object)."""
    if fmt not in _OX_RESULTS:
        raise ValueError(f"unknown results format {fmt!r}; use one of {', '.join(_OX_RESULTS)}")
    bridge = _rdflib_results(result).serialize(format="json")
    parsed = ox.parse_query_results(bridge, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_OX_RESULTS[fmt])


def format_table(result: QueryResult, fmt: str = "table", *, full: bool = False) -> str:
    """`result` as an aligned text table for people (prefixed IRIs), or in a W3C results format for
    programs (full IRIs, typed literals; see `serialize_results`)."""
    if fmt == "table":
        return text_table(result, full=full)
    if fmt in _OX_RESULTS:
        return serialize_results(result, fmt).decode("utf-8")
    raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS_OUT)}")
