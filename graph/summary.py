"""A validation report for people and programs: text, JSON, CSV and HTML views of the SHACL results and
the per-county completeness rows.

`fupin validate` prints these, and `fupin.validate()` returns them in a `Validation` whose repr is the
text view (and, in a notebook, the HTML view). Tables are drawn by `fupin.graph.table`, the renderer
query results use too; the HTML is a Jinja template of the report site (fupin/web/report/validation.html).
A county's score is shown one way everywhere: `CountyCompleteness.percent`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import groupby

from fupin.graph.completeness import CountyCompleteness
from fupin.graph.table import render_table
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
        "results": [asdict(r) for r in report.results],
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
    from fupin.graph.report import _environment

    template = _environment().get_template("validation.html")
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
