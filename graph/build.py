"""Fact records -> one RDF dataset: the ontology and places in the default graph, one named graph per report.

Every IRI is derived from the content that identifies the thing (a county's GB/T 2260 code, a hash of a
fact's identifying fields), never from a counter, so two builds of the same records give the same graph
and a fact keeps its IRI when other reports are added. For the same reason the builder makes no blank
nodes, and relabels the ontology's own (OWL unions) canonically.
Identical facts collapse into one node that carries every evidence, within one report and across
reports: an observation's IRI is its county (or place), indicator, status, value, unit and period, an
intervention's its county and measure, an enterprise's its county and name key, a person's county and
name (`graph/corpus.py` says how each key is reached, from one report's records alone).
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from hashlib import sha256
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from fupin.extract.facts import (
    DocumentFacts,
    EnterpriseFact,
    Evidence,
    ExitFact,
    Fact,
    InterventionFact,
    ObservationFact,
    PlaceFact,
    PositionFact,
    ProgramFact,
    ReportFact,
)
from fupin.graph.corpus import (
    NameKey,
    corpus_words,
    enterprise_key,
    figure_text,
    is_cumulative,
    reference_year,
    stated_precision,
)
from fupin.graph.history import add_former_divisions, former_name_marks, former_node
from fupin.graph.terms import (
    ZH,
    LineTerms,
    RdfTerms,
    Terms,
    decimal_literal,  # noqa: F401 -- re-exported: fupin.ask.answer and the tests import it from here
    decimal_text,
)
from fupin.graph.vocab import FP, FPD, OWL, PROV, RDF, RDFS, bind_prefixes

HASH_LEN = 16
_NONE = "\x00"  # a None field in a hashed text: "" and None are two values
_QUOTES = re.compile(r"[\s“”‘’\"'「」『』《》]")


class Division(Protocol):
    """What the graph needs of a gazetteer entry (see `fupin.extract.gazetteer.Division`)."""

    code: str
    name: str
    level: str
    parent_code: str | None
    prefecture_code: str | None
    province_code: str | None


class Gazetteer(Protocol):
    """Anything with `get(code) -> Division`; unknown codes may return None or raise KeyError."""

    def get(self, code: str) -> Division | None: ...


# ---------------------------------------------------------------- IRIs and literals


def short_hash(*parts: object) -> str:
    """A short, stable digest of identifying fields; `None` and "" hash differently on purpose."""
    text = "\x1f".join([_NONE if p is None else str(p) for p in parts])  # a list: join's fast path
    return sha256(text.encode()).hexdigest()[:HASH_LEN]


def county_iri(code: str) -> URIRef:
    return FPD[f"county/{code}"]


def prefecture_iri(code: str) -> URIRef:
    return FPD[f"prefecture/{code}"]


def province_iri(code: str) -> URIRef:
    return FPD[f"province/{code}"]


def report_iri(source: str, sha256: str = "") -> URIRef:
    """The report, and the named graph that holds its facts: its path relative to the build root and
    its text's hash, so two sites' ``index.html`` are two reports and one file named twice is one."""
    return FPD[f"report/{short_hash(source, sha256) if sha256 else short_hash(source)}"]


def enterprise_iri(name: str, county_code: str | None, report: URIRef | str | None = None) -> URIRef:
    """By county and name key: 湖北裕佳菇业公司, 裕佳菇业有限公司 and 裕佳菇业 in one county are one
    enterprise, from whichever report; the same name in two counties is two nodes, and one no county
    is named for is its report's."""
    return FPD[_enterprise_name(name, county_code, report)]


def _enterprise_name(name: str, county_code: str | None, report: URIRef | str | None) -> str:
    key = _enterprise_key(name, county_code).key
    return f"enterprise/{short_hash(*_scope(county_code, report), key)}"


def _scope(county_code: str | None, report: URIRef | str | None) -> tuple:
    """What a fact's identity is relative to: its county, or, for a fact no county is named for, its
    report (two such reports' facts need not be about the same place)."""
    return (county_code,) if county_code else (None, report)


def _enterprise_key(name: str, county_code: str | None) -> NameKey:
    return enterprise_key(_compact_name(name), county_code, corpus_words()[0])


