"""`fupin build --min-confidence X` keeps only facts whose evidence confidence is at least X."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from fupin.cli import main

QUERY = """PREFIX fp: <https://w3id.org/fupin/ontology#>
SELECT ?fact ?confidence WHERE { ?fact a fp:Observation ; fp:evidence ?e . ?e fp:confidence ?confidence }"""


def _confidences(path: Path) -> list[float]:
    graph = Graph().parse(path)
    return [float(row.confidence) for row in graph.query(QUERY)]


def test_min_confidence_drops_weaker_facts(tmp_path: Path) -> None:
    runner = CliRunner()
    everything, strong = tmp_path / "all.ttl", tmp_path / "strong.ttl"
    assert runner.invoke(main, ["build", "--no-cache", "-q", "-o", str(everything)]).exit_code == 0
    result = runner.invoke(main, ["build", "--no-cache", "-q", "--min-confidence", "0.8", "-o", str(strong)])
    assert result.exit_code == 0, result.output
    before, after = _confidences(everything), _confidences(strong)
    assert min(before) < 0.8 <= min(after)
    assert 0 < len(after) < len(before)
