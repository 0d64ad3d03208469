"""Named queries on a real SPARQL server: push the bundled graph to `oxigraph serve` on a loopback
port and get, for every named query, the rows a local run gives."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from fupin.cli import main
from fupin.graph.build import county_iri
from fupin.graph.query import QueryError, QueryResult, named_queries, resolve, run
from fupin.graph.remote import push, run_remote, store_url, values_block
from fupin.graph.serve import free_port, oxigraph_server

_CONCAT = re.compile(r"GROUP_CONCAT\(.*?separator\s*=\s*\"([^\"]*)\"\s*\)\s*AS\s+\?(\w+)", re.S | re.I)


@pytest.fixture(scope="module")
def server(graph_path) -> Iterator[str]:
    with oxigraph_server(None) as base:
        push(graph_path, base + "/store")
        yield base


def canonical(sparql: str, result: QueryResult) -> list[tuple]:
    """Rows in a fixed order, GROUP_CONCAT cells as sorted parts: SPARQL leaves both orders open."""
    concat = {column: separator for separator, column in _CONCAT.findall(sparql)}

    def cell(column: str, term):
        if term is None or column not in concat:
            return term
        return (term.datatype, term.language, tuple(sorted(str(term).split(concat[column]))))

    rows = [tuple(cell(c, v) for c, v in zip(result.columns, row, strict=True)) for row in result.rows]
    return sorted(rows, key=repr)


@pytest.mark.parametrize("name", list(named_queries()))
def test_every_named_query_gives_the_local_rows_remotely(name, server, graph_path):
    _title, sparql = resolve(name)
    local = run(sparql, graph_path)
    remote = run_remote(sparql, server + "/query", timeout_s=30)
    assert remote.columns == local.columns
    assert canonical(sparql, remote) == canonical(sparql, local)
    if name.startswith(("01", "02", "05", "07", "08")):
        assert remote.rows, "the bundled reports answer this question"


def test_bound_parameters_travel_as_values_and_match_local(server, graph_path):
    _title, sparql = resolve("01")
    bindings = {"county": county_iri("420304")}
    remote = run_remote(sparql, server + "/query", bindings=bindings)
    assert [str(row[1]) for row in remote.rows] == ["420304"]
    assert remote.rows == run(sparql, graph_path, bindings=bindings).rows


def test_values_block_serialises_terms_and_refuses_blank_nodes():
    block = values_block(
        {"county": URIRef("https://w3id.org/fupin/id/county/420304"), "name": Literal('郧阳"区', lang="zh")}
    )
    assert (
        block.strip()
        == 'VALUES (?county ?name) { (<https://w3id.org/fupin/id/county/420304> "郧阳\\"区"@zh) }'
    )
    from rdflib import BNode

    with pytest.raises(QueryError):
        values_block({"x": BNode()})


def test_pushing_again_replaces_each_report_graph(server, graph_path):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = run_remote(count, server + "/query").rows[0][0]
    pushed = push(graph_path, server + "/query")
    after = run_remote(count, server + "/query").rows[0][0]
    assert before == after
    named = [p for p in pushed if p.graph]
    assert len(named) == 5 and all(p.graph.startswith("https://w3id.org/fupin/id/report/") for p in named)
    graphs = run_remote("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", server + "/query")
    assert {str(r[0]) for r in graphs.rows} == {p.graph for p in named}


def test_store_url_finds_the_graph_store_beside_the_query_url():
    assert store_url("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/store"
    assert store_url("http://127.0.0.1:7878") == "http://127.0.0.1:7878/store"
    assert (
        store_url("http://h/rdf4j/repositories/kg/statements") == "http://h/rdf4j/repositories/kg/statements"
    )


def test_a_down_endpoint_is_a_clear_error():
    with pytest.raises(QueryError, match="cannot reach"):
        run_remote("ASK {}", f"http://127.0.0.1:{free_port()}/query", timeout_s=2)


def test_a_malformed_query_is_refused_by_the_server(server):
    with pytest.raises(QueryError, match="refused"):
        run_remote("SELECT WHERE {", server + "/query")


def test_an_answer_that_is_not_sparql_results_is_an_error(server):
    with pytest.raises(QueryError, match=r"not JSON results|refused|HTTP"):
        run_remote("SELECT * WHERE { ?s ?p ?o } LIMIT 1", server + "/store?default")


def test_a_silent_endpoint_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    try:
        with pytest.raises(QueryError, match="within 1 s"):
            run_remote("ASK {}", f"http://127.0.0.1:{listener.getsockname()[1]}/query", timeout_s=1)
    finally:
        for conn in accepted:
            conn.close()
        listener.close()


def test_cli_push_and_query_on_the_endpoint(server, graph_path):
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", "--endpoint", server + "/store", "--graph", str(graph_path)])
    assert pushed.exit_code == 0, pushed.output
    assert "5 named graph(s)" in pushed.output
    answer = runner.invoke(main, ["query", "workshop-counties", "--endpoint", server + "/query"])
    assert answer.exit_code == 0, answer.output
    assert "郧阳区" in answer.output and "(3 rows)" in answer.output
    down = runner.invoke(main, ["query", "01", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert down.exit_code == 2 and "cannot reach" in down.output