def place_iri(county_code: str, name: str) -> URIRef:
    """Township or village by county and name; the kind is a type, not part of the identity."""
    return FPD[_place_name(county_code, name)]


def _place_name(county_code: str, name: str) -> str:
    return f"place/{short_hash(county_code, _compact_name(name))}"


def _compact_name(name: str) -> str:
    """Names that differ only by spacing or quotation marks (“四大工程” / 四大工程) are one thing."""
    return _QUOTES.sub("", name)


def software_version() -> str:
    try:
        return metadata.version("fupin-kg")
    except metadata.PackageNotFoundError:
        return "0+unknown"


# ---------------------------------------------------------------- the dataset


def load_ontology(folder: Path | None = None, *, links: bool = True) -> Graph:
    """Every ontology/*.ttl and the shipped linksets (links/*.ttl: Wikidata, SDG, the 832 poverty
    counties) in one graph, files in name order (the scorer joins on their skos:notation).

    `links` False leaves the linksets out: the extractor's lexicon needs only the concept schemes,
    and the linksets are most of the triples.
    """
    if folder is None:
        from fupin.resources import folder as data_folder

        folder = data_folder("ontology")
    graph = Graph()
    paths = sorted(folder.glob("*.ttl")) + (sorted(folder.glob("links/*.ttl")) if links else [])
    for path in paths:
        stat = path.stat()
        for triple in _parsed_turtle(str(path), stat.st_mtime_ns, stat.st_size):
            graph.add(triple)
    return graph


@lru_cache(maxsize=64)
def _parsed_turtle(path: str, mtime_ns: int, size: int) -> tuple[tuple[Node, Node, Node], ...]:
    """One Turtle file's triples, parsed once per process while the file is unchanged: the linksets
    hold tens of thousands of triples and tests and commands load the ontology many times."""
    return tuple(Graph().parse(path, format="turtle"))


def stable_bnodes(graph: Graph) -> Graph:
    """`graph` with its blank nodes (OWL lists, restrictions) relabelled canonically.

    A parser names blank nodes at random, which would make two builds of the same input differ in
    bytes; canonical labels are derived from the graph's content instead.
    """
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    return to_canonical_graph(graph)


def build_dataset(
    docs: Iterable[DocumentFacts],
    *,
    gazetteer: Gazetteer | None,
    ontology: Graph | None = None,
    min_confidence: float = 0.0,
) -> Dataset:
    """The knowledge graph of `docs`.

    `ontology` None means the packaged ontology/*.ttl. Facts whose evidence confidence is below
    `min_confidence` are left out (the report record itself always stays).
    """
    ds = Dataset()
    bind_prefixes(ds)
    counties: set[str] = set()
    reports: set[URIRef] = set()
    for doc in docs:
        iri = report_iri(doc.report.source, doc.report.sha256)
        reports.add(iri)
        counties |= add_document(ds.graph(iri), doc, min_confidence=min_confidence)
    add_default_graph(ds.default_graph, counties, reports, gazetteer, ontology)
    return ds


def add_default_graph(
    graph: Graph,
    counties: Iterable[str],
    reports: Iterable[URIRef],
    gazetteer: Gazetteer | None,
    ontology: Graph | None = None,
) -> None:
    """The default graph of a build, the one place it is assembled: the ontology (blank nodes
    relabelled canonically), each county named in a report with its prefecture and province, and
    the build's provenance. It depends on the reports only through their county codes and IRIs,
    so a streamed build keeps those and nothing else of them."""
    for triple in stable_bnodes(ontology) if ontology is not None else packaged_ontology():
        graph.add(triple)
    add_counties_and_provenance(graph, counties, reports, gazetteer)


def add_counties_and_provenance(
    graph: Graph, counties: Iterable[str], reports: Iterable[URIRef], gazetteer: Gazetteer | None
) -> None:
    """The default graph less the ontology: each county named in a report with its prefecture and
    province, and the build's provenance."""
    for code in sorted(set(counties)):
        add_county(graph, code, gazetteer)
    add_provenance(graph, set(reports))


def packaged_ontology() -> tuple[tuple[Node, Node, Node], ...]:
    """The packaged ontology's triples, blank nodes relabelled canonically, once per process while
    its files are unchanged: the canonical relabelling costs seconds and every build starts with it."""
    return _canonical_ontology(_ontology_stamp(_ontology_paths()))


