"""`fupin validate`: readable summary, machine formats, exit codes (violations; warnings with --strict)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from sample_facts import StandInGazetteer, sample_docs

from fupin.cli import main
from fupin.graph.build import build_dataset, load_ontology
from fupin.graph.store import write_graph
from fupin.graph.vocab import FP, RDF


@pytest.fixture(scope="module")
def dataset():
    return build_dataset(sample_docs(), gazetteer=StandInGazetteer(), ontology=load_ontology())


@pytest.fixture(scope="module")
def graph_file(dataset, tmp_path_factory) -> Path:
    return write_graph(dataset, tmp_path_factory.mktemp("kg") / "kg.trig")


def run(*args: str):
    return CliRunner().invoke(main, ["validate", *args])


def test_the_summary_groups_gaps_by_shape_and_shows_the_county_table(graph_file):
    result = run("--graph", str(graph_file))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "fpsh:County-liftedPopulation — The county has no achieved lifted-population figure (2)" in out
    assert "Completeness per county" in out
    table = out[out.index("Completeness per county") :]
    xianan = next(line for line in table.splitlines() if "咸安区" in line)
    assert xianan.split()[:4] == ["421202", "咸安区", "·", "·"]  # no lifted population, no exit date
    assert next(line for line in table.splitlines() if "郧阳区" in line).split()[2:4] == ["✓", "✓"]
    assert out.rstrip().splitlines()[-1].startswith("0 violation(s), ")


def test_strict_fails_on_warnings(graph_file):
    assert run("--graph", str(graph_file), "--strict").exit_code == 1


def test_a_violation_exits_1_and_names_the_node_label_and_quote(dataset, tmp_path):
    broken = build_dataset(sample_docs(), gazetteer=StandInGazetteer(), ontology=load_ontology())
    for graph in broken.graphs():
        for obs in list(graph.subjects(RDF.type, FP.Observation)):
            if (obs, FP.value, Literal("7129", datatype=graph.value(obs, FP.value).datatype)) in graph:
                graph.remove((obs, FP.value, None))
    result = run("--graph", str(write_graph(broken, tmp_path / "broken.trig")), "--lang", "zh")
    assert result.exit_code == 1
    assert "违规 (1)" in result.output
    assert "茅箭区 · fpi:lifted-population  “2402户7129名贫困人口”" in result.output


def test_json_carries_results_and_the_completeness_rows(graph_file):
    result = run("--graph", str(graph_file), "--format", "json")
    doc = json.loads(result.output)
    assert doc["conforms"] is True
    rows = {r["name"]: r for r in doc["completeness"]}
    assert {n for n, r in rows.items() if not r["exit_date"]} == {"咸安区", "远安县", "茅箭区"}
    assert rows["房县"]["indicators_present"]["lifted-households"] is True
    assert {r["shape"] for r in doc["results"]} >= {"fpsh:County-hasExitDate"}


def test_csv_is_one_tidy_table(graph_file):
    rows = list(csv.DictReader(io.StringIO(run("--graph", str(graph_file), "--format", "csv").output)))
    assert {r["section"] for r in rows} == {"result", "completeness"}
    lifted = {r["label"]: r["present"] for r in rows if r["check"] == "indicator:lifted-population"}
    assert lifted == {
        "郧阳区": "true",
        "房县": "true",
        "茅箭区": "true",
        "咸安区": "false",
        "远安县": "false",
    }


def test_html_is_a_page_with_both_tables(graph_file):
    out = run("--graph", str(graph_file), "--format", "html").output
    assert out.startswith("<!DOCTYPE html>") and out.count("<table>") == 2
    assert "fpsh:County-hasExitDate" in out and "远安县" in out


def test_a_missing_graph_is_a_usage_error(tmp_path):
    assert run("--graph", str(tmp_path / "none.ttl")).exit_code == 2
