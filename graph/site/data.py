"""The site's content, gathered once from the graph: each county's facts with their evidence split for
highlighting, the county × measure matrix, charts, series, conflicts, and the reports with their texts.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal
from rdflib.term import Node

from fupin.graph.completeness import CountyCompleteness, county_completeness
from fupin.graph.conflicts import Conflict, find_conflicts, statements
from fupin.graph.site.charts import SeriesPoint, series_svg
from fupin.graph.site.highlight import date_spellings, format_value, highlight, value_spellings
from fupin.graph.store import union_graph
from fupin.graph.vocab import DCTERMS, FACT_CLASSES, FP, FPI, FPM, FPU, RDF, RDFS, SKOS

# Indicators charted across counties: people lifted, relocation, workshops, funds.
CHART_INDICATORS: tuple[str, ...] = (
    "lifted-population",
    "relocated-population",
    "workshop-count",
    "workshop-employment",
    "funds-invested",
)


@dataclass(frozen=True)
class Label:
    """A term's Chinese and English names (either may be empty)."""

    zh: str
    en: str


@dataclass(frozen=True)
class EvidenceView:
    """One evidence sentence, split around the span to highlight."""

    id: str
    report: str
    source_file: str
    quote: str
    start: int
    end: int
    rule: str
    confidence: float | None
    before: str
    mark: str
    after: str
    has_text: bool


@dataclass
class FactView:
    """One fact as a county page shows it."""

    kind: str
    id: str
    label: Label
    detail: str = ""
    key: str = ""
    evidence: list[EvidenceView] = field(default_factory=list)
    conflict: bool = False


@dataclass
class SeriesView:
    """One indicator's achieved figures for a county over time, drawn as an inline SVG."""

    indicator: str
    label: Label
    symbol: str
    points: list[SeriesPoint]
    svg: str = ""  # markupsafe.Markup once drawn


@dataclass(frozen=True)
class ConflictView:
    """Two figures that disagree, each with every place it is stated (file, quote)."""

    label: Label
    year: str
    value_a: str
    value_b: str
    statements_a: tuple[tuple[str, str], ...]
    statements_b: tuple[tuple[str, str], ...]


@dataclass
class CountyView:
    code: str
    name: str
    label: Label
    exit_dates: list[str] = field(default_factory=list)
    facts: dict[str, list[FactView]] = field(default_factory=dict)
    reports: list[str] = field(default_factory=list)
    series: list[SeriesView] = field(default_factory=list)
    conflicts: list[ConflictView] = field(default_factory=list)


@dataclass
class ReportView:
    id: str
    source_file: str
    title: str
    county: str
    sha256: str
    text: str | None = None


@dataclass
class Site:
    """Everything the templates show, gathered once from the graph."""

    counties: list[CountyView]
    reports: list[ReportView]
    measures: dict[str, Label]
    indicators: dict[str, Label]
    matrix: dict[tuple[str, str], int]
    fact_counts: dict[str, int]
    completeness: list[CountyCompleteness]
    charts: list[tuple[str, Label, Label, list[tuple[str, Decimal]]]]
    class_labels: dict[str, Label]
    measure_counties: dict[str, list[tuple[str, list[FactView]]]]


def _last(iri: Node) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _notation(iri: Node, namespace: str) -> str:
    return str(iri)[len(namespace) :] if str(iri).startswith(namespace) else _last(iri)


def label_of(graph: Graph, node: Node) -> Label:
    """skos:prefLabel, else rdfs:label, in zh and en; the other language stands in for a missing one."""
    found: dict[str, str] = {}
    for prop in (SKOS.prefLabel, RDFS.label):
        for lit in sorted(graph.objects(node, prop), key=str):
            if isinstance(lit, Literal):
                lang = (lit.language or "").split("-")[0]
                found.setdefault(lang, str(lit))
    zh = found.get("zh") or found.get("") or found.get("en") or _last(node)
    en = found.get("en") or found.get("") or zh
    return Label(zh, en)


def _alt_labels(graph: Graph, node: Node) -> list[str]:
    """The Chinese names of a concept (pref, alt and hidden labels), longest first."""
    names = {
        str(x)
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label)
        for x in graph.objects(node, p)
        if isinstance(x, Literal) and (x.language or "zh").startswith("zh")
    }
    return sorted(names, key=lambda s: (-len(s), s))


def _decimal(node: Node | None) -> Decimal | None:
    if node is None:
        return None
    try:
        return Decimal(str(node))
    except ArithmeticError:
        return None