def _ontology_paths() -> tuple[Path, ...]:
    from fupin.resources import folder

    return tuple(sorted(folder("ontology").glob("*.ttl")) + sorted(folder("ontology").glob("links/*.ttl")))


def _ontology_stamp(paths: tuple[Path, ...]) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)


@lru_cache(maxsize=2)
def _canonical_ontology(stamp: tuple) -> tuple[tuple[Node, Node, Node], ...]:
    return tuple(stable_bnodes(load_ontology()))


def ontology_digest(paths: Iterable[Path]) -> str:
    """SHA-256 of the ontology files' bytes in name order: what the compiled lines were made from.
    Contents, not times, so a fresh checkout of the same files matches."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _compiled_header(digest: str) -> bytes:
    return f"# fupin compiled ontology: sha256 of ontology/*.ttl and links/*.ttl {digest}\n".encode()


def compile_ontology_lines() -> bytes:
    """The compiled ontology file's contents: a header naming the sources' digest, then the sorted
    N-Triples lines of `packaged_ontology()`, gzipped with no time stamp so the bytes are stable."""
    from fupin.graph.writer import lines

    body = b"".join(sorted(set(lines(packaged_ontology()))))
    header = _compiled_header(ontology_digest(_ontology_paths()))
    return gzip.compress(header + body, mtime=0)


def write_compiled_ontology() -> bool:
    """Write ontology/compiled/ontology.nt.gz unless it is current; True when the file was written."""
    from fupin.resources import compiled_ontology

    target, data = compiled_ontology(), compile_ontology_lines()
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def packaged_ontology_lines() -> list[bytes]:
    """The N-Triples lines of `packaged_ontology()`, read from the compiled file when it was made from
    the ontology files as they are now (a 5 ms digest), so a build skips seconds of Turtle parsing
    and blank-node relabelling; an edited ontology without a recompile falls back to that slow path,
    so a stale file can cost time but never put old triples in a graph."""
    from fupin.graph.writer import lines
    from fupin.resources import compiled_ontology

    paths = _ontology_paths()
    return list(_compiled_lines(str(compiled_ontology()), ontology_digest(paths))) or lines(
        packaged_ontology()
    )


@lru_cache(maxsize=2)
def _compiled_lines(path: str, digest: str) -> tuple[bytes, ...]:
    """The compiled file's lines when its header names `digest`, else nothing."""
    try:
        with gzip.open(path, "rb") as handle:
            if handle.readline() != _compiled_header(digest):
                return ()
            return tuple(handle.read().splitlines(keepends=True))
    except FileNotFoundError:
        return ()


def document_lines(doc: DocumentFacts, *, min_confidence: float) -> tuple[list[bytes], set[str]]:
    """The N-Triples lines of one report's named graph and the county codes it mentions.

    A pure function of the facts, so reports can be rendered in worker processes. Written in
    `LineTerms` (N-Triples text) by the same mapping functions as an rdflib graph, so no rdflib term
    is made: that was most of a report's graph time."""
    from fupin.graph.writer import LineGraph

    part = LineGraph()
    counties = _add_document(part, LineTerms, doc, min_confidence)
    return part.lines(), counties


@dataclass(frozen=True)
class ReportRecords:
    """One report's graph as a streamed build files it: the report's IRI, its records for the output
    format (`fupin.graph.writer.LineGraph.records`), how many lines they hold beyond one a record,
    and the county codes it mentions. Small to pickle: a pool worker hands this back, not the facts."""

    report: str
    records: list[bytes]
    extra: int
    counties: set[str]


def report_records(doc: DocumentFacts, *, min_confidence: float, fmt: str) -> ReportRecords:
    """`document_lines` as the records of a file in `fmt`: rendered with the graph's name (N-Quads,
    TriG) where the report is rendered, so the writer only sorts them."""
    from fupin.graph.writer import LineGraph

    iri = str(report_iri(doc.report.source, doc.report.sha256))
    part = LineGraph()
    counties = _add_document(part, LineTerms, doc, min_confidence, iri)
    return ReportRecords(iri, *part.records(iri, fmt), counties)


