"""Figures that disagree: the `conflicts` named query's rule in Python, for `fupin validate` and the site.

Two achieved observations conflict when they are about the same county (or township), indicator and
unit, both dated by their text to the same reference period (same fp:referenceYear and
fp:referencePeriodStart), both cumulative or both not, neither approximate nor a target, no report
states both (a report's two figures side by side are a breakdown, not a disagreement), and their values
differ by more than half the coarser stated precision (16.3万 and 163,000 agree, 16.3万 and 15.9万 do
not). Grouping by that key first keeps the check linear in the number of observations.
`queries/15-conflicts.rq` states the same rule in SPARQL; tests hold the two to the same answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import combinations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from fupin.graph.vocab import FP, RDF


@dataclass(frozen=True)
class Statement:
    """One place a figure is stated: the report's file and the quote."""

    file: str
    quote: str


@dataclass(frozen=True)
class Conflict:
    """Two observations that disagree, with every statement of each."""

    scope: URIRef
    indicator: URIRef
    year: str
    a: URIRef
    b: URIRef
    value_a: Decimal
    value_b: Decimal
    precision: Decimal
    statements_a: tuple[Statement, ...]
    statements_b: tuple[Statement, ...]


def _decimal(node: Node | None) -> Decimal | None:
    try:
        return Decimal(str(node)) if node is not None else None
    except InvalidOperation:
        return None


def _true(graph: Graph, node: Node, prop: URIRef) -> bool:
    return any(isinstance(o, Literal) and o.toPython() is True for o in graph.objects(node, prop))


def _comparable_key(graph: Graph, obs: URIRef) -> tuple | None:
    """The key two conflicting observations share, or None when the observation is never compared."""
    if (obs, FP.status, FP.Target) in graph or _true(graph, obs, FP.approximate):
        return None
    if (obs, FP.yearBasis, FP.StatedYear) not in graph:
        return None
    scope = graph.value(obs, FP.county) or graph.value(obs, FP.place)
    year = graph.value(obs, FP.referenceYear)
    if scope is None or year is None:
        return None
    start = graph.value(obs, FP.referencePeriodStart)
    return (
        scope,
        graph.value(obs, FP.indicator),
        graph.value(obs, FP.unit),
        str(year),
        str(start) if start is not None else "",
        _true(graph, obs, FP.cumulative),
    )


def statements(graph: Graph, obs: Node) -> tuple[Statement, ...]:
    """Every place `obs` is stated, by file and quote."""
    found = set()
    for ev in graph.objects(obs, FP.evidence):
        report = graph.value(ev, FP.source)
        quote = graph.value(ev, FP.quote)
        file = graph.value(report, FP.sourceFile) if report is not None else None
        found.add(Statement(str(file or report or ""), str(quote or "")))
    return tuple(sorted(found, key=lambda s: (s.file, s.quote)))


def _reports(graph: Graph, obs: URIRef) -> set[Node]:
    return {graph.value(ev, FP.source) for ev in graph.objects(obs, FP.evidence)}


def _precision(graph: Graph, obs: URIRef) -> Decimal:
    steps = [d for o in graph.objects(obs, FP.precision) if (d := _decimal(o)) is not None]
    return max(steps, default=Decimal(0))


def find_conflicts(graph: Graph, county: URIRef | None = None) -> list[Conflict]:
    """Every conflicting pair in `graph` (a union graph), optionally only about `county`."""
    groups: dict[tuple, list[URIRef]] = defaultdict(list)
    for obs in graph.subjects(RDF.type, FP.Observation):
        key = _comparable_key(graph, obs) if isinstance(obs, URIRef) else None
        if key is not None:
            groups[key].append(obs)
    found = []
    for key, members in groups.items():
        if county is not None and county not in (key[0], graph.value(key[0], FP.partOf)):
            continue
        for a, b in combinations(sorted(members, key=str), 2):
            conflict = _pair(graph, key, a, b)
            if conflict is not None:
                found.append(conflict)
    return sorted(found, key=lambda c: (str(c.scope), str(c.indicator), c.year, str(c.a), str(c.b)))


def _pair(graph: Graph, key: tuple, a: URIRef, b: URIRef) -> Conflict | None:
    value_a, value_b = _decimal(graph.value(a, FP.value)), _decimal(graph.value(b, FP.value))
    if value_a is None or value_b is None or _reports(graph, a) & _reports(graph, b):
        return None
    precision = max(_precision(graph, a), _precision(graph, b))
    if abs(value_a - value_b) * 2 <= precision:
        return None
    return Conflict(
        scope=key[0],
        indicator=key[1],
        year=key[3],
        a=a,
        b=b,
        value_a=value_a,
        value_b=value_b,
        precision=precision,
        statements_a=statements(graph, a),
        statements_b=statements(graph, b),
    )
