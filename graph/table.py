"""Plain-text tables for people, drawn by rich: query results, completeness rows, Python API reprs.

One renderer for every table the project prints, so a query's table and `fupin validate`'s
completeness table line up the same way. rich measures each cell in terminal columns (a CJK
character takes two), which is what aligns 郧阳区 with 420304. The table is as wide as its cells
need, whatever the terminal: output piped to a file reads the same as on screen, and a terminal
that is too narrow wraps the lines instead of squeezing the columns. Cells longer than `max_width`
end in "…" unless `full` is asked for (an evidence quote runs to 300 characters).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table

MAX_WIDTH = 40
# Header underlined with dashes, columns two spaces apart, no frame: reads well in a terminal, a
# pipe and a Markdown code block alike.
_DASHES = box.Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)


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
    table = Table(
        box=_DASHES,
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
    pad = " " * indent
    return "\n".join(pad + line.rstrip() for line in out.getvalue().splitlines())
