"""The extraction bar on the bundled reports, pinned with the project's own gold copy and `fupin eval`.

Same matching rules as ../shared/tools/score_gold.py (graph/evaluate.py ports them). Every fact type
must reach F1 0.9, overall F1 0.93, every evidence span must be exact and every fact must carry evidence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin import resources
from fupin.builder import extract_documents, read_documents
from fupin.cli import main
from fupin.extract.gazetteer import Gazetteer
from fupin.graph.build import build_dataset
from fupin.graph.evaluate import score
from fupin.graph.store import union_graph

GOLD = Path(__file__).parent / "data" / "gold-seeds.json"


@pytest.fixture(scope="module")
def result() -> dict:
    corpus = resources.folder("corpus")
    docs = list(extract_documents(read_documents([corpus], [])))
    graph = union_graph(build_dataset(docs, gazetteer=Gazetteer.load()))
    return score(graph, json.loads(GOLD.read_text(encoding="utf-8")), corpus)


def test_every_fact_type_reaches_f1_0_9(result: dict) -> None:
    low = {k: v["f1"] for k, v in result["per_type"].items() if v["f1"] < 0.9}
    assert not low, low


def test_overall_f1_reaches_0_93(result: dict) -> None:
    assert result["overall"]["f1"] >= 0.93


def test_evidence_is_exact_and_everywhere(result: dict) -> None:
    evidence = result["evidence"]
    assert evidence["evidence_checked"] > 200
    assert evidence["evidence_exact"] == evidence["evidence_checked"], evidence["bad"]
    assert evidence["facts_with_evidence"] == evidence["facts"]


def test_fupin_eval_prints_the_same_scores() -> None:
    outcome = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), "--min-f1", "0.93"])
    assert outcome.exit_code == 0, outcome.output
    assert "overall" in outcome.output
    assert "observations" in outcome.output
