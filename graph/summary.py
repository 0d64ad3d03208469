"""A validation report for people and programs: text, JSON, CSV and HTML views of the SHACL results and
the per-county completeness rows.

`fupin validate` prints these, and `fupin.validate()` returns them in a `Validation` whose repr is the
text view (and, in a notebook, the HTML view). Tables are drawn by `fupin.graph.table`, the renderer
query results use too; the HTML is a Jinja template of the report site (fupin/web/report/validation.html).
A county's score is shown one way everywhere: `CountyCompleteness.percent`.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import groupby

from fupin.graph.completeness import CountyCompleteness
from fupin.graph.table import render_table
from fupin.graph.universe import UniverseRow
from fupin.graph.universe import summary as universe_summary
from fupin.graph.validate import Result, ValidationReport

SECTION_TITLES = {
    "en": {
        "Violation": "Violations",
        "Warning": "Warnings",
        "Info": "Infos",
        "table": "Completeness per county",
        "indicators": "indicators present",
    },
    "zh": {
        "Violation": "违规",
        "Warning": "警告",
        "Info": "提示",
        "table": "各县信息完整性",
        "indicators": "已有指标",
    },
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


def mark(present: bool) -> str:
    return "✓" if present else "·"


def summary_line(report: ValidationReport) -> str:
    counts = {s: sum(r.severity == s for r in report.results) for s in ("Violation", "Warning", "Info")}
    return f"{counts['Violation']} violation(s), {counts['Warning']} warning(s), {counts['Info']} info(s)"


def render_text(report: ValidationReport, rows: list[CountyCompleteness], lang: str = "en") -> str:
    """Results grouped by severity then shape (message once, then one line per focus node), then the
    completeness table and each county's indicators."""
    titles = SECTION_TITLES[lang]
    out: list[str] = []
    for severity in ("Violation", "Warning", "Info"):
        results = [r for r in report.results if r.severity == severity]
        if results:
            out += [f"{titles[severity]} ({len(results)})", *_shape_lines(results), ""]
    out.append(titles["table"])
    groups = list(rows[0].five_batches_present) if rows else []
    header = ["code", "county", "lifted", "exit", *[GROUP_MARKS.get(g, g[:2]) for g in groups], "indicators"]
    cells = [
        [
            row.code,
            row.name,
            mark(row.lifted_population),
            mark(row.exit_date),
            *[mark(row.five_batches_present[g]) for g in groups],
            f"{sum(row.indicators_present.values())}/{len(row.indicators_present)}",
            f"{row.percent} %",
        ]
        for row in rows
    ]
    out.append(render_table([*header, "score"], cells, indent=2))
    out.append(f"  groups: {', '.join(f'{GROUP_MARKS.get(g, g)}={g}' for g in groups)}")
    out.append(f"  {titles['indicators']}:")
    for row in rows:
        names = [k for k, v in row.indicators_present.items() if v]
        out.append(f"    {row.code} {row.name}: {', '.join(names) if names else '-'}")
    out += ["", summary_line(report)]
    return "\n".join(out)


def _shape_lines(results: list[Result]) -> list[str]:
    lines = []
    for shape, group in groupby(results, key=lambda r: r.shape):
        items = list(group)
        lines.append(f"  {shape} — {items[0].message} ({len(items)})")
        for r in items:
            quote = f"  “{r.quote}”" if r.quote else ""
            lines.append(f"    {r.focus}  {r.label}{quote}")
    return lines


