"""`fupin query`: named or file queries, on a local graph or a SPARQL endpoint."""

from __future__ import annotations

import sys

import click

from fupin.cli import echo_error, graph_option, main


def _term(name: str, value: str):
    """An IRI for http(s) values and for a six-digit county code (county=420304), a literal otherwise."""
    from rdflib import Literal, URIRef

    from fupin.graph.build import county_iri

    if value.startswith(("http://", "https://")):
        return URIRef(value)
    if name == "county" and value.isdigit() and len(value) == 6:
        return county_iri(value)
    return Literal(value)


def _parse_params(params: tuple[str, ...]) -> dict:
    """--param county=https://… or county=420304 → RDF terms (never pasted into the query text)."""

    bound = {}
    for item in params:
        name, _, value = item.partition("=")
        if not name or not value:
            raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="--param")
        bound[name.lstrip("?")] = _term(name.lstrip("?"), value)
    return bound


@main.command(short_help="Run a named query or a .rq file, locally or on an endpoint.")
@click.argument("name", required=False)
@graph_option
@click.option("--endpoint", help="Run on a SPARQL endpoint URL instead of a local graph file.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True)
@click.option(
    "--store/--no-store",
    "persist",
    default=True,
    show_default=True,
    help="Oxigraph: reuse the store kept beside the graph (GRAPH.oxigraph/, rebuilt when the graph "
    "changes), or load the graph into memory for this query only.",
)
@click.option("--param", "params", multiple=True, help="Bind a query variable: NAME=VALUE (IRI or literal).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds before giving up.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries.")
def query(name, graph_path, endpoint, fmt, engine, persist, params, timeout, list_queries) -> None:
    """Run a named query (e.g. `workshop-counties`, `01`) or a .rq file.

    Oxigraph (the default engine) keeps a store beside the graph file, so only the first query after
    a build parses the graph; `--engine rdflib` parses it into memory on every call.

    \b
    Examples:
      fupin query --list
      fupin query 02 --format csv
      fupin query my-question.rq --graph kg.trig
      fupin query 08 --engine rdflib
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
            result = run(
                sparql, graph_path, engine=engine, bindings=bindings, timeout_s=timeout, persist=persist
            )
    except QueryError as error:
        echo_error(f"query failed: {error}")
        sys.exit(2)
    click.echo(format_table(result, fmt))
