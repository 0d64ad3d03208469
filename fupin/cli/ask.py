"""`fupin ask`: a question in plain Chinese or English answered from the graph (templates in queries/ask/)."""

from __future__ import annotations

import sys

import click

from fupin.cli.options import echo_error, engine_option, full_option, graph_option, results_format_option


@click.command(short_help="Answer a question in plain words from the graph, with its evidence.")
@click.argument("question", nargs=-1, required=False)
@graph_option
@click.option("--show-sparql", is_flag=True, help="Print the SPARQL that ran and the parameters bound in it.")
@click.option(
    "--evidence", is_flag=True, help="Print the sentence behind each row, with its file and offset."
)
@results_format_option
@full_option
@engine_option
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds before giving up.")
@click.option("--list", "list_templates", is_flag=True, help="List the kinds of question it can answer.")
def ask(question, graph_path, show_sparql, evidence, fmt, full, engine, timeout, list_templates) -> None:
    """Answer QUESTION from the graph: 哪些县用了扶贫车间？ or "which counties used workshops?".

    The question is matched to a template (queries/ask/*.toml: adding a file adds a question), its
    measures, indicators, counties, provinces and numbers are bound as RDF terms, and the template's
    SPARQL runs on the graph. A question no template fits gets the closest ones as suggestions (exit
    1); a name with several referents (东乡, 城区) gets the candidates (exit 1).

    \b
    Examples:
      fupin ask 哪些县用了扶贫车间？
      fupin ask "which counties have no figure for people lifted out of poverty?"
      fupin ask 哪个县脱贫人口最多 --evidence
      fupin ask 比较房县和郧阳区的脱贫人口 --show-sparql
      fupin ask --list
    """
    from fupin.ask.answer import ask as answer_question
    from fupin.graph.query import QueryError

    if list_templates or not question:
        click.echo(_list_templates())
        return
    if not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    try:
        answer = answer_question(graph_path, " ".join(question), timeout=timeout, engine=engine)
    except QueryError as error:
        echo_error(f"query failed: {error}")
        sys.exit(2)
    if show_sparql and answer.sparql:
        click.echo(_sparql_text(answer), err=fmt != "table")
    click.echo(
        answer.text(evidence=evidence, full=full, fmt=fmt) if answer.status == "answered" else answer.message
    )
    if answer.status in ("unmatched", "ambiguous"):
        sys.exit(1)


def _sparql_text(answer) -> str:
    """The query as it ran, with each bound parameter as a comment (the terms are bound, not pasted)."""
    from fupin.graph.query import cell

    bound = "\n".join(f"#   ?{name} = {cell(term)}" for name, term in answer.bindings.items())
    return answer.sparql.strip() + ("\n# bound as RDF terms:\n" + bound if bound else "") + "\n"


def _list_templates() -> str:
    from fupin.ask.templates import templates
    from fupin.graph.table import render_table

    rows = [[t.id, t.title, t.example] for t in templates()]
    return render_table(["template", "question", "for example"], rows, full=True)
