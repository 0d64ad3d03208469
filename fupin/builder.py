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
(`scheduler`, see `fupin.distributed`). Either way the outcomes come back in input order, so the graph
is the same bytes as a one-process build. Texts are read where they are extracted (a pool worker) or
sent through a bounded window (a cluster), so memory holds the small facts of every report but
never more than a few texts at once; N-Triples and N-Quads are rendered report by report too.
"""

from __future__ import annotations

import hashlib
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from fupin import resources
from fupin.extract.facts import Document, DocumentFacts
from fupin.extract.read import Input, ReadError, iter_sources, read_document

if TYPE_CHECKING:
    from fupin.cache import BuildCache
    from fupin.extract.pipeline import ReportExtractor


@dataclass
class BuildResult:
    """What a build did: the facts per report, files that failed (one line each), triples and time.

    `triples` counts the statements written (for .nq, quads: a triple in two graphs counts twice).
    `extracted` and `cached` count the files read afresh and those whose facts came from the cache;
    `written` is False when the output already held this build's graph. `timings` gives seconds per
    stage ("files", "graph", "write"). `notes` has one ``FILE: repair`` line per file that was read
    with damaged bytes replaced (its facts are kept)."""

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
    for item in iter_sources(list(input_paths(paths))):
        try:
            yield _read(item, max_bytes)
        except ReadError as error:
            _fail(str(error), failures, on_failure, fail_fast)


def _read(item: Input, max_bytes: int) -> Document:
    """The decoded document of one input, or the ReadError saying why there is none."""
    if item.error is not None:
        raise ReadError(item.path, item.error)
    return read_document(item.path, max_bytes=max_bytes, source=item.source)


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
    from fupin.extract.lexicon import load_lexicon  # the compiled file, read without RDF
    from fupin.extract.pipeline import ReportExtractor

    return ReportExtractor(load_lexicon())


def extract_documents(documents: Iterable[Document]) -> Iterator[DocumentFacts]:
    """Facts of each document, extracted with `default_extractor`."""
    for document in documents:
        yield default_extractor().extract(document)


def _content_key(item: Input, max_bytes: int) -> str | None:
    """The cache key of a regular, non-empty file within the size limit; None for anything else, which
    `read_document` then reports with its reason."""
    from fupin.cache import facts_key, file_sha256

    if item.error is not None:
        return None
    try:
        info = item.path.stat()
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= max_bytes:
            return None
        return facts_key(item.source, file_sha256(item.path))
    except OSError:
        return None


@dataclass
class FileOutcome:
    """What became of one input file: its facts (None on failure, with `error` the line to report),
    its cache key, whether the facts came from the cache, and the seconds its extraction took."""

    facts: DocumentFacts | None
    key: str | None
    cached: bool
    error: str | None = None
    seconds: float = 0.0
    notes: tuple[str, ...] = ()


def extract_one(document: Document, source: Path | str) -> FileOutcome:
    """The facts of one decoded document, with extraction errors caught like read errors: a report
    that trips an extractor bug must cost that report, not the whole corpus."""
    started = time.perf_counter()
    try:
        facts = default_extractor().extract(document)
    except Exception as error:  # an extractor bug on unusual text: report the file, go on
        reason = f"extraction failed ({type(error).__name__}: {error})"
        return FileOutcome(None, None, cached=False, error=f"{source}: {reason}")
    seconds = time.perf_counter() - started
    return FileOutcome(facts, None, cached=False, seconds=seconds, notes=document.notes)


def cached_or_read(
    item: Input, max_bytes: int, cache: BuildCache | None
) -> FileOutcome | tuple[Document, str | None]:
    """The cached outcome of `item` when its key is in the cache, a failed outcome when it cannot be
    read, else its decoded Document (still to be extracted) and its cache key."""
    key = _content_key(item, max_bytes) if cache else None
    if cache and key and (hit := cache.get_facts(key)) is not None:
        return FileOutcome(hit, key, cached=True)
    try:
        return _read(item, max_bytes), key
    except ReadError as error:
        return FileOutcome(None, key, cached=False, error=str(error))


def finish(outcome: FileOutcome, key: str | None, cache: BuildCache | None) -> FileOutcome:
    """A fresh extraction's outcome with its cache key, its facts stored in the cache."""
    outcome.key = key
    if cache and key and outcome.facts is not None:
        cache.put_facts(key, outcome.facts)
    return outcome


