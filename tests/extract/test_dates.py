"""Dates, years and publication dates, from sentences of real county reports and from new phrasings."""

from __future__ import annotations

import datetime
from itertools import pairwise

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract.dates import (
    DateMention,
    find_dates,
    latest_year,
    publication_date,
    resolve_year,
)
from fupin.resources import folder


def parts(text: str, base_year: int | None = None) -> list[tuple[str, int | None, int | None, int | None]]:
    """(surface, year, month, day) of every mention."""
    return [(m.surface, m.year, m.month, m.day) for m in find_dates(text, base_year)]


def only(text: str, base_year: int | None = None) -> DateMention:
    found = find_dates(text, base_year)
    assert len(found) == 1, found
    return found[0]


def corpus_text(prefix: str) -> str:
    (path,) = folder("corpus").glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("sentence", "surface", "date"),
    [
        ("85个重点贫困村全部出列，2020年4月23日省政府批准郧阳区退出贫困县", "2020年4月23日", (2020, 4, 23)),
        ("(发布时间:2019-06-20)", "2019-06-20", (2019, 6, 20)),
        ("会议于2019.6.20召开", "2019.6.20", (2019, 6, 20)),
        ("二〇二〇年四月二十三日，省政府批准", "二〇二〇年四月二十三日", (2020, 4, 23)),
        ("二○一九年十二月三十一日", "二○一九年十二月三十一日", (2019, 12, 31)),
        ("２０２０年４月２３日", "２０２０年４月２３日", (2020, 4, 23)),
        ("2018/11/05发布", "2018/11/05", (2018, 11, 5)),
        ("2020 年 5 月 8 日", "2020 年 5 月 8 日", (2020, 5, 8)),
        ("2019年3月1号起施行", "2019年3月1号", (2019, 3, 1)),
    ],
)
def test_full_dates(sentence: str, surface: str, date: tuple[int, int, int]) -> None:
    m = only(sentence)
    assert (m.surface, m.date, m.relative) == (surface, datetime.date(*date), False)
    assert sentence[m.start : m.end] == surface


def test_relative_dates_resolve_against_the_base_year() -> None:
    m = only("69个贫困村全部出列，今年4月21日经省政府批准房县退出贫困县", base_year=2020)
    assert (m.surface, m.date, m.relative) == ("今年4月21日", datetime.date(2020, 4, 21), True)


def test_relative_dates_without_a_base_year_keep_month_and_day_only() -> None:
    m = only("今年7月21日,咸安区召开精准识别会")
    assert (m.year, m.month, m.day, m.date, m.relative) == (None, 7, 21, None, True)


def test_partial_dates() -> None:
    text = "到2017年底,全区贫困人口45692人分三年全部脱贫出列:到2018年底,21个贫困村分3批全部出列。"
    assert parts(text) == [("2017年底", 2017, 12, None), ("2018年底", 2018, 12, None)]
    assert parts("今年上半年，对全区767名义务教育阶段学生", 2020) == [("今年上半年", 2020, None, None)]
    assert parts("迎接国家2020年度考核") == [("2020年度", 2020, None, None)]
    assert parts("2019年12月底前完成") == [("2019年12月底", 2019, 12, None)]
    assert parts("4月初步建成", 2020) == []
    assert parts("2020年初，全县") == [("2020年初", 2020, 1, None)]


def test_a_year_before_a_word_that_starts_with_its_suffix_stays_a_year() -> None:
    assert parts("2020年初步建成") == [("2020年", 2020, None, None)]


def test_year_ranges_give_both_years() -> None:
    assert parts("2016-2018年共投入") == [("2016", 2016, None, None), ("2018年", 2018, None, None)]


def test_relative_words() -> None:
    assert parts("去年、前年和明年", 2020) == [
        ("去年", 2019, None, None),
        ("前年", 2018, None, None),
        ("明年", 2021, None, None),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "新建农村公路2056公里",
        "4250万袋",
        "持股51%",
        "建区36年来",
        "5年来，全县农民人均可支配收入",
        "3000年",
        "计划1948年",
        "10.3亿元",
        "“10·17”扶贫日",
    ],
)
def test_implausible_years_and_figures_are_not_dates(sentence: str) -> None:
    assert find_dates(sentence) == []


def test_invalid_days_and_months_are_dropped_not_guessed() -> None:
    assert parts("2019年2月30日") == [("2019年2月", 2019, 2, None)]
    assert parts("2019年13月5日") == [("2019年", 2019, None, None)]
    assert parts("2020年2月29日") == [("2020年2月29日", 2020, 2, 29)]


def test_a_month_and_day_without_a_year() -> None:
    assert parts("7月21日召开推进会") == [("7月21日", None, 7, 21)]


