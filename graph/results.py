"""Query answers: the QueryResult table, numbers in one canonical form, text tables and W3C formats.

Results come back as rdflib terms whichever engine ran them, with numbers in one canonical form
(rdflib computes MAX of decimals as 7129.0, Oxigraph as 7129: both print 7129). An Oxigraph answer
keeps its pyoxigraph terms and converts a row to rdflib terms only when `rows` is read: making an
rdflib Literal costs ~20 µs, which is 8 s for the 73,197 rows × 6 columns of query 07, while the text
table and the W3C formats read the pyoxigraph terms directly. Machine formats are the W3C SPARQL 1.1
results formats (JSON, XML, CSV, TSV), written by pyoxigraph's serializers. rdflib is imported only
when rdflib terms are made or read (rdflib's own engine, `rows`, a cell whose text rdflib would
normalise): an Oxigraph answer printed by a one-shot `fupin query` never pays for its import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from fupin.graph import worker
from fupin.graph.prefixes import NAMESPACES, compact

if TYPE_CHECKING:
    from rdflib.term import Node

FORMATS_OUT = ("table", "json", "xml", "csv", "tsv")
_OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_XSD = NAMESPACES["xsd"]
_OX_INTEGERS = frozenset(
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
        "unsignedByte",
    )
)  # fmt: skip
_OX_DECIMAL = _XSD + "decimal"
_OX_BOOLEAN = _XSD + "boolean"
# Literals whose text reads the same in rdflib as in Oxigraph (rdflib normalises the lexical form of
# other datatypes, so those cells go through rdflib to read the same): strings, and the forms below
# that rdflib's normalisation gives back unchanged (a valid date's ISO form; gYear, which it keeps).
_OX_AS_IS = frozenset({_XSD + "string", NAMESPACES["rdf"] + "langString"})
_SAME_IN_RDFLIB = {
    _OX_BOOLEAN: re.compile(r"true|false"),
    _XSD + "gYear": re.compile(r"\d{4}"),
}
_XSD_DATE = _XSD + "date"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class QueryError(Exception):
    """A query that cannot run: unknown name, malformed SPARQL, unreadable graph, or a timeout."""


class QueryResult:
    """A table: column names and rows of rdflib terms (None where a variable is unbound).

    `kind` is the query form: SELECT, ASK (one row, column "ask") or CONSTRUCT (subject, predicate,
    object rows; DESCRIBE too). `total` is the number of rows the query gave before a page was cut
    from them (`limit`/`offset`); it equals len(rows) for a whole answer. A result made from
    pyoxigraph terms (`from_ox`) converts them to rdflib terms on first reading of `rows`."""

    def __init__(
        self,
        columns: Sequence[str],
        rows: Iterable[tuple[Node | None, ...]] | None = None,
        kind: str = "SELECT",
        *,
        total: int | None = None,
    ) -> None:
        self.columns = list(columns)
        self._rows: list[tuple[Node | None, ...]] | None = list(rows or [])
        self._ox: list[tuple[Any, ...]] | None = None
        self.kind = kind
        self.total = len(self._rows) if total is None else total

    @classmethod
    def from_ox(
        cls,
        columns: Sequence[str],
        rows: list[tuple[Any, ...]],
        kind: str = "SELECT",
        *,
        total: int | None = None,
    ) -> QueryResult:
        """A result over pyoxigraph terms, numbers canonical once converted (see `canonical_number`)."""
        result = cls(columns, kind=kind, total=len(rows) if total is None else total)
        result._rows, result._ox = None, rows
        return result

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        if self._rows is None:
            self._rows = [tuple(canonical_number(from_ox(t)) for t in row) for row in self._ox or []]
            self._ox = None
        return self._rows

    @rows.setter
    def rows(self, rows: Iterable[tuple[Node | None, ...]]) -> None:
        whole = self.total == len(self)  # not a page: the count follows the rows
        self._rows, self._ox = list(rows), None
        if whole:
            self.total = len(self._rows)

    def cells(self) -> list[list[str]]:
        """Each row as the text a table shows (see `cell`), read from pyoxigraph terms when it has them."""
        if self._ox is not None:
            return [[ox_cell(t) for t in row] for row in self._ox]
        return [[cell(v) for v in row] for row in self.rows]

    def __len__(self) -> int:
        return len(self._ox) if self._ox is not None else len(self.rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        return (self.columns, self.kind, self.rows, self.total) == (
            other.columns,
            other.kind,
            other.rows,
            other.total,
        )

    def __repr__(self) -> str:
        return f"QueryResult(columns={self.columns!r}, rows={len(self)} rows, kind={self.kind!r})"


def from_ox(term: Any) -> Node | None:
    """A pyoxigraph term (or None) as the rdflib term."""
    from rdflib import BNode, Literal, URIRef

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


def canonical_number(term: Node | None) -> Node | None:
    """An xsd:integer or xsd:decimal literal in one canonical lexical form (7129.0 → 7129, 0.50 →
    0.5), so the same value reads the same whichever engine computed it; other terms as they are."""
    from rdflib import Literal

    if not isinstance(term, Literal) or term.datatype is None:
        return term
    datatype = str(term.datatype)
    if datatype in _OX_INTEGERS:
        text = _canonical_integer(str(term))
        return term if text is None else Literal(text, datatype=term.datatype)
    if datatype == _OX_DECIMAL:
        text = _canonical_decimal(str(term))
        return term if text is None else Literal(text, datatype=term.datatype)
    return term


def _canonical_integer(text: str) -> str | None:
    try:
        return str(int(text))
    except ValueError:
        return None


def _canonical_decimal(text: str) -> str | None:
    """The text `fupin.graph.build.decimal_literal` gives (no exponent, no trailing zeros)."""
    from decimal import Decimal, InvalidOperation

    try:
        out = format(Decimal(text).normalize(), "f")
    except InvalidOperation:
        return None
    if "." in out:
        out = out.rstrip("0").rstrip(".")
    return "0" if out in ("-0", "") else out


def canonical_numbers(result: QueryResult) -> QueryResult:
    """`result` with every number in canonical form (see `canonical_number`); a result over
    pyoxigraph terms is canonical already (it converts on reading)."""
    if result._ox is None:
        result.rows = [tuple(canonical_number(v) for v in row) for row in result.rows]
    return result


def cell(term: Node | None) -> str:
    """How a term reads in a table: literals as their text, IRIs with the project prefixes."""
    from rdflib import URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term))
    return str(term)


def ox_cell(term: Any) -> str:
    """`cell` of a pyoxigraph term, without making the rdflib term where the text is the same."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language or datatype in _OX_AS_IS or _same_in_rdflib(term.value, datatype):
            return term.value
        canonical = _ox_canonical(term.value, datatype)
        if canonical is not None:
            return canonical
    return cell(canonical_number(from_ox(term)))


