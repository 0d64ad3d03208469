"""Figures → indicators: attachment, bare figures, vetoes, targets, periods, places (real sentences)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin.extract.facts import ObservationFact
from fupin.extract.indicators import head_noun

CORPUS_SENTENCES = [
    ("全区16.3万建档立卡贫困人口全部脱贫、85个重点贫困村全部出列。", "郧阳区",
     {("registered-poor-population", 163000), ("lifted-population", 163000), ("villages-exited", 85)}),
    ("累计脱贫退出48181户141281人，69个贫困村全部出列。", "房县",
     {("lifted-households", 48181), ("lifted-population", 141281), ("villages-exited", 69)}),
    ("在中心村、集中安置小区建成扶贫车间（作坊）607个，带动5300余名贫困劳动力就近就业。", "房县",
     {("workshop-count", 607), ("workshop-employment", 5300)}),
    ("选派913名干部组建驻村工作队281支，选派“第一书记”281名。", "房县",
     {("assisting-cadres", 913), ("village-teams", 281), ("first-secretaries", 281)}),
    ("发放扶贫再贷款10.3亿元，小额扶贫信贷8.4亿元。", "郧阳区",
     {("funds-invested", 1030000000), ("microcredit-amount", 840000000)}),
    ("5年来，全县农民人均可支配收入年均增长9.98%，达到11109元。", "房县", {("per-capita-income", 11109)}),
    ("全区筹集资金1.8亿元安置978户2990名易迁群众。", "茅箭区",
     {("funds-invested", 180000000), ("relocated-households", 978), ("relocated-population", 2990)}),
]  # fmt: skip


def _county_figures(result) -> set[tuple[str, int]]:
    return {
        (f.indicator, int(f.value)) for f in result.facts
        if isinstance(f, ObservationFact) and f.status == "achieved" and f.place is None
        and f.indicator not in {"resettlement-sites", "transferred-labour"}
    }  # fmt: skip


@pytest.mark.parametrize(("sentence", "county", "expected"), CORPUS_SENTENCES)
def test_corpus_sentences(extract, sentence: str, county: str, expected: set) -> None:
    assert _county_figures(extract(sentence, county)) == expected


def test_a_figure_with_its_own_noun_takes_no_cue_from_before(extract) -> None:
    result = extract("动员11090名干部职工、5837名教师、医护人员参与结对帮扶。")
    assert ("assisting-cadres", 5837) not in _county_figures(result)


def test_care_home_placement_is_not_relocation(extract) -> None:
    result = extract("改扩建20个乡镇幸福院，集中安置五保户、大龄单人户4963户5243人。", "郧阳区")
    assert not any(i.startswith("relocated") for i, _ in _county_figures(result))


def test_causes_of_poverty_breakdown_gives_no_figures(extract) -> None:
    body = "对致贫原因进行分类统计,其中,低保户、五保户9465户;扶贫搬迁户、缺房户251户。"
    assert _county_figures(extract(body, "咸安区")) == set()


def test_target_with_year(extract) -> None:
    result = extract("到2017年底,全区贫困人口45692人分三年全部脱贫销号。", "咸安区")
    lifted = [
        f for f in result.facts if isinstance(f, ObservationFact) and f.indicator == "lifted-population"
    ]
    assert [(f.value, f.status, f.target_year) for f in lifted] == [(Decimal(45692), "target", 2017)]


def test_framing_goal_word_does_not_make_outcomes_targets(extract) -> None:
    body = "围绕“村村有产业、户户有项目”目标，发展产业基地135万亩，累计脱贫1200人。"
    result = extract(body)
    assert {f.status for f in result.facts if isinstance(f, ObservationFact)} == {"achieved"}


def test_reference_periods(extract) -> None:
    result = extract("2020年全区统筹脱贫攻坚财政专项资金17895万元。今年上半年累计脱贫300人。", "茅箭区")
    periods = {
        f.indicator: (f.period_start, f.period_end) for f in result.facts if isinstance(f, ObservationFact)
    }
    assert periods["funds-invested"] == (2020, 2020)
    assert periods["lifted-population"] == (2020, 2020)


def test_township_figures_carry_their_place(extract) -> None:
    result = extract("其中，谭家湾镇建成扶贫车间12个。", "郧阳区")
    places = {(f.indicator, f.place) for f in result.facts if isinstance(f, ObservationFact)}
    assert places == {("workshop-count", "谭家湾镇")}


def test_figures_in_a_sentence_about_another_county_are_dropped(extract) -> None:
    result = extract("竹山县累计脱贫退出2万户6万人，经验值得学习。", "咸安区")
    assert _county_figures(result) == set()


def test_evidence_quotes_the_sentence_exactly(extract) -> None:
    result = extract("累计完成技能培训9701人次，全省就业扶贫现场会在我县召开。")
    (fact,) = [f for f in result.facts if isinstance(f, ObservationFact)]
    assert fact.unit == "person-time"
    assert fact.evidence.quote == "累计完成技能培训9701人次，全省就业扶贫现场会在我县召开。"
    assert fact.evidence.rule == "indicators.bare-event"
    assert 0 < fact.evidence.confidence <= 1


@pytest.mark.parametrize(
    ("post", "head"),
    [
        ("贫困劳动力就近就业", "贫困劳动力"),
        ("集中到城郊安置", ""),
        ("，", ""),
        ("教师、医护人员", "教师"),
        ("“懒汉”实现脱贫", "懒汉"),
    ],
)
def test_head_noun(post: str, head: str) -> None:
    assert head_noun(post) == head


def test_year_range_gives_a_period(extract) -> None:
    result = extract("2016年至2019年，全县累计减贫2.8万户10.5万人。")
    assert {(f.period_start, f.period_end) for f in result.facts if isinstance(f, ObservationFact)} == {
        (2016, 2019)
    }


def test_respective_years(extract) -> None:
    result = extract("2014年、2015年分别脱贫21963人、32972人；2016年脱贫20948人。")
    periods = {int(f.value): f.period_start for f in result.facts if isinstance(f, ObservationFact)}
    assert periods == {21963: 2014, 32972: 2015, 20948: 2016}
