"""The bundled reports in every shape they arrive in — GB18030, UTF-16, traditional script, HTML pages
and PDFs — give the same facts as the originals, and bad files beside them fail one line each.

Facts are compared by what they say (type, values, notations, names), not where: HTML and PDF texts
are produced by extraction, so their offsets differ; traditional copies are compared after t2s
conversion of their names, since the evidence quotes the traditional text as written.
"""

from __future__ import annotations

import dataclasses
import html
import shutil
import subprocess
from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner

from fupin import resources
from fupin.builder import build_corpus
from fupin.cache import BuildCache
from fupin.cli import main
from fupin.extract.facts import DocumentFacts
from fupin.extract.scripts import to_simplified

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))
TEXT_VARIANTS = ("gb18030.txt", "utf16.txt", "traditional.txt", "html")
BAD_FILES = ("empty.txt", "binary.bin.txt", "huge.txt")


def _cjk_font() -> Path | None:
    """A font with Chinese glyphs, as fontconfig knows it (fpdf2 needs a file to embed)."""
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.split(":")[0].strip() for line in listed.splitlines() if line.strip())
    return next((Path(f) for f in files if f.endswith((".ttf", ".ttc", ".otf"))), None)


def _as_html(text: str) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>报告</title></head>\n'
        f'<body><nav><a href="/">首页</a> | <a href="/news">新闻</a></nav>\n<article>\n{paragraphs}\n'
        "</article><footer>版权所有</footer></body></html>\n"
    )


def _write_pdf(text: str, path: Path, font: Path) -> None:
    """One paragraph per multi_cell, wrapped by fpdf2 at the page width, as PDF exports are."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=11)
    for line in text.splitlines():
        if line.strip():
            pdf.multi_cell(0, 6, line.strip(), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, ...]]:
    """A folder of every variant of every bundled report, plus the bad files; and the suffixes made."""
    folder = tmp_path_factory.mktemp("variants")
    s2t = opencc.OpenCC("s2t")
    font = _cjk_font()
    suffixes = (*TEXT_VARIANTS, "pdf") if font else TEXT_VARIANTS
    for path in CORPUS:
        text = path.read_text(encoding="utf-8")
        stem = path.stem
        shutil.copy(path, folder / f"{stem}.original.txt")
        (folder / f"{stem}.gb18030.txt").write_bytes(text.encode("gb18030"))
        (folder / f"{stem}.utf16.txt").write_bytes(text.encode("utf-16"))
        (folder / f"{stem}.traditional.txt").write_text(s2t.convert(text), encoding="utf-8")
        (folder / f"{stem}.html").write_text(_as_html(text), encoding="utf-8")
        if font:
            _write_pdf(text, folder / f"{stem}.pdf", font)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin.txt").write_bytes(bytes(range(256)) * 64)
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(200_000_000)
    return folder, suffixes


def _what_it_says(doc: DocumentFacts, *, simplify: bool) -> tuple:
    """The report's own record and its facts without evidence; strings simplified if asked."""

    def norm(value: object) -> object:
        if isinstance(value, str):
            return to_simplified(value) if simplify else value
        if isinstance(value, tuple):
            return tuple(norm(v) for v in value)
        return value

    def fields(record: object, skip: tuple[str, ...]) -> tuple:
        return tuple(
            (f.name, norm(getattr(record, f.name))) for f in dataclasses.fields(record) if f.name not in skip
        )

    report = fields(doc.report, ("source", "sha256", "evidence"))
    facts = sorted({(type(f).__name__, *fields(f, ("evidence",))) for f in doc.facts}, key=repr)
    return report, facts


def test_every_readable_copy_says_what_its_original_says(
    variants: tuple[Path, tuple[str, ...]], tmp_path: Path
) -> None:
    folder, suffixes = variants
    cache = BuildCache(tmp_path / "cache")
    code = CliRunner().invoke(
        main, ["build", str(folder), "-o", str(tmp_path / "kg.nq"), "--cache-dir", str(tmp_path / "cache")]
    )
    assert code.exit_code == 1
    errors = code.stderr.strip().splitlines()
    assert errors[-1] == f"{len(BAD_FILES)} file(s) failed"
    assert sorted(Path(line.removeprefix("skipped ").split(": ")[0]).name for line in errors[:-1]) == sorted(
        BAD_FILES
    )
    assert any("too large" in line and "huge.txt" in line for line in errors)

    result = build_corpus([folder], tmp_path / "kg.nq", cache=cache)  # every readable file is cached now
    assert result.extracted == 0 and result.cached == len(CORPUS) * (1 + len(suffixes))
    by_name = {doc.report.source: doc for doc in result.documents}
    for path in CORPUS:
        original = _what_it_says(by_name[f"{path.stem}.original.txt"], simplify=False)
        assert original[1], f"{path.name} gives no facts"
        for suffix in suffixes:
            copy = by_name[f"{path.stem}.{suffix}"]
            said = _what_it_says(copy, simplify=suffix == "traditional.txt")
            assert said == original, f"{path.stem}.{suffix} differs from its original"


def test_wraps_before_closing_punctuation_and_after_a_short_last_line_are_joined() -> None:
    """The two layouts the PDF copies showed: a line that starts with ” or 。 continues the one
    before, and a paragraph's short last visual line is judged as part of its whole paragraph."""
    from fupin.extract.normalise import make_view

    text = (
        "从贫困群众最急最难最盼的事情入手，建设“四大工程”，不断提高群众获得感和满意度。二是建“放心\n”工程。\n"
        "完善搬迁安置点党建体系、服务管理体系、群众自治体系，确保群众搬得出、稳得住、能\n致富。四是建“安心”工\n程。\n"
        "四大工程\n一是建“舒心”工程。"
    )
    view = make_view(text)
    assert "“放心”工程" in view.text and "能致富。四是建“安心”工程。" in view.text
    assert "四大工程\n一是" in view.text  # a short heading stays its own line
    start = view.text.index("“安心”工程")
    assert view.quote(start, start + 6)[2] == "“安心”工\n程"
