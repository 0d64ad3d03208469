"""The HTML report: highlighted spans in real sentences, and a site built from the bundled reports whose
every link resolves and whose every evidence anchor covers exactly its quote."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from fupin.builder import build_corpus
from fupin.cli import main
from fupin.cli.report import find_texts
from fupin.graph.site import collect, make_site, source_files
from fupin.graph.site.charts import bar_chart_svg
from fupin.graph.site.highlight import format_value, highlight, value_spellings
from fupin.graph.site.render import text_segments
from fupin.graph.store import load_graph, union_graph
from fupin.resources import folder

YUNYANG_LIFTED = (
    "脱贫攻坚取得了决定性成就，全区16.3万建档立卡贫困人口全部脱贫、85个重点贫困村全部出列，"
    "2020年4月23日省政府批准郧阳区退出贫困县。"
)
FANGXIAN_FUNDS = "累计统筹资金80多亿元，大力推动农村饮水、交通、用电、宽带网络、无线通信、卫生室等“十个提升”"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    """The bundled reports, built once for this module (no cache: the test sees today's extractor)."""
    path = tmp_path_factory.mktemp("kg") / "kg.ttl"
    build_corpus([], path, cache=None)
    return path


@pytest.fixture(scope="module")
def site_dir(graph_file, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    graph = load_graph(graph_file)
    make_site(graph, out, texts=find_texts([folder("corpus")], source_files(graph)))
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_figure_written_in_wan_is_highlighted_with_its_unit_word():
    before, mark, after = highlight(YUNYANG_LIFTED, value_spellings(Decimal(163000)), ["人"])
    assert mark == "16.3万"
    assert before.endswith("全区") and after.startswith("建档立卡")


def test_an_approximate_figure_is_found_and_takes_the_currency_word():
    _, mark, _ = highlight(FANGXIAN_FUNDS, value_spellings(Decimal(8_000_000_000)), ["元"])
    assert mark == "80多亿元"


def test_a_figure_never_lights_up_inside_a_longer_number():
    _, mark, _ = highlight(YUNYANG_LIFTED, ["20"], [])
    assert mark == YUNYANG_LIFTED  # only 2020 has 20 in it: the whole sentence stands


def test_a_name_is_found_across_quotation_marks_and_line_breaks():
    _, mark, _ = highlight("四是建“安心”工\n\n程。", ["安心工程"])
    assert mark == "安心”工\n\n程"


def test_values_read_as_a_person_would_write_them():
    assert format_value(Decimal(163000), "人") == "16.3万人"
    assert format_value(Decimal(1_030_000_000), "元") == "10.3亿元"
    assert format_value(Decimal("95.1"), "%") == "95.1%"


def test_overlapping_evidence_is_cut_into_pieces_without_losing_text():
    text = "甲乙丙丁戊己"
    pieces = text_segments(text, [("a", 0, 4), ("b", 2, 6)])
    assert "".join(p for p, _, _ in pieces) == text
    assert "".join(p for p, _, cover in pieces if "a" in cover) == text[0:4]
    assert "".join(p for p, _, cover in pieces if "b" in cover) == text[2:6]
    assert [start for _, start, _ in pieces] == [["a"], ["b"], []]


def test_the_chart_escapes_names_from_the_graph():
    svg = bar_chart_svg([("<b>县", Decimal(5))], "人")
    assert "&lt;b&gt;县" in svg and "<b>" not in svg


def test_the_site_has_the_pages_of_the_issue(site_dir):
    for page in ("index.html", "matrix.html", "charts.html", "completeness.html", "assets/site.css"):
        assert (site_dir / page).is_file(), page
    assert {p.stem for p in (site_dir / "county").glob("*.html")} == {
        "420302",
        "420304",
        "420325",
        "420525",
        "421202",
    }
    assert (site_dir / "measure" / "workshop.html").is_file()
    assert len(list((site_dir / "text").glob("*.html"))) == 5


def test_every_local_link_resolves_and_nothing_is_loaded_from_the_internet(site_dir):
    ids = {page.resolve(): {t["id"] for t in soup(page).select("[id]")} for page in site_dir.rglob("*.html")}
    for page in site_dir.rglob("*.html"):
        doc = soup(page)
        for tag in doc.find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or ref.startswith("data:"):
                continue
            assert not re.match(r"^[a-z]+://|^//", ref), f"{page}: {ref}"
            target, _, anchor = ref.partition("#")
            resolved = (page.parent / target).resolve() if target else page.resolve()
            assert resolved.is_file(), f"{page}: {ref}"
            if anchor:
                assert anchor in ids[resolved], f"{page}: {ref} has no anchor"


def test_each_evidence_link_lands_on_pieces_that_spell_its_quote(site_dir):
    page = soup(site_dir / "county" / "420304.html")
    links = page.select("a.source")
    assert len(links) > 20
    texts: dict[str, BeautifulSoup] = {}
    for link in links:
        target, _, anchor = link["href"].partition("#")
        text_page = texts.setdefault(target, soup((site_dir / "county" / target).resolve()))
        evidence_id = anchor.removeprefix("ev-")
        covered = "".join(
            s.get_text() for s in text_page.select("span.ev") if evidence_id in s["data-ev"].split()
        )
        quote = link.find_parent("li").select_one("blockquote").get_text()
        assert covered == quote


def test_the_county_page_highlights_the_lifted_figure(site_dir):
    page = soup(site_dir / "county" / "420304.html")
    marks = [m.get_text() for m in page.select("#Observation mark")]
    assert "16.3万" in marks


def test_the_matrix_links_each_used_measure_to_the_county_evidence(site_dir):
    page = soup(site_dir / "matrix.html")
    cells = page.select("a.cell")
    hrefs = {c["href"] for c in cells}
    for code in ("420304", "420325", "420302"):  # the three workshop counties of the contract
        assert f"county/{code}.html#measure-workshop" in hrefs
    assert all(int(c.get_text()) >= 1 for c in cells)


def test_both_languages_are_on_every_page(site_dir):
    for page in site_dir.rglob("*.html"):
        doc = soup(page)
        assert doc.select("span.zh") and doc.select("span.en"), page


def test_the_charts_show_people_lifted_with_a_unit(site_dir):
    page = soup(site_dir / "charts.html")
    chart = page.select_one("#chart-lifted-population")
    assert "郧阳区" in chart.svg.get_text() and "16.3万人" in chart.svg.get_text()
    assert "人" in chart.h2.get_text()


def test_the_completeness_table_has_a_row_per_county(site_dir):
    rows = soup(site_dir / "completeness.html").select("#completeness tbody tr")
    assert len(rows) == 5


def test_a_text_that_changed_since_the_build_is_not_copied(graph_file, tmp_path):
    graph = union_graph(load_graph(graph_file))
    texts = find_texts([folder("corpus")], source_files(graph))
    name = sorted(texts)[0]
    texts[name] = texts[name] + "后来加上的一句。"
    site = collect(graph, None, texts)
    report = next(r for r in site.reports if r.source_file == name)
    assert report.text is None
    links = [ev for c in site.counties for fs in c.facts.values() for f in fs for ev in f.evidence]
    assert not any(ev.has_text for ev in links if ev.report == report.id)


def test_the_command_writes_the_site(graph_file, tmp_path):
    result = CliRunner().invoke(main, ["report", "--graph", str(graph_file), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "5 counties" in result.output and (tmp_path / "out" / "index.html").is_file()


def test_the_command_without_a_graph_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["report", "--graph", str(tmp_path / "none.ttl")])
    assert result.exit_code == 2 and "fupin build" in result.output
