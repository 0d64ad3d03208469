"""`fupin serve`: a real SPARQL endpoint over the built graph, and a query page that works offline."""

from __future__ import annotations

import json
import re
import signal
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from fupin.graph.query import named_queries, resolve, run
from fupin.graph.remote import run_remote
from fupin.graph.serve import free_port, running


@pytest.fixture(scope="module")
def served(graph_path) -> Iterator[str]:
    with running(graph_path, port=0) as url:
        yield url


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode("utf-8")


def test_the_query_page_is_self_contained(served):
    status, kind, page = fetch(served + "/")
    assert status == 200 and kind.startswith("text/html")
    assert "<textarea" in page and 'fetch("query"' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "nothing may come from outside"


def test_the_page_lists_the_named_queries_as_examples(served):
    status, _kind, body = fetch(served + "/examples.json")
    examples = json.loads(body)
    assert status == 200 and [e["name"] for e in examples] == list(named_queries())
    assert all(e["query"].strip() and e["title"] for e in examples)


def test_the_endpoint_answers_sparql_over_http(served, graph_path):
    status, kind, body = fetch(
        served + "/query",
        data=b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert status == 200 and "json" in kind
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 100
    _title, sparql = resolve("01")
    assert run_remote(sparql, served + "/query").rows == run(sparql, graph_path).rows


def test_read_only_unless_asked(served):
    status, _kind, body = fetch(
        served + "/update",
        data=b"update=INSERT DATA { <a:x> <a:y> <a:z> }",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403 and "--writable" in body


def test_cli_serve_prints_the_url_and_stops_cleanly_on_ctrl_c(graph_path, start_serve):
    port = free_port()
    process = start_serve(graph_path, port)
    line = process.stdout.readline()
    assert f"http://127.0.0.1:{port}/" in line
    status, _kind, page = fetch(f"http://127.0.0.1:{port}/")
    assert status == 200 and "<textarea" in page
    process.send_signal(signal.SIGINT)
    # Stopping is bounded step by step (the front's tasks 2 s, its loop 5 s, the Oxigraph child 10 s before
    # it is killed): a loaded machine may take most of that, a hung stop never ends.
    assert process.wait(timeout=30) == 0
    assert "Stopping" in process.stdout.read()
    time.sleep(0.2)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
