"""The ontology files are an API (SPARQL users) and the extractor's lexicon: check both contracts.

Structure first (every contract term present with its exact IRI, SKOS well-formed, every fp: term
labelled), then the extractor's real measure matcher, built from the Lexicon that graph/lexicon.py loads
from the ontology (lexicon.ttl included), against real report text: labels must find the measures the
gold facts say a report uses, and must stay silent on sentences that only look like a measure.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

from fupin.resources import folder

FP = Namespace("https://w3id.org/fupin/ontology#")
FPM = Namespace("https://w3id.org/fupin/measure/")
FPI = Namespace("https://w3id.org/fupin/indicator/")
FPU = Namespace("https://w3id.org/fupin/unit/")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")

FILES = ("fupin.ttl", "measures.ttl", "indicators.ttl", "units.ttl")
SCHEMES = {"measure": FPM, "indicator": FPI, "unit": FPU}
GOLD = Path(__file__).resolve().parents[1] / "data" / "gold-seeds.json"

CONTRACT_MEASURES = (
    "industry",
    "relocation",
    "eco-compensation",
    "eco-ranger",
    "education",
    "social-security",
    "workshop",
    "employment",
    "public-welfare-job",
    "microcredit",
    "financial",
    "consumption",
    "photovoltaic",
    "tourism",
    "ecommerce",
    "health",
    "housing",
    "drinking-water",
    "infrastructure",
    "village-team",
    "paired-assistance",
    "skills-training",
    "cooperative",
    "love-supermarket",
    "care-center",
    "insurance",
    "land-linkage",
    "asset-income",
    "monitoring",
    "morale",
)
CONTRACT_INDICATOR_UNITS = {
    "registered-poor-population": "person",
    "registered-poor-households": "household",
    "lifted-population": "person",
    "lifted-households": "household",
    "poor-villages": "village",
    "villages-exited": "village",
    "poverty-incidence": "percent",
    "per-capita-income": "yuan",
    "relocated-population": "person",
    "relocated-households": "household",
    "workshop-count": "workshop",
    "workshop-employment": "person",
    "funds-invested": "yuan",
    "eco-rangers": "person",
    "trained-persons": "person",
    "first-secretaries": "person",
    "village-teams": "team",
    "assisting-cadres": "person",
    "microcredit-amount": "yuan",
    "houses-renovated": "household",
}
CONTRACT_UNITS = ("person", "household", "village", "percent", "yuan", "workshop", "team", "person-time")
CONTRACT_CLASSES = (
    "Division",
    "Province",
    "Prefecture",
    "County",
    "Township",
    "Village",
    "Report",
    "Intervention",
    "Observation",
    "Program",
    "Enterprise",
    "Person",
    "Position",
    "Evidence",
    "ExitApproval",
    "Status",
)
CONTRACT_PROPERTIES = (
    "divisionCode",
    "partOf",
    "exitDate",
    "sourceFile",
    "about",
    "county",
    "measure",
    "indicator",
    "value",
    "unit",
    "status",
    "approximate",
    "targetYear",
    "referencePeriodStart",
    "referencePeriodEnd",
    "place",
    "evidence",
    "partner",
    "role",
    "sharePercent",
    "hasPart",
    "holder",
    "title",
    "source",
    "quote",
    "start",
    "end",
    "rule",
    "confidence",
    "textSha256",
    "publicationDate",
    "author",
    "countedCue",
    "eventCue",
    "vetoCue",
    "unitLabel",
    "defaultUnit",
    "allowedUnit",
)
FIVE_BATCHES = {"industry", "relocation", "eco-compensation", "education", "social-security"}


@pytest.fixture(scope="module")
def onto() -> Graph:
    graph = Graph()
    for name in FILES:
        graph.parse(folder("ontology") / name, format="turtle")
    return graph


def concepts(graph: Graph, ns: Namespace) -> list[URIRef]:
    """Every skos:Concept whose IRI lies in one scheme's namespace."""
    return sorted(c for c in graph.subjects(RDF.type, SKOS.Concept) if str(c).startswith(str(ns)))


def zh(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    objects = graph.objects(subject, predicate)
    return {str(o) for o in objects if isinstance(o, Literal) and o.language == "zh"}


def langs(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str | None]:
    return [o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)]


