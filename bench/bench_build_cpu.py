"""A whole `fupin build`'s CPU per character, beside the goal and beside another tree, in one run.

Issue 15: a whole build (extraction and graph, start-up included) should read at least 150,000
characters of report text per CPU-second, the user+sys seconds of the build process and its pool
workers. Each build is a fresh `fupin build DIR -o kg.nq --no-cache -q -j N`; this tree's build and
the baseline tree's (--baseline, e.g. /work/main: the same venv with that tree on PYTHONPATH) run
in turn, --runs pairs, and the medians are printed side by side with their ratio, the CPU
milliseconds per report (flat in the corpus size if nothing is superlinear), and whether the two
graphs are the same bytes.

    .venv/bin/python bench/bench_build_cpu.py --corpus 1000=/work/synth1k/reports \\
        --corpus 10000=/work/synth10k/reports --workers 1,2 --baseline /work/main

A size without a folder (--sizes 1000) is generated with bench/generate.py into --workdir. Writes
bench/results/build-cpu.json.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import BUILD_GOAL_CHARS_PER_CPU_S, _children_cpu_s, corpus_chars, machine  # noqa: E402
from generate import write_corpus  # noqa: E402

RESULTS = HERE / "results"
TREE = HERE.parent


def python_for(tree: Path) -> Path:
    """The interpreter that runs `tree`'s code: its own venv (`tree/.venv`, whose editable install maps
    `fupin.*` to it) when it has one, else this one with `tree` on PYTHONPATH. An editable install maps
    `fupin.extract`, `fupin.graph` … to the tree it was made from whatever PYTHONPATH says, so this
    venv alone cannot time another worktree."""
    own = tree / ".venv" / "bin" / "python"
    return own if own.is_file() else Path(sys.executable)


def check_tree(tree: Path) -> None:
    """Refuse a comparison that would time the wrong code: `tree` is only measured where its packages
    are the ones imported."""
    probe = "import fupin.extract, fupin.graph; print(fupin.extract.__file__); print(fupin.graph.__file__)"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([str(python_for(tree)), "-c", probe], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"with {tree} on PYTHONPATH fupin does not import: {done.stderr.strip()[-500:]}")
    stray = [f for f in done.stdout.split() if not Path(f).resolve().is_relative_to(tree.resolve())]
    if stray:
        raise SystemExit(
            f"with {tree} on PYTHONPATH this venv still imports {', '.join(stray)}: its editable install "
            f"points elsewhere; run from a venv whose install is {tree}'s, or a regular (non-editable) one"
        )


def build_cpu(tree: Path, reports: Path, output: Path, workers: int) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one build with `tree` first on the path, its workers included
    (they are reaped by the build, so the OS adds them to its children's usage)."""
    fupin = python_for(tree).with_name("fupin")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [str(fupin), "build", str(reports), "-o", str(output), "--no-cache", "-q", "-j", str(workers)]
    before, started = _children_cpu_s(), time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return _children_cpu_s() - before, time.perf_counter() - started


def compare(size: int, reports: Path, workers: int, baseline: Path, runs: int, work: Path) -> dict:
    """This tree's and the baseline's builds of `reports`, in turn, `runs` pairs: medians."""
    ours, theirs = work / f"ours-{size}-j{workers}.nq", work / f"base-{size}-j{workers}.nq"
    check_tree(TREE)
    check_tree(baseline)
    mine, base = [], []
    for _ in range(runs):
        mine.append(build_cpu(TREE, reports, ours, workers))
        base.append(build_cpu(baseline, reports, theirs, workers))
    chars = corpus_chars(reports)
    cpu, cpu_base = statistics.median(c for c, _ in mine), statistics.median(c for c, _ in base)
    row = {
        "reports": size,
        "workers": workers,
        "chars": chars,
        "cpu_s": round(cpu, 2),
        "baseline_cpu_s": round(cpu_base, 2),
        "wall_s": round(statistics.median(w for _, w in mine), 1),
        "baseline_wall_s": round(statistics.median(w for _, w in base), 1),
        "chars_per_cpu_s": round(chars / cpu),
        "baseline_chars_per_cpu_s": round(chars / cpu_base),
        "goal_chars_per_cpu_s": BUILD_GOAL_CHARS_PER_CPU_S,
        "cpu_ms_per_report": round(1000 * cpu / size, 2),
        "baseline_cpu_ms_per_report": round(1000 * cpu_base / size, 2),
        "ratio": round(cpu / cpu_base, 3),
        "same_bytes": filecmp.cmp(ours, theirs, shallow=False),
        "runs": runs,
    }
    ours.unlink()
    theirs.unlink()
    print(
        f"{size} reports -j {workers}: {row['cpu_s']} CPU-s ({row['cpu_ms_per_report']} ms/report), "
        f"{row['chars_per_cpu_s']} chars/CPU-s; baseline {row['baseline_cpu_s']} CPU-s "
        f"({row['baseline_cpu_ms_per_report']} ms/report), {row['baseline_chars_per_cpu_s']} chars/CPU-s; "
        f"ratio {row['ratio']}; goal {BUILD_GOAL_CHARS_PER_CPU_S} chars/CPU-s "
        f"({round(BUILD_GOAL_CHARS_PER_CPU_S / row['chars_per_cpu_s'], 2)}× to go); "
        f"same bytes: {row['same_bytes']}",
        flush=True,
    )
    return row


def corpora(args: argparse.Namespace, work: Path) -> dict[int, Path]:
    """Report count -> its reports folder: the given ones, the others generated into `work`."""
    found = {int(n): Path(folder) for n, folder in (spec.split("=", 1) for spec in args.corpus)}
    for size in args.sizes:
        if size not in found:
            corpus = work / f"corpus-{size}"
            if not (corpus / "gold.json").is_file():
                write_corpus(size, corpus)
            found[size] = corpus / "reports"
    return dict(sorted(found.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", default=[], metavar="N=DIR", help="N reports in DIR")
    parser.add_argument("--sizes", type=lambda s: [int(n) for n in s.split(",")], default=[])
    parser.add_argument("--workers", type=lambda s: [int(n) for n in s.split(",")], default=[1, 2])
    parser.add_argument("--baseline", type=Path, required=True, help="the tree to compare with")
    parser.add_argument("--runs", type=int, default=1, help="pairs of builds per size and worker count")
    parser.add_argument("--workdir", type=Path, help="generated corpora and graphs (default: a temp dir)")
    parser.add_argument("--out", type=Path, default=RESULTS / "build-cpu.json")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="fupin-build-cpu-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = [
        compare(size, reports, workers, args.baseline, args.runs, work)
        for size, reports in corpora(args, work).items()
        for workers in args.workers
    ]
    results = {"machine": machine(), "baseline": str(args.baseline), "builds": rows}
    results["machine"]["load_at_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
