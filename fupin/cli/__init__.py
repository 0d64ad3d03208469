"""The `fupin` command line: thin — parse arguments, call `fupin.extract` and `fupin.graph`, print.

One module per command (build, query, validate, eval, …); each registers itself on `main`.
Exit codes: 0 success; 1 the job ran but found a problem (a file could not be read, a SHACL violation,
an F1 below --min-f1); 2 a usage error (bad option, unknown query, missing graph file).
"""

from __future__ import annotations

import sys

import click

from fupin import __version__

DEFAULT_GRAPH = "fupin-kg.ttl"


def echo_error(message: str) -> None:
    """An error line on stderr, in red only on a terminal."""
    click.secho(message, err=True, fg="red" if sys.stderr.isatty() else None)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    """


from fupin.cli import build, evaluate, link, push, query, serve, validate  # noqa: E402,F401  (each registers its command)
