"""Safe queries: parameters are RDF terms, a user's query file has a timeout, and reading RDF never
fetches anything from the network."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin.builder import build_corpus
from fupin.cli import main
from fupin.graph.query import QueryError, load_store, run
from fupin.graph.store import load_graph

INJECTION = "x> } ; DROP ALL ; #"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("safety") / "kg.nq"
    build_corpus([], output)
    return output


def _query(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["query", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("value", [INJECTION, "http://x> } ; DROP ALL ; #", "420302> } ; DROP ALL ; #"])
def test_an_injection_attempt_in_a_parameter_is_harmless(graph: Path, value: str) -> None:
    before = graph.read_bytes()
    code, out, err = _query("05", "--graph", str(graph), "--param", f"county={value}", "--format", "json")
    assert code in (0, 2)
    if code == 0:
        assert json.loads(out)["results"]["bindings"] == []  # a literal no county equals: no rows
    else:
        assert "query failed" in err  # an IRI with spaces and '>' is refused as a term
    assert graph.read_bytes() == before
    code, out, _ = _query("05", "--graph", str(graph), "--param", "county=420302", "--format", "json")
    rows = json.loads(out)["results"]["bindings"]
    assert code == 0 and {row["person"]["value"] for row in rows} == {"周庆荣", "张捍声"}


def test_a_slow_query_from_a_user_file_times_out(graph: Path, tmp_path: Path) -> None:
    """A cross product of every triple with itself three times over never finishes; the command
    gives up after --timeout and says so. (A subprocess: the abandoned query thread dies with it.)"""
    slow = tmp_path / "slow.rq"
    slow.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n")
    fupin = Path(sys.executable).with_name("fupin")
    done = subprocess.run(
        [str(fupin), "query", str(slow), "--graph", str(graph), "--timeout", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "did not finish within 1 s" in done.stderr


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A port on 127.0.0.1 that records any connection made to it and answers nothing."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            seen.append(conn.recv(1024))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(2)
    server.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("open_port", [False, True])
def test_a_remote_jsonld_context_is_never_fetched(
    tmp_path: Path, listener: tuple[int, list[bytes]], open_port: bool
) -> None:
    port, seen = listener
    context = f"http://127.0.0.1:{port if open_port else _closed_port()}/context.jsonld"
    doc = {"@context": context, "@id": "https://w3id.org/fupin/id/county/420304", "name": "郧阳区"}
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="remote @context documents are never fetched"):
        load_graph(path)
    with pytest.raises(QueryError, match="remote context"):
        load_store(path)
    for engine in ("oxigraph", "rdflib"):
        code, _out, err = _query("06", "--graph", str(path), "--engine", engine)
        assert code == 2 and "remote" in err
    assert seen == []


def test_owl_imports_are_not_followed(tmp_path: Path, listener: tuple[int, list[bytes]]) -> None:
    port, seen = listener
    path = tmp_path / "imports.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<https://example.org/mine> a owl:Ontology ; owl:imports <http://127.0.0.1:{port}/other.ttl> .\n",
        encoding="utf-8",
    )
    assert len(load_graph(path)) == 2
    assert run("ASK { ?s ?p ?o }", path).rows
    assert seen == []


def test_our_own_jsonld_output_still_reads_back(graph: Path, tmp_path: Path) -> None:
    output = tmp_path / "kg.jsonld"
    result = build_corpus([], output)
    assert len(load_graph(output)) == result.triples
    assert len(load_graph(graph)) == result.triples
