"""A synthetic corpus for scale runs: N reports in the style of the bundled ones, with their gold facts.

Each report is about a county drawn from the packaged gazetteer and is built from sentence templates,
several phrasings per fact (those of tests/extract/test_generalisation.py, which the extractor is
expected to handle), with figures drawn at random, measure names taken from the ontology's labels,
named enterprises, officials, programs and an exit date, padded with sentences that state no fact.
Every template also says which facts it states, so the corpus comes with a gold file in the format of
tests/data/gold-seeds.json and a scale run checks correctness, not just speed. Same seed, same bytes.

    .venv/bin/python bench/generate.py 1000 /tmp/corpus-1k [--seed 7]

writes OUTDIR/reports/NNNNNN_<code>.txt and OUTDIR/gold.json.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fupin.extract.gazetteer import Division, Gazetteer
from fupin.extract.lexicon import load_lexicon

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程魏苏"
GIVEN = "建国明华伟志强军平海文勇杰峰涛斌超辉刚健春林亮红霞玲燕芳丽秀英敏静婷德成庆宏光荣昌兴旭东晓"
FIRMS = ("农业", "食品", "茶业", "菌业", "药业", "牧业", "果业", "纺织", "电子", "旅游", "生态", "商贸")
FIRM_WORDS = "金山绿源丰华恒信宏达新希瑞康惠民天成福瑞安泰嘉禾兴旺永盛鑫隆"
PROGRAM_KINDS = ("行动", "工程", "计划")
PROGRAM_WORDS = ("百企帮百村", "千村万户", "春风送岗", "暖心安居", "美丽庭院", "双培双带", "技能富民",
                 "乡村振兴示范", "产业兴村", "一户一策")  # fmt: skip
FILLERS = (
    "{name}始终把脱贫攻坚作为头等大事和第一民生工程，坚持以脱贫攻坚统揽经济社会发展全局。",
    "全县上下坚持精准扶贫精准脱贫基本方略，压实责任，尽锐出战，确保各项政策落地见效。",
    "在推进过程中，{name}注重总结经验，不断完善工作机制。",
    "下一步，{name}将持续巩固拓展脱贫攻坚成果，推动乡村全面振兴。",
    "各级干部深入一线、真抓实干，形成了上下联动、合力攻坚的良好局面。",
    "2020年是脱贫攻坚收官之年，也是全面建成小康社会目标实现之年。",
)


@dataclass
class Gold:
    """The facts one report states, in the gold file's terms."""

    measures: set[str] = field(default_factory=set)
    measures_optional: set[str] = field(default_factory=set)
    observations: list[dict] = field(default_factory=list)
    enterprises: list[str] = field(default_factory=list)
    officials: list[dict] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    exit_date: str | None = None

    def observe(self, indicator: str, value: float, unit: str) -> None:
        self.observations.append({"indicator": indicator, "value": value, "unit": unit})


Template = Callable[[random.Random, Division, Gold], str]


def _wan(rng: random.Random, low: int, high: int) -> tuple[str, int]:
    """A figure written as N.N万 (tenths of ten thousand) and its value."""
    tenths = rng.randint(low, high)
    return f"{tenths / 10:g}万", tenths * 1000


def t_lifted(rng: random.Random, county: Division, gold: Gold) -> str:
    text, value = _wan(rng, 12, 480)
    households = value // rng.randint(3, 4)
    incidence = rng.randint(1, 290) / 100
    gold.observe("lifted-population", value, "person")
    phrasing = rng.randrange(3)
    if phrasing == 0:
        gold.observe("poverty-incidence", incidence, "percent")
        start = rng.randint(120, 400) / 10
        return f"截至2019年底，全县累计减少贫困人口{text}人，贫困发生率由{start:g}%下降到{incidence:g}%。"
    if phrasing == 1:
        gold.observe("lifted-households", households, "household")
        return f"2019年，全县实现{households}户{value}人脱贫。"
    gold.observe("registered-poor-population", value, "person")
    return f"全县{text}名建档立卡贫困人口全部脱贫。"


def t_register(rng: random.Random, county: Division, gold: Gold) -> str:
    households, people, villages = rng.randint(2000, 40000), 0, rng.randint(10, 300)
    people = households * 4 + rng.randint(0, 999)
    gold.observe("registered-poor-households", households, "household")
    gold.observe("registered-poor-population", people, "person")
    gold.observe("poor-villages", villages, "village")
    return f"全县共有建档立卡贫困户{households}户、贫困人口{people}人，贫困村{villages}个。"


def t_income(rng: random.Random, county: Division, gold: Gold) -> str:
    income = rng.randint(6000, 16000)
    gold.observe("per-capita-income", income, "yuan")
    return f"2020年，全县农村居民人均可支配收入达到{income}元，比上年增长{rng.randint(50, 150) / 10:g}%。"


