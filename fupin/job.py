"""One input file's job: from the cache, or read, extracted (and cached), and optionally rendered.

The same job runs in the build's own process, in a pool worker (`fupin.parallel`) and on a Dask
worker (`fupin.distributed`), so it lives here, below all three: this module imports none of the
modules that schedule it, and they import it, which keeps the import graph one-way.

A job may also render the report's graph lines (`render`), so that with several workers the
rendering is done in parallel too and only the lines travel back to the writer.
"""

from __future__ import annotations

import gc
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from fupin.extract.facts import Document, DocumentFacts
from fupin.extract.read import Input, ReadError, read_document

if TYPE_CHECKING:
    from fupin.cache import BuildCache
    from fupin.extract.pipeline import ReportExtractor
    from fupin.graph.build import ReportRecords

Render = Callable[[DocumentFacts], "ReportRecords"]


@lru_cache(maxsize=1)
def default_extractor() -> ReportExtractor:
    """`fupin.extract.pipeline.default_extractor`, imported when first needed (spaCy's import is slow,
    and commands that never extract should not pay it).

    The cyclic garbage collector is paused while it loads: spaCy, jieba and the extractor's tables
    are hundreds of thousands of objects, none of them garbage, and the collector's passes over them
    were a tenth of the start-up. They are then moved into its oldest generation at once (`freeze`
    then `unfreeze` does that, by their documented meaning), where the frequent passes over the young
    generations do not walk them all again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        from fupin.extract.pipeline import default_extractor as shared

        extractor = shared()
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()
    return extractor


@dataclass
class FileOutcome:
    """What became of one input file: its facts (None on failure, with `error` the line to report,
    and for a cache hit counted but not decoded: `cached_or_read`), its cache key, whether the
    facts came from the cache, the seconds its extraction took, and its graph records when the job
    was asked to render them. `kinds` counts the facts by record type (Intervention, Observation …):
    it stays when a pool worker drops the facts of a rendered report that the build does not keep
    (`without_facts`), so only the records cross to the writer."""

    facts: DocumentFacts | None
    key: str | None
    cached: bool
    error: str | None = None
    seconds: float = 0.0
    notes: tuple[str, ...] = ()
    rendered: ReportRecords | None = None
    kinds: Counter[str] | None = None

    def __post_init__(self) -> None:
        if self.facts is not None and self.kinds is None:
            self.kinds = fact_kinds(type(f).__name__ for f in self.facts.facts)

    @property
    def failed(self) -> bool:
        return self.kinds is None

    def without_facts(self) -> FileOutcome:
        """This outcome less its facts when its records are rendered (they are all the writer needs)."""
        if self.rendered is not None:
            self.facts = None
        return self


def fact_kinds(record_types: Iterable[str]) -> Counter[str]:
    """Facts counted by kind (`Observation` …) from their record types' names (`ObservationFact` …)."""
    return Counter(name.removesuffix("Fact") for name in record_types)


def read_input(item: Input, max_bytes: int) -> Document:
    """The decoded document of one input, or the ReadError saying why there is none."""
    if item.error is not None:
        raise ReadError(item.path, item.error)
    return read_document(item.path, max_bytes=max_bytes, source=item.source)


def content_key(item: Input, max_bytes: int) -> str | None:
    """The cache key of a regular, non-empty file within the size limit; None for anything else, which
    `read_document` then reports with its reason."""
    from fupin.cache import facts_key
    from fupin.files import file_sha256

    if item.error is not None:
        return None
    try:
        info = item.path.stat()
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= max_bytes:
            return None
        return facts_key(item.source, file_sha256(item.path))
    except OSError:
        return None


def extract_one(document: Document, source: Path | str, render: Render | None = None) -> FileOutcome:
    """The facts of one decoded document, with extraction errors caught like read errors: a report
    that trips an extractor bug must cost that report, not the whole corpus."""
    started = time.perf_counter()
    try:
        facts = default_extractor().extract(document)
    except Exception as error:  # an extractor bug on unusual text: report the file, go on
        reason = f"extraction failed ({type(error).__name__}: {error})"
        return FileOutcome(None, None, cached=False, error=f"{source}: {reason}")
    seconds = time.perf_counter() - started
    outcome = FileOutcome(facts, None, cached=False, seconds=seconds, notes=document.notes)
    if render is not None:
        outcome.rendered = render(facts)
    return outcome


def cached_or_read(
    item: Input, max_bytes: int, cache: BuildCache | None, keep: bool = True
) -> FileOutcome | tuple[Document, str | None]:
    """The cached outcome of `item` when its key is in the cache, a failed outcome when it cannot be
    read, else its decoded Document (still to be extracted) and its cache key. A cached outcome is
    never rendered here: the build may find its graph file current and need no lines at all. Nor,
    unless `keep`, does it hold the facts: they are only counted (`BuildCache.fact_types`), and a
    build that needs them after all reads them back from the cache by the outcome's key."""
    key = content_key(item, max_bytes) if cache else None
    if cache and key:
        hit = _cache_hit(cache, key, keep)
        if hit is not None:
            return hit
    try:
        return read_input(item, max_bytes), key
    except ReadError as error:
        return FileOutcome(None, key, cached=False, error=str(error))


def _cache_hit(cache: BuildCache, key: str, keep: bool) -> FileOutcome | None:
    """The outcome of a cache hit, with its facts when `keep`, else with their counts alone."""
    if keep:
        facts = cache.get_facts(key)
        return None if facts is None else FileOutcome(facts, key, cached=True)
    types = cache.fact_types(key)
    return None if types is None else FileOutcome(None, key, cached=True, kinds=fact_kinds(types))


def finish(outcome: FileOutcome, key: str | None, cache: BuildCache | None) -> FileOutcome:
    """A fresh extraction's outcome with its cache key, its facts stored in the cache."""
    outcome.key = key
    if cache and key and outcome.facts is not None:
        cache.put_facts(key, outcome.facts)
    return outcome


def process_file(
    item: Input, max_bytes: int, cache: BuildCache | None, render: Render | None = None, keep: bool = True
) -> FileOutcome:
    """One file's facts, from the cache when its key is there (only counted unless `keep`, see
    `cached_or_read`), else read and extracted (and cached), its lines rendered with `render` when
    given."""
    found = cached_or_read(item, max_bytes, cache, keep)
    if isinstance(found, FileOutcome):
        return found
    document, key = found
    return finish(extract_one(document, item.path, render), key, cache)
