"""The `fupin` command line: thin — parse arguments, call `fupin.extract` and `fupin.graph`, print.

Exit codes: 0 success; 1 the job ran but found a problem (a file could not be read, a SHACL violation,
an F1 below --min-f1); 2 a usage error (bad option, unknown query, missing graph file).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import click

from fupin import __version__, resources

DEFAULT_GRAPH = "fupin-kg.ttl"


def _echo_err(message: str) -> None:
    click.secho(message, err=True, fg="red" if sys.stderr.isatty() else None)


def _documents(paths: tuple[Path, ...], failures: list[str], fail_fast: bool, max_mb: float) -> Iterator:
    """Decoded documents of `paths`; each unreadable file adds one line to `failures`."""
    from fupin.extract.read import ReadError, iter_inputs, read_document

    for path in iter_inputs(list(paths)):
        try:
            yield read_document(path, max_bytes=int(max_mb * 1_000_000))
        except ReadError as error:
            failures.append(str(error))
            _echo_err(f"skipped {error}")
            if fail_fast:
                raise click.exceptions.Exit(1) from error


def _input_paths(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    return paths or (resources.folder("corpus"),)


def _extract(paths, *, failures, fail_fast, max_mb, quiet):
    """Facts of every readable document, with a progress bar on a terminal."""
    from tqdm import tqdm

    from fupin.extract.pipeline import ReportExtractor
    from fupin.graph.lexicon import load_lexicon

    extractor = ReportExtractor(load_lexicon())
    docs = _documents(_input_paths(paths), failures, fail_fast, max_mb)
    show = not quiet and sys.stderr.isatty()
    return [extractor.extract(d) for d in tqdm(docs, desc="reading", unit="report", disable=not show)]


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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True,
              help="Graph file; the format follows the suffix (.ttl .nt .nq .trig .jsonld).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out facts whose evidence confidence is below this.")
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
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.store import write_graph

    started = time.perf_counter()
    failures: list[str] = []
    docs = _extract(paths, failures=failures, fail_fast=fail_fast, max_mb=max_mb, quiet=quiet)
    dataset = build_dataset(docs, gazetteer=Gazetteer.load(), min_confidence=min_confidence)
    written = write_graph(dataset, output)
    if not quiet:
        counts = Counter(type(f).__name__.removesuffix("Fact") for d in docs for f in d.facts)
        summary = ", ".join(f"{n} {k.lower()}" for k, n in sorted(counts.items()))
        click.echo(f"{len(docs)} reports, {sum(counts.values())} facts ({summary})")
        click.echo(f"{len(dataset)} triples -> {written} in {time.perf_counter() - started:.1f} s")
    if failures:
        _echo_err(f"{len(failures)} file(s) could not be read")
        sys.exit(1)


def _parse_params(params: tuple[str, ...]) -> dict:
    """--param county=https://… or county=420304 → RDF terms (never pasted into the query text)."""
    from rdflib import Literal, URIRef

    bound = {}
    for item in params:
        name, _, value = item.partition("=")
        if not name or not value:
            raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="--param")
        bound[name.lstrip("?")] = URIRef(value) if value.startswith(("http://", "https://")) else Literal(value)
    return bound


@main.command()
@click.argument("name", required=False)
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True)
@click.option("--endpoint", help="Run on a SPARQL endpoint URL instead of a local graph file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True)
@click.option("--param", "params", multiple=True, help="Bind a query variable: NAME=VALUE (IRI or literal).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds before giving up.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries.")
def query(name, graph_path, endpoint, fmt, engine, params, timeout, list_queries) -> None:
    """Run a named query (e.g. `workshop-counties`, `01`) or a .rq file.

    \b
    Examples:
      fupin query --list
      fupin query 02 --format csv
      fupin query my-question.rq --graph kg.trig
    """
    from fupin.graph.query import QueryError, format_table, named_queries, resolve, run

    if list_queries or not name:
        for key, path in named_queries().items():
            click.echo(f"{key:32s} {resolve(path)[0]}")
        return
    try:
        _title, sparql = resolve(name)
        bindings = _parse_params(params)
        if endpoint:
            from fupin.graph.remote import run_remote

            result = run_remote(sparql, endpoint, bindings=bindings, timeout_s=timeout)
        else:
            if not graph_path.is_file():
                raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
            result = run(sparql, graph_path, engine=engine, bindings=bindings, timeout_s=timeout)
    except QueryError as error:
        _echo_err(f"query failed: {error}")
        sys.exit(2)
    click.echo(format_table(result, fmt))


@main.command()
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True)
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
        click.echo(f"{result.severity:9s} {result.shape}  {result.focus}  {result.path or ''}\n          {result.message}")
    violations = len(report.violations)
    click.echo(f"{violations} violation(s), {len(report.results) - violations} other result(s)")
    sys.exit(1 if violations else 0)


@main.command(name="eval")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gold", type=click.Path(exists=True, path_type=Path), required=True, help="Gold facts (JSON).")
@click.option("--graph", "graph_path", type=click.Path(path_type=Path),
              help="Score an existing graph instead of building one from PATHS.")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--min-f1", type=float, help="Exit 1 when the overall F1 is below this.")
def evaluate(paths, gold, graph_path, as_json, min_f1) -> None:
    """Precision, recall and F1 per fact type against gold facts, with missed and spurious items.

    \b
    Example:
      fupin eval --gold gold.json reports/
    """
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.evaluate import format_score, score
    from fupin.graph.store import load_graph, union_graph

    if graph_path:
        graph = union_graph(load_graph(graph_path))
    else:
        docs = _extract(paths, failures=[], fail_fast=False, max_mb=50.0, quiet=True)
        graph = union_graph(build_dataset(docs, gazetteer=Gazetteer.load()))
    inputs = _input_paths(paths)
    docs_dir = inputs[0] if len(inputs) == 1 and inputs[0].is_dir() else None
    result = score(graph, json.loads(gold.read_text(encoding="utf-8")), docs_dir)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else format_score(result))
    if min_f1 is not None and result["overall"]["f1"] < min_f1:
        sys.exit(1)


if __name__ == "__main__":
    main()
