"""Chinese numerals read without cn2an (extract/numerals.py) are read as cn2an's smart mode reads
them: the same value or the same refusal, on every text of up to three characters of the numerals'
alphabet, on random longer ones, and on the forms real reports hand it; other texts go to cn2an."""

from __future__ import annotations

import itertools

import cn2an
import pytest
from fresh_python import python_output
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract import numerals
from fupin.extract.quantities import _CN_CHARS

# Every character the extractors can hand cn2an (quantities' numerals; dates' are among them), and
# cn2an's own others: 幺, and a few it does not know.
ALPHABET = _CN_CHARS + "幺点负仨廿"


def _cn2an(text: str) -> object:
    """cn2an's reading, or the type of what it raised."""
    try:
        return cn2an.cn2an(text, "smart")
    except Exception as error:  # cn2an raises ValueError and others for texts it refuses
        return type(error)


def _ours(text: str) -> object:
    try:
        return numerals.smart(text)
    except Exception as error:
        return type(error)


def _check(text: str) -> None:
    known = numerals.known_form(text)
    if known is None:
        return
    expected = _cn2an(text)
    if isinstance(known, ValueError):
        assert isinstance(expected, type) and issubclass(expected, Exception), (text, expected)
    else:
        assert (known, type(known)) == (expected, type(expected)), text


def test_every_short_text_is_read_as_cn2an_reads_it() -> None:
    for size in (1, 2, 3):
        for chars in itertools.product(ALPHABET, repeat=size):
            _check("".join(chars))


@settings(max_examples=2_000, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=4, max_size=10))
def test_longer_texts_are_read_as_cn2an_reads_them(text: str) -> None:
    _check(text)
    if numerals.known_form(text) is None:
        assert _ours(text) == _cn2an(text)  # cn2an's own answer


@pytest.mark.parametrize("size", [4, 5])
def test_units_alone_are_refused_as_cn2an_refuses_them(size: int) -> None:
    for chars in itertools.product("百佰千仟万亿", repeat=size):
        _check("".join(chars))


def test_the_forms_of_real_reports_are_read_here() -> None:
    """What the extractors handed cn2an over the synthetic corpus and the dev sets, and dates' months
    and days: all read without it."""
    seen = "一 一一 一万 一两 七 万 三 两 两万 九 二 二十一 五 亿 八 六 十 十三五 十二五 千 四 玖 百 百万 零"
    days = "十一 十二 二十 二十九 三十 三十一"
    for text in [*seen.split(), *days.split()]:
        assert numerals.known_form(text) is not None, text
        assert _ours(text) == _cn2an(text)


def test_other_texts_go_to_cn2an() -> None:
    for text in ("一千二百", "一百零五", "一万二", "十万", "一点五", "1亿2万"):
        assert numerals.known_form(text) is None
        assert numerals.smart(text) == cn2an.cn2an(text, "smart")


def test_extracting_known_forms_leaves_cn2an_unimported() -> None:
    check = (
        "import sys\n"
        "from fupin.extract.quantities import parse_number\n"
        "from fupin.extract.dates import find_dates\n"
        "print(parse_number('两万'), find_dates('二〇二〇年十二月三十一日')[0].day, 'cn2an' in sys.modules)\n"
        "print(parse_number('一千二百'), 'cn2an' in sys.modules)\n"
    )
    assert python_output(check) == "20000 31 False\n1200 True\n"
