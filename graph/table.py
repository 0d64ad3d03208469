"""Plain-text tables for people, drawn by rich: query results, completeness rows, Python API reprs.

One renderer for every table the project prints, so a query's table and `fupin validate`'s
completeness table line up the same way. rich measures each cell in terminal columns (a CJK
character takes two), which is what aligns 郧阳区 with 420304. The table is as wide as its cells
need, whatever the terminal: output piped to a file reads the same as on screen, and a terminal
that is too narrow wraps the lines instead of squeezing the columns. Cells longer than `max_width`
end in "…" unless `full` is asked for (an evidence quote runs to 300 characters).

Importing rich's console and table costs more than the rest of a one-shot `fupin query`, so a table
of printable cells (no tab, newline or control character: what rich would expand, split or strip)
is laid out here with rich's own cell measures (`rich.cells`), as rich lays it out; any other table
is drawn by rich. tests/graph/test_table.py holds the two to the same text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

MAX_WIDTH = 40
# Header underlined with dashes, columns two spaces apart, no frame: reads well in a terminal, a
# pipe and a Markdown code block alike.
_DASHES = "    \n    \n -  \n    \n    \n    \n    \n    \n"


def cell_width(text: str) -> int:
    """Columns a terminal gives `text` (CJK wide and fullwidth characters take two)."""
    from rich.cells import cell_len

    return cell_len(text)


def render_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    full: bool = False,
    max_width: int = MAX_WIDTH,
    indent: int = 0,
) -> str:
    """`rows` under `columns` as aligned text, cells cut to `max_width` columns unless `full`."""
    printable = all(c.isprintable() for c in columns) and all(
        len(r) == len(columns) and all(c.isprintable() for c in r) for r in rows
    )
    if printable and columns:
        lines = plain_table(columns, rows, full=full, max_width=max_width)
    else:
        lines = rich_table(columns, rows, full=full, max_width=max_width)
    pad = " " * indent
    return "\n".join(pad + line.rstrip() for line in lines)


def plain_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], *, full: bool, max_width: int
) -> list[str]:
    """The lines rich draws for a table of printable cells (trailing spaces aside): each column as
    wide as its widest cell (at most `max_width` unless `full`; a longer cell is cut and ends in
    "…"), one space of padding after each column but the last and one between columns, and the
    header underlined with dashes across each column and its padding."""
    from rich.cells import cell_len, set_cell_size

    widths = [max([cell_len(c), *(cell_len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    if not full:
        widths = [min(w, max_width) for w in widths]
    widths[-1] = widths[-1] or 1  # rich gives an empty last column (no padding) one cell
    padded = [w + 1 for w in widths[:-1]] + [widths[-1]]

    def line(cells: Sequence[str]) -> str:
        out = []
        for text, width, room in zip(cells, widths, padded, strict=True):
            size = cell_len(text)
            if size > width:
                text, size = set_cell_size(text, width - 1) + "…", width
            out.append(text + " " * (room - size))
        return " ".join(out)

    return [line(columns), " ".join("-" * room for room in padded), *(line(r) for r in rows)]


def rich_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], *, full: bool, max_width: int
) -> list[str]:
    """The table's lines as rich draws them."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(
        box=box.Box(_DASHES, ascii=True),
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        show_header=True,
        header_style=None,
        highlight=False,
    )
    for name in columns:
        table.add_column(
            name,
            no_wrap=True,
            overflow="fold" if full else "ellipsis",
            max_width=None if full else max_width,
        )
    for row in rows:
        table.add_row(*row)
    widest = sum(max([cell_width(c), *(cell_width(r[i]) for r in rows)]) + 2 for i, c in enumerate(columns))
    out = io.StringIO()
    console = Console(file=out, width=max(widest, 20), color_system=None, markup=False, emoji=False)
    console.print(table, crop=False)
    return out.getvalue().splitlines()
