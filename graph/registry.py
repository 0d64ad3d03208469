"""The named queries (queries/*.rq): found by name, read with their titles and declared parameters,
and requests checked before any engine sees them.

Parameters are bound as RDF terms through each engine's own mechanism (Oxigraph's substitutions,
rdflib's initBindings), never pasted into the query text, so a county name or IRI can never change
what a query means. A parameter the query does not take is refused on both engines (rdflib would
ignore it, Oxigraph reject it), and so is a SPARQL update: this is a read-only tool.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from fupin.graph.results import QueryError

if TYPE_CHECKING:
    from rdflib.term import Node

_TITLE = re.compile(r"^#\s*title:\s*(.+)$", re.MULTILINE)
_PARAM = re.compile(r"^#\s*param:\s*\?(\w+)", re.MULTILINE)
_PARAM_LINE = re.compile(r"^#\s*param:\s*\?(\w+)\s*(.*)$", re.MULTILINE)
_PAGE = re.compile(r"^#\s*page:\s*(\d+)", re.MULTILINE)
_VARIABLE = re.compile(r"[?$](\w+)")
# A request's first keyword after its prologue (comments, BASE, PREFIX): an update's is one of these.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>)*", re.IGNORECASE)
_UPDATE = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


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


def page_size(sparql: str) -> int | None:
    """The rows a query's header says to show by default (`# page: 100`), or None: every row.

    A named query whose answer grows with the graph (every fact's evidence) declares a page, so that
    `fupin query`, `fupin.query` and the examples of `fupin serve` answer with its first rows and
    the count of all of them; asking for every row is then an explicit choice."""
    match = _PAGE.search(sparql)
    return int(match.group(1)) if match else None


def parameter_help(sparql: str) -> dict[str, str]:
    """Each declared parameter with what its header line says of it (`county`: "(optional) — …")."""
    return {name: text.strip() for name, text in _PARAM_LINE.findall(sparql)}


def parameter_term(name: str, value: str) -> Node:
    """A parameter's text as the RDF term it stands for: an IRI for http(s) values, for a six-digit
    county code (county=420304) and for an indicator notation (indicator=poverty-incidence), a plain
    literal otherwise."""
    from rdflib import Literal, URIRef

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
    from fupin.graph.table import cell_width

    lines = sparql.splitlines() or [""]
    if line > len(lines):
        where = "at the end of the query"
        line, column = len(lines), len(lines[-1]) + 1
    else:
        where = f"at line {line}, column {column}"
    text = lines[line - 1]
    caret = " " * cell_width(text[: max(column - 1, 0)]) + "^"
    return QueryError(f"malformed query {where}: {message.strip()}\n    {text}\n    {caret}")
