"""`fupin serve`: the Oxigraph server over a built graph, behind a front that adds a query page and
keeps the endpoint safe.

Oxigraph's own server answers SPARQL (query, update, Graph Store) correctly and fast, but the page it
ships in the PyPI build misses its scripts, it cannot refuse SERVICE or check a token, and its
`--timeout-s` did not stop a cartesian product. So the graph is loaded into an Oxigraph server on a
private loopback port: held in its memory when the service is read-only and the graph file is at
most MEMORY_MAX_MB (the named queries run 6-22× faster on an in-memory store than on RocksDB, and a
server lives long enough to repay the load), else in a RocksDB store in a temporary folder, which
`oxigraph serve-read-only` (or `serve` when writes are asked for: they must outlive a restart)
answers. The in-memory server is Oxigraph's read-write one (it has no read-only mode): its private
port, like the read-write server's, is reachable from this machine only, and a write through it
changes the copy in memory, never the graph file. In front of either, a WSGI application served by
waitress on the public address serves the query page and examples itself and passes every other
request through once checked. waitress does
the HTTP: a malformed or negative Content-Length is a 400 and a body over MAX_BODY a 413, before the
application runs; bodies over 512 KB are spooled to disk, not memory; a silent client is dropped
after SOCKET_TIMEOUT_S; a 1,024-deep listen backlog and 16 worker threads carry 16 clients at once.
A request that keeps Oxigraph busy past the time limit is stopped the only way Oxigraph allows: the
child is killed and started again on the same store, or loaded again from the file when it held the
graph in memory (read-only queries caught by the restart are sent once more). Nothing is fetched from
the internet.
"""

from __future__ import annotations

import contextlib
import ctypes
import hmac
import http.client
import json
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

WEB = Path(__file__).resolve().parent.parent / "fupin" / "web"
WRITE_PATHS = ("/update", "/store")
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
QUERY_TIMEOUT_S = 30.0  # what the Oxigraph server may spend on one query before it gives up
MAX_BODY = 64 * 1024 * 1024  # request bodies over this are refused (413), never read
SOCKET_TIMEOUT_S = 30.0  # a client that sends nothing for this long is dropped
FRONT_THREADS = 16  # requests answered at once; more wait in waitress's queue, not the listen backlog
MEMORY_MAX_MB = 512  # a read-only service holds graph files up to this size in memory (`store="auto"`)
STORES = ("auto", "memory", "disk")
# The Graph Store content type of each graph file format (graph/formats.py), for loading a server.
_CONTENT_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "json-ld": "application/ld+json",
}
# SPARQL text that cannot hold a keyword (comments, strings, IRIs), blanked before SERVICE is looked for.
_NOT_KEYWORDS = re.compile(
    r"#[^\n]*"
    r"|'''.*?'''|\"\"\".*?\"\"\""
    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
    r"|<[^<>\"{}|^`\\\s]*>",
    re.S,
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.I)
PR_SET_PDEATHSIG = 1


def web_folder() -> Path:
    """fupin/web in a checkout, or the installed package data."""
    if (WEB / "index.html").is_file():
        return WEB
    from importlib import resources

    return Path(str(resources.files("fupin") / "web"))


def oxigraph_binary() -> str:
    """The `oxigraph` command of the running environment (installed by the `oxigraph` package)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError(
            "the `oxigraph` server command is missing from this environment; it comes with the "
            "`oxigraph` package, a dependency of fupin-kg: pip install oxigraph"
        )
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout_s: float = 20, process: subprocess.Popen | None = None) -> None:
    """Poll `url` until it answers (any HTTP status counts) or raise RuntimeError."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout_s:g} s")


def load_location(graph_path: Path, location: Path) -> None:
    """Bulk-load a graph file into an Oxigraph store folder with the server's own loader."""
    done = subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(graph_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"oxigraph could not load {graph_path}: {done.stderr.strip()}")


def in_memory(graph_path: Path, *, writable: bool, store: str = "auto") -> bool:
    """Whether `fupin serve` holds the graph in the server's memory: `store` "memory" or "disk" as
    asked, "auto" when the service is read-only (writes must outlive a restart, which reloads the
    file) and the file is at most MEMORY_MAX_MB."""
    if store not in STORES:
        raise ValueError(f"unknown store {store!r}; use one of {', '.join(STORES)}")
    if store != "auto":
        return store == "memory"
    return not writable and graph_path.stat().st_size <= MEMORY_MAX_MB * 1024 * 1024


