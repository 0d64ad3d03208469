"""Scale: extraction throughput, build time and memory, query latency on Oxigraph and rdflib, SHACL.

One run on one machine, so the numbers can be compared with each other:

1. a synthetic corpus (bench/generate.py) of --small and --large reports, with gold facts;
2. extraction throughput (chars/s, reports/s) and build time and peak memory of `fupin build` with 1
   worker and with all cores, each build a fresh process (`fupin build --no-cache -q`), peak memory
   from getrusage (the main process, and the largest worker process);
3. P/R/F1 of the extraction on the small corpus against its gold (`fupin.graph.evaluate.score`);
4. SHACL validation time (`fupin.graph.validate.validate`) of the small corpus's graph;
5. latency of every named query at about 10^6 and 10^7 quads — the small and the large corpus's
   graphs, each replicated a few times with renamed instance IRIs — on Oxigraph (the persisted store
   `fupin query` uses) and on rdflib (in memory); each query runs in a child process killed after
   --timeout s (Oxigraph's too: some take minutes at 10^7). rdflib runs at 10^7 only with
   --rdflib-at-large: loading alone would take ~10 min and ~14 GB.

    .venv/bin/python bench/bench_scale.py            # the full run (about an hour on 2 cores)
    .venv/bin/python bench/bench_scale.py --smoke    # a quick check that every stage runs

Writes bench/results/scale.json and bench/results/scale.md (both stamped with the machine).

Memory against corpus size (issue 15 item 3: flat in the number of reports) is its own run:

    .venv/bin/python bench/bench_scale.py --memory 1000,10000,100000 [--dask] [--cache-dir DIR]

builds each corpus in a fresh `fupin build -o kg.nq -j 2` (or `--scheduler` on a Dask LocalCluster of
two single-thread worker processes with --dask, the way a user who outgrows one machine runs it) and
prints, per report count, the peak RSS of the whole process tree (the build, its workers, the
cluster; sampled every 0.2 s) and its peak PSS (shared copy-on-write pages counted once), the build
process's own peak, the CPU seconds of all of them, and each figure's ratio to the first (smallest)
count's. With --cache-dir the facts come from a per-file cache
(warm it with a first run) and the run measures the graph stage alone. Writes
bench/results/scale-memory.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_corpus  # noqa: E402

RESULTS = HERE / "results"
STAGES = ("builds", "score", "shacl", "queries")
ID_PREFIX = "https://w3id.org/fupin/id/"


# ---------------------------------------------------------------------------------------------------
# The machine


def machine() -> dict:
    from importlib import metadata

    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        total_kb = int(handle.readline().split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(total_kb / 1e6, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_at_start": os.getloadavg(),
        **{name: metadata.version(name) for name in ("pyoxigraph", "rdflib", "spacy", "pyshacl")},
    }


# ---------------------------------------------------------------------------------------------------
# Builds, each in a fresh process


def build_child(reports: str, output: str, workers: str) -> None:
    """Runs in the child: one build, then its times and peak memory as a JSON line."""
    from fupin.builder import build_corpus

    started = time.perf_counter()
    result = build_corpus([Path(reports)], Path(output), workers=int(workers), keep_documents=False)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    chars = sum(p.stat().st_size for p in Path(reports).iterdir()) // 3  # UTF-8 Chinese: 3 bytes a char
    print(json.dumps({
        "reports": result.reports,
        "failures": len(result.failures),
        "triples": result.triples,
        "seconds": round(seconds, 2),
        "stages_s": {k: round(v, 2) for k, v in result.timings.items()},
        "chars": chars,
        "chars_per_s": round(chars / result.timings["files"]),
        "reports_per_s": round(result.reports / result.timings["files"], 1),
        "peak_rss_mb_main": round(own),
        "peak_rss_mb_largest_worker": round(children),
    }))  # fmt: skip


def timed_build(reports: Path, output: Path, workers: int) -> dict:
    """A build in a fresh process; `workers` 0 means all cores."""
    command = [sys.executable, __file__, "_build", str(reports), str(output), str(workers)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    row = json.loads(done.stdout.strip().splitlines()[-1])
    row["workers"] = workers or os.cpu_count()
    row["load_after"] = round(os.getloadavg()[0], 2)
    print(f"  build {reports.parent.name} workers={row['workers']}: {row['seconds']} s, "
          f"{row['chars_per_s']} chars/s, main {row['peak_rss_mb_main']} MB", flush=True)  # fmt: skip
    return row


# ---------------------------------------------------------------------------------------------------
# Memory against corpus size


class TreeSampler:
    """The peak memory of every descendant of this process taken together (the build, its pool
    workers, a Dask cluster's processes), and of one of them alone, sampled in a thread.

    Two sums: RSS counts a page shared by several processes (the extractor the parent builds before
    forking, copy-on-write) once in each of them, so it overstates what the tree holds; PSS (the
    kernel's proportional set size) splits each shared page between its sharers, so its sum is the
    memory the tree really takes."""

    def __init__(self, interval_s: float = 0.2) -> None:
        import threading

        self.interval_s, self.peak_mb, self.main_peak_mb, self.main_pid = interval_s, 0.0, 0.0, None
        self.peak_pss_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(self.interval_s):
            total = total_pss = 0
            for proc in me.children(recursive=True):
                try:
                    memory = proc.memory_full_info()
                except psutil.Error:
                    continue
                total += memory.rss
                total_pss += memory.pss
                if proc.pid == self.main_pid:
                    self.main_peak_mb = max(self.main_peak_mb, memory.rss / 2**20)
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self.peak_pss_mb = max(self.peak_pss_mb, total_pss / 2**20)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class LocalDask:
    """A Dask LocalCluster in a child process (two single-thread worker processes), for the
    duration of a build; its CPU counts as the build's once it has exited."""

    SCRIPT = (
        "import sys\n"
        "from distributed import LocalCluster\n"
        "with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host='127.0.0.1',\n"
        "                  dashboard_address=None) as cluster:\n"
        "    print(cluster.scheduler_address, flush=True)\n"
        "    sys.stdin.read()\n"
    )

    def __enter__(self) -> str:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=120)


def memory_build(reports: Path, output: Path, *, dask: bool, cache_dir: Path | None) -> dict:
    """One `fupin build` in a fresh process, its whole tree's peak RSS and CPU seconds."""
    fupin = Path(sys.executable).with_name("fupin")
    cache = ["--cache-dir", str(cache_dir)] if cache_dir else ["--no-cache"]
    output.unlink(missing_ok=True)
    cpu_before, started = _children_cpu_s(), time.perf_counter()
    with TreeSampler() as sampler:
        if dask:
            with LocalDask() as address:
                command = [str(fupin), "build", str(reports), "-o", str(output), "--scheduler", address]
                done = _run_sampled([*command, *cache], sampler)
        else:
            done = _run_sampled(
                [str(fupin), "build", str(reports), "-o", str(output), "-j", "2", *cache], sampler
            )
    seconds = time.perf_counter() - started
    summary = done.splitlines()
    counts = re.search(r"(\d+) reports", summary[0]) if summary else None
    triples = re.search(r"(\d+) triples", summary[-1]) if summary else None
    return {
        "reports": int(counts.group(1)) if counts else None,
        "triples": int(triples.group(1)) if triples else None,
        "how": "dask LocalCluster 2x1" if dask else "pool -j 2",
        "facts": "cached" if cache_dir else "extracted",
        "peak_rss_mb_tree": round(sampler.peak_mb),
        "peak_pss_mb_tree": round(sampler.peak_pss_mb),
        "peak_rss_mb_build_process": round(sampler.main_peak_mb),
        "cpu_s": round(_children_cpu_s() - cpu_before, 1),
        "wall_s": round(seconds, 1),
        "output_mb": round(output.stat().st_size / 2**20, 1),
        "load_after": round(os.getloadavg()[0], 2),
    }


BUILD_GOAL_CHARS_PER_CPU_S = 150_000  # issue 15: a whole build, extraction and graph


def corpus_chars(reports: Path) -> int:
    """Characters of the decoded reports: the numerator of a whole build's chars per CPU-second."""
    return sum(len(path.read_text(encoding="utf-8")) for path in sorted(reports.glob("*.txt")))


def _run_sampled(command: list[str], sampler: TreeSampler) -> str:
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler.main_pid = proc.pid
    out, err = proc.communicate()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}): {err[-2000:]}")
    return out