def fp_terms(graph: Graph) -> Iterator[URIRef]:
    """Every fp: IRI the ontology declares as a class, property or individual."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
    for kind in kinds:
        yield from (s for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(FP)))


def hidden_predicates(graph: Graph) -> set[URIRef]:
    return {SKOS.hiddenLabel, *graph.subjects(RDFS.subPropertyOf, SKOS.hiddenLabel)}


# Structure ------------------------------------------------------------------------------------------


def test_all_four_files_parse_and_are_non_trivial(onto: Graph) -> None:
    for name in FILES:
        assert len(Graph().parse(folder("ontology") / name, format="turtle")) > 50, name


def test_contract_measures_are_top_concepts_with_exact_iris(onto: Graph) -> None:
    for notation in CONTRACT_MEASURES:
        iri = FPM[notation]
        assert (iri, RDF.type, SKOS.Concept) in onto, notation
        assert (iri, SKOS.topConceptOf, FPM.scheme) in onto, notation
        assert (FPM.scheme, SKOS.hasTopConcept, iri) in onto, notation
    tops = set(onto.objects(FPM.scheme, SKOS.hasTopConcept))
    assert tops == {FPM[n] for n in CONTRACT_MEASURES}, "only contract measures may be top concepts"


def test_contract_indicators_have_their_default_unit(onto: Graph) -> None:
    for notation, unit in CONTRACT_INDICATOR_UNITS.items():
        iri = FPI[notation]
        assert (iri, RDF.type, SKOS.Concept) in onto, notation
        assert (iri, FP.defaultUnit, FPU[unit]) in onto, notation


def test_trained_persons_allows_people_and_attendances(onto: Graph) -> None:
    assert set(onto.objects(FPI["trained-persons"], FP.allowedUnit)) == {FPU.person, FPU["person-time"]}


def test_contract_units_present(onto: Graph) -> None:
    for notation in CONTRACT_UNITS:
        assert (FPU[notation], RDF.type, SKOS.Concept) in onto, notation


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_concept_is_well_formed(onto: Graph, scheme: str) -> None:
    ns = SCHEMES[scheme]
    found = concepts(onto, ns)
    assert found, scheme
    for concept in found:
        tail = str(concept)[len(str(ns)) :]
        assert [str(n) for n in onto.objects(concept, SKOS.notation)] == [tail], concept
        pref = langs(onto, concept, SKOS.prefLabel)
        assert sorted(pref) == ["en", "zh"], f"{concept}: one prefLabel per language, zh and en"
        assert (concept, SKOS.inScheme, ns.scheme) in onto, concept
        assert "en" in langs(onto, concept, SKOS.definition), concept
        assert all(lang == "zh" for lang in langs(onto, concept, SKOS.altLabel)), concept


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_notations_unique_per_scheme(onto: Graph, scheme: str) -> None:
    notations = [str(n) for c in concepts(onto, SCHEMES[scheme]) for n in onto.objects(c, SKOS.notation)]
    assert len(notations) == len(set(notations))


def test_broader_stays_in_scheme_and_reaches_a_contract_measure(onto: Graph) -> None:
    tops = {FPM[n] for n in CONTRACT_MEASURES}
    for concept in concepts(onto, FPM):
        seen = [concept]
        while seen[-1] not in tops:
            parents = list(onto.objects(seen[-1], SKOS.broader))
            assert len(parents) == 1, f"{seen[-1]} needs exactly one broader concept"
            assert parents[0] not in seen, f"cycle at {parents[0]}"
            assert (parents[0], SKOS.inScheme, FPM.scheme) in onto
            seen.append(parents[0])


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_top_concepts_are_consistent(onto: Graph, scheme: str) -> None:
    """hasTopConcept and topConceptOf agree, and a concept with a broader one is never a top concept."""
    ns = SCHEMES[scheme]
    listed = set(onto.objects(ns.scheme, SKOS.hasTopConcept))
    assert listed == set(onto.subjects(SKOS.topConceptOf, ns.scheme))
    assert not {c for c in listed if onto.value(c, SKOS.broader) is not None}


def test_five_batches_collection(onto: Graph) -> None:
    collection = FPM["five-batches"]
    assert (collection, RDF.type, SKOS.Collection) in onto
    assert set(onto.objects(collection, SKOS.member)) == {FPM[n] for n in FIVE_BATCHES}


def test_contract_classes_and_properties_declared(onto: Graph) -> None:
    declared = set(fp_terms(onto))
    missing = [n for n in (*CONTRACT_CLASSES, *CONTRACT_PROPERTIES) if FP[n] not in declared]
    assert not missing
    assert (FP.Target, RDF.type, FP.Status) in onto
    assert (FP.Achieved, RDF.type, FP.Status) in onto


def test_every_fp_term_has_zh_en_labels_and_comment(onto: Graph) -> None:
    for term in fp_terms(onto):
        assert sorted(langs(onto, term, RDFS.label)) == ["en", "zh"], term
        assert "en" in langs(onto, term, RDFS.comment), term


def test_every_property_has_domain_and_range(onto: Graph) -> None:
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for kind in kinds:
        for prop in onto.subjects(RDF.type, kind):
            if str(prop).startswith(str(FP)):
                assert onto.value(prop, RDFS.domain) is not None, prop
                assert onto.value(prop, RDFS.range) is not None, prop


def test_every_fp_iri_used_is_declared(onto: Graph) -> None:
    """A typo in a data file (fp:countedcue) would silently drop cues: every fp: IRI must be declared."""
    declared = set(fp_terms(onto)) | {FP.observationStructure}
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(str(FP))}
    assert used - declared == set()


def test_lexicon_properties_are_hidden_labels(onto: Graph) -> None:
    for name in ("countedCue", "eventCue", "vetoCue", "contextCue", "unitLabel"):
        assert (FP[name], RDFS.subPropertyOf, SKOS.hiddenLabel) in onto, name


# SKOS integrity and lexicon ambiguity ----------------------------------------------------------------


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_pref_alt_hidden_labels_disjoint(onto: Graph, scheme: str) -> None:
    """SKOS S13: a concept's pref-, alt- and hidden labels (cues are hidden labels) never coincide."""
    hidden = hidden_predicates(onto)
    for concept in concepts(onto, SCHEMES[scheme]):
        pref = zh(onto, concept, SKOS.prefLabel)
        alt = zh(onto, concept, SKOS.altLabel)
        hid = set().union(*(zh(onto, concept, p) for p in hidden))
        assert not pref & alt, (concept, pref & alt)
        assert not (pref | alt) & hid, (concept, (pref | alt) & hid)