def post_graph(base: str, graph_path: Path, timeout_s: float = 3600) -> None:
    """Load a graph file into a running Oxigraph server by the Graph Store protocol: a triple file
    into its default graph, a quad file's graphs as they are. The file is streamed, not read whole."""
    from fupin.graph.formats import TRIPLE_FORMATS, format_for

    fmt = format_for(graph_path)
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_s)
    try:
        with graph_path.open("rb") as body:
            headers = {"Content-Type": _CONTENT_TYPES[fmt], "Content-Length": str(graph_path.stat().st_size)}
            target = "/store?default" if fmt in TRIPLE_FORMATS else "/store"
            connection.request("POST", target, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
    finally:
        connection.close()
    if answer.status >= 300:
        raise RuntimeError(f"oxigraph could not load {graph_path}: {answer.status} {text.strip()}")


class Upstream:
    """The Oxigraph server child: started on a private loopback port, and restarted (killed and
    started again on the same store, or on a new in-memory one loaded again from `source`) when a
    query outlives its time, which is the only way to stop one: Oxigraph's own `--timeout-s` did not
    stop a cartesian product. The child dies with this process, even if it is killed
    (PR_SET_PDEATHSIG)."""

    def __init__(
        self, location: Path | None, *, writable: bool = False, host: str = "127.0.0.1",
        port: int | None = None, timeout_s: float | None = None, source: Path | None = None,
    ) -> None:  # fmt: skip
        self.location, self.writable, self.host, self.port = location, writable, host, port
        self.timeout_s = timeout_s
        self.source = source  # the graph file an in-memory child (location None) is loaded from
        self.generation = 0
        self.base = ""
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def start(self) -> str:
        """Start the child and wait until it answers; returns its base URL."""
        port = self.port or free_port(self.host)
        command = "serve" if self.writable or self.location is None else "serve-read-only"
        where = [] if self.location is None else ["--location", str(self.location)]
        limit = ["--timeout-s", str(max(1, round(self.timeout_s)))] if self.timeout_s else []
        self._process = subprocess.Popen(
            [oxigraph_binary(), command, *where, "--bind", f"{self.host}:{port}", "--union-default-graph",
             *limit],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )  # fmt: skip
        base = f"http://{self.host}:{port}"
        try:
            wait_for(f"{base}/query?query=ASK%7B%7D", process=self._process)
            if self.location is None and self.source is not None:
                post_graph(base, self.source)
        except BaseException:
            self.stop(kill=True)
            raise
        self.base = base
        return base

    def stop(self, *, kill: bool = False) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.kill() if kill else process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self, generation: int) -> None:
        """Kill the child that ran `generation`'s requests and start a fresh one, once: requests that
        saw the same child die find the generation moved on and do not restart it again."""
        with self._lock:
            if generation != self.generation or self._process is None:
                return
            self.generation += 1  # first, so requests failing with the old child know it was killed
            self.stop(kill=True)
            self.port = None  # a new port: the old one may linger in TIME_WAIT
            self.start()

    def current(self) -> tuple[int, str]:
        """(generation, base URL) of the running child, once any restart under way has finished."""
        with self._lock:
            return self.generation, self.base


@contextlib.contextmanager
def oxigraph_server(
    location: Path | None,
    *,
    writable: bool = False,
    host: str = "127.0.0.1",
    port: int | None = None,
    timeout_s: float | None = None,
) -> Iterator[str]:
    """A running Oxigraph server over `location` (None: an empty in-memory store, writable), with
    the union of all graphs as its default graph, as local queries see it; yields its base URL."""
    upstream = Upstream(location, writable=writable, host=host, port=port, timeout_s=timeout_s)
    base = upstream.start()
    try:
        yield base
    finally:
        upstream.stop()


