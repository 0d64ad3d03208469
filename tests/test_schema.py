"""One schema: the fact records, the writer, the structure shapes, the ontology and the export agree.

Each fact type is described five times: its record (extract/facts.py), the triples graph/build.py writes
for it, its node shape (shapes/structure.ttl), its class and properties (ontology/fupin.ttl) and its CSV
columns (graph/export.py's *_PATHS). Nothing generates one from another, so these tests read each of them
as data and compare: a property written but not shaped or not declared, a shape or an export column for a
property never written, a record field the writer ignores, all fail. The tests at the end change one copy
alone (a shapes file, an ontology file, a writer, an export table, a record) and expect the check to fail,
so a green run means the five really agree. The Python copies of ontology facts (the contract indicators,
the 五个一批 groups and their one-character marks) are checked against the ontology the same way.

Where the shapes deliberately leave a written property unconstrained, the pair is listed in UNSHAPED with
its reason; the list only ever shrinks (a listed pair that becomes shaped, or is no longer written, fails).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

from fupin.extract import facts as records
from fupin.extract.facts import (
    DocumentFacts,
    EnterpriseFact,
    Evidence,
    ExitFact,
    InterventionFact,
    ObservationFact,
    PlaceFact,
    PositionFact,
    ProgramFact,
    ReportFact,
)
from fupin.graph import build, export
from fupin.graph.completeness import FIVE_BATCHES, FIVE_BATCHES_COLLECTION
from fupin.graph.summary import GROUP_MARKS
from fupin.graph.vocab import CONTRACT_INDICATORS, FP, FPI, FPM
from fupin.resources import folder

Schema = dict[URIRef, set[URIRef]]  # class -> the properties its nodes carry

# (class, property) written by graph/build.py that shapes/structure.ttl leaves unconstrained, and why.
_NAMING = "why two written names were merged: free text, any number, nothing to constrain"
_DIVISION = "written from the gazetteer, not from a report; the county's own shape holds the same rules"
_PLACE = "a township or village is its name, county and evidence, written together by build.write_place; not shaped yet"
_EVIDENCE = "evidence nodes are the most numerous: a shape on each costs validation more than it is worth"
UNSHAPED: dict[tuple[URIRef, URIRef], str] = {
    (FP.Enterprise, FP.mergeReason): _NAMING,
    (FP.Person, FP.mergeReason): _NAMING,
    (FP.Evidence, FP.figureStart): _EVIDENCE + " (score_gold checks every figure's offsets)",
    (FP.Evidence, FP.figureEnd): _EVIDENCE + " (as fp:figureStart)",
    (FP.Prefecture, RDFS.label): _DIVISION,
    (FP.Prefecture, FP.divisionCode): _DIVISION,
    (FP.Prefecture, FP.partOf): _DIVISION,
    (FP.Province, RDFS.label): _DIVISION,
    (FP.Province, FP.divisionCode): _DIVISION,
    (FP.Township, RDFS.label): _PLACE,
    (FP.Township, FP.evidence): _PLACE,
    (FP.Township, FP.partOf): _PLACE,
    (FP.Village, RDFS.label): _PLACE,
    (FP.Village, FP.evidence): _PLACE,
    (FP.Village, FP.partOf): _PLACE,
}

# Standard terms the writer uses that ontology/fupin.ttl does not redeclare.
STANDARD = frozenset({RDFS.label, DCTERMS.title, OWL.versionInfo, PROV.used, PROV.wasAssociatedWith})

# The node each export table's rows start from.
TABLES: dict[URIRef, dict[str, tuple[URIRef, ...]]] = {
    FP.Observation: export.OBSERVATION_PATHS,
    FP.Intervention: export.INTERVENTION_PATHS,
    FP.Evidence: export.EVIDENCE_PATHS,
}

# ---------------------------------------------------------------- every record type, every field set

SOURCE, COUNTY, OTHER = "schema-test.txt", "520402", "520403"  # 贵州 安顺: 西秀区, 平坝区


def _ev(start: int, figure: bool = False) -> Evidence:
    quote = "全县2019年减贫1000人"
    return Evidence(SOURCE, start, start + len(quote), quote, "schema.test", 0.9, *((5, 9) if figure else ()))


def full_documents() -> list[DocumentFacts]:
    """One report holding every record type with every optional field given a value."""
    report = ReportFact(
        SOURCE,
        COUNTY,
        title="脱贫攻坚工作总结",
        author="县扶贫办",
        published=date(2020, 5, 1),
        sha256="0" * 64,
        evidence=(_ev(0),),
        subject_rule="subject.heading",
        subject_reason="heading names the county",
    )
    facts = [
        ObservationFact(
            COUNTY,
            "lifted-population",
            Decimal(1000),
            "person",
            _ev(10, figure=True),
            status="target",
            approximate=True,
            period_start=2014,
            period_end=2019,
            target_year=2020,
            place="新场乡",
        ),
        ObservationFact(COUNTY, "lifted-households", Decimal(300), "household", _ev(20, figure=True)),
        InterventionFact(COUNTY, "workshop", _ev(30), partners=("黔南茶业有限公司",), detail="sock-workshop"),
        EnterpriseFact(
            "黔南茶业有限公司",
            COUNTY,
            _ev(40),
            role="依托",
            share_percent=Decimal(51),
            measures=("industry",),
        ),
        ProgramFact("三大工程", COUNTY, _ev(50), measures=("industry",), parts=("安居工程",)),
        PositionFact("王某某", "县委书记", COUNTY, _ev(60)),
        ExitFact(COUNTY, date(2019, 4, 20), _ev(70)),
        PlaceFact("新场乡", "township", COUNTY, _ev(80)),
        PlaceFact("大坡村", "village", COUNTY, _ev(90)),
    ]
    return [DocumentFacts(report, facts)]


def _gazetteer():
    from fupin.extract.gazetteer import Gazetteer

    return Gazetteer.load()


def written_graph(docs: list[DocumentFacts]) -> Graph:
    """Every triple graph/build.py writes for `docs` (no ontology), all named graphs in one."""
    data = build.build_dataset(docs, gazetteer=_gazetteer(), ontology=Graph())
    union = Graph()
    for graph in data.graphs():
        for triple in graph:
            union.add(triple)
    return union


def written_schema(graph: Graph) -> Schema:
    schema: Schema = {}
    for node, kind in graph.subject_objects(RDF.type):
        schema.setdefault(kind, set()).update(p for p in graph.predicates(node) if p != RDF.type)
    return schema


# ---------------------------------------------------------------- the shapes and the ontology as data


def shaped_schema(shapes: Graph) -> Schema:
    """Per target class, the property paths its node shapes constrain (named or blank property shapes)."""
    schema: Schema = {}
    for shape, kind in shapes.subject_objects(SH.targetClass):
        paths = {shapes.value(p, SH.path) for p in shapes.objects(shape, SH.property)}
        schema.setdefault(kind, set()).update(p for p in paths if isinstance(p, URIRef))
    return schema


def _members(graph: Graph, node) -> set:
    """A class expression's named classes: the node, or the members of its owl:unionOf."""
    if isinstance(node, BNode) and graph.value(node, OWL.unionOf) is not None:
        return set(Collection(graph, graph.value(node, OWL.unionOf)))
    return {node}


