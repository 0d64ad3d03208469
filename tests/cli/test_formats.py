"""`fupin query --format`: the W3C SPARQL 1.1 results formats, read back by SPARQLWrapper's own result
parsing; the same numbers on both engines; tables with cut or whole cells; errors people can act on."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from SPARQLWrapper.SmartWrapper import Bindings
from SPARQLWrapper.Wrapper import JSON, XML, QueryResult

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from sample_facts import StandInGazetteer, sample_docs

from fupin.cli import main
from fupin.graph.build import build_dataset, load_ontology
from fupin.graph.store import write_graph

ENGINES = ("oxigraph", "rdflib")
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    ds = build_dataset(sample_docs(), gazetteer=StandInGazetteer(), ontology=load_ontology())
    return write_graph(ds, tmp_path_factory.mktemp("formats") / "kg.ttl")


def query(*args: str, stdin: str | None = None) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["query", *args], input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


class Response(io.BytesIO):
    """What SPARQLWrapper reads an endpoint's answer from: a body and its content type."""

    def __init__(self, body: bytes, content_type: str) -> None:
        super().__init__(body)
        self.content_type = content_type

    def info(self) -> dict[str, str]:
        return {"content-type": self.content_type}


def sparqlwrapper(body: bytes, fmt: str) -> QueryResult:
    media = {JSON: "application/sparql-results+json", XML: "application/sparql-results+xml"}[fmt]
    return QueryResult((Response(body, media), fmt))


@pytest.mark.parametrize("engine", ENGINES)
def test_json_results_parse_with_sparqlwrapper(graph: Path, engine: str) -> None:
    code, out, _ = query("02", "--graph", str(graph), "--engine", engine, "--format", "json")
    assert code == 0
    bindings = Bindings(sparqlwrapper(out, JSON))
    assert bindings.variables == ["county", "code", "name", "lifted", "figures"]
    lifted = {row["name"].value: row["lifted"] for row in bindings.bindings}
    assert lifted["茅箭区"].value == "7129" and lifted["茅箭区"].datatype == XSD_DECIMAL
    assert lifted["茅箭区"].type in ("literal", "typed-literal")
    county = bindings.bindings[0]["county"]
    assert county.type == "uri" and county.value.startswith("https://w3id.org/fupin/id/county/")


@pytest.mark.parametrize("engine", ENGINES)
def test_xml_results_parse_with_sparqlwrapper(graph: Path, engine: str) -> None:
    code, out, _ = query("02", "--graph", str(graph), "--engine", engine, "--format", "xml")
    assert code == 0
    document = sparqlwrapper(out, XML).convert()
    names = [v.getAttribute("name") for v in document.getElementsByTagName("variable")]
    assert names == ["county", "code", "name", "lifted", "figures"]
    literals = {
        b.getAttribute("name"): b.getElementsByTagName("literal")
        for r in document.getElementsByTagName("result")[:1]
        for b in r.getElementsByTagName("binding")
    }
    assert literals["lifted"][0].getAttribute("datatype") == XSD_DECIMAL


def test_every_format_reads_the_same_on_both_engines(graph: Path) -> None:
    for fmt in ("json", "xml", "csv", "tsv", "table"):
        answers = {query("02", "--graph", str(graph), "--engine", e, "--format", fmt)[1] for e in ENGINES}
        assert len(answers) == 1, fmt
    _, out, _ = query("02", "--graph", str(graph), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"))))
    assert {r["name"]: r["lifted"] for r in rows}["茅箭区"] == "7129"  # not 7129.0 on rdflib
    _, out, _ = query("02", "--graph", str(graph), "--format", "tsv")
    lines = out.decode("utf-8").splitlines()
    assert lines[0] == "?county\t?code\t?name\t?lifted\t?figures"
    assert f'"7129"^^<{XSD_DECIMAL}>' in out.decode("utf-8")


def test_ask_is_a_boolean_result(graph: Path) -> None:
    code, out, _ = query("-", "--graph", str(graph), "--format", "json", stdin="ASK { ?s ?p ?o }")
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}


def test_long_cells_are_cut_unless_full(graph: Path) -> None:
    quote = "全县累计建成扶贫车间" * 30
    sparql = f'SELECT ?code ?quote WHERE {{ BIND("420302" AS ?code) BIND("{quote}" AS ?quote) }}'
    _, cut, _ = query("-", "--graph", str(graph), stdin=sparql)
    _, whole, _ = query("-", "--graph", str(graph), "--full", stdin=sparql)
    assert "…" in cut.decode("utf-8") and quote not in cut.decode("utf-8")
    assert quote in whole.decode("utf-8") and "…" not in whole.decode("utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_an_update_is_refused_in_plain_words(graph: Path, engine: str) -> None:
    update = "PREFIX fp: <https://w3id.org/fupin/ontology#>\n# drop them\nDELETE WHERE { ?s a fp:County }"
    before = graph.read_bytes()
    code, _, err = query("-", "--graph", str(graph), "--engine", engine, stdin=update)
    assert code == 2 and "updates are not run by fupin query" in err
    assert graph.read_bytes() == before


@pytest.mark.parametrize("engine", ENGINES)
def test_a_malformed_query_shows_its_line_and_column(graph: Path, engine: str) -> None:
    bad = "SELECT ?c WHERE {\n  ?c a ?t .\n  ?c ?p \n}\n"
    code, _, err = query("-", "--graph", str(graph), "--engine", engine, stdin=bad)
    assert code == 2
    assert "malformed query at line " in err and ", column " in err
    lines = err.splitlines()
    caret = next(i for i, line in enumerate(lines) if line.strip() == "^")
    assert lines[caret - 1].strip() in {"?c ?p", "}"}


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unknown_parameter_is_an_error_on_both_engines(graph: Path, engine: str) -> None:
    code, _, err = query("05", "--graph", str(graph), "--engine", engine, "--param", "foo=bar")
    assert code == 2
    assert "unknown parameter ?foo" in err and "?county" in err
    assert "query failed: query failed" not in err


def test_a_query_without_declared_parameters_takes_its_own_variables(graph: Path) -> None:
    sparql = "SELECT ?code WHERE { ?c <https://w3id.org/fupin/ontology#divisionCode> ?code }"
    code, out, _ = query(
        "-", "--graph", str(graph), "--param", "code=420302", "--format", "csv", stdin=sparql
    )
    assert code == 0 and out.decode("utf-8").split() == ["code", "420302"]
    code, _, err = query("-", "--graph", str(graph), "--param", "county=420302", stdin=sparql)
    assert code == 2 and "unknown parameter ?county" in err


def test_the_list_shows_each_querys_parameters() -> None:
    code, out, _ = query("--list")
    lines = out.decode("utf-8").splitlines()
    assert code == 0 and lines[0].split() == ["query", "title", "parameters"]
    assert "--param county=…" in next(line for line in lines if line.startswith("02-"))
    assert "--param fact=…" in next(line for line in lines if line.startswith("07-"))
    assert "--param" not in next(line for line in lines if line.startswith("06-"))
