"""The compiled files (ontology/compiled/) are what the ontology compiles to: lexicon.json, the labels the
extractor reads, and ontology.nt.gz, the lines every build's default graph starts with.

The extractor reads only the compiled file (`fupin.extract.lexicon.load_lexicon`, plain JSON), so an edit
of ontology/*.ttl or surnames.tsv teaches it nothing until the file is compiled again; these tests fail
until it is, and say which command to run.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from fupin.extract import lexicon as extract_lexicon
from fupin.extract.lexicon import Lexicon, load_lexicon
from fupin.graph import build
from fupin.graph import lexicon as graph_lexicon
from fupin.graph.lexicon import compile_lexicon
from fupin.graph.writer import lines
from fupin.resources import compiled_lexicon, compiled_ontology, folder

COMMAND = ".venv/bin/python tools/compile_lexicon.py"


@pytest.fixture(scope="module")
def compiled() -> str:
    return compile_lexicon()


def test_the_compiled_file_is_current_with_the_ontology(compiled: str) -> None:
    shipped = compiled_lexicon().read_text(encoding="utf-8") if compiled_lexicon().is_file() else ""
    assert shipped == compiled, f"{compiled_lexicon()} is not current with ontology/*.ttl: run {COMMAND}"


def test_an_edited_label_makes_the_file_stale(tmp_path: Path, compiled: str) -> None:
    """The check above can fail: a word added to a copy of the ontology compiles to another file."""
    for path in [*folder("ontology").glob("*.ttl"), folder("ontology") / "surnames.tsv"]:
        shutil.copy(path, tmp_path / path.name)
    lexicon_ttl = tmp_path / "lexicon.ttl"
    text = lexicon_ttl.read_text(encoding="utf-8")
    lexicon_ttl.write_text(text.replace('"确保"@zh,', '"确保"@zh, "务必"@zh,', 1), encoding="utf-8")
    edited = compile_lexicon(tmp_path)
    assert edited != compiled
    assert "务必" in json.loads(edited)["words"]["target-marker"]


def test_the_extractor_loads_what_was_compiled(compiled: str) -> None:
    assert Lexicon.from_data(json.loads(compiled)) == load_lexicon()


def test_compiler_and_loader_agree_on_the_format() -> None:
    assert graph_lexicon.FORMAT == extract_lexicon.FORMAT
    with pytest.raises(ValueError, match="format"):
        Lexicon.from_data({"format": extract_lexicon.FORMAT + 1})


def test_every_word_class_is_a_field_and_every_field_a_word_class(compiled: str) -> None:
    """A Lexicon field names a concept of ontology/lexicon.ttl, and no concept there goes unread."""
    declared = {f.metadata["word_class"] for f in fields(Lexicon) if "word_class" in f.metadata}
    assert declared == set(json.loads(compiled)["words"])


def test_loading_the_lexicon_needs_no_rdf() -> None:
    code = (
        "import sys; from fupin.extract.lexicon import load_lexicon; load_lexicon(); "
        "rdf = [m for m in sys.modules if m.split('.')[0] == 'rdflib' or m.startswith('fupin.graph')]; "
        "print(rdf); sys.exit(1 if rdf else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# ontology/compiled/ontology.nt.gz: the default graph's ontology lines, compiled by the same command


def test_the_compiled_ontology_is_current() -> None:
    shipped = compiled_ontology().read_bytes() if compiled_ontology().is_file() else b""
    assert shipped == build.compile_ontology_lines(), f"{compiled_ontology()} is stale: run {COMMAND}"


def test_the_compiled_lines_are_the_ontology_lines() -> None:
    """The fast path gives the lines the slow path (parse the Turtle, relabel blank nodes) gives."""
    assert set(build.packaged_ontology_lines()) == set(lines(build.packaged_ontology()))
    assert build._compiled_lines(str(compiled_ontology()), build.ontology_digest(build._ontology_paths()))


def test_lines_compiled_from_other_files_are_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose digest names other ontology files (an edit without a recompile) is passed over for
    the slow path, so a stale file never puts old triples into a graph."""
    stale = tmp_path / "ontology.nt.gz"
    wrong = b"# fupin compiled ontology: sha256 of ontology/*.ttl and links/*.ttl 00\n"
    stale.write_bytes(gzip.compress(wrong + b"<urn:x:old> <urn:x:p> <urn:x:o> .\n"))
    monkeypatch.setattr("fupin.resources.compiled_ontology", lambda: stale)
    got = build.packaged_ontology_lines()
    assert b"<urn:x:old> <urn:x:p> <urn:x:o> .\n" not in got
    assert set(got) == set(lines(build.packaged_ontology()))


def test_the_digest_follows_the_files_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text("<urn:a> <urn:p> 1 .\n", encoding="utf-8")
    second.write_text("<urn:b> <urn:p> 2 .\n", encoding="utf-8")
    before = build.ontology_digest([first, second])
    second.write_text("<urn:b> <urn:p> 3 .\n", encoding="utf-8")
    assert build.ontology_digest([first, second]) != before
