"""`fupin validate`: SHACL structure and completeness, as a readable summary or as json / csv / html."""

from __future__ import annotations

import sys

import click

from fupin.cli.options import graph_option

FORMATS = ("text", "json", "csv", "html")


@click.command()
@graph_option
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
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
@click.option(
    "--engine",
    type=click.Choice(["shacl", "pyshacl"]),
    default="shacl",
    show_default=True,
    help="shacl: the Rust engine (fast on large graphs); pyshacl: the reference it is tested against",
)
def validate(graph_path, lang, fmt, strict, universe, engine) -> None:
    """Check the graph with the SHACL shapes and show each county's completeness.

    Exit 1 on a structure or ontology violation (with --strict, on a warning too).

    \b
    Examples:
      fupin validate --graph fupin-kg.ttl
      fupin validate --format html > validation.html
      fupin validate --universe poverty-832   # which of the 832 have a report, a figure, an exit date
      fupin validate --engine pyshacl         # the reference engine (same results, slower)
    """
    from fupin.graph.completeness import county_completeness
    from fupin.graph.summary import Validation
    from fupin.graph.validate import validate_file

    if not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    report, data = validate_file(graph_path, lang=lang, engine=engine)
    outcome = Validation(report, county_completeness(data), lang)
    text = outcome.render(fmt)
    if universe:
        from fupin.extract.gazetteer import Gazetteer
        from fupin.graph.summary import with_universe
        from fupin.graph.universe import poverty_universe

        names = {d.code: d.name for d in Gazetteer.load()}
        text = with_universe(text, fmt, poverty_universe(data, names))
    click.echo(text, nl=not text.endswith("\n"))
    failed = bool(outcome.violations) or (strict and bool(outcome.warnings))
    sys.exit(1 if failed else 0)