def default_lines(
    counties: Iterable[str], reports: Iterable[URIRef], gazetteer: Gazetteer | None
) -> list[bytes]:
    """The N-Triples lines of the default graph (`add_default_graph`) of the packaged ontology: the
    compiled ontology's lines, then the counties' and the provenance's (a line both hold is written
    once: the build's sorted merge drops repeats)."""
    from fupin.graph.writer import Triples, lines

    part = Triples()
    add_counties_and_provenance(part, counties, reports, gazetteer)
    return packaged_ontology_lines() + lines(part)


def add_document(graph: Graph, doc: DocumentFacts, *, min_confidence: float = 0.0) -> set[str]:
    """Write one report and its facts into `graph`; returns the county codes it mentions."""
    return _add_document(graph, RdfTerms, doc, min_confidence)


@dataclass
class ReportGraph:
    """One report's graph as the mapping functions write it: `graph` takes the triples (anything
    with `add`), `t` makes the terms (rdflib nodes or N-Triples text), `iri` is the report's IRI (hashed
    into the IRIs of facts no county is named for) and `node` its term; `quotes` collects each
    evidence node's quote, which `former_name_marks` reads, and `cited` each node's first evidence.
    `own` holds the (predicate, object) pairs of the nodes only this report's graph states anything
    of (the report and its evidence: their IRIs hash the report's), written all at once when the
    report is done (`_add_own`)."""

    graph: Any
    t: Terms
    iri: str
    node: Any
    quotes: list[tuple[Any, str]]
    cited: dict[Any, Evidence]
    own: dict[Any, list[tuple[Any, Any]]]


def _add_document(
    graph: Any, t: Terms, doc: DocumentFacts, min_confidence: float, iri: str | None = None
) -> set[str]:
    """Write one report into `graph`; `iri` is its IRI when the caller has it already."""
    iri = iri or str(report_iri(doc.report.source, doc.report.sha256))
    out = ReportGraph(graph, t, iri, t.iri(iri), [], {}, {})
    counties = add_report(out, doc.report)
    kinds = _by_kind(f for f in doc.facts if f.evidence.confidence >= min_confidence)
    for mapping in MAPPINGS:
        for facts in _group(kinds.get(mapping.kind, ()), mapping).values():
            counties |= mapping.write(out, facts, doc.report)
    for evidence, row in former_name_marks(out.quotes, counties):
        out.own[evidence].append((t.FP.formerNameUsed, t.iri(str(former_node(row)))))
    _add_own(graph, out.own)
    return counties


def _add_own(graph: Any, own: dict[Any, list[tuple[Any, Any]]]) -> None:
    """The report's own nodes: each as one record of a `LineGraph` (`LineGraph.add_own`), triple by
    triple into any other graph."""
    add_own = getattr(graph, "add_own", None)
    for node, pairs in own.items():
        if add_own is not None:
            add_own(node, pairs)
        else:
            for predicate, obj in pairs:
                graph.add((node, predicate, obj))


@dataclass(frozen=True)
class Mapping:
    """How one record type becomes triples: which facts are the same node, and how to write it."""

    kind: type
    key: Callable[[Any], tuple]
    write: Callable[[ReportGraph, list, ReportFact], set[str]]


def _by_kind(facts: Iterable[Fact]) -> dict[type, list[Fact]]:
    """The facts by mapping kind, each list in the facts' order: one pass, where asking every fact
    whether it is of each mapping's kind was seven. A fact's own type names its kind; a subclass of a
    record type (a record extended outside this module) goes with the kind it derives from, as
    `isinstance` would place it."""
    kinds: dict[type, list[Fact]] = {}
    for fact in facts:
        kinds.setdefault(_kind_of(type(fact)), []).append(fact)
    return kinds


@cache
def _kind_of(record_type: type) -> type:
    """The mapping kind of a record type: itself, or the first mapping kind in its method order."""
    kinds = {mapping.kind for mapping in MAPPINGS}
    return next((k for k in record_type.__mro__ if k in kinds), record_type)


def _group(facts: Iterable[Fact], mapping: Mapping) -> dict[tuple, list]:
    """Facts of `mapping`'s kind by its key (the same node), in the order first seen."""
    groups: dict[tuple, list] = {}
    key = mapping.key
    for fact in facts:
        groups.setdefault(key(fact), []).append(fact)
    return groups


