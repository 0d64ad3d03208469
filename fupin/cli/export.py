"""`fupin export`: the graph as JSON-LD (with its context file) or as CSV tables for spreadsheets."""

from __future__ import annotations

from pathlib import Path

import click

from fupin.cli.options import graph_option


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonld", "csv"]),
    required=True,
    help="jsonld: fupin-kg.jsonld + context.jsonld; csv: observations.csv + interventions.csv.",
)
@graph_option
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default="fupin-export",
    show_default=True,
    help="Folder to write into (created; files of the same names are replaced).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def export(fmt, graph_path, output, quiet) -> None:
    """Export the graph for tools that do not speak Turtle.

    JSON-LD refers to its context as `context.jsonld`, a file written beside it, so it reads back with
    no network. The CSV tables have one row per fact and evidence sentence (file, quote, start, end,
    rule, confidence) and are UTF-8 with a byte-order mark, so Excel shows the Chinese text.

    \b
    Examples:
      fupin export --format csv -o tables/      # then open tables/observations.csv
      fupin export --format jsonld --graph kg.trig -o out/
    """
    from fupin.graph.build import load_ontology
    from fupin.graph.export import export_csv, export_jsonld
    from fupin.graph.store import load_graph

    if not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    data = load_graph(graph_path)
    if fmt == "jsonld":
        files = [export_jsonld(data, output), output / "context.jsonld"]
    else:
        files = export_csv(data, output, labels=load_ontology())
    if not quiet:
        for path in files:
            click.echo(f"-> {path}")
