"""Figures and dates as Chinese text writes them, both ways: a value shown on a page (16.3万人), and the
spellings a report may have used for it, so the site can light up the figure inside its evidence quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

_MULTIPLIERS: tuple[tuple[Decimal, str], ...] = ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万"))
# Between the characters of a name the text may put quotation marks or a line break (“安心”工程).
_GAP = r"[“”\"'‘’「」『』\s]*"


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def value_spellings(value: Decimal) -> list[str]:
    """Ways a report may have written `value` (a base-unit figure): 16.3万 and 163000 for 163000."""
    spellings = []
    for factor, mark in _MULTIPLIERS:
        if abs(value) >= factor:
            number = _plain(value / factor)
            spellings += [number + mark, number + "多" + mark, number + "余" + mark]
    spellings.append(_plain(value))
    if abs(value) >= 1000 and value == value.to_integral_value():
        spellings.append(f"{int(value):,}")
    return spellings


def highlight(quote: str, needles: Iterable[str], suffixes: Sequence[str] = ()) -> tuple[str, str, str]:
    """`quote` split as (before, mark, after) around the first needle found, extended over a unit word
    that follows it; the whole quote is the mark when no needle is in it.

    Figures are matched only where no digit touches them, so 12 never lights up inside 2012; names
    match across quotation marks and line breaks."""
    for needle in needles:
        if not needle:
            continue
        pattern = _GAP.join(re.escape(ch) for ch in needle)
        if needle[0].isdigit():
            pattern = r"(?<![\d.])" + pattern
        if needle[-1].isdigit():
            pattern += r"(?![\d.]\d|\d)"
        match = re.search(pattern, quote)
        if match:
            end = match.end()
            for suffix in sorted(suffixes, key=len, reverse=True):
                if quote.startswith(suffix, end):
                    end += len(suffix)
                    break
            return quote[: match.start()], quote[match.start() : end], quote[end:]
    return "", quote, ""


def date_spellings(text: str) -> list[str]:
    """2020-04-23 as written in Chinese text: 2020年4月23日, 2020年04月23日."""
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return [text]
    y, m, d = parts
    return [f"{y}年{int(m)}月{int(d)}日", f"{y}年{m}月{d}日", text]


def format_value(value: Decimal, symbol: str) -> str:
    """163000 人 → "16.3万人"; 840000000 元 → "8.4亿元"; small figures as they are, percent with %."""
    for factor, mark in _MULTIPLIERS:
        if abs(value) >= factor:
            return f"{_plain(round(value / factor, 2))}{mark}{symbol}"
    return f"{_plain(value)}{symbol}"
