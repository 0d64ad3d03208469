"""Extraction in a pool of local processes: `fupin build --workers N`.

Extraction is CPU-bound Python (spaCy's char tokenizer, regexes, the extractors), so threads would
share one core; processes use them all. Each worker has the extractor once (forked with the
parent's, or built in its initializer) and is then handed file *paths*: it reads, extracts and
caches the file itself, so no text crosses a process boundary and only its results come back.
`Pool.imap` returns outcomes in input order, which keeps the graph byte-identical to a one-process
build, and the main process turns them into the graph as they arrive. A worker also renders each
fresh report's graph records (`render`), so rendering runs on every core too and the main process
only sorts and writes; a rendered report's facts stay in the worker unless the build keeps them.

On Linux workers are forked: they start in milliseconds and, unlike "spawn", need no
`if __name__ == "__main__"` guard in a script that calls `build_corpus(workers=…)`; the parent builds
the extractor just before, so the workers share one copy. The pool is created before any work, while
the parent holds no locks of ours; elsewhere "spawn" is used.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from multiprocessing import get_context
from multiprocessing.pool import Pool
from multiprocessing.util import Finalize
from pathlib import Path
from typing import TYPE_CHECKING

from fupin.extract.read import Input
from fupin.job import FileOutcome, Render, default_extractor, process_file

if TYPE_CHECKING:
    from fupin.cache import BuildCache
    from fupin.graph.writer import SortedLines

# Paths per task: each task costs the parent a round trip through the pool's handler threads (about
# 1 ms of its CPU: 2,000 reports at -j 2 cost the parent 4.1-4.7 CPU-s with 4, 3.6-3.8 with 16), and
# 16 reports are still only ~0.1 s of a worker's time, so the last tasks balance the load.
CHUNK = 16


def worker_count(workers: int) -> int:
    """`workers` as a process count: 0 means one per core this process may run on."""
    if workers < 0:
        raise ValueError(f"workers must be 0 (all cores) or more, not {workers}")
    if workers:
        return workers
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _warm_up() -> None:
    """The extractor, built and run once on the first bundled report: what it sets up on first use
    (the segmenter's dictionary, compiled patterns, caches) is then made once, here, and every forked
    worker inherits it instead of making its own."""
    from fupin.extract.read import read_document
    from fupin.resources import folder

    extractor = default_extractor()
    try:
        sample = min(folder("corpus").glob("*.txt"), default=None)
    except FileNotFoundError:  # an install without the sample corpus: the workers warm up themselves
        return
    if sample is not None:
        extractor.extract(read_document(sample))


_SINK: list[SortedLines] = []  # in a worker given a folder: its own sorted runs of records


def _start(spill_to: str | None = None, limit: int = 0) -> None:
    """A worker's set-up: the extractor (already there, warmed up, when forked), and with `spill_to`
    the worker's own `SortedLines`, whose runs go to the build's scratch folder: a rendered report's
    records then stay in the worker instead of crossing a pipe to the writer (pickling and copying
    ~60 kB a report cost the writer more than sorting them). Its last run is written as the worker
    exits, which `outcomes_in_pool` waits for."""
    default_extractor()
    if spill_to is not None:
        from fupin.graph.writer import SortedLines

        sink = SortedLines(Path(spill_to), limit)
        _SINK.append(sink)
        Finalize(None, sink.flush, exitpriority=10)


def _task(
    item: Input, *, max_bytes: int, cache: BuildCache | None, render: Render | None, keep: bool
) -> tuple[Input, FileOutcome]:
    outcome = process_file(item, max_bytes, cache, render, keep)
    if _SINK and outcome.rendered is not None:
        _SINK[0].add(outcome.rendered.records)
        outcome.rendered = dataclasses.replace(outcome.rendered, records=[])
    return item, outcome if keep else outcome.without_facts()


def _pool(count: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> Pool:
    """Forked workers on Linux, the extractor built and warmed up here first (`_warm_up`): building it
    (spaCy's import, the phrase matchers) and its first run cost two or three CPU-seconds, and forked
    workers share the parent's copy instead of each making its own. Spawned workers build theirs in
    `initializer`."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        _warm_up()
    return get_context(method).Pool(count, initializer=initializer, initargs=initargs)


def outcomes_in_pool(
    paths: Iterable[Input],
    workers: int,
    *,
    max_bytes: int,
    cache: BuildCache | None,
    render: Render | None = None,
    keep: bool = True,
    spill_to: Path | None = None,
) -> Iterator[tuple[Input, FileOutcome]]:
    """(input, outcome) of each input, in input order, extracted (and rendered with `render`) by
    `workers` processes (0: all cores). `keep` False sends back no facts of a rendered report, only
    its records and counts (`FileOutcome.without_facts`), nor of a cache hit, only its counts; with
    `spill_to` not even a rendered report's records: each worker sorts them into runs in that folder
    (`_start`), all written once the iterator is done.
    Closing the iterator early (a --fail-fast stop) terminates the pool."""
    from fupin.graph import writer

    count = worker_count(workers)
    task = partial(_task, max_bytes=max_bytes, cache=cache, render=render, keep=keep)
    folder = str(spill_to) if spill_to is not None and render is not None else None
    with _pool(count, initializer=_start, initargs=(folder, writer.SPILL_LINES // count)) as pool:
        yield from pool.imap(task, paths, chunksize=CHUNK)
        pool.close()
        pool.join()  # the workers exit, and write their last runs
