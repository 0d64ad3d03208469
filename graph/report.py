"""A static HTML site from the graph: overview, county × measure matrix, charts, one page per county and
per measure, the completeness table, and every report's text with anchors at the evidence offsets.

The site is for people who will never write SPARQL, so every figure they see leads, in two clicks, to the
sentence it was read from. It is plain files (no server, nothing loaded from the internet: charts are
inline SVG made here, fonts come from a CJK font stack, the only script is a local language switch).

The graph holds evidence as offsets into each report's decoded text, but not the text itself; the site
copies a report's text in only when the file is found (by name, in the folders given) and its SHA-256
equals the graph's fp:textSha256, so an anchor never points at the wrong characters.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.term import Node

from fupin.graph.completeness import CountyCompleteness, county_completeness
from fupin.graph.conflicts import Conflict, find_conflicts, statements
from fupin.graph.store import union_graph
from fupin.graph.vocab import DCTERMS, FP, FPI, FPM, FPU, RDF, RDFS, SKOS

TEMPLATES = Path(__file__).resolve().parent.parent / "fupin" / "web" / "report"
FACT_CLASSES: tuple[str, ...] = (
    "Observation",
    "Intervention",
    "Program",
    "Enterprise",
    "Position",
    "ExitApproval",
)
# Indicators charted across counties: people lifted, relocation, workshops, funds.
CHART_INDICATORS: tuple[str, ...] = (
    "lifted-population",
    "relocated-population",
    "workshop-count",
    "workshop-employment",
    "funds-invested",
)
_MULTIPLIERS: tuple[tuple[Decimal, str], ...] = ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万"))
# Between the characters of a name the text may put quotation marks or a line break (“安心”工程).
_GAP = r"[“”\"'‘’「」『』\s]*"


def _templates() -> Path:
    """The template folder: fupin/web/report in a checkout, or inside the installed package."""
    if TEMPLATES.is_dir():
        return TEMPLATES
    import fupin

    return Path(fupin.__file__).resolve().parent / "web" / "report"


# ---------------------------------------------------------------- the site's data


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


@dataclass(frozen=True)
class SeriesPoint:
    """One figure of a county's series: the year it describes, how that year is known, and whether
    another report disagrees with it."""

    year: int
    value: Decimal
    basis: str
    conflict: bool
    files: tuple[str, ...]
    shown: str = ""


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


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def value_spellings(value: Decimal) -> list[str]:
    """Ways a report may have written `value` (a base-unit figure): 16.3万 and 163000 for 163000."""
    spellings = []
    for factor, mark in _MULTIPLIERS:
        if abs(value) >= factor:
            number = _plain(value / factor)
            spellings += [number + mark, number + "多" + mark, number + "余" + mark]
    spellings.append(_plain(value))
    if abs(value) >= 1000 and value == value.to_integral_value():
        spellings.append(f"{int(value):,}")
    return spellings


def highlight(quote: str, needles: Iterable[str], suffixes: Sequence[str] = ()) -> tuple[str, str, str]:
    """`quote` split as (before, mark, after) around the first needle found, extended over a unit word
    that follows it; the whole quote is the mark when no needle is in it.

    Figures are matched only where no digit touches them, so 12 never lights up inside 2012; names
    match across quotation marks and line breaks."""
    for needle in needles:
        if not needle:
            continue
        pattern = _GAP.join(re.escape(ch) for ch in needle)
        if needle[0].isdigit():
            pattern = r"(?<![\d.])" + pattern
        if needle[-1].isdigit():
            pattern += r"(?![\d.]\d|\d)"
        match = re.search(pattern, quote)
        if match:
            end = match.end()
            for suffix in sorted(suffixes, key=len, reverse=True):
                if quote.startswith(suffix, end):
                    end += len(suffix)
                    break
            return quote[: match.start()], quote[match.start() : end], quote[end:]
    return "", quote, ""


def _date_spellings(text: str) -> list[str]:
    """2020-04-23 as written in Chinese text: 2020年4月23日, 2020年04月23日."""
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return [text]
    y, m, d = parts
    return [f"{y}年{int(m)}月{int(d)}日", f"{y}年{m}月{d}日", text]


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


def format_value(value: Decimal, symbol: str) -> str:
    """163000 人 → "16.3万人"; 840000000 元 → "8.4亿元"; small figures as they are, percent with %."""
    for factor, mark in _MULTIPLIERS:
        if abs(value) >= factor:
            return f"{_plain(round(value / factor, 2))}{mark}{symbol}"
    return f"{_plain(value)}{symbol}"


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
        evidence=_evidence(graph, node, reports, _date_spellings(day)),
    )


def _fact_view(graph: Graph, node: Node, kind: str, reports: dict[str, ReportView]) -> FactView:
    if kind == "Observation":
        return _observation(graph, node, reports)
    if kind == "Intervention":
        return _intervention(graph, node, reports)
    if kind == "ExitApproval":
        return _exit(graph, node, reports)
    return _named(graph, node, kind, reports)


def read_reports(graph: Graph, texts: dict[str, str] | None = None) -> dict[str, ReportView]:
    """The graph's reports by id (the last part of the IRI), with their text where `texts` (source file
    name → decoded text) has one whose SHA-256 matches fp:textSha256."""
    import hashlib

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


def find_texts(graph: Graph, folders: Sequence[Path]) -> dict[str, str]:
    """Source file name → decoded text, for the graph's reports found in `folders` (searched in order;
    only files whose name the graph records are read)."""
    from fupin.extract.read import ReadError, iter_sources, read_document

    wanted = {str(x) for x in graph.objects(None, FP.sourceFile)}
    found: dict[str, str] = {}
    for folder in folders:
        if not Path(folder).exists():
            continue
        for item in iter_sources([Path(folder)]):
            if item.error is None and item.source in wanted and item.source not in found:
                try:
                    found[item.source] = read_document(item.path, source=item.source).text
                except ReadError:
                    continue
    return found


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


def collect(data: Graph, ontology: Graph | None = None, texts: dict[str, str] | None = None) -> Site:
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


# ---------------------------------------------------------------- pieces of markup made in Python


def heat_colour(count: int, top: int) -> tuple[str, str]:
    """Background and text colour for a matrix cell: white for none, up to a deep blue for the most."""
    if count <= 0 or top <= 0:
        return "#ffffff", "#999999"
    share = 0.25 + 0.75 * min(count, top) / top
    low, high = (232, 240, 250), (24, 78, 150)
    rgb = tuple(round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb), "#ffffff" if share > 0.55 else "#10243e"


def bar_chart_svg(rows: Sequence[tuple[str, Decimal]], symbol: str, *, width: int = 640) -> str:
    """A horizontal bar chart as an inline SVG string (escaped here: labels come from the graph)."""
    from markupsafe import escape

    if not rows:
        return ""
    bar_h, gap, left, right = 26, 10, 110, 150
    top = max(float(v) for _, v in rows) or 1.0
    height = len(rows) * (bar_h + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    for i, (name, value) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        length = max(1.0, (width - left - right) * float(value) / top)
        text = escape(format_value(value, symbol))
        parts.append(
            f'<text x="{left - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar_h}" rx="3"><title>{escape(name)} '
            f"{text}</title></rect>"
            f'<text x="{left + length + 6:.1f}" y="{y + bar_h * 0.7:.1f}" class="value">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def series_svg(points: Sequence[SeriesPoint], symbol: str, *, width: int = 640, height: int = 220) -> str:
    """A county's figures for one indicator by year, as an inline SVG (labels escaped here): a line
    through each year's figures, a hollow dot for a year known only from the publication date, a
    red dot for a figure another report disagrees with."""
    from markupsafe import escape

    if not points:
        return ""
    left, right, top, bottom = 60, 30, 24, 36
    years = sorted({p.year for p in points})
    high = max(float(p.value) for p in points) or 1.0
    span = max(1, years[-1] - years[0])

    def x(year: int) -> float:
        return left + (width - left - right) * (year - years[0]) / span if len(years) > 1 else width / 2

    def y(value: Decimal) -> float:
        return top + (height - top - bottom) * (1 - float(value) / high)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart series" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        'class="axis"/>',
    ]
    line = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in points)
    parts.append(f'<polyline points="{line}" class="trend"/>')
    for year in years:
        parts.append(f'<text x="{x(year):.1f}" y="{height - bottom + 18}" text-anchor="middle">{year}</text>')
    for p in points:
        text = escape(format_value(p.value, symbol))
        kind = "conflict" if p.conflict else ("proxy" if p.basis == "publication" else "stated")
        sources = escape(", ".join(p.files))
        parts.append(
            f'<circle cx="{x(p.year):.1f}" cy="{y(p.value):.1f}" r="5" class="{kind}">'
            f"<title>{p.year}: {text} ({sources})</title></circle>"
            f'<text x="{x(p.year) + 8:.1f}" y="{y(p.value) - 8:.1f}" class="value">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def text_segments(
    text: str, evidence: Iterable[tuple[str, int, int]]
) -> list[tuple[str, list[str], list[str]]]:
    """The text cut at every evidence boundary: (piece, ids of evidence starting here, ids covering it).

    Evidence may overlap (two facts read from sentences sharing words), so pieces carry sets of ids
    rather than nesting tags; an id's anchor sits at its start offset."""
    spans = sorted({(s, e, i) for i, s, e in evidence if 0 <= s < e <= len(text)})
    cuts = sorted({0, len(text), *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
    pieces = []
    for a, b in pairwise(cuts):
        starting = [i for s, _, i in spans if s == a]
        covering = [i for s, e, i in spans if s <= a and b <= e]
        pieces.append((text[a:b], starting, covering))
    return pieces


# ---------------------------------------------------------------- writing the site


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_templates())),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["value"] = format_value
    return env


