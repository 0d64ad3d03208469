"""The short cuts of extract/measures.py give the answers of the long way."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fupin import resources
from fupin.extract import measures
from fupin.extract.context import ReportContext
from fupin.extract.facts import Document
from fupin.extract.lexicon import load_lexicon
from fupin.extract.pipeline import ReportExtractor
from fupin.extract.read import read_document
from fupin.extract.sentences import TextSpan

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
        "咸安区脱贫攻坚工作综述\n\n咸安区人民政府\n\n竹山县大力发展光伏扶贫。与厦门市思明区开展东西部协作，"
        "共建扶贫车间。咸安区推进产业扶贫、教育扶贫和健康扶贫。\n"
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
