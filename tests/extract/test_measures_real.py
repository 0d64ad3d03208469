"""Measures as real county reports name them: shared heads, bare phrasings, partners, needs, menus.

Every sentence here was written for these tests, about counties that are not in the dev sets.
"""

from __future__ import annotations

import pytest

from fupin.extract.facts import InterventionFact
from fupin.extract.measure_lists import ListReader
from fupin.extract.normalise import make_view

LANGAO = "岚皋县"  # 陕西安康
ZIYUN = "紫云苗族布依族自治县"  # 贵州安顺


def _measures(result) -> set[str]:
    return {f.measure for f in result.facts if isinstance(f, InterventionFact)}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("全县集中力量抓好产业、教育和健康扶贫。", {"industry", "education", "health"}),
        ("县里统筹推进就业扶贫、教育、医疗等各项工作。", {"employment", "education", "health"}),
        ("今年重点落实医疗、住房保障政策。", {"health", "housing"}),
        (
            "紧扣产业、安居、保障、基础设施四个重点发力。",
            {"industry", "housing", "social-security", "infrastructure"},
        ),
    ],
)
def test_a_coordinated_list_shares_its_head(extract, body: str, expected: set[str]) -> None:
    assert _measures(extract(body, LANGAO)) == expected


def test_a_list_of_services_with_no_measure_in_it_stays_silent(extract) -> None:
    assert _measures(extract("新建社区配套医疗、文化等服务设施。", LANGAO)) == set()


def test_the_list_rule_reads_only_labels_of_the_lexicon() -> None:
    reader = ListReader({"教育扶贫": "education", "健康扶贫": "health"}, ["扶贫"], ["、", "和"])
    text = "做好文体、教育和健康扶贫"
    found = [(text.index("健康扶贫"), len(text), "health")]
    at = text.index("教育")
    assert reader.mentions(text, found) == [(at, at + 2, "education")]


@pytest.mark.parametrize(
    ("body", "measure"),
    [
        ("全县新发展肉牛产业基地12个，贫困户户均养牛3头。", "industry"),
        ("组织贫困劳动力外出务工，更多群众实现在家门口就业。", "employment"),
        ("对深山区群众推进整村搬迁，新建集中安置区6个。", "relocation"),
        ("引导农户以土地、林地入股，年底按股分取收益。", "asset-income"),
        ("村村建起了光伏，集体每年增收5万元。", "photovoltaic"),
        ("对无劳动能力的贫困人口全部实行政策性兜底。", "social-security"),
        ("开展贫困劳动力培训，提升就业技能。", "skills-training"),
        ("县财政注入风险金3000万元，撬动银行放贷。", "financial"),
        ("为养殖户购买肉牛养殖保险，财政补贴保费的七成。", "insurance"),
        ("推进农旅融合，建成乡村游示范点8个。", "tourism"),
        ("坚持扶贫先扶志，开展精神扶贫“十进农家”。", "morale"),
        ("县直部门联系帮扶贫困村，实现帮扶全覆盖。", "paired-assistance"),
    ],
)
def test_real_phrasings_name_the_measure(extract, body: str, measure: str) -> None:
    assert measure in _measures(extract(body, LANGAO))


def test_a_partner_place_of_another_province_does_not_hide_the_pairing(extract) -> None:
    found = _measures(extract("江苏省常州市与岚皋县开展东西部扶贫协作，援建项目23个。", LANGAO))
    assert "paired-assistance" in found


def test_a_pairing_of_another_county_of_the_province_is_not_the_subjects(extract) -> None:
    found = _measures(extract("平利县开展结对帮扶的经验值得学习。", LANGAO))
    assert "paired-assistance" not in found


@pytest.mark.parametrize(
    "body",
    [
        "过去这里基础设施落后，产业基础薄弱。",
        "不少村过去缺乏产业，群众增收难。",
    ],
)
def test_a_stated_lack_is_a_need_not_a_measure(extract, body: str) -> None:
    found = _measures(extract(body, ZIYUN))
    assert not found & {"industry", "infrastructure"}


def test_a_question_is_not_a_report_of_a_measure(extract) -> None:
    assert _measures(extract("搬迁以后，群众的产业有没有发展起来？", ZIYUN)) == set()


def test_a_site_menu_names_no_measure(extract) -> None:
    assert _measures(extract("首页 新闻 产业 财经 专题 图片 视频", ZIYUN)) == set()


def test_pinyin_glosses_of_a_mirror_do_not_split_words(extract) -> None:
    body = "紫雲縣大力發(fā)展茶葉產(chǎn)業(yè)，帶動貧困戶增收。"
    result = extract(body, ZIYUN)
    quotes = [f.evidence.quote for f in result.facts if isinstance(f, InterventionFact)]
    assert "industry" in _measures(result)
    assert all("產(chǎn)業(yè)" in q for q in quotes)


def test_a_gloss_leaves_the_view_mapped_to_the_original() -> None:
    original = "發(fā)展產(chǎn)業(yè)和旅遊(yóu)"
    view = make_view(original)
    assert view.text == "发展产业和旅游"
    at = view.text.index("产业")
    assert view.quote(at, at + 2)[2] == "產(chǎn)業"
