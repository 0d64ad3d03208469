"""Figures as real reports write them (issue 11, failure classes 2 and 4), in sentences written for these
tests about counties outside the dev sets: per-clause attribution, compounds, one figure one fact,
targets and remaining stocks, township figures, baselines, respective lists, restatements.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, Graph

from fupin.extract.facts import DocumentFacts, ObservationFact
from fupin.extract.lexicon import load_lexicon
from fupin.extract.quantities import find_quantities
from fupin.graph.build import add_document
from fupin.graph.vocab import FP

Run = Callable[..., DocumentFacts]


def county_figures(facts: DocumentFacts) -> set[tuple[str, Decimal, str]]:
    """(indicator, value, status) of the county-level observations (a township's figures excluded)."""
    return {(o.indicator, o.value, o.status[0]) for o in facts.of_type(ObservationFact) if o.place is None}


def figures(*items: tuple[str, float | int, str]) -> set[tuple[str, Decimal, str]]:
    return {(i, Decimal(str(v)), s) for i, v, s in items}


CASES = [
    # class 2: a place named in a later clause does not take the county's figures away
    (
        "会泽县",
        "全县易地扶贫搬迁1.2万户5.1万人，其中跨省安置到宁波市1800人。",
        figures(("relocated-households", 12000, "a"), ("relocated-population", 51000, "a")),
    ),
    # a clause naming another area carries to the clauses after it that name none
    ("彝良县", "昭通市累计减少贫困人口30万人，贫困发生率降至2.1%。", set()),
    ("宣汉县", "全省88个贫困县全部摘帽，2400个贫困村全部出列。", set()),
    ("宣汉县", "这5个县共退出贫困村300个，减少贫困人口20万人。", set()),
    # membership in a wider group is about the county itself
    (
        "通渭县",
        "通渭县是全省23个深度贫困县之一，全县建档立卡贫困人口8.9万人。",
        figures(("registered-poor-population", 89000, "a")),
    ),
    # compounds: households and persons, also across a list mark or a space
    (
        "岚皋县",
        "三年来全县减少贫困人口2.35万户9.8万人。",
        figures(("lifted-households", 23500, "a"), ("lifted-population", 98000, "a")),
    ),
    (
        "岚皋县",
        "截至去年底，全县有建档立卡户9021户、32110人。",
        figures(("registered-poor-households", 9021, "a"), ("registered-poor-population", 32110, "a")),
    ),
    (
        "大方县",
        "全县累计脱贫 15321 户 60112 人。",
        figures(("lifted-households", 15321, "a"), ("lifted-population", 60112, "a")),
    ),
    # one figure, one fact
    ("大方县", "依托扶贫车间，带动1500名搬迁群众就近就业。", figures(("workshop-employment", 1500, "a"))),
    ("大方县", "全县带动1500名搬迁群众就近就业。", set()),
    ("会泽县", "全县58个贫困村全部出列。", figures(("villages-exited", 58, "a"))),
    ("会泽县", "光伏扶贫电站覆盖全县96个贫困村。", set()),
    # targets and remaining stocks
    ("彝良县", "确保2020年剩余8600名贫困人口全部脱贫。", figures(("lifted-population", 8600, "t"))),
    ("彝良县", "全县尚未脱贫的贫困人口还有3200人。", set()),
    (
        "彝良县",
        "2019年，未脱贫的1260户4013人全部脱贫。",
        figures(("lifted-households", 1260, "a"), ("lifted-population", 4013, "a")),
    ),
    ("彝良县", "全县还有15个贫困村未出列。", set()),
    (
        "通渭县",
        "全县脱贫攻坚目标任务取得决定性胜利，累计减少贫困人口6.2万人。",
        figures(("lifted-population", 62000, "a")),
    ),
    ("通渭县", "力争2020年累计减少贫困人口1万人。", figures(("lifted-population", 10000, "t"))),
    # baselines are values of their own year
    (
        "宣汉县",
        "全县贫困发生率由2014年的28.6%下降到2019年的0.9%。",
        figures(("poverty-incidence", 28.6, "a"), ("poverty-incidence", 0.9, "a")),
    ),
    ("宣汉县", "由300名干部组成的督导组深入各村。", set()),
    # respective lists: the urban figure is no indicator
    (
        "大方县",
        "城镇和农村常住居民人均可支配收入分别达到28650元和10230元。",
        figures(("per-capita-income", 10230, "a")),
    ),
    ("大方县", "城乡居民人均可支配收入分别为30112元、11208元。", figures(("per-capita-income", 11208, "a"))),
    # subsets: only of a total of the same indicator
    ("平江县", "全县辖24个乡镇216个村，其中贫困村88个。", figures(("poor-villages", 88, "a"))),
    (
        "平江县",
        "全县累计退出贫困村96个（其中纳入管理的非贫困村3个）。",
        figures(("villages-exited", 96, "a")),
    ),
    # a summing-up word is not the counted noun; a quoted category is
    ("平江县", "2019年，全县4800人全部脱贫。", figures(("lifted-population", 4800, "a"))),
    ("平江县", "全县对已脱贫人口中识别的1200户4300人“边缘户”开展监测。", set()),
]


@pytest.mark.parametrize(("county", "body", "expected"), CASES, ids=[c[1][:14] for c in CASES])
def test_figures(extract: Run, county: str, body: str, expected: set) -> None:
    assert county_figures(extract(body, county)) == expected


def test_baseline_takes_its_own_year(extract: Run) -> None:
    facts = extract("全县贫困发生率由2014年的28.6%下降到2019年的0.9%。", "宣汉县").of_type(ObservationFact)
    periods = {o.value: (o.period_start, o.period_end) for o in facts}
    assert periods == {Decimal("28.6"): (2014, 2014), Decimal("0.9"): (2019, 2019)}


def test_township_figure_from_an_earlier_clause(extract: Run) -> None:
    facts = extract("伍市镇建成集中安置点，已安置搬迁群众68户254人。", "平江县").of_type(ObservationFact)
    assert facts and {o.place for o in facts} == {"伍市镇"}


def test_county_words_end_a_township_reach(extract: Run) -> None:
    body = "伍市镇召开脱贫攻坚推进会，全县累计脱贫5.2万人。"
    assert county_figures(extract(body, "平江县")) == figures(("lifted-population", 52000, "a"))


def test_fact_stated_twice_is_one_observation_with_two_evidences(extract: Run) -> None:
    body = "全县累计减贫4.6万人。\n\n2014年至2019年，全县累计减贫4.6万人，贫困发生率降至0.8%。"
    doc = extract(body, "会泽县")
    lifted = [o for o in doc.of_type(ObservationFact) if o.indicator == "lifted-population"]
    assert len(lifted) == 2 and {(o.period_start, o.period_end) for o in lifted} == {(2014, 2019)}

    graph = Graph()
    add_document(graph, doc)
    nodes = [n for n in graph.subjects(RDF.type, FP.Observation) if (n, FP.value, None) in graph]
    values = [graph.value(n, FP.value).toPython() for n in nodes]
    assert values.count(Decimal("46000")) == 1
    node = next(n for n in nodes if graph.value(n, FP.value).toPython() == Decimal("46000"))
    assert len(list(graph.objects(node, FP.evidence))) == 2


UNITS = load_lexicon().units
UNIT_SURFACES = sorted(k for k in UNITS if not k.startswith(("万", "亿")) and k.isalpha())


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(UNIT_SURFACES))
def test_one_space_before_a_unit_reads_as_written_together(n: int, unit: str) -> None:
    spaced = find_quantities(f"全县 {n} {unit}。", UNITS)
    joined = find_quantities(f"全县 {n}{unit}。", UNITS)
    assert [(q.value, q.unit) for q in spaced] == [(q.value, q.unit) for q in joined]
    assert all(f"全县 {n} {unit}。"[q.start : q.end] == q.surface for q in spaced)


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(UNIT_SURFACES))
def test_two_spaces_leave_the_figure_bare(n: int, unit: str) -> None:
    found = find_quantities(f"共 {n}  {unit}", UNITS)
    assert found and found[0].value == n and found[0].unit is None


def test_evidence_locates_the_figure_inside_its_quote(extractor) -> None:
    from fupin.extract.facts import Document

    text = "會澤縣脫貧攻堅工作綜述\n\n會澤縣人民政府\n\n截至2019年底，全縣累計減少貧困人口2.35萬戶9.8萬人。\n"
    doc = extractor.extract(Document(source="t.txt", text=text))
    for o in doc.of_type(ObservationFact):
        ev = o.evidence
        assert ev.start <= ev.figure_start < ev.figure_end <= ev.end
        assert text[ev.figure_start : ev.figure_end] in {"2.35萬戶", "9.8萬人"}
    graph = Graph()
    add_document(graph, doc)
    starts = {graph.value(e, FP.figureStart) for e in graph.subjects(RDF.type, FP.Evidence)}
    assert len(starts - {None}) == 2
