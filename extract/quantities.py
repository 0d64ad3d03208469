"""Figures in report text: numbers, their scale words (万, 亿), units, ranges and hedges.

A report states its outcomes as figures ("累计脱贫退出48181户141281人", "发放扶贫再贷款10.3亿元",
"带动5300余名贫困劳动力"); the indicator extractor needs each figure's value in base units, its unit
notation and exact offsets, and must not be fed the numerals that Chinese uses in names and slogans
("五个一批", "一户一策", "第一书记", "1+2+N", "10·17"). This module finds figures only; deciding what a
figure measures is left to the indicator extractor.

Reading rules, chosen for precision over recall:
- Arabic figures are kept with or without a unit (a bare figure has unit None); Chinese-numeral figures
  only with a unit, never a lone 一 (it is the article "a/one" far more often than a count), never after
  an opening quotation mark, and never when another numeral follows the unit (十个一, 一户一策).
- Ordinals (第3批, 第一书记), dates and years, and digits glued to letters, "+", "·" or "/" are skipped.
- 万/亿 between a number and a unit scale the value (8.4亿元 -> 840000000 yuan), so a unit mapping that
  lists 万元 needs no special case; the longest unit surface wins (人次 over 人).
- Hedges before (近, 约, 超过 …) or after (余, 多, 以上, 左右 …) keep the value and set `approximate`.
- One space between an Arabic figure and its unit is allowed (22255 户): pages lay digits out so.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

import cn2an

from fupin.extract.dates import DateMention, find_dates
from fupin.extract.facts import filled_directly

_FULL_WIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"．": ".", "％": "%", "－": "-", "～": "~", "＋": "+", "／": "/"}
)
"""Full-width forms map one character to one character, so offsets in the translated text stay valid."""
_FULL_WIDTH_CHAR = re.compile("[" + "".join(re.escape(chr(c)) for c in _FULL_WIDTH) + "]")

_SCALE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CN_DIGIT = {
    "〇": "0",
    "○": "0",
    "零": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_CN_CHARS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_RUN = rf"[{_CN_CHARS}]+(?:点[零〇○一二三四五六七八九]+[万亿]*)?"
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_MULTIPLIER = r"(?:[十百千]?万?亿|[十百千]?万|[百千])"

_ARABIC_NUMBER = re.compile(rf"{_ARABIC}{_MULTIPLIER}?")
_MIXED_NUMBER = re.compile(r"\d+亿\d{1,4}万")
_CN_NUMBER = re.compile(_CN_RUN)
_MULTIPLIER_AT = re.compile(_MULTIPLIER)
_DECIMAL_CN_SCALED = re.compile(rf"(?P<head>[{_CN_CHARS}]+点[零〇○一二三四五六七八九]+)(?P<scale>[万亿]+)")

_CORE = re.compile(
    rf"(?=[\d{_CN_CHARS}])"  # what every alternative opens with: re then skips other characters fast
    rf"(?:(?P<pct>百分之(?:{_ARABIC}|{_CN_RUN}))"
    rf"|(?P<mixed>(?<![\d.])\d+亿\d{{1,4}}万)"
    rf"|(?P<ar>(?<![\d.]){_ARABIC}(?!\.\d))"
    rf"|(?P<cn>{_CN_RUN}))"
)
_RANGE_JOIN = re.compile(r" ?(?:至|到|-|—|–|~|〜) ?")
_INNER_HEDGE = re.compile(r"余|多")
_PREFIX_HEDGES = tuple(
    sorted(
        (
            "将近",
            "接近",
            "大约",
            "超过",
            "多达",
            "不少于",
            "不低于",
            "不超过",
            "不足",
            "不到",
            "至少",
            "近",
            "约",
            "逾",
            "超",
        ),
        key=len,
        reverse=True,
    )
)
"""Longest first, so 不超过 is read whole rather than as 超过."""
_HEDGE_ENDS = frozenset(word[-1] for word in _PREFIX_HEDGES)
_SUFFIX_HEDGE = re.compile(r"以上|以下|左右|之多|有余|上下(?![游级班午])")
# The characters each pattern read right after a figure's parts opens with: most figures have no
# scale, no range and no hedge, and a look-up in a set is a fraction of a pattern's `match`.
_MULTIPLIER_OPENS = frozenset("十百千万亿")
_RANGE_JOIN_OPENS = frozenset(" 至到-—–~〜")
_INNER_HEDGE_OPENS = frozenset("余多")
_SUFFIX_HEDGE_OPENS = frozenset("以左之有上")
_HEDGE_BLOCKERS = {"近": "最附靠邻", "约": "节制签预契公条相邀特婚简", "超": "赶高"}
_GLUE = "+·•/_#@&*"
_OPEN_QUOTES = "“‘\"'《「『"
_CLOSE_QUOTES = "”’\"'》」』"
_PERCENT = "percent"
_EXACT = Context(prec=28, traps=[InvalidOperation, Inexact])


@filled_directly
@dataclass(frozen=True)
class Quantity:
    """A figure as written: value in base units, unit notation, and exact offsets into the text.

    For a range (1至2个, 3-5万元) `value` is the lower bound and `low`/`high` hold both bounds: the
    lower bound is what the report guarantees, so sums and comparisons stay conservative.
    `surface` covers number, inner hedge (余, 多), scale and unit — not the hedge words outside it
    (近, 以上), which are reported in `qualifier`.
    """

    value: Decimal
    unit: str | None
    start: int
    end: int
    surface: str
    approximate: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    qualifier: str | None = None


class _Figure(NamedTuple):
    """A number with its inner hedge (余, 多) and scale word (万, 亿), before the unit is read (a
    tuple: one is made for every number core, and a frozen dataclass costs several times as much)."""

    value: Decimal
    start: int
    end: int
    kind: str
    factor: int
    hedge: str | None


def _scale_of(word: str) -> int:
    """10 ** n for a scale word such as 万, 千万 or 万亿 (each character multiplies)."""
    factor = 1
    for char in word:
        factor *= _SCALE[char]
    return factor


def _from_cn2an(s: str) -> Decimal:
    """Chinese (or mixed) numerals through cn2an; its floats pass through str() to stay exact."""
    try:
        result = cn2an.cn2an(s, "smart")
    except Exception as error:
        raise ValueError(f"not a number: {s!r}") from error
    return Decimal(str(result)) if isinstance(result, float) else Decimal(result)


def _chinese_decimal(s: str) -> Decimal:
    """一点五 / 九十五点一 exactly: the whole part via cn2an, the fraction digit by digit."""
    whole, _, fraction = s.partition("点")
    head = _from_cn2an(whole) if whole else Decimal(0)
    try:
        return _EXACT.add(head, Decimal("0." + "".join(_CN_DIGIT[c] for c in fraction)))
    except ArithmeticError as error:
        raise ValueError(f"too many digits: {s!r}") from error


def _scaled(value: Decimal, factor: int) -> Decimal:
    """`value` times a scale factor, exactly or not at all (ValueError)."""
    try:
        return _EXACT.multiply(value, Decimal(factor))
    except ArithmeticError as error:
        raise ValueError(f"too many digits: {value} x {factor}") from error


def _normalize_value(value: Decimal) -> Decimal:
    """Drop exponent noise (1.63E+5 -> 163000) while keeping real decimals (95.1).

    A figure too long for exact decimal arithmetic is an identifier, not a count: ValueError.
    """
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1), context=_EXACT)
        return value.normalize(context=_EXACT)
    except ArithmeticError as error:
        raise ValueError(f"too many digits: {value}") from error


def parse_number(s: str) -> Decimal:
    """The value of a number written in Arabic or Chinese numerals, scale words applied.

    "16.3万" -> 163000, "一千二百" -> 1200, "两万" -> 20000, "1,200" -> 1200, "17895万" -> 178950000,
    "百分之九十五" -> 95 (the figure in percent). Anything else raises ValueError.
    """
    value = _parsed(s)
    if isinstance(value, str):
        raise ValueError(value)
    return value


@lru_cache(maxsize=65536)
def _parsed(s: str) -> Decimal | str:
    """parse_number's value, or its error message, kept per string: reading Chinese numerals through
    cn2an was a tenth of all figure finding, and reports repeat their numbers."""
    try:
        return _parse_number(s)
    except ValueError as error:
        return str(error)


def _parse_number(s: str) -> Decimal:
    text = s.strip().translate(_FULL_WIDTH)
    if not text:
        raise ValueError("empty number")
    if text.startswith("百分之"):
        return parse_number(text[3:])
    if _ARABIC_NUMBER.fullmatch(text):
        digits = re.match(_ARABIC, text)
        assert digits is not None
        try:
            base = Decimal(digits.group().replace(",", ""))
        except InvalidOperation as error:
            raise ValueError(f"not a number: {s!r}") from error
        return _normalize_value(_scaled(base, _scale_of(text[digits.end() :])))
    if _MIXED_NUMBER.fullmatch(text):
        return _normalize_value(_from_cn2an(text))
    if not _CN_NUMBER.fullmatch(text):
        raise ValueError(f"not a number: {s!r}")
    scaled = _DECIMAL_CN_SCALED.fullmatch(text)
    if scaled:
        return _normalize_value(_scaled(_chinese_decimal(scaled["head"]), _scale_of(scaled["scale"])))
    if "点" in text:
        return _normalize_value(_chinese_decimal(text))
    return _normalize_value(_from_cn2an(text))


class _UnitTable(dict):
    """Unit surfaces to notations, with the lengths of the surfaces each character opens (longest
    first): a figure's unit is looked for at a few lengths rather than at every one up to the
    longest surface."""

    by_first: dict[str, tuple[int, ...]]


def _unit_table(units: Mapping[str, str]) -> _UnitTable:
    """Unit surfaces in the text's normal form. A key led by 万/亿 (万元) is read as scale + unit, so
    only its bare unit (元) is kept; % always means percent, even if the caller did not list it."""
    table = _UnitTable()
    for key, notation in units.items():
        bare = key.translate(_FULL_WIDTH).lstrip("万亿")
        if bare:
            table.setdefault(bare, notation)
    table.setdefault("%", _PERCENT)
    sizes: dict[str, set[int]] = {}
    for key in table:
        sizes.setdefault(key[0], set()).add(len(key))
    table.by_first = {first: tuple(sorted(found, reverse=True)) for first, found in sizes.items()}
    return table


def _unit_at(text: str, pos: int, table: _UnitTable, longest: int) -> str | None:
    """The longest unit surface starting at `pos`, if any (`longest` bounds the surfaces' length)."""
    for size in table.by_first.get(text[pos : pos + 1], ()):
        if text[pos : pos + size] in table:
            return text[pos : pos + size]
    return None


def _read_figure(norm: str, core: re.Match[str], table: _UnitTable, longest: int) -> _Figure | None:
    """One number core with the inner hedge and scale word after it (80多亿, 1万余, 5300余).

    A scale character that begins a listed unit whose rest is not a unit (千瓦 when 瓦 is not listed)
    is left to the unit, so 3千瓦 reads as 3 kW rather than 3000 of nothing.
    """
    try:
        value = parse_number(core.group())
    except ValueError:
        return None
    kind = core.lastgroup or ""
    factor = _scale_of("".join(c for c in core.group() if c in "万亿")) if kind == "cn" else 1
    pos, hedge = core.end(), None
    inner = _INNER_HEDGE.match(norm, pos) if norm[pos : pos + 1] in _INNER_HEDGE_OPENS else None
    if inner:
        hedge, pos = inner.group(), inner.end()
    scale = (
        _MULTIPLIER_AT.match(norm, pos)
        if kind in ("ar", "cn") and norm[pos : pos + 1] in _MULTIPLIER_OPENS
        else None
    )
    if scale is not None:
        after = scale.end()
        late = _INNER_HEDGE.match(norm, after) if hedge is None else None
        unit_after = _unit_at(norm, late.end() if late else after, table, longest)
        if unit_after is not None or _unit_at(norm, pos, table, longest) is None:
            factor *= _scale_of(scale.group())
            try:
                value = _normalize_value(_scaled(value, _scale_of(scale.group())))
            except ValueError:
                return None
            pos = late.end() if late else after
            hedge = late.group() if late else hedge
    return _Figure(value, core.start(), pos, kind, factor, hedge)


def _range_end(norm: str, first: _Figure, table: _UnitTable, longest: int) -> _Figure | None:
    """The upper figure of a range (1至2个, 3-5万元, 十至二十人) when one follows `first`."""
    if first.hedge is not None or norm[first.end : first.end + 1] not in _RANGE_JOIN_OPENS:
        return None
    join = _RANGE_JOIN.match(norm, first.end)
    if join is None:
        return None
    core = _CORE.match(norm, join.end())
    if core is None or core.lastgroup != first.kind:
        return None
    return _read_figure(norm, core, table, longest)


def _prefix_hedge(norm: str, start: int) -> str | None:
    """A hedge word written just before the number (近1700名, 约3000人, 超过10%)."""
    if start == 0 or norm[start - 1] not in _HEDGE_ENDS:
        return None
    for word in _PREFIX_HEDGES:
        begin = start - len(word)
        if begin >= 0 and norm.startswith(word, begin):
            blocked = begin > 0 and norm[begin - 1] in _HEDGE_BLOCKERS.get(word, "")
            return None if blocked else word
    return None


def _glued_before(norm: str, start: int) -> bool:
    """A number right after a letter, a joiner or a clock colon is a code (T02, 1+2+N, 10·17, 8:30)."""
    before = norm[start - 1] if start > 0 else " "
    time_like = before in ":：" and start > 1 and norm[start - 2].isdigit()
    return before in _GLUE or (before.isascii() and before.isalpha()) or time_like


def _glued_after(norm: str, end: int, letters: bool) -> bool:
    """A joiner (or, when no unit was read, a letter) right after the figure makes it a code."""
    after = norm[end] if end < len(norm) else " "
    return after in _GLUE or (letters and after.isascii() and after.isalpha())


def _figure_follows(norm: str, pos: int, table: _UnitTable, longest: int) -> bool:
    """Whether a Chinese-numeral figure with a unit starts at `pos` (三户五人 is a compound)."""
    run = _CN_NUMBER.match(norm, pos)
    return run is not None and _unit_at(norm, run.end(), table, longest) is not None


def _names_not_counts(
    norm: str, first: _Figure, end: int, ranged: bool, table: _UnitTable, longest: int
) -> bool:
    """Chinese numerals that name rather than count: a lone 一, quoted slogans, fused phrases.

    "十个一", "五个一批", "两个一百年" continue with another numeral that counts nothing, so the first
    numeral is part of a name; "三户五人" continues with a figure of its own and is kept.
    """
    if first.kind != "cn":
        return False
    lone_one = not ranged and norm[first.start : first.end] == "一"
    quoted = first.start > 0 and norm[first.start - 1] in _OPEN_QUOTES
    fused = end < len(norm) and norm[end] in _CN_CHARS and not _figure_follows(norm, end, table, longest)
    return lone_one or quoted or fused


def _skip_core(norm: str, core: re.Match[str]) -> bool:
    """Ordinals (第3, 第一) and Arabic digits glued to codes are never figures (`_glued_before`,
    `_glued_after` without letters, asked inline: every number core asks)."""
    start, end = core.span()
    before = norm[start - 1] if start > 0 else " "
    if before == "第":
        return True
    if core.lastgroup == "cn":
        return False
    time_like = before in ":：" and start > 1 and norm[start - 2].isdigit()
    if before in _GLUE or (before.isascii() and before.isalpha()) or time_like:
        return True
    return end < len(norm) and norm[end] in _GLUE


def _quantity_at(
    text: str, norm: str, core: re.Match[str], table: _UnitTable, longest: int
) -> Quantity | None:
    """The quantity that starts with `core`, or None when it is not a figure of interest."""
    if _skip_core(norm, core):
        return None
    first = _read_figure(norm, core, table, longest)
    if first is None:
        return None
    last = _range_end(norm, first, table, longest)
    low = first.value
    if last is not None and first.factor == 1 and last.factor != 1:
        try:
            low = _normalize_value(_scaled(first.value, last.factor))
        except ValueError:
            last = None
    unit_at = last.end if last is not None else first.end
    unit = _unit_at(norm, unit_at, table, longest)
    if last is not None and (unit is None or not low < last.value):
        last, unit_at = None, first.end
        unit, low = _unit_at(norm, first.end, table, longest), first.value
    if unit is None and first.kind == "ar" and _spaced_unit(norm, unit_at, table, longest):
        unit_at += 1
        unit = _unit_at(norm, unit_at, table, longest)
    if core.lastgroup == "pct":
        unit = "%"
    end = unit_at + (len(unit) if unit and core.lastgroup != "pct" else 0)
    if first.kind == "cn" and unit is None:
        return None
    if first.kind == "cn" and _names_not_counts(norm, first, end, last is not None, table, longest):
        return None
    if unit is None and (_glued_after(norm, end, letters=True) or _is_quoted_code(norm, first.start, end)):
        return None
    prefix = _prefix_hedge(norm, first.start)
    suffix = _SUFFIX_HEDGE.match(norm, end) if norm[end : end + 1] in _SUFFIX_HEDGE_OPENS else None
    hedges = [h for h in (prefix, first.hedge, last.hedge if last else None, suffix and suffix.group()) if h]
    return Quantity(
        value=low,
        unit=table[unit] if unit else None,
        start=first.start,
        end=end,
        surface=text[first.start : end],
        approximate=bool(hedges),
        low=low if last is not None else None,
        high=last.value if last is not None else None,
        qualifier=hedges[0] if hedges else None,
    )


def _spaced_unit(norm: str, pos: int, table: _UnitTable, longest: int) -> bool:
    """Whether one space, then a unit, follows an Arabic figure (22255 户 83821 名: text laid out by a
    PDF or a web page with spaces around Latin runs)."""
    return norm[pos : pos + 1] == " " and _unit_at(norm, pos + 1, table, longest) is not None


def _is_quoted_code(norm: str, start: int, end: int) -> bool:
    """A bare number that fills a quotation (“985”政策, “11211”产业) is a name."""
    opened = start > 0 and norm[start - 1] in _OPEN_QUOTES
    return opened and end < len(norm) and norm[end] in _CLOSE_QUOTES


def _half_width(text: str) -> str:
    """`text` with its full-width forms (_FULL_WIDTH) made half-width; most texts have none, and
    finding that out costs a tenth of `str.translate` (a dictionary look-up per character)."""
    return text.translate(_FULL_WIDTH) if _FULL_WIDTH_CHAR.search(text) else text


def _unit_openers(table: Mapping[str, str]) -> frozenset[str]:
    """The characters that can follow a Chinese-numeral core of a figure: a unit's first character, an
    inner hedge, a scale word or a range joiner (see `_read_figure`, `_range_end`); after any other the
    figure has no unit and `_quantity_at` drops it."""
    return frozenset({key[0] for key in table} | set("余多十百千万亿 至到-—–~〜"))


def _outside_dates(text: str, dates: list[DateMention] | None) -> Callable[[int, int], bool]:
    """A test that a span does not overlap any date or year mention (2020年4月23日, 2019-06-20)."""
    spans = sorted((m.start, m.end) for m in (find_dates(text) if dates is None else dates))
    starts = [s for s, _ in spans]

    def outside(start: int, end: int) -> bool:
        i = bisect_right(starts, end - 1) - 1
        return i < 0 or spans[i][1] <= start

    return outside


class _Units(NamedTuple):
    """What the figure reader needs of a units mapping: its table, its longest surface and the
    characters that may open what follows a Chinese-numeral core."""

    table: dict[str, str]  # read only: one table serves every call with the same mapping
    longest: int
    openers: frozenset[str]


def _units(units: Mapping[str, str]) -> _Units:
    """The reading of `units`, made once per mapping (the pipeline passes its lexicon's on every
    report) and looked up by the mapping's items in order, since the first surface for a bare unit
    (万元 and 元 both give 元) wins."""
    return _units_of(tuple(units.items()))


@lru_cache(maxsize=16)
def _units_of(items: tuple[tuple[str, str], ...]) -> _Units:
    table = _unit_table(dict(items))
    return _Units(table, max(len(key) for key in table), _unit_openers(table))


def find_quantities(
    text: str, units: Mapping[str, str], dates: list[DateMention] | None = None
) -> list[Quantity]:
    """Every figure in `text`, in order, never overlapping; see the module docstring for what counts.

    `units` maps unit surfaces (人, 人次, 万元, %) to unit notations; figures without a listed unit
    come back with unit None when written in Arabic digits and are dropped when written in Chinese.
    `dates` is find_dates(text) when the caller has it already.
    """
    norm = _half_width(text)
    table, longest, openers = _units(units)
    outside = _outside_dates(text, dates)
    found: list[Quantity] = []
    taken_until = 0
    for core in _CORE.finditer(norm):
        start, end = core.span()
        if core.lastgroup == "cn" and norm[end : end + 1] not in openers:
            continue  # a Chinese numeral with neither unit, hedge nor range after it is no figure
        if start < taken_until or not outside(start, end):
            continue  # a figure covers its core: one in a date overlaps it
        quantity = _quantity_at(text, norm, core, table, longest)
        if quantity is not None and outside(quantity.start, quantity.end):
            found.append(quantity)
            taken_until = quantity.end
    return found
