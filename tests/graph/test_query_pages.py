"""A page of a paged query on a FrozenStore (graph/pages.py: the answer's keys computed once, each page
fetched for its keys alone) is the full answer's page, row for row and in order, at every offset.

The graph is the bundled reports' graph three times over, instance IRIs renamed per copy (as
bench/bench_queries.py replicates a graph to 10^6 quads): the copies give rows that tie on the queries'
first ORDER BY columns (three counties with one code and one name), which a page must still order as the
full answer does."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

import fupin
from fupin import builder
from fupin.graph.pages import FrozenStore, page_key
from fupin.graph.query import load_store, page_size, resolve, run_on

IDS = "https://w3id.org/fupin/id/"
PAGED = ("07", "08", "14")


@pytest.fixture(scope="module")
def replicated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    built = folder / "kg.nq"
    builder.build_corpus([], built)
    lines = built.read_text(encoding="utf-8").splitlines(keepends=True)
    copies = [line.replace(IDS, f"{IDS}r{copy}/") if copy else line for copy in range(3) for line in lines]
    target = folder / "kg-x3.nq"
    target.write_text("".join(copies), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def store(replicated: Path) -> FrozenStore:
    return FrozenStore.load(replicated)


def test_the_paged_queries_declare_a_page_key() -> None:
    for name in PAGED:
        sparql = resolve(name)[1]
        assert page_size(sparql) and page_key(sparql), name


@pytest.mark.parametrize("limit", [1, 7, 100])
@pytest.mark.parametrize("name", PAGED)
def test_every_page_is_the_full_answers_page(store: FrozenStore, name: str, limit: int) -> None:
    sparql = resolve(name)[1]
    full = run_on(sparql, store.store, timeout_s=120)
    assert full.total > 2 * limit, name  # pages enough to test
    for offset in range(full.total + 2):
        page = run_on(sparql, store, timeout_s=60, limit=limit, offset=offset)
        assert page.columns == full.columns
        assert page.total == full.total
        assert page.rows == full.rows[offset : offset + limit], (name, limit, offset)


def test_a_page_with_parameters_has_its_own_index(store: FrozenStore) -> None:
    sparql = resolve("14")[1]
    whole = run_on(sparql, store.store, timeout_s=60)
    first = dict(zip(whole.columns, whole.rows[0], strict=True))
    bindings = {"county": first["county"], "indicator": first["indicator"]}
    full = run_on(sparql, store.store, bindings, timeout_s=60)
    assert 0 < full.total < whole.total
    for offset in range(full.total + 1):
        page = run_on(sparql, store, bindings, timeout_s=60, limit=2, offset=offset)
        assert page.rows == full.rows[offset : offset + 2] and page.total == full.total


def test_the_api_pages_a_frozen_store_as_it_pages_a_store(store: FrozenStore) -> None:
    every = fupin.query(store.store, "07", all_rows=True)
    assert list(fupin.query(store, "07")) == every[:100]
    assert list(fupin.query(store, "07", offset=250)) == every[250:350]
    assert fupin.query(store, "07", offset=250).total == every.total
    assert list(fupin.query(store, "07", all_rows=True)) == list(every)
    assert list(fupin.query(store, "02")) == list(fupin.query(store.store, "02"))  # no page key


def test_one_evidence_in_two_graphs_is_one_row_on_a_page_too(tmp_path: Path) -> None:
    """Query 14's rows made distinct over the union of the graphs (see test_query_plans): a page
    fetched by its keys counts and gives them as the full answer does."""
    fp, unit = "https://w3id.org/fupin/ontology#", "https://w3id.org/fupin/unit/person"
    lines = []
    for n in range(3):
        obs, evidence, report = f"<{IDS}observation/o{n}>", f"<{IDS}evidence/e{n}>", f"<{IDS}report/r{n}>"
        for graph in (f"<{IDS}report/r1>", f"<{IDS}report/r2>"):
            lines += [
                f"{obs} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{fp}Observation> {graph} .",
                f"{obs} <{fp}county> <{IDS}county/420302> {graph} .",
                f"{obs} <{fp}indicator> <https://w3id.org/fupin/indicator/students-aided> {graph} .",
                f'{obs} <{fp}value> "{5837 + n}"^^<http://www.w3.org/2001/XMLSchema#integer> {graph} .',
                f"{obs} <{fp}unit> <{unit}> {graph} .",
                f"{obs} <{fp}evidence> {evidence} {graph} .",
                f"{evidence} <{fp}source> {report} {graph} .",
                f'{evidence} <{fp}quote> "资助贫困学生{5837 + n}名" {graph} .',
                f'{report} <{fp}sourceFile> "r{n}.txt" {graph} .',
            ]
    graph_file = tmp_path / "kg.nq"
    graph_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sparql = resolve("14")[1]
    full = run_on(sparql, load_store(graph_file), timeout_s=60)
    frozen = FrozenStore.load(graph_file)
    assert full.total == 3
    for offset in range(4):
        page = run_on(sparql, frozen, timeout_s=60, limit=1, offset=offset)
        assert page.rows == full.rows[offset : offset + 1] and page.total == 3
    assert isinstance(full.rows[0][full.columns.index("observation")], URIRef)


@pytest.mark.parametrize("name", PAGED)
def test_the_paged_queries_order_their_rows_alike_on_both_engines(replicated: Path, name: str) -> None:
    """Their ORDER BY orders every two distinct rows, so rdflib's sort (stable over its own evaluation
    order) and Oxigraph's (unstable) give one sequence: before, 14 tied rows that came in either order."""
    from fupin.graph.store import load_graph

    sparql = resolve(name)[1]
    oxigraph = run_on(sparql, load_store(replicated), timeout_s=120).cells()
    rdflib = run_on(sparql, load_graph(replicated), timeout_s=300).cells()
    assert oxigraph == rdflib
