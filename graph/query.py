"""Named SPARQL queries (queries/*.rq), run locally on Oxigraph or rdflib, printed for people.

Oxigraph queries run on a store persisted next to the graph file (`kg.ttl` → `kg.ttl.oxigraph/`), so
only the first query after a build pays for parsing: at 10^7 triples loading takes ~30 s, opening the
store milliseconds. The store is keyed by the graph file's SHA-256 (found again from its inode, size
and mtime without rehashing), built in a temporary folder and renamed into place, so a reader never
opens half a store and a changed graph file is never answered from a stale one.

Parameters are bound as RDF terms through each engine's own mechanism (Oxigraph's substitutions,
rdflib's initBindings), never pasted into the query text, so a county name or IRI can never change
what a query means. Results come back as rdflib terms whichever engine ran them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.term import Node

from fupin.graph.store import FORMATS, format_for, load_graph, lock_entry, remove_stale
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


class QueryError(Exception):
    """A query that cannot run: unknown name, malformed SPARQL, unreadable graph, or a timeout."""


@dataclass
class QueryResult:
    """A table: column names and rows of rdflib terms (None where a variable is unbound)."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)


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
    store = open_store(graph_path, persist=persist)
    substitutions = {ox.Variable(k): _to_ox(v) for k, v in bindings.items()}
    try:
        answer = store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)
        return _collect(answer)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        hint = " (Oxigraph binds only variables the SELECT projects)" if "projection" in str(exc) else ""
        raise QueryError(f"query failed: {exc}{hint}") from exc


def _collect(answer: Any) -> QueryResult:
    """Oxigraph's lazy answer read into a QueryResult (evaluation errors surface here)."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(["ask"], [(Literal(bool(answer)),)])
    if isinstance(answer, ox.QueryTriples):
        rows = [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in answer]
        return QueryResult(["subject", "predicate", "object"], rows)
    columns = [v.value for v in answer.variables]
    return QueryResult(columns, [tuple(_from_ox(s[c]) for c in columns) for s in answer])


def _run_rdflib(sparql: str, graph_path: Path, bindings: dict[str, Node]) -> QueryResult:
    try:
        loaded = load_graph(graph_path)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise QueryError(f"cannot load graph {graph_path}: {exc}") from exc
    loaded.default_union = True
    try:
        answer = loaded.query(sparql, initBindings={Variable(k): v for k, v in bindings.items()})
        if answer.type == "ASK":
            return QueryResult(["ask"], [(Literal(bool(answer.askAnswer)),)])
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(["subject", "predicate", "object"], [tuple(t) for t in answer])
        columns = [str(v) for v in answer.vars or []]
        return QueryResult(columns, [tuple(row) for row in answer])
    except Exception as exc:  # pyparsing and rdflib's evaluator raise unrelated types
        raise QueryError(f"query failed: {exc}") from exc


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
    for key, value in (bindings or {}).items():
        if not isinstance(value, (URIRef, BNode, Literal)):
            raise QueryError(f"parameter ?{key} must be an RDF term (URIRef, Literal, BNode), not {value!r}")
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            if engine == "oxigraph":
                outcome["result"] = _run_oxigraph(sparql, path, dict(bindings or {}), persist)
            else:
                outcome["result"] = _run_rdflib(sparql, path, dict(bindings or {}))
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


def cell(term: Node | None) -> str:
    """How a term reads in a table: literals as their text, IRIs with the project prefixes."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term))
    return str(term)


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: CJK wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _table(columns: Sequence[str], rows: list[list[str]]) -> str:
    widths = [max([display_width(c)] + [display_width(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(v, w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def format_table(result: QueryResult, fmt: str = "table") -> str:
    """`result` as an aligned text table for people (prefixed IRIs), or CSV / JSON for programs
    (full IRIs; JSON is a list of objects with unbound cells as null)."""
    if fmt == "table":
        return _table(result.columns, [[cell(v) for v in row] for row in result.rows])
    rows = [["" if v is None else str(v) for v in row] for row in result.rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "json":
        objects = [
            {c: (None if v is None else str(v)) for c, v in zip(result.columns, row, strict=True)}
            for row in result.rows
        ]
        return json.dumps(objects, ensure_ascii=False, indent=1)
    raise ValueError(f"unknown output format {fmt!r}; use table, csv or json")
