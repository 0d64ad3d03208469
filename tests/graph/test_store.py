"""Serialisation: format by suffix, atomic replacement, byte-identical output for the same input."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Graph
from sample_facts import F000, STAND_IN_ONTOLOGY, StandInGazetteer, sample_docs

from fupin.graph import store
from fupin.graph.build import build_dataset, report_iri
from fupin.graph.store import load_graph, write_graph

SUFFIXES = (".nt", ".nq", ".ttl", ".trig", ".jsonld")


def build() -> object:
    ontology = Graph().parse(data=STAND_IN_ONTOLOGY, format="turtle")
    return build_dataset(sample_docs(), gazetteer=StandInGazetteer(), ontology=ontology)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_two_builds_of_the_same_records_give_identical_bytes(tmp_path, suffix):
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    write_graph(build(), a)
    write_graph(build(), b)
    assert a.read_bytes() == b.read_bytes()


def test_output_does_not_depend_on_the_process_hash_seed(tmp_path):
    """rdflib's stores iterate in hash order; two processes with different seeds must still agree."""
    script = textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(Path(__file__).parent)!r}, {str(Path(__file__).parents[1])!r}]
        from test_store import build
        from fupin.graph.store import write_graph
        for suffix in {SUFFIXES!r}:
            write_graph(build(), sys.argv[1] + suffix)
    """)
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / f"seed{seed}")], check=True, env=env)
    for suffix in SUFFIXES:
        one = (tmp_path / f"seed1{suffix}").read_bytes()
        assert one == (tmp_path / f"seed2{suffix}").read_bytes(), suffix


def test_ntriples_output_is_sorted_line_wise(tmp_path):
    path = write_graph(build(), tmp_path / "g.nt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert all(line.endswith(" .") and not line.endswith("  .") for line in lines)


def test_triple_formats_hold_the_union_and_quad_formats_keep_the_named_graphs(tmp_path):
    ds = build()
    quads = len(list(ds.quads()))
    for suffix in SUFFIXES:
        loaded = load_graph(write_graph(ds, tmp_path / f"g{suffix}"))
        assert len(list(loaded.quads())) == quads, suffix
        named = {g.identifier for g in loaded.graphs() if len(g)} - {loaded.default_graph.identifier}
        if suffix in (".nt", ".ttl"):
            assert named == set()
        else:
            assert report_iri(F000) in named, suffix


def test_decimal_values_survive_a_turtle_round_trip(tmp_path):
    loaded = load_graph(write_graph(build(), tmp_path / "g.ttl"))
    values = {
        v.toPython()
        for _, _, v, _ in loaded.quads((None, None, None, None))
        if getattr(v, "datatype", None) and str(v.datatype).endswith("#decimal")
    }
    assert 163000 in values and 840000000 in values


def test_a_write_that_fails_half_way_leaves_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "g.nt"
    write_graph(build(), path)
    before = path.read_bytes()

    def broken(data, fmt):
        yield b"<https://w3id.org/fupin/id/x> "
        raise OSError("disk full")

    monkeypatch.setattr(store, "render", broken)
    with pytest.raises(OSError, match="disk full"):
        write_graph(build(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.nt"], "the temporary file is removed"


def test_write_creates_the_folder_and_rejects_unknown_suffixes(tmp_path):
    path = write_graph(build(), tmp_path / "out" / "g.trig")
    assert path.is_file()
    with pytest.raises(ValueError, match="unknown graph format"):
        write_graph(build(), tmp_path / "g.rdf")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_plain_graph_is_written_as_the_default_graph(tmp_path, suffix):
    graph = Graph().parse(data=STAND_IN_ONTOLOGY, format="turtle")
    loaded = load_graph(write_graph(graph, tmp_path / f"g{suffix}"))
    assert len(loaded.default_graph) == len(graph)
    assert all(len(g) == 0 for g in loaded.graphs() if g.identifier != loaded.default_graph.identifier)
