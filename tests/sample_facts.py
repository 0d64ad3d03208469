"""Fact records read by hand from the bundled sample reports, for the graph and CLI tests.

Every quote is located in the real report text, so each Evidence satisfies text[start:end] == quote,
just as the extractor's records must. The gazetteer and ontology stand-ins are small on purpose; tests
that need the real ones ask for the `real_gazetteer` / `real_ontology` fixtures (tests/graph/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fupin.extract.facts import (
    DocumentFacts,
    EnterpriseFact,
    Evidence,
    ExitFact,
    InterventionFact,
    ObservationFact,
    PlaceFact,
    PositionFact,
    ProgramFact,
    ReportFact,
)
from fupin.resources import folder

YUNYANG, FANGXIAN, XIANAN, YUANAN, MAOJIAN = "420304", "420325", "421202", "420525", "420302"
F000, F001, F002, F003, F004 = (
    "000_db96cee2259eeb30.txt",
    "001_7bea98d680bfecd6.txt",
    "002_c375c8cd05350800.txt",
    "003_f494fd4fdfdbdea1.txt",
    "004_09ec1a85e73abec8.txt",
)


@dataclass(frozen=True)
class Div:
    code: str
    name: str
    level: str
    parent_code: str | None
    prefecture_code: str | None
    province_code: str | None


class StandInGazetteer:
    """The few divisions the fixtures need, shaped like `fupin.extract.gazetteer.Gazetteer`."""

    def __init__(self) -> None:
        rows = [
            Div("420000", "湖北省", "province", None, None, None),
            Div("420300", "十堰市", "prefecture", "420000", None, "420000"),
            Div("421200", "咸宁市", "prefecture", "420000", None, "420000"),
            Div("420500", "宜昌市", "prefecture", "420000", None, "420000"),
            Div(YUNYANG, "郧阳区", "county", "420300", "420300", "420000"),
            Div(FANGXIAN, "房县", "county", "420300", "420300", "420000"),
            Div(MAOJIAN, "茅箭区", "county", "420300", "420300", "420000"),
            Div(XIANAN, "咸安区", "county", "421200", "421200", "420000"),
            Div(YUANAN, "远安县", "county", "420500", "420500", "420000"),
            Div("429004", "仙桃市", "county", "420000", None, "420000"),
        ]
        self._by_code = {d.code: d for d in rows}

    def get(self, code: str) -> Div | None:
        return self._by_code.get(code)


STAND_IN_ONTOLOGY = """
@prefix fp: <https://w3id.org/fupin/ontology#> .
@prefix fpm: <https://w3id.org/fupin/measure/> .
@prefix fpi: <https://w3id.org/fupin/indicator/> .
@prefix fpu: <https://w3id.org/fupin/unit/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

fp:County a rdfs:Class ; rdfs:label "县"@zh, "county"@en .
fpm:workshop a skos:Concept ; skos:notation "workshop" ; skos:prefLabel "扶贫车间"@zh, "workshop"@en .
fpm:industry a skos:Concept ; skos:notation "industry" ; skos:prefLabel "产业扶贫"@zh, "industry"@en .
fpm:employment a skos:Concept ; skos:notation "employment" ; skos:prefLabel "就业扶贫"@zh .
fpm:microcredit a skos:Concept ; skos:notation "microcredit" ; skos:prefLabel "扶贫小额信贷"@zh .
fpm:consumption a skos:Concept ; skos:notation "consumption" ; skos:prefLabel "消费扶贫"@zh .
fpm:village-team a skos:Concept ; skos:notation "village-team" ; skos:prefLabel "驻村帮扶"@zh .
fpi:lifted-population a skos:Concept ; skos:notation "lifted-population" .
fpi:lifted-households a skos:Concept ; skos:notation "lifted-households" .
fpi:registered-poor-population a skos:Concept ; skos:notation "registered-poor-population" .
fpi:villages-exited a skos:Concept ; skos:notation "villages-exited" .
fpi:microcredit-amount a skos:Concept ; skos:notation "microcredit-amount" .
fpi:workshop-count a skos:Concept ; skos:notation "workshop-count" .
fpi:workshop-employment a skos:Concept ; skos:notation "workshop-employment" .
fpu:person a skos:Concept ; skos:notation "person" .
fpu:household a skos:Concept ; skos:notation "household" .
fpu:village a skos:Concept ; skos:notation "village" .
fpu:yuan a skos:Concept ; skos:notation "yuan" .
fpu:workshop a skos:Concept ; skos:notation "workshop" .
fpu:percent a skos:Concept ; skos:notation "percent" .
"""


def corpus_text(name: str) -> str:
    return (folder("corpus") / name).read_text(encoding="utf-8")


class Reader:
    """Makes Evidence for quotes of one report, located in its real text."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.text = corpus_text(source)

    def ev(self, quote: str, rule: str, nth: int = 0, confidence: float = 0.9) -> Evidence:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(quote, start + 1)
        return Evidence(self.source, start, start + len(quote), quote, rule, confidence)


