"""`fupin build`: report files → graph file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fupin.cli import DEFAULT_GRAPH, echo_error, main


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=DEFAULT_GRAPH,
    show_default=True,
    help="Graph file; the format follows the suffix (.ttl .nt .nq .trig .jsonld).",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Leave out facts whose evidence confidence is below this.",
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first unreadable file (default: keep going).")
@click.option("--max-mb", type=float, default=50.0, show_default=True, help="Skip files larger than this.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(paths, output, min_confidence, fail_fast, max_mb, quiet) -> None:
    """Extract facts from report files or folders and write the graph.

    With no PATHS the bundled sample reports are read. Unreadable files are reported one line each and
    skipped; the exit code is 1 when any file failed.

    \b
    Examples:
      fupin build
      fupin build ../reports -o out/kg.nq --min-confidence 0.6
    """
    from tqdm import tqdm

    from fupin.builder import FailFast, build_corpus

    def progress(items):
        return tqdm(items, desc="reading", unit="report", disable=quiet or not sys.stderr.isatty())

    try:
        result = build_corpus(
            paths,
            output,
            min_confidence=min_confidence,
            max_bytes=int(max_mb * 1_000_000),
            fail_fast=fail_fast,
            progress=progress,
            on_failure=lambda line: echo_error(f"skipped {line}"),
        )
    except FailFast:
        echo_error("stopped at the first unreadable file (--fail-fast); nothing was written")
        sys.exit(1)
    if not quiet:
        counts = result.fact_counts()
        summary = ", ".join(f"{n} {k.lower()}" for k, n in sorted(counts.items()))
        click.echo(f"{len(result.documents)} reports, {sum(counts.values())} facts ({summary})")
        click.echo(f"{result.triples} triples -> {result.output} in {result.seconds:.1f} s")
    if result.failures:
        echo_error(f"{len(result.failures)} file(s) could not be read")
        sys.exit(1)
