"""`fupin serve`: a SPARQL endpoint over the built graph, with a query page for the browser."""

from __future__ import annotations

import click

from fupin.cli.options import graph_option


@click.command()
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option(
    "--writable", is_flag=True, help="Accept SPARQL Update and Graph Store writes (with the printed token)."
)
@click.option(
    "--allow-service", is_flag=True, help="Let queries use SERVICE (the server then sends requests out)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    help="Seconds a request may keep the server busy; a query over it is stopped (503).",
)
@click.option(
    "--memory/--disk",
    default=None,
    help="Hold the graph in the server's memory (queries 6-22× faster) or in a store on disk. "
    "Default: in memory when read-only and the graph file is at most 512 MB; writes need --disk "
    "to outlive a stopped query's restart, so --writable defaults to disk.",
)
def serve(graph_path, host, port, writable, allow_service, timeout, memory) -> None:
    """Serve the graph: SPARQL at /query, the query page (with an ask box) at /. Ctrl-C stops it.

    \b
    Example:
      fupin serve --graph kg.trig --port 8080
    """
    from fupin.ask.answer import for_page
    from fupin.graph.serve import serve_forever

    if not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    serve_forever(
        graph_path,
        host=host,
        port=port,
        writable=writable,
        allow_service=allow_service,
        timeout_s=timeout,
        announce=click.echo,
        ask=for_page,
        store="auto" if memory is None else "memory" if memory else "disk",
    )
