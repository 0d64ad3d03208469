"""shapes/opendata.ttl: an extracted exit date that the list of 832 contradicts is a warning quoting both."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Literal

from fupin.graph.build import county_iri
from fupin.graph.linksets import links_folder, shipped_links
from fupin.graph.terms import date_literal
from fupin.graph.universe import poverty_universe, summary
from fupin.graph.validate import load_shapes, validate
from fupin.graph.vocab import FP, FPD, FPI, RDF, RDFS


@pytest.fixture(scope="module")
def listed() -> Graph:
    return shipped_links(links_folder().glob("poverty-*.ttl"))


def with_exit(listed: Graph, code: str, name: str, day: str) -> Graph:
    """The shipped list plus one county, its report and an exit approval with evidence."""
    graph = Graph()
    for triple in listed:
        graph.add(triple)
    county, approval, evidence = county_iri(code), FPD[f"exit/{code}"], FPD[f"evidence/{code}"]
    graph.add((county, RDF.type, FP.County))
    graph.add((county, RDFS.label, Literal(name, lang="zh")))
    graph.add((approval, RDF.type, FP.ExitApproval))
    graph.add((approval, FP.county, county))
    graph.add((approval, FP.exitDate, date_literal(date.fromisoformat(day))))
    graph.add((county, FP.exitDate, date_literal(date.fromisoformat(day))))  # as graph/build.py writes it
    graph.add((approval, FP.evidence, evidence))
    graph.add((evidence, FP.quote, Literal(f"经省政府批准，{name}于{day[:4]}年正式退出贫困县序列")))
    return graph


def test_an_exit_date_two_years_after_its_batch_is_a_warning_quoting_both(listed: Graph) -> None:
    # 镇宁布依族苗族自治县 520423 left in the 2018 batch (贵州); a date in 2021 is neither 2018 nor 2019
    graph = with_exit(listed, "520423", "镇宁布依族苗族自治县", "2021-03-02")
    batch = str(graph.value(county_iri("520423"), FP.exitBatchYear))
    report = validate(graph, load_shapes("opendata.ttl"), lang="zh")
    (result,) = report.results
    assert result.severity == "Warning" and result.shape == "fpsh:ExitDateInBatchWindow"
    assert f"退出批次年度 {batch}" in result.message and "2021-03-02" in result.message
    assert result.label == "镇宁布依族苗族自治县" and "正式退出贫困县序列" in result.quote
    english = validate(graph, load_shapes("opendata.ttl"), lang="en").results[0].message
    assert f"exit batch year {batch}" in english and "2021-03-02" in english
    assert report.conforms


@pytest.mark.parametrize("offset", [0, 1])
def test_the_batch_year_and_the_next_are_consistent(listed: Graph, offset: int) -> None:
    batch = int(str(listed.value(county_iri("520423"), FP.exitBatchYear)))
    graph = with_exit(listed, "520423", "镇宁布依族苗族自治县", f"{batch + offset}-12-30")
    assert validate(graph, load_shapes("opendata.ttl")).results == []


def test_a_county_off_the_list_is_not_checked(listed: Graph) -> None:
    graph = with_exit(listed, "110101", "东城区", "2001-01-01")
    assert validate(graph, load_shapes("opendata.ttl")).results == []


def test_the_universe_view_counts_reports_figures_and_exit_dates(listed: Graph) -> None:
    graph = with_exit(listed, "520423", "镇宁布依族苗族自治县", "2019-04-01")
    report, lifted = FPD["report/a"], FPD["obs/a"]
    graph.add((report, RDF.type, FP.Report))
    graph.add((report, FP.about, county_iri("520423")))
    graph.add((FPD["report/b"], RDF.type, FP.Report))
    graph.add((FPD["report/b"], FP.about, county_iri("522327")))  # 册亨县, no figure, no date
    graph.add((lifted, FP.indicator, FPI["lifted-population"]))
    graph.add((lifted, FP.county, county_iri("520423")))
    rows = poverty_universe(graph, {"522327": "册亨县"})
    counts = summary(rows)
    assert counts["reported"] == 2 and counts["no report"] == 828
    assert counts["reported, no lifted-population"] == 1 and counts["reported, no exit date"] == 1
    first, second = rows[:2]
    assert (first.code, first.lifted_population, first.exit_dates) == ("520423", True, ("2019-04-01",))
    assert (second.code, second.name, second.lifted_population, second.exit_dates) == (
        "522327",
        "册亨县",
        False,
        (),
    )