def _evidence_by_report(site: Site) -> dict[str, list[tuple[str, int, int]]]:
    found: dict[str, set[tuple[str, int, int]]] = defaultdict(set)
    for county in site.counties:
        for facts in county.facts.values():
            for fact in facts:
                for ev in fact.evidence:
                    found[ev.report].add((ev.id, ev.start, ev.end))
    return {k: sorted(v) for k, v in found.items()}


def pages(site: Site) -> list[tuple[str, str, dict]]:
    """Every page as (path in the site, template, context), in a fixed order."""
    top = max(site.matrix.values(), default=0)
    colours = {key: heat_colour(n, top) for key, n in site.matrix.items()}
    out: list[tuple[str, str, dict]] = [
        ("index.html", "index.html", {"root": ""}),
        ("matrix.html", "matrix.html", {"root": "", "colours": colours, "top": top}),
        ("charts.html", "charts.html", {"root": "", "svg": _chart_markup(site)}),
        ("completeness.html", "completeness.html", {"root": ""}),
    ]
    reports = {r.id: r for r in site.reports}
    for county in site.counties:
        out.append((f"county/{county.code}.html", "county.html", {"root": "../", "county": county}))
    for measure in site.measures:
        out.append((f"measure/{measure}.html", "measure.html", {"root": "../", "measure": measure}))
    by_report = _evidence_by_report(site)
    for report_id, report in reports.items():
        if report.text is None:
            continue
        segments = text_segments(report.text, by_report.get(report_id, []))
        out.append(
            (f"text/{report_id}.html", "text.html", {"root": "../", "report": report, "segments": segments})
        )
    return out


