"""Dates and years in report text: 2020年4月23日, 今年4月21日, 2019-06-20, 2017年底, 二〇二〇年四月二十三日.

Reports date their facts in many ways: an exit approval carries a full date, a target carries a year
("确保2017年…"), and a feature article says 今年 and leaves the year to its publication date. So every
mention keeps what it says and no more (year, month and day may each be missing), relative words are
resolved only when the caller knows the base year, and offsets always index the text as given.

Only plausible years (1949–2035) are read as years, so that 2056公里 or 3000亩 never become dates.
"""

from __future__ import annotations

import calendar
import datetime
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import cn2an

from fupin.extract.facts import filled_directly
from fupin.extract.scan import anchored

MIN_YEAR = 1949
MAX_YEAR = 2035

_FULL_WIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "／": "/", "－": "-"})
"""Full-width digits and separators map one-to-one onto ASCII, so offsets survive the translation."""
_FULL_WIDTH_CHAR = re.compile("[" + "".join(re.escape(chr(c)) for c in _FULL_WIDTH) + "]")

_CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_DIGITS = "〇○零一二三四五六七八九"
_CN_NUMERAL = _CN_DIGITS + "十两"

_RELATIVE_OFFSET = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}

_MONTH = r"(?P<m>(?<![\d.])\d{1,2}|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?P<d>\d{1,2}(?!\d)|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_MONTH_PART = r"(?:底|末|初(?![步期心次级中始见具衷])|[上中下]旬)"
_MONTH_DAY = rf"(?: ?{_MONTH} ?月份?(?: ?{_DAY} ?[日号]|{_MONTH_PART})?)"
_YEAR_SUFFIX = r"(?P<s>年?(?:底(?!线)|末|初(?![步期心次级中始见具衷]))|[上下]半年)"
_TAIL = rf"(?:度)?(?:{_MONTH_DAY}|{_YEAR_SUFFIX})?"

# Each pattern opens with a look-ahead for the characters its matches begin with: re then passes over
# the others fast, where it would otherwise try every alternative (and look-behind) at each character.
_YEAR = rf"(?P<y>(?<![\d.])\d{{4}}(?!\d)|(?<![{_CN_NUMERAL}])[{_CN_DIGITS}]{{4}})"
_ABSOLUTE = re.compile(rf"(?=[\d{_CN_DIGITS}]){_YEAR} ?年{_TAIL}")
_RELATIVE = re.compile(rf"(?P<rel>今年|本年|去年|上年|前年|明年){_TAIL}")
_SEPARATED = re.compile(
    r"(?=\d)(?<![\d.])(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d|\.\d)(?:日)?"
)
_YEAR_RANGE_START = re.compile(r"(?=\d)(?<![\d.])(?P<y>\d{4})(?= ?[-—–~～至到] ?\d{4} ?年)")
_BARE_MONTH_DAY = re.compile(
    rf"(?=[\d十一二三四五六七八九])(?<![{_CN_NUMERAL}\d]){_MONTH} ?月 ?{_DAY} ?[日号]"
)

_PATTERNS = (_ABSOLUTE, _RELATIVE, _SEPARATED, _YEAR_RANGE_START, _BARE_MONTH_DAY)
# Every match of a pattern holds one of its anchor characters at a fixed few offsets from its start
# (fupin.extract.scan): 年 4 or 5 after a year's start (2020年, 2020 年); a separator 4 after the year
# of 2019-06-20; the range's joiner 4 or 5 after its start (2016—2019年, 2016 - 2019年: the joiner
# is read by the look-ahead, and is much rarer than 年); 月 1 to 3 after a month's start (7月, 12 月).
# The relative words open with one of a few characters, which re finds fast by itself (None).
_YEAR_MARK = re.compile("年")
_ANCHORS: tuple[tuple[re.Pattern[str], range] | None, ...] = (
    (_YEAR_MARK, range(4, 6)),
    None,
    (re.compile("[-./]"), range(4, 5)),
    (re.compile("[-—–~～至到]"), range(4, 6)),
    (re.compile("月"), range(1, 4)),
)
_MAY_DATE = re.compile(r"[年月]|\d{4}[-./．／－]")
"""What every pattern needs (年, 月, or four digits and a separator): a text without it has no date,
and most of the short texts the extractors ask about (a sentence up to a figure) have none."""