def _evidence(
    graph: Graph,
    fact: Node,
    reports: dict[str, ReportView],
    needles: list[str],
    suffixes: Sequence[str] = (),
) -> list[EvidenceView]:
    views = []
    for ev in graph.objects(fact, FP.evidence):
        quote = str(graph.value(ev, FP.quote) or "")
        report = _last(graph.value(ev, FP.source) or "")
        before, mark, after = highlight(quote, needles, suffixes)
        confidence = _decimal(graph.value(ev, FP.confidence))
        view = reports.get(report)
        views.append(
            EvidenceView(
                id=_last(ev),
                report=report,
                source_file=view.source_file if view else "",
                quote=quote,
                start=int(graph.value(ev, FP.start) or 0),
                end=int(graph.value(ev, FP.end) or 0),
                rule=str(graph.value(ev, FP.rule) or ""),
                confidence=float(confidence) if confidence is not None else None,
                before=before,
                mark=mark,
                after=after,
                has_text=bool(view and view.text is not None),
            )
        )
    return sorted(views, key=lambda v: (v.source_file, v.start, v.id))


def unit_symbol(graph: Graph, unit: Node | None) -> str:
    """The shortest surface form of a unit (人, 户, 元, %), which reads best after a figure."""
    if unit is None:
        return ""
    forms = sorted((str(x) for x in graph.objects(unit, FP.unitLabel)), key=lambda s: (len(s), s))
    return forms[0] if forms else label_of(graph, unit).zh


def _observation(graph: Graph, obs: Node, reports: dict[str, ReportView]) -> FactView:
    indicator = graph.value(obs, FP.indicator)
    unit = graph.value(obs, FP.unit)
    value = _decimal(graph.value(obs, FP.value)) or Decimal(0)
    symbol = unit_symbol(graph, unit)
    target = (obs, FP.status, FP.Target) in graph
    period = "–".join(
        str(graph.value(obs, p))
        for p in (FP.referencePeriodStart, FP.referencePeriodEnd)
        if graph.value(obs, p)
    )
    detail = format_value(value, symbol) + (f" ({period})" if period else "") + (" ◎" if target else "")
    needles = value_spellings(value) + (_alt_labels(graph, indicator) if indicator is not None else [])
    suffixes = [str(x) for x in graph.objects(unit, FP.unitLabel)] if unit is not None else []
    return FactView(
        kind="Observation",
        id=_last(obs),
        label=label_of(graph, indicator) if indicator is not None else Label("", ""),
        detail=detail,
        key=_notation(indicator, str(FPI)) if indicator is not None else "",
        evidence=_evidence(graph, obs, reports, needles, ["元", *suffixes]),
    )


def _intervention(graph: Graph, node: Node, reports: dict[str, ReportView]) -> FactView:
    measure = graph.value(node, FP.measure)
    details = sorted(graph.objects(node, FP.measureDetail), key=str)
    partners = sorted(str(label_of(graph, p).zh) for p in graph.objects(node, FP.partner))
    needles = [n for d in details for n in _alt_labels(graph, d)]
    needles += _alt_labels(graph, measure) if measure is not None else []
    return FactView(
        kind="Intervention",
        id=_last(node),
        label=label_of(graph, measure) if measure is not None else Label("", ""),
        detail=" · ".join([label_of(graph, d).zh for d in details] + partners),
        key=_notation(measure, str(FPM)) if measure is not None else "",
        evidence=_evidence(graph, node, reports, needles),
    )


def _named(graph: Graph, node: Node, kind: str, reports: dict[str, ReportView]) -> FactView:
    """Programs, enterprises and positions: shown by name, the name lit up in the sentence."""
    if kind == "Position":
        holder = graph.value(node, FP.holder)
        name = label_of(graph, holder).zh if holder is not None else ""
        title = str(graph.value(node, FP.title) or "")
        return FactView(
            kind,
            _last(node),
            Label(name, name),
            detail=title,
            evidence=_evidence(graph, node, reports, [name, title]),
        )
    label = label_of(graph, node)
    parts = sorted(label_of(graph, p).zh for p in graph.objects(node, FP.hasPart))
    measures = sorted(label_of(graph, m).zh for m in graph.objects(node, FP.measure))
    detail = " · ".join(parts + measures)
    return FactView(
        kind, _last(node), label, detail=detail, evidence=_evidence(graph, node, reports, [label.zh])
    )