def memory_run(sizes: list[int], work: Path, *, dask: bool, cache_dir: Path | None, out: Path) -> dict:
    """`memory_build` at each size; prints each figure beside its ratio to the smallest size's."""
    results: dict = {"machine": machine(), "memory": []}
    rows = results["memory"]
    for size in sizes:
        corpus = work / f"corpus-{size}"
        if not (corpus / "gold.json").is_file():
            write_corpus(size, corpus)
        row = memory_build(corpus / "reports", work / f"kg-{size}.nq", dask=dask, cache_dir=cache_dir)
        row["chars"] = corpus_chars(corpus / "reports")
        row["chars_per_cpu_s"] = round(row["chars"] / row["cpu_s"]) if row["cpu_s"] else None
        row["below_goal"] = (
            round(BUILD_GOAL_CHARS_PER_CPU_S / row["chars_per_cpu_s"], 2) if row["chars_per_cpu_s"] else None
        )
        first = rows[0] if rows else row
        for name in ("peak_rss_mb_tree", "peak_pss_mb_tree", "peak_rss_mb_build_process", "cpu_s"):
            row[f"{name}_ratio"] = round(row[name] / first[name], 2) if first[name] else None
        row["reports_ratio"] = round(size / sizes[0], 1)
        rows.append(row)
        print(
            f"{size} reports ({row['how']}, facts {row['facts']}): peak RSS {row['peak_rss_mb_tree']} MB "
            f"(×{row['peak_rss_mb_tree_ratio']} of {sizes[0]}, for ×{row['reports_ratio']} reports), "
            f"PSS {row['peak_pss_mb_tree']} MB (×{row['peak_pss_mb_tree_ratio']}; shared pages once), "
            f"build process {row['peak_rss_mb_build_process']} MB "
            f"(×{row['peak_rss_mb_build_process_ratio']}), "
            f"CPU {row['cpu_s']} s (×{row['cpu_s_ratio']}), wall {row['wall_s']} s, {row['triples']} quads; "
            f"{row['chars_per_cpu_s']} chars per CPU-second, {row['below_goal']}× below the goal of "
            f"{BUILD_GOAL_CHARS_PER_CPU_S}",
            flush=True,
        )
    results["machine"]["load_at_end"] = os.getloadavg()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return results


