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
from datetime import date
from decimal import Decimal
from functools import lru_cache
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
from fupin.graph.history import add_former_divisions, mark_former_names
from fupin.graph.vocab import DCTERMS, FP, FPD, FPI, FPM, FPU, OWL, PROV, RDF, RDFS, XSD, bind_prefixes

HASH_LEN = 16
ZH = "zh"
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
    text = "\x1f".join("\x00" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LEN]


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


def enterprise_iri(name: str, county_code: str | None, report: URIRef | None = None) -> URIRef:
    """By county and name key: 湖北裕佳菇业公司, 裕佳菇业有限公司 and 裕佳菇业 in one county are one
    enterprise, from whichever report; the same name in two counties is two nodes, and one no county
    is named for is its report's."""
    key = _enterprise_key(name, county_code).key
    return FPD[f"enterprise/{short_hash(*_scope(county_code, report), key)}"]


def _scope(county_code: str | None, report: URIRef | None) -> tuple:
    """What a fact's identity is relative to: its county, or, for a fact no county is named for, its
    report (two such reports' facts need not be about the same place)."""
    return (county_code,) if county_code else (None, report)


def _enterprise_key(name: str, county_code: str | None) -> NameKey:
    return enterprise_key(_compact_name(name), county_code, corpus_words()[0])


def place_iri(county_code: str, name: str) -> URIRef:
    """Township or village by county and name; the kind is a type, not part of the identity."""
    return FPD[f"place/{short_hash(county_code, _compact_name(name))}"]


def _compact_name(name: str) -> str:
    """Names that differ only by spacing or quotation marks (“四大工程” / 四大工程) are one thing."""
    return _QUOTES.sub("", name)


@lru_cache(maxsize=65536, typed=True)
def integer_literal(value: int) -> Literal:
    """xsd:integer, one term per value: every evidence node states two to four offsets, and making an
    rdflib Literal checks and converts its value each time."""
    return Literal(value, datatype=XSD.integer)


@lru_cache(maxsize=1024)
def plain_literal(text: str) -> Literal:
    """A plain string literal of a small vocabulary (rule names), made once per text."""
    return Literal(text)