def process_file(item: Input, max_bytes: int, cache: BuildCache | None) -> FileOutcome:
    """One file's facts, from the cache when its key is there, else read and extracted (and cached)."""
    found = cached_or_read(item, max_bytes, cache)
    if isinstance(found, FileOutcome):
        return found
    document, key = found
    return finish(extract_one(document, item.path), key, cache)


def _outcomes(
    paths: Iterable[Input], max_bytes: int, cache: BuildCache | None, workers: int, scheduler: str | None
) -> Iterator[tuple[Path, FileOutcome]]:
    """(path, outcome) of every input in input order: in this process, in a pool of `workers`
    processes, or on the Dask cluster at `scheduler`."""
    if scheduler:
        from fupin.distributed import outcomes_on_cluster

        yield from outcomes_on_cluster(paths, scheduler, max_bytes=max_bytes, cache=cache)
    elif workers != 1:
        from fupin.parallel import outcomes_in_pool

        yield from outcomes_in_pool(paths, workers, max_bytes=max_bytes, cache=cache)
    else:
        for item in paths:
            yield item.path, process_file(item, max_bytes, cache)


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
) -> Iterator[tuple[DocumentFacts, str | None]]:
    """(facts, cache key) of every readable input, recording failures and counts in `result`."""
    inputs = iter_sources(list(input_paths(paths)))
    for path, outcome in _outcomes(inputs, max_bytes, cache, workers, scheduler):
        if outcome.facts is None:
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
        if on_file:
            how = "cached" if outcome.cached else f"extracted in {outcome.seconds:.2f} s"
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
    on_note: Callable[[str], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> BuildResult:
    """Read, extract, build and write the graph of `paths` to `output` (atomically: a build that
    fails or is killed leaves any previous `output` as it was, and so does one that read no report).

    `cache` None reads and extracts every file and always writes. `on_failure` hears each failure
    line as it happens, `on_file` one line per file read (for --verbose), `on_note` each repair.
    `workers` processes extract in parallel (0: one per core); `scheduler` is a Dask scheduler
    address to extract on instead. The output is the same bytes whichever way the facts were extracted."""
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
        on_note=on_note,
        workers=workers,
        scheduler=scheduler,
    )
    pairs = list(progress(items) if progress else items)
    result.documents = [facts for facts, _key in pairs]
    result.timings["files"] = time.perf_counter() - started
    if not pairs:  # a mistyped path or an empty folder must not replace a good graph with nothing
        result.seconds = time.perf_counter() - started
        return result
    keys = [key for _facts, key in pairs]
    key = _output_key(keys, fmt, min_confidence) if cache and all(keys) else None
    cached_triples = cache.output_triples(key, output) if cache and key else None
    if cached_triples is not None:
        result.triples = cached_triples
    else:
        _write(result, output, min_confidence, 1 if scheduler else workers)
        if cache and key:
            cache.record_output(key, output, result.triples, result.sha256)
    result.seconds = time.perf_counter() - started
    return result


def _output_key(keys: list[str | None], fmt: str, min_confidence: float) -> str:
    from fupin.cache import output_key

    return output_key([k for k in keys if k], fmt=fmt, options=f"min_confidence={min_confidence!r}")


def _write(result: BuildResult, output: Path, min_confidence: float, workers: int = 1) -> None:
    """Build the graph of `result.documents` and write it to `output`, timing both stages.

    Every format but JSON-LD is written from each graph's N-Triples lines, rendered report by report
    straight from the builder's terms (`document_lines`): no rdflib Dataset is built, which costs
    about 1 kB and 38 µs per triple. JSON-LD needs rdflib's serializer, so it gets the whole Dataset."""
    from fupin.graph.store import format_for

    if format_for(output) != "json-ld":
        _write_lines(result, output, min_confidence, workers)
        return
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.store import write_graph

    started = time.perf_counter()
    dataset = build_dataset(result.documents, gazetteer=Gazetteer.load(), min_confidence=min_confidence)
    result.timings["graph"] = time.perf_counter() - started
    started = time.perf_counter()
    digest = hashlib.sha256()
    result.output = write_graph(dataset, output, digest)
    result.sha256 = digest.hexdigest()
    result.timings["write"] = time.perf_counter() - started
    result.triples = len(dataset)
    result.written = True


