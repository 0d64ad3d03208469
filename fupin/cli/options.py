"""The options and output helpers several commands share: one definition, the same words in every --help.

The command modules import these from here, never from the package, so that fupin/cli/__init__.py can
assemble the commands without an import cycle.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

DEFAULT_GRAPH = "fupin-kg.ttl"


graph_option = click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_GRAPH,
    show_default=True,
    help="The graph file `fupin build` wrote.",
)

# The result options `fupin query` and `fupin ask` share: one definition, the same words in both --help.
results_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "xml", "csv", "tsv"]),
    default="table",
    show_default=True,
    help="table for people; json, xml, csv, tsv: the W3C SPARQL 1.1 query results formats.",
)
full_option = click.option(
    "--full", is_flag=True, help="Table: show long cells whole instead of cutting them with …"
)
engine_option = click.option(
    "--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True
)


def echo_error(message: str) -> None:
    """An error line on stderr, in red only on a terminal."""
    click.secho(message, err=True, fg="red" if sys.stderr.isatty() else None)
