"""Cold build vs rebuild of an unchanged corpus vs rebuild after one file changed.

Each case runs `fupin build` as a fresh process (what a user waits for, Python start-up included) and
the median of --runs is kept; a second table times the library call in one process, where the cold
build also pays for building the extractor. The corpus is the bundled reports, copied --copies times
under new names (each copy is a distinct input to the cache).

    .venv/bin/python bench/bench_rebuild.py [--copies 4] [--runs 3]

Prints each figure and a ratio line per case against the cold build measured in the same run (warm
vs cold: how much the per-file cache saves). Writes bench/results/rebuild.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fupin import resources
from fupin.builder import build_corpus
from fupin.cache import BuildCache

RESULTS = Path(__file__).resolve().parent / "results" / "rebuild.json"


def make_corpus(folder: Path, copies: int) -> list[Path]:
    folder.mkdir(parents=True)
    made = []
    for copy in range(copies):
        for path in sorted(resources.folder("corpus").glob("*.txt")):
            target = folder / f"{copy:02d}-{path.name}"
            shutil.copy(path, target)
            made.append(target)
    return made


def cli_seconds(corpus: Path, output: Path, cache: Path) -> float:
    fupin = Path(sys.executable).with_name("fupin")
    started = time.perf_counter()
    subprocess.run(
        [str(fupin), "build", str(corpus), "-o", str(output), "--cache-dir", str(cache), "-q"], check=True
    )
    return time.perf_counter() - started


def touch_one(path: Path, run: int) -> None:
    """A real edit: one more sentence, different on each run so that no cache entry matches."""
    path.write_text(path.read_text(encoding="utf-8") + f"\n全县新建扶贫车间{run + 1}个。\n", encoding="utf-8")


def bench_cli(root: Path, copies: int, runs: int) -> dict[str, float]:
    cold, warm, changed = [], [], []
    for run in range(runs):
        corpus = root / f"cli-{run}"
        files = make_corpus(corpus, copies)
        output, cache = root / f"cli-{run}.ttl", root / f"cli-cache-{run}"
        cold.append(cli_seconds(corpus, output, cache))
        warm.append(cli_seconds(corpus, output, cache))
        touch_one(files[0], run)
        changed.append(cli_seconds(corpus, output, cache))
    return {
        "cold_s": statistics.median(cold),
        "unchanged_s": statistics.median(warm),
        "one_changed_s": statistics.median(changed),
        "speedup_unchanged": statistics.median(cold) / statistics.median(warm),
        "speedup_one_changed": statistics.median(cold) / statistics.median(changed),
    }


def bench_library(root: Path, copies: int) -> dict[str, object]:
    corpus = root / "lib"
    files = make_corpus(corpus, copies)
    cache = BuildCache(root / "lib-cache")
    output = root / "lib.ttl"
    cold = build_corpus([corpus], output, cache=cache)
    warm = build_corpus([corpus], output, cache=cache)
    touch_one(files[0], 0)
    changed = build_corpus([corpus], output, cache=cache)
    output.unlink()
    rewrite = build_corpus([corpus], output, cache=cache)
    return {
        "cold_s": cold.seconds,
        "cold_stages_s": cold.timings,
        "unchanged_s": warm.seconds,
        "unchanged_stages_s": warm.timings,
        "one_changed_s": changed.seconds,
        "one_changed_stages_s": changed.timings,
        "output_deleted_s": rewrite.seconds,
        "output_deleted_stages_s": rewrite.timings,
        "speedup_unchanged": cold.seconds / warm.seconds,
        "speedup_one_changed": cold.seconds / changed.seconds,
        "speedup_output_deleted": cold.seconds / rewrite.seconds,
        "triples": cold.triples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of the bundled corpus")
    parser.add_argument("--runs", type=int, default=3, help="CLI runs per case (median kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fupin-bench-") as tmp:
        root = Path(tmp)
        files = args.copies * len(list(resources.folder("corpus").glob("*.txt")))
        results = {
            "files": files,
            "machine": f"{platform.machine()}, Python {platform.python_version()}",
            "cli": bench_cli(root, args.copies, args.runs),
            "library": bench_library(root, args.copies),
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))
    for way, cases in (("cli", CLI_CASES), ("library", LIBRARY_CASES)):
        for case in cases:
            print(ratio_line(way, results[way], case))


CLI_CASES = ("unchanged", "one_changed")
LIBRARY_CASES = ("unchanged", "one_changed", "output_deleted")


def ratio_line(way: str, row: dict, case: str) -> str:
    """`case` beside the cold build of the same run: seconds each and how many times faster."""
    cold, warm = row["cold_s"], row[f"{case}_s"]
    return f"ratio ({way}): {case} {warm:.2f} s vs cold {cold:.2f} s = {cold / warm:.1f}x faster"


if __name__ == "__main__":
    main()
