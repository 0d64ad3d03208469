"""`fupin.ask`: questions written for these tests, in many phrasings (口语 and 书面语, with and without
县, traditional script, English), each with the template and parameters it must get; then answers on
the graph of the bundled reports, matching the contract's answers to questions 1–9.

The questions are not the templates' examples: they are other words for the same asks, so that the
matching is shown to work by its slots and cue words, not by remembering sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import fupin
from fupin.ask.answer import ask
from fupin.ask.matcher import match
from fupin.ask.templates import read_template, templates
from fupin.ask.vocabulary import normalise

QUESTIONS = [
    # contract question 1 and measures like it
    ("哪些县用了扶贫车间？", "measure-counties", {"measure": "workshop"}),
    ("有扶贫车间的县有哪些", "measure-counties", {"measure": "workshop"}),
    ("扶贫车间都建在哪些地方了", "measure-counties", {"measure": "workshop"}),
    ("哪几个区县搞了扶贫作坊", "measure-counties", {"measure": "workshop"}),
    ("哪些縣採用了扶貧車間", "measure-counties", {"measure": "workshop"}),
    ("Which counties used poverty-alleviation workshops?", "measure-counties", {"measure": "workshop"}),
    ("which districts have workshops", "measure-counties", {"measure": "workshop"}),
    ("哪些地方实施了光伏扶贫", "measure-counties", {"measure": "photovoltaic"}),
    ("which counties ran solar photovoltaic projects?", "measure-counties", {"measure": "photovoltaic"}),
    ("哪些县开展了电商扶贫", "measure-counties", {"measure": "ecommerce"}),
    ("哪些县推行了生态护林员", "measure-counties", {"measure": "eco-ranger"}),
    ("哪些地方有爱心超市", "measure-counties", {"measure": "love-supermarket"}),
    # … in a province or prefecture
    ("湖北省哪些县用了扶贫车间", "measure-counties-region", {"measure": "workshop", "region": "420000"}),
    ("十堰有哪些区县搞了易地搬迁", "measure-counties-region", {"measure": "relocation", "region": "420300"}),
    ("贵州哪些县用了光伏扶贫", "measure-counties-region", {"measure": "photovoltaic", "region": "520000"}),
    (
        "which counties in 甘肃 used e-commerce?",
        "measure-counties-region",
        {"measure": "ecommerce", "region": "620000"},
    ),
    # contract question 2 and indicators like it
    ("每个县脱贫了多少人？", "indicator-by-county", {"indicator": "lifted-population"}),
    ("各县脱贫人口分别是多少", "indicator-by-county", {"indicator": "lifted-population"}),
    ("各縣脫貧人數是多少", "indicator-by-county", {"indicator": "lifted-population"}),
    (
        "How many people did each county lift out of poverty?",
        "indicator-by-county",
        {"indicator": "lifted-population"},
    ),
    ("每个县各有多少贫困村", "indicator-by-county", {"indicator": "poor-villages"}),
    ("各县的生态护林员人数", "indicator-by-county", {"indicator": "eco-rangers"}),
    # one county's figures
    ("房县脱贫了多少人？", "county-indicator", {"county": "420325", "indicator": "lifted-population"}),
    ("郧阳脱贫人口是多少", "county-indicator", {"county": "420304", "indicator": "lifted-population"}),
    ("茅箭区脱贫了多少户", "county-indicator", {"county": "420302", "indicator": "lifted-households"}),
    ("房县选聘了多少生态护林员", "county-indicator", {"county": "420325", "indicator": "eco-rangers"}),
    (
        "what is the poverty incidence of 房县?",
        "county-indicator",
        {"county": "420325", "indicator": "poverty-incidence"},
    ),
    (
        "how many poverty-alleviation workshops does 郧阳区 have",
        "county-indicator",
        {"county": "420304", "indicator": "workshop-count"},
    ),
    (
        "竹山县2019年贫困发生率是多少",
        "county-indicator",
        {"county": "420323", "indicator": "poverty-incidence", "year": "2019"},
    ),
    # ranked
    ("哪个县脱贫人口最多", "indicator-ranking", {"indicator": "lifted-population"}),
    ("脱贫人口排名前五的县", "indicator-ranking", {"indicator": "lifted-population", "limit": "5"}),
    ("扶贫车间最多的3个县", "indicator-ranking", {"indicator": "workshop-count", "limit": "3"}),
    (
        "top 5 counties by people lifted out of poverty",
        "indicator-ranking",
        {"indicator": "lifted-population", "limit": "5"},
    ),
    ("which county has the most first secretaries?", "indicator-ranking", {"indicator": "first-secretaries"}),
    ("帮扶干部人数从高到低排序", "indicator-ranking", {"indicator": "assisting-cadres"}),
    # compared
    (
        "比较房县和郧阳区的脱贫人口",
        "compare-counties",
        {"county": "420325", "county2": "420304", "indicator": "lifted-population"},
    ),
    (
        "房县跟茅箭区比，谁的帮扶干部多",
        "compare-counties",
        {"county": "420325", "county2": "420302", "indicator": "assisting-cadres"},
    ),
    ("compare 郧阳区 and 房县", "compare-counties", {"county": "420304", "county2": "420325"}),
    ("郧阳区与茅箭区对比", "compare-counties", {"county": "420304", "county2": "420302"}),
    ("按脱贫人口给各县排个序", "indicator-ranking", {"indicator": "lifted-population"}),
    (
        "which three counties lifted the most people?",
        "indicator-ranking",
        {"indicator": "lifted-population", "limit": "3"},
    ),
    ("房县的人均可支配收入", "county-indicator", {"county": "420325", "indicator": "per-capita-income"}),
    ("咸安区投入了多少扶贫资金", "county-indicator", {"county": "421202", "indicator": "funds-invested"}),
    ("list the lifted population by county", "indicator-by-county", {"indicator": "lifted-population"}),
    # contract question 3, enterprises in a measure
    ("哪些企业参与了扶贫？", "enterprises", {}),
    ("有哪些公司参与进来了", "enterprises", {}),
    ("郧阳区都有哪些扶贫企业", "enterprises", {"county": "420304"}),
    ("which companies took part, and where?", "enterprises", {}),
    ("哪些企业参与了扶贫车间建设", "measure-enterprises", {"measure": "workshop"}),
    (
        "which enterprises took part in poverty-alleviation workshops?",
        "measure-enterprises",
        {"measure": "workshop"},
    ),
    # contract question 4
    ("各县什么时候脱贫摘帽的？", "exit-dates", {}),
    ("房县哪天退出的贫困县", "exit-dates", {"county": "420325"}),
    ("郧阳区摘帽的日期", "exit-dates", {"county": "420304"}),
    ("When did each county exit the poverty-county list?", "exit-dates", {}),
    ("when was 房县 approved to exit?", "exit-dates", {"county": "420325"}),
    # contract question 5
    ("报告中提到了哪些领导？", "officials", {}),
    ("都有哪些官员，担任什么职务", "officials", {}),
    ("咸安区的区委书记是谁", "officials", {"county": "421202"}),
    ("which officials are named, and what posts do they hold?", "officials", {}),
    ("who is the leader of 茅箭区?", "officials", {"county": "420302"}),
    # contract question 6
    ("哪些县没有脱贫人口数据？", "missing-figure", {"indicator": "lifted-population"}),
    ("哪些县缺少脱贫人数", "missing-figure", {"indicator": "lifted-population"}),
    (
        "which counties have no figure for people lifted out of poverty?",
        "missing-figure",
        {"indicator": "lifted-population"},
    ),
    (
        "which counties are missing the poverty incidence?",
        "missing-figure",
        {"indicator": "poverty-incidence"},
    ),
    # contract question 7
    (
        "哪份报告说房县脱贫141281人？",
        "evidence-figure",
        {"indicator": "lifted-population", "county": "420325", "value": "141281"},
    ),
    (
        "郧阳区脱贫16.3万人的出处在哪",
        "evidence-figure",
        {"indicator": "lifted-population", "county": "420304", "value": "163000"},
    ),
    (
        "which report says how many people 房县 lifted out of poverty?",
        "evidence-figure",
        {"indicator": "lifted-population", "county": "420325"},
    ),
    ("哪份报告说郧阳区用了扶贫车间？", "evidence-measure", {"measure": "workshop", "county": "420304"}),
    (
        "where does it say 房县 used workshops?",
        "evidence-measure",
        {"measure": "workshop", "county": "420325"},
    ),
    ("茅箭区搞光伏扶贫的依据是什么", "evidence-measure", {"measure": "photovoltaic", "county": "420302"}),
    (
        "show the evidence that 房县 used poverty-alleviation relocation",
        "evidence-measure",
        {"measure": "relocation", "county": "420325"},
    ),
    # contract question 8
    ("每个县都用了哪些扶贫措施？", "county-measures", {}),
    ("房县采取了哪些措施", "county-measures", {"county": "420325"}),
    ("咸安区都有什么扶贫举措", "county-measures", {"county": "421202"}),
    ("which measures did each county use?", "county-measures", {}),
    # contract question 9, programs serving a measure
    ("各县开展了哪些扶贫工程？", "programs", {}),
    ("郧阳区有哪些扶贫项目和模式", "programs", {"county": "420304"}),
    ("茅箭区搞了什么工作法", "programs", {"county": "420302"}),
    ("which named programs did each county run?", "programs", {}),
    ("哪些工程服务于易地扶贫搬迁", "measure-programs", {"measure": "relocation"}),
    ("which programs serve poverty-alleviation workshops?", "measure-programs", {"measure": "workshop"}),
]


@pytest.mark.parametrize(("question", "template", "params"), QUESTIONS, ids=[q for q, _, _ in QUESTIONS])
def test_each_question_gets_its_template_and_parameters(question: str, template: str, params: dict) -> None:
    found = match(question)
    assert found.template is not None, [(round(s, 1), t.id) for s, t in found.ranked[:3]]
    assert (found.template.id, found.params) == (template, params)
    assert not found.ambiguous


def test_there_are_at_least_sixty_questions_and_every_template_is_asked() -> None:
    assert len(QUESTIONS) >= 60
    assert {t.id for t in templates()} <= {template for _, template, _ in QUESTIONS}


@pytest.mark.parametrize(
    "question", ["今天天气怎么样？", "县城房价多少钱一平", "what is the capital of France?"]
)
def test_a_question_no_template_fits_is_not_answered(question: str) -> None:
    found = match(question)
    assert found.template is None


@pytest.mark.parametrize(
    ("question", "name", "candidates"),
    [
        ("东乡县用了哪些措施", "county", {"361003", "622926"}),
        ("东乡用了扶贫车间的依据", "county", {"361003", "622926"}),
        ("城区脱贫了多少人", "county", {"140302", "140502", "441502"}),
        ("朝阳区有哪些企业", "county", {"110105", "220104"}),
    ],
)
def test_an_ambiguous_name_lists_its_candidates(question: str, name: str, candidates: set[str]) -> None:
    found = match(question)
    assert set(found.ambiguous[name]) >= candidates
    assert name not in found.params


def test_a_region_named_in_the_question_settles_an_ambiguous_county() -> None:
    assert match("吉林长春的朝阳区有哪些企业").params == {"county": "220104"}


def test_traditional_script_is_read_as_the_extractor_reads_it() -> None:
    assert normalise("哪些縣用了扶貧車間？") == "哪些县用了扶贫车间?"


def test_a_template_file_is_all_a_new_question_needs(tmp_path: Path) -> None:
    (tmp_path / "county-townships.toml").write_text(
        'title = "Townships named"\nexamples = ["房县有哪些乡镇"]\nsparql = "SELECT ?x WHERE { ?x ?p ?county }"\n'
        '[[slot]]\nname = "county"\n[cues]\n"乡镇" = 3\n',
        encoding="utf-8",
    )
    template = read_template(tmp_path / "county-townships.toml")
    assert (template.id, template.slots[0].kind, template.cues) == (
        "county-townships",
        "county",
        {"乡镇": 3.0},
    )


# ---------------------------------------------------------------- answers on the bundled graph


def _cells(answer, *columns: str) -> list[tuple]:
    at = [answer.result.columns.index(c) for c in columns]
    return [tuple(str(row[i]) for i in at) for row in answer.result.rows]


@pytest.mark.parametrize(
    "question",
    ["哪些县用了扶贫车间？", "which counties used poverty-alleviation workshops?", "有扶貧作坊的縣"],
)
def test_contract_question_1(bundled_graph: Path, question: str) -> None:
    answer = ask(bundled_graph, question)
    assert _cells(answer, "code", "name") == [("420302", "茅箭区"), ("420304", "郧阳区"), ("420325", "房县")]
    assert len(answer.evidence) == 3 and all(answer.evidence)


@pytest.mark.parametrize(
    "question", ["每个县脱贫了多少人？", "how many people did each county lift out of poverty?"]
)
def test_contract_question_2(bundled_graph: Path, question: str) -> None:
    answer = ask(bundled_graph, question)
    assert _cells(answer, "name", "value") == [("茅箭区", "7129"), ("郧阳区", "163000"), ("房县", "141281")]


@pytest.mark.parametrize("question", ["哪些企业参与了扶贫？", "which companies took part, and where?"])
def test_contract_question_3(bundled_graph: Path, question: str) -> None:
    answer = ask(bundled_graph, question)
    assert sorted(_cells(answer, "enterprise", "name")) == [
        ("浙江诸暨袜业公司", "郧阳区"),
        ("湖北寿康永乐商贸集团有限公司", "郧阳区"),
        ("湖北裕佳菇业公司", "郧阳区"),
    ]


@pytest.mark.parametrize(
    "question", ["各县什么时候脱贫摘帽的？", "When did each county exit the poverty-county list?"]
)
def test_contract_question_4(bundled_graph: Path, question: str) -> None:
    answer = ask(bundled_graph, question)
    assert _cells(answer, "name", "exitDate") == [("房县", "2020-04-21"), ("郧阳区", "2020-04-23")]


@pytest.mark.parametrize(
    "question", ["报告中提到了哪些领导？", "which officials are named, and what posts do they hold?"]
)
def test_contract_question_5(bundled_graph: Path, question: str) -> None:
    answer = ask(bundled_graph, question)
    people = {(p, n) for p, t, n in _cells(answer, "person", "title", "name")}
    assert {("胡先平", "郧阳区"), ("蔡贤忠", "房县"), ("谭海华", "咸安区"), ("李文波", "咸安区")} <= people
    assert {("许关欣", "咸安区"), ("周庆荣", "茅箭区"), ("张捍声", "茅箭区")} <= people


@pytest.mark.parametrize(
    "question",
    ["哪些县没有脱贫人口数据？", "which counties have no figure for people lifted out of poverty?"],
)
def test_contract_question_6(bundled_graph: Path, question: str) -> None:
    assert _cells(ask(bundled_graph, question), "name") == [("远安县",), ("咸安区",)]


@pytest.mark.parametrize(
    "question",
    ["哪份报告说房县脱贫141281人？", "which report says how many people 房县 lifted out of poverty?"],
)
def test_contract_question_7(bundled_graph: Path, question: str) -> None:
    answer = ask(bundled_graph, question)
    assert [(f, q) for f, q in _cells(answer, "file", "quote") if "141281" in q] != []
    assert {f for (f,) in _cells(answer, "file")} == {"001_7bea98d680bfecd6.txt"}


@pytest.mark.parametrize("question", ["每个县都用了哪些扶贫措施？", "which measures did each county use?"])
def test_contract_question_8(bundled_graph: Path, question: str) -> None:
    cells = set(_cells(ask(bundled_graph, question), "name", "measure"))
    assert {
        ("郧阳区", "workshop"),
        ("房县", "workshop"),
        ("茅箭区", "workshop"),
        ("房县", "eco-ranger"),
    } <= cells
    assert {name for name, _ in cells} == {"郧阳区", "房县", "咸安区", "远安县", "茅箭区"}


@pytest.mark.parametrize(
    "question", ["各县开展了哪些扶贫工程？", "which named programs did each county run?"]
)
def test_contract_question_9(bundled_graph: Path, question: str) -> None:
    rows = _cells(ask(bundled_graph, question), "name", "program", "parts")
    sida = [parts for name, program, parts in rows if (name, program) == ("郧阳区", "四大工程")]
    assert sida and {"舒心工程", "放心工程", "暖心工程", "安心工程"} <= set(sida[0].split("、"))
    assert {("茅箭区", "一线工作法"), ("茅箭区", "周日扶贫劳动日")} <= {(n, p) for n, p, _ in rows}


def test_ranked_compared_and_one_county(bundled_graph: Path) -> None:
    assert _cells(ask(bundled_graph, "脱贫人口最多的县是哪个"), "name", "value") == [("郧阳区", "163000")]
    assert _cells(ask(bundled_graph, "脱贫人口前两名的县"), "name") == [("郧阳区",), ("房县",)]
    compared = ask(bundled_graph, "比较房县和郧阳区的脱贫人口")
    assert _cells(compared, "name", "value") == [("房县", "141281"), ("郧阳区", "163000")]
    assert _cells(ask(bundled_graph, "房县脱贫了多少人"), "value", "status") == [("141281", "achieved")]


def test_an_empty_answer_says_what_was_asked(bundled_graph: Path) -> None:
    answer = ask(bundled_graph, "哪些县搞了电商扶贫？")
    assert answer.status == "empty" and not answer.result.rows
    assert "no county in this graph used 电商扶贫" in answer.message


def test_unmatched_and_ambiguous_replies(bundled_graph: Path) -> None:
    unmatched = ask(bundled_graph, "今天天气怎么样？")
    assert unmatched.status == "unmatched" and unmatched.message.startswith("I cannot answer this yet")
    assert len(unmatched.suggestions) == 3
    ambiguous = ask(bundled_graph, "东乡县用了哪些措施")
    assert ambiguous.status == "ambiguous" and ambiguous.result is None
    assert (
        "江西省 抚州市 东乡区" in ambiguous.message
        and "甘肃省 临夏回族自治州 东乡族自治县" in ambiguous.message
    )


def test_the_python_api_answers_on_a_dataset_with_rdflib(bundled_graph: Path) -> None:
    from fupin.graph.store import load_graph

    answer = fupin.ask(load_graph(bundled_graph), "which counties used poverty-alleviation workshops?")
    assert [(row.code, row.name) for row in answer.rows] == [
        ("420302", "茅箭区"),
        ("420304", "郧阳区"),
        ("420325", "房县"),
    ]
    assert answer.template == "measure-counties" and "?measure" in answer.sparql
    assert str(answer.bindings["measure"]) == "https://w3id.org/fupin/measure/workshop"


def test_parameters_are_bound_never_pasted(bundled_graph: Path) -> None:
    answer = ask(bundled_graph, "哪些县用了光伏扶贫")
    assert "photovoltaic" not in answer.sparql and answer.sparql == answer_template_sparql("measure-counties")


def answer_template_sparql(name: str) -> str:
    return next(t.sparql for t in templates() if t.id == name)
