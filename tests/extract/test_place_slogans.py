"""Two known misses by mechanism: a development slogan (工业富县, 旅游兴县) is not a county, and a pinyin
gloss in full-width brackets (发（fā）生率) does not break the word it falls in."""

from __future__ import annotations

from fupin.extract.facts import Document, ObservationFact
from fupin.extract.lexicon import load_lexicon
from fupin.extract.pipeline import ReportExtractor

TONGWEI, FUXIAN, XINGXIAN = "621121", "610628", "141123"

_EXTRACTOR = ReportExtractor(load_lexicon())


def _codes(text: str) -> set[str]:
    ctx = _EXTRACTOR.context(Document(source="s.txt", text=text))
    return {code for m in ctx.places for code in m.codes}


def test_a_slogan_of_noun_verb_and_county_names_no_county() -> None:
    text = "通渭县脱贫攻坚综述\n\n通渭县坚持工业富县、旅游兴县、人才兴县战略，全县减少贫困人口3000人。\n"
    assert _codes(text) == {TONGWEI}
    ctx = _EXTRACTOR.context(Document(source="s.txt", text=text))
    assert ctx.county == TONGWEI


def test_the_same_names_after_a_verb_a_preposition_or_their_prefecture_are_counties() -> None:
    text = "通渭县脱贫攻坚综述\n\n通渭县干部前往富县学习，又在兴县召开座谈会。\n"
    assert {FUXIAN, XINGXIAN} <= _codes(text)
    assert FUXIAN in _codes("延安市富县召开脱贫攻坚推进会。\n")


def test_a_report_on_a_two_character_county_keeps_its_subject() -> None:
    text = "富县：产业扶贫见成效\n\n富县实施产业扶贫，全县减少贫困人口2000人。\n"
    ctx = _EXTRACTOR.context(Document(source="s.txt", text=text))
    assert ctx.county == FUXIAN


def test_a_full_width_pinyin_gloss_does_not_break_a_cue() -> None:
    text = "通渭县脱贫攻坚综述\n\n通渭县贫困发（fā）生率降至0.9%。\n"
    result = _EXTRACTOR.extract(Document(source="s.txt", text=text))
    found = [f for f in result.facts if isinstance(f, ObservationFact) and f.indicator == "poverty-incidence"]
    assert [str(f.value) for f in found] == ["0.9"]
    ev = found[0].evidence
    assert text[ev.start : ev.end] == ev.quote and "（fā）" in ev.quote


def test_a_one_character_district_name_needs_its_region_named() -> None:
    text = "通渭县脱贫攻坚综述\n\n通渭县组织干部赴兰州新区考察，学习新区管委会招商经验。\n"
    assert "130208" not in _codes(text) and TONGWEI in _codes(text)  # 新区 is also a district's name
    named = "攀枝花市脱贫攻坚综述\n\n攀枝花市东区建成扶贫车间12个。\n"
    assert "510402" in _codes(named)


def test_a_short_name_after_a_noun_is_still_the_county() -> None:
    text = "陕西岚皋网\n\n深度贫困县岚皋脱贫摘帽，全县减少贫困人口2000人。\n"
    assert "610925" in _codes(text)