def _die_with_parent() -> None:
    """In the child before exec: be sent SIGTERM when the parent dies, however it dies."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def examples() -> list[dict[str, str]]:
    """The named queries, for the page's example list: one that declares a page (`# page: 100`)
    asks for that page (a LIMIT the user may change or add an OFFSET to), as `fupin query` does."""
    from fupin.graph.query import named_queries, page_size, resolve

    out = []
    for name, path in named_queries().items():
        title, sparql = resolve(path)
        page = page_size(sparql)
        query = sparql if page is None else f"{sparql.rstrip()}\nLIMIT {page}\n"
        out.append({"name": name, "title": title, "query": query})
    return out


@dataclass
class Front:
    """What the front needs: the upstream server, whether writes pass and with which token, whether
    SERVICE may send requests out, the Host names it answers to (filled in once bound), how long one
    request may keep the upstream busy, and what turns a question into SPARQL for the ask box (given
    by the caller: graph/ knows no lexicon)."""

    upstream: Upstream
    writable: bool
    page: bytes
    examples: bytes
    token: str = ""
    allow_service: bool = False
    hosts: set[str] = field(default_factory=set)
    timeout_s: float = QUERY_TIMEOUT_S
    ask: Callable[[str], dict] | None = None


def _host_names(host: str, port: int) -> set[str]:
    """The Host headers a browser sends for this server: its address and, on loopback, the loopback
    names. Any other Host is a DNS-rebinding page speaking to a local server."""
    names = {host, "localhost", "127.0.0.1", "[::1]"} if host in LOOPBACK else {host}
    return {f"{name}:{port}" for name in names} | ({f"{host}"} if port == 80 else set())


def _query_text(target: str, kind: str, body: bytes | None) -> str:
    """The SPARQL query or update text of a request (URL parameters, form or direct body)."""
    query = urllib.parse.urlsplit(target).query
    texts = [v for k, vs in urllib.parse.parse_qs(query).items() if k in ("query", "update") for v in vs]
    if body:
        if kind.startswith("application/x-www-form-urlencoded"):
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            texts += [v for k, vs in form.items() if k in ("query", "update") for v in vs]
        elif kind.startswith(("application/sparql-query", "application/sparql-update")):
            texts.append(body.decode("utf-8", "replace"))
    return "\n".join(texts)


def uses_service(sparql: str) -> bool:
    """Whether a query or update has a SERVICE clause (which makes the server send requests to any
    URL). Comments, strings and IRIs are blanked first; a variable or prefixed name is no keyword."""
    return bool(_SERVICE.search(_NOT_KEYWORDS.sub(" ", sparql)))


class _Answer(Exception):
    """A request answered by the front itself (a refusal, a timeout), with its status and text."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status, self.text = status, text


class _Overran(Exception):
    """The upstream answer outlived the request's deadline (the child has been restarted)."""


def _refusal(front: Front, environ: dict[str, Any], write: bool) -> _Answer | None:
    """Why this request must not reach the store, decided from its headers before its body is read."""
    host, method = environ.get("HTTP_HOST", ""), environ["REQUEST_METHOD"]
    if front.hosts and host not in front.hosts:
        return _Answer(421, "unknown Host header: this server answers only to its own address")
    origin = environ.get("HTTP_ORIGIN")
    if method not in ("GET", "HEAD") and origin and origin != f"http://{host}":
        return _Answer(403, f"cross-origin request from {origin} refused")
    if write and not front.writable:
        return _Answer(403, "read-only: start `fupin serve --writable` to accept writes")
    given = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
    if write and not hmac.compare_digest(given.encode(), front.token.encode()):
        return _Answer(401, "writes need the token printed at start-up: Authorization: Bearer TOKEN")
    return None


_QUERY_KINDS = ("application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update")