# ---------------------------------------------------------------------------------------------------
# Correctness of the scaled corpus


def score_corpus(reports: Path, gold_path: Path, workers: int) -> dict:
    """P/R/F1 over the whole corpus, scored county by county in batches (one graph per batch holds
    every report about its counties, so no fact is split across batches)."""
    from fupin.builder import build_corpus
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.evaluate import FACT_TYPES, Tally, score

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        result = build_corpus([reports], Path(tmp) / "kg.nq", workers=workers)
    by_county: dict[str, list] = defaultdict(list)
    by_file = {d["file"]: d["county"]["code"] for d in gold["documents"]}
    for facts in result.documents:
        by_county[by_file[facts.report.source]].append(facts)
    gold_by_county: dict[str, list] = defaultdict(list)
    for doc in gold["documents"]:
        gold_by_county[doc["county"]["code"]].append(doc)
    tallies = {kind: Tally() for kind in FACT_TYPES}
    codes = sorted(gold_by_county)
    for start in range(0, len(codes), 50):
        batch = codes[start : start + 50]
        dataset = build_dataset([f for c in batch for f in by_county[c]], gazetteer=Gazetteer.load())
        scored = score(dataset, {"documents": [d for c in batch for d in gold_by_county[c]]})
        for kind, value in scored["per_type"].items():
            tallies[kind].add(value["tp"], value["fp"], value["fn"])
    out = {}
    total = Tally()
    for kind, tally in tallies.items():
        p, r, f = tally.prf()
        out[kind] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
        total.add(tally.tp, tally.fp, tally.fn)
    p, r, f = total.prf()
    out["overall"] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    return out