def add_evidence(out: ReportGraph, ev: Evidence) -> Any:
    """An fp:Evidence node; the same span read by the same rule is one node, whichever fact cites it.
    An observation's evidence also locates its figure (fp:figureStart/fp:figureEnd, same offsets as
    fp:start), so each figure of a sentence has its own node.

    A node cited again with the same evidence is not written again (its pairs would only repeat), and
    its pairs are listed in the order of their predicates' IRIs, the order its lines sort in: a
    `LineGraph` record of lines already sorted and unique is joined without a sort."""
    t = out.t
    FP = t.FP
    node = t.FPD[_evidence_name(out.iri, ev)]
    seen = out.cited.get(node)
    if seen is None:
        out.cited[node] = ev
    elif seen is ev or seen == ev:
        return node
    pairs = [
        (t.RDF.type, FP.Evidence),
        (FP.confidence, t.decimal(ev.confidence)),
        (FP.end, t.integer(ev.end)),
    ]
    if ev.figure_start is not None and ev.figure_end is not None:
        pairs += ((FP.figureEnd, t.integer(ev.figure_end)), (FP.figureStart, t.integer(ev.figure_start)))
    pairs += (
        (FP.quote, t.text(ev.quote)),
        (FP.rule, t.rule(ev.rule)),
        (FP.source, out.node),
        (FP.start, t.integer(ev.start)),
    )
    out.own.setdefault(node, []).extend(pairs)
    out.quotes.append((node, ev.quote))
    return node


def _evidence_name(iri: str, ev: Evidence) -> str:
    """The evidence node's name: `short_hash(iri, ev.start, ev.end, ev.rule, ev.confidence, *figure)`,
    the figure its (start, end) when it has a start, spelled as one format. It is the IRI made most
    (two a fact), and the generic join's list and calls were half its cost. An evidence's offsets,
    rule and confidence are never None (`Evidence`); only a figure's end may be."""
    text = f"{iri}\x1f{ev.start!s}\x1f{ev.end!s}\x1f{ev.rule!s}\x1f{ev.confidence!s}"
    if ev.figure_start is not None:
        end = _NONE if ev.figure_end is None else ev.figure_end
        text = f"{text}\x1f{ev.figure_start!s}\x1f{end!s}"
    return "evidence/" + sha256(text.encode()).hexdigest()[:HASH_LEN]


def _cite(out: ReportGraph, node: Any, facts: Iterable[Any]) -> None:
    add, predicate = out.graph.add, out.t.FP.evidence
    for fact in facts:
        add((node, predicate, add_evidence(out, fact.evidence)))


def add_report(out: ReportGraph, fact: ReportFact) -> set[str]:
    """The report node, one of the report's own (`ReportGraph.own`)."""
    t = out.t
    FP = t.FP
    pairs = out.own.setdefault(out.node, [])
    add = pairs.append
    add((t.RDF.type, FP.Report))
    add((FP.sourceFile, t.text(fact.source)))
    if fact.county_code:
        add((FP.about, _county(t, fact.county_code)))
    if fact.title:
        add((t.DCTERMS.title, t.zh(fact.title)))
    if fact.author:
        add((FP.author, t.zh(fact.author)))
    if fact.subject_rule:
        add((FP.subjectRule, t.text(fact.subject_rule)))
    if fact.subject_reason:
        add((FP.subjectReason, t.text(fact.subject_reason)))
    if fact.published:
        add((FP.publicationDate, t.date(fact.published)))
    if fact.sha256:
        add((FP.textSha256, t.text(fact.sha256)))
    for ev in fact.evidence:
        add((FP.evidence, add_evidence(out, ev)))
    return {fact.county_code} if fact.county_code else set()


def _county(t: Terms, code: str) -> Any:
    return t.FPD[f"county/{code}"]


def _observation_key(f: ObservationFact) -> tuple:
    return (
        f.county_code,
        f.indicator,
        decimal_text(f.value),
        f.unit,
        f.status,
        f.period_start,
        f.period_end,
        f.target_year,
        f.place,
    )


def observation_iri(f: ObservationFact, about: ReportFact, report: URIRef | str | None = None) -> URIRef:
    """The fact itself, whichever report states it: county or place, indicator, status, value, unit
    and stated period; a figure the text gives no year for is dated by its report's publication year,
    so the same bare figure in reports of two years is two facts."""
    return FPD[_observation_name(f, about, report)]


