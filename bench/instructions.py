"""Extraction (with --render, also each report's graph records) of the first N reports of a folder, the
loop alone marked for callgrind: instruction counts do not drift with the machine's load, so two trees
are compared by counts where CPU seconds on a shared machine differ more run to run than the change.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no --toggle-collect=starmap_next \\
        --callgrind-out-file=/tmp/cg.out TREE/.venv/bin/python bench/instructions.py DIR 100 [--render]
    callgrind_annotate /tmp/cg.out | grep TOTALS

Only the `itertools.starmap` loop is counted: start-up and a warm-up report are not. With
`--only extract_indicators` (any extractor's name) only that extractor's calls are counted: callgrind
sees C functions, not Python ones, so one extractor's share is measured by running it alone under
starmap (the work the extractors before it left in the report's context is not counted).
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from fupin.extract import pipeline
from fupin.extract.context import ReportContext
from fupin.extract.facts import Document
from fupin.extract.read import read_document
from fupin.job import default_extractor


def _counted_alone(name: str) -> None:
    """Run the extractor called `name` under `itertools.starmap`, the others outside it."""
    (extractor,) = (e for e in pipeline.EXTRACTORS if e.__name__ == name)

    def alone(ctx: ReportContext) -> list:
        return next(itertools.starmap(extractor, ((ctx,),)))

    pipeline.EXTRACTORS = tuple(alone if e is extractor else e for e in pipeline.EXTRACTORS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--render", action="store_true", help="also render each report's graph records")
    parser.add_argument("--only", metavar="EXTRACTOR", help="count only this extractor (a function name)")
    args = parser.parse_args()
    paths = sorted(p for p in args.folder.iterdir() if p.is_file())[: args.count]
    documents = [read_document(path, source=path.name) for path in paths]
    extractor = default_extractor()

    def one(document: Document) -> None:
        facts = extractor.extract(document)
        if args.render:
            from fupin.graph.build import report_records

            report_records(facts, min_confidence=0.0, fmt="nquads")

    one(documents[0])  # lazy state (caches, lexemes of the first characters) outside the count
    if args.only:
        _counted_alone(args.only)
        for document in documents:
            one(document)
        return
    for _ in itertools.starmap(one, ((document,) for document in documents)):
        pass


if __name__ == "__main__":
    main()