def t_relocation(rng: random.Random, county: Division, gold: Gold) -> str:
    gold.measures.add("relocation")
    if rng.random() < 0.5:
        text, value = _wan(rng, 5, 150)
        gold.observe("relocated-population", value, "person")
        return f"全县易地扶贫搬迁安置群众{text}人，建成集中安置点{rng.randint(5, 60)}个。"
    households = rng.randint(300, 9000)
    gold.observe("relocated-households", households, "household")
    return f"全县易地扶贫搬迁安置{households}户，搬迁群众住上了新房。"


def t_workshop(rng: random.Random, county: Division, gold: Gold) -> str:
    count, jobs = rng.randint(8, 120), rng.randint(300, 5000)
    gold.measures.add("workshop")
    gold.measures_optional.add("employment")
    gold.observe("workshop-count", count, "workshop")
    gold.observe("workshop-employment", jobs, "person")
    return f"全县建成扶贫车间{count}个，吸纳{jobs}名贫困群众就近就业。"


def t_rangers(rng: random.Random, county: Division, gold: Gold) -> str:
    rangers = rng.randint(200, 6000)
    gold.measures.add("eco-ranger")
    gold.measures_optional.add("eco-compensation")
    gold.observe("eco-rangers", rangers, "person")
    return f"累计选聘生态护林员{rangers}名，户均年增收1万元。"


def t_training(rng: random.Random, county: Division, gold: Gold) -> str:
    text, value = _wan(rng, 5, 90)
    gold.measures.add("skills-training")
    gold.observe("trained-persons", value, "person")
    return f"全年完成贫困劳动力技能培训{text}人次。"


def t_secretaries(rng: random.Random, county: Division, gold: Gold) -> str:
    n = rng.randint(40, 500)
    gold.measures.add("village-team")
    gold.observe("first-secretaries", n, "person")
    gold.observe("village-teams", n, "team")
    return f"全县选派驻村第一书记{n}名，组建驻村工作队{n}支。"


def t_microcredit(rng: random.Random, county: Division, gold: Gold) -> str:
    tenths = rng.randint(3, 120)
    gold.measures.add("microcredit")
    gold.measures_optional.add("financial")
    gold.observe("microcredit-amount", tenths * 10_000_000, "yuan")
    return f"全县累计发放扶贫小额信贷{tenths / 10:g}亿元，惠及贫困户{rng.randint(2, 30) / 10:g}万户。"


def t_funds(rng: random.Random, county: Division, gold: Gold) -> str:
    tenths = rng.randint(5, 300)
    gold.observe("funds-invested", tenths * 10_000_000, "yuan")
    if rng.random() < 0.5:
        return f"三年来统筹整合财政涉农资金{tenths / 10:g}亿元用于脱贫攻坚。"
    return f"县财政累计投入专项扶贫资金{tenths / 10:g}亿元。"


def t_housing(rng: random.Random, county: Division, gold: Gold) -> str:
    text, value = _wan(rng, 3, 40)
    gold.measures.add("housing")
    gold.observe("houses-renovated", value, "household")
    return f"全县共实施农村危房改造{text}户。"


def t_villages_exited(rng: random.Random, county: Division, gold: Gold) -> str:
    villages, incidence = rng.randint(10, 200), rng.randint(1, 99) / 100
    gold.observe("villages-exited", villages, "village")
    gold.observe("poor-villages", villages, "village")
    gold.observe("poverty-incidence", incidence, "percent")
    return f"全县{villages}个贫困村全部退出，贫困发生率降至{incidence:g}%。"


def t_measure(measures: list[tuple[str, str]], broader: dict[str, str]) -> Template:
    """A sentence naming one measure by one of its ontology labels."""

    def template(rng: random.Random, county: Division, gold: Gold) -> str:
        label, notation = rng.choice(measures)
        gold.measures.add(notation)
        parent = broader.get(notation)
        while parent:
            gold.measures_optional.add(parent)
            parent = broader.get(parent)
        opening = rng.choice(("大力推进", "扎实开展", "全面实施", "持续深化"))
        return f"{opening}{label}工作，取得明显成效。"

    return template


def t_enterprise(rng: random.Random, county: Division, gold: Gold) -> str:
    province = rng.choice(("贵州", "云南", "湖北", "甘肃", "四川", "河北", "广西"))
    name = f"{province}{rng.choice(FIRM_WORDS)}{rng.choice(FIRM_WORDS)}{rng.choice(FIRMS)}有限公司"
    gold.enterprises.append(name)
    if rng.random() < 0.5:
        return f"引进{name}，建设种植基地{rng.randint(2, 30)}千亩。"
    return f"依托{name}发展订单农业，带动贫困户增收。"


