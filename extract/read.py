"""Bytes → text: the one place that knows about files, encodings and document formats.

Everything downstream indexes `Document.text` with Python string offsets, so this module decodes and
extracts but does NOT normalise: a .txt file's text is exactly its decoded bytes (CRLF line ends, full-
width spaces and all; only a byte-order mark is dropped, since it is not text). Converting ``\\r\\n`` to
``\\n`` would look harmless but would shift every offset after the first line end against the file a
reader opens to check a quote. HTML, PDF and DOCX have no such "original text" (their text is produced
by extraction), so for them the extracted text, one paragraph per line, is the reference.

The format follows the content (magic bytes), not the suffix: gov sites serve HTML as .txt and mail
gateways rename PDFs. Encodings are judged on the bytes: strict UTF-8 first (it almost never decodes
anything else by accident), then the Chinese legacy encodings and charset-normalizer's guesses, scored
by how much ordinary Chinese each strict decoding yields — charset-normalizer alone calls short GB18030
text cp949 or UTF-16 about one time in six.

Every failure is a `ReadError` with one reason, so a batch run can report "FILE: reason" and go on.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import os
import re
import stat
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from fupin.extract.facts import Document

if TYPE_CHECKING:  # the format libraries are imported when a file of their format turns up
    from bs4 import Tag
    from docx.table import Table

SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx"})

# Han ideographs: unified (BMP and the supplementary planes), extension A, compatibility.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RE = re.compile(f"[{_HAN}]")
# Control characters that have no business in a text file (tab, LF, VT, FF, CR are fine).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_LIMIT = 0.10  # share of characters above which a decoding is "binary", not text
_SAMPLE_BYTES = 64 * 1024  # encodings are scored on this much of the file, then verified on all of it
_MIN_COMMON = 0.5  # ordinary Chinese text: >90 % of its Han characters are GB2312 level-1 characters

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# GB2312 and GBK are subsets of GB18030; cp950 and big5hkscs extend Big5 (Windows, Hong Kong).
_CHINESE_ENCODINGS = ("gb18030", "big5", "cp950", "big5hkscs")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030"}
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_-]{2,20})""", re.I)
_HTML_START_RE = re.compile(
    r"""\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])""",
    re.I | re.S,
)


class ReadError(Exception):
    """A file that cannot be turned into a report text, and why, in one line: ``FILE: reason``."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


# ---------------------------------------------------------------------------------------------------
# Files


@dataclass(frozen=True)
class Input:
    """One input of a build: the file, the name its evidence cites (its path relative to the folder
    named on the command line, or its bare name when the file itself was named), and why it cannot be
    read when that is known before opening it (a folder that cannot be listed, a folder with no
    report files)."""

    path: Path
    source: str
    error: str | None = None


def iter_inputs(paths: Sequence[Path]) -> Iterator[Path]:
    """The report files named by `paths` (see `iter_sources`), as paths."""
    for item in iter_sources(paths):
        if item.error is None:
            yield item.path


def iter_sources(paths: Sequence[Path]) -> Iterator[Input]:
    """The report files named by `paths`: files as given, folders walked recursively in sorted order.

    Inside folders only supported suffixes (and suffix-less files) are taken, and hidden files and
    folders (``.git``, ``.DS_Store``) and Office lock files (``~$report.docx``) are skipped. A path
    that does not exist is yielded anyway, so that `read_document` reports it like any other bad
    input instead of it vanishing silently; so is a folder that cannot be listed, or that holds no
    report file, with its reason. Each file is yielded once even if named twice.

    A file's `source` is its path relative to the folder it was found in: two sites' ``index.html``
    in two sub-folders are two reports, not one.
    """
    seen: set[Path] = set()
    for path in map(Path, paths):
        found = _walk(path) if path.is_dir() else iter((Input(path, path.name),))
        for item in found:
            key = _identity(item.path)
            if item.error is not None or key not in seen:
                seen.add(key)
                yield item


def _identity(path: Path) -> Path:
    """The file a path leads to, so that one file named twice is read once; a path whose links
    cannot be followed (a symlink loop) stands for itself, and `read_document` says why."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return Path(os.path.abspath(path))


def _walk(folder: Path) -> Iterator[Input]:
    """Supported, visible files under `folder`, depth first, names sorted, and each sub-folder that
    cannot be listed (with its reason); symlinked folders are not followed (they can loop)."""
    errors: list[OSError] = []
    count = 0
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from _walk_errors(errors, folder)
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in sorted(files):
            if not _hidden(name) and _supported(name):
                count += 1
                found = Path(root) / name
                yield Input(found, found.relative_to(folder).as_posix())
    failed = bool(errors)
    yield from _walk_errors(errors, folder)
    if not count and not failed:
        yield Input(folder, folder.name, "no report files found")