@filled_directly
@dataclass(frozen=True)
class DateMention:
    """One date expression as written; `date` is set only when year, month and day are all known."""

    start: int
    end: int
    surface: str
    year: int | None
    month: int | None
    day: int | None
    relative: bool
    date: datetime.date | None


def resolve_year(word: str, base_year: int) -> int | None:
    """The year a relative word (今年, 去年, 前年, 明年, 本年, 上年) names, seen from `base_year`."""
    offset = _RELATIVE_OFFSET.get(word.removesuffix("度"))
    return None if offset is None else base_year + offset


def _small_number(token: str) -> int:
    """A month or day number written with Arabic or Chinese digits (4, 04, 四, 二十三)."""
    return int(token) if token.isdigit() and token.isascii() else int(cn2an.cn2an(token, "smart"))


def _year_number(token: str) -> int:
    """A four-digit year, Arabic (2020) or digit by digit in Chinese (二〇二〇)."""
    if token.isascii():
        return int(token)
    return int("".join(str(_CN_DIGIT[c]) for c in token))


def _valid_month_day(year: int | None, month: int, day: int | None) -> tuple[int | None, int | None]:
    """Keep month and day only when they exist in the calendar; a leap year stands in for an unknown one."""
    if not 1 <= month <= 12:
        return None, None
    if day is None:
        return month, None
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    return (month, day) if 1 <= day <= last else (month, None)


def _cut_end(match: re.Match[str], month: int | None, day: int | None) -> int:
    """Where the mention ends once invalid month or day parts are dropped: a bad part is not read."""
    if month is None and match.group("m") is not None:
        return match.start("m")
    if day is None and match.group("d") is not None:
        return match.start("d")
    return match.end()


def _suffix_month(suffix: str | None) -> int | None:
    """年底/年末 point at December, 年初 at January; 上半年 and 下半年 name no single month."""
    suffix = suffix or ""
    if suffix.endswith(("底", "末")):
        return 12
    if suffix.endswith("初"):
        return 1
    return None


