"""`fupin eval`: precision, recall and F1 against gold facts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command(name="eval")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--gold", type=click.Path(exists=True, path_type=Path), required=True, help="Gold facts (JSON)."
)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    help="Score an existing graph instead of building one from PATHS.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--min-f1", type=float, help="Exit 1 when the overall F1 is below this.")
def evaluate(paths, gold, graph_path, as_json, min_f1) -> None:
    """Precision, recall and F1 per fact type against gold facts, with missed and spurious items.

    \b
    Example:
      fupin eval --gold gold.json reports/
    """
    from fupin.builder import extract_documents, input_paths, read_documents
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset
    from fupin.graph.evaluate import format_score, score
    from fupin.graph.store import load_graph, union_graph

    if graph_path:
        graph = union_graph(load_graph(graph_path))
    else:
        docs = list(extract_documents(read_documents(paths, [])))
        graph = union_graph(build_dataset(docs, gazetteer=Gazetteer.load()))
    inputs = input_paths(paths)
    docs_dir = inputs[0] if len(inputs) == 1 and inputs[0].is_dir() else None
    result = score(graph, json.loads(gold.read_text(encoding="utf-8")), docs_dir)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(format_score(result))
        click.echo(_graph_facts(graph))
    if min_f1 is not None and result["overall"]["f1"] < min_f1:
        sys.exit(1)


def _graph_facts(graph) -> str:
    """The graph's facts as `fupin report` counts them (the evidence line counts only the five scored
    kinds, as the shared scorer does: exit approvals are not among them)."""
    from fupin.graph.vocab import fact_counts

    counts = fact_counts(graph)
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return f"graph: {sum(counts.values())} facts ({parts}), as fupin report counts them"