def yunyang() -> DocumentFacts:
    r = Reader(F000)
    summary = "全区16.3万建档立卡贫困人口全部脱贫"
    return DocumentFacts(
        ReportFact(F000, YUNYANG, title="巩固脱贫成果 提高脱贫质量", author="胡先平"),
        [
            ObservationFact(
                YUNYANG, "lifted-population", Decimal("16.3E4"), "person", r.ev(summary, "indicators.outcome")
            ),
            ObservationFact(
                YUNYANG,
                "registered-poor-population",
                Decimal("163000"),
                "person",
                r.ev(summary, "indicators.outcome"),
            ),
            ObservationFact(
                YUNYANG,
                "villages-exited",
                Decimal(85),
                "village",
                r.ev("85个重点贫困村全部出列", "indicators.outcome"),
            ),
            ObservationFact(
                YUNYANG,
                "microcredit-amount",
                Decimal("8.4E8"),
                "yuan",
                r.ev("小额扶贫信贷8.4亿元", "indicators.outcome"),
            ),
            ObservationFact(
                YUNYANG,
                "workshop-count",
                Decimal(20),
                "workshop",
                r.ev("在20个乡镇场各至少建设一个袜业扶贫车间", "indicators.outcome"),
                approximate=True,
            ),
            ExitFact(
                YUNYANG, date(2020, 4, 23), r.ev("2020年4月23日省政府批准郧阳区退出贫困县", "dates.exit")
            ),
            PositionFact("胡先平", "区长", YUNYANG, r.ev("郧阳区人民政府区长 胡先平", "actors.title")),
            InterventionFact(YUNYANG, "workshop", r.ev("袜业扶贫车间", "measures.lexicon", 0)),
            InterventionFact(
                YUNYANG,
                "workshop",
                r.ev("袜业扶贫车间", "measures.lexicon", 1),
                partners=("浙江诸暨袜业公司",),
            ),
            InterventionFact(YUNYANG, "microcredit", r.ev("小额扶贫信贷", "measures.lexicon")),
            EnterpriseFact(
                "浙江诸暨袜业公司", YUNYANG, r.ev("依托浙江诸暨袜业公司", "actors.enterprise"), role="依托"
            ),
            EnterpriseFact(
                "湖北裕佳菇业公司", YUNYANG, r.ev("依托湖北裕佳菇业公司", "actors.enterprise"), role="依托"
            ),
            ProgramFact(
                "四大工程", YUNYANG, r.ev("建设“四大工程”", "programs.quoted"), parts=("舒心工程", "放心工程")
            ),
            ProgramFact(
                "1+2+N产业脱贫模式",
                YUNYANG,
                r.ev("“1+2+N”产业脱贫模式", "programs.quoted"),
                measures=("industry", "employment"),
            ),
            PlaceFact("谭家湾镇", "township", YUNYANG, r.ev("谭家湾镇", "places.township")),
        ],
    )


def fangxian() -> DocumentFacts:
    r = Reader(F001)
    return DocumentFacts(
        ReportFact(F001, FANGXIAN, title="决战脱贫摘帽 决胜全面小康", author="蔡贤忠"),
        [
            ObservationFact(
                FANGXIAN,
                "lifted-population",
                Decimal(141281),
                "person",
                r.ev("累计脱贫退出48181户141281人", "indicators.outcome"),
            ),
            ObservationFact(
                FANGXIAN,
                "lifted-households",
                Decimal(48181),
                "household",
                r.ev("累计脱贫退出48181户141281人", "indicators.outcome"),
            ),
            ExitFact(FANGXIAN, date(2020, 4, 21), r.ev("今年4月21日经省政府批准退出贫困县", "dates.exit")),
            PositionFact("蔡贤忠", "县委书记", FANGXIAN, r.ev("中共房县县委书记 蔡贤忠", "actors.title")),
            InterventionFact(FANGXIAN, "workshop", r.ev("建成扶贫车间（作坊）607个", "measures.lexicon")),
        ],
    )


def xianan() -> DocumentFacts:
    r = Reader(F002)
    return DocumentFacts(
        ReportFact(F002, XIANAN),
        [
            PositionFact("谭海华", "区委书记", XIANAN, r.ev("区委书记谭海华", "actors.title")),
            PositionFact(
                "李文波", "区委副书记、区长", XIANAN, r.ev("区委副书记、区长李文波", "actors.title")
            ),
            ObservationFact(
                XIANAN,
                "lifted-population",
                Decimal(80),
                "percent",
                r.ev("确保2017年全区80%以上被帮扶对象稳定脱贫", "indicators.target"),
                status="target",
                approximate=True,
                target_year=2017,
            ),
        ],
    )


def yuanan() -> DocumentFacts:
    """A report the extractor found nothing in but its county and date: a completeness gap."""
    report = ReportFact(F003, YUANAN, title="实施乡村振兴 巩固脱贫成果", published=date(2019, 6, 20))
    return DocumentFacts(report)


def maojian() -> DocumentFacts:
    r = Reader(F004)
    return DocumentFacts(
        ReportFact(F004, MAOJIAN, title="一份经得起历史检验的脱贫答卷"),
        [
            ObservationFact(
                MAOJIAN,
                "lifted-population",
                Decimal(7129),
                "person",
                r.ev("2402户7129名贫困人口", "indicators.outcome"),
                period_end=2019,
            ),
            PositionFact("周庆荣", "区委书记", MAOJIAN, r.ev("茅箭区委书记周庆荣", "actors.title")),
            PositionFact("张捍声", "区长", MAOJIAN, r.ev("茅箭区区长张捍声", "actors.title")),
            ProgramFact(
                "一线工作法", MAOJIAN, r.ev("扶贫“一线工作法”", "programs.quoted"), measures=("village-team",)
            ),
        ],
    )


def sample_docs() -> list[DocumentFacts]:
    return [yunyang(), fangxian(), xianan(), yuanan(), maojian()]