def _observation_name(f: ObservationFact, about: ReportFact, report: URIRef | str | None) -> str:
    year = reference_year(f, about)
    unstated = year.year if year is not None and year.basis == "publication" else None
    scope = () if f.county_code else (report,)
    return f"observation/{short_hash(*_observation_key(f), unstated, *scope)}"


def write_observation(out: ReportGraph, facts: list[ObservationFact], about: ReportFact) -> set[str]:
    """One figure; `approximate` only when every reading of it in this report was approximate.

    A figure about a township or village carries fp:place (the place is fp:partOf the county) and no
    fp:county: it is not a county total, and county-level questions must not count it. Each reading
    adds its stated precision (fp:precision) and whether it is cumulative; the time it describes is
    fp:referenceYear with its fp:yearBasis.
    """
    add, t = out.graph.add, out.t
    FP = t.FP
    f = facts[0]
    node = t.FPD[_observation_name(f, about, out.iri)]
    add((node, t.RDF.type, FP.Observation))
    if not f.place and f.county_code:
        add((node, FP.county, _county(t, f.county_code)))
    add((node, FP.indicator, t.FPI[f.indicator]))
    add((node, FP.value, t.decimal(f.value)))
    add((node, FP.unit, t.FPU[f.unit]))
    add((node, FP.status, FP.Target if f.status == "target" else FP.Achieved))
    if all(x.approximate for x in facts):
        add((node, FP.approximate, t.true))
    if f.target_year is not None:
        add((node, FP.targetYear, t.year(f.target_year)))
    if f.period_start is not None:
        add((node, FP.referencePeriodStart, t.year(f.period_start)))
    if f.period_end is not None:
        add((node, FP.referencePeriodEnd, t.year(f.period_end)))
    _add_time_and_precision(out, node, facts, about)
    if f.place and f.county_code:
        place = t.FPD[_place_name(f.county_code, f.place)]
        add((node, FP.place, place))
        _add_place_name(out, place, f.place, f.county_code)
    _cite(out, node, facts)
    return _codes(f.county_code)


def _codes(county_code: str | None) -> set[str]:
    """The county a fact names, if any: a fact of a report with no subject county may name none."""
    return {county_code} if county_code else set()


def _add_county(out: ReportGraph, node: Any, county_code: str | None) -> None:
    """fp:county, left out for a fact that no county is named for (the shapes warn of it)."""
    if county_code:
        out.graph.add((node, out.t.FP.county, _county(out.t, county_code)))


def _add_time_and_precision(
    out: ReportGraph, node: Any, facts: list[ObservationFact], about: ReportFact
) -> None:
    add, t = out.graph.add, out.t
    FP = t.FP
    year = reference_year(facts[0], about)
    if year is not None:
        add((node, FP.referenceYear, t.year(year.year)))
        add((node, FP.yearBasis, FP.StatedYear if year.basis == "stated" else FP.PublicationYear))
    cues = corpus_words()[1]
    if any(is_cumulative(x, cues) for x in facts):
        add((node, FP.cumulative, t.true))
    for x in facts:
        add((node, FP.precision, t.decimal(stated_precision(x.value, figure_text(x.evidence)))))


def write_intervention(out: ReportGraph, facts: list[InterventionFact], about: ReportFact) -> set[str]:
    """A county's use of a measure: one node per county and measure, every report adding evidence."""
    add, t = out.graph.add, out.t
    FP = t.FP
    f = facts[0]
    node = t.FPD[f"intervention/{short_hash(*_scope(f.county_code, out.iri), f.measure)}"]
    add((node, t.RDF.type, FP.Intervention))
    _add_county(out, node, f.county_code)
    add((node, FP.measure, t.FPM[f.measure]))
    for detail in sorted({x.detail for x in facts if x.detail}):
        add((node, FP.measureDetail, t.FPM[detail]))
    for name in sorted({p for x in facts for p in x.partners}):
        partner = t.FPD[_enterprise_name(name, f.county_code, out.iri)]
        add((node, FP.partner, partner))
        add((partner, t.RDFS.label, t.zh(name)))
    _cite(out, node, facts)
    return _codes(f.county_code)