@pytest.mark.parametrize("scheme", ["measure", "indicator"])
def test_no_label_names_two_concepts(onto: Graph, scheme: str) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for concept in concepts(onto, SCHEMES[scheme]):
        for label in zh(onto, concept, SKOS.prefLabel) | zh(onto, concept, SKOS.altLabel):
            owners[label].add(concept)
    shared = {label: sorted(c) for label, c in owners.items() if len(c) > 1}
    assert not shared


def test_default_unit_is_allowed_and_every_indicator_has_cues(onto: Graph) -> None:
    units = set(concepts(onto, FPU))
    for indicator in concepts(onto, FPI):
        default = onto.value(indicator, FP.defaultUnit)
        allowed = set(onto.objects(indicator, FP.allowedUnit))
        assert default in allowed and allowed <= units, indicator
        assert zh(onto, indicator, FP.countedCue), f"{indicator} has no counted noun"


def surface_forms(graph: Graph, unit: URIRef) -> set[str]:
    """A unit's own fp:unitLabel forms plus those of its broader units (village ⊑ item takes 个)."""
    forms = zh(graph, unit, FP.unitLabel)
    for parent in graph.objects(unit, SKOS.broader):
        forms |= surface_forms(graph, parent)
    return forms


def test_units_have_surface_forms_and_sure_qudt_links(onto: Graph) -> None:
    for unit in concepts(onto, FPU):
        assert surface_forms(onto, unit), unit
    assert "个" in surface_forms(onto, FPU.village)
    assert {"人", "名", "口"} <= zh(onto, FPU.person, FP.unitLabel)
    assert zh(onto, FPU["person-time"], FP.unitLabel) == {"人次"}
    assert (FPU.percent, SKOS.exactMatch, QUDT_UNIT.PERCENT) in onto
    assert (FPU.km, SKOS.exactMatch, QUDT_UNIT.KiloM) in onto
    assert (FPU.yuan, SKOS.exactMatch, URIRef("http://qudt.org/vocab/currency/CNY")) in onto