def _exit(graph: Graph, node: Node, reports: dict[str, ReportView]) -> FactView:
    day = str(graph.value(node, FP.exitDate) or "")
    return FactView(
        "ExitApproval",
        _last(node),
        Label(day, day),
        evidence=_evidence(graph, node, reports, date_spellings(day)),
    )


def _fact_view(graph: Graph, node: Node, kind: str, reports: dict[str, ReportView]) -> FactView:
    if kind == "Observation":
        return _observation(graph, node, reports)
    if kind == "Intervention":
        return _intervention(graph, node, reports)
    if kind == "ExitApproval":
        return _exit(graph, node, reports)
    return _named(graph, node, kind, reports)


def read_reports(graph: Graph, texts: Mapping[str, str] | None = None) -> dict[str, ReportView]:
    """The graph's reports by id (the last part of the IRI), with their text where `texts` (source file
    name → decoded text) has one whose SHA-256 matches fp:textSha256."""
    views = {}
    for report in graph.subjects(RDF.type, FP.Report):
        source = str(graph.value(report, FP.sourceFile) or "")
        sha = str(graph.value(report, FP.textSha256) or "")
        text = (texts or {}).get(source)
        if text is not None and sha and hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
            text = None
        views[_last(report)] = ReportView(
            id=_last(report),
            source_file=source,
            title=str(graph.value(report, DCTERMS.title) or source),
            county=_last(graph.value(report, FP.about) or ""),
            sha256=sha,
            text=text,
        )
    return views


def source_files(graph: Graph) -> set[str]:
    """The file names the graph's reports (a Graph or Dataset) were built from: the texts a caller may
    pass to `collect` and `make_site`."""
    return {str(x) for x in union_graph(graph).objects(None, FP.sourceFile)}


def _charts(graph: Graph, counties: list[CountyView], labels: Callable[[Node], Label]) -> list:
    """Per chart indicator: its label, unit label and (county name, largest achieved figure) rows."""
    best: dict[tuple[str, str], Decimal] = {}
    units: dict[str, Node] = {}
    for obs in graph.subjects(RDF.type, FP.Observation):
        if (obs, FP.status, FP.Target) in graph:
            continue
        indicator = _notation(graph.value(obs, FP.indicator) or "", str(FPI))
        if indicator not in CHART_INDICATORS:
            continue
        value = _decimal(graph.value(obs, FP.value))
        county = _last(graph.value(obs, FP.county) or "")
        if value is None:
            continue
        best[(indicator, county)] = max(value, best.get((indicator, county), value))
        units.setdefault(indicator, graph.value(obs, FP.unit))
    charts = []
    for indicator in CHART_INDICATORS:
        rows = [(c.name, best[(indicator, c.code)]) for c in counties if (indicator, c.code) in best]
        unit = units.get(indicator) or graph.value(FPI[indicator], FP.defaultUnit)
        unit_label = labels(unit) if unit is not None else Label("", "")
        charts.append((indicator, labels(FPI[indicator]), unit_label, rows))
    return charts