@pytest.mark.parametrize(
    ("word", "year"),
    [
        ("今年", 2020),
        ("本年", 2020),
        ("去年", 2019),
        ("上年", 2019),
        ("前年", 2018),
        ("明年", 2021),
        ("今年度", 2020),
        ("当年", None),
        ("2019年", None),
    ],
)
def test_resolve_year(word: str, year: int | None) -> None:
    assert resolve_year(word, 2020) == year


def test_publication_date_from_an_explicit_marker() -> None:
    m = publication_date(corpus_text("003"))
    assert m is not None
    assert m.date == datetime.date(2019, 6, 20)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("来源：湖北日报  日期：2020-05-08\n正文……", (2020, 5, 8)),
        ("标题\n(2020年5月8日)\n今年以来，全县……", (2020, 5, 8)),
        ("记者 王雁博 2020年5月8日\n正文", (2020, 5, 8)),
        ("正文写于2018年3月1日。\n发布日期：2019年6月20日", (2019, 6, 20)),
    ],
)
def test_publication_date_from_bylines(text: str, date: tuple[int, int, int]) -> None:
    m = publication_date(text)
    assert m is not None
    assert m.date == datetime.date(*date)
    assert text[m.start : m.end] == m.surface


def test_dates_in_running_text_are_not_publication_dates() -> None:
    assert publication_date(corpus_text("000")) is None
    running = "全区16.3万建档立卡贫困人口全部脱贫，2020年4月23日省政府批准郧阳区退出贫困县。"
    assert publication_date(running) is None


def test_latest_year() -> None:
    assert latest_year(corpus_text("003")) == 2019
    assert latest_year(corpus_text("002")) == 2020
    assert latest_year("1985年以来，2035年远景目标") == 2035
    assert latest_year("今年以来") is None


def test_every_sample_report_reads_with_exact_spans() -> None:
    for path in sorted(folder("corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = find_dates(text, base_year=2020)
        assert found, path.name
        for m in found:
            assert text[m.start : m.end] == m.surface
        assert all(a.end <= b.start for a, b in pairwise(found))


# --- properties -------------------------------------------------------------------------------

_DATES = st.dates(min_value=datetime.date(1949, 1, 1), max_value=datetime.date(2035, 12, 31))
_CN_DIGITS = "〇一二三四五六七八九"


def _chinese(d: datetime.date) -> str:
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn2an.an2cn(d.month)}月{cn2an.an2cn(d.day)}日"


_FORMATS = {
    "ymd": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "ymd-padded": lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日",
    "iso": lambda d: d.isoformat(),
    "dots": lambda d: f"{d.year}.{d.month}.{d.day}",
    "slashes": lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    "chinese": _chinese,
    "full-width": lambda d: f"{d.year}年{d.month}月{d.day}日".translate(
        {ord(c): 0xFF10 + int(c) for c in "0123456789"}
    ),
}


@given(_DATES, st.sampled_from(sorted(_FORMATS)), st.sampled_from(["", "会议于", "，", "(发布时间:"]))
def test_any_valid_date_in_any_format_parses_back(d: datetime.date, style: str, before: str) -> None:
    written = _FORMATS[style](d)
    text = f"{before}{written}召开"
    m = only(text)
    assert (m.date, m.surface, m.start) == (d, written, len(before))


@given(_DATES, st.integers(min_value=1949, max_value=2035))
def test_relative_dates_resolve_for_any_base_year(d: datetime.date, base: int) -> None:
    m = only(f"去年{d.month}月{d.day}日", base_year=base)
    expected = (base - 1, d.month, d.day)
    assert (m.year, m.month, m.day) == expected or (d.month, d.day) == (2, 29)


_ALPHABET = st.sampled_from(
    [
        *"0123456789０１２３４５６７８９〇○一二三四五六七八九十年月日号底初末度上下半-./至今去前明本 \n",
        "2020",
        "1949",
        "2035",
        "今年",
        "发布时间:",
        "日期：",
        "（",
        "）",
        "记者",
    ]
)


@settings(max_examples=300)
@given(st.lists(_ALPHABET, max_size=30).map("".join), st.one_of(st.none(), st.integers(1949, 2035)))
def test_random_text_never_raises_and_spans_are_exact(text: str, base: int | None) -> None:
    found = find_dates(text, base)
    for m in found:
        assert text[m.start : m.end] == m.surface
        assert m.year is None or m.relative or 1949 <= m.year <= 2035
        assert m.month is None or 1 <= m.month <= 12
    assert all(a.end <= b.start for a, b in pairwise(found))
    published = publication_date(text)
    assert published is None or text[published.start : published.end] == published.surface
    latest_year(text)


@given(st.text(max_size=60))
def test_any_unicode_text_never_raises(text: str) -> None:
    for m in find_dates(text, 2020):
        assert text[m.start : m.end] == m.surface
