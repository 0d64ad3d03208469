"""Chinese numerals read as `cn2an.cn2an(text, "smart")` reads them, cn2an imported only when needed.

Importing cn2an costs a tenth of a CPU-second of every build's start-up: it compiles its validation
patterns, for a Cn2An and again for the Transform its package makes, and imports `proces` and its
tables. What the extractors hand it are mostly the few forms a report's figures and dates are
written in: digits alone (三, 一两, 二〇二〇), tens (十, 二十一), one digit and a unit (两万, 三百),
and the forms cn2an refuses (units alone, as in 百万; 十三五, a plan's name). Those are read here,
with cn2an's values and refusals (tests/extract/test_numerals.py compares them with cn2an on every
short text and on random longer ones); any other text goes to cn2an itself.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

# cn2an's digits (conf.NUMBER_CN2AN, 0.5.x) and units (UNIT_CN2AN) and their values.
_DIGITS = {
    c: i
    for i, chars in enumerate(
        ("零〇", "一壹幺", "二贰两", "三叁", "四肆", "五伍", "六陆", "七柒", "八捌", "九玖")
    )
    for c in chars
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10_000, "亿": 100_000_000}
_NONZERO = "".join(c for c, value in _DIGITS.items() if value)

_ALL_DIGITS = re.compile(f"[{''.join(_DIGITS)}]+")
_TENS = re.compile(f"(?P<tens>[{_NONZERO}])?[十拾](?P<ones>[{_NONZERO}])?")
_ONE_UNIT = re.compile(f"(?P<digit>[{_NONZERO}])(?P<unit>[百佰千仟万亿])")
_REFUSED = re.compile(f"[百佰千仟万亿]+|[十拾][{_NONZERO}]{{2}}")
"""Texts cn2an refuses in smart mode: big units alone (百, 百万), ten and two digits (十三五)."""


def smart(text: str) -> Any:
    """`cn2an.cn2an(text, "smart")`: the same value (an int for these forms), or the same refusal
    (ValueError) for the forms it refuses."""
    value = known_form(text)
    if value is None:
        return _cn2an()(text, "smart")
    if isinstance(value, ValueError):
        raise value
    return value


def known_form(text: str) -> int | ValueError | None:
    """cn2an's smart reading of `text` where it is one of the forms read here (a ValueError where
    cn2an refuses it), None for any other text."""
    if _ALL_DIGITS.fullmatch(text):
        return int("".join(str(_DIGITS[c]) for c in text))  # cn2an's direct reading, digit by digit
    tens = _TENS.fullmatch(text)
    if tens:
        return _DIGITS[tens["tens"] or "一"] * 10 + (_DIGITS[tens["ones"]] if tens["ones"] else 0)
    one = _ONE_UNIT.fullmatch(text)
    if one:
        return _DIGITS[one["digit"]] * _UNITS[one["unit"]]
    if _REFUSED.fullmatch(text):
        return ValueError(f"不符合格式的数据：{text}")
    return None


@cache
def _cn2an() -> Any:
    """cn2an's converter, cn2an imported on first use."""
    return importlib.import_module("cn2an").cn2an
