"""Compile the ontology's labels into the extractor's lexicon file, ontology/compiled/lexicon.json.

Run it after any change to ontology/*.ttl or ontology/surnames.tsv, and commit the file with the change
(tools/make_ontology_docs.py runs it too). The extractor reads the compiled file with `json` alone
(`fupin.extract.lexicon.load_lexicon`), so no build parses the ontology for the extractor's sake; the
compiling itself is `fupin.graph.lexicon.compile_lexicon`. tests/graph/test_lexicon_compiled.py fails
while the file is not what this tool would write. Usage:

    .venv/bin/python tools/compile_lexicon.py [--check]
"""

from __future__ import annotations

import argparse
import sys

from fupin.graph.lexicon import compile_lexicon, write_compiled_lexicon
from fupin.resources import compiled_lexicon

COMMAND = ".venv/bin/python tools/compile_lexicon.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only say whether the file is current (exit 1 when stale)"
    )
    args = parser.parse_args()
    target = compiled_lexicon()
    if args.check:
        current = target.is_file() and target.read_text(encoding="utf-8") == compile_lexicon()
        print(f"{target}: {'current' if current else 'stale, run ' + COMMAND}")
        return 0 if current else 1
    print(f"{target}: {'written' if write_compiled_lexicon() else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
