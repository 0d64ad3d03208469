"""The `fupin` command line: thin — parse arguments, call `fupin.extract` and `fupin.graph`, print.

One module per command (build, query, validate, eval, …), each a click command this module adds to
`main`; the options several share are in options.py, which the commands import instead of this package.
A command's module is imported only when that command runs (or `fupin --help` lists them all), so a
one-shot `fupin query` pays for no other command's imports.
Exit codes: 0 success; 1 the job ran but found a problem (a file could not be read, a SHACL violation,
an F1 below --min-f1); 2 a usage error (bad option, unknown query, missing graph file).
"""

from __future__ import annotations

import importlib

import click

from fupin import __version__

# Command name → (module under fupin.cli, the click command's attribute in it).
COMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("ask", "ask"),
    "build": ("build", "build"),
    "eval": ("evaluate", "evaluate"),
    "export": ("export", "export"),
    "link": ("link", "link"),
    "push": ("push", "push"),
    "query": ("query", "query"),
    "report": ("report", "report"),
    "serve": ("serve", "serve"),
    "validate": ("validate", "validate"),
}

EXIT_CODES = """\b
Exit codes:
  0  success
  1  the job ran but found a problem (an unreadable file, a SHACL violation, an F1 below --min-f1)
  2  usage error (bad option, unknown query, missing graph file: run `fupin build` first)
Colour is used only on a terminal. `fupin COMMAND --help` shows each command's options and examples."""


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, by name (see COMMANDS)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(f"fupin.cli.{module}"), attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click's, with every command loaded first when the name is none of ours, so that the
        error's "Did you mean …?" chooses among all of them."""
        if args and args[0] not in COMMANDS:
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
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
