"""`fupin report` finds a graph's texts through the sources sidecar `fupin build` writes beside it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin.cli import main
from fupin.sources import sidecar_path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
REPORT = sorted(CORPUS.glob("*.txt"))[0]


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A graph built from a nested folder (one report in a sub-folder), the graph in another folder."""
    texts = tmp_path / "work" / "reports" / "2019"
    (texts / "hubei").mkdir(parents=True)
    shutil.copy(REPORT, texts / "hubei" / "report.txt")
    out = tmp_path / "graphs"
    out.mkdir()
    monkeypatch.chdir(tmp_path / "work")
    result = CliRunner().invoke(main, ["build", "reports", "-o", str(out / "kg.ttl"), "--no-cache"])
    assert result.exit_code == 0, result.output
    return out / "kg.ttl", tmp_path / "work" / "reports"


def _report(graph: Path, out: Path, *extra: str):
    result = CliRunner().invoke(main, ["report", "--graph", str(graph), "-o", str(out), "-v", *extra])
    assert result.exit_code == 0, result.output
    return result


def _text_pages(site: Path) -> list[Path]:
    return sorted((site / "text").glob("*.html")) if (site / "text").exists() else []


def test_the_sidecar_names_the_root_and_each_file_hash(built):
    graph, root = built
    body = json.loads(sidecar_path(graph).read_text(encoding="utf-8"))
    assert body["roots"][0]["path"] == str(root.resolve())
    assert list(body["files"]) == ["2019/hubei/report.txt"]
    assert len(body["files"]["2019/hubei/report.txt"]["sha256"]) == 64
    assert str(root) not in graph.read_text(encoding="utf-8")  # the graph itself names no folder


def test_a_graph_built_from_a_nested_folder_is_reported_from_another_cwd(built, tmp_path, monkeypatch):
    graph, _ = built
    monkeypatch.chdir(tmp_path)
    result = _report(graph, tmp_path / "site")
    assert "(1 with text)" in result.output
    assert len(_text_pages(tmp_path / "site")) == 1
    assert "warning" not in result.output


def test_a_moved_folder_is_said_and_no_text_is_shown(built, tmp_path):
    graph, root = built
    root.rename(tmp_path / "elsewhere")
    result = _report(graph, tmp_path / "site")
    assert "is gone (moved?); pass --texts DIR" in result.output
    assert "(0 with text)" in result.output
    assert _text_pages(tmp_path / "site") == []
    county = next((tmp_path / "site" / "county").glob("*.html")).read_text(encoding="utf-8")
    assert "text unavailable" in county


def test_an_edited_file_is_said_and_never_highlighted(built, tmp_path):
    graph, root = built
    path = root / "2019" / "hubei" / "report.txt"
    path.write_text("补充说明。\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = _report(graph, tmp_path / "site")
    assert "2019/hubei/report.txt changed since the build (sha256 differs)" in result.output
    assert _text_pages(tmp_path / "site") == []


def test_texts_overrides_the_sidecar(built, tmp_path):
    graph, root = built
    moved = tmp_path / "copy"
    shutil.copytree(root, moved)
    shutil.rmtree(root)
    result = _report(graph, tmp_path / "site", "--texts", str(moved))
    assert "warning" not in result.output
    assert "(1 with text)" in result.output


def test_a_graph_moved_with_its_texts_finds_them_by_the_relative_path(built, tmp_path):
    shutil.move(tmp_path, tmp_path.parent / (tmp_path.name + "-moved"))
    moved = tmp_path.parent / (tmp_path.name + "-moved")
    tmp_path.mkdir()  # pytest's own clean-up expects it
    result = _report(moved / "graphs" / "kg.ttl", moved / "site")
    assert "(1 with text)" in result.output
    shutil.rmtree(moved)
