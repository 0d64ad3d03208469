"""Extraction throughput: characters and reports per second, one core and all cores.

The bundled reports are repeated (each copy under its own file name) until the corpus holds at least
--mb megabytes of UTF-8 text; the same documents are then extracted by one process and by a pool of one
process per core, each process building the spaCy pipeline once. Reading from disk is excluded: this
measures extraction (normalise → spaCy → extractors → fact records).

    .venv/bin/python bench/bench_extract.py [--mb 5] [--out bench/results/extract.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from multiprocessing import get_context
from pathlib import Path

from fupin import resources
from fupin.extract.facts import Document
from fupin.extract.read import read_document

_EXTRACTOR = None


def corpus(megabytes: float) -> list[Document]:
    """The bundled reports repeated to at least `megabytes` of UTF-8 text."""
    originals = [read_document(p) for p in sorted(resources.folder("corpus").glob("*.txt"))]
    docs: list[Document] = []
    size = 0
    while size < megabytes * 1_000_000:
        for original in originals:
            docs.append(Document(f"{len(docs):05d}_{original.source}", original.text, original.sha256))
            size += len(original.text.encode("utf-8"))
    return docs


def _init() -> None:
    global _EXTRACTOR
    from fupin.extract.pipeline import ReportExtractor
    from fupin.graph.lexicon import load_lexicon

    _EXTRACTOR = ReportExtractor(load_lexicon())


def _facts(doc: Document) -> int:
    return len(_EXTRACTOR.extract(doc).facts)


def run(docs: list[Document], workers: int) -> dict:
    """Extract all documents with `workers` processes; pipeline start-up is timed apart."""
    started = time.perf_counter()
    with get_context("fork").Pool(workers, initializer=_init) as pool:
        pool.map(_facts, docs[:workers], chunksize=1)
        ready = time.perf_counter()
        facts = sum(pool.map(_facts, docs, chunksize=max(1, len(docs) // (workers * 8))))
        done = time.perf_counter()
    chars = sum(len(d.text) for d in docs)
    seconds = done - ready
    return {
        "workers": workers, "reports": len(docs), "characters": chars, "facts": facts,
        "startup_s": round(ready - started, 2), "seconds": round(seconds, 2),
        "chars_per_s": round(chars / seconds), "reports_per_s": round(len(docs) / seconds, 1),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "extract.json")
    args = parser.parse_args()
    docs = corpus(args.mb)
    cores = os.cpu_count() or 1
    runs = [run(docs, 1)] + ([run(docs, cores)] if cores > 1 else [])
    result = {
        "machine": f"{platform.machine()}, {cores} cores, Python {platform.python_version()}",
        "megabytes_utf8": round(sum(len(d.text.encode("utf-8")) for d in docs) / 1e6, 2),
        "runs": runs,
        "speedup": round(runs[-1]["chars_per_s"] / runs[0]["chars_per_s"], 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    for r in runs:
        print(f"{r['workers']} worker(s): {r['chars_per_s']:,} chars/s, {r['reports_per_s']} reports/s "
              f"({r['reports']} reports, {r['characters']:,} chars, {r['seconds']} s)")  # fmt: skip
    print(f"speed-up {result['speedup']}x -> {args.out}")


if __name__ == "__main__":
    main()
