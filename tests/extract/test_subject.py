"""Subject resolution: which county a report is about, scored from how the text names each candidate.

Sentences written for these tests, about counties outside the dev sets.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fupin.extract.context import ReportContext
from fupin.extract.facts import Document
from fupin.extract.gazetteer import Gazetteer, ruled_forms
from fupin.extract.pipeline import ReportExtractor


@pytest.fixture
def read(extractor: ReportExtractor) -> Callable[[str], ReportContext]:
    def run(text: str) -> ReportContext:
        return extractor.context(Document(source="s.txt", text=text))

    return run


def test_autonomous_county_and_banner_forms_follow_by_rule() -> None:
    gaz = Gazetteer.load()
    assert {"紫云县", "紫云自治县"} <= set(ruled_forms(gaz.get("520425")))
    assert "科右前旗" in ruled_forms(gaz.get("152221"))
    assert "乌前旗" in ruled_forms(gaz.get("150823"))
    assert ruled_forms(gaz.get("611022")) == ()


def test_suffixed_short_form_names_the_county(read) -> None:
    ctx = read("印江县扎实推进产业扶贫\n\n今年以来，印江县新建茶园2万亩，带动贫困户增收。\n")
    assert ctx.county == "520625"


def test_banner_abbreviation_names_the_banner(read) -> None:
    ctx = read("科右前旗牛产业助农增收\n\n科右前旗今年减贫1200人，贫困村全部出列。\n")
    assert ctx.county == "152221"


def test_short_form_after_its_province_and_site_name(read) -> None:
    text = "我县全力巩固脱贫成果\n\n广西环江网讯 今年以来，我县扎实开展防返贫监测，全县新增务工人员三千人。\n"
    assert read(text).county == "451226"


def test_traditional_script_county_name(read) -> None:
    text = "屏邊縣脫貧攻堅紀實\n\n屏邊縣堅持把產業扶貧作為重點，貧困發生率降至0.5%。\n"
    assert read(text).county == "532523"


def test_list_and_home_county_lose_to_the_subject(read) -> None:
    text = (
        "访谈：城步的脱贫路\n\n"
        "他是湖南卢氏人，后来到城步县工作多年。城步、环江、融水都曾是深度贫困县。"
        "城步县累计脱贫2万人。\n"
    )
    ctx = read(text)
    assert ctx.county == "430529"
    assert "home" in ctx.subject.reason or "卢氏" not in ctx.subject.reason


def test_partner_city_is_not_the_subject(read) -> None:
    text = (
        "浙江省温州市鹿城区对口帮扶紫云苗族布依族自治县\n\n"
        "鹿城区、瓯海区与紫云县结对以来，鹿城区投入协作资金1亿元。紫云县新建扶贫车间20个。\n"
    )
    assert read(text).county == "520425"


def test_region_report_without_a_focus_has_no_subject(read) -> None:
    text = "丹凤县脱贫攻坚\n\n丹凤县累计脱贫3万人。\n"
    assert read(text).county == "611022"
    region = read(
        "商洛市脱贫攻坚综述\n\n商洛市累计脱贫20万人。丹凤县脱贫3万人，镇安县脱贫2万人。商洛市全部摘帽。\n"
    )
    assert region.county is None
    assert region.subject.rule == "subject.region"


def test_subject_reason_is_recorded_on_the_report(extractor: ReportExtractor) -> None:
    text = "印江县扎实推进产业扶贫\n\n印江县新建茶园2万亩。\n"
    report = extractor.extract(Document(source="s.txt", text=text)).report
    assert report.subject_rule == "subject.scored"
    assert "印江土家族苗族自治县" in report.subject_reason
    ev = next(e for e in report.evidence if e.rule == "subject.scored")
    assert text[ev.start : ev.end] == ev.quote == "印江县"


def test_no_confident_subject_says_so(extractor: ReportExtractor) -> None:
    report = extractor.extract(Document(source="s.txt", text="扶贫工作总结\n\n累计脱贫4000人。\n")).report
    assert report.county_code is None
    assert report.subject_rule == "subject.none"
    assert report.subject_reason


def test_space_inside_a_place_name_keeps_the_report(extractor: ReportExtractor) -> None:
    text = "卢 氏 县脱贫攻坚工作报告\n\n卢 氏 县累计脱贫1.2万户4.5万人。\n"
    result = extractor.extract(Document(source="s.txt", text=text))
    assert result.report.county_code == "411224"
    assert result.facts


def test_a_short_name_heading_a_phrase_is_not_a_place(read) -> None:
    ctx = read("城步县传承遵义会议精神\n\n城步县弘扬延安精神，学习井冈山精神，累计脱贫2万人。\n")
    assert "井冈山" not in {m.surface for m in ctx.places}
    assert ctx.county == "430529"


def test_our_county_in_a_clause_is_the_subject(context) -> None:
    ctx = context("环江县干部赴融水学习，我县累计脱贫3万人。", "环江县")
    sentence = ctx.sentences[-1]
    ours = next(c for c in ctx.clauses(sentence) if "我县" in c.text)
    assert ctx.refers_to_subject(ours)
    assert not ctx.about_elsewhere(sentence, ours)
