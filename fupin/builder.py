"""Building a graph from report files, as a library call: read → extract → graph → write.

The command line and the benchmarks call `build_corpus`. It goes file by file, so one bad file never
stops the rest (unless asked to fail fast): every file that cannot be read or extracted becomes one
line ``FILE: reason`` in `BuildResult.failures`, and callers decide how to report it.

With a `BuildCache` a rebuild costs little: a file whose bytes (and the pipeline) are unchanged gives
its cached facts without being decoded, the extractor is only built if some file needs it, and when
the facts, options and format are all unchanged and the output file still holds what the last build
wrote, the graph is neither built nor written again. The output is always the same bytes whether it
came from cached or fresh facts, because the facts themselves are the same records.
"""

from __future__ import annotations

import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from fupin import resources
from fupin.extract.facts import Document, DocumentFacts
from fupin.extract.read import ReadError, iter_inputs, read_document

if TYPE_CHECKING:
    from fupin.cache import BuildCache
    from fupin.extract.pipeline import ReportExtractor


@dataclass
class BuildResult:
    """What a build did: the facts per report, files that failed (one line each), triples and time.

    `extracted` and `cached` count the files read afresh and those whose facts came from the cache;
    `written` is False when the output already held this build's graph. `timings` gives seconds per
    stage ("files", "graph", "write")."""

    documents: list[DocumentFacts] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    triples: int = 0
    output: Path | None = None
    seconds: float = 0.0
    extracted: int = 0
    cached: int = 0
    written: bool = False
    timings: dict[str, float] = field(default_factory=dict)

    def fact_counts(self) -> Counter[str]:
        """Facts by record type (Intervention, Observation …)."""
        return Counter(type(f).__name__.removesuffix("Fact") for d in self.documents for f in d.facts)


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
    for path in iter_inputs(list(input_paths(paths))):
        try:
            yield read_document(path, max_bytes=max_bytes)
        except ReadError as error:
            _fail(str(error), failures, on_failure, fail_fast)


def _fail(line: str, failures: list[str], on_failure: Callable[[str], None] | None, fail_fast: bool) -> None:
    failures.append(line)
    if on_failure:
        on_failure(line)
    if fail_fast:
        raise FailFast(line)


@lru_cache(maxsize=1)
def default_extractor() -> ReportExtractor:
    """The extractor built from the packaged ontology, once per process (building it takes longer
    than extracting a report, and it holds no per-document state)."""
    from fupin.extract.pipeline import ReportExtractor
    from fupin.graph.lexicon import load_lexicon

    return ReportExtractor(load_lexicon())


def extract_documents(documents: Iterable[Document]) -> Iterator[DocumentFacts]:
    """Facts of each document, extracted with `default_extractor`."""
    for document in documents:
        yield default_extractor().extract(document)


def _content_key(path: Path, max_bytes: int) -> str | None:
    """The cache key of a regular, non-empty file within the size limit; None for anything else, which
    `read_document` then reports with its reason."""
    from fupin.cache import facts_key, file_sha256

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= max_bytes:
            return None
        return facts_key(path.name, file_sha256(path))
    except OSError:
        return None


@dataclass
class _FileOutcome:
    facts: DocumentFacts | None
    key: str | None
    cached: bool
    error: str | None = None


def _process(path: Path, max_bytes: int, cache: BuildCache | None) -> _FileOutcome:
    """One file's facts, from the cache when its key is there, else read and extracted (and cached).

    Extraction errors are caught like read errors: a report that trips an extractor bug must cost
    that report, not the whole corpus."""
    key = _content_key(path, max_bytes) if cache else None
    if cache and key and (hit := cache.get_facts(key)) is not None:
        return _FileOutcome(hit, key, cached=True)
    try:
        document = read_document(path, max_bytes=max_bytes)
    except ReadError as error:
        return _FileOutcome(None, key, cached=False, error=str(error))
    try:
        facts = default_extractor().extract(document)
    except Exception as error:  # an extractor bug on unusual text: report the file, go on
        reason = f"extraction failed ({type(error).__name__}: {error})"
        return _FileOutcome(None, key, cached=False, error=f"{path}: {reason}")
    if cache and key:
        cache.put_facts(key, facts)
    return _FileOutcome(facts, key, cached=False)


def _extract_all(
    paths: Sequence[Path],
    result: BuildResult,
    *,
    max_bytes: int,
    fail_fast: bool,
    cache: BuildCache | None,
    on_failure: Callable[[str], None] | None,
    on_file: Callable[[str], None] | None,
) -> Iterator[tuple[DocumentFacts, str | None]]:
    """(facts, cache key) of every readable input, recording failures and counts in `result`."""
    for path in iter_inputs(list(input_paths(paths))):
        started = time.perf_counter()
        outcome = _process(Path(path), max_bytes, cache)
        if outcome.facts is None:
            _fail(outcome.error or f"{path}: unknown failure", result.failures, on_failure, fail_fast)
            continue
        if outcome.cached:
            result.cached += 1
        else:
            result.extracted += 1
        if on_file:
            how = "cached" if outcome.cached else f"extracted in {time.perf_counter() - started:.2f} s"
            on_file(f"{path}: {len(outcome.facts.facts)} facts ({how})")
        yield outcome.facts, outcome.key


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
) -> BuildResult:
    """Read, extract, build and write the graph of `paths` to `output` (atomically: a build that
    fails or is killed leaves any previous `output` as it was).

    `cache` None reads and extracts every file and always writes. `on_failure` hears each failure
    line as it happens, `on_file` one line per file read (for --verbose)."""
    from fupin.graph.store import format_for

    output = Path(output)
    fmt = format_for(output)  # an unknown suffix fails before any work is done
    started = time.perf_counter()
    result = BuildResult(output=output)
    items = _extract_all(
        paths,
        result,
        max_bytes=max_bytes,
        fail_fast=fail_fast,
        cache=cache,
        on_failure=on_failure,
        on_file=on_file,
    )
    pairs = list(progress(items) if progress else items)
    result.documents = [facts for facts, _key in pairs]
    result.timings["files"] = time.perf_counter() - started
    keys = [key for _facts, key in pairs]
    key = _output_key(keys, fmt, min_confidence) if cache and all(keys) else None
    cached_triples = cache.output_triples(key, output) if cache and key else None
    if cached_triples is not None:
        result.triples = cached_triples
    else:
        _write(result, output, min_confidence)
        if cache and key:
            cache.record_output(key, output, result.triples)
    result.seconds = time.perf_counter() - started
    return result


def _output_key(keys: list[str | None], fmt: str, min_confidence: float) -> str:
    from fupin.cache import output_key

    return output_key([k for k in keys if k], fmt=fmt, options=f"min_confidence={min_confidence!r}")


def _write(result: BuildResult, output: Path, min_confidence: float) -> None:
    """Build the dataset of `result.documents` and write it to `output`, timing both stages."""
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.store import write_graph

    started = time.perf_counter()
    dataset = build_dataset(result.documents, gazetteer=Gazetteer.load(), min_confidence=min_confidence)
    result.timings["graph"] = time.perf_counter() - started
    started = time.perf_counter()
    result.output = write_graph(dataset, output)
    result.timings["write"] = time.perf_counter() - started
    result.triples = len(dataset)
    result.written = True
