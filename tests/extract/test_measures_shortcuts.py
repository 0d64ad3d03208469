"""The short cuts of extract/measures.py give the answers of the long way."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fupin import resources
from fupin.extract import measures
from fupin.extract.context import ReportContext
from fupin.extract.facts import Document, Evidence, InterventionFact
from fupin.extract.lexicon import load_lexicon
from fupin.extract.pipeline import ReportExtractor
from fupin.extract.read import read_document
from fupin.extract.sentences import TextSpan, clause_at

_LEX = load_lexicon()


def _lack_the_long_way(text: str, at: int) -> bool:
    """A lack word starting at each gap after `at`, as the text cut after it reads."""
    after = text[at : at + measures._LACK_GAP + measures._LONGEST_CUE]
    return any(after.startswith(_LEX.lack_cues, gap) for gap in range(measures._LACK_GAP + 1))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("基础设施建设滞后不足薄弱缺失落后短板完善健全产业\n，"), max_size=14))
@example("基础设施建设滞后")
@example("产业基础薄弱")
@example("产业发展不健全")
def test_the_lack_pattern_finds_what_each_gap_finds(text: str) -> None:
    pattern = measures._lack_after(_LEX.lack_cues)
    for at in range(len(text) + 1):
        found = pattern.match(text, at, at + measures._LACK_GAP + measures._LONGEST_CUE) is not None
        assert found == _lack_the_long_way(text, at), (text, at)


def test_a_real_lack_sentence_is_lacking() -> None:
    clause = TextSpan(0, 8, "基础设施建设滞后")
    ctx = _context("全县基础设施建设滞后。")
    assert measures._lacking(ctx, clause, 0, 4)
    assert not measures._lacking(ctx, TextSpan(0, 8, "基础设施建设完成"), 0, 4)


_EXTRACTOR: list[ReportExtractor] = []


def _context(text: str) -> ReportContext:
    if not _EXTRACTOR:
        _EXTRACTOR.append(ReportExtractor(_LEX))
    return _EXTRACTOR[0].context(Document(source="t.txt", text=text))


def _contexts() -> list[ReportContext]:
    texts = [read_document(p).text for p in sorted(resources.folder("corpus").glob("*.txt"))]
    texts.append(
        "咸安区脱贫攻坚工作综述\n\n咸安区人民政府\n\n新闻 产经 产业 财经 智库 扶贫\n竹山县大力发展光伏扶贫。"
        "与厦门市思明区开展东西部协作，共建扶贫车间。咸安区推进产业扶贫、教育扶贫和健康扶贫，"
        "落实“五个一批”，发展光伏扶贫和电商扶贫。全县基础设施建设滞后，缺乏产业。产业有没有发展起来？\n"
    )
    return [_context(text) for text in texts]


def test_a_sentence_naming_no_place_is_about_nowhere_else() -> None:
    """What lets extract_measures skip `about_elsewhere`: with no place in the sentence, no clause of
    it is about elsewhere, for the report and for its partners' view."""
    for ctx in _contexts():
        partner = measures._partner_view(ctx)
        starts = sorted(m.start for m in ctx.places)
        for sentence in ctx.sentences:
            if measures._names_a_place(starts, sentence):
                continue
            for clause in [sentence, *ctx.clauses(sentence)]:
                assert not ctx.about_elsewhere(sentence, clause)
                assert not partner.about_elsewhere(sentence, clause)


def test_measures_are_those_of_asking_every_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = [measures.extract_measures(ctx) for ctx in _contexts()]
    monkeypatch.setattr(measures, "_names_a_place", lambda _starts, _sentence: True)
    assert quick == [measures.extract_measures(ctx) for ctx in _contexts()]
    assert any(quick)


def _in_menu_the_long_way(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 24) : start], text[end : end + 24]
    if (before and not before[-1].isspace()) or (after and not after[0].isspace()):
        return False
    words = before.split()[1:] + after.split()[:-1]
    return sum(1 for w in words if len(w) <= 4 and all(measures._is_han(c) for c in w)) >= 4


def _measures_the_long_way(ctx: ReportContext) -> list[InterventionFact]:
    """extract_measures as it was: every sentence and clause searched, every clause asked."""
    facts = []
    partner_ctx = measures._partner_view(ctx)
    frameworks: dict = {}
    elsewhere: dict = {}
    evidence: dict[int, Evidence] = {}
    for start, end, label in ctx.measure_mentions():
        sentence = ctx.sentence_at(start)
        if sentence is None:
            continue
        if sentence.start not in frameworks:
            question = measures._is_question(sentence)
            frameworks[sentence.start] = None if question else measures._frameworks_in(ctx, sentence)
        found = frameworks[sentence.start]
        if found is None or measures._in_framework(found, start, end):
            continue
        if _in_menu_the_long_way(ctx.view.text, start, end):
            continue
        clause = clause_at(ctx.clauses(sentence), start) or sentence
        lack = clause.text[end - clause.start : end - clause.start + 6]
        if clause.text.endswith(_LEX.negations, 0, start - clause.start) or any(
            lack.startswith(_LEX.lack_cues, gap) for gap in range(3)
        ):
            continue
        partner = label in _LEX.partner_measures
        key = (partner, clause.start, clause.end)
        if key not in elsewhere:
            elsewhere[key] = (partner_ctx if partner else ctx).about_elsewhere(sentence, clause)
        if elsewhere[key]:
            continue
        if sentence.start not in evidence:
            evidence[sentence.start] = ctx.evidence(sentence, measures.RULE, 0.9 * ctx.county_confidence)
        chain = measures.ancestors(label, _LEX.measure_broader)
        detail = chain[0] if len(chain) > 1 else None
        facts.append(InterventionFact(ctx.county, chain[-1], evidence[sentence.start], detail=detail))
    return facts


def test_measures_are_those_of_the_long_way() -> None:
    contexts = _contexts()
    found = [measures.extract_measures(ctx) for ctx in contexts]
    assert found == [_measures_the_long_way(ctx) for ctx in contexts]
    assert {f.measure for f in found[-1]} >= {"industry", "education", "health"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("新闻 产业扶贫财经\n智库，"), max_size=30), st.integers(0, 30))
def test_the_menu_test_reads_the_characters_either_side_first(text: str, start: int) -> None:
    start = min(start, len(text))
    for end in range(start, min(len(text), start + 4) + 1):
        assert measures._in_menu(text, start, end) == _in_menu_the_long_way(text, start, end)
