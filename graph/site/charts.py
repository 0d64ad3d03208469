"""The site's charts, drawn here as inline SVG strings (labels escaped here: they come from the graph),
and the colours of the county × measure matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from fupin.graph.site.highlight import format_value


@dataclass(frozen=True)
class SeriesPoint:
    """One figure of a county's series: the year it describes, how that year is known, and whether
    another report disagrees with it."""

    year: int
    value: Decimal
    basis: str
    conflict: bool
    files: tuple[str, ...]
    shown: str = ""


def heat_colour(count: int, top: int) -> tuple[str, str]:
    """Background and text colour for a matrix cell: white for none, up to a deep blue for the most."""
    if count <= 0 or top <= 0:
        return "#ffffff", "#999999"
    share = 0.25 + 0.75 * min(count, top) / top
    low, high = (232, 240, 250), (24, 78, 150)
    rgb = tuple(round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb), "#ffffff" if share > 0.55 else "#10243e"


def bar_chart_svg(rows: Sequence[tuple[str, Decimal]], symbol: str, *, width: int = 640) -> str:
    """A horizontal bar chart as an inline SVG string (escaped here: labels come from the graph)."""
    from markupsafe import escape

    if not rows:
        return ""
    bar_h, gap, left, right = 26, 10, 110, 150
    top = max(float(v) for _, v in rows) or 1.0
    height = len(rows) * (bar_h + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    for i, (name, value) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        length = max(1.0, (width - left - right) * float(value) / top)
        text = escape(format_value(value, symbol))
        parts.append(
            f'<text x="{left - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar_h}" rx="3"><title>{escape(name)} '
            f"{text}</title></rect>"
            f'<text x="{left + length + 6:.1f}" y="{y + bar_h * 0.7:.1f}" class="value">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def series_svg(points: Sequence[SeriesPoint], symbol: str, *, width: int = 640, height: int = 220) -> str:
    """A county's figures for one indicator by year, as an inline SVG (labels escaped here): a line
    through each year's figures, a hollow dot for a year known only from the publication date, a
    red dot for a figure another report disagrees with."""
    from markupsafe import escape

    if not points:
        return ""
    left, right, top, bottom = 60, 30, 24, 36
    years = sorted({p.year for p in points})
    high = max(float(p.value) for p in points) or 1.0
    span = max(1, years[-1] - years[0])

    def x(year: int) -> float:
        return left + (width - left - right) * (year - years[0]) / span if len(years) > 1 else width / 2

    def y(value: Decimal) -> float:
        return top + (height - top - bottom) * (1 - float(value) / high)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart series" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        'class="axis"/>',
    ]
    line = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in points)
    parts.append(f'<polyline points="{line}" class="trend"/>')
    for year in years:
        parts.append(f'<text x="{x(year):.1f}" y="{height - bottom + 18}" text-anchor="middle">{year}</text>')
    for p in points:
        text = escape(format_value(p.value, symbol))
        kind = "conflict" if p.conflict else ("proxy" if p.basis == "publication" else "stated")
        sources = escape(", ".join(p.files))
        parts.append(
            f'<circle cx="{x(p.year):.1f}" cy="{y(p.value):.1f}" r="5" class="{kind}">'
            f"<title>{p.year}: {text} ({sources})</title></circle>"
            f'<text x="{x(p.year) + 8:.1f}" y="{y(p.value) - 8:.1f}" class="value">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