def document_lines(doc: DocumentFacts, *, min_confidence: float) -> tuple[list[bytes], set[str]]:
    """The N-Triples lines of one report's named graph and the county codes it mentions.

    A pure function of the facts, so reports can be rendered in worker processes."""
    from fupin.graph.build import add_document
    from fupin.graph.writer import Triples, lines

    part = Triples()
    counties = add_document(part, doc, min_confidence=min_confidence)
    return lines(part), counties


def _default_lines(counties: set[str], documents: Sequence[DocumentFacts]) -> list[bytes]:
    """Lines of the default graph as `build_dataset` makes it: ontology, counties, provenance."""
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import add_county, add_provenance, report_iri
    from fupin.graph.writer import Triples, lines

    part = Triples()
    gazetteer = Gazetteer.load()
    for code in sorted(counties):
        add_county(part, code, gazetteer)
    add_provenance(part, {report_iri(doc.report.source, doc.report.sha256) for doc in documents})
    return [*_ontology_lines(), *lines(part)]


def _ontology_lines() -> list[bytes]:
    """The packaged ontology's lines (blank nodes relabelled canonically), once per process while its
    files are unchanged: canonical relabelling costs seconds and every build starts with it."""
    from fupin.resources import folder

    paths = sorted(folder("ontology").glob("*.ttl")) + sorted(folder("ontology").glob("links/*.ttl"))
    return list(_ontology_lines_of(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)))


@lru_cache(maxsize=2)
def _ontology_lines_of(stamp: tuple) -> tuple[bytes, ...]:
    from fupin.graph.build import load_ontology, stable_bnodes
    from fupin.graph.writer import lines

    return tuple(lines(stable_bnodes(load_ontology())))


def _rendered(
    documents: Sequence[DocumentFacts], min_confidence: float, workers: int
) -> Iterator[tuple[list[bytes], set[str]]]:
    render_one = partial(document_lines, min_confidence=min_confidence)
    if workers == 1:
        return map(render_one, documents)
    from fupin.parallel import map_in_pool

    return map_in_pool(render_one, documents, workers)


def _write_lines(result: BuildResult, output: Path, min_confidence: float, workers: int) -> None:
    """The graph from its parts: each report's lines, then the default graph's, given to
    `render_blocks`, which gives the same bytes `write_graph` gives for the whole dataset.
    Reports are rendered by `workers` processes: at 10^6 triples rendering costs as much as a third
    of the extraction, and it would otherwise be the part of a build that one core does alone."""
    from fupin.graph.build import report_iri
    from fupin.graph.store import format_for, render_blocks, write_atomically

    fmt = format_for(output)
    started = time.perf_counter()
    blocks: dict = {}
    counties: set[str] = set()
    rendered = _rendered(result.documents, min_confidence, workers)
    for doc, (part, mentioned) in zip(result.documents, rendered, strict=True):
        blocks.setdefault(report_iri(doc.report.source, doc.report.sha256), set()).update(part)
        counties |= mentioned
    blocks[None] = set(_default_lines(counties, result.documents))
    result.timings["graph"] = time.perf_counter() - started
    started = time.perf_counter()
    digest = hashlib.sha256()
    counted = _Counted(render_blocks(blocks, fmt), fmt)
    write_atomically(output, counted, digest)
    result.sha256 = digest.hexdigest()
    result.timings["write"] = time.perf_counter() - started
    result.output = output
    result.triples = counted.count if fmt in ("nt", "nquads") else _statements(blocks, fmt)
    result.written = True


class _Counted:
    """The chunks of a line-format file, counting its lines (its statements) as they are written."""

    def __init__(self, chunks: Iterable[bytes], fmt: str) -> None:
        self.chunks, self.count = chunks, 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.count += 1
            yield chunk


def _statements(blocks: dict, fmt: str) -> int:
    """Statements in a Turtle file (the union's triples) or a TriG file (the quads)."""
    if fmt == "turtle":
        return len(set().union(*blocks.values()))
    return sum(len(block) for block in blocks.values())
