"""The HTML site of the graph (what `fupin report` writes): overview, county × measure matrix, charts, one
page per county and per measure, the completeness table, and every report's text with anchors at the
evidence offsets.

The site is for people who will never write SPARQL, so every figure they see leads, in two clicks, to the
sentence it was read from. It is plain files (no server, nothing loaded from the internet: charts are
inline SVG made here, fonts come from a CJK font stack, the only script is a local language switch).

The graph holds evidence as offsets into each report's decoded text, but not the text itself; the caller
passes the texts in (source file name → text), and a report's text is copied into the site only when its
SHA-256 equals the graph's fp:textSha256, so an anchor never points at the wrong characters.

    data.py       the site's content gathered from the graph (`collect` → `Site`)
    highlight.py  figures and dates as Chinese text writes them; the span of a quote to light up
    charts.py     bar and series charts as inline SVG, the matrix's heat colours
    render.py     the Jinja templates, the page list, writing the files (`make_site`)
"""

from fupin.graph.site.data import Site, collect, source_files
from fupin.graph.site.render import make_site, write_site

__all__ = ["Site", "collect", "make_site", "source_files", "write_site"]
