"""`fupin validate`: SHACL structure and completeness, as a readable summary or as json / csv / html."""

from __future__ import annotations

import csv
import html
import io
import json
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import asdict
from itertools import groupby

import click

from fupin.cli import graph_option, main

SECTION_TITLES = {
    "en": {
        "Violation": "Violations",
        "Warning": "Warnings",
        "Info": "Infos",
        "table": "Completeness per county",
    },
    "zh": {"Violation": "违规", "Warning": "警告", "Info": "提示", "table": "各县信息完整性"},
}
GROUP_MARKS = {
    "industry": "产",
    "relocation": "搬",
    "eco-compensation": "生",
    "education": "教",
    "social-security": "保",
}
CSV_COLUMNS = (
    "section",
    "severity",
    "shape",
    "focus",
    "label",
    "path",
    "message",
    "quote",
    "check",
    "present",
    "score",
)


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row(cells: list[str], widths: list[int]) -> str:
    return ("  " + "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))).rstrip()


def _mark(present: bool) -> str:
    return "✓" if present else "·"


def render_text(report, rows, lang: str) -> str:
    """Results grouped by severity then shape (message once, then one line per focus node), then the table."""
    titles = SECTION_TITLES[lang]
    out: list[str] = []
    for severity in ("Violation", "Warning", "Info"):
        results = [r for r in report.results if r.severity == severity]
        if not results:
            continue
        out.append(f"{titles[severity]} ({len(results)})")
        for shape, group in groupby(results, key=lambda r: r.shape):
            items = list(group)
            out.append(f"  {shape} — {items[0].message} ({len(items)})")
            for r in items:
                quote = f"  “{r.quote}”" if r.quote else ""
                out.append(f"    {r.focus}  {r.label}{quote}")
        out.append("")
    out.append(titles["table"])
    groups = list(rows[0].five_batches_present) if rows else []
    header = [
        "code",
        "county",
        "lifted",
        "exit",
        *[GROUP_MARKS.get(g, g[:2]) for g in groups],
        "indicators",
        "score",
    ]
    lines = [header]
    for row in rows:
        present = sum(row.indicators_present.values())
        lines.append(
            [
                row.code,
                row.name,
                _mark(row.lifted_population),
                _mark(row.exit_date),
                *[_mark(row.five_batches_present[g]) for g in groups],
                f"{present}/{len(row.indicators_present)}",
                f"{row.score:.2f}",
            ]
        )
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    out.append(_row(header, widths))
    for row, cells in zip(rows, lines[1:], strict=True):
        out.append(_row(cells, widths))
        names = [k for k, v in row.indicators_present.items() if v]
        out.append(f"      indicators: {', '.join(names) if names else '-'}")
    out.append(f"  groups: {', '.join(f'{GROUP_MARKS.get(g, g)}={g}' for g in groups)}")
    out.append("")
    out.append(_summary(report))
    return "\n".join(out)


def _summary(report) -> str:
    counts = {s: sum(r.severity == s for r in report.results) for s in ("Violation", "Warning", "Info")}
    return f"{counts['Violation']} violation(s), {counts['Warning']} warning(s), {counts['Info']} info(s)"


def render_json(report, rows, lang: str) -> str:
    doc = {
        "conforms": report.conforms,
        "results": [asdict(r) for r in report.results],
        "completeness": [asdict(row) for row in rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)


def render_csv(report, rows, lang: str) -> str:
    """One tidy table: `result` rows (one per SHACL result), then `completeness` rows (one per county
    and check: each indicator, each group, exit-date, with the county's score)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in report.results:
        writer.writerow({"section": "result", **{k: v for k, v in asdict(r).items() if k in CSV_COLUMNS}})
    for row in rows:
        checks = {
            **{f"indicator:{k}": v for k, v in row.indicators_present.items()},
            **{f"five-batches:{k}": v for k, v in row.five_batches_present.items()},
            "exit-date": row.exit_date,
        }
        for check, present in checks.items():
            writer.writerow(
                {
                    "section": "completeness",
                    "focus": row.code,
                    "label": row.name,
                    "check": check,
                    "present": str(present).lower(),
                    "score": row.score,
                }
            )
    return buffer.getvalue()


def render_html(report, rows, lang: str) -> str:
    """A self-contained page: the results table and the completeness table (✓ present, · missing)."""
    e = html.escape
    titles = SECTION_TITLES[lang]
    result_rows = "".join(
        f"<tr class='{e(r.severity.lower())}'><td>{e(r.severity)}</td><td>{e(r.shape)}</td>"
        f"<td>{e(r.focus)}</td><td>{e(r.label)}</td><td>{e(r.message)}</td><td>{e(r.quote)}</td></tr>"
        for r in report.results
    )
    indicators = list(rows[0].indicators_present) if rows else []
    groups = list(rows[0].five_batches_present) if rows else []
    head = "".join(f"<th>{e(n)}</th>" for n in [*groups, "exit-date", *indicators])
    county_rows = "".join(
        f"<tr><td>{e(row.code)}</td><td>{e(row.name)}</td><td>{row.score:.2f}</td>"
        + "".join(
            f"<td>{_mark(v)}</td>"
            for v in [*row.five_batches_present.values(), row.exit_date, *row.indicators_present.values()]
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'><title>fupin validate</title>"
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:2px 6px}.violation{background:#fdd}.warning{background:#ffd}</style></head><body>"
        f"<h1>fupin validate</h1><p>{e(_summary(report))}</p>"
        "<table><tr><th>severity</th><th>shape</th><th>focus</th><th>label</th><th>message</th><th>quote</th></tr>"
        f"{result_rows}</table><h2>{e(titles['table'])}</h2>"
        f"<table><tr><th>code</th><th>county</th><th>score</th>{head}</tr>{county_rows}</table></body></html>\n"
    )


def universe_text(text: str, rows) -> str:
    """The counts, every listed county a report covers (with what it lacks), then the rest by code."""
    from fupin.graph.universe import summary

    out = [text.rstrip("\n"), "", "National poverty counties (832 list)"]
    out += [f"  {name}: {count}" for name, count in summary(rows).items()]
    covered = [r for r in rows if r.reported]
    lines = [["code", "county", "batch", "lifted", "exit date"]]
    lines += [
        [r.code, r.name, r.batch_year, _mark(r.lifted_population), " ".join(r.exit_dates) or "·"]
        for r in covered
    ]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(lines[0]))]
    out += [_row(line, widths) for line in lines]
    missing = [f"{r.code} {r.name}" for r in rows if not r.reported]
    out.append(f"  no report ({len(missing)}):")
    out += ["    " + "  ".join(missing[i : i + 6]) for i in range(0, len(missing), 6)]
    return "\n".join(out) + "\n"


def universe_json(text: str, rows) -> str:
    from fupin.graph.universe import summary

    doc = json.loads(text)
    doc["universe"] = {"name": "poverty-832", "summary": summary(rows), "counties": [asdict(r) for r in rows]}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def universe_csv(text: str, rows) -> str:
    """`universe` rows after the others: one per listed county and check (report, lifted, exit-date)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    for r in rows:
        checks = {
            "report": r.reported,
            "lifted-population": r.lifted_population,
            "exit-date": bool(r.exit_dates),
        }
        for check, present in checks.items():
            writer.writerow(
                {
                    "section": "universe",
                    "focus": r.code,
                    "label": r.name,
                    "check": check,
                    "present": str(present).lower(),
                }
            )
    return text + buffer.getvalue()


def universe_html(text: str, rows) -> str:
    e = html.escape
    body = "".join(
        f"<tr><td>{e(r.code)}</td><td>{e(r.name)}</td><td>{e(r.batch_year)}</td><td>{_mark(r.reported)}</td>"
        f"<td>{_mark(r.lifted_population)}</td><td>{e(' '.join(r.exit_dates) or '·')}</td></tr>"
        for r in rows
    )
    table = (
        "<h2>National poverty counties (832 list)</h2><table><tr><th>code</th><th>county</th><th>batch</th>"
        f"<th>report</th><th>lifted</th><th>exit date</th></tr>{body}</table>"
    )
    return text.replace("</body>", table + "</body>", 1)


UNIVERSE_RENDERERS: dict[str, Callable] = {
    "text": universe_text,
    "json": universe_json,
    "csv": universe_csv,
    "html": universe_html,
}


RENDERERS: dict[str, Callable] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
}


@main.command()
@graph_option
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(RENDERERS)),
    default="text",
    show_default=True,
    help="text for people; json, csv or html for machines and browsers",
)
@click.option("--strict", is_flag=True, help="also exit 1 on warnings (completeness gaps)")
@click.option(
    "--universe",
    type=click.Choice(["poverty-832"]),
    default=None,
    help="also show completeness over a universe of counties: the 832 national poverty counties",
)
def validate(graph_path, lang, fmt, strict, universe) -> None:
    """Check the graph with the SHACL shapes and show each county's completeness.

    Exit 1 on a structure or ontology violation (with --strict, on a warning too).

    \b
    Examples:
      fupin validate --graph fupin-kg.ttl
      fupin validate --format html > validation.html
      fupin validate --universe poverty-832   # which of the 832 have a report, a figure, an exit date
    """
    from fupin.graph.completeness import county_completeness
    from fupin.graph.store import load_graph, union_graph
    from fupin.graph.validate import validate as run_validation

    if not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    data = union_graph(load_graph(graph_path))
    report = run_validation(data, lang=lang)
    rows = county_completeness(data)
    text = RENDERERS[fmt](report, rows, lang)
    if universe:
        from fupin.extract.gazetteer import Gazetteer
        from fupin.graph.universe import poverty_universe

        names = {d.code: d.name for d in Gazetteer.load()}
        text = UNIVERSE_RENDERERS[fmt](text, poverty_universe(data, names))
    click.echo(text, nl=not text.endswith("\n"))
    failed = bool(report.violations) or (strict and bool(report.warnings))
    sys.exit(1 if failed else 0)
