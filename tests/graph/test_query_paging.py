"""Pages of an answer (`limit`/`offset`, `fupin query --limit/--offset`), answers read from pyoxigraph
terms without rdflib, and the compacted persisted store: all on a real Oxigraph store and the graph of
the bundled reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from fupin import builder
from fupin.cli import main
from fupin.graph import oxstore
from fupin.graph.query import (
    QueryError,
    QueryResult,
    format_table,
    load_store,
    resolve,
    run,
    run_on,
    serialize_results,
    store_location,
    text_table,
)
from fupin.graph.results import cell, ox_cell
from fupin.graph.store import load_graph


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("kg") / "kg.nq"
    builder.build_corpus([], output)
    return output


@pytest.fixture(scope="module")
def whole(bundled: Path) -> QueryResult:
    """Query 07 (every fact's evidence, sorted) unpaged, from the persisted store."""
    return run(resolve("07")[1], bundled)


def test_a_page_is_the_slice_of_the_whole_answer_on_every_path(bundled: Path, whole: QueryResult) -> None:
    sparql = resolve("07")[1]
    assert len(whole.rows) > 30
    want = whole.rows[10:25]
    memory = load_store(bundled)
    pages = {
        "persisted store (worker)": run(sparql, bundled, limit=15, offset=10),
        "in-memory load (worker)": run(sparql, bundled, limit=15, offset=10, persist=False),
        "store in this process": run_on(sparql, memory, limit=15, offset=10),
    }
    for where, page in pages.items():
        assert page.rows == want, where
        assert page.total == len(whole.rows), where
    rdflib_page = run_on(sparql, load_graph(bundled), limit=15, offset=10)
    assert rdflib_page.total == len(whole.rows) and len(rdflib_page.rows) == 15


def test_a_page_past_the_end_is_empty_and_still_counts_the_rows(bundled: Path, whole: QueryResult) -> None:
    page = run(resolve("07")[1], bundled, limit=5, offset=len(whole.rows) + 3)
    assert page.rows == [] and page.total == len(whole.rows)
    assert run(resolve("07")[1], bundled, limit=0).rows == []


def test_a_negative_page_is_refused(bundled: Path) -> None:
    with pytest.raises(QueryError, match="limit"):
        run(resolve("07")[1], bundled, limit=-1)


def test_the_table_of_a_page_says_how_many_rows_there_are(bundled: Path, whole: QueryResult) -> None:
    page = run(resolve("07")[1], bundled, limit=3)
    assert text_table(page).endswith(f"(3 rows of {len(whole.rows)})")
    assert text_table(whole).endswith(f"({len(whole.rows)} rows)")


def test_the_table_read_from_oxigraph_terms_is_the_table_read_from_rdflib_terms(bundled: Path) -> None:
    """Every named query: the text cells made straight from pyoxigraph terms are those of the rdflib
    terms (prefixed IRIs, numbers in canonical form, booleans and dates as rdflib writes them), and the
    W3C formats are the same bytes."""
    store = load_store(bundled)
    for name in ("01", "02", "04", "07", "08", "11", "13", "14"):
        fast = run_on(resolve(name)[1], store)
        slow = QueryResult(fast.columns, list(fast.rows), fast.kind)  # rows read: rdflib terms
        assert fast._ox is None  # reading the rows converted them
        again = run_on(resolve(name)[1], store)
        assert again.cells() == [[cell(v) for v in row] for row in slow.rows], name
        assert format_table(again) == format_table(slow), name
        for fmt in ("json", "csv", "tsv", "xml"):
            assert serialize_results(run_on(resolve(name)[1], store), fmt) == serialize_results(slow, fmt)


@pytest.mark.parametrize(
    ("term", "text"),
    [
        (ox.Literal("7129.0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")), "7129"),
        (ox.Literal("007", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), "7"),
        (ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")), "true"),
        (ox.Literal("郧阳区", language="zh"), "郧阳区"),
        (ox.NamedNode("https://w3id.org/fupin/id/county/420304"), "fpd:county/420304"),
        (None, ""),
    ],
)
def test_a_cell_from_oxigraph_reads_as_the_rdflib_cell(term, text: str) -> None:
    assert ox_cell(term) == text


def test_the_command_line_prints_a_page(bundled: Path, whole: QueryResult) -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["query", "07", "--graph", str(bundled), "--limit", "2", "--offset", "1"])
    assert done.exit_code == 0, done.output
    assert done.stdout.rstrip().endswith(f"(2 rows of {len(whole.rows)})")
    assert "--offset 3 for the next page" in done.stderr  # stderr: stdout keeps the answer's format
    csv = runner.invoke(main, ["query", "07", "--graph", str(bundled), "--limit", "2", "--format", "csv"])
    assert len(csv.stdout.strip().splitlines()) == 3  # header and two rows
    refused = runner.invoke(main, ["query", "07", "--graph", str(bundled), "--limit", "-1"])
    assert refused.exit_code == 2


def test_the_persisted_store_is_compacted_and_a_store_built_before_is_replaced(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = tmp_path / "kg.nq"
    shutil.copy(bundled, graph)
    compacted = []
    real = ox.Store

    class Recording:
        """pyoxigraph's Store, noting `optimize` calls (the compaction after the bulk load)."""

        def __new__(cls, *args, **kwargs):
            store = real(*args, **kwargs)
            return _Recorder(store, compacted)

    monkeypatch.setattr(oxstore.ox, "Store", Recording)
    old = oxstore.store_folder(graph) / ("0" * 64)  # a store named as before compaction
    old.mkdir(parents=True)
    location = store_location(graph)
    monkeypatch.undo()
    assert compacted == [True] and location is not None and location.name.endswith(oxstore.LAYOUT)
    assert not old.exists(), "the store built before compaction is pruned"
    assert run(resolve("04")[1], graph).rows == run(resolve("04")[1], bundled, persist=False).rows


class _Recorder:
    def __init__(self, store: ox.Store, calls: list[bool]) -> None:
        self._store, self._calls = store, calls

    def optimize(self) -> None:
        self._calls.append(True)
        self._store.optimize()

    def __getattr__(self, name: str):
        return getattr(self._store, name)
