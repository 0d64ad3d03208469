"""Two builds into one output and one cache: each records the bytes it wrote, so a build whose file
another build replaced right after the rename is not later taken as up to date."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from fupin import files, resources
from fupin.builder import build_corpus
from fupin.cache import BuildCache

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))


def _folder(tmp_path: Path, name: str, report: Path) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(report, folder / report.name)
    return folder


def test_a_graph_replaced_by_a_concurrent_build_after_the_rename_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _folder(tmp_path, "one", CORPUS[1]), _folder(tmp_path, "two", CORPUS[2])
    output, cache = tmp_path / "kg.nt", BuildCache(tmp_path / "cache")
    build_corpus([second], tmp_path / "second.nt", cache=None)
    theirs = (tmp_path / "second.nt").read_bytes()
    write = files.write_atomically

    def then_the_other_build_renames(target: Path, chunks, digest=None) -> Path:
        written = write(target, chunks, digest)
        staged = target.with_name(".other.tmp")
        staged.write_bytes(theirs)
        os.replace(staged, target)  # the concurrent build's rename lands here
        return written

    monkeypatch.setattr(files, "write_atomically", then_the_other_build_renames)
    build_corpus([first], output, cache=cache)
    monkeypatch.undo()
    assert output.read_bytes() == theirs
    again = build_corpus([first], output, cache=cache)
    assert again.written
    assert output.read_bytes() != theirs
    assert output.read_bytes() == build_corpus([first], tmp_path / "fresh.nt").output.read_bytes()
