"""One way to show a county's completeness score (validate's text and HTML, the report site), and the
HTML view drawn from the report's Jinja template."""

from __future__ import annotations

from types import SimpleNamespace

from fupin.graph.completeness import CountyCompleteness
from fupin.graph.site.render import environment
from fupin.graph.summary import Validation, render_html, render_text
from fupin.graph.validate import ValidationReport


def row(present: int, total: int) -> CountyCompleteness:
    indicators = {f"i{n}": n < present for n in range(total - 1)}
    return CountyCompleteness(
        code="522701",
        name="都匀市",
        indicators_present=indicators,
        five_batches_present={},
        exit_date=present == total,
        lifted_population=True,
        score=round(present / total, 3),
    )


def test_a_share_on_the_half_rounds_up_in_every_view() -> None:
    county = row(8, 13)  # 0.615: shown as 0.61 by "%.2f" and as 62 % by "%.0f" before
    assert county.score == 0.615 and county.percent == 62
    assert row(1, 8).percent == 13  # 12.5 % rounds half up, not to the even 12
    report = ValidationReport(conforms=True)
    assert "62 %" in render_text(report, [county]) and "0.61" not in render_text(report, [county])
    assert ">62 %<" in render_html(report, [county], "en")
    site = SimpleNamespace(completeness=[county], measures={}, indicators={})
    page = environment().get_template("completeness.html").render(root="", site=site)
    assert ">62 %<" in page


def test_the_validation_object_reads_as_text_and_html() -> None:
    outcome = Validation(ValidationReport(conforms=True), [row(8, 13)])
    assert outcome.conforms and repr(outcome) == str(outcome) == outcome.render("text")
    assert outcome._repr_html_().startswith("<!DOCTYPE html>")
    assert outcome.render("json").startswith("{")