def render_json(report: ValidationReport, rows: list[CountyCompleteness], lang: str = "en") -> str:
    doc = {
        "conforms": report.conforms,
        "results": [vars(r) for r in report.results],  # flat records: asdict's deep copy is 10^4 calls
        "completeness": [{**asdict(row), "percent": row.percent} for row in rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)


def render_csv(report: ValidationReport, rows: list[CountyCompleteness], lang: str = "en") -> str:
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


def render_html(report: ValidationReport, rows: list[CountyCompleteness], lang: str = "en") -> str:
    """A self-contained page from the report site's template: the results and the completeness table."""
    from fupin.graph.site.render import environment

    template = environment().get_template("validation.html")
    return template.render(
        lang=lang,
        report=report,
        rows=rows,
        titles=SECTION_TITLES[lang],
        summary=summary_line(report),
        groups=list(rows[0].five_batches_present) if rows else [],
        indicators=list(rows[0].indicators_present) if rows else [],
        mark=mark,
    )


RENDERERS: dict[str, Callable[[ValidationReport, list[CountyCompleteness], str], str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
}


@dataclass
class Validation:
    """What `fupin.validate()` gives: the SHACL report and each county's completeness.

    It reads as the text summary (`print(v)`), and as HTML in a notebook; `v.render("json")` gives
    the other views `fupin validate --format` prints."""

    report: ValidationReport
    completeness: list[CountyCompleteness]
    lang: str = "en"

    @property
    def conforms(self) -> bool:
        """True when no result is a violation (warnings and infos are gaps, not errors)."""
        return not self.report.violations

    @property
    def results(self) -> list[Result]:
        return self.report.results

    @property
    def violations(self) -> list[Result]:
        return self.report.violations

    @property
    def warnings(self) -> list[Result]:
        return self.report.warnings

    def render(self, fmt: str = "text") -> str:
        """The report as `fmt`: text, json, csv or html."""
        if fmt not in RENDERERS:
            raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(RENDERERS)}")
        return RENDERERS[fmt](self.report, self.completeness, self.lang)

    def __str__(self) -> str:
        return self.render("text")

    def __repr__(self) -> str:
        return self.render("text")

    def _repr_html_(self) -> str:
        return self.render("html")


def _universe_text(text: str, rows: list[UniverseRow]) -> str:
    """The counts, every listed county a report covers (with what it lacks), then the rest by code."""
    out = [text.rstrip("\n"), "", "National poverty counties (832 list)"]
    out += [f"  {name}: {count}" for name, count in universe_summary(rows).items()]
    covered = [
        [r.code, r.name, r.batch_year, mark(r.lifted_population), " ".join(r.exit_dates) or "·"]
        for r in rows
        if r.reported
    ]
    out.append(
        render_table(["code", "county", "batch", "lifted", "exit date"], covered, indent=2).rstrip("\n")
    )
    missing = [f"{r.code} {r.name}" for r in rows if not r.reported]
    out.append(f"  no report ({len(missing)}):")
    out += ["    " + "  ".join(missing[i : i + 6]) for i in range(0, len(missing), 6)]
    return "\n".join(out) + "\n"


def _universe_json(text: str, rows: list[UniverseRow]) -> str:
    doc = json.loads(text)
    doc["universe"] = {
        "name": "poverty-832",
        "summary": universe_summary(rows),
        "counties": [asdict(r) for r in rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _universe_csv(text: str, rows: list[UniverseRow]) -> str:
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


def _universe_html(text: str, rows: list[UniverseRow]) -> str:
    e = html.escape
    body = "".join(
        f"<tr><td>{e(r.code)}</td><td>{e(r.name)}</td><td>{e(r.batch_year)}</td><td>{mark(r.reported)}</td>"
        f"<td>{mark(r.lifted_population)}</td><td>{e(' '.join(r.exit_dates) or '·')}</td></tr>"
        for r in rows
    )
    table = (
        "<h2>National poverty counties (832 list)</h2><table><tr><th>code</th><th>county</th><th>batch</th>"
        f"<th>report</th><th>lifted</th><th>exit date</th></tr>{body}</table>"
    )
    return text.replace("</body>", table + "</body>", 1)


UNIVERSE_RENDERERS: dict[str, Callable[[str, list[UniverseRow]], str]] = {
    "text": _universe_text,
    "json": _universe_json,
    "csv": _universe_csv,
    "html": _universe_html,
}


def with_universe(text: str, fmt: str, rows: list[UniverseRow]) -> str:
    """A rendered validation report (`fmt`) followed by completeness over a universe of counties."""
    return UNIVERSE_RENDERERS[fmt](text, rows)
