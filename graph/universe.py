"""Completeness over a universe of counties the corpus should cover, not only over the counties it does.

`fupin validate` checks the counties that reports are about; users of poverty data also ask the
opposite question: of the 832 national poverty counties (ontology/links/poverty-counties-832.ttl),
which have a report, which have no achieved lifted-population figure, which no exit date. The answer
is read from the built graph itself, which carries the shipped list in its default graph.
Named query 11 (`fupin query 11`) gives the same view in SPARQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from fupin.graph.vocab import FP, FPI, RDF, RDFS

UNIVERSES = ("poverty-832",)


@dataclass(frozen=True)
class UniverseRow:
    """One listed county: in the corpus (a report is about it), and what the corpus says of it."""

    code: str
    name: str
    listed_name: str
    batch_year: str
    reported: bool
    lifted_population: bool
    exit_dates: tuple[str, ...]


def _zh_label(graph: Graph, node: Node) -> str:
    labels = [
        str(x) for x in graph.objects(node, RDFS.label) if isinstance(x, Literal) and x.language == "zh"
    ]
    return sorted(labels)[0] if labels else ""


def _achieved_lifted(graph: Graph, county: URIRef) -> bool:
    return any(
        (obs, FP.indicator, FPI["lifted-population"]) in graph and (obs, FP.status, FP.Target) not in graph
        for obs in graph.subjects(FP.county, county)
    )


def poverty_universe(graph: Graph, names: Mapping[str, str] | None = None) -> list[UniverseRow]:
    """Every listing of the 832 (two listed units without a GB/T 2260 code have no county: left out).

    A county no report is about has no label in the graph; `names` (code -> today's name, from the
    gazetteer) names it, else the name the list used (which may be a former one).
    """
    names = names or {}
    reported = {
        county for report, county in graph.subject_objects(FP.about) if (report, RDF.type, FP.Report) in graph
    }
    rows = []
    for listing in graph.subjects(RDF.type, FP.PovertyCountyListing):
        county = graph.value(listing, FP.county)
        if not isinstance(county, URIRef):
            continue
        listed = str(graph.value(listing, FP.listedName) or "")
        rows.append(
            UniverseRow(
                code=str(county).rsplit("/", 1)[1],
                name=_zh_label(graph, county) or names.get(str(county).rsplit("/", 1)[1]) or listed,
                listed_name=listed,
                batch_year=str(graph.value(listing, FP.exitBatchYear) or ""),
                reported=county in reported,
                lifted_population=_achieved_lifted(graph, county),
                exit_dates=tuple(sorted(str(d) for d in graph.objects(county, FP.exitDate))),
            )
        )
    return sorted(rows, key=lambda r: (not r.reported, r.code))


def summary(rows: list[UniverseRow]) -> dict[str, int]:
    """The counts people ask for first."""
    covered = [r for r in rows if r.reported]
    return {
        "listed with a code": len(rows),
        "reported": len(covered),
        "no report": len(rows) - len(covered),
        "reported, no lifted-population": sum(not r.lifted_population for r in covered),
        "reported, no exit date": sum(not r.exit_dates for r in covered),
    }
