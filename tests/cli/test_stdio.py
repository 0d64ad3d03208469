"""`python -m fupin`, and `-` for the standard streams: a report on stdin, the graph on stdout, a query
on stdin — the forms a shell pipeline uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from fupin.cli import main

REPORT = "黔西县2019年新建扶贫车间15个，吸纳贫困人口就业820人。"


def invoke(*args: str, stdin: bytes | str | None = None):
    result = CliRunner().invoke(main, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_python_dash_m_fupin_is_the_command_line() -> None:
    out = subprocess.run([sys.executable, "-m", "fupin", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("Usage: fupin ")
    assert "build" in out.stdout and "query" in out.stdout


def test_a_report_on_stdin(tmp_path: Path) -> None:
    target = tmp_path / "x.ttl"
    result = invoke("build", "-", "-o", str(target), "--no-cache", stdin=REPORT.encode("gb18030"))
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(target, format="turtle")
    files = {str(o) for o in graph.objects(None, None) if str(o) == "stdin.txt"}
    assert files == {"stdin.txt"}
    assert "1 reports" in result.stdout


@pytest.mark.parametrize(("fmt", "parser"), [("nt", "nt"), ("nq", "nquads"), ("trig", "trig")])
def test_the_graph_on_stdout(tmp_path: Path, fmt: str, parser: str) -> None:
    result = invoke("build", "-", "-o", "-", "--format", fmt, "--no-cache", "-v", stdin=REPORT)
    assert result.exit_code == 0, result.stderr
    data = Dataset()
    data.parse(data=result.stdout_bytes.decode("utf-8"), format=parser)
    assert len(data) > 0 or len(list(data.quads())) > 100
    assert "triples -> -" in result.stderr and "stdin.txt" in result.stderr  # the summary is not in the graph
    assert "triples -> " not in result.stdout


def test_format_is_for_stdout_only(tmp_path: Path) -> None:
    result = invoke("build", "-", "-o", str(tmp_path / "x.ttl"), "--format", "nt", stdin=REPORT)
    assert result.exit_code == 2 and "--format nt is for `-o -`" in result.stderr


def test_a_pipeline_from_build_to_query(tmp_path: Path) -> None:
    graph = tmp_path / "kg.nt"
    built = invoke("build", "-", "-o", "-", "--format", "nt", "--no-cache", "-q", stdin=REPORT)
    graph.write_bytes(built.stdout_bytes)
    sparql = (
        "PREFIX fp: <https://w3id.org/fupin/ontology#>\n"
        "SELECT ?code WHERE { ?r a fp:Report ; fp:about ?c . ?c fp:divisionCode ?code }"
    )
    result = invoke("query", "-", "--graph", str(graph), "--format", "csv", stdin=sparql)
    assert result.exit_code == 0 and result.stdout.split() == ["code", "520522"]
