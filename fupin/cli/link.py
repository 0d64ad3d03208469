"""`fupin link wikidata`: counties of a built graph to their Wikidata items (and GeoNames IDs)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fupin.cli.options import echo_error, graph_option

DEFAULT_CACHE = Path.home() / ".cache" / "fupin" / "wikidata"


@click.group(invoke_without_command=True)
@click.option(
    "--report", is_flag=True, help="List the shipped linksets and the counties they leave unlinked."
)
@click.pass_context
def link(ctx: click.Context, report: bool) -> None:
    """Link the graph to open datasets.

    \b
    Examples:
      fupin link --report                         # shipped linksets, and which counties have no link
      fupin link wikidata -o wikidata-links.ttl   # counties -> Wikidata items by division code
    """
    if report:
        print_coverage()
    elif ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def print_coverage() -> None:
    """Counts per shipped linkset, then every county-level division of the gazetteer without a
    Wikidata link, those with no unambiguous item first."""
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.linksets import coverage, shipped_links

    divisions = [(d.code, d.name) for d in Gazetteer.load() if d.level == "county"]
    found = coverage(shipped_links(), divisions)
    click.echo("shipped linksets (ontology/links/):")
    for name, count in found.counts.items():
        click.echo(f"  {name}: {count}")
    click.echo(
        f"{len(found.no_unambiguous_item)} county-level divisions unlinked: no unambiguous Wikidata item"
    )
    for code, name in found.no_unambiguous_item:
        click.echo(f"  {code} {name}")
    click.echo(f"{len(found.otherwise_unlinked)} county-level divisions unlinked: not in the sources")
    for code, name in found.otherwise_unlinked:
        click.echo(f"  {code} {name}")


@link.command("wikidata")
@graph_option
@click.option("--endpoint", default=None, help="SPARQL endpoint [default: the public Wikidata endpoint].")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default="wikidata-links.ttl", show_default=True
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_CACHE,
    show_default=True,
    help="Folder of cached answers; a second run over the same counties asks nothing.",
)
@click.option("--no-cache", is_flag=True, help="Ask the endpoint even when an answer is cached.")
@click.option("--batch", type=click.IntRange(1, 500), default=50, show_default=True)
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds per query.")
@click.option(
    "--shipped",
    "check_shipped",
    is_flag=True,
    help="Check every county of the shipped linkset instead of the graph's counties (no graph needed).",
)
def wikidata(graph_path, endpoint, output, cache_dir, no_cache, batch, timeout, check_shipped) -> None:
    """Resolve every county's division code (Wikidata P442) and write a linkset in Turtle.

    \b
    Examples:
      fupin link wikidata                         # public Wikidata, cached in ~/.cache/fupin
      fupin link wikidata --endpoint http://127.0.0.1:7878/query -o links.ttl
    """
    from fupin.graph.link import (
        WIKIDATA_ENDPOINT,
        AnswerCache,
        graph_county_codes,
        linkset_graph,
        resolve_counties,
    )
    from fupin.graph.linksets import compare, record_changes, shipped_links, wikidata_links
    from fupin.graph.query import QueryError
    from fupin.graph.store import write_graph
    from fupin.graph.vocab import PROV

    if not check_shipped and not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    endpoint = endpoint or WIKIDATA_ENDPOINT
    cache = AnswerCache(None if no_cache else cache_dir)
    shipped = wikidata_links(shipped_links())
    try:
        codes = sorted(shipped) if check_shipped else graph_county_codes(graph_path)
        report = resolve_counties(codes, endpoint, cache=cache, batch=batch, timeout_s=timeout)
    except QueryError as error:
        echo_error(f"linking failed: {error}")
        sys.exit(1)
    answers: dict[str, list[str]] = {code: [] for code in codes}
    for found in report.links:
        answers[found.code].append(found.item)
    comparison = compare(answers, shipped)
    linkset = linkset_graph(report, endpoint)
    activity = next(iter(linkset.objects(None, PROV.wasGeneratedBy)))
    write_graph(record_changes(linkset, comparison, activity), output)
    click.echo(
        f"{len(codes)} counties, {len({x.code for x in report.links})} linked, "
        f"{len(report.missing)} not found; {report.asked} queries sent, {cache.hits} answered from cache "
        f"-> {output}"
    )
    click.echo(comparison.summary())
    for code, (old, new) in comparison.corrected.items():
        click.echo(f"  corrected {code}: {old} -> {new}")
    for code in report.missing:
        click.echo(f"  not in Wikidata by P442: {code}")
    for code, items in report.ambiguous.items():
        click.echo(f"  several items for {code}: {' '.join(items)}")
