"""`fupin build --scheduler`: extraction on a real Dask cluster of worker processes on 127.0.0.1 gives
the same graph bytes as a plain build, and a missing Dask or an unreachable scheduler fails clearly."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin import resources
from fupin.builder import build_corpus
from fupin.cache import BuildCache
from fupin.cli import main

distributed = pytest.importorskip("distributed")

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The bundled reports plus one unreadable file, which must fail alone on the cluster too."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in CORPUS:
        shutil.copy(path, folder / path.name)
    (folder / "zz-empty.txt").write_bytes(b"")
    return folder


def test_a_cluster_build_is_byte_identical_to_a_plain_build(cluster, corpus: Path, tmp_path: Path) -> None:
    plain = build_corpus([corpus], tmp_path / "plain.nq")
    remote = build_corpus([corpus], tmp_path / "remote.nq", scheduler=cluster.scheduler_address)
    assert (tmp_path / "remote.nq").read_bytes() == (tmp_path / "plain.nq").read_bytes()
    assert remote.triples == plain.triples > 1000
    assert remote.failures == plain.failures and len(remote.failures) == 1
    assert remote.fact_counts() == plain.fact_counts()


def test_the_cluster_build_fills_and_uses_the_cache(cluster, corpus: Path, tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    first = build_corpus([corpus], tmp_path / "a.ttl", cache=cache, scheduler=cluster.scheduler_address)
    second = build_corpus([corpus], tmp_path / "b.ttl", cache=cache, scheduler=cluster.scheduler_address)
    assert (first.extracted, first.cached) == (len(CORPUS), 0)
    assert (second.extracted, second.cached) == (0, len(CORPUS))
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()


def test_the_cli_builds_on_the_cluster(cluster, corpus: Path, tmp_path: Path) -> None:
    (corpus / "zz-empty.txt").unlink()
    output = tmp_path / "kg.ttl"
    args = ["build", str(corpus), "-o", str(output), "--no-cache", "--scheduler", cluster.scheduler_address]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"{len(CORPUS)} reports" in result.output and output.stat().st_size > 10_000


def test_an_unreachable_scheduler_is_one_clear_error(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fupin.distributed.CONNECT_TIMEOUT_S", 2.0)
    args = ["build", str(corpus), "-o", str(tmp_path / "kg.ttl"), "--scheduler", "tcp://127.0.0.1:9"]
    result = CliRunner().invoke(main, [*args, "--no-cache"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert not (tmp_path / "kg.ttl").exists()


def test_without_dask_the_option_says_what_to_install(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    args = ["build", str(corpus), "-o", str(tmp_path / "kg.ttl"), "--scheduler", "tcp://127.0.0.1:8786"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "pip install 'fupin-kg[distributed]'" in result.output


def test_workers_and_scheduler_exclude_each_other(tmp_path: Path) -> None:
    args = ["build", "-o", str(tmp_path / "kg.ttl"), "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "exclude each other" in result.output
