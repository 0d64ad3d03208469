"""Streamed builds: report lines spill to sorted runs on disk and merge into the same bytes.

A build holds at most `fupin.graph.writer.SPILL_LINES` lines in memory; here the limit is set so low
that the bundled corpus spills dozens of runs, and every line format must still be the bytes
`write_graph` gives for the whole in-memory Dataset, with the statement count it gives, and nothing
left beside the output.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.builder import build_corpus
from fupin.cache import BuildCache
from fupin.graph import writer
from fupin.graph.writer import SortedLines


def test_sorted_lines_give_every_line_once_in_order_across_runs(tmp_path: Path) -> None:
    rng = random.Random(3)
    lines = [f'<s{rng.randrange(50)}> <p> "{rng.randrange(40)}" .\n'.encode() for _ in range(400)]
    sorted_lines = SortedLines(tmp_path, limit=7)
    for start in range(0, len(lines), 5):
        sorted_lines.add(lines[start : start + 5])
    assert len(list(tmp_path.iterdir())) > 10
    assert list(sorted_lines) == sorted(set(lines))


def test_records_of_several_lines_come_back_whole_from_the_runs(tmp_path: Path) -> None:
    """A report's own node is one record of several lines (`LineGraph.records`); spilled to a run and
    merged, it is still one record, in its place among the others, and a repeat of it goes."""
    rng = random.Random(5)
    whole = [b"".join(f'<n{n}> <p{k}> "{k}" .\n'.encode() for k in range(3)) for n in range(60)]
    single = [f'<s{rng.randrange(50)}> <p> "{rng.randrange(40)}" .\n'.encode() for _ in range(200)]
    sorted_lines, added = SortedLines(tmp_path, limit=9), []
    for start in range(0, 200, 5):
        added += single[start : start + 5] + whole[start % 60 : start % 60 + 8 : 3]
        sorted_lines.add(added[-8:])
    assert len(list(tmp_path.iterdir())) > 10
    assert list(sorted_lines) == sorted(set(added))


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> BuildCache:
    """Facts extracted once for the module; every build below renders them afresh."""
    cache = BuildCache(tmp_path_factory.mktemp("cache"))
    build_corpus([], tmp_path_factory.mktemp("warm") / "kg.nq", cache=cache)
    return cache


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".ttl", ".trig"])
def test_a_build_that_spills_is_the_bytes_of_the_whole_dataset(
    suffix: str, cache: BuildCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.store import write_graph

    monkeypatch.setattr(writer, "SPILL_LINES", 2000)
    streamed = build_corpus([], tmp_path / f"streamed{suffix}", cache=cache, keep_documents=False)
    assert streamed.documents == [] and streamed.reports == 5
    documents = build_corpus([], tmp_path / "facts.nq", cache=cache).documents
    dataset = build_dataset(documents, gazetteer=Gazetteer.load())
    whole = write_graph(dataset, tmp_path / f"whole{suffix}")
    assert (tmp_path / f"streamed{suffix}").read_bytes() == whole.read_bytes()
    lines = write_graph(dataset, tmp_path / ("lines.nt" if suffix in (".nt", ".ttl") else "lines.nq"))
    assert streamed.triples == len(lines.read_bytes().splitlines())
    outputs = {"facts.nq", lines.name, f"streamed{suffix}", whole.name}
    sidecars = {"facts.nq.sources.json", f"streamed{suffix}.sources.json"}  # fupin.sources, by design
    left = {p.name for p in tmp_path.iterdir()} - outputs - sidecars
    assert left == set(), "the scratch folder of runs is removed"


@pytest.mark.parametrize("suffix", [".nq", ".trig"])
def test_a_pool_build_whose_workers_spill_their_own_runs_is_the_one_process_bytes(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a pool, each worker sorts its reports' records into runs of its own (fupin.parallel);
    the writer merges them with its own, and the file and its count are a one-process build's."""
    monkeypatch.setattr(writer, "SPILL_LINES", 2000)
    pooled = build_corpus([], tmp_path / f"pooled{suffix}", workers=2, keep_documents=False)
    alone = build_corpus([], tmp_path / f"alone{suffix}", workers=1, keep_documents=False)
    assert (tmp_path / f"pooled{suffix}").read_bytes() == (tmp_path / f"alone{suffix}").read_bytes()
    assert pooled.triples == alone.triples and pooled.reports == 5
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")], "no scratch folder is left"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.lists(st.integers(0, 60), max_size=12), max_size=25),
    st.integers(1, 9),
    st.integers(1, 5),
)
def test_runs_of_several_writers_merge_block_by_block_into_every_line_once(
    tmp_path_factory: pytest.TempPathFactory, reports: list[list[int]], limit: int, block: int
) -> None:
    """Two SortedLines (a writer and a pool worker) spilling into one folder, merged in blocks of any
    size: the lines sorted, each once, repeats across runs and blocks included."""
    folder = tmp_path_factory.mktemp("runs")
    writer_lines, worker_lines = SortedLines(folder, limit=limit), SortedLines(folder, limit=limit)
    every = [[f"<s{n % 7}> <p> {n} .\n".encode() for n in report] for report in reports]
    for at, lines in enumerate(every):
        (writer_lines if at % 2 else worker_lines).add(lines)
    worker_lines.flush()
    writer_lines.adopt(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "BLOCK_LINES", block)
        patch.setattr(writer, "MERGE_BYTES", block * 12)
        assert list(writer_lines) == sorted({line for lines in every for line in lines})
