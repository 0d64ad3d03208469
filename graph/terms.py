"""The two spellings of the terms a report's graph is made of: rdflib nodes, or N-Triples text.

`fupin.graph.build` writes a report through one set of mapping functions, and they build every term
through a `Terms`: `RDF_TERMS` gives rdflib nodes for an rdflib Graph (JSON-LD, the library's
Dataset), `LINE_TERMS` gives each term already in N-Triples syntax, so a streamed build makes
no rdflib objects at all and a triple is a line by joining three strings. A line-terms text is,
byte for byte, what `fupin.graph.writer.term` writes for the rdflib node of the same term: the
typed literals of small vocabularies (offsets, years) are rendered from their rdflib node once per
value, so their lexical forms are rdflib's by construction; decimals are their canonical text
(`decimal_term`), and strings and IRIs are quoted by the writer's own `_quoted`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import Literal, URIRef

from fupin.graph.vocab import DCTERMS, FP, FPD, FPI, FPM, FPU, RDF, RDFS, XSD
from fupin.graph.writer import _quoted, term

ZH = "zh"


@lru_cache(maxsize=65536, typed=True)
def integer_literal(value: int) -> Literal:
    """xsd:integer, one term per value: every evidence node states two to four offsets, and making an
    rdflib Literal checks and converts its value each time."""
    return Literal(value, datatype=XSD.integer)


@lru_cache(maxsize=1024)
def plain_literal(text: str) -> Literal:
    """A plain string literal of a small vocabulary (rule names), made once per text."""
    return Literal(text)


@lru_cache(maxsize=65536, typed=True)
def decimal_text(value: Decimal | float | int) -> str:
    """The canonical form of an xsd:decimal (no exponent, no trailing zeros): 1.63E+5 -> "163000".
    A pure function of the value: an observation's identity holds it, and making the rdflib literal
    to read it back was a tenth of rendering a report (`decimal_literal` caches the literal)."""
    text = format(Decimal(str(value)).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


@lru_cache(maxsize=8192, typed=True)
def decimal_literal(value: Decimal | float | int) -> Literal:
    """xsd:decimal in canonical form (`decimal_text`). Cached: confidences and figures repeat."""
    return Literal(decimal_text(value), datatype=XSD.decimal)


@lru_cache(maxsize=65536, typed=True)
def decimal_term(value: Decimal | float | int) -> str:
    """`decimal_literal` as N-Triples text, the literal unmade: its lexical form is `decimal_text`,
    which rdflib keeps as given (the tests pin it). Figures hardly repeat from report to report, so
    most come here once, and making their rdflib literal was a hundredth of a build."""
    return f'"{decimal_text(value)}"^^<{XSD.decimal}>'


def year_literal(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def date_literal(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


class RdfTerms:
    """Terms as rdflib nodes, for an rdflib Graph."""

    FP, FPD, FPI, FPM, FPU, RDF, RDFS, DCTERMS = FP, FPD, FPI, FPM, FPU, RDF, RDFS, DCTERMS
    true: Any = Literal(True)

    @staticmethod
    def iri(iri: str) -> Any:
        return URIRef(iri)

    @staticmethod
    def text(text: str) -> Any:
        return Literal(text)

    @staticmethod
    def zh(text: str) -> Any:
        return Literal(text, lang=ZH)

    integer = staticmethod(integer_literal)
    rule = staticmethod(plain_literal)
    decimal = staticmethod(decimal_literal)
    year = staticmethod(year_literal)
    date = staticmethod(date_literal)


class LineNamespace:
    """A namespace whose terms are N-Triples IRIs: `NS.name` for each of its `names`, made once as a
    plain attribute, and `NS[name]` (instance IRIs, each used a few times) made on each call.

    There is no `__getattr__` making other names on demand: a class that has one makes every
    attribute read a call through it, which Python 3.11 cannot specialise, and the mapping functions
    read some forty names a fact (a tenth of rendering a report). `WRITTEN` lists the names they
    use (tests/graph/test_terms.py checks it against fupin.graph.build)."""

    def __init__(self, base: object, names: Iterable[str] = ()) -> None:
        self._base = str(base)
        for name in names:
            setattr(self, name, f"<{self._base}{name}>")

    def __getitem__(self, name: str) -> str:
        return f"<{self._base}{name}>"


WRITTEN: dict[str, tuple[str, ...]] = {
    "FP": (
        "Achieved",
        "County",
        "Enterprise",
        "Evidence",
        "ExitApproval",
        "Intervention",
        "Observation",
        "Person",
        "Position",
        "Program",
        "PublicationYear",
        "Prefecture",
        "Province",
        "Report",
        "StatedYear",
        "Target",
        "Township",
        "Village",
        "about",
        "approximate",
        "attestedYear",
        "author",
        "confidence",
        "county",
        "cumulative",
        "divisionCode",
        "end",
        "evidence",
        "exitDate",
        "figureEnd",
        "figureStart",
        "formerNameUsed",
        "hasPart",
        "holder",
        "indicator",
        "measure",
        "measureDetail",
        "mergeReason",
        "nameKey",
        "partOf",
        "partner",
        "place",
        "precision",
        "publicationDate",
        "quote",
        "referencePeriodEnd",
        "referencePeriodStart",
        "referenceYear",
        "role",
        "rule",
        "sharePercent",
        "source",
        "sourceFile",
        "start",
        "status",
        "subjectReason",
        "subjectRule",
        "targetYear",
        "textSha256",
        "title",
        "unit",
        "value",
        "yearBasis",
    ),
    "RDF": ("type",),
    "RDFS": ("label",),
    "DCTERMS": ("title",),
}
"""The names of each `LineTerms` namespace that `fupin.graph.build` reads (the county names too, which
it writes in rdflib terms)."""


def _rendered(make: Any) -> Any:
    """`make`'s rdflib literal as N-Triples text, once per value (the values are few and repeat)."""
    return lru_cache(maxsize=65536, typed=True)(lambda value: term(make(value)))


class LineTerms:
    """Terms as N-Triples text, for `fupin.graph.writer.LineGraph`."""

    FP, FPD, FPI, FPM = (
        LineNamespace(FP, WRITTEN["FP"]),
        LineNamespace(FPD),
        LineNamespace(FPI),
        LineNamespace(FPM),
    )
    FPU, RDF, RDFS = (
        LineNamespace(FPU),
        LineNamespace(RDF, WRITTEN["RDF"]),
        LineNamespace(RDFS, WRITTEN["RDFS"]),
    )
    DCTERMS = LineNamespace(DCTERMS, WRITTEN["DCTERMS"])
    true: Any = term(Literal(True))

    @staticmethod
    def iri(iri: str) -> Any:
        return f"<{iri}>"

    text = staticmethod(_quoted)

    @staticmethod
    def zh(text: str) -> Any:
        return f"{_quoted(text)}@{ZH}"

    integer = staticmethod(_rendered(integer_literal))
    rule = staticmethod(_rendered(plain_literal))
    decimal = staticmethod(decimal_term)
    year = staticmethod(_rendered(year_literal))
    date = staticmethod(_rendered(date_literal))


Terms = type[RdfTerms] | type[LineTerms]