def write_enterprise(out: ReportGraph, facts: list[EnterpriseFact], about: ReportFact) -> set[str]:
    """An enterprise in its county; each written name that differs from the name key says why it is
    this enterprise (fp:mergeReason)."""
    add, t = out.graph.add, out.t
    FP = t.FP
    f = facts[0]
    node = t.FPD[_enterprise_name(f.name, f.county_code, out.iri)]
    add((node, t.RDF.type, FP.Enterprise))
    _add_county(out, node, f.county_code)
    add((node, FP.nameKey, t.text(_enterprise_key(f.name, f.county_code).key)))
    for x in facts:
        add((node, t.RDFS.label, t.zh(x.name)))
        reason = _enterprise_key(x.name, x.county_code).reason(_compact_name(x.name), x.county_code)
        if reason:
            add((node, FP.mergeReason, t.text(reason)))
        if x.role:
            add((node, FP.role, t.zh(x.role)))
        if x.share_percent is not None:
            add((node, FP.sharePercent, t.decimal(x.share_percent)))
        for measure in x.measures:
            add((node, FP.measure, t.FPM[measure]))
    _cite(out, node, facts)
    return _codes(f.county_code)


def program_iri(county_code: str | None, name: str, report: URIRef | str | None = None) -> URIRef:
    """By county and name: two counties' “四大工程” are different programs. A program no county is
    named for is its report's: two such reports' “四大工程” need not be one program."""
    return FPD[_program_name(county_code, name, report)]


def _program_name(county_code: str | None, name: str, report: URIRef | str | None) -> str:
    if county_code is None:
        return f"program/{short_hash(None, report, _compact_name(name))}"
    return f"program/{short_hash(county_code, _compact_name(name))}"


def write_program(out: ReportGraph, facts: list[ProgramFact], about: ReportFact) -> set[str]:
    """A program and its named parts; each part is a program too, cited by the same evidence."""
    add, t = out.graph.add, out.t
    FP = t.FP
    f = facts[0]
    node = t.FPD[_program_name(f.county_code, f.name, out.iri)]
    _add_program_node(out, node, f.county_code, facts)
    for x in facts:
        add((node, t.RDFS.label, t.zh(x.name)))
        for measure in x.measures:
            add((node, FP.measure, t.FPM[measure]))
        for part_name in x.parts:
            part = t.FPD[_program_name(f.county_code, part_name, out.iri)]
            add((node, FP.hasPart, part))
            add((part, t.RDFS.label, t.zh(part_name)))
            _add_program_node(out, part, f.county_code, [x])
    return _codes(f.county_code)


def _add_program_node(out: ReportGraph, node: Any, county: str | None, facts: list) -> None:
    out.graph.add((node, out.t.RDF.type, out.t.FP.Program))
    _add_county(out, node, county)
    _cite(out, node, facts)


def write_position(out: ReportGraph, facts: list[PositionFact], about: ReportFact) -> set[str]:
    """A post as attested, with the year the report attests it; the person is one node per county and
    name across reports (never across counties), saying so in fp:mergeReason."""
    add, t = out.graph.add, out.t
    FP = t.FP
    f = facts[0]
    person = t.FPD[f"person/{short_hash(f.county_code, f.person)}"]
    node = t.FPD[f"position/{short_hash(f.county_code, f.person, f.title)}"]
    add((person, t.RDF.type, FP.Person))
    add((person, t.RDFS.label, t.zh(f.person)))
    add((person, FP.nameKey, t.text(f.person)))
    add((person, FP.mergeReason, t.text(f"same name {f.person} in county {f.county_code}")))
    add((node, t.RDF.type, FP.Position))
    add((node, FP.holder, person))
    add((node, FP.title, t.zh(f.title)))
    add((node, FP.county, _county(t, f.county_code)))
    if about.published is not None:
        add((node, FP.attestedYear, t.year(about.published.year)))
    _cite(out, node, facts)
    return {f.county_code}


