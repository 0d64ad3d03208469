"""`fupin build --workers N`: a pool of processes gives the same graph bytes, failures and cache
behaviour as one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin import parallel, resources
from fupin.builder import FailFast, build_corpus
from fupin.cache import BuildCache
from fupin.cli import main
from fupin.parallel import worker_count

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled reports twice under new names (more files than workers and chunks), with an
    unreadable file in the middle."""
    folder = tmp_path_factory.mktemp("reports")
    for copy in range(2):
        for path in CORPUS:
            shutil.copy(path, folder / f"{copy}-{path.name}")
    (folder / "1-000-broken.txt").write_bytes(b"\xff\xfe\x00\x00" * 3)
    return folder


@pytest.fixture(scope="module")
def plain(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    output = tmp_path_factory.mktemp("plain") / "kg.nq"
    return build_corpus([corpus], output), output


def test_two_workers_give_the_same_bytes_failures_and_facts(corpus: Path, plain, tmp_path: Path) -> None:
    result, output = plain
    pooled = build_corpus([corpus], tmp_path / "kg.nq", workers=2)
    assert (tmp_path / "kg.nq").read_bytes() == output.read_bytes()
    assert pooled.failures == result.failures and len(result.failures) == 1
    assert [d.report.source for d in pooled.documents] == [d.report.source for d in result.documents]
    assert pooled.fact_counts() == result.fact_counts()


@pytest.mark.parametrize("chunk", [1, 3])
def test_the_graph_is_the_same_bytes_whatever_paths_a_task_holds(
    corpus: Path, plain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """A task holds `CHUNK` paths (16: fewer round trips for the parent); the bundled corpus is one
    task at that size, so smaller chunks make its reports cross several tasks and both workers."""
    monkeypatch.setattr(parallel, "CHUNK", chunk)
    pooled = build_corpus([corpus], tmp_path / "kg.nq", workers=2)
    assert (tmp_path / "kg.nq").read_bytes() == plain[1].read_bytes()
    assert pooled.failures == plain[0].failures


def test_workers_fill_the_cache_that_a_later_build_reads(corpus: Path, plain, tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    first = build_corpus([corpus], tmp_path / "a.nq", workers=2, cache=cache)
    second = build_corpus([corpus], tmp_path / "b.nq", workers=2, cache=cache)
    assert (first.extracted, first.cached) == (2 * len(CORPUS), 0)
    assert (second.extracted, second.cached, second.written) == (0, 2 * len(CORPUS), True)
    assert (tmp_path / "b.nq").read_bytes() == plain[1].read_bytes()


def test_fail_fast_stops_the_pool_at_the_first_bad_file(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(FailFast, match=r"1-000-broken\.txt"):
        build_corpus([corpus], tmp_path / "kg.ttl", workers=2, fail_fast=True)
    assert not (tmp_path / "kg.ttl").exists()


def test_zero_means_every_core_and_negative_is_refused() -> None:
    assert worker_count(0) >= 1
    assert worker_count(3) == 3
    with pytest.raises(ValueError, match="workers"):
        worker_count(-1)


def test_the_cli_option(corpus: Path, plain, tmp_path: Path) -> None:
    output = tmp_path / "kg.nq"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(output), "--no-cache", "-j", "0"])
    assert result.exit_code == 1  # the broken file
    assert "1 file(s) failed" in result.output
    assert output.read_bytes() == plain[1].read_bytes()


@pytest.mark.parametrize("suffix", [".nq", ".nt"])
def test_line_formats_written_report_by_report_equal_the_whole_graph(
    plain, suffix: str, tmp_path: Path
) -> None:
    """Line formats skip the in-memory Dataset; the bytes must be those `write_graph` gives for it."""
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.store import write_graph

    streamed = build_corpus([], tmp_path / f"streamed{suffix}")
    whole = write_graph(
        build_dataset(streamed.documents, gazetteer=Gazetteer.load()), tmp_path / f"w{suffix}"
    )
    assert (tmp_path / f"streamed{suffix}").read_bytes() == whole.read_bytes()
    assert streamed.triples == len(whole.read_bytes().splitlines())
