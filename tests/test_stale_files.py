"""What a killed writer leaves (hidden *.tmp files beside the graph and in the cache, .building-*
store folders) is removed by the next run, unless a live writer still holds it."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from fupin import resources
from fupin.builder import build_corpus
from fupin.cache import BuildCache
from fupin.graph.query import open_store, store_folder

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))
LONG_AGO = 1_000_000_000  # 2001: far older than any live write


def _left_behind(path: Path, *, folder: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if folder:
        path.mkdir()
        (path / "partial").write_bytes(b"x" * 100)
    else:
        path.write_bytes(b"half a graph")
    os.utime(path, (LONG_AGO, LONG_AGO))
    return path


def test_a_build_removes_temporary_files_of_killed_builds_but_not_live_ones(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(CORPUS[1], reports / CORPUS[1].name)
    output = tmp_path / "kg.ttl"
    dead = _left_behind(tmp_path / ".kg.ttl.abc123.tmp")
    live = _left_behind(tmp_path / ".kg.ttl.live99.tmp")
    other = _left_behind(tmp_path / ".other.ttl.x1.tmp")
    cache_root = tmp_path / "cache"
    cache = BuildCache(cache_root)
    dead_entry = _left_behind(cache.root / "facts" / "ab" / ".ab12.json.q1w2.tmp")
    dead_record = _left_behind(cache.root / "outputs" / ".cd34.json.e3r4.tmp")
    with live.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        build_corpus([reports], output, cache=BuildCache(cache_root))
        assert live.exists()
    assert output.exists()
    assert not dead.exists() and not dead_entry.exists() and not dead_record.exists()
    assert other.exists()  # another graph's leftovers are that graph's writer's business


def test_opening_a_store_removes_folders_of_killed_loads(tmp_path: Path) -> None:
    graph = tmp_path / "kg.nt"
    graph.write_text(
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8"
    )
    folder = store_folder(graph)
    dead = _left_behind(folder / ".building-k1ll3d", folder=True)
    store = open_store(graph)
    assert len(store) == 1
    assert not dead.exists()
