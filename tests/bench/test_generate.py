"""bench/generate.py: a deterministic synthetic corpus whose gold the extractor can be scored against."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from fupin.builder import build_corpus
from fupin.extract.gazetteer import Gazetteer
from fupin.graph.evaluate import score
from fupin.graph.store import load_graph

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from generate import generate, write_corpus

SEEDS_GOLD = Path(__file__).resolve().parents[1] / "data" / "gold-seeds.json"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_corpus(12, tmp_path_factory.mktemp("synthetic"), seed=3)


def test_same_seed_same_bytes_other_seed_other_reports() -> None:
    first, again, other = list(generate(5, seed=1)), list(generate(5, seed=1)), list(generate(5, seed=2))
    assert first == again
    assert [text for _n, text, _g in first] != [text for _n, text, _g in other]


def test_reports_are_about_real_varied_counties(corpus: tuple[Path, Path]) -> None:
    gazetteer = Gazetteer.load()
    gold = json.loads(corpus[1].read_text(encoding="utf-8"))
    codes = [d["county"]["code"] for d in gold["documents"]]
    assert len(set(codes)) >= 10
    for doc in gold["documents"]:
        division = gazetteer.get(doc["county"]["code"])
        assert division is not None and division.name == doc["county"]["name"]
        text = (corpus[0] / doc["file"]).read_text(encoding="utf-8")
        assert text.startswith(division.name) and len(text) > 300


def test_the_gold_has_the_seed_gold_format(corpus: tuple[Path, Path]) -> None:
    seeds = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    gold = json.loads(corpus[1].read_text(encoding="utf-8"))
    assert set(gold) == set(seeds)
    required = set(seeds["documents"][0]) - {"programs", "programs_optional"}
    for doc in gold["documents"]:
        assert required <= set(doc)
        assert set(doc["county"]) == set(seeds["documents"][0]["county"])
        assert doc["observations"] and doc["measures"]
        for ob in doc["observations"]:
            assert set(ob) == {"indicator", "value", "unit"}


def test_the_extractor_scores_well_on_it(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    """Not a tautology: the gold comes from the templates, the facts from the extractor."""
    reports, gold_path = corpus
    build_corpus([reports], tmp_path / "kg.nq")
    result = score(load_graph(tmp_path / "kg.nq"), json.loads(gold_path.read_text(encoding="utf-8")))
    assert result["per_type"]["observations"]["f1"] >= 0.95
    assert result["per_type"]["county"]["f1"] == 1.0
    assert result["overall"]["f1"] >= 0.9, result["overall"]
