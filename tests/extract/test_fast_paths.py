"""Short cuts taken for speed give the answers of the long way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract import dates


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
