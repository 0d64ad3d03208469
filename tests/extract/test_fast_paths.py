"""Short cuts taken for speed give the answers of the long way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract import dates, quantities


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
