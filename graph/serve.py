"""`fupin serve`: the Oxigraph server over a built graph, behind a small front that adds a query page.

Oxigraph's own server answers SPARQL (query, update, Graph Store) correctly and fast, but the page it
ships in the PyPI build misses its scripts. So the graph is loaded into an Oxigraph store in a
temporary folder, `oxigraph serve-read-only` (or `serve` when writes are asked for) answers on a
private loopback port, and a Python front on the public address serves the query page and examples
itself and passes every other request through unchanged. Nothing is fetched from the internet.
"""

from __future__ import annotations

import contextlib
import ctypes
import hmac
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "fupin" / "web"
PASSED_HEADERS = ("Content-Type", "Accept", "Content-Length")
WRITE_PATHS = ("/update", "/store")
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
QUERY_TIMEOUT_S = 30.0  # what the Oxigraph server may spend on one query before it gives up
MAX_BODY = 64 * 1024 * 1024  # request bodies over this are refused (413), never read
SOCKET_TIMEOUT_S = 30.0  # a client that sends nothing for this long is dropped
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
    the union of all graphs as its default graph, as local queries see it; yields its base URL.
    `timeout_s` bounds each query on the server itself, so an abandoned heavy query stops there. The
    child dies with this process, even if it is killed (PR_SET_PDEATHSIG)."""
    port = port or free_port(host)
    command = "serve" if writable or location is None else "serve-read-only"
    where = [] if location is None else ["--location", str(location)]
    limit = ["--timeout-s", str(max(1, round(timeout_s)))] if timeout_s else []
    process = subprocess.Popen(
        [oxigraph_binary(), command, *where, "--bind", f"{host}:{port}", "--union-default-graph", *limit],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    base = f"http://{host}:{port}"
    try:
        wait_for(f"{base}/query?query=ASK%7B%7D", process=process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def _die_with_parent() -> None:
    """In the child before exec: be sent SIGTERM when the parent dies, however it dies."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def examples() -> list[dict[str, str]]:
    """The named queries, for the page's example list."""
    from fupin.graph.query import named_queries, resolve

    out = []
    for name, path in named_queries().items():
        title, sparql = resolve(path)
        out.append({"name": name, "title": title, "query": sparql})
    return out


@dataclass
class Front:
    """What the front handler needs: the upstream server, whether writes pass and with which token,
    whether SERVICE may send requests out, the Host names it answers to (filled in once bound), and
    what turns a question into SPARQL for the ask box (given by the caller: graph/ knows no lexicon)."""

    upstream: str
    writable: bool
    page: bytes
    examples: bytes
    token: str = ""
    allow_service: bool = False
    hosts: set[str] = field(default_factory=set)
    ask: Callable[[str], dict] | None = None


def _host_names(host: str, port: int) -> set[str]:
    """The Host headers a browser sends for this server: its address and, on loopback, the loopback
    names. Any other Host is a DNS-rebinding page speaking to a local server."""
    names = {host, "localhost", "127.0.0.1", "[::1]"} if host in LOOPBACK else {host}
    return {f"{name}:{port}" for name in names} | ({f"{host}"} if port == 80 else set())


def _query_text(command: str, target: str, kind: str, body: bytes | None) -> str:
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


