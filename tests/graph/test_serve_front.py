"""The `fupin serve` front (waitress): a query over the time limit is stopped and answered 503 within
the limit while the server stays usable, silent clients are dropped, bodies are bounded, Graph Store
data streams through, and 16 clients at once are all answered. Real servers on 127.0.0.1."""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from fupin.graph import serve
from fupin.graph.serve import running

TOKEN = "front-token-5e2a"
LIMIT_S = 2.0
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def served(graph_path) -> Iterator[str]:
    patch = pytest.MonkeyPatch()
    patch.setattr(serve, "SOCKET_TIMEOUT_S", 2.0)
    patch.setattr(serve, "MAX_BODY", 1024 * 1024)
    try:
        with running(graph_path, port=0, writable=True, token=TOKEN, timeout_s=LIMIT_S) as url:
            yield url
    finally:
        patch.undo()


def ask(
    url: str, method: str, path: str, body: bytes = b"", headers: dict | None = None
) -> tuple[int, bytes]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def _get(query: str) -> str:
    return "/query?" + urllib.parse.urlencode({"query": query})


def test_a_query_over_the_limit_is_stopped_and_the_server_stays_usable(served: str) -> None:
    started = time.monotonic()
    status, body = ask(served, "GET", _get(HEAVY))
    took = time.monotonic() - started
    assert status == 503 and b"limit" in body
    assert took < LIMIT_S + 3, f"answered after {took:.1f} s"
    status, body = ask(
        served, "GET", _get("ASK { ?s ?p ?o }"), headers={"Accept": "application/sparql-results+json"}
    )
    assert status == 200 and b"true" in body


def test_a_query_caught_by_another_ones_restart_is_answered(served: str) -> None:
    results: dict[str, tuple[int, bytes]] = {}
    heavy = threading.Thread(target=lambda: results.setdefault("heavy", ask(served, "GET", _get(HEAVY))))
    heavy.start()
    time.sleep(LIMIT_S - 0.5)
    light = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a ?e }"  # about 1 s on its own
    results["light"] = ask(
        served, "POST", "/query", light.encode(), {"Content-Type": "application/sparql-query"}
    )
    heavy.join(timeout=30)
    assert results["heavy"][0] == 503
    assert results["light"][0] in (200, 503)  # answered either way, never a dropped connection


def test_a_silent_client_is_dropped_and_others_are_served(served: str) -> None:
    parts = urllib.parse.urlsplit(served)
    with socket.create_connection((parts.hostname, parts.port), timeout=15) as sock:
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: " + parts.netloc.encode() + b"\r\nContent-Len")
        assert ask(served, "GET", _get("ASK {}"))[0] == 200
        started = time.monotonic()
        assert sock.recv(1024) == b""  # closed by the server, not left waiting
        assert time.monotonic() - started < 10


def test_a_body_over_the_limit_is_refused_with_413(served: str) -> None:
    """The declared length alone is refused, before the body is read: the client sends the headers and
    the start of a 2 MB body and reads 413 (http.client would keep writing into the closed socket)."""
    parts = urllib.parse.urlsplit(served)
    head = (
        b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: %d\r\n\r\nSELECT * WHERE { ?s ?p ?o } #" % (2 * 1024 * 1024)
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head)
        status_line = sock.makefile("rb").readline()
    assert status_line.split()[1] == b"413", status_line


def test_graph_store_data_streams_through_with_the_token(served: str) -> None:
    own = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"}
    data = b"".join(b'<urn:s%d> <urn:p> "%d" .\n' % (i, i) for i in range(5000))
    status, _ = ask(served, "PUT", "/store?graph=urn%3Afront", data, own)
    assert status in (201, 204)
    status, body = ask(served, "GET", "/store?graph=urn%3Afront", headers={"Accept": "application/n-triples"})
    assert status == 200 and body.count(b"\n") == 5000
    assert ask(served, "DELETE", "/store?graph=urn%3Afront", headers=own)[0] in (200, 204)


def test_head_has_no_body(served: str) -> None:
    status, body = ask(served, "HEAD", "/")
    assert status == 200 and body == b""


def test_sixteen_clients_at_once_are_all_answered(served: str) -> None:
    query = _get("SELECT ?s ?o WHERE { ?s a ?o } LIMIT 20")
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda _: ask(served, "GET", query)[0], range(320)))
    assert statuses == [200] * 320
