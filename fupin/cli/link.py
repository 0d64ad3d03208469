"""`fupin link wikidata`: counties of a built graph to their Wikidata items (and GeoNames IDs)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fupin.cli import echo_error, graph_option, main

DEFAULT_CACHE = Path.home() / ".cache" / "fupin" / "wikidata"


@main.group()
def link() -> None:
    """Link the graph to open datasets.

    \b
    Example:
      fupin link wikidata -o wikidata-links.ttl   # counties -> Wikidata items by division code
    """


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
def wikidata(graph_path, endpoint, output, cache_dir, no_cache, batch, timeout) -> None:
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
    from fupin.graph.query import QueryError
    from fupin.graph.store import write_graph

    if not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    endpoint = endpoint or WIKIDATA_ENDPOINT
    cache = AnswerCache(None if no_cache else cache_dir)
    try:
        codes = graph_county_codes(graph_path)
        report = resolve_counties(codes, endpoint, cache=cache, batch=batch, timeout_s=timeout)
    except QueryError as error:
        echo_error(f"linking failed: {error}")
        sys.exit(1)
    write_graph(linkset_graph(report, endpoint), output)
    click.echo(
        f"{len(codes)} counties, {len({x.code for x in report.links})} linked, "
        f"{len(report.missing)} not found; {report.asked} queries sent, {cache.hits} answered from cache "
        f"-> {output}"
    )
    for code in report.missing:
        click.echo(f"  not in Wikidata by P442: {code}")
    for code, items in report.ambiguous.items():
        click.echo(f"  several items for {code}: {' '.join(items)}")