def _mention(text: str, match: re.Match[str], base_year: int | None) -> DateMention | None:
    """Build a mention from any pattern's match, or None when it names no plausible date."""
    groups = match.groupdict()
    relative = groups.get("rel") is not None
    if relative:
        year = resolve_year(groups["rel"], base_year) if base_year is not None else None
    elif groups.get("y") is not None:
        year = _year_number(groups["y"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
    else:
        year = None
    raw_month = _small_number(groups["m"]) if groups.get("m") else None
    raw_day = _small_number(groups["d"]) if groups.get("d") else None
    if raw_month is not None:
        month, day = _valid_month_day(year, raw_month, raw_day)
        end = _cut_end(match, month, day)
    else:
        month, day, end = _suffix_month(groups.get("s")), None, match.end()
    if not relative and year is None and day is None:
        return None
    start = match.start()
    surface = text[start:end].rstrip()
    full = datetime.date(year, month, day) if year and month and day else None
    return DateMention(start, start + len(surface), surface, year, month, day, relative, full)


def _candidates(text: str, base_year: int | None) -> Iterator[DateMention]:
    normal = text.translate(_FULL_WIDTH) if _FULL_WIDTH_CHAR.search(text) else text
    for pattern, anchors in zip(_PATTERNS, _ANCHORS, strict=True):
        for match in pattern.finditer(normal) if anchors is None else anchored(pattern, normal, *anchors):
            mention = _mention(text, match, base_year)
            if mention is not None:
                yield mention


def find_dates(text: str, base_year: int | None = None) -> list[DateMention]:
    """Every date or year mention in `text`, in order and never overlapping (the longest wins).

    Relative words (今年, 去年 …) are resolved against `base_year` when given; otherwise their year
    stays None and `relative` says why. Month–day without a year ("7月21日") is kept with year None.
    """
    if "年" not in text and "月" not in text and _MAY_DATE.search(text) is None:
        return []  # most texts hold 年, found by a plain scan before the pattern is tried
    chosen: list[DateMention] = []
    taken_until = -1
    for mention in sorted(_candidates(text, base_year), key=lambda m: (m.start, -(m.end - m.start))):
        if mention.start >= taken_until:
            chosen.append(mention)
            taken_until = mention.end
    return chosen


_MARKER = re.compile(
    r"(?:发布|发表|发稿|更新|成文|印发|刊发|出版)(?:时间|日期)\s*[:：]?\s*|(?:日期|时间)\s*[:：]\s*"
)
_MARKER_HOLDS = re.compile("[时日]")  # 时间 or 日期, at the start or after a two-character verb
_BYLINE_WORDS = re.compile(r"来源|作者|记者|通讯员|编辑|稿源|发布")
_DATE_ONLY_LINE = re.compile(r"^[(（\[【]?\s*$")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line with the offset of its first character."""
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line
        offset += len(line)


def _marked_date(text: str, mentions: list[DateMention]) -> DateMention | None:
    """A dated mention right after an explicit marker such as 发布时间: or 日期：."""
    by_start = {m.start: m for m in mentions if m.year is not None and not m.relative}
    for marker in anchored(_MARKER, text, _MARKER_HOLDS, range(0, 3, 2)):
        found = by_start.get(marker.end())
        if found is not None:
            return found
    return None


def _byline_date(text: str, mentions: list[DateMention]) -> DateMention | None:
    """A dated mention on a short byline line (来源/记者 …) or on a line that holds only a date.

    Only the lines holding a dated mention are read: each mention is put on its line by bisection,
    in the order given, rather than every line looking through every mention."""
    lines = list(_lines(text))
    starts = [offset for offset, _line in lines]
    dated: dict[int, list[DateMention]] = {}
    for m in mentions:
        if m.year is not None and m.month is not None and not m.relative and 0 <= m.start < len(text):
            dated.setdefault(bisect_right(starts, m.start) - 1, []).append(m)
    for index in sorted(dated):
        offset, line = lines[index]
        if len(line.strip()) > 80:
            continue
        first = dated[index][0]
        before = text[offset : first.start]
        after = text[first.end : offset + len(line)].strip()
        date_only = _DATE_ONLY_LINE.match(before) and after in ("", ")", "）", "]", "】")
        if date_only or _BYLINE_WORDS.search(line):
            return first
    return None


def publication_date(text: str, mentions: list[DateMention] | None = None) -> DateMention | None:
    """The date the document says it was published, from an explicit marker or a byline line.

    Markers (发布时间:2019-06-20, 发布日期, 日期：) win over bylines; among bylines the first wins,
    because mastheads come first. Dates in running text are never taken: they date events.
    `mentions` is find_dates(text) when the caller has it already (the pipeline reads a text's dates
    once).
    """
    mentions = find_dates(text) if mentions is None else mentions
    return _marked_date(text, mentions) or _byline_date(text, mentions)


def latest_year(
    text: str, low: int = 1990, high: int = MAX_YEAR, mentions: list[DateMention] | None = None
) -> int | None:
    """The latest explicit year (between `low` and `high`) the text speaks of, a proxy for its date;
    `mentions` is find_dates(text) when the caller has it already."""
    mentions = find_dates(text) if mentions is None else mentions
    years = [m.year for m in mentions if not m.relative and m.year is not None]
    plausible = [y for y in years if low <= y <= high]
    return max(plausible, default=None)