def shacl_seconds(graph: Path) -> dict:
    from fupin.graph.store import load_graph
    from fupin.graph.validate import validate

    started = time.perf_counter()
    data = load_graph(graph)
    loaded = time.perf_counter()
    report = validate(data)
    done = time.perf_counter()
    return {
        "triples": len(data),
        "load_s": round(loaded - started, 1),
        "validate_s": round(done - loaded, 1),
        "results": len(report.results),
        "conforms": report.conforms,
    }


# ---------------------------------------------------------------------------------------------------
# Queries


def replicate(source: Path, target: Path, copies: int) -> int:
    """`copies` copies of an N-Quads file, instance IRIs renamed per copy (fpd:r3/county/…); ontology
    terms stay shared, as they would in a graph of more counties. Returns the quad count."""
    lines = 0
    with target.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            renamed = f"{ID_PREFIX}r{copy}/"
            with source.open(encoding="utf-8") as handle:
                for line in handle:
                    out.write(line.replace(ID_PREFIX, renamed) if copy else line)
                    lines += 1
    return lines


def oxigraph_latencies(graph: Path, names: list[str], runs: int, timeout_s: float) -> dict:
    """Store build (what the first `fupin query` after a build pays), then each named query's median
    latency on the persisted store, each query capped at `timeout_s` like rdflib's."""
    import shutil

    from fupin.graph.query import open_store, store_folder

    shutil.rmtree(store_folder(graph), ignore_errors=True)
    started = time.perf_counter()
    open_store(graph)
    load = time.perf_counter() - started
    out = latencies("oxigraph", graph, names, timeout_s, load_timeout_s=60, runs=runs)
    out["store_build_s"] = round(load, 1)
    return out


def engine_child(engine: str, graph: str, names: str, runs: str) -> None:
    """Runs in the child: open the graph with `engine`, then run each query `runs` times, printing
    one JSON line after loading and one per query (median seconds, rows)."""
    from fupin.graph.query import open_store, resolve, solutions
    from fupin.graph.store import load_graph

    started = time.perf_counter()
    if engine == "oxigraph":
        store = open_store(Path(graph))

        def ask(sparql: str) -> int:  # rows as `fupin query` gets them: converted to rdflib terms
            return len(solutions(store.query(sparql, use_default_graph_as_union=True)).rows)
    else:
        data = load_graph(Path(graph))
        data.default_union = True

        def ask(sparql: str) -> int:
            return len(list(data.query(sparql)))

    print(json.dumps({"load_s": round(time.perf_counter() - started, 1)}), flush=True)
    for name in names.split(","):
        times, rows = [], 0
        for _ in range(int(runs)):
            started = time.perf_counter()
            rows = ask(resolve(name)[1])
            times.append(time.perf_counter() - started)
        print(json.dumps({"name": name, "seconds": round(statistics.median(times), 4), "rows": rows}),
              flush=True)  # fmt: skip


def latencies(
    engine: str, graph: Path, names: list[str], timeout_s: float, load_timeout_s: float, runs: int = 1
) -> dict:
    """Each query's latency; a query over `timeout_s` (per run) is recorded as "> T s", its child
    killed, and the rest run in a new child (which opens the graph again)."""
    out: dict = {"queries": {}}
    remaining = list(names)
    while remaining:
        command = [sys.executable, __file__, "_query", engine, str(graph), ",".join(remaining), str(runs)]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        load = _read_line(child, load_timeout_s)
        if load is None:
            out["load_s"] = f"> {load_timeout_s:g} s"
            out["queries"].update({n: {"seconds": f"> {load_timeout_s:g} s (load)"} for n in remaining})
            return out
        out.setdefault("load_s", load["load_s"])
        while remaining:
            row = _read_line(child, timeout_s * runs)
            name = remaining.pop(0)
            if row is None:
                out["queries"][name] = {"seconds": f"> {timeout_s:g} s"}
                print(f"    {engine} {name}: > {timeout_s:g} s", flush=True)
                break
            out["queries"][name] = {"seconds": row["seconds"], "rows": row["rows"]}
            print(f"    {engine} {name}: {row['seconds']} s ({row['rows']} rows)", flush=True)
        child.kill()
        child.wait()
    return out


