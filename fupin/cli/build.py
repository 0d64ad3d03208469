"""`fupin build`: report files → graph file."""

from __future__ import annotations

import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

import click

from fupin.cli.options import DEFAULT_GRAPH, echo_error

STDOUT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=DEFAULT_GRAPH,
    show_default=True,
    help="Graph file; the format follows the suffix (.ttl .nt .nq .trig .jsonld). `-`: standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(STDOUT_FORMATS),
    help="The format of `-o -` (default ttl); a file's format follows its suffix.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Leave out facts whose evidence confidence is below this.",
)
@click.option(
    "--keep-going/--fail-fast",
    default=True,
    show_default=True,
    help="Skip files that cannot be read and go on (exit 1 at the end), or stop at the first one.",
)
@click.option("--max-mb", type=float, default=50.0, show_default=True, help="Skip files larger than this.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where facts per file are cached [default: $XDG_CACHE_HOME/fupin-kg].",
)
@click.option("--no-cache", is_flag=True, help="Read and extract every file afresh; write no cache.")
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Processes that extract in parallel; 0 = one per core. The graph is the same bytes.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Extract on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786); needs fupin-kg[distributed].",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="One line per file, and the time of each stage.")
def build(
    paths,
    output,
    fmt,
    min_confidence,
    keep_going,
    max_mb,
    cache_dir,
    no_cache,
    workers,
    scheduler,
    quiet,
    verbose,
) -> None:
    """Extract facts from report files or folders and write the graph.

    With no PATHS the bundled sample reports are read; `-` reads a report from standard input, and
    `-o -` writes the graph to standard output (the summary then goes to stderr). Unreadable files
    are reported one line each and skipped; the exit code is 1 when any file failed. The output is
    replaced atomically, so a build that fails or is interrupted leaves the previous graph as it was.
    A rebuild re-extracts only files whose content changed (or all of them after an upgrade or an
    ontology change).

    \b
    Examples:
      fupin build
      fupin build - -o kg.ttl < report.txt
      fupin build ../reports -o - --format nt | grep lifted-population
      fupin build ../reports -o out/kg.nq --min-confidence 0.6
      fupin build ../reports --fail-fast --no-cache -v
      fupin build ../reports --workers 0          # all cores
      fupin build ../reports --scheduler tcp://127.0.0.1:8786
    """
    from fupin.builder import FailFast, build_corpus
    from fupin.cache import BuildCache, default_cache_dir
    from fupin.distributed import ClusterError

    if workers != 1 and scheduler:
        raise click.UsageError(
            "--workers and --scheduler exclude each other: the cluster sets its own workers"
        )
    if scheduler:
        _require_dask()

    def progress(items):
        """The reading bar, with its total; then a line for the stages after it (building the
        graph and writing it take a minute at 10^3 reports, and would otherwise be silence). No bar,
        no tqdm: a quiet build or one not on a terminal does not import it."""
        if quiet or verbose or not sys.stderr.isatty():
            yield from items
            return
        from tqdm import tqdm

        yield from tqdm(items, total=_count_inputs(paths), desc="reading", unit="report")
        click.echo(f"building the graph and writing {output} …", err=True)

    cache = None if no_cache else BuildCache(cache_dir or default_cache_dir())
    paths, target = _stdio(paths, output, fmt)
    say = partial(click.echo, err=str(output) == "-")
    try:
        result = build_corpus(
            paths,
            target,
            min_confidence=min_confidence,
            max_bytes=int(max_mb * 1_000_000),
            fail_fast=not keep_going,
            progress=progress,
            on_failure=lambda line: echo_error(f"skipped {line}"),
            cache=cache,
            on_file=say if verbose and not quiet else None,
            on_note=None if quiet else lambda line: echo_error(f"repaired {line}"),
            workers=workers,
            scheduler=scheduler,
            keep_documents=False,
        )
    except FailFast:
        echo_error("stopped at the first failed file (--fail-fast); nothing was written")
        sys.exit(1)
    except ValueError as error:  # an output suffix that names no graph format
        raise click.UsageError(str(error)) from error
    except ClusterError as error:
        echo_error(str(error))
        sys.exit(2)
    if not result.reports:
        echo_error(f"no report could be read: {output} was left as it was")
        sys.exit(1)
    if str(output) == "-":
        with open(target, "rb") as graph:
            sys.stdout.flush()
            shutil.copyfileobj(graph, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        result.output = "-"
    if not quiet:
        _summary(result, verbose, say)
    if result.failures:
        echo_error(f"{len(result.failures)} file(s) failed")
        sys.exit(1)


def _count_inputs(paths) -> int:
    """How many files the build will read (a walk of the folders, nothing is opened): the progress
    bar's total, so it shows a percentage and a time left instead of a bare count."""
    from fupin.builder import input_paths
    from fupin.extract.read import iter_inputs

    return sum(1 for _ in iter_inputs(list(input_paths(paths))))


def _require_dask() -> None:
    """Fail before any work with the install hint when Dask is missing."""
    from fupin.distributed import INSTALL_HINT

    try:
        import distributed  # noqa: F401
    except ImportError as error:
        raise click.UsageError(INSTALL_HINT) from error


def _summary(result, verbose: bool, say=click.echo) -> None:
    counts = result.fact_counts()
    summary = ", ".join(f"{n} {k.lower()}" for k, n in sorted(counts.items()))
    records = sum(counts.values())
    say(f"{result.reports} reports, {records} fact records extracted ({summary})")
    if verbose:
        say(f"{result.extracted} extracted, {result.cached} from the cache")
        say("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items()))
    state = "" if result.written else " (unchanged)"
    say(f"{result.triples} triples -> {result.output}{state} in {result.seconds:.1f} s")


def _stdio(paths: tuple[Path, ...], output: Path, fmt: str | None) -> tuple[list[Path], Path]:
    """The inputs and the file to write, with `-` standing for the standard streams: a `-` among
    PATHS is the report on standard input (stdin.txt in the graph), and `-o -` a temporary graph
    file in format `fmt` that the command copies to standard output. The temporary folder goes when
    the command ends."""
    if fmt and str(output) != "-" and output.suffix.lower() != f".{fmt}":
        raise click.UsageError(f"--format {fmt} is for `-o -`; {output} is written as its suffix says")
    if Path("-") not in paths and str(output) != "-":
        return list(paths), output
    folder = Path(tempfile.mkdtemp(prefix="fupin-stdio-"))
    click.get_current_context().call_on_close(partial(shutil.rmtree, folder, ignore_errors=True))
    inputs = list(paths)
    if Path("-") in inputs:
        (folder / "stdin.txt").write_bytes(sys.stdin.buffer.read())
        inputs = [folder / "stdin.txt" if p == Path("-") else p for p in inputs]
    return inputs, folder / f"graph.{fmt or 'ttl'}" if str(output) == "-" else output
