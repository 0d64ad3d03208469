"""Building a graph from report files, as a library call: read → extract → graph → write.

The command line and the benchmarks call `build_corpus`; it streams documents (one bad file never stops
the rest) and returns what happened, so callers decide how to report it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fupin import resources
from fupin.extract.facts import Document, DocumentFacts
from fupin.extract.read import ReadError, iter_inputs, read_document


@dataclass
class BuildResult:
    """What a build did: the facts per report, files that failed (one line each), triples and time."""

    documents: list[DocumentFacts] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    triples: int = 0
    output: Path | None = None
    seconds: float = 0.0

    def fact_counts(self) -> Counter[str]:
        """Facts by record type (Intervention, Observation …)."""
        return Counter(type(f).__name__.removesuffix("Fact") for d in self.documents for f in d.facts)


class FailFast(Exception):
    """Raised by `read_documents` on the first unreadable file when asked to stop there."""


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
            failures.append(str(error))
            if on_failure:
                on_failure(str(error))
            if fail_fast:
                raise FailFast(str(error)) from error


def extract_documents(documents: Iterable[Document]) -> Iterator[DocumentFacts]:
    """Facts of each document, with the extractor built once from the packaged ontology."""
    from fupin.extract.pipeline import ReportExtractor
    from fupin.graph.lexicon import load_lexicon

    extractor = ReportExtractor(load_lexicon())
    for document in documents:
        yield extractor.extract(document)


def build_corpus(
    paths: Sequence[Path],
    output: Path,
    *,
    min_confidence: float = 0.0,
    max_bytes: int = 50_000_000,
    fail_fast: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
    on_failure: Callable[[str], None] | None = None,
) -> BuildResult:
    """Read, extract, build and write the graph of `paths` to `output` (atomically)."""
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.store import write_graph

    started = time.perf_counter()
    result = BuildResult()
    documents = read_documents(
        paths, result.failures, max_bytes=max_bytes, fail_fast=fail_fast, on_failure=on_failure
    )
    facts = extract_documents(documents)
    result.documents = list(progress(facts) if progress else facts)
    dataset = build_dataset(result.documents, gazetteer=Gazetteer.load(), min_confidence=min_confidence)
    result.output = write_graph(dataset, output)
    result.triples = len(dataset)
    result.seconds = time.perf_counter() - started
    return result
