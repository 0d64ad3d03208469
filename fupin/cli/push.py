"""`fupin push`: load a built graph into a SPARQL 1.1 store, one named graph per report."""

from __future__ import annotations

import sys

import click

from fupin.cli.options import echo_error, graph_option


@click.command()
@click.option("--endpoint", required=True, help="Graph Store URL (…/store), or the store's …/query URL.")
@graph_option
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds per request.")
def push(endpoint, graph_path, timeout) -> None:
    """Send the graph through the Graph Store Protocol; re-pushing a report replaces it.

    Use a quad file (.trig, .nq) to keep one named graph per report; a .ttl goes to the default graph.

    \b
    Example:
      fupin build -o kg.trig && fupin push --endpoint http://127.0.0.1:7878/store --graph kg.trig
    """
    from fupin.graph.query import QueryError
    from fupin.graph.remote import push as push_graph

    if not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    try:
        pushed = push_graph(graph_path, endpoint, timeout_s=timeout)
    except QueryError as error:
        echo_error(f"push failed: {error}")
        sys.exit(1)
    for item in pushed:
        click.echo(f"{item.triples:8d}  {item.graph or '(default graph)'}")
    click.echo(f"{len(pushed) - 1} named graph(s), {sum(p.triples for p in pushed)} triples -> {endpoint}")
