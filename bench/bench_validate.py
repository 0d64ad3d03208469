"""How long `fupin validate` takes on a ~1 M-triple graph: the whole process with the default engine
(`shacl`, the graph loaded into Oxigraph) against the whole process with pyshacl (the graph loaded into
rdflib), CPU seconds of each child, with their reports compared field by field; optionally pyshacl on
the whole graph versus per-county partitions validated in parallel (--partitioned).

The graph is the bundled reports' graph scaled up without re-extracting: each report's named graph is
copied with its instance IRIs renamed (suffix `-k`) and its county moved to another real county of the
gazetteer, so every copy is a plausible county report and county-level shapes see realistic fan-out.

Why partitions by county are exact for our shapes: every fact shape looks at one fact node and the nodes
it points to (its county, evidence, concepts), and every completeness shape looks at one county and the
facts that point at it; so a partition holding some counties, all reports about them, and the ontology
gives the same results for its nodes as the whole graph. The ontology shapes run once, on the ontology.
The script checks that claim by comparing the result sets.

Run: .venv/bin/python bench/bench_validate.py [--triples 1000000] [--runs 1] [--graph-out kg.nt]
         [--partitioned [--workers 2] [--with-copy] [--nested]]
Prints each figure and ratio lines (shacl against pyshacl, and against the 15 s goal). Writes
bench/results/validate.json (or --out). The nested shapes take ~6x as long: run them at 10^5 triples.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from fupin.builder import extract_documents, read_documents
from fupin.extract.gazetteer import Gazetteer
from fupin.graph.build import add_county, build_dataset, county_iri
from fupin.graph.store import union_graph, write_graph
from fupin.graph.validate import load_shapes, validate
from fupin.graph.vocab import FP, FPD

RESULTS = Path(__file__).resolve().parent / "results" / "validate.json"
GOAL_S = 15.0  # issue 15: SHACL at 10^6 triples within 15 s, load included
COUNTY_PREFIX = str(FPD["county/"])
KEEP = tuple(str(FPD[p]) for p in ("county/", "prefecture/", "province/"))

_BUCKETS: dict[URIRef, list[tuple]] = {}  # graph name -> its triples; shared with forked workers


def bundled_dataset(gazetteer: Gazetteer) -> Dataset:
    """The graph `fupin build` makes of the bundled reports."""
    failures: list[str] = []
    docs = list(extract_documents(read_documents([], failures)))
    return build_dataset(docs, gazetteer=gazetteer)


def _rename(term, suffix: str, counties: dict[str, str]):
    """An instance IRI made unique to a copy; a county IRI moved to the copy's county."""
    if not isinstance(term, URIRef):
        return term
    text = str(term)
    if text.startswith(COUNTY_PREFIX):
        return county_iri(counties.get(text[len(COUNTY_PREFIX) :], text[len(COUNTY_PREFIX) :]))
    if text.startswith(str(FPD)) and not text.startswith(KEEP):
        return URIRef(text + suffix)
    return term


def scale(base: Dataset, gazetteer: Gazetteer, triples: int) -> Dataset:
    """`base` plus renamed copies of its report graphs until the dataset holds about `triples` triples."""
    reports = [g for g in base.graphs() if g.identifier != base.default_graph.identifier and len(g)]
    per_copy = sum(len(g) for g in reports)
    copies = max(0, (triples - len(base)) // per_copy)
    used = {str(o)[len(COUNTY_PREFIX) :] for g in reports for o in g.objects(None, FP.county)}
    spare = sorted(d.code for d in gazetteer if d.level == "county" and d.code not in used)
    ds = Dataset()
    for s, p, o, g in base.quads((None, None, None, None)):
        ds.graph(g).add((s, p, o))
    for k in range(copies):
        counties = {code: spare[(k * len(used) + i) % len(spare)] for i, code in enumerate(sorted(used))}
        for report in reports:
            target = ds.graph(URIRef(f"{report.identifier}-{k}"))
            for triple in report:
                target.add(tuple(_rename(t, f"-{k}", counties) for t in triple))
        for code in counties.values():
            add_county(ds.default_graph, code, gazetteer)
    return ds


def result_keys(report) -> set[tuple[str, str, str, str]]:
    return {(r.severity, r.shape, r.focus, r.path) for r in report.results}


def whole(ds: Dataset, shapes: Graph, *, copy: bool) -> tuple[float, set]:
    """pyshacl on the union of all graphs; `copy` repeats pyshacl's default of cloning the data graph."""
    started = time.perf_counter()
    data = union_graph(ds)
    if copy:
        from pyshacl import validate as shacl_validate

        shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True)
        return time.perf_counter() - started, set()  # timing only: the inplace run gives the results
    report = validate(data, shapes)
    return time.perf_counter() - started, result_keys(report)


