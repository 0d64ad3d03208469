"""Records -> RDF: stable IRIs, one named graph per report, collapsing of repeated facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rdflib import Dataset, Literal, URIRef
from sample_facts import (
    F000,
    F001,
    MAOJIAN,
    YUNYANG,
    Reader,
    corpus_text,
    fangxian,
    sample_docs,
    yunyang,
)

from fupin.extract.facts import DocumentFacts, ObservationFact, ReportFact
from fupin.graph import vocab
from fupin.graph.build import (
    build_dataset,
    county_iri,
    decimal_literal,
    enterprise_iri,
    prefecture_iri,
    province_iri,
    report_iri,
)
from fupin.graph.store import union_graph
from fupin.graph.vocab import DCTERMS, FP, FPI, FPM, FPU, PROV, RDF, RDFS, SKOS


@pytest.fixture
def ds(docs, gazetteer, ontology) -> Dataset:
    return build_dataset(docs, gazetteer=gazetteer, ontology=ontology)


def of_type(ds: Dataset, graph: URIRef, cls: URIRef) -> list[URIRef]:
    return sorted(ds.graph(graph).subjects(RDF.type, cls))


def test_each_report_has_its_own_named_graph_and_the_default_graph_holds_places_and_ontology(ds):
    named = {g.identifier for g in ds.graphs() if g.identifier != ds.default_graph.identifier}
    assert named == {report_iri(d.report.source) for d in sample_docs()}
    default = ds.default_graph
    assert (FPM.workshop, SKOS.notation, Literal("workshop")) in default
    assert (county_iri(YUNYANG), RDF.type, FP.County) in default
    assert not list(default.subjects(RDF.type, FP.Observation))
    report_graph = ds.graph(report_iri(F000))
    assert (report_iri(F000), FP.sourceFile, Literal(F000)) in report_graph
    assert not list(report_graph.subjects(RDF.type, FP.County))


def test_counties_are_labelled_and_part_of_prefecture_and_province(ds):
    g = ds.default_graph
    county, pref, prov = county_iri(YUNYANG), prefecture_iri("420300"), province_iri("420000")
    assert (county, FP.divisionCode, Literal("420304")) in g
    assert (county, RDFS.label, Literal("郧阳区", lang="zh")) in g
    assert (county, FP.partOf, pref) in g
    assert (pref, RDF.type, FP.Prefecture) in g
    assert (pref, RDFS.label, Literal("十堰市", lang="zh")) in g
    assert (pref, FP.partOf, prov) in g
    assert (prov, RDF.type, FP.Province) in g
    assert (prov, RDFS.label, Literal("湖北省", lang="zh")) in g


def test_a_county_directly_under_its_province_is_part_of_the_province(gazetteer, ontology):
    doc = DocumentFacts(ReportFact("xiantao.txt", "429004"))
    g = build_dataset([doc], gazetteer=gazetteer, ontology=ontology).default_graph
    assert list(g.objects(county_iri("429004"), FP.partOf)) == [province_iri("420000")]


def test_an_unknown_county_code_still_gets_a_typed_node(ontology, gazetteer):
    doc = DocumentFacts(ReportFact("x.txt", "999999"))
    g = build_dataset([doc], gazetteer=gazetteer, ontology=ontology).default_graph
    assert (county_iri("999999"), RDF.type, FP.County) in g
    assert (county_iri("999999"), FP.divisionCode, Literal("999999")) in g


def test_observation_carries_value_unit_status_and_evidence(ds):
    g = ds.graph(report_iri(F001))
    [obs] = [o for o in g.subjects(FP.indicator, FPI["lifted-population"])]
    assert g.value(obs, FP.value) == Literal("141281", datatype=vocab.XSD.decimal)
    assert g.value(obs, FP.unit) == FPU.person
    assert g.value(obs, FP.county) == county_iri("420325")
    assert g.value(obs, FP.status) == FP.Achieved
    ev = g.value(obs, FP.evidence)
    quote, start, end = (g.value(ev, p) for p in (FP.quote, FP.start, FP.end))
    assert start.datatype == vocab.XSD.integer
    assert corpus_text(F001)[int(start) : int(end)] == str(quote) == "累计脱贫退出48181户141281人"
    assert g.value(ev, FP.source) == report_iri(F001)
    assert g.value(ev, FP.rule) == Literal("indicators.outcome")
    assert g.value(ev, FP.confidence) == Literal("0.9", datatype=vocab.XSD.decimal)


def test_target_observation_has_status_target_and_target_year(ds):
    g = union_graph(ds)
    [obs] = list(g.subjects(FP.status, FP.Target))
    assert (obs, FP.targetYear, Literal("2017", datatype=vocab.XSD.gYear)) in g
    assert (obs, FP.approximate, Literal(True)) in g


@pytest.mark.parametrize(
    ("value", "lexical"),
    [
        (Decimal("16.3E4"), "163000"),
        (Decimal("95.10"), "95.1"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("-0.0"), "0"),
        (Decimal("8.4E8"), "840000000"),
        (0.85, "0.85"),
        (7129, "7129"),
    ],
)
def test_decimals_are_written_canonically(value, lexical):
    assert decimal_literal(value) == Literal(lexical, datatype=vocab.XSD.decimal)
    assert str(decimal_literal(value)) == lexical


def test_identical_observations_in_one_report_collapse_into_one_node_with_every_evidence(gazetteer, ontology):
    r = Reader(F000)
    first = r.ev("16.3万建档立卡贫困人口", "indicators.outcome")
    second = r.ev("全区16.3万建档立卡贫困人口全部脱贫", "indicators.summary")
    facts = [
        ObservationFact(YUNYANG, "lifted-population", Decimal("163000"), "person", first),
        ObservationFact(YUNYANG, "lifted-population", Decimal("16.3E4"), "person", second, approximate=True),
        ObservationFact(YUNYANG, "lifted-population", Decimal("163000"), "person", second, status="target"),
    ]
    doc = DocumentFacts(ReportFact(F000, YUNYANG), facts)
    ds = build_dataset([doc], gazetteer=gazetteer, ontology=ontology)
    g = ds.graph(report_iri(F000))
    nodes = of_type(ds, report_iri(F000), FP.Observation)
    assert len(nodes) == 2
    [achieved] = [n for n in nodes if g.value(n, FP.status) == FP.Achieved]
    assert len(list(g.objects(achieved, FP.evidence))) == 2
    assert (achieved, FP.approximate, None) not in g, "one exact reading makes the figure exact"


def test_interventions_collapse_per_county_and_measure_and_name_their_partners(ds):
    g = ds.graph(report_iri(F000))
    [node] = list(g.subjects(FP.measure, FPM.workshop))
    assert (node, RDF.type, FP.Intervention) in g
    assert len(list(g.objects(node, FP.evidence))) == 2
    partner = enterprise_iri("浙江诸暨袜业公司", "420304")
    assert list(g.objects(node, FP.partner)) == [partner]
    assert (partner, RDF.type, FP.Enterprise) in g
    assert (partner, RDFS.label, Literal("浙江诸暨袜业公司", lang="zh")) in g
    assert (partner, FP.role, Literal("依托", lang="zh")) in g
    assert (partner, FP.county, county_iri(YUNYANG)) in g


def test_programs_have_parts_that_are_programs_too(ds):
    g = ds.graph(report_iri(F000))
    [whole] = list(g.subjects(RDFS.label, Literal("四大工程", lang="zh")))
    parts = sorted(str(g.value(p, RDFS.label)) for p in g.objects(whole, FP.hasPart))
    assert parts == ["放心工程", "舒心工程"]
    for part in g.objects(whole, FP.hasPart):
        assert (part, RDF.type, FP.Program) in g
        assert (part, FP.evidence, None) in g
    [model] = list(g.subjects(RDFS.label, Literal("1+2+N产业脱贫模式", lang="zh")))
    assert set(g.objects(model, FP.measure)) == {FPM.industry, FPM.employment}


def test_positions_link_a_person_with_a_title_as_written(ds):
    g = ds.graph(report_iri("002_c375c8cd05350800.txt"))
    titles = {
        (str(g.value(g.value(p, FP.holder), RDFS.label)), g.value(p, FP.title))
        for p in g.subjects(RDF.type, FP.Position)
    }
    assert ("李文波", Literal("区委副书记、区长", lang="zh")) in titles
    for person in g.subjects(RDF.type, FP.Person):
        assert g.value(person, RDFS.label) is not None


def test_exit_date_goes_on_the_county_with_an_approval_node_holding_the_evidence(ds):
    g = ds.graph(report_iri(F000))
    assert (county_iri(YUNYANG), FP.exitDate, Literal("2020-04-23", datatype=vocab.XSD.date)) in g
    [approval] = list(g.subjects(RDF.type, FP.ExitApproval))
    assert g.value(approval, FP.county) == county_iri(YUNYANG)
    assert "2020年4月23日" in str(g.value(g.value(approval, FP.evidence), FP.quote))


def test_places_and_report_metadata(ds):
    g = ds.graph(report_iri(F000))
    [town] = list(g.subjects(RDF.type, FP.Township))
    assert (town, RDFS.label, Literal("谭家湾镇", lang="zh")) in g
    assert (town, FP.partOf, county_iri(YUNYANG)) in g
    report = report_iri(F000)
    assert g.value(report, FP.about) == county_iri(YUNYANG)
    assert g.value(report, DCTERMS.title) == Literal("巩固脱贫成果 提高脱贫质量", lang="zh")
    assert str(g.value(report, FP.author)) == "胡先平"
    g3 = ds.graph(report_iri("003_f494fd4fdfdbdea1.txt"))
    assert (None, FP.publicationDate, Literal("2019-06-20", datatype=vocab.XSD.date)) in g3


def test_iris_do_not_depend_on_other_reports_or_their_order(gazetteer, ontology):
    alone = build_dataset([fangxian()], gazetteer=gazetteer, ontology=ontology)
    together = build_dataset(list(reversed(sample_docs())), gazetteer=gazetteer, ontology=ontology)
    graph = report_iri(F001)
    assert set(alone.graph(graph)) == set(together.graph(graph))
    iris = {str(s) for s in together.graph(graph).subjects()}
    assert all(len(i.rsplit("/", 1)[-1]) == 16 for i in iris if "/county/" not in i)


def test_min_confidence_drops_facts_read_with_low_confidence(gazetteer, ontology):
    doc = yunyang()
    r = Reader(F000)
    doc.facts.append(
        ObservationFact(
            MAOJIAN,
            "lifted-population",
            Decimal(1),
            "person",
            r.ev("全区16.3万", "indicators.guess", confidence=0.2),
        )
    )
    ds = build_dataset([doc], gazetteer=gazetteer, ontology=ontology, min_confidence=0.5)
    g = ds.graph(report_iri(F000))
    assert (None, FP.county, county_iri(MAOJIAN)) not in g
    assert (None, FP.rule, Literal("indicators.guess")) not in g
    assert (None, FP.indicator, FPI["lifted-population"]) in g
    assert (county_iri(MAOJIAN), None, None) not in ds.default_graph


def test_provenance_names_the_software_and_has_no_timestamp(ds):
    g = ds.default_graph
    [activity] = list(g.subjects(RDF.type, PROV.Activity))
    assert set(g.objects(activity, PROV.used)) == {report_iri(d.report.source) for d in sample_docs()}
    assert g.value(activity, PROV.wasAssociatedWith) is not None
    dated = [o for o in ds.quads() if isinstance(o[2], Literal) and o[2].datatype == vocab.XSD.dateTime]
    assert dated == []


def test_real_gazetteer_places_the_counties(real_gazetteer, ontology):
    ds = build_dataset(sample_docs(), gazetteer=real_gazetteer, ontology=ontology)
    g = ds.default_graph
    assert (county_iri("420325"), RDFS.label, Literal("房县", lang="zh")) in g
    assert (county_iri("421202"), FP.partOf, prefecture_iri("421200")) in g
    assert (prefecture_iri("421200"), RDFS.label, Literal("咸宁市", lang="zh")) in g
    assert (prefecture_iri("420300"), FP.partOf, province_iri("420000")) in g


def test_real_ontology_concepts_and_notations_are_in_the_output(real_ontology, gazetteer):
    ds = build_dataset(sample_docs(), gazetteer=gazetteer, ontology=None)
    g = ds.default_graph
    for concept, notation in (
        (FPM.workshop, "workshop"),
        (FPI["lifted-population"], "lifted-population"),
        (FPU.person, "person"),
    ):
        assert (concept, SKOS.notation, Literal(notation)) in g or any(
            str(n) == notation for n in g.objects(concept, SKOS.notation)
        )
    assert len(g) >= len(real_ontology)


def test_exit_date_literal_is_an_xsd_date(ds):
    dates = list(union_graph(ds).objects(None, FP.exitDate))
    assert dates and all(d.datatype == vocab.XSD.date for d in dates)
    assert {d.toPython() for d in dates} == {date(2020, 4, 23), date(2020, 4, 21)}
