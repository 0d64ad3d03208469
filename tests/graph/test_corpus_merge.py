"""A corpus across reports and years (issue 17): one county (遂川县, 江西) in five reports of different
years and styles — a work report, a press conference, an exit feature, a consolidation brief, a review.

They repeat figures (in other spellings: 16.3万 / 163,000), disagree on one (16.3万 / 15.9万 for the
same year), give a year's figure beside a cumulative one, rename a company (江西绿源茶业有限公司 /
绿源茶业公司 / 江西绿源茶业公司) and promote an official (县长 → 县委书记). A sixth report, about the
neighbouring 万安县, names an official of the same name: another person.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef

import fupin
from fupin.cli.report import find_texts
from fupin.extract.facts import ObservationFact
from fupin.graph.build import add_document, county_iri
from fupin.graph.conflicts import find_conflicts
from fupin.graph.corpus import corpus_words, enterprise_key, stated_precision
from fupin.graph.site import make_site, source_files
from fupin.graph.store import union_graph
from fupin.graph.vocab import FP, FPI, RDF, RDFS

SUICHUAN, WANAN = "360827", "360828"

REPORTS = {
    "r2017.txt": """遂川县2016年脱贫攻坚工作报告
发布时间：2017年3月10日
2016年，遂川县贫困发生率降至9.5%，全县新建扶贫车间12个。
县长王建国在全县脱贫攻坚推进会上要求，依托江西绿源茶业有限公司发展茶叶产业，带动贫困户增收。
""",
    "r2018.txt": """遂川县召开脱贫攻坚新闻发布会
发布时间：2018年2月8日
记者从遂川县新闻发布会上获悉，2017年遂川县贫困发生率降至5.2%。
遂川县县长王建国介绍，全县通过绿源茶业公司带动贫困户发展茶叶种植。
""",
    "r2020.txt": """遂川县脱贫摘帽纪实
发布时间：2020年5月18日
截至2019年底，遂川县累计脱贫16.3万人，贫困发生率降至0.8%。
县委书记王建国说，江西绿源茶业公司吸纳贫困群众就业，2017年遂川县贫困发生率降至5.2%。
""",
    "r2021.txt": """遂川县巩固拓展脱贫攻坚成果简报
发布时间：2021年6月2日
截至2019年底，遂川县累计脱贫15.9万人。2019年，全县脱贫2.1万人。
""",
    "r2022.txt": """遂川县脱贫攻坚成果回顾
发布时间：2022年1月20日
截至2019年底，遂川县累计脱贫163,000人，2016年全县贫困发生率为9.5%。
""",
    "wanan.txt": """万安县脱贫攻坚工作报告
