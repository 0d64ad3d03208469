"""Building a graph from report files, as a library call: read → extract → graph → write.

The command line and the benchmarks call `build_corpus`. It goes file by file, so one bad file never
stops the rest (unless asked to fail fast): every file that cannot be read or extracted becomes one
line ``FILE: reason`` in `BuildResult.failures`, and callers decide how to report it.

With a `BuildCache` a rebuild costs little: a file whose bytes (and the pipeline) are unchanged gives
its cached facts without being decoded, the extractor is only built if some file needs it, and when
the facts, options and format are all unchanged and the output file still holds what the last build
wrote, the graph is neither built nor written again. The output is always the same bytes whether it
came from cached or fresh facts, because the facts themselves are the same records.

Extraction can run in several local processes (`workers`, see `fupin.parallel`) or on a Dask cluster
(`scheduler`, see `fupin.distributed`); one file's job is `fupin.job`. Either way the outcomes come
back in input order, so the graph is the same bytes as a one-process build.

The build streams: each report's graph lines are rendered where it was extracted and go to disk in
sorted runs (`fupin.graph.writer.SortedLines`; a pool worker sorts its own reports' into runs of its
own), merged into the output file at the end, so memory is flat in the number of reports. What a
build keeps of every report is its IRI and its county codes, the default graph's inputs
(`fupin.graph.build.add_default_graph`); its facts only when asked (`keep_documents`, the library
default). JSON-LD, whose writer is rdflib's, still holds the whole dataset.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fupin import resources
from fupin.extract.facts import Document, DocumentFacts
from fupin.extract.read import Input, ReadError, iter_sources
from fupin.files import locked_folder
from fupin.job import FileOutcome, Render, default_extractor, process_file, read_input
from fupin.sources import write_sources

if TYPE_CHECKING:
    from fupin.cache import BuildCache
    from fupin.graph.build import ReportRecords

__all__ = ["BuildResult", "FailFast", "build_corpus", "default_extractor"]


@dataclass
class BuildResult:
    """What a build did: the reports and their facts, files that failed (one line each), triples, time.

    `reports` counts the reports read and `facts` their fact records by type; `documents` holds
    their facts only when the build was asked to keep them. `triples` counts the statements written
    (for .nq, quads: a triple in two graphs counts twice). `extracted` and `cached` count the files
    read afresh and those whose facts came from the cache; `written` is False when the output
    already held this build's graph. `timings` gives seconds per stage ("files", "graph", "write").
    `sha256` is the hash of the bytes written when a cache recorded it, else "". `notes` has one
    ``FILE: repair`` line per file that was read with damaged bytes replaced (its facts are kept)."""

    documents: list[DocumentFacts] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    triples: int = 0
    output: Path | None = None
    seconds: float = 0.0
    extracted: int = 0
    cached: int = 0
    written: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    sha256: str = ""
    reports: int = 0
    facts: Counter[str] = field(default_factory=Counter)

    def fact_counts(self) -> Counter[str]:
        """Facts by record type (Intervention, Observation …)."""
        return Counter(self.facts)

    def count(self, outcome: FileOutcome, keep: bool) -> None:
        self.reports += 1
        self.facts.update(outcome.kinds or ())
        if keep and outcome.facts is not None:
            self.documents.append(outcome.facts)


class FailFast(Exception):
    """Raised on the first file that cannot be read or extracted when asked to stop there."""


def input_paths(paths: Sequence[Path]) -> tuple[Path, ...]:
    """The paths to read: those given, or the bundled sample corpus."""
    return tuple(paths) or (resources.folder("corpus"),)


def read_documents(
    paths: Sequence[Path],
    failures: list[str],
    *,
    max_bytes: int = 50_000_000,
    fail_fast: bool = False,
    on_failure: Callable[[str], None] | None = None,
) -> Iterator[Document]:
    """Decoded documents of `paths`; each unreadable file adds one line to `failures`."""
    for item in iter_sources(list(input_paths(paths))):
        try:
            yield read_input(item, max_bytes)
        except ReadError as error:
            _fail(str(error), failures, on_failure, fail_fast)


def _fail(line: str, failures: list[str], on_failure: Callable[[str], None] | None, fail_fast: bool) -> None:
    failures.append(line)
    if on_failure:
        on_failure(line)
    if fail_fast:
        raise FailFast(line)


def extract_documents(documents: Iterable[Document]) -> Iterator[DocumentFacts]:
    """Facts of each document, extracted with `default_extractor`."""
    for document in documents:
        yield default_extractor().extract(document)


def _outcomes(
    paths: Iterable[Input],
    max_bytes: int,
    cache: BuildCache | None,
    workers: int,
    scheduler: str | None,
    render: Render | None,
    keep: bool = True,
    spill_to: Path | None = None,
) -> Iterator[tuple[Input, FileOutcome]]:
    """(input, outcome) of every input in input order: in this process, in a pool of `workers`
    processes, or on the Dask cluster at `scheduler`; fresh reports rendered with `render`, a pool's
    without their facts unless `keep` (and cache hits only counted unless `keep`), and their records
    sorted into runs in `spill_to` if given."""
    if scheduler:
        from fupin.distributed import outcomes_on_cluster

        yield from outcomes_on_cluster(
            paths, scheduler, max_bytes=max_bytes, cache=cache, render=render, keep=keep
        )
    elif workers != 1:
        from fupin.parallel import outcomes_in_pool

        yield from outcomes_in_pool(
            paths, workers, max_bytes=max_bytes, cache=cache, render=render, keep=keep, spill_to=spill_to
        )
    else:
        for item in paths:
            yield item, process_file(item, max_bytes, cache, render, keep)


def _extract_all(
    paths: Sequence[Path],
    result: BuildResult,
    *,
    max_bytes: int,
    fail_fast: bool,
    cache: BuildCache | None,
    on_failure: Callable[[str], None] | None,
    on_file: Callable[[str], None] | None,
    on_note: Callable[[str], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    render: Render | None = None,
    keep: bool = True,
    spill_to: Path | None = None,
    walked: list[Input] | None = None,
) -> Iterator[tuple[Input, FileOutcome]]:
    """(input, outcome) of every readable input, recording failures and counts in `result`, and
    every input the walk gave in `walked` when it is given (the sources sidecar lists them)."""
    inputs = iter_sources(list(input_paths(paths)))
    if walked is not None:
        inputs = _recorded(inputs, walked)
    for item, outcome in _outcomes(inputs, max_bytes, cache, workers, scheduler, render, keep, spill_to):
        path = item.path
        if outcome.failed:
            _fail(outcome.error or f"{path}: unknown failure", result.failures, on_failure, fail_fast)
            continue
        for note in outcome.notes:
            result.notes.append(f"{path}: {note}")
            if on_note:
                on_note(result.notes[-1])
        if outcome.cached:
            result.cached += 1
        else:
            result.extracted += 1
        result.count(outcome, keep)
        if on_file:
            how = "cached" if outcome.cached else f"extracted in {outcome.seconds:.2f} s"
            on_file(f"{path}: {sum((outcome.kinds or {}).values())} facts ({how})")
        yield item, outcome


def _recorded(inputs: Iterable[Input], into: list[Input]) -> Iterator[Input]:
    """`inputs`, each also appended to `into` as it is taken (by this process or a pool's feeder)."""
    for item in inputs:
        into.append(item)
        yield item


def build_corpus(
    paths: Sequence[Path],
    output: Path,
    *,
    min_confidence: float = 0.0,
    max_bytes: int = 50_000_000,
    fail_fast: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
    on_failure: Callable[[str], None] | None = None,
    cache: BuildCache | None = None,
    on_file: Callable[[str], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    keep_documents: bool = True,
) -> BuildResult:
    """Read, extract, build and write the graph of `paths` to `output` (atomically: a build that
    fails or is killed leaves any previous `output` as it was, and so does one that read no report).

    `cache` None reads and extracts every file and always writes. `on_failure` hears each failure
    line as it happens, `on_file` one line per file read (for --verbose), `on_note` each repair.
    `workers` processes extract in parallel (0: one per core); `scheduler` is a Dask scheduler
    address to extract on instead. The output is the same bytes whichever way the facts were
    extracted. `keep_documents` False keeps no facts in `BuildResult.documents` (a large build's
    memory then stays flat; JSON-LD output keeps them anyway)."""
    from fupin.graph.formats import format_for

    output = Path(output)
    fmt = format_for(output)  # an unknown suffix fails before any work is done
    started = time.perf_counter()
    result = BuildResult(output=output)
    walked: list[Input] = []
    with _GraphStream(output, fmt, min_confidence, cache, max_bytes) as graph:
        items = _extract_all(
            paths,
            result,
            max_bytes=max_bytes,
            fail_fast=fail_fast,
            cache=cache,
            on_failure=on_failure,
            on_file=on_file,
            on_note=on_note,
            workers=workers,
            scheduler=scheduler,
            render=graph.render if graph.lines_based else None,
            keep=keep_documents or not graph.lines_based,
            spill_to=graph.folder() if graph.lines_based and workers != 1 and not scheduler else None,
            walked=walked,
        )
        key = _OutputKey(cache, fmt, min_confidence)
        for item, outcome in progress(items) if progress else items:
            key.add(outcome.key)
            graph.add(item, outcome)
        result.timings["files"] = time.perf_counter() - started
        if result.reports:  # a mistyped path or an empty folder must not replace a good graph with nothing
            _write_unless_current(result, graph, key.value(), min_confidence)
            write_sources(output, input_paths(paths), walked)
    result.seconds = time.perf_counter() - started
    return result


class _OutputKey:
    """The cache key of the output (`fupin.cache.output_key`), taken as facts keys arrive; None when
    there is no cache or some file has no key (it could not be cached)."""

    def __init__(self, cache: BuildCache | None, fmt: str, min_confidence: float) -> None:
        from fupin.cache import OutputKey

        self.key = OutputKey(fmt=fmt, options=f"min_confidence={min_confidence!r}") if cache else None

    def add(self, key: str | None) -> None:
        if self.key is not None and key is None:
            self.key = None
        elif self.key is not None and key is not None:
            self.key.add(key)

    def value(self) -> str | None:
        return self.key.hexdigest() if self.key is not None else None


def _write_unless_current(
    result: BuildResult, graph: _GraphStream, key: str | None, min_confidence: float
) -> None:
    """Write the graph, unless the cache says `output` already holds this build's graph. The bytes
    written are hashed only for the cache to record (`BuildResult.sha256`): a build without one
    takes no hash."""
    output = result.output
    assert output is not None
    cache = graph.cache
    if cache and key and (cached_triples := cache.output_triples(key, output)) is not None:
        result.triples = cached_triples
        return
    digest = hashlib.sha256() if cache and key else None
    if graph.lines_based:
        graph.write(result, digest)
    else:
        _write_dataset(result, output, min_confidence, digest)
    if cache and key and digest is not None:
        result.sha256 = digest.hexdigest()
        cache.record_output(key, output, result.triples, result.sha256)


def _write_dataset(result: BuildResult, output: Path, min_confidence: float, digest: Any = None) -> None:
    """JSON-LD: the whole rdflib Dataset of `result.documents`, written by rdflib's serializer (and
    fed to `digest` when given)."""
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.store import write_graph

    started = time.perf_counter()
    dataset = build_dataset(result.documents, gazetteer=Gazetteer.load(), min_confidence=min_confidence)
    result.timings["graph"] = time.perf_counter() - started
    started = time.perf_counter()
    result.output = write_graph(dataset, output, digest)
    result.timings["write"] = time.perf_counter() - started
    result.triples = len(dataset)
    result.written = True


def _render(facts: DocumentFacts, *, min_confidence: float, fmt: str) -> ReportRecords:
    """`fupin.graph.build.report_records`, imported on the first report rendered: a rebuild whose
    output is current renders none, and so imports neither the graph builder nor rdflib."""
    from fupin.graph.build import report_records

    return report_records(facts, min_confidence=min_confidence, fmt=fmt)


class _GraphStream:
    """A build's graph as its reports arrive: each report's lines go to sorted runs on disk, and only
    its IRI and county codes stay in memory (the default graph's inputs).

    With a cache, reports whose facts came from it are not rendered while every report so far did:
    the output may turn out current, and then nothing is rendered at all. The first fresh report, or
    the write, renders them (their facts read back from the cache). The scratch folder beside the
    output (runs, and the Turtle/TriG lines) is locked while the build runs and removed after it.
    `extra` keeps, by report, how many lines its records hold beyond one each: a record of several
    lines is a node only that report states anything of, so the file holds it once per report (a
    report read twice, from two folders, is one) and the statements are the records plus these."""

    def __init__(
        self, output: Path, fmt: str, min_confidence: float, cache: BuildCache | None, max_bytes: int
    ) -> None:
        self.output, self.fmt, self.cache, self.max_bytes = output, fmt, cache, max_bytes
        self.lines_based = fmt != "json-ld"
        self.render = partial(_render, min_confidence=min_confidence, fmt=fmt)
        self.counties: set[str] = set()
        self.reports: set = set()
        self.extra: dict[str, int] = {}
        self._deferred: list[tuple[Input, str]] | None = [] if cache else None
        self._folder: Path | None = None
        self._lock: int | None = None
        self._sorted = None

    def __enter__(self) -> _GraphStream:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)

    def folder(self) -> Path:
        """The scratch folder, made on first use (a build that reads nothing leaves nothing behind)."""
        if self._folder is None:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self._folder, self._lock = locked_folder(self.output.parent, f".{self.output.name}.", ".tmp")
        return self._folder

    def add(self, item: Input, outcome: FileOutcome) -> None:
        if not self.lines_based or outcome.failed:
            return
        if self._deferred is not None and outcome.cached and outcome.key:
            self._deferred.append((item, outcome.key))
            return
        self._catch_up()
        facts = outcome.facts
        if facts is None and outcome.rendered is None:  # a cache hit counted, not decoded
            facts = self._cached_facts(item, outcome.key)
        self._add(facts, outcome.rendered)

    def _catch_up(self) -> None:
        """Render the reports deferred as cache hits, their facts read back from the cache."""
        deferred, self._deferred = self._deferred or [], None
        for item, key in deferred:
            self._add(self._cached_facts(item, key), None)

    def _cached_facts(self, item: Input, key: str | None) -> DocumentFacts:
        """A cache hit's facts, read back from the cache by its key, or extracted again when the
        entry has gone since (a cache cleared mid-build)."""
        facts = self.cache.get_facts(key) if self.cache and key else None
        if facts is None:
            facts = process_file(item, self.max_bytes, None).facts
        if facts is None:
            raise RuntimeError(f"{item.path} could be read a moment ago and no longer can")
        return facts

    def _add(self, facts: DocumentFacts | None, rendered: ReportRecords | None) -> None:
        from rdflib import URIRef

        from fupin.graph.writer import SortedLines

        if rendered is None:
            assert facts is not None
            rendered = self.render(facts)
        self.reports.add(URIRef(rendered.report))
        self.extra[rendered.report] = rendered.extra
        self.counties |= rendered.counties
        if self._sorted is None:
            self._sorted = SortedLines(self.folder())
        self._sorted.add(rendered.records)

    def write(self, result: BuildResult, digest: Any = None) -> None:
        """The default graph's lines joined to the reports', merged and written to the output (and
        fed to `digest` when given)."""
        from fupin.extract.gazetteer import Gazetteer
        from fupin.files import write_atomically
        from fupin.graph.build import default_lines
        from fupin.graph.writer import records, streamed_file

        started = time.perf_counter()
        self._catch_up()
        assert self._sorted is not None
        self._sorted.adopt(self.folder())  # the pool workers' runs
        self._sorted.add(
            records(default_lines(self.counties, self.reports, Gazetteer.load()), None, self.fmt)
        )
        result.timings["graph"] = time.perf_counter() - started
        started = time.perf_counter()
        counted = _Counted(self._sorted.blocks())
        write_atomically(self.output, streamed_file(counted, self.fmt, self.folder()), digest)
        result.timings["write"] = time.perf_counter() - started
        result.triples = counted.count + sum(self.extra.values())
        result.written = True


class _Counted:
    """The sorted, unique records of a graph file, in blocks, counted as they are written: its
    statements less the lines a record holds beyond its first (`_GraphStream.extra`)."""

    def __init__(self, blocks: Iterable[list[bytes]]) -> None:
        self.blocks, self.count = blocks, 0

    def __iter__(self) -> Iterator[list[bytes]]:
        for block in self.blocks:
            self.count += len(block)
            yield block
