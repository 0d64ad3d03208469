"""A report's own title and author line, read from the short lines before its body.

A headline is recognised by what follows it (a ——subtitle, a publication-date line) or by the byline
after it; photo captions and masthead lines (主办, 承办, web addresses) are passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fupin.extract.context import ReportContext
from fupin.extract.sentences import TextSpan, iter_lines, line_at

HEAD_LINES = 14
MAX_TITLE = 32
_MASTHEAD = re.compile(r"^(主办|承办|来源|编辑|责任编辑|www\.|http|T\d|\||第.{1,4}版)")
_BYLINE_WORDS = "组稿|撰文|作者|文|本报记者|记者|本报通讯员|通讯员|特约记者|执笔"
_BYLINE = re.compile(f"^(?:{_BYLINE_WORDS})[:：\\s]*(.+)$")
# Where a line of the text opens with a byline word, white space aside: the lines `_BYLINE` can match.
_BYLINE_OPENS = re.compile(f"^[^\\S\n]*(?:{_BYLINE_WORDS})", re.MULTILINE)
_DATE_LINE = re.compile(r"^[(（]?\s*(发布时间|发布日期|时间|日期)")


@dataclass(frozen=True)
class Heading:
    """The report's own title and author line, each with the span it was read from."""

    title: TextSpan | None
    author: TextSpan | None


def _is_byline(line: str, post_and_name: re.Pattern[str]) -> bool:
    """An author line: 撰文:…, 记者…, or an office and post ending in a person's name (…区长 胡先平)."""
    if _BYLINE.match(line):
        return True
    return len(line) <= MAX_TITLE and post_and_name.search(line) is not None


@lru_cache(maxsize=4)
def _post_and_name(official_titles: tuple[str, ...]) -> re.Pattern[str]:
    """A post (the longest title first) and a name of two or three characters ending the line; built
    once per title list rather than for every line read."""
    titles = "|".join(sorted(map(re.escape, official_titles), key=len, reverse=True))
    return re.compile(f"(?:{titles})[\\s\u3000]*[\u4e00-\u9fff]{{2,3}}$")


def _is_caption(line: str) -> bool:
    return "在" in line and any(w in line for w in ("调研", "检查", "慰问", "走访", "察看", "落实", "看望"))


def read_heading(ctx: ReportContext) -> Heading:
    """Title and author line from the report's head."""
    lines = []
    for span in iter_lines(ctx.view.text):
        if len(span.text) > 60 and "。" in span.text:
            break
        lines.append(span)
        if len(lines) >= HEAD_LINES:
            break
    # Each head line is asked once whether it is a byline: the author and the title both ask.
    post_and_name = _post_and_name(ctx.lexicon.official_titles)
    bylines = [_is_byline(s.text, post_and_name) for s in lines]
    bylined = zip(lines, bylines, strict=True)
    author = next((s for s, byline in bylined if byline and not _is_caption(s.text)), None)
    if author is None:
        author = _first_byline(ctx.view.text)
    candidates = [
        (i, s)
        for i, s in enumerate(lines)
        if len(s.text) <= MAX_TITLE
        and not _MASTHEAD.match(s.text)
        and not _DATE_LINE.match(s.text)
        and not s.text.startswith("——")
        and not bylines[i]
        and not _is_caption(s.text)
        and "。" not in s.text
    ]
    return Heading(title=_pick_title(candidates, lines, author), author=author)


def _first_byline(text: str) -> TextSpan | None:
    """The first line of `text` that `_BYLINE` matches, trimmed as `iter_lines` gives it. Only lines
    opening with a byline word are read: most reports have none below their head, and reading every
    line of the report for one took as long as reading the head."""
    for opening in _BYLINE_OPENS.finditer(text):
        line = line_at(text, opening.start())
        if line is not None and _BYLINE.match(line.text):
            return line
    return None


def _pick_title(
    candidates: list[tuple[int, TextSpan]], lines: list[TextSpan], author: TextSpan | None
) -> TextSpan | None:
    def followed_by(i: int, test) -> bool:
        return i + 1 < len(lines) and test(lines[i + 1].text)

    for test in (
        lambda t: t.startswith("——"),
        lambda t: bool(_DATE_LINE.match(t)),
        lambda t: author is not None and t == author.text,
    ):
        for i, span in candidates:
            if followed_by(i, test):
                return span
    return candidates[0][1] if candidates else None