def _superclasses(ontology: Graph, kind: URIRef) -> set:
    found, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(ontology.objects(current, RDFS.subClassOf))
    return found


PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


def ontology_drift(written: Schema, ontology: Graph) -> list[str]:
    """Written classes and properties the ontology lacks, or whose rdfs:domain excludes the class."""
    problems = []
    for kind, properties in sorted(written.items()):
        if str(kind).startswith(str(FP)) and (kind, RDF.type, OWL.Class) not in ontology:
            problems.append(f"class {kind} written but not an owl:Class in ontology/fupin.ttl")
        for prop in sorted(properties):
            if prop in STANDARD:
                continue
            if not any((prop, RDF.type, k) in ontology for k in PROPERTY_KINDS):
                problems.append(f"{prop} written on {kind} but not declared in ontology/fupin.ttl")
                continue
            domains = {c for d in ontology.objects(prop, RDFS.domain) for c in _members(ontology, d)}
            if domains and not domains & _superclasses(ontology, kind):
                problems.append(f"{prop} written on {kind}, outside its rdfs:domain")
    return problems


def shapes_drift(written: Schema, shaped: Schema, unshaped: Iterable[tuple[URIRef, URIRef]]) -> list[str]:
    """Written properties no shape constrains, shapes about properties never written, stale UNSHAPED."""
    allowed = set(unshaped)
    problems = []
    for kind in sorted(set(written) | set(shaped)):
        if not str(kind).startswith(str(FP)):
            continue
        have, want = written.get(kind, set()), shaped.get(kind, set())
        problems += [
            f"{p} written on {kind} with no shape" for p in sorted(have - want) if (kind, p) not in allowed
        ]
        problems += [f"{p} shaped on {kind} but never written" for p in sorted(want - have)]
    problems += [
        f"UNSHAPED {k} {p} is stale"
        for k, p in sorted(allowed)
        if p not in written.get(k, set()) - shaped.get(k, set())
    ]
    return problems