def _body(environ: dict[str, Any]) -> tuple[bytes | Any, int]:
    """(body, length): a query's or update's text read (bounded by MAX_BODY, which waitress enforces
    with 413 before the app runs) so SERVICE can be looked for; any other body (Graph Store data) as
    the stream waitress spooled to disk, passed upstream without holding it in memory."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    stream = environ["wsgi.input"]
    if environ.get("CONTENT_TYPE", "").startswith(_QUERY_KINDS):
        return stream.read(length), length
    return stream, length


class Proxy:
    """The WSGI application of `fupin serve`: the query page and examples itself, every other request
    checked (Host, Origin, token, SERVICE) and passed to the Oxigraph child within the time limit."""

    def __init__(self, front: Front) -> None:
        self.front = front

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            status, headers, chunks = self._answer(environ)
        except _Answer as answer:
            status, body = answer.status, (answer.text + "\n").encode("utf-8")
            headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
            chunks = iter([body])
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            _close(chunks)
            return [b""]
        return chunks

    def _answer(self, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], Iterator[bytes]]:
        front, method, path = self.front, environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if method in ("GET", "HEAD") and path in ("/", "/index.html", "/examples.json"):
            if front.hosts and environ.get("HTTP_HOST", "") not in front.hosts:
                raise _Answer(421, "unknown Host header: this server answers only to its own address")
            page = path != "/examples.json"
            body = front.page if page else front.examples
            kind = "text/html; charset=utf-8" if page else "application/json; charset=utf-8"
            return 200, [("Content-Type", kind), ("Content-Length", str(len(body)))], iter([body])
        if method in ("GET", "HEAD") and path == "/ask" and front.ask is not None:
            return self._ask(environ)
        refusal = _refusal(front, environ, path.startswith(WRITE_PATHS) and method != "GET")
        if refusal:
            raise refusal
        body, length = _body(environ)
        target = environ.get("REQUEST_URI") or path
        kind = environ.get("CONTENT_TYPE", "")
        text = _query_text(target, kind, body if isinstance(body, bytes) else None)
        if not front.allow_service and uses_service(text):
            raise _Answer(403, "SERVICE is refused: start `fupin serve --allow-service` to allow it")
        headers = {"Accept": environ.get("HTTP_ACCEPT", "")} if environ.get("HTTP_ACCEPT") else {}
        if kind:
            headers["Content-Type"] = kind
        if length or method in ("POST", "PUT"):
            headers["Content-Length"] = str(length)
        retry = method in ("GET", "HEAD") or (method == "POST" and path.startswith("/query"))
        return self._forward(method, target, body if length else None, headers, retry)

    def _ask(self, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], Iterator[bytes]]:
        """GET /ask?q=QUESTION: the question's SPARQL (with its parameters) as JSON; nothing runs."""
        if self.front.hosts and environ.get("HTTP_HOST", "") not in self.front.hosts:
            raise _Answer(421, "unknown Host header: this server answers only to its own address")
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        question = (query.get("q") or [""])[0][:1000]
        body = json.dumps(self.front.ask(question), ensure_ascii=False).encode("utf-8")
        headers = [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))]
        return 200, headers, iter([body])

    def _forward(
        self, method: str, target: str, body: Any, headers: dict[str, str], retry: bool
    ) -> tuple[int, list[tuple[str, str]], Iterator[bytes]]:
        """Send the request upstream. A query is sent once more when its connection failed because the
        child was restarted under it (another query ran over time) or because a kept-alive connection
        had been closed: reading twice changes nothing. Writes are sent once, on a new connection."""
        upstream, limit = self.front.upstream, self.front.timeout_s
        deadline = time.monotonic() + limit
        for attempt in range(3 if retry else 1):
            generation, base = upstream.current()
            connection, reused = _connection(base, limit, keep=retry and attempt == 0)
            try:
                connection.request(method, target, body=body, headers=headers)
                _arm(connection, deadline)
                answer = connection.getresponse()
            except TimeoutError:
                connection.close()
                upstream.restart(generation)
                raise _Answer(503, f"query stopped: it ran over the {limit:g} s limit (--timeout)") from None
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                if retry and attempt < 2 and (reused or upstream.generation != generation):
                    continue
                raise _Answer(502, f"SPARQL server unavailable: {error}") from None
            kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in _HOP_BY_HOP]
            chunks = _stream(connection, answer, deadline, upstream, generation, keep=retry)
            return answer.status, kept, chunks
        raise _Answer(502, "SPARQL server unavailable")


_POOL = threading.local()  # each front thread keeps one connection to the child alive between queries


def _connection(base: str, limit: float, *, keep: bool) -> tuple[http.client.HTTPConnection, bool]:
    """(connection to `base`, whether it is a kept-alive one): the thread's idle connection to the
    same child when `keep`, else a new one."""
    idle = getattr(_POOL, "idle", None)
    _POOL.idle = None
    if idle is not None:
        if keep and idle[0] == base:
            return idle[1], True
        idle[1].close()
    parts = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=limit), False


_HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
    "transfer-encoding", "upgrade", "server", "date",
}  # fmt: skip


def _arm(connection: http.client.HTTPConnection, deadline: float) -> None:
    """Let the connection's next reads wait only until the request's deadline."""
    if connection.sock is not None:
        connection.sock.settimeout(max(deadline - time.monotonic(), 0.001))


def _stream(
    connection: http.client.HTTPConnection,
    answer: http.client.HTTPResponse,
    deadline: float,
    upstream: Upstream,
    generation: int,
    *,
    keep: bool = False,
) -> Iterator[bytes]:
    """The upstream answer in pieces as it comes (a large result is never held whole). Past the
    deadline the child is restarted, which stops the query, and the client's connection is cut, so a
    partial result can never pass for a complete one. A connection read to its end is kept for the
    thread's next query when `keep`."""
    done = False
    try:
        while True:
            _arm(connection, deadline)
            try:
                piece = answer.read1(1 << 16)
            except TimeoutError:
                upstream.restart(generation)
                raise _Overran("the answer ran over the time limit; the query was stopped") from None
            if not piece:
                done = True
                return
            yield piece
    finally:
        if done and keep and not answer.will_close:
            _POOL.idle = (f"http://{connection.host}:{connection.port}", connection)
        else:
            connection.close()


