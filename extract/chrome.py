"""A web page's chrome: the lines around the article that belong to the site, not to the report.

A page saved as text (or read from HTML whose menus are plain <div>s) keeps its menus, breadcrumb,
share bar, pager (上一篇/下一篇), list of related articles and copyright footer as lines of their own.
They name places (a breadcrumb's 地市 > 某县, another report's title under 相关新闻) and figures, so
read as report text they give facts of other reports and sway the subject county. This module finds
those lines; the matching view blanks them (`normalise.make_view`), which keeps every offset exact.

A line is chrome by what it is made of, judged on the line alone:
- a breadcrumb: a navigation cue or at least two path marks (首页 > 新闻 > 正文), and no sentence;
- a pager link: it opens with a pager cue (上一篇：…);
- a footer: a site-credit word (版权所有, ICP备) and no sentence punctuation;
- a control bar: a short line that is nothing but page-control words (分享到 微信 微博, 【打印】);
- a menu: six or more short words side by side (新闻 财经 观点 文化 …), or three between bars; a
  word of one character is a name in a byline (文丨 记者 王 博), not a menu item;
- a related list: its heading (相关新闻) after the article's first sentence, and the title lines under
  it up to the next sentence (before the article, 最新新闻： labels the article's own title).
Short plain lines (a menu's section name, a lone "English") are chrome when chrome or the page's edge
stands on both sides of them, unless they name a place: a site's or a title's county stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from fupin.extract.lexicon import Lexicon, longest_first
from fupin.extract.scan import any_of

_HAN = re.compile(r"[\u3400-\u9fff]")
_SENTENCE = re.compile(r"[。！？!?，,；;]")
_PATH_MARK = re.compile(r"[>＞»›]")
_MENU_SPLIT = re.compile(r"[\s|｜丨•·]+")
_BARS = re.compile(r"[|｜丨]")
_WORD_PUNCT = re.compile(r"[。！？!?，,；;：:、“”\"'‘’（）()《》]")
_NOT_WORD = re.compile(r"[\W_]+")
_OPENERS = "【[（(<《·•- \t\u3000"
_MAX_CHROME_LINE = 120  # a longer line is report text whatever it holds
_MAX_CONTROL_LINE = 30
_MAX_CONTROL_RESIDUE = 3  # Han characters a control bar may hold besides its words (字体：大 中 小)
_MAX_MENU_WORD = 8
_MIN_MENU_WORDS = 6
_MIN_BARRED_WORDS = 3
_MAX_PLAIN_LINE = 8
_MAX_LISTED_TITLE = 60


class _Line(NamedTuple):
    """A line's span and stripped text (a tuple: one is made for every line of every page)."""

    start: int
    end: int
    text: str  # stripped


def _lines(text: str) -> Iterator[_Line]:
    start = 0
    for raw in text.split("\n"):
        end = start + len(raw)
        stripped = raw.strip(" \t\r\u3000\xa0")
        left = start + len(raw) - len(raw.lstrip(" \t\r\u3000\xa0"))
        yield _Line(left, left + len(stripped), stripped)
        start = end + 1


def _is_breadcrumb(line: str, lexicon: Lexicon) -> bool:
    marks = len(_PATH_MARK.findall(line))
    if not marks or _SENTENCE.search(line):
        return False
    return marks >= 2 or any_of(lexicon.breadcrumb_cues).search(line) is not None


def _is_footer(line: str, lexicon: Lexicon) -> bool:
    return any_of(lexicon.site_credit_words).search(line) is not None and not _SENTENCE.search(line)


def _is_control_bar(line: str, lexicon: Lexicon) -> bool:
    """A short line of page-control words only: what is left when they are taken out is at most a
    few Han characters (字体：大 中 小 leaves none, 分享到微信 none)."""
    if len(line) > _MAX_CONTROL_LINE or _SENTENCE.search(line.rstrip("。")):
        return False
    rest = line
    found = False
    for word in longest_first(lexicon.page_controls):
        if word in rest:
            found = True
            rest = rest.replace(word, " ")
    return found and len(_HAN.findall(rest)) <= _MAX_CONTROL_RESIDUE


