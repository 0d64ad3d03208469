"""A one-shot `fupin query` as a whole process, start-up included, against the interpreter's own floor.

Each command is started --repeat times, in turn (A B C … A B C …, so a machine's drift falls on all
alike), and timed from outside: wall seconds, and CPU seconds (user + sys of the finished child, from
`os.wait4`). Printed: the medians of each, and each query's ratio to the bound `python -c "import
pyoxigraph"` (a process that starts and loads the query engine, and does nothing else) and to
`python -c pass`. The goal (issue 15): ≤ 0.5 s of wall time for `fupin query 02` on the bundled graph.

    .venv/bin/python bench/bench_query_startup.py [--graph fupin-kg.ttl] [--repeat 7] [--against FUPIN]

--against times another `fupin` command (e.g. an older checkout's) on the same queries in the same
run. The graph's persisted store is built first, outside the timing (only the first query after a
build pays for it). Writes bench/results/query-startup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "query-startup.json"
BOUNDS = {"python -c pass": ["-c", "pass"], "import pyoxigraph": ["-c", "import pyoxigraph"]}
QUERIES = {
    "query 02": ["query", "02"],
    "query 02 --format json": ["query", "02", "--format", "json"],
    "query 11 --format csv": ["query", "11", "--format", "csv"],
    "query --list": ["query", "--list"],
}


def timed(command: list[str]) -> tuple[float, float]:
    """(wall s, CPU s) of one run of `command`, its output thrown away."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{shlex.join(command)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def commands(fupin: list[str], graph: Path, against: list[str] | None) -> dict[str, list[str]]:
    """Every command to time, by the name printed for it."""
    out = {name: [sys.executable, *argv] for name, argv in BOUNDS.items()}
    for name, argv in QUERIES.items():
        on = argv if "--list" in argv else [*argv, "--graph", str(graph)]
        out[f"fupin {name}"] = [*fupin, *on]
        if against:
            out[f"old {name}"] = [*against, *on]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=Path("fupin-kg.ttl"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--against", help="another fupin command to time on the same queries")
    args = parser.parse_args()
    if not args.graph.is_file():
        raise SystemExit(f"no graph at {args.graph}: run `fupin build` first or pass --graph")
    fupin = [str(Path(sys.executable).parent / "fupin")]
    against = shlex.split(args.against) if args.against else None
    todo = commands(fupin, args.graph, against)
    for command in todo.values():  # warm-up: page cache, the persisted store built once
        timed(command)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in todo}
    for _ in range(args.repeat):
        for name, command in todo.items():
            runs[name].append(timed(command))
    medians = {
        name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        for name, got in runs.items()
    }
    print(f"{args.repeat} runs each, medians, {platform.python_version()}, graph {args.graph}")
    for name, (wall, cpu) in medians.items():
        print(f"{name:36} wall {wall:6.3f} s  cpu {cpu:6.3f} s")
    bound_wall, bound_cpu = medians["import pyoxigraph"]
    ratios = {}
    for name, (wall, cpu) in medians.items():
        if name.startswith(("fupin ", "old ")):
            ratios[name] = {"wall": round(wall / bound_wall, 2), "cpu": round(cpu / bound_cpu, 2)}
            print(
                f"ratio {name} / import pyoxigraph: wall {wall / bound_wall:.2f}, cpu {cpu / bound_cpu:.2f}"
            )
    for name in QUERIES:
        if against:
            new, old = medians[f"fupin {name}"], medians[f"old {name}"]
            print(f"ratio fupin {name} / old: wall {new[0] / old[0]:.2f}, cpu {new[1] / old[1]:.2f}")
    wall_02 = medians["fupin query 02"][0]
    print(f"fupin query 02: {wall_02:.3f} s of wall time (goal <= 0.5 s: {wall_02 / 0.5:.2f} of it)")
    doc = {
        "repeat": args.repeat,
        "graph": str(args.graph),
        "medians": {name: {"wall_s": round(w, 4), "cpu_s": round(c, 4)} for name, (w, c) in medians.items()},
        "ratios_to_import_pyoxigraph": ratios,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
