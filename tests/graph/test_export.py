"""Exports: JSON-LD that reads back offline to the same graph, and CSV tables Excel opens in Chinese."""

from __future__ import annotations

import codecs
import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

from fupin.builder import build_corpus
from fupin.cli import main
from fupin.graph.build import load_ontology
from fupin.graph.export import (
    CONTEXT_NAME,
    INTERVENTION_COLUMNS,
    OBSERVATION_COLUMNS,
    build_context,
    export_csv,
    export_jsonld,
    read_jsonld,
    shipped_context_path,
)
from fupin.graph.store import load_graph, union_graph
from fupin.resources import folder


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kg") / "kg.ttl"
    build_corpus([], path, cache=None)
    return path


def test_the_shipped_context_is_the_one_the_ontology_gives():
    shipped = json.loads(shipped_context_path().read_text(encoding="utf-8"))
    assert shipped == build_context(load_ontology()), (
        "run tools/make_ontology_docs.py after an ontology change"
    )


def test_the_context_names_the_contract_terms_with_their_types():
    context = build_context(load_ontology())["@context"]
    assert context["fpm"] == "https://w3id.org/fupin/measure/"
    assert context["County"] == "fp:County"
    assert context["evidence"] == {"@id": "fp:evidence", "@type": "@id"}
    assert context["start"]["@type"] == "xsd:integer"


def test_jsonld_reads_back_to_the_same_graph_from_a_relative_context(graph_file, tmp_path):
    out = export_jsonld(load_graph(graph_file), tmp_path)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == CONTEXT_NAME and (tmp_path / CONTEXT_NAME).is_file()
    assert any(node.get("@type") == "County" for node in doc["@graph"])
    assert isomorphic(union_graph(read_jsonld(out)), union_graph(load_graph(graph_file)))


def test_jsonld_export_is_the_same_bytes_each_time(graph_file, tmp_path):
    a = export_jsonld(load_graph(graph_file), tmp_path / "a").read_bytes()
    b = export_jsonld(load_graph(graph_file), tmp_path / "b").read_bytes()
    assert a == b


def test_a_remote_context_is_refused_rather_than_fetched(tmp_path):
    path = tmp_path / "x.jsonld"
    path.write_text(json.dumps({"@context": "https://example.org/ctx.jsonld", "@id": "x"}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a file next to the export"):
        read_jsonld(path)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_tables_start_with_a_bom_and_carry_checkable_evidence(graph_file, tmp_path):
    observations, interventions = export_csv(load_graph(graph_file), tmp_path, labels=load_ontology())
    for path, columns in ((observations, OBSERVATION_COLUMNS), (interventions, INTERVENTION_COLUMNS)):
        assert path.read_bytes().startswith(codecs.BOM_UTF8)
        rows = _rows(path)
        assert rows and tuple(rows[0]) == columns
        for row in rows:
            text = (folder("corpus") / row["file"]).read_text(encoding="utf-8")
            assert text[int(row["start"]) : int(row["end"])] == row["quote"]
    lifted = [
        r
        for r in _rows(observations)
        if r["county_code"] == "420304"
        and r["indicator"] == "lifted-population"
        and r["status"] == "Achieved"
    ]
    assert any(float(r["value"]) == 163000 and "16.3万" in r["quote"] for r in lifted)
    assert lifted[0]["indicator_label"] == "脱贫人口" and lifted[0]["county"] == "郧阳区"
    workshops = {r["county_code"] for r in _rows(interventions) if r["measure"] == "workshop"}
    assert {"420304", "420325", "420302"} <= workshops


def test_the_command_exports_both_formats(graph_file, tmp_path):
    for fmt, name in (("csv", "observations.csv"), ("jsonld", "fupin-kg.jsonld")):
        result = CliRunner().invoke(
            main, ["export", "--format", fmt, "--graph", str(graph_file), "-o", str(tmp_path)]
        )
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).is_file()


def test_the_command_needs_a_format():
    result = CliRunner().invoke(main, ["export"])
    assert result.exit_code == 2 and "--format" in result.output