def _walk_errors(errors: list[OSError], folder: Path) -> Iterator[Input]:
    """The folders os.walk could not list so far, each with its reason (the list is emptied)."""
    for error in errors:
        where = Path(error.filename) if error.filename else folder
        yield Input(where, where.name, f"folder cannot be read: {_os_reason(error)}")
    errors.clear()


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def _supported(name: str) -> bool:
    suffix = Path(name).suffix.lower()
    return suffix in SUFFIXES or suffix == ""


def read_document(path: Path, *, max_bytes: int = 50_000_000, source: str | None = None) -> Document:
    """The decoded text of one report file, or a ReadError saying why there is none.

    `Document.encoding` is the codec the bytes were decoded with (``utf-8``, ``utf-8-sig``,
    ``gb18030``, ``big5``, ``utf-16-le`` …); it is empty for PDF and DOCX, whose text is extracted
    from a container rather than decoded. The size is checked with stat before anything is read, so a
    stray 4 GB dump costs nothing. `source` is the name evidence cites (default: the file name)."""
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    text, encoding, fmt, notes = _to_text(path, data)
    if not text.strip():
        raise ReadError(path, "empty file (only whitespace)" if fmt == "txt" else f"empty {fmt} document")
    if not _HAN_RE.search(text):
        raise ReadError(path, "not a Chinese report (no CJK characters)")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        source=source or path.name, text=text, sha256=digest, encoding=encoding, format=fmt, notes=notes
    )


