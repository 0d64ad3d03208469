"""Extractor start-up: the compiled lexicon file against compiling the ontology's labels at run time.

Each figure is the median CPU seconds (user + sys of a fresh process, `resource.getrusage`) over --repeat
runs, each run a new interpreter so nothing is cached between them:

- `load`: `fupin.extract.lexicon.load_lexicon()`, the compiled ontology/compiled/lexicon.json read with json;
- `compile`: the same Lexicon made from the ontology at run time (rdflib parses ontology/*.ttl and
  `fupin.graph.lexicon` walks its labels), which is what every build did before the file existed;
- `extractor`: either of those plus `ReportExtractor(lexicon)` (spaCy pipeline, matchers, gazetteer) and
  the imports, i.e. what a build pays before its first report; `extract5`: the five bundled reports after.

    .venv/bin/python bench/bench_startup.py [--repeat 5] [--out bench/results/startup.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
from pathlib import Path

_CHILD = """
import json, resource, sys
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
mode, full = sys.argv[1], sys.argv[2] == "1"
out = {"imports": cpu()}
if mode == "load":
    from fupin.extract.lexicon import load_lexicon
    lexicon = load_lexicon()
else:
    from fupin.extract.lexicon import Lexicon
    from fupin.graph.lexicon import compile_lexicon
    lexicon = Lexicon.from_data(json.loads(compile_lexicon()))
out["lexicon"] = cpu() - out["imports"]
if full:
    from fupin.extract.pipeline import ReportExtractor
    extractor = ReportExtractor(lexicon)
    out["extractor"] = cpu()
    from fupin import resources
    from fupin.extract.read import read_document
    docs = [read_document(p) for p in sorted(resources.folder("corpus").glob("*.txt"))]
    before = cpu()
    for doc in docs:
        extractor.extract(doc)
    out["extract5"] = cpu() - before
print(json.dumps(out))
"""


def run(mode: str, full: bool) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, "1" if full else "0"], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def medians(mode: str, full: bool, repeat: int) -> dict[str, float]:
    runs = [run(mode, full) for _ in range(repeat)]
    return {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench/results/startup.json"))
    args = parser.parse_args()
    result = {"machine": platform.platform(), "python": platform.python_version(), "repeat": args.repeat}
    for mode in ("load", "compile"):
        result[f"{mode}_lexicon"] = medians(mode, False, args.repeat)
        result[f"{mode}_extractor"] = medians(mode, True, args.repeat)
    load, comp = result["load_lexicon"]["lexicon"], result["compile_lexicon"]["lexicon"]
    print(
        f"lexicon  compiled file {load:.3f} s CPU   from the ontology {comp:.3f} s   ratio {comp / load:.1f}x"
    )
    load_x, comp_x = result["load_extractor"]["extractor"], result["compile_extractor"]["extractor"]
    print(
        f"extractor start-up (imports + lexicon + ReportExtractor) {load_x:.3f} s vs {comp_x:.3f} s, ratio "
        f"{comp_x / load_x:.2f}x"
    )
    print(
        f"extract five bundled reports after start-up  {result['load_extractor']['extract5']:.3f} s "
        f"(start-up / extraction {load_x / result['load_extractor']['extract5']:.1f}x)"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