@lru_cache(maxsize=8192, typed=True)
def decimal_literal(value: Decimal | float | int) -> Literal:
    """xsd:decimal in canonical form (no exponent, no trailing zeros): 1.63E+5 -> "163000". Cached:
    confidences and figures repeat, and the canonical form is a pure function of the value."""
    text = format(Decimal(str(value)).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return Literal(text, datatype=XSD.decimal)


def year_literal(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def date_literal(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


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

    A pure function of the facts, so reports can be rendered in worker processes."""
    from fupin.graph.writer import Triples, lines

    part = Triples()
    counties = add_document(part, doc, min_confidence=min_confidence)
    return lines(part), counties


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
    report = report_iri(doc.report.source, doc.report.sha256)
    counties = add_report(graph, report, doc.report)
    kept = [f for f in doc.facts if f.evidence.confidence >= min_confidence]
    for mapping in MAPPINGS:
        for facts in _group(kept, mapping).values():
            counties |= mapping.write(graph, report, facts, doc.report)
    mark_former_names(graph, counties)
    return counties


@dataclass(frozen=True)
class Mapping:
    """How one record type becomes triples: which facts are the same node, and how to write it."""

    kind: type
    key: Callable[[Any], tuple]
    write: Callable[[Graph, URIRef, list, ReportFact], set[str]]


def _group(facts: list[Fact], mapping: Mapping) -> dict[tuple, list]:
    groups: dict[tuple, list] = {}
    for fact in facts:
        if isinstance(fact, mapping.kind):
            groups.setdefault(mapping.key(fact), []).append(fact)
    return groups


def add_evidence(graph: Graph, report: URIRef, ev: Evidence) -> URIRef:
    """An fp:Evidence node; the same span read by the same rule is one node, whichever fact cites it.
    An observation's evidence also locates its figure (fp:figureStart/fp:figureEnd, same offsets as
    fp:start), so each figure of a sentence has its own node."""
    figure = () if ev.figure_start is None else (ev.figure_start, ev.figure_end)
    node = FPD[f"evidence/{short_hash(report, ev.start, ev.end, ev.rule, ev.confidence, *figure)}"]
    graph.add((node, RDF.type, FP.Evidence))
    graph.add((node, FP.source, report))
    graph.add((node, FP.quote, Literal(ev.quote)))
    graph.add((node, FP.start, integer_literal(ev.start)))
    graph.add((node, FP.end, integer_literal(ev.end)))
    graph.add((node, FP.rule, plain_literal(ev.rule)))
    graph.add((node, FP.confidence, decimal_literal(ev.confidence)))
    if ev.figure_start is not None and ev.figure_end is not None:
        graph.add((node, FP.figureStart, integer_literal(ev.figure_start)))
        graph.add((node, FP.figureEnd, integer_literal(ev.figure_end)))
    return node


def _cite(graph: Graph, node: URIRef, report: URIRef, facts: Iterable[Any]) -> None:
    for fact in facts:
        graph.add((node, FP.evidence, add_evidence(graph, report, fact.evidence)))


def add_report(graph: Graph, report: URIRef, fact: ReportFact) -> set[str]:
    graph.add((report, RDF.type, FP.Report))
    graph.add((report, FP.sourceFile, Literal(fact.source)))
    if fact.county_code:
        graph.add((report, FP.about, county_iri(fact.county_code)))
    if fact.title:
        graph.add((report, DCTERMS.title, Literal(fact.title, lang=ZH)))
    if fact.author:
        graph.add((report, FP.author, Literal(fact.author, lang=ZH)))
    if fact.subject_rule:
        graph.add((report, FP.subjectRule, Literal(fact.subject_rule)))
    if fact.subject_reason:
        graph.add((report, FP.subjectReason, Literal(fact.subject_reason)))
    if fact.published:
        graph.add((report, FP.publicationDate, date_literal(fact.published)))
    if fact.sha256:
        graph.add((report, FP.textSha256, Literal(fact.sha256)))
    for ev in fact.evidence:
        graph.add((report, FP.evidence, add_evidence(graph, report, ev)))
    return {fact.county_code} if fact.county_code else set()


def _observation_key(f: ObservationFact) -> tuple:
    return (
        f.county_code,
        f.indicator,
        str(decimal_literal(f.value)),
        f.unit,
        f.status,
        f.period_start,
        f.period_end,
        f.target_year,
        f.place,
    )


def observation_iri(f: ObservationFact, about: ReportFact, report: URIRef | None = None) -> URIRef:
    """The fact itself, whichever report states it: county or place, indicator, status, value, unit
    and stated period; a figure the text gives no year for is dated by its report's publication year,
    so the same bare figure in reports of two years is two facts."""
    year = reference_year(f, about)
    unstated = year.year if year is not None and year.basis == "publication" else None
    scope = () if f.county_code else (report,)
    return FPD[f"observation/{short_hash(*_observation_key(f), unstated, *scope)}"]


def write_observation(
    graph: Graph, report: URIRef, facts: list[ObservationFact], about: ReportFact
) -> set[str]:
    """One figure; `approximate` only when every reading of it in this report was approximate.

    A figure about a township or village carries fp:place (the place is fp:partOf the county) and no
    fp:county: it is not a county total, and county-level questions must not count it. Each reading
    adds its stated precision (fp:precision) and whether it is cumulative; the time it describes is
    fp:referenceYear with its fp:yearBasis.
    """
    f = facts[0]
    node = observation_iri(f, about, report)
    graph.add((node, RDF.type, FP.Observation))
    if not f.place and f.county_code:
        graph.add((node, FP.county, county_iri(f.county_code)))
    graph.add((node, FP.indicator, FPI[f.indicator]))
    graph.add((node, FP.value, decimal_literal(f.value)))
    graph.add((node, FP.unit, FPU[f.unit]))
    graph.add((node, FP.status, FP.Target if f.status == "target" else FP.Achieved))
    if all(x.approximate for x in facts):
        graph.add((node, FP.approximate, Literal(True)))
    if f.target_year is not None:
        graph.add((node, FP.targetYear, year_literal(f.target_year)))
    if f.period_start is not None:
        graph.add((node, FP.referencePeriodStart, year_literal(f.period_start)))
    if f.period_end is not None:
        graph.add((node, FP.referencePeriodEnd, year_literal(f.period_end)))
    _add_time_and_precision(graph, node, facts, about)
    if f.place and f.county_code:
        place = place_iri(f.county_code, f.place)
        graph.add((node, FP.place, place))
        _add_place_name(graph, place, f.place, f.county_code)
    _cite(graph, node, report, facts)
    return _codes(f.county_code)


def _codes(county_code: str | None) -> set[str]:
    """The county a fact names, if any: a fact of a report with no subject county may name none."""
    return {county_code} if county_code else set()


def _add_county(graph: Graph, node: URIRef, county_code: str | None) -> None:
    """fp:county, left out for a fact that no county is named for (the shapes warn of it)."""
    if county_code:
        graph.add((node, FP.county, county_iri(county_code)))


def _add_time_and_precision(
    graph: Graph, node: URIRef, facts: list[ObservationFact], about: ReportFact
) -> None:
    year = reference_year(facts[0], about)
    if year is not None:
        graph.add((node, FP.referenceYear, year_literal(year.year)))
        graph.add((node, FP.yearBasis, FP.StatedYear if year.basis == "stated" else FP.PublicationYear))
    cues = corpus_words()[1]
    if any(is_cumulative(x, cues) for x in facts):
        graph.add((node, FP.cumulative, Literal(True)))
    for x in facts:
        graph.add((node, FP.precision, decimal_literal(stated_precision(x.value, figure_text(x.evidence)))))


def write_intervention(
    graph: Graph, report: URIRef, facts: list[InterventionFact], about: ReportFact
) -> set[str]:
    """A county's use of a measure: one node per county and measure, every report adding evidence."""
    f = facts[0]
    node = FPD[f"intervention/{short_hash(*_scope(f.county_code, report), f.measure)}"]
    graph.add((node, RDF.type, FP.Intervention))
    _add_county(graph, node, f.county_code)
    graph.add((node, FP.measure, FPM[f.measure]))
    for detail in sorted({x.detail for x in facts if x.detail}):
        graph.add((node, FP.measureDetail, FPM[detail]))
    for name in sorted({p for x in facts for p in x.partners}):
        partner = enterprise_iri(name, f.county_code, report)
        graph.add((node, FP.partner, partner))
        graph.add((partner, RDFS.label, Literal(name, lang=ZH)))
    _cite(graph, node, report, facts)
    return _codes(f.county_code)


def write_enterprise(
    graph: Graph, report: URIRef, facts: list[EnterpriseFact], about: ReportFact
) -> set[str]:
    """An enterprise in its county; each written name that differs from the name key says why it is
    this enterprise (fp:mergeReason)."""
    f = facts[0]
    node = enterprise_iri(f.name, f.county_code, report)
    graph.add((node, RDF.type, FP.Enterprise))
    _add_county(graph, node, f.county_code)
    graph.add((node, FP.nameKey, Literal(_enterprise_key(f.name, f.county_code).key)))
    for x in facts:
        graph.add((node, RDFS.label, Literal(x.name, lang=ZH)))
        reason = _enterprise_key(x.name, x.county_code).reason(_compact_name(x.name), x.county_code)
        if reason:
            graph.add((node, FP.mergeReason, Literal(reason)))
        if x.role:
            graph.add((node, FP.role, Literal(x.role, lang=ZH)))
        if x.share_percent is not None:
            graph.add((node, FP.sharePercent, decimal_literal(x.share_percent)))
        for measure in x.measures:
            graph.add((node, FP.measure, FPM[measure]))
    _cite(graph, node, report, facts)
    return _codes(f.county_code)


def program_iri(county_code: str | None, name: str, report: URIRef | None = None) -> URIRef:
    """By county and name: two counties' “四大工程” are different programs. A program no county is
    named for is its report's: two such reports' “四大工程” need not be one program."""
    if county_code is None:
        return FPD[f"program/{short_hash(None, report, _compact_name(name))}"]
    return FPD[f"program/{short_hash(county_code, _compact_name(name))}"]


def write_program(graph: Graph, report: URIRef, facts: list[ProgramFact], about: ReportFact) -> set[str]:
    """A program and its named parts; each part is a program too, cited by the same evidence."""
    f = facts[0]
    node = program_iri(f.county_code, f.name, report)
    _add_program_node(graph, report, node, f.county_code, facts)
    for x in facts:
        graph.add((node, RDFS.label, Literal(x.name, lang=ZH)))
        for measure in x.measures:
            graph.add((node, FP.measure, FPM[measure]))
        for part_name in x.parts:
            part = program_iri(f.county_code, part_name, report)
            graph.add((node, FP.hasPart, part))
            graph.add((part, RDFS.label, Literal(part_name, lang=ZH)))
            _add_program_node(graph, report, part, f.county_code, [x])
    return _codes(f.county_code)


def _add_program_node(graph: Graph, report: URIRef, node: URIRef, county: str | None, facts: list) -> None:
    graph.add((node, RDF.type, FP.Program))
    _add_county(graph, node, county)
    _cite(graph, node, report, facts)


def write_position(graph: Graph, report: URIRef, facts: list[PositionFact], about: ReportFact) -> set[str]:
    """A post as attested, with the year the report attests it; the person is one node per county and
    name across reports (never across counties), saying so in fp:mergeReason."""
    f = facts[0]
    person = FPD[f"person/{short_hash(f.county_code, f.person)}"]
    node = FPD[f"position/{short_hash(f.county_code, f.person, f.title)}"]
    graph.add((person, RDF.type, FP.Person))
    graph.add((person, RDFS.label, Literal(f.person, lang=ZH)))
    graph.add((person, FP.nameKey, Literal(f.person)))
    graph.add((person, FP.mergeReason, Literal(f"same name {f.person} in county {f.county_code}")))
    graph.add((node, RDF.type, FP.Position))
    graph.add((node, FP.holder, person))
    graph.add((node, FP.title, Literal(f.title, lang=ZH)))
    graph.add((node, FP.county, county_iri(f.county_code)))
    if about.published is not None:
        graph.add((node, FP.attestedYear, year_literal(about.published.year)))
    _cite(graph, node, report, facts)
    return {f.county_code}


def write_exit(graph: Graph, report: URIRef, facts: list[ExitFact], about: ReportFact) -> set[str]:
    """The date goes on the county (what users query); the approval node carries the evidence."""
    f = facts[0]
    county = county_iri(f.county_code)
    node = FPD[f"exit/{short_hash(f.county_code, f.exit_date.isoformat())}"]
    graph.add((county, FP.exitDate, date_literal(f.exit_date)))
    graph.add((node, RDF.type, FP.ExitApproval))
    graph.add((node, FP.county, county))
    graph.add((node, FP.exitDate, date_literal(f.exit_date)))
    _cite(graph, node, report, facts)
    return {f.county_code}


def write_place(graph: Graph, report: URIRef, facts: list[PlaceFact], about: ReportFact) -> set[str]:
    f = facts[0]
    node = place_iri(f.county_code, f.name)
    graph.add((node, RDF.type, FP.Township if f.kind == "township" else FP.Village))
    _add_place_name(graph, node, f.name, f.county_code)
    _cite(graph, node, report, facts)
    return {f.county_code}


def _add_place_name(graph: Graph, node: URIRef, name: str, county_code: str) -> None:
    graph.add((node, RDFS.label, Literal(name, lang=ZH)))
    graph.add((node, FP.partOf, county_iri(county_code)))


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
