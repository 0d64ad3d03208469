"""Fixtures for the graph tests; the hand-read fact records they build on are in tests/sample_facts.py."""

from __future__ import annotations

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
