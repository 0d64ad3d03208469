"""`fupin serve`: the Oxigraph server over a built graph, behind a small front that adds a query page.

Oxigraph's own server answers SPARQL (query, update, Graph Store) correctly and fast, but the page it
ships in the PyPI build misses its scripts. So the graph is loaded into an Oxigraph store in a
temporary folder, `oxigraph serve-read-only` (or `serve` when writes are asked for) answers on a
private loopback port, and a Python front on the public address serves the query page and examples
itself and passes every other request through unchanged. Nothing is fetched from the internet.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "fupin" / "web"
PASSED_HEADERS = ("Content-Type", "Accept", "Content-Length")
WRITE_PATHS = ("/update", "/store")


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
    location: Path | None, *, writable: bool = False, host: str = "127.0.0.1", port: int | None = None
) -> Iterator[str]:
    """A running Oxigraph server over `location` (None: an empty in-memory store, writable), with
    the union of all graphs as its default graph, as local queries see it; yields its base URL."""
    port = port or free_port(host)
    command = "serve" if writable or location is None else "serve-read-only"
    where = [] if location is None else ["--location", str(location)]
    process = subprocess.Popen(
        [oxigraph_binary(), command, *where, "--bind", f"{host}:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
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


def examples() -> list[dict[str, str]]:
    """The named queries, for the page's example list."""
    from fupin.graph.query import named_queries, resolve

    out = []
    for name, path in named_queries().items():
        title, sparql = resolve(path)
        out.append({"name": name, "title": title, "query": sparql})
    return out


@dataclass(frozen=True)
class Front:
    """What the front handler needs: the upstream server and whether writes pass."""

    upstream: str
    writable: bool
    page: bytes
    examples: bytes


def _handler(front: Front) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "fupin-serve"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: one line per request on a terminal is noise for a local tool."""

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _proxy(self) -> None:
            path = self.path.split("?", 1)[0]
            if not front.writable and (path.startswith(WRITE_PATHS) and self.command != "GET"):
                self._send(
                    403,
                    b"read-only: start `fupin serve --writable` to accept writes\n",
                    "text/plain; charset=utf-8",
                )
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {h: self.headers[h] for h in PASSED_HEADERS if self.headers.get(h)}
            request = urllib.request.Request(
                front.upstream + self.path, data=body, method=self.command, headers=headers
            )
            try:
                with urllib.request.urlopen(request, timeout=300) as answer:
                    status, content, kind = answer.status, answer.read(), answer.headers.get("Content-Type")
            except urllib.error.HTTPError as error:
                status, content, kind = error.code, error.read(), error.headers.get("Content-Type")
            except OSError as error:
                self._send(502, f"SPARQL server unavailable: {error}\n".encode(), "text/plain")
                return
            self._send(status, content, kind or "application/octet-stream")

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path in ("/", "/index.html"):
                self._send(200, front.page, "text/html; charset=utf-8")
            elif path == "/examples.json":
                self._send(200, front.examples, "application/json; charset=utf-8")
            else:
                self._proxy()

        do_HEAD = do_GET
        do_POST = do_PUT = do_DELETE = _proxy

    return Handler


@contextlib.contextmanager
def running(
    graph_path: str | Path, *, host: str = "127.0.0.1", port: int = 7878, writable: bool = False
) -> Iterator[str]:
    """The whole service while the block runs; yields the public base URL."""
    with tempfile.TemporaryDirectory(prefix="fupin-serve-") as tmp:
        location = Path(tmp) / "store"
        load_location(Path(graph_path), location)
        with oxigraph_server(location, writable=writable) as upstream:
            front = Front(
                upstream=upstream,
                writable=writable,
                page=(web_folder() / "index.html").read_bytes(),
                examples=json.dumps(examples(), ensure_ascii=False).encode("utf-8"),
            )
            httpd = ThreadingHTTPServer((host, port), _handler(front))
            httpd.daemon_threads = True
            thread = threading.Thread(target=httpd.serve_forever, name="fupin-serve", daemon=True)
            thread.start()
            try:
                yield f"http://{host}:{httpd.server_address[1]}"
            finally:
                httpd.shutdown()
                httpd.server_close()


def serve_forever(
    graph_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Run until Ctrl-C, then stop the server and remove its temporary store."""
    with running(graph_path, host=host, port=port, writable=writable) as url:
        mode = "read-write" if writable else "read-only"
        announce(f"Serving {graph_path} ({mode}) at {url}/  —  SPARQL endpoint {url}/query")
        announce("Press Ctrl-C to stop.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            announce("Stopping.")
