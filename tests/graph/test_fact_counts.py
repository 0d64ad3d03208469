"""One count of facts: `fupin report` and `fupin eval` print the same count for the same graph, the
distinct fact nodes of `fact_counts` (they said 240 and 238: eval's evidence line, which must match
the shared scorer, counts its five scored kinds, without exit approvals, and now says so beside the
graph's count), and `fupin build` says that it counts the extractor's records, one per sentence a
fact was read from, before the graph merges them (it said 575 "facts"). Issue 14, item 5."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin.builder import build_corpus
from fupin.cli import main
from fupin.graph.evaluate import check_evidence
from fupin.graph.site import collect
from fupin.graph.store import load_graph, union_graph
from fupin.graph.vocab import FACT_CLASSES, fact_counts
from fupin.resources import folder


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("counts") / "kg.trig"
    assert not build_corpus([], path, cache=None).failures
    return union_graph(load_graph(path))


def test_report_and_eval_count_the_same_facts_on_the_bundled_corpus(graph) -> None:
    counts = fact_counts(graph)
    assert set(counts) == set(FACT_CLASSES) and sum(counts.values()) > 100
    assert collect(graph).fact_counts == counts
    scored = check_evidence(graph, folder("corpus"))["facts"]  # the shared scorer's five kinds
    assert scored == sum(counts.values()) - counts["ExitApproval"]


def test_eval_prints_the_graphs_fact_count_as_the_report_does(tmp_path: Path) -> None:
    path = tmp_path / "kg.ttl"
    assert not build_corpus([], path, cache=None).failures
    gold = folder("corpus").parent / "tests" / "data" / "gold-seeds.json"
    if not gold.is_file():
        pytest.skip("runs from a checkout (tests/data)")
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold), "--graph", str(path)])
    assert result.exit_code == 0, result.output
    total = sum(collect(union_graph(load_graph(path))).fact_counts.values())
    assert f"graph: {total} facts (" in result.output and "as fupin report counts them" in result.output


def test_build_says_it_counts_extracted_records(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(folder("corpus")), "-o", str(tmp_path / "kg.ttl")])
    assert result.exit_code == 0, result.output
    assert "fact records extracted (" in result.output