def as_document(text: str | Path, source: str = "text.txt") -> Document:
    """A report given as a string (named `source` in every evidence) or as the Path of a report file."""
    if isinstance(text, Path):
        return read_document(text)
    return Document(source=source, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes after checking that it is a readable, non-empty regular file within the limit."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(path, "no such file or directory") from None
    except OSError as exc:
        raise ReadError(path, _read_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(path, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(path, "not a regular file")
    if info.st_size == 0:
        raise ReadError(path, "empty file (0 bytes)")
    if info.st_size > max_bytes:
        raise ReadError(path, _too_large(info.st_size, max_bytes))
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        raise ReadError(path, _read_reason(exc)) from None
    if len(data) > max_bytes:
        raise ReadError(path, _too_large(len(data), max_bytes))
    if not data:
        raise ReadError(path, "empty file (0 bytes)")
    return data


def _read_reason(error: OSError) -> str:
    reason = _os_reason(error)
    return reason if error.errno in (errno.ELOOP, errno.EACCES, errno.EPERM) else f"cannot read: {reason}"


def _too_large(size: int, limit: int) -> str:
    return f"too large: {_human(size)} > {_human(limit)} limit; raise --max-mb"


def _human(size: int) -> str:
    """Decimal units, as the --max-mb option counts them."""
    if size >= 100_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


# ---------------------------------------------------------------------------------------------------
# Formats


def _to_text(path: Path, data: bytes) -> tuple[str, str, str, tuple[str, ...]]:
    """(text, encoding, format, repairs) by content: PDF and DOCX by magic bytes, HTML by its opening
    tag (or an .html suffix), everything else is plain text."""
    head = data[:1024]
    if b"%PDF-" in head:
        return _pdf_text(path, data), "", "pdf", ()
    if data.startswith(b"PK\x03\x04"):
        return _docx_text(path, data), "", "docx", ()
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ReadError(path, "legacy Office file (.doc/.xls) is not supported; save it as .docx")
    text, encoding, notes = decode_text(path, data, hint=_meta_charset(head))
    if path.suffix.lower() in (".html", ".htm") or _HTML_START_RE.match(text[:2048]):
        return _html_text(path, text), encoding, "html", notes
    return text, encoding, "txt", notes


def _meta_charset(head: bytes) -> str | None:
    """The charset an HTML page declares for itself, used as the first candidate (never trusted
    blindly: it is decoded strictly and scored like the rest)."""
    match = _META_CHARSET_RE.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _pdf_text(path: Path, data: bytes) -> str:
    """The PDF's text layer, pages joined by newlines. A PDF cut short in transfer still starts with
    %PDF and pypdf may half-read it, so a missing %%EOF in the tail is refused outright."""
    import pypdf

    if b"%%EOF" not in data[-2048:]:
        raise ReadError(path, "truncated PDF (no %%EOF at the end)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(path, "encrypted PDF (password required)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:  # pypdf parses untrusted bytes and raises many types on damage
        raise ReadError(path, f"corrupt PDF ({type(exc).__name__}: {_one_line(exc)})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError(path, "no text layer (scanned?)")
    return text


def _docx_text(path: Path, data: bytes) -> str:
    """Body paragraphs and table rows in document order, one per line (cells joined by tabs).

    Empty paragraphs, which Word uses for spacing, are dropped: the paragraph is the line."""
    import docx
    from docx.table import Table

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        kind = "DOCX" if b"word/document.xml" in data or path.suffix.lower() == ".docx" else "zip archive"
        raise ReadError(path, f"truncated or corrupt {kind} ({_one_line(exc)})") from None
    if "word/document.xml" not in names:
        raise ReadError(path, "zip archive that is not a DOCX (no word/document.xml)")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = [
            _table_lines(block) if isinstance(block, Table) else [block.text]
            for block in document.iter_inner_content()
        ]
    except Exception as exc:  # python-docx and lxml raise many types on damaged parts
        raise ReadError(path, f"corrupt DOCX ({type(exc).__name__}: {_one_line(exc)})") from None
    return "\n".join(line for block in lines for line in block if line.strip())


def _table_lines(table: Table) -> list[str]:
    """One line per table row; a merged cell (returned once per grid column by python-docx) once."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is not previous:
                cells.append(cell.text.replace("\n", " "))
            previous = cell._tc
        lines.append("\t".join(cells))
    return lines


# Elements that never hold report text, and those that do only when they belong to an article.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "object",
    "embed",
    "canvas",
    "head",
)
_PAGE_CHROME_TAGS = ("header", "footer")
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
_CHROME_NAME_RE = re.compile(
    r"^(?:nav|navbar|navigation|menu|header|footer|foot|breadcrumbs?|crumbs?|sidebar|share|copyright|"
    r"topbar|top-bar|skip-link)$",
    re.I,
)
_BLOCK_TAGS = (
    "address",
    "article",
    "blockquote",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "center",
)
_PARA = "\u2029"  # marks a block boundary while whitespace is collapsed; becomes "\n"
_SOURCE_BREAK_RE = re.compile(f"(?<=[{_HAN}，。、；：！？”’）])[ \t\r\n\f]*\n[ \t\r\n\f]*(?=[{_HAN}“‘（])")


def _html_text(path: Path, markup: str) -> str:
    """The page's visible text without site chrome (navigation, page header and footer, scripts,
    styles), one block (paragraph, heading, list item, table cell) per line."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    try:
        with warnings.catch_warnings():  # a one-line page "looks like a file name" to bs4: it is not
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(markup, "html.parser")
        for tag in soup.find_all(_is_chrome):
            if not tag.decomposed:
                tag.decompose()
        for br in soup.find_all("br"):
            br.replace_with(_PARA)
        for block in soup.find_all(_BLOCK_TAGS):
            block.insert_before(_PARA)
            block.insert_after(_PARA)
        root = soup.body or soup
        raw = root.get_text()
    except ReadError:
        raise
    except Exception as exc:  # html.parser is lenient, but its failure must not escape as a crash
        raise ReadError(path, f"malformed HTML ({type(exc).__name__}: {_one_line(exc)})") from None
    return _layout(raw)


def _is_chrome(tag: Tag) -> bool:
    """Whether a parsed element is page furniture rather than the report. A <header> or <footer>
    inside an <article> is the article's own (its title, its byline) and is kept."""
    if tag.name in _DROP_TAGS:
        return True
    in_article = tag.find_parent(("article", "main")) is not None
    if tag.name in _PAGE_CHROME_TAGS:
        return not in_article
    if str(tag.get("role", "")).lower() in _CHROME_ROLES:
        return True
    if tag.name != "div" or in_article:
        return False
    names = [*tag.get_attribute_list("class"), *tag.get_attribute_list("id")]
    return any(_CHROME_NAME_RE.match(part) for part in names if part)


def _layout(raw: str) -> str:
    """Whitespace of HTML source carries no meaning except at block boundaries: a source line break
    inside a Chinese sentence is dropped (a browser would not show a space there either), other runs
    collapse to one space, and each block becomes one line."""
    text = _SOURCE_BREAK_RE.sub("", raw)
    text = re.sub(r"[ \t\r\n\f\v\xa0]+", " ", text)
    lines = (line.strip(" \u3000") for line in text.split(_PARA))
    return "\n".join(line for line in lines if line)


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message[:160]


# ---------------------------------------------------------------------------------------------------
# Encodings


def decode_text(path: Path, data: bytes, *, hint: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """(text, encoding, repairs) for the bytes of a text file, or a ReadError.

    Order: a byte-order mark decides outright; then strict UTF-8; then every candidate (the `hint`,
    GB18030, the Big5 family, BOM-less UTF-16 when NULs suggest it, charset-normalizer's guesses) is
    decoded strictly on a sample, scored by its share of ordinary Chinese characters, and the best
    one that also decodes the whole file strictly wins. Last comes UTF-8 with a few damaged bytes
    (a transfer error, a NUL from a broken editor): a report is not lost for three bad bytes, so
    they become U+FFFD (one character each, so offsets stay exact) and `repairs` says where."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _after_bom(path, data[len(bom) :], encoding, skip=len(bom)), encoding, ()
    try:
        text, notes = _nuls_replaced(data.decode("utf-8"))
        return _checked(path, text), "utf-8", notes
    except UnicodeDecodeError:
        pass
    has_nul = b"\x00" in data
    ranked = _ranked(data, _candidates(data, hint, has_nul))
    for score, name, _sample in ranked:
        if score < _MIN_COMMON:
            break
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        return _checked(path, text), name, ()
    if (repaired := _damaged_utf8(data)) is not None:
        text, notes = repaired
        return _checked(path, text), "utf-8", notes
    if has_nul:
        raise ReadError(path, "binary file (contains NUL bytes)")
    raise ReadError(path, _undecodable_reason(ranked))


def _ranked(data: bytes, candidates: list[str]) -> list[tuple[float, str, str]]:
    """(score, encoding, sample) for each candidate whose sample decodes strictly, best first; equal
    scores keep the candidates' order (a short text valid in both GB18030 and Big5 is GB18030)."""
    scored = []
    for name in candidates:
        sample = _sample_decode(data, name)
        if sample is not None:
            scored.append((_chinese_score(sample), name, sample))
    return sorted(scored, key=lambda item: item[0], reverse=True)


def _after_bom(path: Path, data: bytes, encoding: str, *, skip: int) -> str:
    """The text after a byte-order mark. Two bytes FF FE can start any binary file, and almost any
    byte string is valid UTF-16, so a UTF-16/32 decoding must also look like Chinese if it has Han
    characters at all (noise decodes to rare Han, Hangul and private-use characters)."""
    try:
        text = _checked(path, data.decode(encoding.removesuffix("-sig")))
    except UnicodeDecodeError as exc:
        raise ReadError(
            path,
            f"binary or undecodable file (a {encoding} byte-order mark, then "
            f"{exc.reason} at byte {exc.start + skip})",
        ) from None
    sample = text[: _SAMPLE_BYTES // 2]
    wide = encoding.startswith(("utf-16", "utf-32"))
    if wide and _HAN_RE.search(sample) and _chinese_score(sample) < _MIN_COMMON:
        raise ReadError(path, f"binary file (a {encoding} byte-order mark, then noise)")
    return text


_DAMAGE_RATIO = 10  # at most one damaged character per this many intact Han characters
_SHOWN = 5  # positions named in a repair note


def _damaged(count: int, text: str) -> bool:
    """Whether `count` bad characters are few enough, against the Han text around them, to be damage
    to a real report rather than a sign that the bytes are something else (binary, another encoding:
    GB18030 read as UTF-8 gives far more errors than Han characters)."""
    return count > 0 and count * _DAMAGE_RATIO <= len(_HAN_RE.findall(text))


def _positions(found: list[int], count: int) -> str:
    shown = ", ".join(map(str, found[:_SHOWN]))
    return shown + (f" … ({count - _SHOWN} more)" if count > _SHOWN else "")


def _nuls_replaced(text: str) -> tuple[str, tuple[str, ...]]:
    """Text with a few stray NULs replaced by U+FFFD, and the note saying where; text with many
    NULs is left for `_checked` to refuse as binary."""
    count = text.count("\x00")
    if not _damaged(count, text):
        return text, ()
    found = [m.start() for m in re.finditer("\x00", text[: 1 << 20])]
    note = f"{count} NUL character(s) replaced by U+FFFD at character {_positions(found, count)}"
    return text.replace("\x00", "\ufffd"), (note,)


def _damaged_utf8(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """UTF-8 with a few invalid byte sequences, each replaced by one U+FFFD, and the note naming
    their byte offsets; None when the bytes are not (slightly damaged) UTF-8."""
    text = data.decode("utf-8", errors="replace")
    count = text.count("\ufffd") - data.count("\ufffd".encode())
    if not _damaged(count, text):
        return None
    found: list[int] = []
    at = 0
    while len(found) < _SHOWN:
        try:
            data[at:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            found.append(at + error.start)
            at += error.end
    text, nuls = _nuls_replaced(text)
    note = f"{count} invalid UTF-8 sequence(s) replaced by U+FFFD at byte {_positions(found, count)}"
    return text, (note, *nuls)


def _checked(path: Path, text: str) -> str:
    """The decoded text, unless it is binary data that happened to decode."""
    if "\x00" in text:
        raise ReadError(path, "binary file (contains NUL characters)")
    controls = len(_CONTROL_RE.findall(text))
    if controls > _CONTROL_LIMIT * len(text):
        raise ReadError(path, f"binary file (mostly control characters: {controls} of {len(text)})")
    return text


def _candidates(data: bytes, hint: str | None, has_nul: bool) -> list[str]:
    """Encodings worth trying, in order of preference when they score alike."""
    names = [hint] if hint else []
    names += _CHINESE_ENCODINGS
    if has_nul:
        names += ["utf-16-le", "utf-16-be"]
    names += _normalizer_guesses(data)
    unique: list[str] = []
    for name in names:
        canonical = _canonical(name)
        if _known(canonical) and canonical not in unique:
            unique.append(canonical)
    return unique


def _normalizer_guesses(data: bytes) -> list[str]:
    """charset-normalizer's ranked guesses (its best is often right for long text, and it knows
    encodings this module does not list)."""
    from charset_normalizer import from_bytes

    try:
        return [match.encoding for match in from_bytes(data[: 4 * _SAMPLE_BYTES])][:3]
    except Exception:  # a detector failure only means fewer candidates
        return []


def _canonical(name: str) -> str:
    name = codecs.lookup(name).name if _known(name) else name.lower()
    return _ALIASES.get(name, name)


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _sample_decode(data: bytes, encoding: str) -> str | None:
    """The strict decoding of the first bytes (a multi-byte character cut at the sample's end is
    left for later), or None if they are not valid in `encoding`."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        return decoder.decode(data[:_SAMPLE_BYTES], final=len(data) <= _SAMPLE_BYTES)
    except (UnicodeDecodeError, LookupError):
        return None


def _chinese_score(text: str) -> float:
    """How much a decoding looks like Chinese prose: the share of its Han characters that are common
    ones (GB2312 level 1, in simplified or traditional form), minus a heavy penalty for characters a
    wrong decoding produces (controls, private use, unassigned, Hangul, kana, U+FFFD).

    Right decodings of real reports score above 0.9; GB bytes read as Big5 or UTF-16, or Big5 bytes
    read as GB18030, give mostly rare characters and score far lower."""
    from fupin.extract.scripts import to_simplified  # numpy and OpenCC: only when a decoding is in doubt

    han = _HAN_RE.findall(text)
    if not han:
        return 0.0
    common = _common_chars()
    simplified = to_simplified("".join(han))
    hits = sum(1 for ch, simple in zip(han, simplified, strict=True) if ch in common or simple in common)
    bad = sum(1 for ch in text if _is_suspect(ch))
    return hits / len(han) - 10 * bad / len(text)


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """The 3,755 GB2312 level-1 characters: the everyday characters of Chinese, in frequency order
    chosen by the standard itself (rows 16–55)."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


_SUSPECT_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})


@lru_cache(maxsize=4096)
def _is_suspect(ch: str) -> bool:
    if ch in "\t\n\r\f\v":
        return False
    if "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
        return True  # Hangul
    if "\u3040" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f":
        return True  # kana, half-width katakana
    return ch == "\ufffd" or unicodedata.category(ch) in _SUSPECT_CATEGORIES


def _undecodable_reason(ranked: list[tuple[float, str, str]]) -> str:
    """Why no candidate was accepted: English text that decoded fine is 'not Chinese'; anything else
    is binary or in an encoding this reader does not handle."""
    for _score, name, sample in ranked:
        suspect = sum(1 for ch in sample if _is_suspect(ch))
        if sample.strip() and not _HAN_RE.search(sample) and suspect <= _CONTROL_LIMIT * len(sample):
            return f"not a Chinese report (no CJK characters; read as {name})"
    return "binary or undecodable file (not UTF-8, GB18030, Big5 or UTF-16 text)"