def _read_line(child: subprocess.Popen, timeout_s: float) -> dict | None:
    """The child's next JSON line, or None (child killed) when it takes over `timeout_s`."""
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    ready = selector.select(timeout_s)
    selector.close()
    line = child.stdout.readline() if ready else ""
    if not line:
        child.kill()
        child.wait()
        return None
    return json.loads(line)


def query_scale(graph: Path, label: str, args: argparse.Namespace, rdflib: bool) -> dict:
    from fupin.graph.query import named_queries

    triples = sum(1 for _ in graph.open(encoding="utf-8"))
    print(f"  queries at {label}: {triples} quads", flush=True)
    names = list(named_queries())
    runs = args.runs if label == "10^6" else 1  # at 10^7 one run of each: some take minutes
    row = {"triples": triples, "oxigraph_runs": runs}
    row["oxigraph"] = oxigraph_latencies(graph, names, runs, args.timeout)
    if rdflib:
        row["rdflib"] = latencies("rdflib", graph, names, args.timeout, args.load_timeout)
    return row


# ---------------------------------------------------------------------------------------------------
# The report


def ratio(ox: dict, rd: dict) -> str:
    """rdflib's time over Oxigraph's; a lower bound when rdflib timed out."""
    if isinstance(ox["seconds"], str):
        return "–"
    if isinstance(rd["seconds"], str):
        bound = float(re.findall(r"[\d.]+", rd["seconds"])[0])
        return f"> {bound / max(ox['seconds'], 1e-4):.0f}×"
    return f"{rd['seconds'] / max(ox['seconds'], 1e-4):.0f}×"


def _seconds(value: object) -> str:
    return value if isinstance(value, str) else f"{value} s"


