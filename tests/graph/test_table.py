"""Tables for people: the plain layout of printable cells is, line for line, the table rich draws."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.graph.table import plain_table, render_table, rich_table

# Printable text of every width rich knows: ASCII, CJK (two cells), fullwidth forms, combining marks
# (no cell), emoji, and the ellipsis itself.
_CHARS = st.sampled_from(
    list("ab Z09-_:/.") + list("郧阳区房县茅箭扶贫车间") + ["Ａ", "é", "e\u0301", "🙂", "…", "ｶ"]
)
_CELL = st.lists(_CHARS, max_size=60).map("".join)


@st.composite
def tables(draw) -> tuple[list[str], list[list[str]]]:
    width = draw(st.integers(1, 6))
    columns = draw(st.lists(_CELL, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), max_size=6))
    return columns, rows


@settings(max_examples=400, deadline=None)
@given(tables(), st.booleans(), st.integers(2, 45))
def test_the_plain_layout_is_richs(table, full, max_width) -> None:
    columns, rows = table
    plain = [line.rstrip() for line in plain_table(columns, rows, full=full, max_width=max_width)]
    drawn = [line.rstrip() for line in rich_table(columns, rows, full=full, max_width=max_width)]
    assert plain == drawn


def test_a_county_table_reads_as_before() -> None:
    text = render_table(["county", "name", "lifted"], [["fpd:county/420302", "茅箭区", "7129"]])
    assert text.splitlines() == [
        "county             name    lifted",
        "------------------ ------- ------",
        "fpd:county/420302  茅箭区  7129",
    ]


def test_cells_rich_would_change_are_drawn_by_rich() -> None:
    columns, rows = ["quote"], [["第一行\n第二行\t完"]]
    assert render_table(columns, rows).splitlines() == [
        line.rstrip() for line in rich_table(columns, rows, full=False, max_width=40)
    ]
