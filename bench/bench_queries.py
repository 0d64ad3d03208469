"""Named queries against their bound: each query on the persisted store `fupin query` opens, on an
in-memory pyoxigraph Store (the bound), and as a one-shot `fupin query` command, at ~10^6 quads.

CPU seconds (this machine is shared: wall time says little), median of --runs:

- memory:     `Store.query` on the graph bulk-loaded into memory, every row read (the bound);
- api:        `fupin.graph.query.run_on` on that Store (what a long-lived process, `fupin.query` on a
              loaded graph, pays: the bound plus the result table);
- frozen:     `run_on` on that Store wrapped in a FrozenStore (graph/pages.py), for the queries that
              declare a page key: "index" is the first page on a fresh FrozenStore (the key index,
              computed once per query and bindings, and that page), "page" a later page (offsets 0,
              the middle and the last page in turn), "before page" the baseline's text paged on the
              plain Store as `fupin.query` pages it (every row sorted, the page kept); each frozen
              page is checked against the plain Store's page of the same offset;
- split:      (only when asked for, `--backends split`) where the in-memory time goes: "join" is the
              query without ORDER BY inside `SELECT (COUNT(*) AS ?n)` (joins and grouping, no row
              leaves Oxigraph), "unsorted" the query without ORDER BY with every row read, "sorted"
              the whole query (the memory figure), "cells" `run_on` with every row made the text a
              table shows: sorting costs sorted − unsorted, reading rows unsorted − join, conversion
              cells − sorted;
- persisted:  `Store.query` on the persisted (RocksDB) store beside the graph, every row read;
- cli:        the whole `fupin query NAME --graph G --limit L` process tree (start-up, the worker
              child, the page printed as a table), user + sys.

Each backend runs in a child process that prints one JSON line per query; a query over --timeout s
(wall) is recorded as "> T s" and the rest go on in a new child.

    .venv/bin/python bench/bench_queries.py --graph /tmp/kg-1m.nq     # a graph of ~10^6 quads
    .venv/bin/python bench/bench_queries.py --make 1000 --copies 3      # make one (bench/generate.py
                                                                        # + fupin build, replicated)

Writes bench/results/queries.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BACKENDS = ("memory", "api", "frozen", "persisted", "cli")


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def child(backend: str, graph: str, names: str, runs: str, limit: str, baseline: str = "") -> None:
    """Runs in the child: open the graph for `backend`, then each query `runs` times; one JSON line
    after opening and one per query (median CPU seconds, rows). A query that declares a page is also
    timed for that page (memory: its text with LIMIT, as `fupin serve` runs it; api: `run_on` with the
    page, as `fupin.query` asks). With `baseline` (a folder of .rq files, e.g. main's queries/), the
    same-named baseline query is timed in the same child, in turn with this tree's."""
    import pyoxigraph as ox

    from fupin.graph.query import page_size, resolve, store_location

    started = cpu()
    store = None
    if backend in ("memory", "api", "frozen", "split"):
        store = ox.Store()
        store.bulk_load(path=graph, format=ox.RdfFormat.N_QUADS)
    elif backend == "persisted":
        store = ox.Store.read_only(str(store_location(graph)))
    print(json.dumps({"open_s": round(cpu() - started, 3)}), flush=True)
    for name in names.split(","):
        sparql = resolve(name)[1]
        before = (Path(baseline) / f"{name}.rq").read_text(encoding="utf-8") if baseline else None
        if backend == "frozen":
            print(json.dumps({"name": name} | _frozen(store, sparql, before, int(runs))), flush=True)
            continue
        if backend == "split":
            print(json.dumps({"name": name} | _split(store, sparql, int(runs))), flush=True)
            continue
        page = page_size(sparql)
        texts = {"cpu_s": sparql}
        if page and backend != "cli":  # the one-shot command prints a page (--limit) anyway
            texts["page_cpu_s"] = sparql if backend == "api" else f"{sparql.rstrip()}\nLIMIT {page}\n"
        if before is not None:  # the one-shot command is given the baseline's file
            texts["before_cpu_s"] = str(Path(baseline) / f"{name}.rq") if backend == "cli" else before
        times: dict[str, list[float]] = {key: [] for key in texts}
        rows = 0
        for _ in range(int(runs)):
            for key, text in texts.items():
                started = cpu()
                cut = page if key == "page_cpu_s" else None
                counted = _run(backend, name, text, store, graph, limit, cut)
                times[key].append(cpu() - started)
                if key == "cpu_s":
                    rows = counted
        row = {"name": name, "rows": rows} | {k: round(statistics.median(v), 4) for k, v in times.items()}
        print(json.dumps(row), flush=True)


def _frozen(store, sparql: str, before: str | None, runs: int) -> dict:
    """A paged query on a FrozenStore over `store` (see the module docstring); {} for the others."""
    from fupin.graph.pages import FrozenStore, page_key
    from fupin.graph.query import page_size, run_on

    size = page_size(sparql)
    if not (size and page_key(sparql)):
        return {"rows": 0, "cpu_s": "–"}
    times: dict[str, list[float]] = {"index_cpu_s": [], "page_cpu_s": []} | (
        {"before_page_cpu_s": []} if before else {}
    )
    frozen = None
    for run in range(runs):
        started = cpu()
        frozen = FrozenStore(store)
        total = run_on(sparql, frozen, timeout_s=3600, limit=size).total
        times["index_cpu_s"].append(cpu() - started)
        offset = (0, total // 2, max(total - size, 0))[run % 3]
        started = cpu()
        cells = run_on(sparql, frozen, timeout_s=3600, limit=size, offset=offset).cells()
        times["page_cpu_s"].append(cpu() - started)
        plain = run_on(sparql, store, timeout_s=3600, limit=size, offset=offset).cells()
        assert cells == plain, f"the frozen page at offset {offset} is not the plain Store's"
        if before:
            started = cpu()
            run_on(before, store, timeout_s=3600, limit=size).cells()
            times["before_page_cpu_s"].append(cpu() - started)
    return {"rows": total, "cpu_s": "–"} | {k: round(statistics.median(v), 4) for k, v in times.items()}


def _split(store, sparql: str, runs: int) -> dict:
    """The in-memory time of `sparql` in parts (see the module docstring)."""
    from fupin.graph.query import run_on

    unsorted = sparql[: sparql.rindex("ORDER BY")] if "ORDER BY" in sparql else sparql
    select = unsorted.index("SELECT")
    counted = f"{unsorted[:select]}SELECT (COUNT(*) AS ?n) WHERE {{ {{\n{unsorted[select:]}\n}} }}\n"

    def read(text: str) -> int:
        return sum(1 for _ in store.query(text, use_default_graph_as_union=True))

    parts = {"join_cpu_s": lambda: read(counted), "unsorted_cpu_s": lambda: read(unsorted),
             "cpu_s": lambda: read(sparql),
             "cells_cpu_s": lambda: len(run_on(sparql, store, timeout_s=3600).cells())}  # fmt: skip
    times: dict[str, list[float]] = {key: [] for key in parts}
    for _ in range(runs):
        for key, job in parts.items():
            started = cpu()
            job()
            times[key].append(cpu() - started)
    return {"rows": read(sparql)} | {k: round(statistics.median(v), 4) for k, v in times.items()}


def _run(backend: str, name: str, sparql: str, store, graph: str, limit: str, page: int | None) -> int:
    """The rows of one run of `sparql` on `backend` (every row read; `page`: only that many kept)."""
    from fupin.graph.query import run_on

    if backend == "api":
        return len(run_on(sparql, store, timeout_s=3600, limit=page).cells())
    if backend == "cli":  # `sparql` is the named query's text, or the path of the baseline's file
        asked = sparql if sparql.endswith(".rq") else name
        command = [str(Path(sys.executable).parent / "fupin"), "query", asked, "--graph", graph,
                   "--limit", limit, "--timeout", "3600"]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return int(done.stdout.strip().rsplit("(", 1)[1].split()[0])
    return sum(1 for _ in store.query(sparql, use_default_graph_as_union=True))


def measure(
    backend: str, graph: Path, names: list[str], runs: int, limit: int, timeout_s: float, baseline: str
) -> dict:
    out: dict = {"queries": {}}
    remaining = list(names)
    while remaining:
        command = [sys.executable, __file__, "_child", backend, str(graph), ",".join(remaining), str(runs),
                   str(limit), baseline]  # fmt: skip
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        opened = _line(proc, 600)
        if opened is None:
            out["open_s"] = "> 600 s"
            return out
        out.setdefault("open_s", opened["open_s"])
        while remaining:
            row = _line(proc, timeout_s * runs)
            name = remaining.pop(0)
            if row is None:
                out["queries"][name] = {"cpu_s": f"> {timeout_s:g} s wall"}
                print(f"  {backend:9} {name}: > {timeout_s:g} s", flush=True)
                break
            out["queries"][name] = {k: v for k, v in row.items() if k != "name"}
            keys = ("page_cpu_s", "before_cpu_s", "index_cpu_s", "before_page_cpu_s", "join_cpu_s",
                    "unsorted_cpu_s", "cells_cpu_s")  # fmt: skip
            extra = "".join(f", {k[:-6]} {row[k]} s" for k in keys if k in row)
            print(f"  {backend:9} {name}: {row['cpu_s']} s CPU ({row['rows']} rows{extra})", flush=True)
        proc.kill()
        proc.wait()
    return out


def _line(proc: subprocess.Popen, timeout_s: float) -> dict | None:
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    ready = selector.select(timeout_s)
    selector.close()
    line = proc.stdout.readline() if ready else ""
    if not line:
        proc.kill()
        proc.wait()
        return None
    return json.loads(line)


def make_graph(reports: int, copies: int, work: Path) -> Path:
    """bench/generate.py's corpus of `reports`, built by `fupin build`, replicated `copies` times."""
    sys.path.insert(0, str(HERE))
    from bench_scale import replicate
    from generate import write_corpus

    corpus = work / f"corpus-{reports}"
    if not (corpus / "gold.json").is_file():
        write_corpus(reports, corpus)
    built = work / f"kg-{reports}.nq"
    fupin = str(Path(sys.executable).parent / "fupin")
    command = [fupin, "build", str(corpus / "reports"), "-o", str(built), "--no-cache", "-q"]
    subprocess.run(command, check=True)
    target = work / f"kg-{reports}-x{copies}.nq"
    replicate(built, target, copies)
    return target


def _ratio(value: object, bound: object, digits: int = 1) -> str:
    if isinstance(value, str) or isinstance(bound, str):
        return "–"
    return f"{value / max(bound, 1e-4):.{digits}f}×"


def report(results: dict) -> str:
    lines = [f"{results['quads']} quads; CPU s, median of {results['runs']}; ratio to the in-memory bound; "
             "before: --baseline's query, in memory; page: the declared page, in memory",
             f"{'query':28} {'before':>8} {'memory':>9} {'page':>7} {'api':>15} {'persisted':>17} "
             f"{'cli (one-shot)':>19}"]  # fmt: skip
    per = {b: results[b]["queries"] for b in BACKENDS if b in results}
    if "memory" not in per:
        lines = []
    for name in per.get("memory", {}):
        bound = per["memory"][name]["cpu_s"]
        before = per["memory"][name].get("before_cpu_s", "–")
        page = per["memory"][name].get("page_cpu_s", "–")
        cells = [f"{_s(before):>8}", f"{_s(bound):>9}", f"{_s(page):>7}"]
        for backend, width in (("api", 15), ("persisted", 17), ("cli", 19)):
            value = per.get(backend, {}).get(name, {}).get("cpu_s", "–")
            cells.append(f"{_s(value) + ' (' + _ratio(value, bound) + ')':>{width}}")
        lines.append(f"{name[:28]:28} " + " ".join(cells))
    lines += _frozen_report(results) + _split_report(results)
    opened = ", ".join(f"{b} {_s(results[b].get('open_s', '–'))}" for b in BACKENDS if b in results)
    lines.append(f"opening the graph (once per process): {opened}")
    return "\n".join(lines)


def _frozen_report(results: dict) -> list[str]:
    """The pages of a FrozenStore beside the baseline's page on a plain Store and the 100 ms bound."""
    paged = {n: q for n, q in results.get("frozen", {}).get("queries", {}).items() if "page_cpu_s" in q}
    if not paged:
        return []
    lines = ["a page on a FrozenStore (api): before = the baseline's page on a plain Store; index = the "
             "first page on a fresh FrozenStore (once per query); bound 0.100 s",
             f"{'query':28} {'rows':>7} {'before page':>12} {'index':>7} {'page':>7} {'page/before':>12} "
             f"{'page/bound':>11}"]  # fmt: skip
    for name, q in paged.items():
        before = q.get("before_page_cpu_s", "–")
        lines.append(f"{name[:28]:28} {q['rows']:>7} {_s(before):>12} {_s(q['index_cpu_s']):>7} "
                     f"{_s(q['page_cpu_s']):>7} {_ratio(q['page_cpu_s'], before, 4):>12} "
                     f"{_ratio(q['page_cpu_s'], 0.1, 3):>11}")  # fmt: skip
    return lines


def _split_report(results: dict) -> list[str]:
    """Where each query's in-memory time goes (`--backends split`), beside the 100 ms bound."""
    split = results.get("split", {}).get("queries", {})
    if not split:
        return []
    lines = ["where the in-memory time goes (split): join = joins and grouping (COUNT(*) of the unsorted "
             "query); read = rows read; sort; cells = conversion to table text; bound 0.100 s",
             f"{'query':28} {'rows':>7} {'join':>7} {'read':>7} {'sort':>7} {'sorted':>7} {'cells':>7} "
             f"{'sorted/bound':>13}"]  # fmt: skip
    for name, q in split.items():
        if "join_cpu_s" not in q:
            continue
        read, sort = q["unsorted_cpu_s"] - q["join_cpu_s"], q["cpu_s"] - q["unsorted_cpu_s"]
        cells = q["cells_cpu_s"] - q["cpu_s"]
        lines.append(f"{name[:28]:28} {q['rows']:>7} {q['join_cpu_s']:7.3f} {read:7.3f} {sort:7.3f} "
                     f"{q['cpu_s']:7.3f} {cells:7.3f} {_ratio(q['cpu_s'], 0.1):>13}")  # fmt: skip
    return lines


def _s(value: object) -> str:
    return value if isinstance(value, str) else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, help="an N-Quads graph of ~10^6 quads")
    parser.add_argument("--make", type=int, default=1000, help="reports to generate without --graph")
    parser.add_argument("--copies", type=int, default=3, help="replicas of the generated graph")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=100, help="the page the one-shot command prints")
    parser.add_argument("--timeout", type=float, default=300.0, help="wall seconds per query and run")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--queries", help="comma-separated query names (default: all)")
    parser.add_argument("--out", type=Path, default=RESULTS / "queries.json")
    parser.add_argument("--baseline", type=Path, help="a folder of the same queries (e.g. main's queries/) "
                        "timed beside these in the same child: the before of a change")  # fmt: skip
    args = parser.parse_args()
    from fupin.graph.query import named_queries, store_location

    graph = args.graph or make_graph(args.make, args.copies, Path(tempfile.mkdtemp(prefix="fupin-q-")))
    started = time.process_time()
    store_location(graph)  # the first `fupin query` after a build pays this once
    build_s = round(time.process_time() - started, 2)
    names = args.queries.split(",") if args.queries else list(named_queries())
    with graph.open("rb") as handle:
        quads = sum(1 for _ in handle)
    results: dict = {"graph": str(graph), "quads": quads, "runs": args.runs, "limit": args.limit,
                     "store_build_cpu_s": build_s, "load_at_start": os.getloadavg(),
                     "baseline": str(args.baseline) if args.baseline else None}  # fmt: skip
    for backend in args.backends.split(","):
        baseline = str(args.baseline.resolve()) if args.baseline else ""
        results[backend] = measure(backend, graph, names, args.runs, args.limit, args.timeout, baseline)
    results["load_at_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(report(results))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(*sys.argv[2:8])
    else:
        main()
