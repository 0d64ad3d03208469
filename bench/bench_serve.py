"""`fupin serve` under load against Oxigraph direct: 2,000 queries from 16 threads each way.

The bundled graph (or --graph) is served by `fupin serve` (the front) and by a bare Oxigraph server
over a copy of the same store, both on 127.0.0.1; each gets the same small SELECT from 16 threads,
2,000 in all. Printed: errors (a refused or dropped connection counts) and p50/p99 latency for each,
and ratio lines of the p50s and the p99s (the front against Oxigraph direct, same run); the p99
ratio should stay within 1.5.

    .venv/bin/python bench/bench_serve.py [--graph kg.trig] [--queries 2000] [--threads 16]

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

from fupin.graph.serve import load_location, oxigraph_server, running

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


def load(base: str, queries: int, threads: int) -> tuple[int, float, float]:
    """(errors, p50 s, p99 s) of `queries` GET queries to `base` from `threads` threads."""
    url = base + "/query?" + urllib.parse.urlencode({"query": QUERY})
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
    args = parser.parse_args()
    graph = args.graph
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        if graph is None:
            from fupin.builder import build_corpus

            graph = Path(tmp) / "kg.trig"
            build_corpus([], graph)
        location = Path(tmp) / "direct"
        load_location(graph, location)
        rows = {}
        with oxigraph_server(location) as direct:
            rows["oxigraph direct"] = load(direct, args.queries, args.threads)
        with running(graph, port=0) as front:
            rows["fupin serve"] = load(front, args.queries, args.threads)
    for name, (errors, p50, p99) in rows.items():
        print(f"{name:16} errors {errors:4}  p50 {1000 * p50:7.1f} ms  p99 {1000 * p99:7.1f} ms")
    front, direct = rows["fupin serve"], rows["oxigraph direct"]
    print(
        f"ratio p50: fupin serve {1000 * front[1]:.1f} ms vs direct {1000 * direct[1]:.1f} ms = "
        f"{front[1] / direct[1]:.2f}"
    )
    print(f"ratio p99: fupin serve {1000 * front[2]:.1f} ms vs direct {1000 * direct[2]:.1f} ms = "
          f"{front[2] / direct[2]:.2f} (goal <= 1.5)")  # fmt: skip
    doc = {
        "queries": args.queries,
        "threads": args.threads,
        "runs": {name: {"errors": e, "p50_ms": round(1000 * p50, 1), "p99_ms": round(1000 * p99, 1)}
                 for name, (e, p50, p99) in rows.items()},
        "ratio_p50": round(front[1] / direct[1], 2),
        "ratio_p99": round(front[2] / direct[2], 2),
    }  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