def _same_in_rdflib(text: str, datatype: str) -> bool:
    """Whether rdflib would read this literal's text back unchanged (so `ox_cell` need not ask it)."""
    if datatype == _XSD_DATE:
        if not _ISO_DATE.fullmatch(text):
            return False
        try:
            return date.fromisoformat(text).isoformat() == text
        except ValueError:  # not a day of the calendar: rdflib says so on stderr, so it is asked
            return False
    form = _SAME_IN_RDFLIB.get(datatype)
    return form is not None and form.fullmatch(text) is not None


def _ox_canonical(text: str, datatype: str) -> str | None:
    if datatype in _OX_INTEGERS:
        return _canonical_integer(text)
    if datatype == _OX_DECIMAL:
        return _canonical_decimal(text)
    return None


def text_table(result: QueryResult, *, full: bool = False) -> str:
    """`result` as an aligned table for people (prefixed IRIs, long cells cut unless `full`); a page
    of a longer answer says which rows it shows."""
    from fupin.graph.table import render_table  # rich: only a table for people needs it

    body = render_table(result.columns, result.cells(), full=full)
    count = len(result)
    if result.total != count:
        return f"{body}\n({count} row{'s' if count != 1 else ''} of {result.total})"
    return f"{body}\n({count} row{'s' if count != 1 else ''})"