def collect(data: Graph, ontology: Graph | None = None, texts: Mapping[str, str] | None = None) -> Site:
    """The site's content: the graph (a Graph or Dataset) with labels from `ontology` where the graph
    lacks them, and report texts by source file name."""
    graph = union_graph(data)
    labels_graph = graph + ontology if ontology is not None else graph
    reports = read_reports(graph, texts)
    counties: dict[str, CountyView] = {}
    for county in graph.subjects(RDF.type, FP.County):
        code = str(graph.value(county, FP.divisionCode) or _last(county))
        label = label_of(graph, county)
        counties[_last(county)] = CountyView(code=code, name=label.zh, label=label)
    for report in reports.values():
        if report.county in counties:
            counties[report.county].reports.append(report.id)
    conflicts = find_conflicts(graph)
    flagged = {_last(c.a) for c in conflicts} | {_last(c.b) for c in conflicts}
    matrix: Counter[tuple[str, str]] = Counter()
    fact_counts: dict[str, int] = {}
    by_measure: dict[str, dict[str, list[FactView]]] = defaultdict(lambda: defaultdict(list))
    for kind in FACT_CLASSES:
        nodes = sorted(set(graph.subjects(RDF.type, FP[kind])), key=str)
        fact_counts[kind] = len(nodes)
        for node in nodes:
            view = _fact_view(labels_graph, node, kind, reports)
            view.conflict = kind == "Observation" and view.id in flagged
            for county in graph.objects(node, FP.county):
                target = counties.get(_last(county))
                if target is None:
                    continue
                target.facts.setdefault(kind, []).append(view)
                if kind == "Intervention" and view.key:
                    matrix[(target.code, view.key)] += max(1, len(view.evidence))
                    by_measure[view.key][target.code].append(view)
                if kind == "ExitApproval":
                    target.exit_dates.append(view.label.zh)
    ordered = sorted(counties.values(), key=lambda c: c.code)
    _add_series_and_conflicts(graph, labels_graph, counties, conflicts, flagged)
    for county in ordered:
        county.exit_dates = sorted(set(county.exit_dates))
        for facts in county.facts.values():
            facts.sort(key=lambda f: (f.key, f.label.zh, f.detail, f.id))
    used = {m for _, m in matrix}
    measures = {m: label_of(labels_graph, FPM[m]) for m in used}
    names = {c.code: c for c in ordered}
    measure_counties = {
        m: [(code, views) for code, views in sorted(by_measure[m].items()) if code in names] for m in used
    }
    indicators = {
        _notation(i, str(FPI)): label_of(labels_graph, i)
        for i in labels_graph.subjects(RDF.type, FP.Indicator)
    }
    class_labels = {k: label_of(labels_graph, FP[k]) for k in FACT_CLASSES}
    return Site(
        counties=ordered,
        reports=sorted(reports.values(), key=lambda r: r.source_file),
        measures=dict(
            sorted(measures.items(), key=lambda kv: (-sum(1 for c, m in matrix if m == kv[0]), kv[0]))
        ),
        indicators=indicators,
        matrix=dict(matrix),
        fact_counts=fact_counts,
        completeness=county_completeness(graph),
        charts=_charts(graph, ordered, lambda n: _unit_or_label(labels_graph, n)),
        class_labels=class_labels,
        measure_counties=measure_counties,
    )


def _add_series_and_conflicts(
    graph: Graph,
    labels_graph: Graph,
    counties: dict[str, CountyView],
    conflicts: list[Conflict],
    flagged: set[str],
) -> None:
    """Each county's series (indicators with achieved figures in two or more years) and conflicts."""
    from markupsafe import Markup

    points: dict[tuple[str, str], list[SeriesPoint]] = defaultdict(list)
    for obs in graph.subjects(RDF.type, FP.Observation):
        year = graph.value(obs, FP.referenceYear)
        county = graph.value(obs, FP.county)
        value = _decimal(graph.value(obs, FP.value))
        if year is None or county is None or value is None or (obs, FP.status, FP.Target) in graph:
            continue
        basis = "stated" if (obs, FP.yearBasis, FP.StatedYear) in graph else "publication"
        files = tuple(sorted({s.file for s in statements(graph, obs)}))
        shown = format_value(value, unit_symbol(labels_graph, graph.value(obs, FP.unit)))
        point = SeriesPoint(int(str(year)[:4]), value, basis, _last(obs) in flagged, files, shown)
        points[(_last(county), _notation(graph.value(obs, FP.indicator) or "", str(FPI)))].append(point)
    for (county, indicator), found in sorted(points.items()):
        if county not in counties or len({p.year for p in found}) < 2:
            continue
        found.sort(key=lambda p: (p.year, p.value))
        unit = labels_graph.value(FPI[indicator], FP.defaultUnit)
        symbol = unit_symbol(labels_graph, unit)
        view = SeriesView(indicator, label_of(labels_graph, FPI[indicator]), symbol, found)
        view.svg = Markup(series_svg(found, symbol))  # series_svg escapes every label
        counties[county].series.append(view)
    for c in conflicts:
        county = c.scope if (c.scope, RDF.type, FP.County) in graph else graph.value(c.scope, FP.partOf)
        if county is None or _last(county) not in counties:
            continue
        symbol = unit_symbol(labels_graph, graph.value(c.a, FP.unit))
        counties[_last(county)].conflicts.append(
            ConflictView(
                label=label_of(labels_graph, c.indicator),
                year=c.year,
                value_a=format_value(c.value_a, symbol),
                value_b=format_value(c.value_b, symbol),
                statements_a=tuple((s.file, s.quote) for s in c.statements_a),
                statements_b=tuple((s.file, s.quote) for s in c.statements_b),
            )
        )


def _unit_or_label(graph: Graph, node: Node) -> Label:
    """An indicator's label, or for a unit its symbol in Chinese and its English name."""
    if str(node).startswith(str(FPU)):
        return Label(unit_symbol(graph, node), label_of(graph, node).en)
    return label_of(graph, node)
