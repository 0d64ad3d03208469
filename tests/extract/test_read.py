"""Reading reports from bytes: every encoding and format a county report arrives in, and every way a
file can be unusable, each with one clear reason."""

from __future__ import annotations

import codecs
import hashlib
import os
import random
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin import resources
from fupin.extract.read import ReadError, iter_inputs, read_document

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))
IDS = [p.stem for p in CORPUS]


def _report(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _reason(path: Path, **kwargs: int) -> str:
    with pytest.raises(ReadError) as caught:
        read_document(path, **kwargs)
    error = caught.value
    assert error.path == path
    assert str(error) == f"{path}: {error.reason}"
    assert "\n" not in str(error)
    return error.reason


# --- plain text in every encoding ------------------------------------------------------------------


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_utf8_report_is_read_exactly(path: Path) -> None:
    document = read_document(path)
    text = path.read_bytes().decode("utf-8")
    assert document.text == text
    assert document.source == path.name
    assert document.encoding == "utf-8"
    assert document.format == "txt"
    assert document.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


ENCODINGS = {
    "gb18030": (lambda text: text.encode("gb18030"), "gb18030"),
    "gbk": (lambda text: text.encode("gbk"), "gb18030"),
    "utf-16-le-bom": (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be-bom": (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16-be"),
    "utf-8-bom": (lambda text: text.encode("utf-8-sig"), "utf-8-sig"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_reencoded_report_decodes_to_the_original(tmp_path: Path, path: Path, encoding: str) -> None:
    encode, expected_encoding = ENCODINGS[encoding]
    original = _report(path)
    if encoding == "gbk":  # GBK lacks a few characters (鄧 is there; U+00A0 is not)
        original = original.replace("\xa0", " ")
    document = read_document(_write(tmp_path, f"report-{encoding}.txt", encode(original)))
    assert document.text == original  # the BOM is not part of the text
    assert document.encoding == expected_encoding
    assert document.sha256 == hashlib.sha256(original.encode("utf-8")).hexdigest()


def _big5_twin(text: str) -> str:
    """The report in Taiwan-standard traditional characters; the odd character Big5 lacks (U+00A0,
    礴) is replaced, as a Big5 editor would have had to."""
    traditional = opencc.OpenCC("s2tw").convert(text)
    return "".join(ch if ch.encode("big5", errors="ignore") else "?" for ch in traditional)


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_big5_report_decodes_to_its_traditional_text(tmp_path: Path, path: Path) -> None:
    traditional = _big5_twin(_report(path))
    document = read_document(_write(tmp_path, "report-big5.txt", traditional.encode("big5")))
    assert document.text == traditional
    assert document.encoding == "big5"


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_short_paragraphs_are_not_misjudged(tmp_path: Path, path: Path) -> None:
    """Twenty characters of GB18030 or Big5: charset-normalizer alone calls many of these cp949,
    shift_jis or UTF-16."""
    for number, paragraph in enumerate(_paragraphs(_report(path))):
        snippet = paragraph[:20]
        if len(snippet) < 20:
            continue
        gb = read_document(_write(tmp_path, f"gb{number}.txt", snippet.encode("gb18030", errors="replace")))
        assert gb.text == snippet.encode("gb18030", errors="replace").decode("gb18030")
        twin = _big5_twin(snippet)
        big5 = read_document(_write(tmp_path, f"b5{number}.txt", twin.encode("big5")))
        assert big5.text == twin


def test_crlf_line_ends_are_kept_so_offsets_match_the_file(tmp_path: Path) -> None:
    text = _report(CORPUS[0]).replace("\n", "\r\n")
    document = read_document(_write(tmp_path, "crlf.txt", text.encode("gb18030")))
    assert document.text == text
    quote = "扶贫车间"
    start = document.text.index(quote)
    assert text[start : start + len(quote)] == quote


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    text = "\n".join(_paragraphs(_report(CORPUS[1]))[:6])
    assert read_document(_write(tmp_path, "nobom.txt", text.encode("utf-16-le"))).text == text


def test_suffixless_and_markdown_files_are_text(tmp_path: Path) -> None:
    text = _report(CORPUS[2])
    assert read_document(_write(tmp_path, "REPORT", text)).text == text
    assert read_document(_write(tmp_path, "report.md", text)).format == "txt"


# --- HTML --------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>房县人民政府网</title>
<style>.nav {{ color: red }} p {{ margin: 0 }}</style>
<script>var 扶贫统计 = "脚本里的字不是正文";</script></head>
<body>
<header class="site-header"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></header>
<nav><ul><li>首页</li><li>新闻中心</li><li>脱贫攻坚专栏</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 扶贫动态</div>
<article><h1>{title}</h1>
{paragraphs}
</article>
<div id="share">分享到：微信 微博</div>
<footer><p>主办：房县人民政府办公室 版权所有</p><p>鄂ICP备05003286号</p></footer>
<script>document.write("统计代码");</script>
</body></html>
"""


def _page(text: str, charset: str = "utf-8") -> tuple[str, str]:
    """The report as a county website would publish it, and the text a reader should get back."""
    paragraphs = _paragraphs(text)
    title, body = paragraphs[0], paragraphs[1:]
    markup = "\n".join(f"<p>\u3000\u3000{p}</p>" for p in body)
    page = PAGE.format(charset=charset, title=title, paragraphs=markup)
    return page, "\n".join(paragraphs)


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_html_page_gives_the_report_without_boilerplate(tmp_path: Path, path: Path) -> None:
    page, expected = _page(_report(path))
    document = read_document(_write(tmp_path, "report.html", page))
    assert document.format == "html"
    assert document.text == expected
    boilerplate = ("首页", "政务公开", "当前位置", "分享到", "版权所有", "ICP", "脚本", "统计代码", "color")
    assert [word for word in boilerplate if word in document.text] == []


def test_html_is_recognised_by_content_not_suffix(tmp_path: Path) -> None:
    page, expected = _page(_report(CORPUS[1]))
    document = read_document(_write(tmp_path, "download.txt", page))
    assert (document.format, document.text) == ("html", expected)


def test_gbk_html_page_with_meta_charset(tmp_path: Path) -> None:
    page, expected = _page(_report(CORPUS[1]), charset="gb2312")
    document = read_document(_write(tmp_path, "gbk.htm", page.encode("gb18030")))
    assert (document.format, document.encoding, document.text) == ("html", "gb18030", expected)


def test_html_source_line_breaks_inside_a_sentence_are_not_text(tmp_path: Path) -> None:
    page = "<html><body><p>全县建档立卡贫困户\n    3.2万户，\n贫困人口\n8.6万人。</p><p>第二段</p></body>"
    document = read_document(_write(tmp_path, "wrapped.html", page))
    # As in a browser (CSS segment-break rules): a break between two wide characters vanishes,
    # a break next to a digit or letter becomes a space.
    assert document.text == "全县建档立卡贫困户 3.2万户，贫困人口 8.6万人。\n第二段"


def test_article_header_is_kept_page_header_dropped(tmp_path: Path) -> None:
    page = (
        "<html><body><header>政府网站导航</header><article><header><h1>脱贫攻坚全景扫描</h1></header>"
        "<p>全区16.3万贫困人口全部脱贫。</p><footer>记者 王雁博</footer></article></body></html>"
    )
    text = read_document(_write(tmp_path, "article.html", page)).text
    assert text == "脱贫攻坚全景扫描\n全区16.3万贫困人口全部脱贫。\n记者 王雁博"


# --- PDF and DOCX ------------------------------------------------------------------------------------


def _cjk_font() -> Path | None:
    """A font with Chinese glyphs for making PDF fixtures, or None (the PDF tests then skip)."""
    if shutil.which("fc-list"):
        listing = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False)
        for line in sorted(listing.stdout.splitlines()):
            font = Path(line.split(":")[0].strip())
            if font.suffix.lower() in (".ttf", ".ttc", ".otf") and font.is_file():
                return font
    return None


CJK_FONT = _cjk_font()
needs_cjk_font = pytest.mark.skipif(CJK_FONT is None, reason="no CJK font (fc-list :lang=zh is empty)")


def _pdf(paragraphs: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=str(CJK_FONT))
    pdf.set_font("cjk", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _squeeze(text: str) -> str:
    return "".join(text.split())


@needs_cjk_font
@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_pdf_text_layer_reads_back(tmp_path: Path, path: Path) -> None:
    paragraphs = _paragraphs(_report(path))[:8]
    document = read_document(_write(tmp_path, "report.pdf", _pdf(paragraphs)))
    assert document.format == "pdf"
    # The PDF wraps lines where the page ends, so compare the characters, not the line breaks.
    assert _squeeze(document.text) == _squeeze("".join(paragraphs))


@needs_cjk_font
def test_pdf_is_recognised_by_content(tmp_path: Path) -> None:
    paragraph = _paragraphs(_report(CORPUS[0]))[4]
    document = read_document(_write(tmp_path, "renamed.txt", _pdf([paragraph])))
    assert document.format == "pdf"
    assert _squeeze(document.text) == _squeeze(paragraph)


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 160)  # a page that is only a picture, like a scan
    path = _write(tmp_path, "scan.pdf", bytes(pdf.output()))
    assert _reason(path) == "no text layer (scanned?)"


def _docx(paragraphs: list[str], path: Path) -> Path:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate((("指标", "数值"), ("贫困发生率", "0.5%"))):
        for column, value in enumerate(cells):
            table.cell(row, column).text = value
    document.save(str(path))
    return path


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_docx_paragraphs_and_tables_read_back(tmp_path: Path, path: Path) -> None:
    paragraphs = _paragraphs(_report(path))
    document = read_document(_docx(paragraphs, tmp_path / "report.docx"))
    assert document.format == "docx"
    assert document.text == "\n".join([*paragraphs, "指标\t数值", "贫困发生率\t0.5%"])


def test_docx_is_recognised_by_content(tmp_path: Path) -> None:
    paragraphs = _paragraphs(_report(CORPUS[3]))[:3]
    document = read_document(_docx(paragraphs, tmp_path / "report.bin"))
    assert document.format == "docx"


# --- errors ------------------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    assert _reason(tmp_path / "no-such-report.txt") == "no such file or directory"


def test_directory_passed_as_file(tmp_path: Path) -> None:
    assert _reason(tmp_path) == "is a directory, not a file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "secret.txt", _report(CORPUS[0]))
    path.chmod(0)
    try:
        assert _reason(path) == "permission denied"
    finally:
        path.chmod(0o644)


def test_empty_file(tmp_path: Path) -> None:
    assert _reason(_write(tmp_path, "empty.txt", b"")) == "empty file (0 bytes)"


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert _reason(_write(tmp_path, "blank.txt", " \r\n\t\u3000\n")) == "empty file (only whitespace)"


def test_random_bytes_with_nuls_are_binary(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(4096) + b"\x00\x00"
    assert _reason(_write(tmp_path, "image.txt", data)).startswith("binary")


def test_random_bytes_without_nuls_are_binary(tmp_path: Path) -> None:
    data = bytes(b or 1 for b in random.Random(11).randbytes(4096))
    assert _reason(_write(tmp_path, "noise.txt", data)).startswith("binary")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_bom_followed_by_noise_is_binary(tmp_path: Path, encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    undecodable = bom + bytes(b or 1 for b in random.Random(3).randbytes(4096))
    assert _reason(_write(tmp_path, "bad.txt", undecodable)).startswith("binary or undecodable file")
    rng = random.Random(5)  # valid UTF-16, but random code points: rare Han, Hangul, symbols
    noise = bom + "".join(chr(rng.randrange(0x100, 0xD800)) for _ in range(2000)).encode(encoding)
    assert _reason(_write(tmp_path, "noise.txt", noise)).startswith("binary file")


def test_control_characters_are_binary(tmp_path: Path) -> None:
    data = ("扶贫" + "\x01\x02\x03\x04\x05\x06\x07\x08" * 20).encode("utf-8")
    reason = _reason(_write(tmp_path, "controls.txt", data))
    assert reason.startswith("binary file (mostly control characters")


def test_legacy_word_file(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert "save it as .docx" in _reason(_write(tmp_path, "report.doc", data))


@needs_cjk_font
def test_truncated_pdf(tmp_path: Path) -> None:
    data = _pdf(_paragraphs(_report(CORPUS[0]))[:5])
    reason = _reason(_write(tmp_path, "cut.pdf", data[: len(data) // 2]))
    assert reason == "truncated PDF (no %%EOF at the end)"


def test_corrupt_pdf_with_an_end_marker(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"garbage " * 50 + b"\n%%EOF\n"
    assert _reason(_write(tmp_path, "broken.pdf", data)).startswith(("corrupt PDF", "no text layer"))


def test_truncated_docx(tmp_path: Path) -> None:
    data = _docx(_paragraphs(_report(CORPUS[1])), tmp_path / "whole.docx").read_bytes()
    reason = _reason(_write(tmp_path, "cut.docx", data[: len(data) // 2]))
    assert reason.startswith("truncated or corrupt DOCX")


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "data.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert _reason(path) == "zip archive that is not a DOCX (no word/document.xml)"


def test_oversize_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200_000_000)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened before its size was checked")

    monkeypatch.setattr(Path, "open", no_reading)
    assert _reason(path) == "too large: 200.0 MB > 50.0 MB limit; raise --max-mb"


def test_small_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "report.txt", _report(CORPUS[0]))
    reason = _reason(path, max_bytes=2_000)
    assert reason.startswith("too large: 9.5 kB > 2.0 kB limit")
    assert read_document(path, max_bytes=path.stat().st_size).text == _report(CORPUS[0])


def test_english_text_is_not_a_chinese_report(tmp_path: Path) -> None:
    text = "Poverty alleviation report of Yunyang District.\nAll 163,000 registered poor were lifted.\n"
    assert _reason(_write(tmp_path, "english.txt", text)) == "not a Chinese report (no CJK characters)"


def test_latin1_english_text_is_not_a_chinese_report(tmp_path: Path) -> None:
    data = "Rapport sur la réduction de la pauvreté — résumé, 2020.\n".encode("cp1252")
    assert _reason(_write(tmp_path, "francais.txt", data)).startswith("not a Chinese report")


def test_english_html_is_not_a_chinese_report(tmp_path: Path) -> None:
    page = "<html><body><nav>首页</nav><p>Annual report</p></body></html>"
    assert _reason(_write(tmp_path, "en.html", page)) == "not a Chinese report (no CJK characters)"


# --- folders -----------------------------------------------------------------------------------------


def test_iter_inputs_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in (
        "b/2.txt",
        "b/1.HTM",
        "a/report.docx",
        "a/.draft.txt",
        ".git/config.txt",
        "a/~$report.docx",
        "a/photo.png",
        "a/README",
        "c.pdf",
        "b/sub/3.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("扶贫", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_inputs([tmp_path])]
    assert found == ["c.pdf", "a/README", "a/report.docx", "b/1.HTM", "b/2.txt", "b/sub/3.md"]


def test_iter_inputs_keeps_named_files_and_missing_paths(tmp_path: Path) -> None:
    named = _write(tmp_path, "photo.png", b"\x89PNG")
    missing = tmp_path / "missing.txt"
    folder = tmp_path / "reports"
    folder.mkdir()
    inside = _write(folder, "r.txt", "扶贫")
    assert list(iter_inputs([named, missing, folder, inside])) == [named, missing, inside]


def test_iter_inputs_on_the_bundled_corpus() -> None:
    assert list(iter_inputs([resources.folder("corpus")])) == CORPUS


# --- anything else -----------------------------------------------------------------------------------

PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<!DOCTYPE html><html><body>",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    "扶贫车间".encode("gb18030"),
    "脫貧".encode("big5"),
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=2000),
    suffix=st.sampled_from([".txt", ".html", ".pdf", ".docx", ""]),
)
def test_arbitrary_bytes_raise_only_read_error(prefix: bytes, body: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(prefix + body)
        try:
            document = read_document(path)
        except ReadError as error:
            assert error.reason and "\n" not in str(error)
        else:
            assert document.text.strip()
            assert document.format in ("txt", "html", "pdf", "docx")
