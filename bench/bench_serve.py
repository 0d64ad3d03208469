"""`fupin serve` under load against Oxigraph direct: 2,000 queries from 16 threads each way.

The bundled graph (or --graph) is served by `fupin serve` (the front) holding the graph in the
server's memory (what a read-only service does by default) and on disk (`--disk`), and by a bare
Oxigraph server over a RocksDB store of the same graph and over an in-memory one, all on 127.0.0.1;
each gets the same SELECT from 16 threads, 2,000 in all: a small one (`LIMIT 20`), or a named query
(--query 08). Printed: errors (a refused or dropped connection counts) and p50/p99 latency for each,
and ratio lines of the p50s and the p99s (same run): the front in memory against Oxigraph direct on
disk (the p99 ratio should stay within 1.5) and in memory, and the front in memory against on disk.

    .venv/bin/python bench/bench_serve.py [--graph kg.trig] [--queries 2000] [--threads 16] [--query 08]

Writes bench/results/serve.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fupin.graph.query import resolve
from fupin.graph.serve import load_location, oxigraph_server, post_graph, running

RESULTS = Path(__file__).resolve().parent / "results" / "serve.json"
QUERY = "SELECT ?s ?o WHERE { ?s a ?o } LIMIT 20"


def _one(url: str) -> float | None:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            answer.read()
    except OSError:
        return None
    return time.perf_counter() - started


def load(base: str, queries: int, threads: int, query: str = QUERY) -> tuple[int, float, float]:
    """(errors, p50 s, p99 s) of `queries` GET queries to `base` from `threads` threads."""
    url = base + "/query?" + urllib.parse.urlencode({"query": query})
    with ThreadPoolExecutor(threads) as pool:
        times = list(pool.map(_one, [url] * queries))
    done = sorted(t for t in times if t is not None)
    cut = statistics.quantiles(done, n=100)
    return len(times) - len(done), cut[49], cut[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--query", help="a named query to send instead of the small SELECT")
    args = parser.parse_args()
    graph = args.graph
    query = QUERY if args.query is None else resolve(args.query)[1]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        if graph is None:
            from fupin.builder import build_corpus

            graph = Path(tmp) / "kg.trig"
            build_corpus([], graph)
        location = Path(tmp) / "direct"
        load_location(graph, location)
        rows = {}
        with oxigraph_server(location) as direct:
            rows["oxigraph disk"] = load(direct, args.queries, args.threads, query)
        with oxigraph_server(None) as direct:
            post_graph(direct, graph)
            rows["oxigraph memory"] = load(direct, args.queries, args.threads, query)
        for store in ("memory", "disk"):
            with running(graph, port=0, store=store) as front:
                rows[f"fupin {store}"] = load(front, args.queries, args.threads, query)
    for name, (errors, p50, p99) in rows.items():
        print(f"{name:16} errors {errors:4}  p50 {1000 * p50:7.1f} ms  p99 {1000 * p99:7.1f} ms")
    ratios = {}
    pairs = (
        ("fupin memory", "oxigraph disk"),
        ("fupin memory", "oxigraph memory"),
        ("fupin memory", "fupin disk"),
        ("fupin disk", "oxigraph disk"),
    )
    for a, b in pairs:
        for at, name in ((1, "p50"), (2, "p99")):
            ratio = rows[a][at] / rows[b][at]
            ratios[f"{name} {a} / {b}"] = round(ratio, 2)
            goal = " (goal <= 1.5)" if name == "p99" and b == "oxigraph disk" and a == "fupin memory" else ""
            print(f"ratio {name}: {a} {1000 * rows[a][at]:.1f} ms vs {b} {1000 * rows[b][at]:.1f} ms = "
                  f"{ratio:.2f}{goal}")  # fmt: skip
    doc = {
        "queries": args.queries,
        "threads": args.threads,
        "query": args.query or QUERY,
        "runs": {name: {"errors": e, "p50_ms": round(1000 * p50, 1), "p99_ms": round(1000 * p99, 1)}
                 for name, (e, p50, p99) in rows.items()},
        "ratios": ratios,
    }  # fmt: skip
    out = RESULTS if args.query is None else RESULTS.with_name(f"serve-{args.query}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
