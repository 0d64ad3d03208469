"""Extraction throughput: characters and reports per second, one core and all cores, beside its bounds.

The bundled reports are repeated (each copy under its own file name) until the corpus holds at least
--mb megabytes of UTF-8 text. On one core, in this process, the same documents go through three things
in turn, each timed in CPU seconds (the machine may be shared) and quoted as the median of --repeat
passes: the whole extraction (normalise → spaCy → extractors → fact records), `spacy.blank("zh")` making
the Doc alone (the bound: extraction cannot be faster than its first step) and `jieba.lcut` over the
whole text (what one segmentation pass costs). The ratios say how far extraction is from each. Then a
pool of one process per core extracts the corpus once (wall clock). Reading from disk is excluded.

The bundled reports repeat, so whatever is cached on a text or a window of it hits after the first
copy; real corpora repeat little. --texts DIR (repeatable) times extraction on the first --limit
distinct reports of DIR instead, in a fresh process per pass: CPU milliseconds per report, this
tree's beside the tree of --baseline-python (another venv's interpreter, e.g.
/work/main/.venv/bin/python, whose editable install is the baseline tree), passes interleaved,
medians of --repeat.

    .venv/bin/python bench/bench_extract.py [--mb 5] [--repeat 3] [--out bench/results/extract.json]
    .venv/bin/python bench/bench_extract.py --texts /work/corpora/synth10k/reports --limit 2000 \\
        --texts /work/shared/dev/set-a --baseline-python /work/main/.venv/bin/python
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
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
    from fupin.extract.lexicon import load_lexicon
    from fupin.extract.pipeline import ReportExtractor

    _EXTRACTOR = ReportExtractor(load_lexicon())


def _facts(doc: Document) -> int:
    return len(_EXTRACTOR.extract(doc).facts)


def cpu_seconds(work: Callable[[], object]) -> float:
    """The CPU seconds of one call of `work` in this process."""
    started = time.process_time()
    work()
    return time.process_time() - started


def one_core(docs: list[Document], repeat: int) -> dict:
    """Extraction, the blank spaCy Doc and jieba.lcut over the same texts, CPU seconds on one core.

    The three are timed in turn within each of `repeat` rounds and each ratio is the median of the
    rounds' own ratios: a shared machine's speed drifts by a factor of two within a minute, so timing
    all extraction rounds first and all Doc rounds after compared two machines."""
    import jieba
    import spacy

    from fupin.extract.segmenter import quiet_jieba

    started = time.process_time()
    _init()
    _EXTRACTOR.extract(docs[0])
    startup = time.process_time() - started
    blank = spacy.blank("zh")
    quiet_jieba()
    jieba.initialize()
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)
    facts = sum(_facts(d) for d in docs)
    work = {
        "extraction": lambda: [_EXTRACTOR.extract(d) for d in docs],
        "blank_doc": lambda: [blank(t) for t in texts],
        "jieba_lcut": lambda: [jieba.lcut(t) for t in texts],
    }
    rounds = [{name: cpu_seconds(call) for name, call in work.items()} for _ in range(repeat)]
    seconds = {name: statistics.median(r[name] for r in rounds) for name in work}
    rates = {k: round(chars / s) for k, s in seconds.items()}
    return {
        "workers": 1, "reports": len(docs), "characters": chars, "facts": facts,
        "startup_cpu_s": round(startup, 2), "repeat": repeat,
        "cpu_seconds": {k: round(s, 2) for k, s in seconds.items()},
        "rounds_cpu_seconds": [{k: round(s, 3) for k, s in r.items()} for r in rounds],
        "chars_per_s": rates["extraction"], "reports_per_s": round(len(docs) / seconds["extraction"], 1),
        "bounds_chars_per_s": {"blank_doc": rates["blank_doc"], "jieba_lcut": rates["jieba_lcut"]},
        "blank_doc_over_extraction": _median_ratio(rounds, "extraction", "blank_doc"),
        "jieba_lcut_over_extraction": _median_ratio(rounds, "extraction", "jieba_lcut"),
    }  # fmt: skip


def _median_ratio(rounds: list[dict[str, float]], slow: str, fast: str) -> float:
    """The median over rounds of how many times `fast` is faster than `slow` in the same round."""
    return round(statistics.median(r[slow] / r[fast] for r in rounds), 2)


def pooled(docs: list[Document], workers: int) -> dict:
    """Extract all documents with `workers` processes (wall clock); pipeline start-up is timed apart."""
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


def distinct_cpu(folder: Path, limit: int) -> dict:
    """CPU seconds of extracting the first `limit` reports of `folder` once, in this process, after
    the pipeline is built and has extracted one report (start-up excluded, reading excluded)."""
    from fupin.extract.pipeline import default_extractor

    docs = [read_document(p) for p in sorted(folder.rglob("*.txt"))[:limit]]
    extractor = default_extractor()
    extractor.extract(docs[0])
    started = time.process_time()
    facts = sum(len(extractor.extract(d).facts) for d in docs)
    seconds = time.process_time() - started
    return {"reports": len(docs), "characters": sum(len(d.text) for d in docs), "facts": facts,
            "cpu_s": seconds}  # fmt: skip


def _child_cpu(python: str, folder: Path, limit: int) -> dict:
    """`distinct_cpu` run by `python` (whose fupin is the tree it was installed from) in a fresh process."""
    command = [python, str(Path(__file__).resolve()), "--child", str(folder), "--limit", str(limit)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def distinct(folders: list[Path], limit: int, baseline: str | None, repeat: int) -> list[dict]:
    """Per folder: this tree's and the baseline's CPU ms per report on distinct texts, interleaved."""
    rows = []
    for folder in folders:
        ours, theirs = [], []
        for _ in range(repeat):
            ours.append(_child_cpu(sys.executable, folder, limit))
            if baseline:
                theirs.append(_child_cpu(baseline, folder, limit))
        first = ours[0]
        mine = 1000 * statistics.median(r["cpu_s"] for r in ours) / first["reports"]
        row = {"texts": str(folder), "reports": first["reports"], "characters": first["characters"],
               "facts": first["facts"], "cpu_ms_per_report": round(mine, 3)}  # fmt: skip
        if theirs:
            base = 1000 * statistics.median(r["cpu_s"] for r in theirs) / first["reports"]
            row.update(baseline_facts=theirs[0]["facts"], baseline_cpu_ms_per_report=round(base, 3),
                       baseline_over_this=round(base / mine, 3))  # fmt: skip
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "extract.json")
    parser.add_argument(
        "--texts", type=Path, action="append", default=[], help="a folder of distinct reports"
    )
    parser.add_argument("--limit", type=int, default=2000, help="reports read from each --texts folder")
    parser.add_argument("--baseline-python", help="another venv's python, timed on the same --texts")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(distinct_cpu(args.child, args.limit)))
        return
    if args.texts:
        rows = distinct(args.texts, args.limit, args.baseline_python, args.repeat)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_name("extract-distinct.json").write_text(json.dumps(rows, indent=1) + "\n")
        for r in rows:
            base = (
                f"; baseline {r['baseline_cpu_ms_per_report']} ms/report, {r['baseline_over_this']}x"
                if "baseline_cpu_ms_per_report" in r
                else ""
            )
            print(
                f"{r['texts']}: {r['reports']} reports, {r['characters']:,} chars, {r['facts']} facts: "
                f"{r['cpu_ms_per_report']} CPU ms/report{base}"
            )
        return
    docs = corpus(args.mb)
    cores = os.cpu_count() or 1
    single = one_core(docs, args.repeat)
    runs = [single] + ([pooled(docs, cores)] if cores > 1 else [])
    result = {
        "machine": f"{platform.machine()}, {cores} cores, Python {platform.python_version()}",
        "megabytes_utf8": round(sum(len(d.text.encode("utf-8")) for d in docs) / 1e6, 2),
        "runs": runs,
        "speedup": round(runs[-1]["chars_per_s"] / runs[0]["chars_per_s"], 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    bounds = single["bounds_chars_per_s"]
    # fmt: off
    print(f"1 core (CPU s, median of {args.repeat}): extraction {single['chars_per_s']:,} chars/s, "
          f"{single['reports_per_s']} reports/s ({single['reports']} reports, "
          f"{single['characters']:,} chars)")
    print(f"  spacy.blank('zh') Doc alone {bounds['blank_doc']:,} chars/s "
          f"({single['blank_doc_over_extraction']}x extraction); "
          f"jieba.lcut {bounds['jieba_lcut']:,} chars/s ({single['jieba_lcut_over_extraction']}x)")
    for r in runs[1:]:
        print(f"{r['workers']} workers (wall): {r['chars_per_s']:,} chars/s, {r['reports_per_s']} reports/s "
              f"({r['seconds']} s)")
    print(f"speed-up {result['speedup']}x -> {args.out}")
    # fmt: on


if __name__ == "__main__":
    main()
