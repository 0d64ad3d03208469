"""Local Oxigraph queries are bounded: an ORDER BY over a cartesian product (which grew to 5.9 GB
before the 20 s timeout) stops at the memory cap with an error that says so, a query over the time
limit is killed rather than left burning a core, and ordinary queries answer as before. Issue 13,
item 17 (and 13's local half of item 13)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin.builder import build_corpus
from fupin.cli import main
from fupin.graph.query import QueryError, canonical_numbers, open_store, query_store, resolve, run

CARTESIAN = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "kg.trig"
    assert not build_corpus([], path, cache=None).failures
    return path


def _children() -> set[int]:
    pid = os.getpid()
    return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def test_an_order_by_over_a_cartesian_product_stops_at_the_memory_cap(graph_path) -> None:
    started = time.monotonic()
    with pytest.raises(QueryError, match="more than 600 MB of memory"):
        run(CARTESIAN, graph_path, max_memory_mb=600, timeout_s=60)
    assert time.monotonic() - started < 30


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_a_query_over_the_time_limit_is_killed(graph_path) -> None:
    before = _children()
    started = time.monotonic()
    with pytest.raises(QueryError, match="did not finish within 2 s"):
        run(SLOW, graph_path, timeout_s=2)
    assert time.monotonic() - started < 5
    assert _children() <= before, "the query's process must be gone, not left running"


def test_queries_under_the_caps_answer_as_before(graph_path) -> None:
    _title, sparql = resolve("01")
    capped = run(sparql, graph_path, max_memory_mb=1024)
    in_process = canonical_numbers(query_store(open_store(graph_path), sparql, {}))
    assert capped.rows and capped.rows == in_process.rows
    assert run("ASK { ?s ?p ?o }", graph_path, persist=False).rows[0][0].toPython() is True


def test_the_cli_says_which_cap_stopped_the_query(graph_path) -> None:
    result = CliRunner().invoke(
        main, ["query", "-", "--graph", str(graph_path), "--max-memory", "600"], input=CARTESIAN
    )
    assert result.exit_code == 2
    assert "more than 600 MB" in result.output and "--max-memory" in result.output


@pytest.fixture(params=["fork", "interpreter"])
def child(request, monkeypatch) -> str:
    """Each way of starting the query's process: a fork of this one (a one-shot `fupin query`) and a
    fresh interpreter (a caller with threads or an open RocksDB store)."""
    from fupin.graph import query

    monkeypatch.setattr(query, "_forkable", lambda: request.param == "fork")
    return request.param


def test_both_children_answer_alike_and_keep_both_caps(graph_path, child) -> None:
    _title, sparql = resolve("01")
    assert (
        run(sparql, graph_path).rows
        == canonical_numbers(query_store(open_store(graph_path), sparql, {})).rows
    )
    assert run("ASK { ?s ?p ?o }", graph_path).rows[0][0].toPython() is True
    with pytest.raises(QueryError, match=r"malformed query at line 1, column \d+"):
        run("SELECT ?x WHERE { ?x ?y }", graph_path)
    with pytest.raises(QueryError, match="more than 600 MB of memory"):
        run(CARTESIAN, graph_path, max_memory_mb=600, timeout_s=60)
    before = _children()
    with pytest.raises(QueryError, match="did not finish within 2 s"):
        run(SLOW, graph_path, timeout_s=2)
    assert _children() <= before, "the query's process must be gone, not left running"


def test_a_fork_is_used_only_where_it_is_safe(graph_path, monkeypatch) -> None:
    import threading

    from fupin.graph import query

    open_store(graph_path)  # this process now runs RocksDB's threads
    assert not query._forkable()
    monkeypatch.setattr(query, "rocksdb_used", lambda: False)
    monkeypatch.setattr(query, "FORK_MAX_MB", 1 << 20)
    assert query._forkable() == (threading.active_count() == 1)
    monkeypatch.setattr(query, "FORK_MAX_MB", 1)
    assert not query._forkable(), "a large process's fork would start near the memory cap"
    monkeypatch.setattr(query, "FORK_MAX_MB", 1 << 20)
    idle = threading.Event()
    thread = threading.Thread(target=idle.wait)
    thread.start()
    try:
        assert not query._forkable(), "another thread may hold a lock the fork would never see freed"
    finally:
        idle.set()
        thread.join()