def range_drift(shapes: Graph, ontology: Graph) -> list[str]:
    """A shape's sh:datatype or sh:class that contradicts its property's rdfs:range in the ontology."""
    problems = []
    for shape, prop in sorted(shapes.subject_objects(SH.path)):
        ranges = {r for d in ontology.objects(prop, RDFS.range) for r in _members(ontology, d)}
        if not isinstance(prop, URIRef) or not ranges:
            continue
        for check in (SH.datatype, SH["class"]):
            value = shapes.value(shape, check)
            if value is None:
                continue
            wider = {c for r in ranges for c in _superclasses(ontology, r)}  # fp:Measure ⊑ skos:Concept
            if value not in wider and not _superclasses(ontology, value) & ranges:
                problems.append(f"{shape}: {check} {value} but {prop} has range {sorted(ranges)}")
    return problems


def export_drift(
    written: Schema, tables: dict[URIRef, dict[str, tuple[URIRef, ...]]], ontology: Graph
) -> list[str]:
    """Export columns read along a property the writer never writes on that node's class."""
    problems = []
    for start, columns in tables.items():
        for column, path in columns.items():
            kinds = {start}
            for prop in path:
                if not any(prop in written.get(k, set()) for k in kinds):
                    problems.append(f"column {column!r}: {prop} is never written on {sorted(kinds)}")
                    break
                kinds = {r for d in ontology.objects(prop, RDFS.range) for r in _members(ontology, d)}
                kinds = {k for k in written if kinds & _superclasses(ontology, k)}
    return problems


# ---------------------------------------------------------------- record fields the writer must read


def _other(value: object, hint: object) -> object:
    """A different value of the same type, so a field the writer reads changes the graph."""
    if typing.get_origin(hint) is typing.Literal:
        return next(a for a in typing.get_args(hint) if a != value)
    if isinstance(value, bool):
        return not value
    if isinstance(value, Evidence):
        return dataclasses.replace(value, start=value.start + 1)
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, (int, Decimal)):
        return value + 1
    if isinstance(value, tuple):
        return (
            (*value, _other(value[0], None)) if value and isinstance(value[0], Evidence) else (*value, "乙")
        )
    if isinstance(value, str):
        return OTHER if value == COUNTY else value + "乙"
    raise TypeError(f"no other value for {value!r}")


def ignored_fields(docs: list[DocumentFacts], write: Callable[[list[DocumentFacts]], Graph]) -> list[str]:
    """Record fields whose value the writer never reads: changing one leaves the triples as they were."""
    base = set(write(docs))
    report, facts = docs[0].report, docs[0].facts
    items = [report, *facts]
    problems = []
    for index, record in enumerate(items):
        hints = typing.get_type_hints(type(record), vars(records))
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if value is None or f.name == "source":  # the source names the report, not a fact's triple
                continue
            changed = [*items]
            changed[index] = dataclasses.replace(record, **{f.name: _other(value, hints.get(f.name))})
            if set(write([DocumentFacts(changed[0], changed[1:])])) == base:
                problems.append(f"{type(record).__name__}.{f.name} is not written")
    return problems


# ---------------------------------------------------------------- the checks on the real files


@pytest.fixture(scope="module")
def written() -> Schema:
    return written_schema(written_graph(full_documents()))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(folder("shapes") / "structure.ttl")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(folder("ontology") / "fupin.ttl")


def test_the_writer_and_the_structure_shapes_agree(written: Schema, shapes: Graph) -> None:
    assert shapes_drift(written, shaped_schema(shapes), UNSHAPED) == []


def test_the_writer_uses_only_what_the_ontology_declares(written: Schema, ontology: Graph) -> None:
    assert ontology_drift(written, ontology) == []


def test_the_shapes_agree_with_the_ontology_ranges(shapes: Graph, ontology: Graph) -> None:
    assert range_drift(shapes, ontology) == []


def test_the_export_columns_read_what_the_writer_writes(written: Schema, ontology: Graph) -> None:
    assert export_drift(written, TABLES, ontology) == []


def test_every_fact_type_is_checked_and_written() -> None:
    """A new record in the Fact union needs a Mapping in graph/build.py and an example in full_documents."""
    kinds = set(typing.get_args(records.Fact))
    assert {m.kind for m in build.MAPPINGS} == kinds
    assert {type(f) for d in full_documents() for f in d.facts} == kinds


