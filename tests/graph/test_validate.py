"""SHACL structure shapes: a realistic build conforms; a broken fact is named with its shape and node."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from sample_facts import F000, YUNYANG, Reader, sample_docs

from fupin.extract.facts import DocumentFacts, Evidence, ObservationFact, PositionFact, ReportFact
from fupin.graph.build import build_dataset, county_iri, report_iri
from fupin.graph.validate import load_shapes, validate
from fupin.graph.vocab import FP, FPSH, RDF, RDFS, SH, compact

# The stand-in ontology of the fixtures is deliberately partial (no English labels, no schemes), so tests
# built on it check the facts with the structure and completeness shapes and leave the ontology shapes out.
FACT_SHAPES = load_shapes("structure.ttl", "completeness.ttl")


def test_a_graph_built_from_realistic_records_conforms(docs, gazetteer, ontology):
    report = validate(build_dataset(docs, gazetteer=gazetteer, ontology=ontology), FACT_SHAPES)
    assert report.conforms, report.results
    assert report.violations == []


def test_an_observation_without_its_value_fails_naming_shape_and_node(docs, gazetteer, ontology):
    ds = build_dataset(docs, gazetteer=gazetteer, ontology=ontology)
    graph = ds.graph(report_iri(F000))
    obs = sorted(graph.subjects(RDF.type, FP.Observation))[0]
    graph.remove((obs, FP.value, None))
    report = validate(ds, FACT_SHAPES)
    assert not report.conforms
    [result] = report.violations
    assert result.shape == "fpsh:Observation-value"
    assert result.focus == compact(str(obs))
    assert result.path == "fp:value"
    assert "fp:value" in result.message
    assert result.label == "郧阳区 · fpi:" + obs_indicator(graph, obs)
    assert result.quote
    assert "数值" in validate(ds, FACT_SHAPES, lang="zh").violations[0].message


def test_evidence_offsets_must_be_non_negative_and_ordered(gazetteer, ontology):
    bad = Evidence(F000, -3, -5, "胡先平", "actors.title")
    doc = DocumentFacts(ReportFact(F000, YUNYANG), [PositionFact("胡先平", "区长", YUNYANG, bad)])
    report = validate(build_dataset([doc], gazetteer=gazetteer, ontology=ontology), FACT_SHAPES)
    shapes = {r.shape for r in report.violations}
    assert {"fpsh:Evidence-start", "fpsh:Evidence-end", "fpsh:Evidence-order"} <= shapes


def test_an_unknown_indicator_and_a_malformed_county_code_are_violations(gazetteer, ontology):
    r = Reader(F000)
    ev = r.ev("16.3万", "indicators.outcome")
    fact = ObservationFact("4203", "no-such-indicator", Decimal(1), "person", ev)
    report = validate(
        build_dataset(
            [DocumentFacts(ReportFact(F000, "4203"), [fact])], gazetteer=gazetteer, ontology=ontology
        ),
        FACT_SHAPES,
    )
    found = {(r.shape, r.focus) for r in report.violations}
    assert ("fpsh:County-code", compact(str(county_iri("4203")))) in found
    assert ("fpsh:County-known", compact(str(county_iri("4203")))) in found
    assert any(shape == "fpsh:Observation-indicator" for shape, _ in found)


def test_warnings_do_not_fail_the_graph(docs, gazetteer, ontology):
    shapes = Graph().parse(
        data=f"""
        @prefix sh: <{SH}> . @prefix fp: <{FP}> . @prefix fpsh: <{FPSH}> .
        fpsh:Gap a sh:NodeShape ; sh:targetClass fp:County ;
            sh:property [ sh:path fp:exitDate ; sh:minCount 1 ; sh:severity sh:Warning ;
                          sh:message "no exit date"@en ] .
        """,
        format="turtle",
    )
    report = validate(build_dataset(docs, gazetteer=gazetteer, ontology=ontology), shapes)
    assert report.conforms
    assert {r.severity for r in report.results} == {"Warning"}
    assert len(report.results) == 3  # 咸安区, 远安县, 茅箭区 have no exit date in the fixtures


def obs_indicator(graph: Graph, obs) -> str:
    return str(graph.value(obs, FP.indicator)).rsplit("/", 1)[-1]


def test_every_shape_has_a_message_in_chinese_and_english_and_a_reason():
    shapes = load_shapes()
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(nodes) > 80
    for shape in nodes:
        langs = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        assert {"zh", "en"} <= langs, shape
        assert shapes.value(shape, RDFS.comment) is not None, shape
    # Core constraints only, for speed; the one exception quotes two values in its message (only a
    # SPARQL constraint can) and targets fp:ExitApproval, a handful of nodes per corpus.
    sparql = set(shapes.subjects(SH.sparql, None))
    assert sparql <= {FPSH.ExitDateInBatchWindow}, "core constraints only"
    assert all(set(shapes.objects(s, SH.targetClass)) == {FP.ExitApproval} for s in sparql)


def test_the_real_ontology_and_gazetteer_build_conforms(real_ontology, real_gazetteer):
    report = validate(build_dataset(sample_docs(), gazetteer=real_gazetteer, ontology=real_ontology))
    assert report.conforms, report.violations[:5]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_messages_follow_the_requested_language(docs, gazetteer, ontology, lang):
    ds = build_dataset(docs, gazetteer=gazetteer, ontology=ontology)
    ds.graph(report_iri(F000)).remove((None, FP.evidence, None))
    messages = {r.message for r in validate(ds, FACT_SHAPES, lang=lang).violations}
    assert messages
    has_cjk = all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in messages)
    assert has_cjk == (lang == "zh")


def test_the_default_shapes_are_all_three_files_with_the_gazetteer_codes():
    shapes = load_shapes()
    names = {compact(str(s)) for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    assert {"fpsh:Observation-value", "fpsh:County-hasExitDate", "fpsh:Concept-notation"} <= names
    codes = shapes.value(FPSH["County-known"], SH["in"])
    assert codes is not None
    assert Literal("420304") in set(shapes.items(codes))
    assert Literal("420000") not in set(shapes.items(codes)), "county level only"


def test_the_real_build_reports_the_sample_counties_gaps(real_ontology, real_gazetteer):
    report = validate(build_dataset(sample_docs(), gazetteer=real_gazetteer, ontology=real_ontology))
    gaps = {(r.shape, r.label) for r in report.warnings}
    assert {("fpsh:County-liftedPopulation", "咸安区"), ("fpsh:County-liftedPopulation", "远安县")} <= gaps
    no_exit = {label for shape, label in gaps if shape == "fpsh:County-hasExitDate"}
    assert no_exit == {"咸安区", "远安县", "茅箭区"}
