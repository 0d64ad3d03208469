"""Writing the site: the Jinja templates (fupin/web/report), the list of pages with what each shows, a
report's text cut at its evidence offsets, and the files written.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import pairwise
from pathlib import Path

from rdflib import Graph

from fupin.graph.site.charts import bar_chart_svg, heat_colour
from fupin.graph.site.data import Site, collect
from fupin.graph.site.highlight import format_value
from fupin.graph.store import union_graph
from fupin.resources import folder


def templates() -> Path:
    """The template folder: fupin/web/report in a checkout, or inside the installed package."""
    return folder("web") / "report"


def text_segments(
    text: str, evidence: Iterable[tuple[str, int, int]]
) -> list[tuple[str, list[str], list[str]]]:
    """The text cut at every evidence boundary: (piece, ids of evidence starting here, ids covering it).

    Evidence may overlap (two facts read from sentences sharing words), so pieces carry sets of ids
    rather than nesting tags; an id's anchor sits at its start offset."""
    spans = sorted({(s, e, i) for i, s, e in evidence if 0 <= s < e <= len(text)})
    cuts = sorted({0, len(text), *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
    pieces = []
    for a, b in pairwise(cuts):
        starting = [i for s, _, i in spans if s == a]
        covering = [i for s, e, i in spans if s <= a and b <= e]
        pieces.append((text[a:b], starting, covering))
    return pieces


def environment():
    """The templates' Jinja environment (HTML autoescaped, undefined names an error, `value` filter)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates())),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["value"] = format_value
    return env


def _evidence_by_report(site: Site) -> dict[str, list[tuple[str, int, int]]]:
    found: dict[str, set[tuple[str, int, int]]] = defaultdict(set)
    for county in site.counties:
        for facts in county.facts.values():
            for fact in facts:
                for ev in fact.evidence:
                    found[ev.report].add((ev.id, ev.start, ev.end))
    return {k: sorted(v) for k, v in found.items()}


def pages(site: Site) -> list[tuple[str, str, dict]]:
    """Every page as (path in the site, template, context), in a fixed order."""
    top = max(site.matrix.values(), default=0)
    colours = {key: heat_colour(n, top) for key, n in site.matrix.items()}
    out: list[tuple[str, str, dict]] = [
        ("index.html", "index.html", {"root": ""}),
        ("matrix.html", "matrix.html", {"root": "", "colours": colours, "top": top}),
        ("charts.html", "charts.html", {"root": "", "svg": _chart_markup(site)}),
        ("completeness.html", "completeness.html", {"root": ""}),
    ]
    reports = {r.id: r for r in site.reports}
    for county in site.counties:
        out.append((f"county/{county.code}.html", "county.html", {"root": "../", "county": county}))
    for measure in site.measures:
        out.append((f"measure/{measure}.html", "measure.html", {"root": "../", "measure": measure}))
    by_report = _evidence_by_report(site)
    for report_id, report in reports.items():
        if report.text is None:
            continue
        segments = text_segments(report.text, by_report.get(report_id, []))
        out.append(
            (f"text/{report_id}.html", "text.html", {"root": "../", "report": report, "segments": segments})
        )
    return out


def _chart_markup(site: Site) -> dict[str, str]:
    from markupsafe import Markup

    return {
        indicator: Markup(bar_chart_svg(rows, unit.zh))  # bar_chart_svg escapes every label
        for indicator, _label, unit, rows in site.charts
    }


def write_site(
    site: Site,
    output: Path,
    *,
    progress: Callable[[Iterable], Iterable] = lambda items: items,
) -> list[Path]:
    """Render every page of `site` into `output` (created if missing) and copy the assets; returns the
    files written. Existing files of the same names are replaced; nothing else there is touched."""
    env = environment()
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("site.css", "site.js"):
        target = output / "assets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(templates() / "assets" / name, target)
        written.append(target)
    for path, template, context in progress(pages(site)):
        target = output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        html = env.get_template(template).render(site=site, page=path, **context)
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written


def make_site(
    data: Graph,
    output: Path,
    *,
    texts: Mapping[str, str] | None = None,
    ontology: Graph | None = None,
    progress: Callable[[Iterable], Iterable] = lambda items: items,
) -> tuple[Site, list[Path]]:
    """The whole job: collect the site from the graph and write it. `texts` maps a report's source file
    name to its decoded text (the caller reads the files; see `source_files` for the names wanted)."""
    graph = union_graph(data)
    if ontology is None:
        from fupin.graph.build import load_ontology

        ontology = load_ontology()
    site = collect(graph, ontology, texts)
    return site, write_site(site, output, progress=progress)
