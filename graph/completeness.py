"""Per-county completeness: which contract indicators and 五个一批 groups a built graph holds for each county.

The SHACL completeness shapes say *that* a county has a gap; this table says *what* each county has, so a
reader sees at a glance which counties are well covered. It is a pure function of the graph (the `fupin
validate` table and the HTML report both read it) and follows the same rules as the shapes: only achieved
figures count (an observation with fp:status fp:Target is a plan), and a county has a group when a fact
about it (intervention, program, enterprise) names a measure that is the group or narrower (skos:broader*).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from rdflib import Graph, Literal, URIRef

from fupin.graph.store import union_graph
from fupin.graph.storeview import objects_by_subject
from fupin.graph.vocab import CONTRACT_INDICATORS, FP, FPI, FPM, RDF, RDFS, SKOS

# The contract's order of the five groups; the graph's fpm:five-batches collection says which they are.
FIVE_BATCHES: tuple[str, ...] = ("industry", "relocation", "eco-compensation", "education", "social-security")
FIVE_BATCHES_COLLECTION = FPM["five-batches"]


@dataclass(frozen=True)
class CountyCompleteness:
    """What the graph holds for one county.

    `score` is the share of the checks present: every contract indicator, every 五个一批 group and the
    exit date, each counting once (so 1.0 means nothing a user could ask for is missing).
    """

    code: str
    name: str
    indicators_present: dict[str, bool]
    five_batches_present: dict[str, bool]
    exit_date: bool
    lifted_population: bool
    score: float

    @property
    def checks(self) -> list[bool]:
        """Every check in order: the indicators, the groups, the exit date."""
        return [*self.indicators_present.values(), *self.five_batches_present.values(), self.exit_date]

    @property
    def percent(self) -> int:
        """The score as a whole percentage, rounded half up from the exact share (8 of 13 checks,
        61.54 %, → 62): the one way every view (validate, the HTML report) shows it."""
        checks = self.checks
        share = Decimal(100 * sum(checks)) / Decimal(len(checks) or 1)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def missing(self) -> list[str]:
        """The absent checks by name: indicator notations, group notations, then "exit-date"."""
        names = [k for k, v in self.indicators_present.items() if not v]
        names += [k for k, v in self.five_batches_present.items() if not v]
        return names + ([] if self.exit_date else ["exit-date"])


def _notation(concept: URIRef, namespace: str) -> str:
    return str(concept)[len(namespace) :] if str(concept).startswith(namespace) else str(concept)


def five_batch_groups(graph: Graph) -> tuple[str, ...]:
    """The group notations: members of fpm:five-batches in the graph, in contract order (the contract's
    five when the graph carries no ontology)."""
    members = {_notation(m, str(FPM)) for m in graph.objects(FIVE_BATCHES_COLLECTION, SKOS.member)}
    if not members:
        return FIVE_BATCHES
    return tuple(sorted(members, key=lambda n: (FIVE_BATCHES.index(n) if n in FIVE_BATCHES else 99, n)))


def _broader_closure(graph: Graph, concept: URIRef) -> set[URIRef]:
    """The concept and everything it is narrower than (skos:broader, transitively)."""
    seen: set[URIRef] = set()
    todo = [concept]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(b for b in graph.objects(node, SKOS.broader) if isinstance(b, URIRef))
    return seen


def _achieved_indicators(graph: Graph) -> dict[URIRef, set[str]]:
    """County -> notations of the indicators it has an achieved figure of."""
    targets = set(graph.subjects(FP.status, FP.Target))
    observations = set(graph.subjects(RDF.type, FP.Observation)) - targets
    counties = objects_by_subject(graph, FP.county)
    found: dict[URIRef, set[str]] = {}
    for obs, indicator in graph.subject_objects(FP.indicator):
        if obs in observations:
            for county in counties.get(obs, ()):
                found.setdefault(county, set()).add(_notation(indicator, str(FPI)))
    return found


def _measure_groups(graph: Graph, groups: Iterable[str]) -> dict[URIRef, set[str]]:
    """County -> the groups (notations) a measure of one of its facts (intervention, program,
    enterprise) falls under."""
    wanted = {FPM[g]: g for g in groups}
    closure: dict[URIRef, set[str]] = {}
    counties = objects_by_subject(graph, FP.county)
    found: dict[URIRef, set[str]] = {}
    for fact, measure in graph.subject_objects(FP.measure):
        if not isinstance(measure, URIRef):
            continue
        if measure not in closure:
            closure[measure] = {wanted[c] for c in _broader_closure(graph, measure) if c in wanted}
        for county in counties.get(fact, ()):
            found.setdefault(county, set()).update(closure[measure])
    return found


def _name(graph: Graph, county: URIRef) -> str:
    """The county's Chinese label, else any label, first by text when there are several."""
    labels = sorted((x for x in graph.objects(county, RDFS.label) if isinstance(x, Literal)), key=str)
    zh = [x for x in labels if x.language == "zh"]
    return str((zh or labels)[0]) if labels else ""


def county_completeness(graph: Graph) -> list[CountyCompleteness]:
    """One row per fp:County of `graph` (a Graph or a build's Dataset), ordered by division code."""
    data = union_graph(graph)
    groups = five_batch_groups(data)
    indicators = _achieved_indicators(data)
    measures = _measure_groups(data, groups)
    exits = set(data.subjects(FP.exitDate, None))
    rows = []
    for county in set(data.subjects(RDF.type, FP.County)):
        has = indicators.get(county, set())
        used = measures.get(county, set())
        indicators_present = {n: n in has for n in CONTRACT_INDICATORS}
        five_present = {g: g in used for g in groups}
        exit_date = county in exits
        checks = [*indicators_present.values(), *five_present.values(), exit_date]
        rows.append(
            CountyCompleteness(
                code=str(data.value(county, FP.divisionCode) or str(county).rsplit("/", 1)[-1]),
                name=_name(data, county),
                indicators_present=indicators_present,
                five_batches_present=five_present,
                exit_date=exit_date,
                lifted_population="lifted-population" in has,
                score=round(sum(checks) / len(checks), 3),
            )
        )
    return sorted(rows, key=lambda r: r.code)