def _chart_markup(site: Site) -> dict[str, str]:
    from markupsafe import Markup

    return {
        indicator: Markup(bar_chart_svg(rows, unit.zh))  # bar_chart_svg escapes every label
        for indicator, _label, unit, rows in site.charts
    }


def write_site(
    site: Site,
    output: Path,
    *,
    progress: Callable[[Iterable], Iterable] = lambda items: items,
) -> list[Path]:
    """Render every page of `site` into `output` (created if missing) and copy the assets; returns the
    files written. Existing files of the same names are replaced; nothing else there is touched."""
    env = _environment()
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("site.css", "site.js"):
        target = output / "assets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_templates() / "assets" / name, target)
        written.append(target)
    for path, template, context in progress(pages(site)):
        target = output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        html = env.get_template(template).render(site=site, page=path, **context)
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written


def make_report(
    data: Graph,
    output: Path,
    *,
    text_folders: Sequence[Path] = (),
    ontology: Graph | None = None,
    progress: Callable[[Iterable], Iterable] = lambda items: items,
) -> tuple[Site, list[Path]]:
    """The whole job: collect the site from the graph (texts from `text_folders`) and write it."""
    graph = union_graph(data)
    if ontology is None:
        from fupin.graph.build import load_ontology

        ontology = load_ontology()
    site = collect(graph, ontology, find_texts(graph, text_folders))
    return site, write_site(site, output, progress=progress)
