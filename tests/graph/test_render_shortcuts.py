"""The shortcuts of a report's rendering, each against the long way: facts grouped by their own type
(one pass) are the groups asking every fact `isinstance` of each mapping's kind gives, and the cached
stated precision is the computed one whichever spelling of a value came first."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import get_args

from hypothesis import given
from hypothesis import strategies as st
from sample_facts import sample_docs

from fupin.extract.facts import Fact
from fupin.graph.build import MAPPINGS, _by_kind, _group
from fupin.graph.corpus import stated_precision


def test_every_fact_type_is_the_kind_of_exactly_one_mapping() -> None:
    kinds = [mapping.kind for mapping in MAPPINGS]
    assert sorted(k.__name__ for k in kinds) == sorted(k.__name__ for k in get_args(Fact))
    assert not [(a, b) for a in kinds for b in kinds if a is not b and issubclass(a, b)]


def test_grouping_by_type_is_grouping_by_isinstance() -> None:
    for doc in sample_docs():
        kinds = _by_kind(doc.facts)
        for mapping in MAPPINGS:
            long_way: dict[tuple, list] = {}
            for fact in doc.facts:
                if isinstance(fact, mapping.kind):
                    long_way.setdefault(mapping.key(fact), []).append(fact)
            grouped = _group(kinds.get(mapping.kind, ()), mapping)
            assert list(grouped.items()) == list(long_way.items())


VALUES = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**7), max_value=10**7)
SCALES = st.sampled_from(["", "万", "亿", "%", "万人", "户"])


@given(VALUES, SCALES, st.integers(min_value=-3, max_value=3))
def test_the_cached_stated_precision_is_the_computed_one_for_any_spelling(
    value: Decimal, scale: str, shift: int
) -> None:
    """Equal values spelled differently (1000, 1E+3, 1000.00) share a cache entry: the step must be
    the same number and the same text as each spelling's own."""
    figure = f"{value}{scale}"
    spellings = [
        value,
        value.normalize(),
        value.quantize(Decimal(1).scaleb(-3)),
        value.scaleb(shift).scaleb(-shift),
    ]
    for spelled in spellings:
        for text in (figure, None, "两万"):
            cached, computed = stated_precision(spelled, text), stated_precision.__wrapped__(spelled, text)
            assert cached == computed
            assert str(cached) == str(computed)


def test_a_subclass_of_a_record_type_is_grouped_with_the_kind_it_derives_from() -> None:
    """A record extended elsewhere (a subclass with a field of its own) renders as its base kind, as
    `isinstance` places it, not as a type of its own that no mapping writes."""
    doc = sample_docs()[0]
    first = doc.facts[0]

    @dataclasses.dataclass(frozen=True, order=True)
    class Noted(type(first)):  # type: ignore[misc]
        note: str = "据统计"

    noted = Noted(**{f.name: getattr(first, f.name) for f in dataclasses.fields(first)})
    kinds = _by_kind([noted, *doc.facts[1:]])
    assert Noted not in kinds
    assert kinds[type(first)][0] is noted
