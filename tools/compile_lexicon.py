"""Compile the ontology into ontology/compiled/: the extractor's lexicon (lexicon.json) and the lines every
build's default graph starts with (ontology.nt.gz).

Run it after any change to ontology/*.ttl, links/*.ttl or ontology/surnames.tsv, and commit the files with
the change (tools/make_ontology_docs.py runs it too). A build whose ontology files no longer match
ontology.nt.gz's recorded digest makes those lines from the Turtle itself (seconds slower, same graph).
The extractor reads the compiled lexicon with `json` alone (`fupin.extract.lexicon.load_lexicon`), so no
build parses the ontology for the extractor's sake; the compiling itself is
`fupin.graph.lexicon.compile_lexicon` and `fupin.graph.build.compile_ontology_lines`.
tests/graph/test_lexicon_compiled.py fails while a file is not what this tool would write. Usage:

    .venv/bin/python tools/compile_lexicon.py [--check]
"""

from __future__ import annotations

import argparse
import sys

from fupin.graph.build import compile_ontology_lines, write_compiled_ontology
from fupin.graph.lexicon import compile_lexicon, write_compiled_lexicon
from fupin.resources import compiled_lexicon, compiled_ontology

COMMAND = ".venv/bin/python tools/compile_lexicon.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only say whether the file is current (exit 1 when stale)"
    )
    args = parser.parse_args()
    lexicon, ontology = compiled_lexicon(), compiled_ontology()
    if args.check:
        stale = [
            target
            for target, current in (
                (lexicon, lexicon.is_file() and lexicon.read_text(encoding="utf-8") == compile_lexicon()),
                (ontology, ontology.is_file() and ontology.read_bytes() == compile_ontology_lines()),
            )
            if not current
        ]
        for target in (lexicon, ontology):
            print(f"{target}: {'stale, run ' + COMMAND if target in stale else 'current'}")
        return 1 if stale else 0
    print(f"{lexicon}: {'written' if write_compiled_lexicon() else 'unchanged'}")
    print(f"{ontology}: {'written' if write_compiled_ontology() else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
