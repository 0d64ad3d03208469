"""Generalisation: sentences written for these tests, in other phrasings, about counties outside Hubei.

None of these sentences is in the bundled reports. Each case wraps one or two sentences in a minimal
report (a title and an issuing office naming the county) and states the facts it must give — and, by
exact comparison, the facts it must not give: a wrong figure is worse than a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from fupin.extract.facts import (
    Document,
    EnterpriseFact,
    ExitFact,
    InterventionFact,
    ObservationFact,
    PositionFact,
    ProgramFact,
)
from fupin.extract.lexicon import load_lexicon
from fupin.extract.pipeline import ReportExtractor
from fupin.graph.vocab import CONTRACT_INDICATORS

WEINING = ("520526", "威宁彝族回族苗族自治县")
DONGXIANG = ("622926", "东乡族自治县")
ZHAOJUE = ("513431", "昭觉县")
ZHENXIONG = ("530627", "镇雄县")
FUPING = ("130624", "阜平县")
SANDU = ("522732", "三都水族自治县")


@dataclass(frozen=True)
class Case:
    """A tiny report about `county` holding `body`, and the facts it must (and must only) give."""

    county: tuple[str, str]
    body: str
    observations: frozenset = frozenset()
    measures: frozenset = frozenset()
    not_measures: frozenset = frozenset()
    enterprises: frozenset = frozenset()
    officials: frozenset = frozenset()
    programs: frozenset = frozenset()
    exit_date: str | None = None
    approximate: frozenset = field(default_factory=frozenset)

    def text(self) -> str:
        _code, name = self.county
        return f"{name}脱贫攻坚工作综述\n\n{name}人民政府\n\n{self.body}\n"


def obs(*items: tuple) -> frozenset:
    """Expected observations as (indicator, value, status) with status 'a' (achieved) or 't' (target)."""
    return frozenset((i, Decimal(str(v)), {"a": "achieved", "t": "target"}[s]) for i, v, s in items)


CASES = {
    "cumulative-lifted-and-incidence-from-to": Case(
        WEINING,
        "截至2019年底，全县累计减少贫困人口25.6万人，贫困发生率由33.2%下降到1.24%。",
        observations=obs(
            ("lifted-population", 256000, "a"),
            ("poverty-incidence", 33.2, "a"),
            ("poverty-incidence", 1.24, "a"),
        ),
    ),
    "income-with-growth-rate": Case(
        DONGXIANG,
        "2020年，全县农村居民人均可支配收入达到8225元，比上年增长9.1%。",
        observations=obs(("per-capita-income", 8225, "a")),
    ),
    "register-households-people-villages": Case(
        ZHAOJUE,
        "全县共有建档立卡贫困户21827户、贫困人口97468人，贫困村191个。",
        observations=obs(
            ("registered-poor-households", 21827, "a"),
            ("registered-poor-population", 97468, "a"),
            ("poor-villages", 191, "a"),
        ),
    ),
    "relocation-people-wan": Case(
        ZHENXIONG,
        "全县易地扶贫搬迁安置群众8.39万人，建成集中安置点42个。",
        observations=obs(("relocated-population", 83900, "a")),
        measures=frozenset({"relocation"}),
    ),
    "eco-rangers-ming": Case(
        FUPING,
        "累计选聘生态护林员3200名，户均年增收1万元。",
        observations=obs(("eco-rangers", 3200, "a")),
        measures=frozenset({"eco-ranger"}),
    ),
    "workshops-and-their-jobs": Case(
        DONGXIANG,
        "全县建成扶贫车间56个，吸纳1870名贫困群众就近就业。",
        observations=obs(("workshop-count", 56, "a"), ("workshop-employment", 1870, "a")),
        measures=frozenset({"workshop"}),
    ),
    "remaining-poor-as-target": Case(
        WEINING,
        "到2020年，确保全县剩余1.2万贫困人口全部脱贫。",
        observations=obs(("lifted-population", 12000, "t")),
    ),
    "training-person-times": Case(
        ZHAOJUE,
        "全年完成贫困劳动力技能培训1.5万人次。",
        observations=obs(("trained-persons", 15000, "a")),
        measures=frozenset({"skills-training"}),
    ),
    "first-secretaries-and-teams": Case(
        ZHENXIONG,
        "全县选派驻村第一书记358名，组建驻村工作队358支。",
        observations=obs(("first-secretaries", 358, "a"), ("village-teams", 358, "a")),
        measures=frozenset({"village-team"}),
    ),
    "microcredit-yi": Case(
        FUPING,
        "全县累计发放扶贫小额信贷4.6亿元，惠及贫困户1.2万户。",
        observations=obs(("microcredit-amount", 460000000, "a")),
        measures=frozenset({"microcredit"}),
    ),
    "integrated-funds": Case(
        SANDU,
        "三年来统筹整合财政涉农资金12.8亿元用于脱贫攻坚。",
        observations=obs(("funds-invested", 1280000000, "a")),
    ),
    "housing-renovation-wan-hu": Case(
        SANDU,
        "全县共实施农村危房改造1.03万户。",
        observations=obs(("houses-renovated", 10300, "a")),
        measures=frozenset({"housing"}),
    ),
    "villages-withdrawn-and-incidence": Case(
        ZHENXIONG,
        "全县68个贫困村全部退出，贫困发生率降至0.48%。",
        observations=obs(("villages-exited", 68, "a"), ("poverty-incidence", 0.48, "a")),
    ),
    "yearly-lifted-pair-and-villages": Case(
        DONGXIANG,
        "2019年，全县实现6518户24391人脱贫，37个贫困村出列。",
        observations=obs(
            ("lifted-households", 6518, "a"),
            ("lifted-population", 24391, "a"),
            ("villages-exited", 37, "a"),
        ),
    ),
    "villages-exit-target": Case(
        SANDU,
        "力争2020年底前实现剩余3个贫困村全部出列。",
        observations=obs(("villages-exited", 3, "t")),
    ),
    "another-county-figure": Case(
        ZHAOJUE,
        "邻近的美姑县已有2.1万人实现脱贫，其经验值得学习。",
        observations=frozenset(),
    ),
    "per-village-is-not-a-total": Case(
        FUPING,
        "每个贫困村选派1名第一书记，每名干部结对帮扶5户贫困户。",
        observations=frozenset(),
    ),
    "poverty-line-is-not-income": Case(
        DONGXIANG,
        "以农民人均纯收入2300元（2010年不变价）为扶贫标准开展识别。",
        observations=frozenset(),
    ),
    "chinese-numeral-relocation": Case(
        WEINING,
        "全县累计搬迁安置贫困群众一万二千人。",
        observations=obs(("relocated-population", 12000, "a")),
    ),
    "approximate-cadres": Case(
        ZHENXIONG,
        "两千余名干部下沉一线结对帮扶。",
        observations=obs(("assisting-cadres", 2000, "a")),
        approximate=frozenset({"assisting-cadres"}),
    ),
    "incidence-from-year-to-year": Case(
        SANDU,
        "全县贫困发生率从2014年的21.3%降至2019年的0.5%。",
        observations=obs(("poverty-incidence", 21.3, "a"), ("poverty-incidence", 0.5, "a")),
    ),
    "county-budget-funds": Case(
        FUPING,
        "县财政累计投入专项扶贫资金3.2亿元。",
        observations=obs(("funds-invested", 320000000, "a")),
    ),
    "near-approximate-lifted": Case(
        ZHAOJUE,
        "近3万名贫困群众实现稳定脱贫。",
        observations=obs(("lifted-population", 30000, "a")),
        approximate=frozenset({"lifted-population"}),
    ),
    "registered-all-lifted": Case(
        ZHENXIONG,
        "全县3.6万名建档立卡贫困人口全部脱贫。",
        observations=obs(("registered-poor-population", 36000, "a"), ("lifted-population", 36000, "a")),
    ),
    "years-are-not-figures": Case(
        WEINING,
        "2020年是脱贫攻坚收官之年，也是全面建成小康社会目标实现之年。",
        observations=frozenset(),
    ),
    "traditional-script": Case(
        SANDU,
        "全縣累計脫貧退出1.2萬戶5.3萬人，易地扶貧搬遷安置4650戶。",
        observations=obs(
            ("lifted-households", 12000, "a"),
            ("lifted-population", 53000, "a"),
            ("relocated-households", 4650, "a"),
        ),
        measures=frozenset({"relocation"}),
    ),
    "photovoltaic-and-ecommerce": Case(
        DONGXIANG,
        "大力发展光伏扶贫，建成村级光伏电站126座；开展电商扶贫，培育农村电商网店300余家。",
        measures=frozenset({"photovoltaic", "ecommerce"}),
    ),
    "insurance-and-monitoring": Case(
        FUPING,
        "全面推行防贫保险，建立防止返贫动态监测和帮扶机制。",
        measures=frozenset({"insurance", "monitoring"}),
    ),
    "welfare-jobs-and-love-supermarkets": Case(
        ZHAOJUE,
        "开发乡村公益性岗位2300个，建立爱心超市128个，实行积分兑换。",
        measures=frozenset({"public-welfare-job", "love-supermarket"}),
    ),
    "health-first-treatment": Case(
        ZHENXIONG,
        "推行“先诊疗后付费”和家庭医生签约服务，贫困人口基本医疗保险参保率达100%。",
        measures=frozenset({"health"}),
    ),
    "no-health-from-generic-medical": Case(
        WEINING,
        "安置点配套建设学校、医疗、文化等公共服务设施。",
        not_measures=frozenset({"health"}),
    ),
    "enterprise-introduced": Case(
        WEINING,
        "引进贵州百灵企业集团有限公司，建设中药材种植基地2万亩。",
        enterprises=frozenset({"贵州百灵企业集团有限公司"}),
    ),
    "enterprise-relied-on": Case(
        ZHENXIONG,
        "依托云南云天化股份有限公司发展订单农业，带动贫困户增收。",
        enterprises=frozenset({"云南云天化股份有限公司"}),
    ),
    "generic-companies-are-not-names": Case(
        FUPING,
        "组建村级扶贫开发公司和农民专业合作社，运用保险公司资金优势防范风险。",
        enterprises=frozenset(),
    ),
    "official-secretary": Case(
        SANDU,
        "县委书记李明在调研时强调，要巩固拓展脱贫攻坚成果。",
        officials=frozenset({("李明", "县委书记")}),
    ),
    "official-double-post": Case(
        DONGXIANG,
        "县委副书记、县长王建国主持召开脱贫攻坚推进会。",
        officials=frozenset({("王建国", "县委副书记、县长")}),
    ),
    "deputies-and-reporters-are-not-officials": Case(
        ZHAOJUE,
        "县人大代表张晓东、记者刘洋一同走访了贫困户。",
        officials=frozenset(),
    ),
    "program-action": Case(
        ZHENXIONG,
        "深入实施“千企帮千村”行动，组织民营企业结对帮扶贫困村。",
        programs=frozenset({"千企帮千村行动"}),
    ),
    "program-model": Case(
        WEINING,
        "探索“合作社+基地+农户”扶贫模式，带动贫困户稳定增收。",
        programs=frozenset({"合作社+基地+农户扶贫模式"}),
    ),
    "frameworks-are-not-programs": Case(
        FUPING,
        "聚焦“两不愁三保障”，扎实推进“五个一批”，按照“一村一策”要求精准施策。",
        programs=frozenset(),
    ),
    "exit-approved-with-date": Case(
        ZHENXIONG,
        "2020年2月28日，云南省人民政府批准镇雄县退出贫困县序列。",
        exit_date="2020-02-28",
    ),
    "exit-without-day-gives-no-date": Case(
        FUPING,
        "2019年5月，经河北省人民政府批准，阜平县正式退出贫困县。",
        exit_date=None,
    ),
    "targets-with-queli": Case(
        DONGXIANG,
        "计划2020年完成剩余2.3万人脱贫任务，确保全县12个深度贫困村全部出列。",
        observations=obs(("lifted-population", 23000, "t"), ("villages-exited", 12, "t")),
    ),
    "province-figure-is-not-the-county": Case(
        ZHAOJUE,
        "四川省累计减少贫困人口625万人，昭觉县是全省脱贫任务最重的县之一。",
        observations=frozenset(),
    ),
    "exit-approved-by-reply": Case(
        ZHAOJUE,
        "2020年11月17日，四川省人民政府正式批复同意昭觉县退出贫困县序列。",
        exit_date="2020-11-17",
    ),
    "official-standing-committee-deputy": Case(
        WEINING,
        "县委常委、副县长陈刚介绍，全县产业扶贫覆盖所有贫困户。",
        officials=frozenset({("陈刚", "县委常委、副县长")}),
        measures=frozenset({"industry"}),
    ),
    "enterprise-stock-company": Case(
        SANDU,
        "引进温氏食品集团股份有限公司建设生猪养殖基地，带动贫困户入股分红。",
        enterprises=frozenset({"温氏食品集团股份有限公司"}),
        measures=frozenset({"asset-income"}),
    ),
    "lifted-masses-wan": Case(
        FUPING,
        "全县累计实现12.6万贫困群众稳定脱贫，164个贫困村全部出列。",
        observations=obs(("lifted-population", 126000, "a"), ("villages-exited", 164, "a")),
    ),
    "by-year-end-looking-back-is-an-outcome": Case(
        DONGXIANG,
        "2020年底全县完成脱贫任务。到2019年底，全县贫困人口减少到3049户1.3万人，贫困发生率下降到5.7%。",
        observations=obs(("poverty-incidence", 5.7, "a")),
    ),
    "model-names-are-not-companies": Case(
        DONGXIANG,
        "积极推进“扶贫车间+合作社+贫困户”模式，组建乡村两级扶贫开发公司。",
        enterprises=frozenset(),
        programs=frozenset({"扶贫车间+合作社+贫困户模式"}),
        measures=frozenset({"workshop", "cooperative"}),
    ),
    "exit-by-public-notice": Case(
        FUPING,
        "2020年2月29日，河北省人民政府发布公告，阜平县等7个县退出贫困县序列。",
        exit_date="2020-02-29",
    ),
    "official-prefecture-standing-committee": Case(
        ZHENXIONG,
        "昭通市委常委、镇雄县委书记翟玉龙在调研时强调，要巩固拓展脱贫攻坚成果。",
        officials=frozenset({("翟玉龙", "市委常委、镇雄县委书记")}),
    ),
    "register-stated-once-for-a-list": Case(
        ZHENXIONG,
        "2014年，全县建档立卡贫困村236个，贫困户4.3万户、贫困人口13.6万人。",
        observations=obs(
            ("poor-villages", 236, "a"),
            ("registered-poor-households", 43000, "a"),
            ("registered-poor-population", 136000, "a"),
        ),
    ),
    "relocated-people-employed-are-workshop-jobs": Case(
        WEINING,
        "同步配套建设扶贫车间62个，吸纳搬迁群众就近就业2100余人。",
        observations=obs(("workshop-count", 62, "a"), ("workshop-employment", 2100, "a")),
        approximate=frozenset({"workshop-employment"}),
    ),
    "all-kinds-of-funds-is-not-distributive": Case(
        SANDU,
        "累计投入各类扶贫资金38.6亿元，发放扶贫小额信贷5.2亿元。",
        observations=obs(("funds-invested", 3860000000, "a"), ("microcredit-amount", 520000000, "a")),
    ),
    "income-from-baseline-to-outcome": Case(
        ZHENXIONG,
        "农民人均纯收入从2014年的3200元增加到2019年的9800元。",
        observations=obs(("per-capita-income", 3200, "a"), ("per-capita-income", 9800, "a")),
    ),
    "year-range-lifted": Case(
        SANDU,
        "2016年至2019年，全县累计减贫2.8万户10.5万人。",
        observations=obs(("lifted-households", 28000, "a"), ("lifted-population", 105000, "a")),
    ),
    "subset-after-qizhong": Case(
        WEINING,
        "全县有贫困村118个，其中深度贫困村56个。",
        observations=obs(("poor-villages", 118, "a")),
    ),
    "team-members-and-secretaries": Case(
        FUPING,
        "选派驻村工作队员1506名、第一书记225名。",
        observations=obs(("assisting-cadres", 1506, "a"), ("first-secretaries", 225, "a")),
    ),
    "non-poor-relocated-alongside": Case(
        ZHAOJUE,
        "全县易地扶贫搬迁共搬迁安置建档立卡贫困人口7.6万人，同步搬迁2.1万人。",
        observations=obs(("relocated-population", 76000, "a")),
    ),
    "official-name-holding-a-place-name": Case(
        SANDU,
        "县委书记蔡建昌在调研时强调，要巩固拓展脱贫攻坚成果。",
        officials=frozenset({("蔡建昌", "县委书记")}),
    ),
    "three-character-name-before-a-verb": Case(
        DONGXIANG,
        "县委副书记、县长彭勇建主持召开脱贫攻坚推进会。县委书记曹健在调研时强调，要压实责任。",
        officials=frozenset({("彭勇建", "县委副书记、县长"), ("曹健", "县委书记")}),
    ),
    "kinds-of-organisation-are-not-names": Case(
        ZHENXIONG,
        "大力推进社区工厂建设，扎实开展保险公司承保工作，全面实施家庭农场培育计划。",
        enterprises=frozenset(),
    ),
    "villages-down-to-zero-is-a-stock": Case(
        WEINING,
        "全县贫困村由2014年的100个减少到0个。2019年，全县实现脱贫1.2万人，减少贫困村26个。",
        observations=obs(("lifted-population", 12000, "a"), ("villages-exited", 26, "a")),
    ),
    "village-first-secretary-is-not-a-county-official": Case(
        ZHENXIONG,
        "驻村第一书记王建军说，村里的产业越来越好。县委书记翟玉龙在调研时强调，要巩固成果。",
        officials=frozenset({("翟玉龙", "县委书记")}),
    ),
    "township-figure-is-not-the-county": Case(
        WEINING,
        "其中，东风镇建成扶贫车间12个，带动300余人就业。",
        observations=frozenset(),
        measures=frozenset({"workshop"}),
    ),
}


@pytest.fixture(scope="module")
def extractor() -> ReportExtractor:
    return ReportExtractor(load_lexicon())


def _extract(extractor: ReportExtractor, case: Case):
    text = case.text()
    result = extractor.extract(Document(source="case.txt", text=text))
    for fact in result.facts:
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.quote
    return result


@pytest.mark.parametrize("name", sorted(CASES))
def test_generalisation(extractor: ReportExtractor, name: str) -> None:
    case = CASES[name]
    result = _extract(extractor, case)
    assert result.report.county_code == case.county[0]
    facts = result.facts
    county_obs = [
        f for f in facts
        if isinstance(f, ObservationFact) and f.indicator in CONTRACT_INDICATORS and f.place is None
    ]  # fmt: skip
    assert {(f.indicator, f.value, f.status) for f in county_obs} == case.observations
    for fact in county_obs:
        assert fact.approximate == (fact.indicator in case.approximate), fact
    measures = {f.measure for f in facts if isinstance(f, InterventionFact)}
    assert case.measures <= measures
    assert not (case.not_measures & measures)
    assert {f.name for f in facts if isinstance(f, EnterpriseFact)} == case.enterprises
    assert {(f.person, f.title) for f in facts if isinstance(f, PositionFact)} == case.officials
    assert {f.name for f in facts if isinstance(f, ProgramFact)} == case.programs
    exits = {f.exit_date.isoformat() for f in facts if isinstance(f, ExitFact)}
    assert exits == ({case.exit_date} if case.exit_date else set())


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40
