"""JSON-LD keeps the graph's shape: a built .jsonld holds the default graph at top level and one
named graph per report, so `fupin push` of it sends exactly those graphs however often it runs (it
piled a blank-node-named junk graph on every push), and `fupin export --format jsonld --graph
kg.trig` keeps the report graphs (it flattened them into one). Issue 13, item 16."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, URIRef
from rdflib.compare import isomorphic

from fupin.builder import build_corpus
from fupin.cli import main
from fupin.graph.export import read_jsonld
from fupin.graph.remote import graphs_of, push
from fupin.graph.serve import oxigraph_server
from fupin.graph.store import load_graph


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("jsonld")
    paths = {suffix: folder / f"kg.{suffix}" for suffix in ("jsonld", "trig")}
    for path in paths.values():
        assert not build_corpus([], path, cache=None).failures
    return paths


def _named(data: Dataset) -> dict[str, int]:
    return {name: len(graph) for name, graph in graphs_of(data) if name}


def _graph_names(base: str) -> list[str]:
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    request = urllib.request.Request(
        f"{base}/query?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        rows = json.loads(answer.read())["results"]["bindings"]
    return sorted(row["g"]["value"] for row in rows)


def test_a_built_jsonld_has_no_blank_named_graph(built) -> None:
    data = load_graph(built["jsonld"])
    assert not [g for g in data.graphs() if isinstance(g.identifier, BNode)]
    assert len(data.default_graph) > 1000
    assert _named(data) == _named(load_graph(built["trig"]))


def test_pushing_a_jsonld_twice_leaves_only_the_report_graphs(built) -> None:
    with oxigraph_server(None) as base:
        first = push(built["jsonld"], base + "/store")
        push(built["jsonld"], base + "/store")
        names = _graph_names(base)
    assert names == sorted(p.graph for p in first if p.graph)
    assert len(names) == 5 and all(name.startswith("https://w3id.org/fupin/id/report/") for name in names)


def test_a_blank_named_graph_is_pushed_with_the_default_graph() -> None:
    data = Dataset()
    data.default_graph.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    data.graph(BNode("old")).add((URIRef("urn:c"), URIRef("urn:p"), URIRef("urn:d")))
    data.graph(URIRef("urn:report")).add((URIRef("urn:e"), URIRef("urn:p"), URIRef("urn:f")))
    sent = {name: len(graph) for name, graph in graphs_of(data)}
    assert sent == {None: 2, "urn:report": 1}


def test_export_of_a_trig_keeps_its_named_graphs(built, tmp_path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["export", "--format", "jsonld", "--graph", str(built["trig"]), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    exported, original = read_jsonld(out / "fupin-kg.jsonld"), load_graph(built["trig"])
    assert _named(exported) == _named(original) and len(_named(original)) == 5
    for name in _named(original):
        assert isomorphic(exported.graph(URIRef(name)), original.graph(URIRef(name)))
    assert isomorphic(exported.default_graph, original.default_graph)