def _query_table(label: str, scale: dict) -> list[str]:
    rd = scale.get("rdflib", {})
    lines = [
        "",
        f"## Named queries at {label} ({scale['triples']} quads)",
        "",
        f"Oxigraph store build (the first query after a build): {scale['oxigraph']['store_build_s']} s; "
        f"rdflib load: {_seconds(rd['load_s']) if 'load_s' in rd else 'not run'}.",
        "",
        "| query | Oxigraph | rdflib | rdflib / Oxigraph |",
        "|---|---|---|---|",
    ]
    for name, ox in scale["oxigraph"]["queries"].items():
        r = rd.get("queries", {}).get(name)
        rd_text = "not run" if r is None else _seconds(r["seconds"])
        lines.append(f"| {name} | {_seconds(ox['seconds'])} | {rd_text} | {ratio(ox, r) if r else '–'} |")
    return lines


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# Scale benchmark (bench/bench_scale.py)",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, "
        f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}; "
        f"load average at start {m['load_at_start'][0]:.2f} (the machine is shared with other engineers).",
        "",
        "## Builds (`fupin build --no-cache`, a fresh process each)",
        "",
        "| reports | workers | seconds | extraction chars/s | reports/s | triples | peak RSS main "
        "| largest worker |",
        "|---|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    for row in results["builds"]:
        lines.append(
            f"| {row['reports']} | {row['workers']} | {row['seconds']} | {row['chars_per_s']} | "
            f"{row['reports_per_s']} | {row['triples']} | {row['peak_rss_mb_main']} MB | "
            f"{row['peak_rss_mb_largest_worker']} MB |"
        )
    for size, speedup in results["speedup"].items():
        lines.append(
            f"\nSpeed-up from 1 to {m['cores']} workers on {size} reports: **{speedup}×** (build time)."
        )
    score = results["score"]
    lines += ["", f"## Extraction quality on the synthetic corpus ({results['score_reports']} reports)", "",
              "| fact type | P | R | F1 |", "|---|---|---|---|"]  # fmt: skip
    lines += [f"| {k} | {v['precision']} | {v['recall']} | {v['f1']} |" for k, v in score.items()]
    if results.get("shacl"):
        s = results["shacl"]
        lines += ["", f"SHACL (`fupin.graph.validate.validate`) on {s['triples']} triples: "
                      f"load {s['load_s']} s, validation {s['validate_s']} s, "
                      f"{s['results']} results."]  # fmt: skip
    for label, scale in results["queries"].items():
        lines += _query_table(label, scale)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, every stage once")
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--copies-small", type=int, default=3, help="replicas of the small graph (≈ 10^6)")
    parser.add_argument("--copies", type=int, default=3, help="replicas of the large graph (≈ 10^7)")
    parser.add_argument("--runs", type=int, default=3, help="Oxigraph runs per query (median)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per query (each engine)")
    parser.add_argument("--load-timeout", type=float, default=300.0, help="seconds for rdflib to load")
    parser.add_argument("--rdflib-at-large", action="store_true", help="also run rdflib on the replicas")
    parser.add_argument("--workdir", type=Path, help="keep corpora and graphs here (default: a temp dir)")
    parser.add_argument("--out", type=Path, default=RESULTS / "scale.json")
    parser.add_argument("--memory", help="only measure memory at these comma-separated report counts")
    parser.add_argument("--dask", action="store_true", help="--memory: build on a Dask LocalCluster")
    parser.add_argument("--cache-dir", type=Path, help="--memory: take the facts from this build cache")
    parser.add_argument(
        "--stages", default=",".join(STAGES), help="comma-separated subset to (re)run; the rest is kept"
    )
    args = parser.parse_args()
    if args.smoke:
        args.small, args.large, args.copies, args.runs, args.timeout = 40, 100, 2, 1, 20.0
        args.copies_small = 2
        args.out = Path(tempfile.gettempdir()) / "scale-smoke.json"
    work = args.workdir or Path(tempfile.mkdtemp(prefix="fupin-scale-"))
    if args.memory:
        sizes = [int(n) for n in args.memory.split(",")]
        out = args.out if args.out != RESULTS / "scale.json" else RESULTS / "scale-memory.json"
        memory_run(sizes, work, dask=args.dask, cache_dir=args.cache_dir, out=out)
        return
    stages = set(args.stages.split(","))
    fresh = {"machine": machine(), "builds": [], "speedup": {}, "queries": {}}
    if stages >= set(STAGES) or not args.out.is_file():
        results = fresh
    else:  # a partial re-run (a disturbed stage measured again) keeps the other stages' numbers
        results = json.loads(args.out.read_text(encoding="utf-8"))
        results["machine"] = {**results["machine"], f"rerun_{'+'.join(sorted(stages))}": fresh["machine"]}
    if "builds" in stages:
        results["builds"], results["speedup"], results["same_bytes"] = [], {}, {}
    graphs = {}
    for size in (args.small, args.large):
        corpus = work / f"corpus-{size}"
        reports, gold = (corpus / "reports", corpus / "gold.json")
        if not gold.is_file():
            write_corpus(size, corpus)
        print(f"corpus of {size} reports in {reports}", flush=True)
        graphs[size] = work / f"kg-{size}-w1.nq"
        if "builds" in stages or not graphs[size].is_file():
            rows = [timed_build(reports, work / f"kg-{size}-w{w}.nq", w) for w in (1, 0)]
            results["builds"] += rows
            results["speedup"][size] = round(rows[0]["seconds"] / rows[1]["seconds"], 2)
            same = (work / f"kg-{size}-w1.nq").read_bytes() == (work / f"kg-{size}-w0.nq").read_bytes()
            results.setdefault("same_bytes", {})[size] = same
        if size == args.small and "score" in stages:
            results["score"] = score_corpus(reports, gold, workers=0)
            results["score_reports"] = size
            print(f"  score: {results['score']['overall']}", flush=True)
        if size == args.small and "shacl" in stages:
            results["shacl"] = shacl_seconds(graphs[size])
            print(f"  shacl: {results['shacl']}", flush=True)
    for label, size, copies, with_rdflib in (
        ("10^6", args.small, args.copies_small, True),
        ("10^7", args.large, args.copies, args.rdflib_at_large),
    ):
        if "queries" not in stages:
            break
        replicated = work / f"kg-{size}-x{copies}.nq"
        replicate(graphs[size], replicated, copies)
        results["queries"][label] = query_scale(replicated, label, args, rdflib=with_rdflib)
    results["machine"]["load_at_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if len(sys.argv) > 1 and sys.argv[1] == "_build":
        build_child(*sys.argv[2:5])
    elif len(sys.argv) > 1 and sys.argv[1] == "_query":
        engine_child(*sys.argv[2:6])
    else:
        main()