# The measure lexicon on real text ----------------------------------------------------------------------


class RealMatcher:
    """The extractor's own measure matcher (spaCy PhraseMatcher plus shared-head lists) over the Lexicon
    loaded from ontology/*.ttl, lexicon.ttl included; each label climbs to its contract measure."""

    def __init__(self) -> None:
        from fupin.extract.lexicon import load_lexicon
        from fupin.extract.pipeline import build_nlp

        self.lexicon = load_lexicon()
        self.nlp = build_nlp(self.lexicon)

    def __call__(self, text: str) -> set[str]:
        from fupin.extract.measures import ancestors
        from fupin.extract.pipeline import annotate

        broader = self.lexicon.measure_broader
        doc = annotate(self.nlp, text)
        return {ancestors(s.label_, broader)[-1] for s in doc.spans["measures"]}


@pytest.fixture(scope="module")
def measures_in() -> RealMatcher:
    return RealMatcher()


def test_lexicon_words_come_from_lexicon_ttl() -> None:
    """The extractor's word classes are lexicon.ttl's hidden labels: each class it reads is non-empty."""
    from fupin.extract.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert lexicon.measure_heads and lexicon.list_joiners and lexicon.target_cues and lexicon.official_titles


GOLD_DOCUMENTS = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]


@pytest.mark.parametrize("doc", GOLD_DOCUMENTS, ids=lambda d: d["file"])
def test_labels_find_every_required_measure_of_a_sample_report(measures_in: RealMatcher, doc: dict) -> None:
    text = (folder("corpus") / doc["file"]).read_text(encoding="utf-8")
    assert set(doc["measures"]) - measures_in(text) == set()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("在20个乡镇场各至少建设一个袜业扶贫车间，带动1万人就业增收", {"workshop", "employment"}),
        ("鼓励有意愿、有劳力、能适应城市生活的易迁对象进城、进产业园区集中安置", {"relocation", "industry"}),
        ("发放扶贫再贷款10.3亿元，小额扶贫信贷8.4亿元；发行社会扶贫债券10亿元", {"financial", "microcredit"}),
        ("从贫困人口中累计选聘护林员8625人，年人均增收4000元", {"eco-ranger"}),
        ("全面落实“先诊疗后付费”及“一站式、一票制”即时结算", {"health"}),
        ("依托南部山区旅游资源不断完善旅游服务配套设施", {"tourism"}),
        ("健全防返贫机制，实施贫困监测和即时帮扶", {"monitoring"}),
        ("全域推行“道德理事会+村规民约”治理模式", {"morale"}),
        ("累计完成土地增减挂钩指标交易5000亩", {"land-linkage"}),
    ],
)
def test_labels_read_real_sentences(measures_in: RealMatcher, sentence: str, expected: set[str]) -> None:
    assert measures_in(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("改扩建20个乡镇幸福院，配套医疗、文化、生活等各项服务设施", "health"),
        ("探索推广土地经营权入股、扶贫到户资金入股、土地托管、订单收购、信用合作等多种形式", "financial"),
        ("探索推广土地经营权入股、扶贫到户资金入股、土地托管、订单收购、信用合作等多种形式", "care-center"),
        ("组建“流动法庭”公开审理不养老案件18件，威慑不厚养老人行为", "care-center"),
        ("上半年，开展关爱“三留守”人员帮扶活动100余人次", "care-center"),
        ("对吸纳贫困户参股、带动增收效果好的农业合作组织在财政扶贫资金等方面给予支持", "asset-income"),
        ("帮助他们找到最合适的成长成才道路", "infrastructure"),
        ("区扶贫开发公司由湖北寿康永乐商贸集团有限公司持股51%、区城投公司持股49%", "asset-income"),
    ],
)
def test_labels_stay_silent_on_look_alikes(measures_in: RealMatcher, sentence: str, absent: str) -> None:
    assert absent not in measures_in(sentence)
