"""`fupin serve` lets nothing in and sends nothing out: SERVICE refused unless enabled, writes only
with the start-up token from the server's own origin, bounded bodies, and SIGTERM stopping the
Oxigraph child and removing its store. Real servers on 127.0.0.1."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from fupin.graph.serve import free_port, running

TOKEN = "test-token-7c1d"


@pytest.fixture(scope="module")
def writable(graph_path) -> Iterator[str]:
    with running(graph_path, port=0, writable=True, token=TOKEN, timeout_s=2) as url:
        yield url


def ask(url: str, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, str]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _form(text: str, key: str = "update") -> bytes:
    return urllib.parse.urlencode({key: text}).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_service_is_refused_and_nothing_is_contacted(writable: str) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(1)
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    try:
        query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
        status, body = ask(writable, "GET", "/query?" + urllib.parse.urlencode({"query": query}))
        assert status == 403 and "--allow-service" in body
        status, _ = ask(writable, "POST", "/query", _form(query.lower(), "query"), FORM)
        assert status == 403
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()
    ok, _ = ask(writable, "GET", "/query?" + urllib.parse.urlencode({"query": "SELECT ?service {} "}))
    assert ok == 200


def test_a_cross_site_form_post_cannot_write(writable: str) -> None:
    evil = {**FORM, "Origin": "http://evil.example", "Authorization": f"Bearer {TOKEN}"}
    assert ask(writable, "POST", "/update", _form("DROP ALL"), evil)[0] == 403
    assert ask(writable, "POST", "/update", _form("DROP ALL"), FORM)[0] == 401
    wrong = {**FORM, "Authorization": "Bearer guess"}
    assert ask(writable, "POST", "/update", _form("DROP ALL"), wrong)[0] == 401
    rebound = {**FORM, "Host": "attacker.example:80", "Authorization": f"Bearer {TOKEN}"}
    assert ask(writable, "POST", "/update", _form("DROP ALL"), rebound)[0] == 421
    assert ask(writable, "GET", "/", headers={"Host": "attacker.example"})[0] == 421
    status, body = ask(writable, "GET", "/query?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))
    assert status == 200 and "true" in body  # nothing was dropped


def test_writes_with_the_token_from_the_own_origin_pass(writable: str) -> None:
    own = {**FORM, "Origin": writable, "Authorization": f"Bearer {TOKEN}"}
    insert = "INSERT DATA { GRAPH <urn:t> { <urn:a> <urn:b> <urn:c> } }"
    assert ask(writable, "POST", "/update", _form(insert), own)[0] in (200, 204)
    assert ask(writable, "POST", "/update", _form("DROP GRAPH <urn:t>"), own)[0] in (200, 204)


@pytest.mark.parametrize(
    ("length", "status"), [("abc", 400), ("-1", 400), (str(10**10), 413)], ids=["abc", "negative", "huge"]
)
def test_bad_or_huge_content_lengths_are_answered_not_waited_on(
    writable: str, length: str, status: int
) -> None:
    parts = urllib.parse.urlsplit(writable)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        head = f"POST /query HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Length: {length}\r\n"
        sock.sendall((head + "Content-Type: application/sparql-query\r\n\r\n").encode())
        assert re.match(rf"HTTP/1\.[01] {status} ", sock.recv(64).decode())


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_the_oxigraph_child_and_removes_the_store(
    graph_path: Path, tmp_path: Path, start_serve
) -> None:
    port = free_port()
    process = start_serve(graph_path, port, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert f":{port}/" in process.stdout.readline()
    children = _children(process.pid)
    assert children and list(tmp_path.glob("fupin-serve-*"))
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{c}").exists() for c in children)
    assert not list(tmp_path.glob("fupin-serve-*"))
