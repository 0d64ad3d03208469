"""`fupin validate`: SHACL structure and completeness."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fupin.cli import DEFAULT_GRAPH, main


@main.command()
@click.option(
    "--graph", "graph_path", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True
)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
def validate(graph_path, lang) -> None:
    """Check the graph with the SHACL shapes; exit 1 on a structure violation.

    \b
    Example:
      fupin validate --graph fupin-kg.ttl
    """
    from fupin.graph.store import load_graph
    from fupin.graph.validate import validate as run_validation

    if not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    report = run_validation(load_graph(graph_path), lang=lang)
    for result in report.results:
        click.echo(f"{result.severity:9s} {result.shape}  {result.focus}  {result.path or ''}")
        click.echo(f"          {result.message}")
    violations = len(report.violations)
    click.echo(f"{violations} violation(s), {len(report.results) - violations} other result(s)")
    sys.exit(1 if violations else 0)