def _json_term(term: Node | None) -> dict[str, str] | None:
    """A term as a SPARQL JSON results cell."""
    from rdflib import BNode, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _json_ox(term: Any) -> dict[str, str] | None:
    """A pyoxigraph term as a SPARQL JSON results cell, numbers canonical."""
    if term is None:
        return None
    cell = worker.cell(term)
    if "datatype" in cell:
        canonical = _ox_canonical(term.value, cell["datatype"])
        if canonical is not None:
            cell["value"] = canonical
    return cell


def json_cell(term: Node) -> dict[str, str]:
    """A term as a SPARQL JSON results cell (how bindings travel to the worker)."""
    out = _json_term(term)
    assert out is not None
    return out


def results_json(result: QueryResult) -> bytes:
    """`result` as SPARQL JSON results: ASK as a boolean, other kinds as a table (a CONSTRUCT's triples
    as subject, predicate, object rows)."""
    if result.kind == "ASK":
        if result._ox is not None:
            answer = bool(result._ox) and result._ox[0][0].value == "true"
        else:
            answer = bool(result.rows and result.rows[0][0].toPython())
        return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    if result._ox is not None:
        rows, term = result._ox, _json_ox
    else:
        rows, term = result.rows, _json_term
    bindings = [
        {c: cell for c, cell in zip(result.columns, map(term, row), strict=True) if cell is not None}
        for row in rows
    ]
    return json.dumps({"head": {"vars": result.columns}, "results": {"bindings": bindings}}).encode("utf-8")


def serialize_results(result: QueryResult, fmt: str) -> bytes:
    """`result` in a W3C SPARQL 1.1 results format (json, xml, csv, tsv), written by pyoxigraph's
    serializer. A CONSTRUCT result is written as the table of its triples (subject, predicate, object)."""
    if fmt not in _OX_RESULTS:
        raise ValueError(f"unknown results format {fmt!r}; use one of {', '.join(_OX_RESULTS)}")
    parsed = ox.parse_query_results(results_json(result), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_OX_RESULTS[fmt])


def format_table(result: QueryResult, fmt: str = "table", *, full: bool = False) -> str:
    """`result` as an aligned text table for people (prefixed IRIs), or in a W3C results format for
    programs (full IRIs, typed literals; see `serialize_results`)."""
    if fmt == "table":
        return text_table(result, full=full)
    if fmt in _OX_RESULTS:
        return serialize_results(result, fmt).decode("utf-8")
    raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS_OUT)}")


def solutions(
    answer: Any, *, limit: int | None = None, offset: int = 0, total: int | None = None
) -> QueryResult:
    """Oxigraph's lazy answer read into a QueryResult (evaluation errors surface here), keeping only
    rows offset … offset+limit as terms; the others are counted, never converted. `total`: the count
    of the answer this one is a part of (graph/pages.py), instead of this one's."""
    if isinstance(answer, ox.QueryBoolean):
        verdict = ox.Literal("true" if answer else "false", datatype=ox.NamedNode(_OX_BOOLEAN))
        return QueryResult.from_ox(["ask"], [(verdict,)], kind="ASK")
    if isinstance(answer, ox.QueryTriples):
        kept, counted = page(answer, lambda t: (t.subject, t.predicate, t.object), limit=limit, offset=offset)
        return QueryResult.from_ox(["subject", "predicate", "object"], kept, "CONSTRUCT", total=counted)
    columns = [v.value for v in answer.variables]
    width = range(len(columns))
    kept, counted = page(answer, lambda s: tuple(s[i] for i in width), limit=limit, offset=offset)
    return QueryResult.from_ox(columns, kept, total=counted if total is None else total)


def page(
    rows: Iterable[Any], make: Callable[[Any], Any], *, limit: int | None = None, offset: int = 0
) -> tuple[list[Any], int]:
    """(`make` of rows offset … offset+limit, how many rows there were in all): rows outside the page
    are only counted."""
    kept: list[Any] = []
    total = 0
    end = None if limit is None else offset + limit
    for row in rows:
        if total >= offset and (end is None or total < end):
            kept.append(make(row))
        total += 1
    return kept, total