def _handler(front: Front) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "fupin-serve"
        timeout = SOCKET_TIMEOUT_S

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: one line per request on a terminal is noise for a local tool."""

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _refuse(self, status: int, reason: str) -> None:
            self.close_connection = True
            self._send(status, (reason + "\n").encode("utf-8"), "text/plain; charset=utf-8")

        def _refusal(self, write: bool) -> tuple[int, str] | None:
            """Why this request must not reach the store, before its body is read."""
            if front.hosts and self.headers.get("Host", "") not in front.hosts:
                return 421, "unknown Host header: this server answers only to its own address"
            origin = self.headers.get("Origin")
            if self.command not in ("GET", "HEAD") and origin and origin != f"http://{self.headers['Host']}":
                return 403, f"cross-origin request from {origin} refused"
            if write and not front.writable:
                return 403, "read-only: start `fupin serve --writable` to accept writes"
            given = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            if write and not hmac.compare_digest(given.encode(), front.token.encode()):
                return 401, "writes need the token printed at start-up: Authorization: Bearer TOKEN"
            return None

        def _body(self) -> bytes | None:
            """The request body, or None after answering 400/413 for a bad or oversized length."""
            raw = self.headers.get("Content-Length") or "0"
            if not raw.isdigit():
                self._refuse(400, f"bad Content-Length: {raw[:40]!r}")
                return None
            if int(raw) > MAX_BODY:
                self._refuse(413, f"request body over {MAX_BODY // (1024 * 1024)} MB")
                return None
            return self.rfile.read(int(raw)) if int(raw) else b""

        def _proxy(self) -> None:
            path = self.path.split("?", 1)[0]
            refusal = self._refusal(path.startswith(WRITE_PATHS) and self.command != "GET")
            if refusal:
                self._refuse(*refusal)
                return
            body = self._body()
            if body is None:
                return
            kind = self.headers.get("Content-Type", "")
            if not front.allow_service and uses_service(_query_text(self.command, self.path, kind, body)):
                self._refuse(403, "SERVICE is refused: start `fupin serve --allow-service` to allow it")
                return
            headers = {h: self.headers[h] for h in PASSED_HEADERS if self.headers.get(h)}
            request = urllib.request.Request(
                front.upstream + self.path, data=body or None, method=self.command, headers=headers
            )
            try:
                with urllib.request.urlopen(request, timeout=QUERY_TIMEOUT_S + 30) as answer:
                    status, content, kind = answer.status, answer.read(), answer.headers.get("Content-Type")
            except urllib.error.HTTPError as error:
                status, content, kind = error.code, error.read(), error.headers.get("Content-Type")
            except OSError as error:
                self._send(502, f"SPARQL server unavailable: {error}\n".encode(), "text/plain")
                return
            self._send(status, content, kind or "application/octet-stream")

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if front.hosts and self.headers.get("Host", "") not in front.hosts:
                self._refuse(421, "unknown Host header: this server answers only to its own address")
            elif path in ("/", "/index.html"):
                self._send(200, front.page, "text/html; charset=utf-8")
            elif path == "/examples.json":
                self._send(200, front.examples, "application/json; charset=utf-8")
            elif path == "/ask" and front.ask is not None:
                self._ask()
            else:
                self._proxy()

        def _ask(self) -> None:
            """GET /ask?q=QUESTION: the question's SPARQL (with its parameters) as JSON; nothing runs."""
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            question = (query.get("q") or [""])[0][:1000]
            body = json.dumps(front.ask(question), ensure_ascii=False).encode("utf-8")
            self._send(200, body, "application/json; charset=utf-8")

        do_HEAD = do_GET
        do_POST = do_PUT = do_DELETE = _proxy

    return Handler


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # 5 (the default) overflowed under 16 clients
    daemon_threads = True


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
) -> Iterator[str]:
    """The whole service while the block runs; yields the public base URL. Writes (with `writable`)
    need `token` as a bearer token; SERVICE is refused unless `allow_service`; each query may take
    `timeout_s` seconds on the Oxigraph server."""
    with tempfile.TemporaryDirectory(prefix="fupin-serve-") as tmp:
        location = Path(tmp) / "store"
        load_location(Path(graph_path), location)
        with oxigraph_server(location, writable=writable, timeout_s=timeout_s) as upstream:
            front = Front(
                upstream=upstream,
                writable=writable,
                page=(web_folder() / "index.html").read_bytes(),
                examples=json.dumps(examples(), ensure_ascii=False).encode("utf-8"),
                token=token or secrets.token_urlsafe(24),
                allow_service=allow_service,
                ask=ask,
            )
            httpd = _Server((host, port), _handler(front))
            front.hosts = _host_names(host, httpd.server_address[1])
            thread = threading.Thread(target=httpd.serve_forever, name="fupin-serve", daemon=True)
            thread.start()
            try:
                yield f"http://{host}:{httpd.server_address[1]}"
            finally:
                httpd.shutdown()
                httpd.server_close()


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
        ) as url:
            mode = "read-write" if writable else "read-only"
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
