"""Fixtures for the graph tests; the hand-read fact records they build on are in tests/sample_facts.py."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from sample_facts import STAND_IN_ONTOLOGY, StandInGazetteer, sample_docs

from fupin.extract.facts import DocumentFacts
from fupin.resources import folder


@pytest.fixture
def docs() -> list[DocumentFacts]:
    return sample_docs()


@pytest.fixture
def gazetteer() -> StandInGazetteer:
    return StandInGazetteer()


@pytest.fixture
def ontology() -> Graph:
    return Graph().parse(data=STAND_IN_ONTOLOGY, format="turtle")


@pytest.fixture
def corpus_dir() -> Path:
    return folder("corpus")


@pytest.fixture
def real_gazetteer():
    from fupin.extract.gazetteer import Gazetteer

    return Gazetteer.load()


@pytest.fixture
def real_ontology() -> Graph:
    from fupin.graph.build import load_ontology

    return load_ontology()


@pytest.fixture(scope="session")
def graph_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five bundled reports built once per test session, as TriG (one named graph per report):
    the graph the serve, front, safety and remote tests run against."""
    from fupin.builder import build_corpus

    path = tmp_path_factory.getbasetemp() / "bundled-kg.trig"
    if not path.is_file():
        assert not build_corpus([folder("corpus")], path).failures
    return path


# A shell that runs a job in the background without job control hands it SIGINT ignored, and the
# ignored disposition survives exec: `fupin serve` started from such a test run would never see the
# Ctrl-C the tests send. The server is started with SIGINT at its default, as from a terminal.
_WITH_DEFAULT_SIGINT = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"


@pytest.fixture
def start_serve() -> Iterator[Callable[..., subprocess.Popen]]:
    """Start `fupin serve --graph GRAPH --port PORT` as a child process (text pipes); at teardown each
    one still running is killed and its pipes are closed, whatever the test asserted."""
    started: list[subprocess.Popen] = []

    def start(graph: Path, port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
        fupin = str(Path(sys.executable).parent / "fupin")
        command = [sys.executable, "-c", _WITH_DEFAULT_SIGINT, fupin, "serve", "--graph", str(graph)]
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
