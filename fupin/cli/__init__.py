"""The `fupin` command line: thin — parse arguments, call `fupin.extract` and `fupin.graph`, print.

One module per command (build, query, validate, eval, …); each registers itself on `main`.
Exit codes: 0 success; 1 the job ran but found a problem (a file could not be read, a SHACL violation,
an F1 below --min-f1); 2 a usage error (bad option, unknown query, missing graph file).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fupin import __version__

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


EXIT_CODES = """\b
Exit codes:
  0  success
  1  the job ran but found a problem (an unreadable file, a SHACL violation, an F1 below --min-f1)
  2  usage error (bad option, unknown query, missing graph file: run `fupin build` first)
Colour is used only on a terminal. `fupin COMMAND --help` shows each command's options and examples."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
@click.version_option(__version__, prog_name="fupin")
def main() -> None:
    """Poverty-alleviation reports into a validated, linked, queryable knowledge graph.

    \b
    Examples:
      fupin build                      # the bundled sample reports -> fupin-kg.ttl
      fupin build reports/ -o kg.trig  # a folder, one named graph per report
      fupin query workshop-counties    # a named question (see `fupin query --list`)
      fupin validate                   # SHACL structure check and completeness
      fupin eval --gold gold.json reports/
      fupin report -o site/            # static HTML site: open site/index.html
      fupin export --format csv        # observations.csv, interventions.csv for spreadsheets
    """


from fupin.cli import ask, build, evaluate, export, link, push, query, report, serve, validate  # noqa: E402,F401  (each registers its command)
