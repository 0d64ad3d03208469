"""Where the packaged data lives: ontology, shapes, queries, the bundled corpus and the web assets.

In a wheel these folders are installed inside the package as fupin/ontology, fupin/shapes, … (see
pyproject.toml's package-dir); in a source checkout or an editable install they are the top-level
folders of the repository (web/ is always fupin/web, beside this module). Callers ask for a folder by
name and never care which case they are in. Nothing from fupin is imported here, so extract/ and graph/
may both use this module (tests/test_layers.py keeps it so).
"""

from __future__ import annotations

from pathlib import Path

FOLDERS = ("ontology", "shapes", "queries", "corpus", "web")


def folder(name: str) -> Path:
    """The directory holding the packaged data folder `name` (one of FOLDERS)."""
    if name not in FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {', '.join(FOLDERS)}")
    installed = Path(__file__).resolve().parent / name
    if installed.is_dir():
        return installed
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / name).is_dir():
        return root / name
    raise FileNotFoundError(f"packaged data folder {name!r} not found next to {Path(__file__).parent}")


def data_file(name: str, filename: str) -> Path:
    """A file inside a packaged data folder; raises FileNotFoundError with the path it tried."""
    path = folder(name) / filename
    if not path.is_file():
        raise FileNotFoundError(f"packaged data file missing: {path}")
    return path


def compiled_lexicon() -> Path:
    """ontology/compiled/lexicon.json: the ontology's labels as plain data, written by
    tools/compile_lexicon.py and read by `fupin.extract.lexicon.load_lexicon` (no RDF at run time)."""
    return folder("ontology") / "compiled" / "lexicon.json"


def compiled_ontology() -> Path:
    """ontology/compiled/ontology.nt.gz: the N-Triples lines every build's default graph starts with
    (ontology and linksets, blank nodes relabelled canonically), written by tools/compile_lexicon.py
    and read by `fupin.graph.build.packaged_ontology_lines` instead of parsing Turtle each build."""
    return folder("ontology") / "compiled" / "ontology.nt.gz"