def _is_menu(line: str) -> bool:
    """Short words side by side with nothing joining them into a sentence."""
    words = [w for w in _MENU_SPLIT.split(line) if w]
    needed = _MIN_BARRED_WORDS if _BARS.search(line) else _MIN_MENU_WORDS
    if len(words) < needed:
        return False
    if any(not 2 <= len(w) <= _MAX_MENU_WORD or _WORD_PUNCT.search(w) for w in words):
        return False
    return sum(any(c.isdigit() for c in w) for w in words) <= 1


def _is_pager(line: str, lexicon: Lexicon) -> bool:
    return line.lstrip(_OPENERS).startswith(lexicon.pager_cues)


def _is_related_heading(line: str, lexicon: Lexicon) -> bool:
    """A short line (at most _MAX_PLAIN_LINE word characters) opening with a related-articles heading.
    Most lines asked are paragraphs: more word characters than that in their opening already say no,
    without stripping the whole paragraph."""
    if len(line) > _MAX_PLAIN_LINE and line[: _MAX_PLAIN_LINE + 1].isalnum():
        return False  # that many word characters side by side (a \w is what isalnum() says) say no
    if len(_NOT_WORD.sub("", line[: 2 * _MAX_PLAIN_LINE + 1])) > _MAX_PLAIN_LINE:
        return False
    bare = _NOT_WORD.sub("", line)
    return bool(bare) and len(bare) <= _MAX_PLAIN_LINE and bare.startswith(lexicon.related_headings)


def _is_plain(line: str) -> bool:
    """A short line with no sentence in it, no figure and no label: a menu's section name, say."""
    return (
        len(line) <= _MAX_PLAIN_LINE
        and not _WORD_PUNCT.search(line.rstrip("：:"))
        and not any(c.isdigit() for c in line)
    )


def _is_chrome(line: str, lexicon: Lexicon) -> bool:
    if len(line) > _MAX_CHROME_LINE:
        return False
    if _SENTENCE.search(line.rstrip("。")):
        # Most lines are sentences: a sentence mark rules out a breadcrumb, a footer and a control
        # bar, and stands in one of a menu's words, so only a pager link is left to ask.
        return _is_pager(line, lexicon)
    return (
        _is_pager(line, lexicon)
        or _is_breadcrumb(line, lexicon)
        or _is_footer(line, lexicon)
        or _is_control_bar(line, lexicon)
        or _is_menu(line)
    )


def _related_lists(lines: list[_Line], chrome: list[bool], lexicon: Lexicon) -> None:
    """A related-articles heading and the title lines under it, up to the first line that is a sentence."""
    inside = read = False
    for i, line in enumerate(lines):
        read = read or line.text.endswith("。")
        if read and _is_related_heading(line.text, lexicon):
            inside = chrome[i] = True
        elif inside and line.text:
            titled = len(line.text) <= _MAX_LISTED_TITLE and not line.text.endswith(("。", "！", "？"))
            inside = titled
            chrome[i] = chrome[i] or titled


def _plain_runs(lines: list[_Line], chrome: list[bool], names_place: Callable[[str], bool]) -> None:
    """Plain short lines with chrome (or the page's edge) on both sides, and chrome on one at least."""
    i = 0
    while i < len(lines):
        if chrome[i] or not (lines[i].text == "" or _is_plain(lines[i].text)):
            i += 1
            continue
        j = i
        while j < len(lines) and not chrome[j] and (lines[j].text == "" or _is_plain(lines[j].text)):
            j += 1
        before = chrome[i - 1] if i > 0 else None
        after = chrome[j] if j < len(lines) else None
        if (before or after) and before is not False and after is not False:
            for k in range(i, j):
                if lines[k].text and not names_place(lines[k].text):
                    chrome[k] = True
        i = j


def find_chrome(
    text: str, lexicon: Lexicon, names_place: Callable[[str], bool] = lambda line: False
) -> list[tuple[int, int]]:
    """[start, end) of every chrome line of `text` (simplified script), in order, without its line end."""
    lines = list(_lines(text))
    chrome = [bool(line.text) and _is_chrome(line.text, lexicon) for line in lines]
    _related_lists(lines, chrome, lexicon)
    _plain_runs(lines, chrome, names_place)
    return [(line.start, line.end) for line, is_chrome in zip(lines, chrome, strict=True) if is_chrome]
