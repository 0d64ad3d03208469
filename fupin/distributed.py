"""Extraction on a Dask distributed cluster: `fupin build --scheduler tcp://HOST:8786`.

The main process walks the inputs, answers cache hits itself and reads each remaining file (so the
workers need no access to its disk); each decoded document is sent to the cluster, extracted there
and its fact records come back. At most `window` documents are in flight, so memory stays flat
however large the corpus, and outcomes are collected in input order, which keeps the graph
byte-identical to a plain build. Every worker process builds the extractor once (`default_extractor`
is cached per process) and keeps it for every later document.

Dask is an optional dependency: ``pip install 'fupin-kg[distributed]'``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from fupin.extract.facts import Document
from fupin.extract.read import Input
from fupin.job import FileOutcome, Render, cached_or_read, extract_one, finish

if TYPE_CHECKING:
    from fupin.cache import BuildCache

INSTALL_HINT = "distributed extraction needs Dask: pip install 'fupin-kg[distributed]'"
PER_THREAD = 4  # documents in flight per worker thread: keeps every worker busy between round trips
CONNECT_TIMEOUT_S = 30.0


class ClusterError(RuntimeError):
    """Dask is not installed, or the scheduler cannot be reached."""


def _client(address: str, timeout_s: float) -> Any:
    try:
        from distributed import Client
    except ImportError as error:
        raise ClusterError(INSTALL_HINT) from error
    try:
        return Client(address, timeout=f"{timeout_s}s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from error


def _threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def extract_remote(document: Document, source: str, render: Render | None = None) -> FileOutcome:
    """Runs on a worker: the facts of one document, and its lines when `render` is given (errors
    come back as a failed outcome)."""
    return extract_one(document, source, render)


def outcomes_on_cluster(
    paths: Iterable[Input],
    address: str,
    *,
    max_bytes: int,
    cache: BuildCache | None,
    window: int | None = None,
    timeout_s: float | None = None,
    render: Render | None = None,
    keep: bool = True,
) -> Iterator[tuple[Input, FileOutcome]]:
    """(input, outcome) of each input, in input order, extracted (and rendered with `render`) on the
    cluster at `address`; cache hits only counted unless `keep` (see `fupin.job.cached_or_read`).

    `window` caps the documents in flight (default: a few per worker thread)."""
    client = _client(address, timeout_s or CONNECT_TIMEOUT_S)
    try:
        limit = window or PER_THREAD * _threads(client)
        pending: deque[tuple[Input, Any, str | None]] = deque()
        for item in paths:
            found = cached_or_read(item, max_bytes, cache, keep)
            if isinstance(found, FileOutcome) and not pending:
                yield item, found
                continue
            if isinstance(found, FileOutcome):
                pending.append((item, found, None))
            else:
                document, key = found
                future = client.submit(extract_remote, document, str(item.path), render, pure=False)
                pending.append((item, future, key))
            while len(pending) > limit:
                yield _collect(pending.popleft(), cache)
        while pending:
            yield _collect(pending.popleft(), cache)
    finally:
        client.close()


def _collect(queued: tuple[Input, Any, str | None], cache: BuildCache | None) -> tuple[Input, FileOutcome]:
    """The outcome of one queued input: as it was (cache hit, unreadable) or the cluster's answer."""
    item, value, key = queued
    if isinstance(value, FileOutcome):
        return item, value
    return item, finish(value.result(), key, cache)