def buckets(ds: Dataset) -> dict[URIRef, list[tuple]]:
    """Each graph's triples, read in one pass over the quads.

    rdflib's memory store answers "all triples of this named graph" by scanning the whole store, so
    asking it once per report costs (reports x triples); one pass over the quads costs the triples.
    """
    found: dict[URIRef, list[tuple]] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        found.setdefault(name, []).append((s, p, o))
    return found


def partitions(groups: dict[URIRef, list[tuple]], default: URIRef, parts: int) -> list[list[URIRef]]:
    """Report graphs grouped by the county they are about, counties dealt round-robin into `parts`."""
    by_county: dict[str, list[URIRef]] = {}
    for name, triples in groups.items():
        if name == default:
            continue
        about = next((str(o) for _, p, o in triples if p == FP.about), "")
        by_county.setdefault(about, []).append(name)
    chunks: list[list[URIRef]] = [[] for _ in range(parts)]
    for i, county in enumerate(sorted(by_county)):
        chunks[i % parts].extend(by_county[county])
    return [c for c in chunks if c]


def _validate_partition(args: tuple[list[URIRef], URIRef, bytes]) -> set:
    """Worker: its reports, their counties and the ontology in one graph, checked by the fact shapes."""
    names, default_name, shapes_nt = args
    shapes = Graph().parse(data=shapes_nt.decode("utf-8"), format="nt")
    data = Graph()
    counties: set[URIRef] = set()
    for name in names:
        for s, p, o in _BUCKETS[name]:
            data.add((s, p, o))
            if p in (FP.county, FP.about) and isinstance(o, URIRef):
                counties.add(o)
    default = Graph()
    for triple in _BUCKETS[default_name]:
        default.add(triple)
    parents = {o for c in counties for o in default.objects(c, FP.partOf)}
    for s, p, o in default:
        if not str(s).startswith(str(FPD)) or s in counties or s in parents:
            data.add((s, p, o))
    return result_keys(validate(data, shapes))


