"""`fupin ask` on the command line and in `fupin serve`'s ask box, on the graph of the bundled reports."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin.ask.answer import for_page
from fupin.cli import main
from fupin.graph.serve import running

ROOT = Path(__file__).resolve().parents[2]


def ask(graph: Path, *args: str):
    return CliRunner().invoke(main, ["ask", "--graph", str(graph), *args])


def test_a_question_prints_its_table(bundled_graph: Path) -> None:
    result = ask(bundled_graph, "哪些县用了扶贫车间？")
    assert result.exit_code == 0, result.output
    assert "Counties that used a measure  [measure-counties: measure=workshop]" in result.output
    assert "420304  郧阳区" in result.output and "(3 rows)" in result.output


def test_an_english_question_unquoted_words_and_all(bundled_graph: Path) -> None:
    result = ask(bundled_graph, "which", "counties", "used", "poverty-alleviation", "workshops?")
    assert result.exit_code == 0 and "(3 rows)" in result.output


def test_show_sparql_prints_the_query_and_the_terms_bound(bundled_graph: Path) -> None:
    result = ask(bundled_graph, "哪个县脱贫人口最多", "--show-sparql")
    assert "SELECT ?indicator ?code ?name ?value" in result.output
    assert "#   ?indicator = fpi:lifted-population" in result.output
    assert "420304  郧阳区  163000" in result.output and "(1 row)" in result.output


def test_evidence_quotes_the_sentence_behind_each_row(bundled_graph: Path) -> None:
    result = ask(bundled_graph, "每个县脱贫了多少人？", "--evidence", "--full")
    lines = [line for line in result.output.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert len(lines) == 3
    assert "001_7bea98d680bfecd6.txt:52 " in lines[2] and "累计脱贫退出48181户141281人" in lines[2]


def test_format_json_is_the_sparql_results_format(bundled_graph: Path) -> None:
    result = ask(bundled_graph, "各县什么时候脱贫摘帽？", "--format", "json")
    data = json.loads(result.output)
    assert [b["exitDate"]["value"] for b in data["results"]["bindings"]] == ["2020-04-21", "2020-04-23"]


def test_honest_replies_exit_1(bundled_graph: Path) -> None:
    unmatched = ask(bundled_graph, "今天天气怎么样？")
    assert unmatched.exit_code == 1 and unmatched.output.startswith("I cannot answer this yet")
    ambiguous = ask(bundled_graph, "城区脱贫了多少人")
    assert ambiguous.exit_code == 1 and "“城区” could mean 3 places" in ambiguous.output
    empty = ask(bundled_graph, "哪些县搞了电商扶贫")
    assert empty.exit_code == 0 and "no county in this graph used 电商扶贫" in empty.output


def test_a_missing_graph_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ask", "--graph", str(tmp_path / "none.ttl"), "哪些县用了扶贫车间"])
    assert result.exit_code == 2 and "fupin build" in result.output


def test_list_shows_every_template() -> None:
    result = CliRunner().invoke(main, ["ask", "--list"])
    assert result.exit_code == 0 and "measure-counties" in result.output and "missing-figure" in result.output


@pytest.fixture(scope="module")
def served(bundled_graph: Path):
    with running(bundled_graph, port=0, ask=for_page) as url:
        yield url


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read().decode("utf-8"))


def test_the_query_page_has_an_ask_box(served: str) -> None:
    with urllib.request.urlopen(served + "/", timeout=10) as answer:
        page = answer.read().decode("utf-8")
    assert 'id="question"' in page and 'fetch("ask?q="' in page


def test_the_ask_endpoint_gives_sparql_the_editor_can_run(served: str) -> None:
    data = _get(served + "/ask?q=" + urllib.parse.quote("哪些县用了扶贫车间？"))
    assert data["status"] == "answered" and data["template"] == "measure-counties"
    assert "VALUES (?measure) { (<https://w3id.org/fupin/measure/workshop>) }" in data["sparql"]
    request = urllib.request.Request(
        served + "/query",
        data=data["sparql"].encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        rows = json.loads(answer.read())["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == ["茅箭区", "郧阳区", "房县"]


def test_the_ask_endpoint_replies_honestly(served: str) -> None:
    assert _get(served + "/ask?q=" + urllib.parse.quote("今天天气怎么样"))["status"] == "unmatched"
    ambiguous = _get(served + "/ask?q=" + urllib.parse.quote("东乡县用了哪些措施"))
    assert ambiguous["status"] == "ambiguous" and "东乡族自治县" in ambiguous["message"]


@pytest.mark.parametrize(
    ("command", "question"),
    [
        ("`fupin ask 哪些县用了扶贫车间？`", "哪些县用了扶贫车间？"),
        ("`fupin ask 东乡县用了哪些措施`", "东乡县用了哪些措施"),
    ],
)
def test_the_readme_shows_what_fupin_ask_prints(bundled_graph: Path, command: str, question: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme[readme.index(command) :]
    shown = shown[shown.index("```\n") + 4 : shown.index("```", shown.index("```\n") + 4)]
    assert ask(bundled_graph, question).output == shown