def _close(chunks: Iterator[bytes]) -> None:
    close = getattr(chunks, "close", None)
    if close is not None:
        close()


class _Front:
    """The waitress server in a thread, and its orderly stop."""

    def __init__(self, app: Proxy, host: str, port: int) -> None:
        from waitress.server import create_server

        self.server = create_server(
            app,
            host=host,
            port=port,
            threads=FRONT_THREADS,
            backlog=1024,
            connection_limit=256,
            channel_timeout=max(1, int(SOCKET_TIMEOUT_S)),
            cleanup_interval=max(1, int(SOCKET_TIMEOUT_S) // 2),  # how often silent clients are looked for
            max_request_body_size=MAX_BODY,
            ident="fupin-serve",
            clear_untrusted_proxy_headers=True,
        )
        self.port = self.server.effective_port
        self.thread = threading.Thread(target=self._run, name="fupin-serve", daemon=True)

    def _run(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # the loop ends when its sockets are closed
            self.server.run()

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Close the listening socket and every open connection; the loop then has nothing to watch."""
        self.server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)
        for channel in list(self.server._map.values()):
            with contextlib.suppress(OSError):
                channel.handle_close()
        self.server.close()
        self.thread.join(timeout=5)


@contextlib.contextmanager
def running(
    graph_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    token: str | None = None,
    allow_service: bool = False,
    timeout_s: float = QUERY_TIMEOUT_S,
    ask: Callable[[str], dict] | None = None,
    store: str = "auto",
) -> Iterator[str]:
    """The whole service while the block runs; yields the public base URL. Writes (with `writable`)
    need `token` as a bearer token; SERVICE is refused unless `allow_service`; a request that keeps
    the Oxigraph server busy over `timeout_s` seconds is stopped (503) by restarting it. The graph
    is held in the server's memory or in a RocksDB store as `store` says (see `in_memory`)."""
    source = Path(graph_path)
    memory = in_memory(source, writable=writable, store=store)
    with tempfile.TemporaryDirectory(prefix="fupin-serve-") as tmp:
        location = None if memory else Path(tmp) / "store"
        if location is not None:
            load_location(source, location)
        upstream = Upstream(location, writable=writable, timeout_s=timeout_s, source=source)
        upstream.start()
        try:
            front = Front(
                upstream=upstream,
                writable=writable,
                page=(web_folder() / "index.html").read_bytes(),
                examples=json.dumps(examples(), ensure_ascii=False).encode("utf-8"),
                token=token or secrets.token_urlsafe(24),
                allow_service=allow_service,
                timeout_s=timeout_s,
                ask=ask,
            )
            server = _Front(Proxy(front), host, port)
            front.hosts = _host_names(host, server.port)
            server.start()
            try:
                yield f"http://{host}:{server.port}"
            finally:
                server.stop()
        finally:
            upstream.stop()


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM ends the service like Ctrl-C, so the Oxigraph child is stopped and the temporary
    store removed (the default action killed this process alone and orphaned both)."""
    raise KeyboardInterrupt


def serve_forever(
    graph_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    allow_service: bool = False,
    timeout_s: float = QUERY_TIMEOUT_S,
    announce: Callable[[str], None] = print,
    ask: Callable[[str], dict] | None = None,
    store: str = "auto",
) -> None:
    """Run until Ctrl-C or SIGTERM, then stop the server and remove its temporary store."""
    token = secrets.token_urlsafe(24) if writable else ""
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with running(
            graph_path,
            host=host,
            port=port,
            writable=writable,
            token=token,
            allow_service=allow_service,
            timeout_s=timeout_s,
            ask=ask,
            store=store,
        ) as url:
            mode = ("read-write" if writable else "read-only") + (
                ", in memory" if in_memory(Path(graph_path), writable=writable, store=store) else ""
            )
            announce(f"Serving {graph_path} ({mode}) at {url}/  —  SPARQL endpoint {url}/query")
            if writable:
                announce(f"Write token: {token}  (send it as 'Authorization: Bearer {token}')")
            announce("Press Ctrl-C to stop.")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM, wherever it lands: the with blocks have cleaned up
        announce("Stopping.")
    finally:
        signal.signal(signal.SIGTERM, previous)