发布时间：2019年4月1日
万安县县长王建国表示，2018年万安县贫困发生率降至2.6%。
""",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("suichuan")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def kg(corpus: Path) -> Dataset:
    return fupin.build(corpus)


def _observations(graph, county: str, indicator: str) -> list[URIRef]:
    union = union_graph(graph)
    return sorted(
        o for o in union.subjects(FP.indicator, FPI[indicator]) if (o, FP.county, county_iri(county)) in union
    )


def _sources(graph, node: URIRef) -> list[str]:
    union = union_graph(graph)
    return sorted(
        str(union.value(union.value(ev, FP.source), FP.sourceFile)) for ev in union.objects(node, FP.evidence)
    )


def _value(graph, node: URIRef) -> Decimal:
    return Decimal(str(union_graph(graph).value(node, FP.value)))


def test_the_same_fact_in_several_reports_is_one_observation_with_every_evidence(kg: Dataset) -> None:
    lifted = {_value(kg, o): o for o in _observations(kg, SUICHUAN, "lifted-population")}
    assert sorted(lifted) == [Decimal(21000), Decimal(159000), Decimal(163000)]
    assert _sources(kg, lifted[Decimal(163000)]) == ["r2020.txt", "r2022.txt"]
    incidence = {_value(kg, o): o for o in _observations(kg, SUICHUAN, "poverty-incidence")}
    assert sorted(incidence) == [Decimal("0.8"), Decimal("5.2"), Decimal("9.5")]
    assert _sources(kg, incidence[Decimal("5.2")]) == ["r2018.txt", "r2020.txt"]
    assert _sources(kg, incidence[Decimal("9.5")]) == ["r2017.txt", "r2022.txt"]


def test_each_observation_keeps_the_time_it_describes_and_how_it_is_known(kg: Dataset) -> None:
    union = union_graph(kg)
    years = {
        _value(kg, o): (str(union.value(o, FP.referenceYear)), union.value(o, FP.yearBasis))
        for o in _observations(kg, SUICHUAN, "poverty-incidence")
    }
    assert years == {
        Decimal("9.5"): ("2016", FP.StatedYear),
        Decimal("5.2"): ("2017", FP.StatedYear),
        Decimal("0.8"): ("2019", FP.StatedYear),
    }
    workshops = _observations(kg, SUICHUAN, "workshop-count")
    assert [(str(union.value(o, FP.referenceYear)), union.value(o, FP.yearBasis)) for o in workshops] == [
        ("2016", FP.StatedYear)
    ]


def test_a_bare_figure_is_dated_by_its_report_and_says_so(tmp_path: Path) -> None:
    text = "遂川县脱贫攻坚简报\n发布时间：2019年12月5日\n遂川县新建扶贫车间35个。\n"
    kg = fupin.build({"brief.txt": text})
    union = union_graph(kg)
    (node,) = _observations(kg, SUICHUAN, "workshop-count")
    assert str(union.value(node, FP.referenceYear)) == "2019"
    assert union.value(node, FP.yearBasis) == FP.PublicationYear


def test_series_lists_a_county_s_figures_in_time_order_with_sources(kg: Dataset) -> None:
    rows = fupin.query(kg, "series", county=SUICHUAN, indicator="poverty-incidence")
    assert [(str(r.year), r.value, r.file) for r in rows] == [
        ("2016", Decimal("9.5"), "r2017.txt"),
        ("2016", Decimal("9.5"), "r2022.txt"),
        ("2017", Decimal("5.2"), "r2018.txt"),
        ("2017", Decimal("5.2"), "r2020.txt"),
        ("2019", Decimal("0.8"), "r2020.txt"),
    ]
    assert all(r.basis == "stated" and r.status == "achieved" for r in rows)


def test_conflicts_lists_exactly_the_pair_that_disagrees(kg: Dataset) -> None:
    rows = fupin.query(kg, "conflicts")
    pairs = {(r.indicator, str(r.year), r.valueA, r.valueB) for r in rows}
    assert pairs == {("lifted-population", "2019", Decimal(159000), Decimal(163000))} or pairs == {
        ("lifted-population", "2019", Decimal(163000), Decimal(159000))
    }
    files = sorted((r.fileA, r.fileB) for r in rows)
    sides = {tuple(sorted(pair)) for pair in files}
    assert sides == {("r2020.txt", "r2021.txt"), ("r2021.txt", "r2022.txt")}
    assert all(r.quoteA and r.quoteB for r in rows)
    python = find_conflicts(union_graph(kg))
    assert [(c.indicator, c.year) for c in python] == [(FPI["lifted-population"], "2019")]
    (conflict,) = python
    assert {conflict.value_a, conflict.value_b} == {Decimal(159000), Decimal(163000)}
    assert {(c.a, c.b) for c in python} == {(r.a, r.b) for r in rows}


def test_validate_warns_of_the_conflict_and_still_conforms(kg: Dataset) -> None:
    check = fupin.validate(kg)
    assert check.conforms
    conflicts = [r for r in check.warnings if r.shape == "fpsh:ConflictingFigures"]
    assert len(conflicts) == 1
    assert "163,000" in conflicts[0].quote or "16.3万" in conflicts[0].quote
    assert "15.9万" in conflicts[0].quote


def test_figures_within_rounding_agree_and_a_cumulative_total_is_not_a_year_s_figure(kg: Dataset) -> None:
    union = union_graph(kg)
    lifted = {_value(kg, o): o for o in _observations(kg, SUICHUAN, "lifted-population")}
    steps = sorted(Decimal(str(p)) for p in union.objects(lifted[Decimal(163000)], FP.precision))
    assert steps == [Decimal(1), Decimal(1000)]
    assert (lifted[Decimal(163000)], FP.cumulative, Literal(True)) in union
    assert (lifted[Decimal(21000)], FP.cumulative, Literal(True)) not in union
    flagged = {c.a for c in find_conflicts(union)} | {c.b for c in find_conflicts(union)}
    assert lifted[Decimal(21000)] not in flagged


def test_the_county_page_draws_the_series_and_marks_the_conflict(
    kg: Dataset, corpus: Path, tmp_path: Path
) -> None:
    site, _ = make_site(kg, tmp_path / "site", texts=find_texts([corpus], source_files(kg)))
    (county,) = [c for c in site.counties if c.code == SUICHUAN]
    (series,) = [s for s in county.series if s.indicator == "poverty-incidence"]
    assert [(p.year, p.value) for p in series.points] == [
        (2016, Decimal("9.5")),
        (2017, Decimal("5.2")),
        (2019, Decimal("0.8")),
    ]
    assert len(county.conflicts) == 1
    page = (tmp_path / "site" / "county" / f"{SUICHUAN}.html").read_text(encoding="utf-8")
    assert 'id="series-poverty-incidence"' in page and "<polyline" in page
    assert 'id="conflicts"' in page and "15.9万人 ≠ 16.3万人" in page
    assert page.count('<a class="conflict"') == 2  # both conflicting observations are marked
    other = (tmp_path / "site" / "county" / f"{WANAN}.html").read_text(encoding="utf-8")
    assert 'id="conflicts"' not in other


def test_a_renamed_company_is_one_enterprise_with_every_mention_and_the_reason(kg: Dataset) -> None:
    union = union_graph(kg)
    (company,) = [e for e in union.subjects(RDF.type, FP.Enterprise)]
    assert {str(x) for x in union.objects(company, RDFS.label)} == {
        "江西绿源茶业有限公司",
        "绿源茶业公司",
        "江西绿源茶业公司",
    }
    assert str(union.value(company, FP.nameKey)) == "绿源茶业"
    assert _sources(kg, company) == ["r2017.txt", "r2018.txt", "r2020.txt"]
    reasons = sorted(str(r) for r in union.objects(company, FP.mergeReason))
    assert len(reasons) == 3
    assert any("有限公司" in r and "江西" in r for r in reasons)
    partners = set(union.objects(None, FP.partner))
    assert partners == {company}


def test_a_promoted_official_is_one_person_with_each_post_and_its_years(kg: Dataset) -> None:
    union = union_graph(kg)
    people = [p for p in union.subjects(RDFS.label, Literal("王建国", lang="zh"))]
    assert len(people) == 2  # 遂川县's and 万安县's: same name, two counties, two people
    posts = {}
    for position in union.subjects(FP.holder, None):
        person = union.value(position, FP.holder)
        county = str(union.value(position, FP.county)).rsplit("/", 1)[-1]
        years = sorted(str(y) for y in union.objects(position, FP.attestedYear))
        posts.setdefault((person, county), {})[str(union.value(position, FP.title))] = years
    by_county = {county: titles for (_, county), titles in posts.items()}
    assert by_county[SUICHUAN] == {"县长": ["2017", "2018"], "县委书记": ["2020"]}
    assert by_county[WANAN] == {"县长": ["2019"]}
    suichuan = next(p for (p, county) in posts if county == SUICHUAN)
    assert str(union.value(suichuan, FP.mergeReason)) == f"same name 王建国 in county {SUICHUAN}"


def test_identity_does_not_depend_on_the_other_reports(corpus: Path, kg: Dataset) -> None:
    """Each report written alone gives the same nodes as in the whole corpus: streamed or parallel
    builds meet in the same IRIs."""
    whole = set(union_graph(kg).subjects(RDF.type, FP.Observation))
    alone: set[URIRef] = set()
    for path in sorted(corpus.glob("*.txt")):
        facts = fupin.extract(path.read_text(encoding="utf-8"), source=path.name)
        part = Dataset()
        add_document(part.graph(URIRef("urn:x")), facts)
        alone |= set(union_graph(part).subjects(RDF.type, FP.Observation))
        assert facts.of_type(ObservationFact)
    assert alone == whole


@pytest.mark.parametrize(
    ("value", "figure", "step"),
    [
        ("163000", "16.3万人", "1000"),
        ("163000", "163,000人", "1"),
        ("0.8", "0.8%", "0.1"),
        ("840000000", "8.4亿元", "10000000"),
        ("20000", "两万人", "10000"),
        ("1200", "一千二百", "100"),
    ],
)
def test_stated_precision_is_the_step_of_the_last_digit_written(value: str, figure: str, step: str) -> None:
    assert stated_precision(Decimal(value), figure) == Decimal(step)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("江西绿源茶业有限公司", "绿源茶业"),
        ("遂川县绿源茶业股份有限公司", "绿源茶业"),
        ("吉安市遂川县绿源茶业公司", "绿源茶业"),
        ("绿源茶业", "绿源茶业"),
        ("浙江绿源茶业公司", "浙江绿源茶业"),  # another province's name is part of the name
        ("茶业公司", "茶业"),
    ],
)
def test_an_enterprise_name_key_sets_aside_legal_form_and_its_own_places(name: str, key: str) -> None:
    assert enterprise_key(name, SUICHUAN, corpus_words()[0]).key == key


def test_conflicts_gives_each_answer_once_on_both_engines(kg: Dataset) -> None:
    """Oxigraph repeated each answer row of the conflicts query (128 rows, 2 distinct, on these six
    reports) where rdflib gave each once; both engines give the two rows, once each."""
    store = ox.Store()
    store.load(kg.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    for graph in (store, kg):
        rows = fupin.query(graph, "conflicts", timeout=120)
        answers = [(r.a, r.b, r.fileA, r.quoteA, r.fileB, r.quoteB) for r in rows]
        assert len(answers) == len(set(answers)) == 2, type(graph).__name__