def test_the_writer_reads_every_record_field() -> None:
    assert ignored_fields(full_documents(), written_graph) == []


def test_the_python_copies_of_the_ontology_agree_with_it() -> None:
    """CONTRACT_INDICATORS, FIVE_BATCHES and the group marks hold an order (and short marks) the ontology
    has no place for; their members must still be the ontology's."""
    graph = build.load_ontology(links=False)
    indicators = {str(s)[len(str(FPI)) :] for s in graph.subjects(SKOS.inScheme, FPI.scheme)}
    assert set(CONTRACT_INDICATORS) <= indicators and len(set(CONTRACT_INDICATORS)) == 20
    groups = {str(m)[len(str(FPM)) :] for m in graph.objects(FIVE_BATCHES_COLLECTION, SKOS.member)}
    assert set(FIVE_BATCHES) == groups == set(GROUP_MARKS)
    for group, mark in GROUP_MARKS.items():
        labels = [str(x) for x in graph.objects(FPM[group], SKOS.prefLabel) if x.language == "zh"]
        assert len(mark) == 1 and any(mark in label for label in labels), (group, mark, labels)


# ---------------------------------------------------------------- one copy changed alone fails


def _without(text: str, start: str) -> str:
    """`text` without the Turtle statement that begins with line `start` (up to its closing " .")."""
    at = text.index(start)
    end = text.index(" .\n", at) + 3
    return text[:at] + text[end:]


def test_a_shape_removed_alone_is_drift(written: Schema, tmp_path: Path) -> None:
    text = (folder("shapes") / "structure.ttl").read_text(encoding="utf-8")
    text = _without(text, "fpsh:Observation-approximate a sh:PropertyShape").replace(
        ",\n        fpsh:Observation-approximate .", " ."
    )
    (tmp_path / "structure.ttl").write_text(text, encoding="utf-8")
    problems = shapes_drift(written, shaped_schema(Graph().parse(tmp_path / "structure.ttl")), UNSHAPED)
    assert problems == [f"{FP.approximate} written on {FP.Observation} with no shape"]


def test_a_property_removed_from_the_ontology_alone_is_drift(written: Schema, tmp_path: Path) -> None:
    text = (folder("ontology") / "fupin.ttl").read_text(encoding="utf-8")
    (tmp_path / "fupin.ttl").write_text(_without(text, "fp:approximate\n"), encoding="utf-8")
    problems = ontology_drift(written, Graph().parse(tmp_path / "fupin.ttl"))
    assert problems == [
        f"{FP.approximate} written on {FP.Observation} but not declared in ontology/fupin.ttl"
    ]


def test_a_writer_changed_alone_is_drift(
    shapes: Graph, ontology: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write_with_extra(out, facts, about):
        counties = build.write_observation(out, facts, about)
        out.graph.add((build.observation_iri(facts[0], about, out.iri), FP.newProperty, Literal(1)))
        return counties

    mappings = tuple(
        dataclasses.replace(m, write=write_with_extra) if m.kind is ObservationFact else m
        for m in build.MAPPINGS
    )
    monkeypatch.setattr(build, "MAPPINGS", mappings)
    changed = written_schema(written_graph(full_documents()))
    assert shapes_drift(changed, shaped_schema(shapes), UNSHAPED) == [
        f"{FP.newProperty} written on {FP.Observation} with no shape"
    ]
    assert ontology_drift(changed, ontology) == [
        f"{FP.newProperty} written on {FP.Observation} but not declared in ontology/fupin.ttl"
    ]


def test_an_export_column_changed_alone_is_drift(written: Schema, ontology: Graph) -> None:
    tables = {
        **TABLES,
        FP.Observation: {**export.OBSERVATION_PATHS, "period_end": (FP.referencePeriodFinish,)},
    }
    assert export_drift(written, tables, ontology) == [
        f"column 'period_end': {FP.referencePeriodFinish} is never written on {[FP.Observation]}"
    ]


def test_a_record_field_added_alone_is_drift() -> None:
    @dataclasses.dataclass(frozen=True, order=True)
    class NotedObservation(ObservationFact):
        note: str = "据统计"

    docs = full_documents()
    first = docs[0].facts[0]
    noted = NotedObservation(**{f.name: getattr(first, f.name) for f in dataclasses.fields(first)})
    docs = [DocumentFacts(docs[0].report, [noted, *docs[0].facts[1:]])]
    assert ignored_fields(docs, written_graph) == ["NotedObservation.note is not written"]