def write_exit(out: ReportGraph, facts: list[ExitFact], about: ReportFact) -> set[str]:
    """The date goes on the county (what users query); the approval node carries the evidence."""
    add, t = out.graph.add, out.t
    FP = t.FP
    f = facts[0]
    county = _county(t, f.county_code)
    node = t.FPD[f"exit/{short_hash(f.county_code, f.exit_date.isoformat())}"]
    add((county, FP.exitDate, t.date(f.exit_date)))
    add((node, t.RDF.type, FP.ExitApproval))
    add((node, FP.county, county))
    add((node, FP.exitDate, t.date(f.exit_date)))
    _cite(out, node, facts)
    return {f.county_code}


def write_place(out: ReportGraph, facts: list[PlaceFact], about: ReportFact) -> set[str]:
    t = out.t
    f = facts[0]
    node = t.FPD[_place_name(f.county_code, f.name)]
    out.graph.add((node, t.RDF.type, t.FP.Township if f.kind == "township" else t.FP.Village))
    _add_place_name(out, node, f.name, f.county_code)
    _cite(out, node, facts)
    return {f.county_code}


def _add_place_name(out: ReportGraph, node: Any, name: str, county_code: str) -> None:
    out.graph.add((node, out.t.RDFS.label, out.t.zh(name)))
    out.graph.add((node, out.t.FP.partOf, _county(out.t, county_code)))


MAPPINGS: tuple[Mapping, ...] = (
    Mapping(ObservationFact, _observation_key, write_observation),
    Mapping(InterventionFact, lambda f: (f.county_code, f.measure), write_intervention),
    Mapping(
        EnterpriseFact,
        lambda f: (_enterprise_key(f.name, f.county_code).key, f.county_code),
        write_enterprise,
    ),
    Mapping(ProgramFact, lambda f: (f.county_code, _compact_name(f.name)), write_program),
    Mapping(PositionFact, lambda f: (f.county_code, f.person, f.title), write_position),
    Mapping(ExitFact, lambda f: (f.county_code, f.exit_date), write_exit),
    Mapping(PlaceFact, lambda f: (f.county_code, _compact_name(f.name), f.kind), write_place),
)


# ---------------------------------------------------------------- places and provenance


def _lookup(gazetteer: Gazetteer | None, code: str | None) -> Division | None:
    if gazetteer is None or not code:
        return None
    try:
        return gazetteer.get(code)
    except (KeyError, LookupError, ValueError):
        return None


def _add_division(graph: Graph, node: URIRef, kind: URIRef, code: str, div: Division | None) -> None:
    graph.add((node, RDF.type, kind))
    graph.add((node, FP.divisionCode, Literal(code)))
    if div is not None:
        graph.add((node, RDFS.label, Literal(div.name, lang=ZH)))


def add_county(graph: Graph, code: str, gazetteer: Gazetteer | None) -> None:
    """A county, its prefecture and province, each typed, labelled and linked by fp:partOf.

    A county directly under its province (省直辖县级市) has no prefecture in the gazetteer: it is
    then part of the province itself.
    """
    county = county_iri(code)
    div = _lookup(gazetteer, code)
    _add_division(graph, county, FP.County, code, div)
    if div is None:
        return
    add_former_divisions(graph, county, code)
    province = _lookup(gazetteer, div.province_code)
    if province is not None:
        _add_division(graph, province_iri(province.code), FP.Province, province.code, province)
    prefecture = _lookup(gazetteer, div.prefecture_code)
    if prefecture is not None and prefecture.code != code:
        node = prefecture_iri(prefecture.code)
        _add_division(graph, node, FP.Prefecture, prefecture.code, prefecture)
        graph.add((county, FP.partOf, node))
        if province is not None:
            graph.add((node, FP.partOf, province_iri(province.code)))
    elif province is not None:
        graph.add((county, FP.partOf, province_iri(province.code)))


def add_provenance(graph: Graph, reports: set[URIRef]) -> URIRef:
    """The build as a prov:Activity: which software read which reports. No timestamp, on purpose:
    the same input must give byte-identical output."""
    version = software_version()
    agent = FPD[f"software/fupin-kg/{version}"]
    activity = FPD[f"build/{short_hash(version, *sorted(reports))}"]
    graph.add((agent, RDF.type, PROV.SoftwareAgent))
    graph.add((agent, RDFS.label, Literal(f"fupin-kg {version}")))
    graph.add((agent, OWL.versionInfo, Literal(version)))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.wasAssociatedWith, agent))
    for report in sorted(reports):
        graph.add((activity, PROV.used, report))
    return activity
