"""`fupin query`: named or file queries, on a local graph or a SPARQL endpoint."""

from __future__ import annotations

import sys

import click

from fupin.cli.options import echo_error, engine_option, full_option, graph_option, results_format_option


def _parse_params(params: tuple[str, ...]) -> dict:
    """--param county=https://… or county=420304 → RDF terms (never pasted into the query text)."""
    from fupin.graph.query import parameter_term

    bound = {}
    for item in params:
        name, _, value = item.partition("=")
        if not name or not value:
            raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="--param")
        bound[name.lstrip("?")] = parameter_term(name.lstrip("?"), value)
    return bound


def _list_queries() -> str:
    """The named queries as a table: name, title and the parameters each takes."""
    from fupin.graph.query import named_queries, parameters, resolve
    from fupin.graph.table import render_table

    rows = []
    for key, path in named_queries().items():
        title, sparql = resolve(path)
        rows.append([key, title, " ".join(f"--param {name}=…" for name in parameters(sparql))])
    return render_table(["query", "title", "parameters"], rows, full=True)


def _read(name: str) -> tuple[str, str]:
    """(title, SPARQL) of a named query, a .rq file, or `-`: the query text on stdin."""
    from fupin.graph.query import resolve

    if name == "-":
        return "stdin", sys.stdin.read()
    return resolve(name)


def _next_page_hint(result, limit: int | None, offset: int) -> None:
    """On stderr (stdout keeps the answer's format): how to ask for the rest of a cut answer."""
    shown, total = (len(result), result.total) if result.kind != "ASK" else (0, None)
    if limit is None or total is None or not shown or offset + shown >= total:
        return
    click.echo(f"rows {offset + 1}–{offset + shown} of {total}: --offset {offset + shown} for the next page, "
               "--all for every row", err=True)  # fmt: skip


@click.command(short_help="Run a named query or a .rq file, locally or on an endpoint.")
@click.argument("name", required=False)
@graph_option
@click.option("--endpoint", help="Run on a SPARQL endpoint URL instead of a local graph file.")
@results_format_option
@full_option
@engine_option
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
@click.option(
    "--max-memory",
    type=click.IntRange(min=0),
    default=4096,
    show_default=True,
    help="Oxigraph: MB of memory the query may use before it is stopped (0: no cap).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    help="Show at most this many rows of the answer (a page; the table says how many there are in all). "
    "Default: the page the query declares (07, 08, 14: 100 rows), else every row.",
)
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Rows to skip before the page."
)
@click.option("--all", "all_rows", is_flag=True, help="Every row, even of a query that declares a page.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries.")
def query(
    name, graph_path, endpoint, fmt, full, engine, persist, params, timeout, max_memory, limit, offset,
    all_rows, list_queries,
) -> None:  # fmt: skip
    """Run a named query (e.g. `workshop-counties`, `01`), a .rq file, or `-` (SPARQL on stdin).

    Only queries run (SELECT, ASK, CONSTRUCT, DESCRIBE): updates are refused. A parameter the
    query does not declare is an error.

    Oxigraph (the default engine) keeps a store beside the graph file, so only the first query after
    a build parses the graph; `--engine rdflib` parses it into memory on every call. `--limit` and
    `--offset` print one page of a long answer (query 07 lists every evidence sentence): the rows
    outside the page are counted, not converted or printed. A query whose answer grows with the graph
    declares a page (`# page: 100` in its header: 07, 08, 14), shown unless `--limit` or `--all`
    says otherwise; the next page is `--offset 100`.

    \b
    Examples:
      fupin query --list
      fupin query 02 --format csv
      fupin query 09 --param county=420304
      fupin query my-question.rq --graph kg.trig
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | fupin query -
      fupin query 07 --full
      fupin query 07 --offset 100
      fupin query 07 --limit 50 --offset 100
      fupin query 07 --all --format csv
      fupin query 08 --engine rdflib --format json
    """
    from fupin.graph.query import QueryError, cut_page, format_table, page_limit, run, serialize_results

    if list_queries or not name:
        click.echo(_list_queries())
        return
    try:
        _title, sparql = _read(name)
        bindings = _parse_params(params)
        limit = page_limit(sparql, limit, all_rows)
        if endpoint:
            from fupin.graph.remote import run_remote

            result = run_remote(sparql, endpoint, bindings=bindings, timeout_s=timeout)
            result = cut_page(result, limit, offset)
        else:
            if not graph_path.is_file():
                raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
            result = run(
                sparql,
                graph_path,
                engine=engine,
                bindings=bindings,
                timeout_s=timeout,
                persist=persist,
                max_memory_mb=max_memory or None,
                limit=limit,
                offset=offset,
            )
        output = format_table(result, full=full) if fmt == "table" else serialize_results(result, fmt)
    except QueryError as error:
        echo_error(f"query failed: {error}")
        sys.exit(2)
    _next_page_hint(result, limit, offset)
    if isinstance(output, bytes):
        click.echo(output, nl=not output.endswith(b"\n"))
    else:
        click.echo(output)
