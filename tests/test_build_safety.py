"""`build_corpus` loses nothing: a build that read no input leaves the output alone, a symlink loop
costs only itself, and reports that share a file name in different folders stay different reports."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.namespace import DCTERMS, RDF

from fupin import resources
from fupin.builder import build_corpus
from fupin.cache import BuildCache
from fupin.graph.vocab import FP

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in CORPUS[:2]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.mark.parametrize("cached", [False, True])
def test_a_build_that_reads_no_input_leaves_the_output_alone(
    corpus: Path, tmp_path: Path, cached: bool
) -> None:
    cache = BuildCache(tmp_path / "cache") if cached else None
    output = tmp_path / "kg.ttl"
    build_corpus([corpus], output, cache=cache)
    good = output.read_bytes()
    mistyped = tmp_path / "reprots"
    result = build_corpus([mistyped], output, cache=cache)
    assert result.failures == [f"{mistyped}: no such file or directory"]
    assert not result.written and result.triples == 0
    assert output.read_bytes() == good


def test_a_build_of_an_empty_folder_leaves_the_output_alone(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "kg.ttl"
    build_corpus([corpus], output)
    good = output.read_bytes()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = build_corpus([empty], output)
    assert result.failures == [f"{empty}: no report files found"]
    assert output.read_bytes() == good


def test_a_symlink_loop_is_named_and_the_good_files_are_built(corpus: Path, tmp_path: Path) -> None:
    (corpus / "a.txt").symlink_to(corpus / "b.txt")
    (corpus / "b.txt").symlink_to(corpus / "a.txt")
    output = tmp_path / "kg.ttl"
    result = build_corpus([corpus, corpus / "a.txt"], output)
    assert result.failures == [f"{corpus / 'a.txt'}: symlink loop", f"{corpus / 'b.txt'}: symlink loop"]
    assert len(result.documents) == 2 and output.exists()


def _counties(count: int) -> list[str]:
    """County names from the gazetteer, far from any test corpus."""
    with resources.data_file("ontology", "divisions.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["name"].endswith("县")]
    return [r["name"] for r in rows[-count:]]


def _page(county: str, number: int) -> str:
    return (
        f"<html><head><title>{county}脱贫攻坚工作总结</title></head><body><article>"
        f"<h1>{county}脱贫攻坚工作总结（第{number}期）</h1>"
        f"<p>{county}全县累计建成扶贫车间{number + 3}个，带动贫困户就业。</p>"
        "</article></body></html>"
    )


def test_fifty_index_pages_in_fifty_folders_are_fifty_reports(tmp_path: Path) -> None:
    site = tmp_path / "site"
    counties = _counties(50)
    for number, county in enumerate(counties):
        folder = site / f"news-{number:02d}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(_page(county, number), encoding="utf-8")
    output = tmp_path / "kg.trig"
    cache = BuildCache(tmp_path / "cache")
    result = build_corpus([site], output, cache=cache)
    assert result.failures == [] and len(result.documents) == 50
    data = Dataset(default_union=True)
    data.parse(output, format="trig")
    reports = set(data.subjects(RDF.type, FP.Report))
    assert len(reports) == 50
    for report in reports:
        assert len(set(data.objects(report, DCTERMS.title))) == 1
        assert len(set(data.objects(report, FP.about))) == 1
    files = {str(f) for f in data.objects(None, FP.sourceFile)}
    assert files == {f"news-{n:02d}/index.html" for n in range(50)}
    again = build_corpus([site], output, cache=cache)
    assert (again.cached, again.written) == (50, False)


def test_one_relative_path_in_two_build_roots_is_two_reports_unless_the_content_is_the_same(
    tmp_path: Path,
) -> None:
    first, second, copy = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    counties = _counties(2)
    for folder, county in ((first, counties[0]), (second, counties[1]), (copy, counties[0])):
        folder.mkdir()
        (folder / "index.html").write_text(_page(county, 1), encoding="utf-8")
    output = tmp_path / "kg.trig"
    build_corpus([first, second, copy], output)
    data = Dataset(default_union=True)
    data.parse(output, format="trig")
    assert len(set(data.subjects(RDF.type, FP.Report))) == 2


def _too_deep(root: Path) -> Path:
    """A folder nested past PATH_MAX, made with relative calls: even root cannot list it by its path,
    as os.walk does (ENAMETOOLONG)."""
    name = "d" * 200
    root.mkdir()
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(25):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    return root.joinpath(*[name] * 25)


def test_a_folder_that_cannot_be_listed_is_named(corpus: Path, tmp_path: Path) -> None:
    deep = _too_deep(corpus / "archive")
    result = build_corpus([corpus], tmp_path / "kg.ttl")
    assert len(result.documents) == 2
    assert len(result.failures) == 1
    where, reason = result.failures[0].split(": ", 1)
    assert str(deep).startswith(where) and reason.startswith("folder cannot be read: ")


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists folders whatever their permissions")
def test_a_folder_without_read_permission_is_named(corpus: Path, tmp_path: Path) -> None:
    locked = corpus / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = build_corpus([corpus], tmp_path / "kg.ttl")
    finally:
        locked.chmod(0o755)
    assert result.failures == [f"{locked}: folder cannot be read: permission denied"]
