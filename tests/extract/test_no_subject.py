"""A report with no confident subject county keeps its facts: a fact whose sentence names one county goes
to that county, every other fact goes to no county (never to a guessed one), and the graph carries such
facts without fp:county, with a completeness warning and no violation."""

from __future__ import annotations

import pytest

from fupin.extract.facts import Document, DocumentFacts, InterventionFact, ObservationFact
from fupin.extract.lexicon import load_lexicon
from fupin.extract.pipeline import ReportExtractor
from fupin.graph.build import build_dataset, load_ontology
from fupin.graph.validate import load_shapes, validate
from fupin.graph.vocab import FP, RDF

XIJI, JINGYUAN, LONGDE = "640422", "640424", "640423"

PREFECTURE = """固原市脱贫攻坚工作综述

固原市扶贫开发办公室

2019年，全市减少贫困人口5.2万人。西吉县累计减少贫困人口2.1万户8.6万人，贫困发生率降至1.2%。泾源县建成扶贫车间26个，带动800名贫困群众就近就业。隆德县实施易地扶贫搬迁，安置搬迁群众3200人。

各地大力发展特色产业，开展技能培训。
"""

UNNAMED = """脱贫攻坚工作总结

今年以来，我县累计减少贫困人口1.2万人，贫困发生率降至0.8%。全县大力发展光伏扶贫和电商扶贫，实施易地扶贫搬迁。
"""


@pytest.fixture(scope="module")
def extractor() -> ReportExtractor:
    return ReportExtractor(load_lexicon())


def _run(extractor: ReportExtractor, text: str, source: str = "r.txt") -> DocumentFacts:
    return extractor.extract(Document(source=source, text=text))


def _observations(result: DocumentFacts) -> dict[tuple[str | None, str], set[str]]:
    found: dict[tuple[str | None, str], set[str]] = {}
    for f in result.facts:
        if isinstance(f, ObservationFact):
            found.setdefault((f.county_code, f.indicator), set()).add(str(f.value))
    return found


def test_a_prefecture_report_credits_each_figure_to_the_county_its_sentence_names(extractor) -> None:
    result = _run(extractor, PREFECTURE)
    assert result.report.county_code is None
    found = _observations(result)
    assert found[(XIJI, "lifted-population")] == {"86000"}
    assert found[(XIJI, "lifted-households")] == {"21000"}
    assert found[(JINGYUAN, "workshop-count")] == {"26"}
    assert found[(LONGDE, "relocated-population")] == {"3200"}
    assert "52000" not in {v for values in found.values() for v in values}  # the prefecture's own figure
    for f in result.facts:
        assert PREFECTURE[f.evidence.start : f.evidence.end] == f.evidence.quote


def test_a_sentence_naming_no_place_gives_facts_of_no_county(extractor) -> None:
    result = _run(extractor, PREFECTURE)
    unattributed = {
        f.measure for f in result.facts if isinstance(f, InterventionFact) and f.county_code is None
    }
    assert {"industry", "skills-training"} <= unattributed
    assert all(f.county_code is None for f in result.facts if "各地" in f.evidence.quote)


def test_a_report_that_names_no_county_keeps_its_figures_unattributed(extractor) -> None:
    result = _run(extractor, UNNAMED)
    assert result.report.county_code is None
    assert _observations(result)[(None, "lifted-population")] == {"12000"}
    assert {f.county_code for f in result.facts} == {None}


def test_a_figure_before_the_county_named_in_its_sentence_is_not_that_countys(extractor) -> None:
    text = "工作综述\n\n固原市扶贫办\n\n全市今年减少贫困人口4100人，其中彭阳县减少贫困人口900人。\n"
    found = _observations(_run(extractor, text))
    assert "4100" not in found.get(("640425", "lifted-population"), set())


def test_unattributed_facts_are_written_without_county_and_only_warned_of(extractor) -> None:
    results = [_run(extractor, PREFECTURE, "a.txt"), _run(extractor, UNNAMED, "b.txt")]
    ds = build_dataset(results, gazetteer=extractor.gazetteer, ontology=load_ontology())
    triples = {(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))}
    interventions = {s for s, p, o in triples if p == RDF.type and o == FP.Intervention}
    with_county = {s for s, p, _o in triples if p == FP.county}
    assert interventions & with_county and interventions - with_county
    report = validate(ds, load_shapes("structure.ttl", "completeness.ttl"))
    violations = [r for r in report.results if r.severity == "Violation"]
    assert violations == [], violations
    warned = {r.shape for r in report.results}
    assert {"fpsh:Fact-county", "fpsh:ObservationAttributionShape"} <= warned
