"""The `fupin` command line: thin — parse arguments, call `fupin.extract` and `fupin.graph`, print.

One module per command (build, query, validate, eval, …), each a click command this module adds to
`main`; the options several share are in options.py, which the commands import instead of this package.
Exit codes: 0 success; 1 the job ran but found a problem (a file could not be read, a SHACL violation,
an F1 below --min-f1); 2 a usage error (bad option, unknown query, missing graph file).
"""

from __future__ import annotations

import click

from fupin import __version__
from fupin.cli import ask, build, evaluate, export, link, push, query, report, serve, validate

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


for _command in (
    ask.ask,
    build.build,
    evaluate.evaluate,
    export.export,
    link.link,
    push.push,
    query.query,
    report.report,
    serve.serve,
    validate.validate,
):
    main.add_command(_command)
