"""SHACL structure shapes: a realistic build conforms; a broken fact is named with its shape and node."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import F000, YUNYANG, Reader, sample_docs
from rdflib import Graph, Literal

from fupin.extract.facts import DocumentFacts, Evidence, ObservationFact, PositionFact, ReportFact
from fupin.graph.build import build_dataset, county_iri, report_iri
from fupin.graph.validate import load_shapes, validate
from fupin.graph.vocab import FP, FPSH, RDF, SH, compact


def test_a_graph_built_from_realistic_records_conforms(docs, gazetteer, ontology):
    report = validate(build_dataset(docs, gazetteer=gazetteer, ontology=ontology))
    assert report.conforms, report.results
    assert report.violations == []


def test_an_observation_without_its_value_fails_naming_shape_and_node(docs, gazetteer, ontology):
    ds = build_dataset(docs, gazetteer=gazetteer, ontology=ontology)
    graph = ds.graph(report_iri(F000))
    obs = sorted(graph.subjects(RDF.type, FP.Observation))[0]
    graph.remove((obs, FP.value, None))
    report = validate(ds)
    assert not report.conforms
    [result] = report.violations
    assert result.shape == "fpsh:Observation-value"
    assert result.focus == compact(str(obs))
    assert result.path == "fp:value"
    assert "fp:value" in result.message
    assert "数值" in validate(ds, lang="zh").violations[0].message


def test_evidence_offsets_must_be_non_negative_and_ordered(gazetteer, ontology):
    bad = Evidence(F000, -3, -5, "胡先平", "actors.title")
    doc = DocumentFacts(ReportFact(F000, YUNYANG), [PositionFact("胡先平", "区长", YUNYANG, bad)])
    report = validate(build_dataset([doc], gazetteer=gazetteer, ontology=ontology))
    shapes = {r.shape for r in report.violations}
    assert {"fpsh:Evidence-start", "fpsh:Evidence-end", "fpsh:Evidence-order"} <= shapes


def test_an_unknown_indicator_and_a_malformed_county_code_are_violations(gazetteer, ontology):
    r = Reader(F000)
    ev = r.ev("16.3万", "indicators.outcome")
    fact = ObservationFact("4203", "no-such-indicator", Decimal(1), "person", ev)
    report = validate(build_dataset([DocumentFacts(ReportFact(F000, "4203"), [fact])],
                                    gazetteer=gazetteer, ontology=ontology))
    found = {(r.shape, r.focus) for r in report.violations}
    assert ("fpsh:County-code", compact(str(county_iri("4203")))) in found
    assert any(shape == "fpsh:Observation-indicator" for shape, _ in found)


def test_warnings_do_not_fail_the_graph(docs, gazetteer, ontology):
    shapes = Graph().parse(data=f"""
        @prefix sh: <{SH}> . @prefix fp: <{FP}> . @prefix fpsh: <{FPSH}> .
        fpsh:Gap a sh:NodeShape ; sh:targetClass fp:County ;
            sh:property [ sh:path fp:exitDate ; sh:minCount 1 ; sh:severity sh:Warning ;
                          sh:message "no exit date"@en ] .
        """, format="turtle")
    report = validate(build_dataset(docs, gazetteer=gazetteer, ontology=ontology), shapes)
    assert report.conforms
    assert {r.severity for r in report.results} == {"Warning"}
    assert len(report.results) == 3  # 咸安区, 远安县, 茅箭区 have no exit date in the fixtures


def test_every_shape_has_a_message_in_chinese_and_english():
    shapes = load_shapes()
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(nodes) > 20
    for shape in nodes:
        langs = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        assert {"zh", "en"} <= langs, shape
    assert not list(shapes.subjects(SH.sparql, None)), "core constraints only"


def test_the_real_ontology_and_gazetteer_build_conforms(real_ontology, real_gazetteer):
    report = validate(build_dataset(sample_docs(), gazetteer=real_gazetteer, ontology=real_ontology))
    assert report.conforms, report.violations[:5]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_messages_follow_the_requested_language(docs, gazetteer, ontology, lang):
    ds = build_dataset(docs, gazetteer=gazetteer, ontology=ontology)
    ds.graph(report_iri(F000)).remove((None, FP.evidence, None))
    messages = {r.message for r in validate(ds, lang=lang).violations}
    assert messages
    has_cjk = all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in messages)
    assert has_cjk == (lang == "zh")
