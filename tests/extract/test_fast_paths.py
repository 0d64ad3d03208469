"""Short cuts taken for speed give the answers of the long way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract import dates, measure_lists, quantities
from fupin.extract.measure_lists import ListReader


def _long_way(text: str) -> list[dates.DateMention]:
    chosen, taken_until = [], -1
    for mention in sorted(dates._candidates(text, 2020), key=lambda m: (m.start, -(m.end - m.start))):
        if mention.start >= taken_until:
            chosen.append(mention)
            taken_until = mention.end
    return chosen


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("2019０１-./．／－今去年月日号底初旬县"), max_size=16))
def test_the_date_pre_check_never_drops_a_date(text: str) -> None:
    assert dates.find_dates(text, 2020) == _long_way(text)


_UNITS = {
    "人": "person",
    "人次": "person-time",
    "户": "household",
    "万元": "yuan",
    "元": "yuan",
    "个": "item",
}


def _every_core(text: str) -> list[quantities.Quantity]:
    """find_quantities the long way: every number core read in full, dates and all, in half-width
    text made by `str.translate`."""
    norm = text.translate(quantities._FULL_WIDTH)
    table = quantities._unit_table(_UNITS)
    longest = max(len(key) for key in table)
    outside = quantities._outside_dates(text, None)
    found: list[quantities.Quantity] = []
    for core in quantities._CORE.finditer(norm):
        if found and core.start() < found[-1].end:
            continue
        quantity = quantities._quantity_at(text, norm, core, table, longest)
        if quantity is not None and outside(quantity.start, quantity.end):
            found.append(quantity)
    return found


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("20１．%,.一两三十百万亿点余多近人户个元年月第“”+- 至、村"), max_size=16)
)
def test_the_figure_pre_checks_never_drop_a_figure(text: str) -> None:
    assert quantities.find_quantities(text, _UNITS) == _every_core(text)


_READER = ListReader(
    {"教育扶贫": "education", "健康扶贫": "health"}, ["扶贫"], ["、以及", "以及", "和", "、"]
)


def _run_right(text: str, start: int) -> int:
    """Where an item starting at `start` ends, read character by character."""
    end = start
    while end < len(text) and end - start < measure_lists._MAX_RUN and measure_lists._is_han(text[end]):
        if _READER._joiner_after(text, end) is not None and end > start:
            break
        end += 1
    return end


def _run_left(text: str, end: int) -> int:
    """Where an item ending at `end` starts, read character by character."""
    start = end
    while start > 0 and end - start < measure_lists._MAX_RUN and measure_lists._is_han(text[start - 1]):
        if _READER._joiner_before(text, start) is not None and start < end:
            break
        start -= 1
    return start


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("教育健康扶贫以及和、，a "), max_size=24), st.integers(0, 24))
def test_list_items_are_read_as_character_by_character(text: str, at: int) -> None:
    at = min(at, len(text))
    found: tuple[list, list] = ([], [])
    right, left = _READER._item_right(text, at, found), _READER._item_left(text, at, found)
    assert (right.end if right else at) == _run_right(text, at)
    assert (left.start if left else at) == _run_left(text, at)
