"""`fupin serve` holding the graph in the Oxigraph server's memory: when it does (read-only, a file up to
MEMORY_MAX_MB, or as asked), that it answers as the store on disk does for quads and triples alike, that
writes stay refused, and that a query over the time limit is stopped and the graph loaded again."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from fupin.graph import serve
from fupin.graph.query import resolve, run
from fupin.graph.remote import run_remote
from fupin.graph.serve import in_memory, running

LIMIT_S = 2.0
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def served(graph_path) -> Iterator[str]:
    with running(graph_path, port=0, timeout_s=LIMIT_S) as url:
        yield url


def count(base: str, sparql: str) -> int:
    url = base + "/query?" + urllib.parse.urlencode({"query": sparql})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.loads(answer.read())["results"]["bindings"][0]["n"]["value"])


def test_a_read_only_service_holds_a_small_graph_in_memory(graph_path: Path, monkeypatch) -> None:
    assert in_memory(graph_path, writable=False)
    assert not in_memory(graph_path, writable=True), "writes must outlive a restart: on disk"
    assert in_memory(graph_path, writable=True, store="memory")
    assert not in_memory(graph_path, writable=False, store="disk")
    monkeypatch.setattr(serve, "MEMORY_MAX_MB", 0)
    assert not in_memory(graph_path, writable=False), "a file over the limit stays on disk"
    with pytest.raises(ValueError, match="unknown store"):
        in_memory(graph_path, writable=False, store="ram")


def test_the_cli_help_gives_the_same_limit() -> None:
    from click.testing import CliRunner

    from fupin.cli import main

    help_text = " ".join(CliRunner().invoke(main, ["serve", "--help"]).output.split())
    assert f"{serve.MEMORY_MAX_MB} MB" in help_text


@pytest.mark.parametrize("suffix", [".trig", ".ttl"])
def test_memory_and_disk_answer_alike(graph_path: Path, tmp_path: Path, suffix: str) -> None:
    source = graph_path
    if suffix != graph_path.suffix:
        import pyoxigraph as ox

        source = tmp_path / f"kg{suffix}"
        quads = ox.parse(path=str(graph_path), format=ox.RdfFormat.TRIG)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        source.write_bytes(ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE))
    answers = {}
    for store in ("memory", "disk"):
        with running(source, port=0, store=store) as url:
            _title, sparql = resolve("01")
            answers[store] = (count(url, COUNT), count(url, QUADS), run_remote(sparql, url + "/query").rows)
    assert answers["memory"] == answers["disk"]
    assert answers["memory"][0] > 100
    assert answers["memory"][2] == run(resolve("01")[1], source).rows


def test_writes_are_refused_in_memory_too(served: str) -> None:
    request = urllib.request.Request(
        served + "/update",
        data=b"update=INSERT DATA { <a:x> <a:y> <a:z> }",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


def test_a_stopped_query_leaves_the_whole_graph_served(served: str) -> None:
    before = count(served, COUNT)
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as stopped:
        count(served, HEAVY)
    assert stopped.value.code == 503
    assert time.monotonic() - started < LIMIT_S + 3
    assert count(served, COUNT) == before, "the restarted server is loaded again from the file"