def partitioned(ds: Dataset, workers: int, chunks: int) -> tuple[float, set]:
    """Fact shapes per county partition in `workers` forked processes, ontology shapes once."""
    global _BUCKETS
    started = time.perf_counter()
    _BUCKETS = buckets(ds)
    default = ds.default_graph.identifier
    fact_shapes = load_shapes("structure.ttl", "completeness.ttl").serialize(format="nt", encoding="utf-8")
    jobs = [(names, default, fact_shapes) for names in partitions(_BUCKETS, default, chunks)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        found = set().union(*pool.map(_validate_partition, jobs))
    ontology = Graph()
    for s, p, o in _BUCKETS[default]:
        if not str(s).startswith(str(FPD)):
            ontology.add((s, p, o))
    found |= result_keys(validate(ontology, load_shapes("ontology.ttl")))
    return time.perf_counter() - started, found


def cli_run(graph: Path, engine: str) -> tuple[float, dict]:
    """CPU seconds (user + system) of one `fupin validate --engine ENGINE --format json` process on
    `graph`, start-up and load included, and the report it printed."""
    fupin = Path(sys.executable).with_name("fupin")
    command = [str(fupin), "validate", "--graph", str(graph), "--engine", engine, "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, json.loads(done.stdout)


def compare_engines(graph: Path, runs: int) -> dict:
    """Median CPU seconds of each engine's whole process over `runs` runs (A B A B …), and whether the
    reports (every result's fields, the completeness rows) are identical."""
    seconds: dict[str, list[float]] = {"shacl": [], "pyshacl": []}
    reports: dict[str, dict] = {}
    for _ in range(runs):
        for engine in seconds:
            cpu, reports[engine] = cli_run(graph, engine)
            seconds[engine].append(cpu)
            print(f"fupin validate --engine {engine}: {cpu:.1f} CPU s", flush=True)
    median = {engine: statistics.median(times) for engine, times in seconds.items()}
    shacl, pyshacl = median["shacl"], median["pyshacl"]
    same = reports["shacl"] == reports["pyshacl"]
    count = len(reports["shacl"]["results"])
    print(f"results: shacl {count}, pyshacl {len(reports['pyshacl']['results'])}; identical reports: {same}")
    print(f"ratio: shacl {shacl:.1f} CPU s vs pyshacl {pyshacl:.1f} CPU s = {pyshacl / shacl:.1f}x faster")
    print(f"ratio: shacl {shacl:.1f} CPU s vs the goal {GOAL_S:.0f} s = {shacl / GOAL_S:.2f} (<= 1 meets it)")
    return {
        "cli_cpu_seconds": {engine: [round(t, 2) for t in times] for engine, times in seconds.items()},
        "cli_median_cpu_seconds": {engine: round(t, 2) for engine, t in median.items()},
        "ratio_pyshacl_over_shacl": round(pyshacl / shacl, 1),
        "ratio_shacl_over_goal": round(shacl / GOAL_S, 2),
        "results": count,
        "reports_identical": same,
    }


def compare_partitions(ds: Dataset, args: argparse.Namespace) -> dict:
    """pyshacl in this process on the whole graph against per-county partitions in parallel."""
    shapes = load_shapes()
    runs: dict[str, float] = {}
    if args.with_copy:
        runs["pyshacl_whole_graph_cloned"], _ = whole(ds, shapes, copy=True)
        print(f"pyshacl whole graph, data cloned: {runs['pyshacl_whole_graph_cloned']:.1f} s", flush=True)
    if args.nested:
        runs["pyshacl_whole_graph_nested_shapes"], nested = whole(ds, load_shapes(hoist=False), copy=False)
        print(
            f"pyshacl whole graph, nested shapes: {runs['pyshacl_whole_graph_nested_shapes']:.1f} s",
            flush=True,
        )
    runs["pyshacl_whole_graph"], reference = whole(ds, shapes, copy=False)
    if args.nested:
        assert nested == reference, "hoisting changed the results"
    print(
        f"pyshacl whole graph (inplace): {runs['pyshacl_whole_graph']:.1f} s, {len(reference)} results",
        flush=True,
    )
    runs["pyshacl_per_county_parallel"], fast = partitioned(ds, args.workers, args.chunks)
    print(
        f"pyshacl per county partition, {args.workers} workers: "
        f"{runs['pyshacl_per_county_parallel']:.1f} s, {len(fast)} results",
        flush=True,
    )
    same = fast == reference
    ratio = runs["pyshacl_whole_graph"] / runs["pyshacl_per_county_parallel"]
    print(f"same results: {same}; ratio: whole / partitioned = {ratio:.2f}")
    return {
        "seconds": {k: round(v, 2) for k, v in runs.items()},
        "ratio_whole_over_partitioned": round(ratio, 2),
        "results_identical": same,
        "only_in_whole": len(reference - fast),
        "only_in_partitioned": len(fast - reference),
        "workers": args.workers,
        "chunks": args.chunks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1, help="whole-process runs of each engine (median)")
    parser.add_argument("--graph-out", type=Path, help="keep the scaled graph here (.nt, .nq, …)")
    parser.add_argument("--partitioned", action="store_true", help="also pyshacl whole vs per county")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--chunks", type=int, default=8, help="partitions (more than workers balances load)")
    parser.add_argument("--with-copy", action="store_true", help="also time pyshacl cloning the data graph")
    parser.add_argument(
        "--nested",
        action="store_true",
        help="also time the shapes as nested in the files (sh:property, not hoisted)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    gazetteer = Gazetteer.load()
    t0 = time.perf_counter()
    ds = scale(bundled_dataset(gazetteer), gazetteer, args.triples)
    build_s = time.perf_counter() - t0
    print(
        f"graph: {len(ds)} triples in {len(list(ds.graphs()))} graphs, built in {build_s:.1f} s", flush=True
    )
    doc: dict = {
        "triples": len(ds),
        "graphs": len(list(ds.graphs())),
        "scale_build_seconds": round(build_s, 2),
    }
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        graph = args.graph_out or Path(tmp) / "kg.nt"
        write_graph(ds, graph)
        doc["graph_format"] = graph.suffix
        doc["engines"] = compare_engines(graph, args.runs)
    if args.partitioned:
        doc["partitioned"] = compare_partitions(ds, args)
    doc["peak_rss_mb_parent"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    doc["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        **{name: metadata.version(name) for name in ("pyshacl", "rdflib", "shacl", "pyoxigraph")},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