def t_official(rng: random.Random, county: Division, gold: Gold) -> str:
    person = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
    if rng.random() < 0.5:
        gold.officials.append({"name": person, "role": "县委书记"})
        return f"县委书记{person}在调研时强调，要巩固拓展脱贫攻坚成果。"
    gold.officials.append({"name": person, "role": "县长"})
    return f"县委副书记、县长{person}主持召开脱贫攻坚推进会。"


def t_program(rng: random.Random, county: Division, gold: Gold) -> str:
    core, kind = rng.choice(PROGRAM_WORDS), rng.choice(PROGRAM_KINDS)
    gold.programs.append(core + kind)
    gold.measures_optional.add("paired-assistance")
    return f"深入实施“{core}”{kind}，组织各方力量结对帮扶贫困村。"


FACT_TEMPLATES: tuple[Template, ...] = (
    t_lifted, t_register, t_income, t_relocation, t_workshop, t_rangers, t_training, t_secretaries,
    t_microcredit, t_funds, t_housing, t_villages_exited, t_enterprise, t_official, t_program,
)  # fmt: skip


def counties(gazetteer: Gazetteer) -> list[Division]:
    """Counties (县) whose full name denotes no other division, so the subject county is unambiguous."""
    return [
        d
        for d in gazetteer
        if d.level == "county" and d.name.endswith("县") and len(gazetteer.lookup(d.name)) == 1
        and d.prefecture_code and len(d.name) >= 3
    ]  # fmt: skip


def report(
    rng: random.Random, county: Division, templates: list[Template], gazetteer: Gazetteer
) -> tuple[str, Gold]:
    """One report's text and gold: a title, the issuing office, then paragraphs of facts and filler."""
    gold = Gold()
    chosen = rng.sample(FACT_TEMPLATES, rng.randint(7, 11)) + [rng.choice(templates) for _ in range(3)]
    sentences = [t(rng, county, gold) for t in chosen]
    sentences += [rng.choice(FILLERS).format(name=county.name) for _ in range(rng.randint(3, 6))]
    rng.shuffle(sentences)
    if rng.random() < 0.3:
        day = rng.randint(1, 28)
        month = rng.randint(2, 5)
        gold.exit_date = f"2020-{month:02d}-{day:02d}"
        province = gazetteer.province(county.code)
        approver = province.name if province else "省"
        sentences.append(f"2020年{month}月{day}日，{approver}人民政府批准{county.name}退出贫困县序列。")
    paragraphs = ["".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    title = rng.choice(("脱贫攻坚工作综述", "脱贫攻坚工作总结", "打赢脱贫攻坚战工作报告"))
    text = f"{county.name}{title}\n\n{county.name}人民政府\n\n" + "\n\n".join(paragraphs) + "\n"
    return text, gold


def gold_document(file: str, county: Division, gazetteer: Gazetteer, gold: Gold) -> dict:
    prefecture = gazetteer.prefecture(county.code)
    province = gazetteer.province(county.code)
    return {
        "file": file,
        "county": {
            "name": county.name,
            "code": county.code,
            "prefecture": prefecture.name if prefecture else "",
            "province": province.name if province else "",
        },
        "officials": gold.officials,
        "officials_optional": [],
        "exit_date": gold.exit_date,
        "measures": sorted(gold.measures),
        "measures_optional": sorted(gold.measures_optional - gold.measures),
        "observations": gold.observations,
        "observations_optional": [],
        "enterprises": gold.enterprises,
        "enterprises_optional": [],
        "programs": gold.programs,
        "programs_optional": [],
    }


def generate(count: int, seed: int = 7) -> Iterator[tuple[str, str, dict]]:
    """(file name, text, gold document) of `count` reports, deterministic given `seed`."""
    gazetteer = Gazetteer.load()
    lexicon = load_lexicon()
    measures = sorted((label, notation) for label, notation in lexicon.measures if len(label) >= 4)
    templates = [t_measure(measures, dict(lexicon.measure_broader))]
    pool = counties(gazetteer)
    rng = random.Random(seed)
    for index in range(count):
        county = rng.choice(pool)
        text, gold = report(rng, county, templates, gazetteer)
        name = f"{index:06d}_{county.code}.txt"
        yield name, text, gold_document(name, county, gazetteer, gold)


def write_corpus(count: int, outdir: Path, seed: int = 7) -> tuple[Path, Path]:
    """Write the reports under OUTDIR/reports/ and their gold to OUTDIR/gold.json; returns both."""
    reports = outdir / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    documents = []
    for name, text, gold in generate(count, seed):
        (reports / name).write_text(text, encoding="utf-8")
        documents.append(gold)
    about = f"Synthetic reports made by bench/generate.py (seed {seed}); facts as the templates state them."
    gold_path = outdir / "gold.json"
    payload = {"about": about, "version": 2, "documents": documents}
    gold_path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return reports, gold_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    reports, gold = write_corpus(args.count, args.outdir, args.seed)
    print(f"{args.count} reports -> {reports}; gold -> {gold}")


if __name__ == "__main__":
    main()
