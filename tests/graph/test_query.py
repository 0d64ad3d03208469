"""Named queries answer the contract's questions on a graph built from records of the sample reports."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from sample_facts import F000, corpus_text

from fupin.graph.build import build_dataset, county_iri
from fupin.graph.query import (
    ENGINES,
    QueryError,
    QueryResult,
    display_width,
    format_table,
    named_queries,
    parameters,
    resolve,
    run,
)
from fupin.graph.store import write_graph
from fupin.graph.vocab import FPD


@pytest.fixture(params=[".nq", ".ttl"])
def graph_file(request, tmp_path, docs, gazetteer, ontology) -> Path:
    ds = build_dataset(docs, gazetteer=gazetteer, ontology=ontology)
    return write_graph(ds, tmp_path / f"g{request.param}")


def answer(name: str, graph_file: Path, engine: str, **bindings) -> list[dict[str, str]]:
    result = run(resolve(name)[1], graph_file, engine=engine, bindings=bindings or None)
    return [
        {c: ("" if v is None else str(v)) for c, v in zip(result.columns, row, strict=True)}
        for row in result.rows
    ]


def test_there_is_one_query_per_question_each_with_a_header():
    queries = named_queries()
    assert [stem[:2] for stem in queries] == [f"{i:02d}" for i in range(1, 16)]
    for path in queries.values():
        header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        text = "\n".join(header)
        assert re.search(r"^# title: \S", text, re.MULTILINE), path.name
        assert re.search(r"^# answers: Question \d", text, re.MULTILINE), path.name
        assert re.search(r"^# param: ", text, re.MULTILINE), path.name
        body = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        assert "NOT EXISTS" not in "\n".join(body), "MINUS is much faster on Oxigraph"


@pytest.mark.parametrize("name", ["01", "workshop-counties", "01-workshop-counties"])
def test_resolve_accepts_number_slug_or_stem(name):
    title, sparql = resolve(name)
    assert title == "Counties that used poverty-alleviation workshops"
    assert "fpm:workshop" in sparql


def test_resolve_accepts_a_file_and_rejects_unknown_names(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert resolve(path) == ("mine", "SELECT * WHERE { ?s ?p ?o }")
    assert resolve(str(path))[0] == "mine"
    with pytest.raises(QueryError, match="no query named"):
        resolve("no-such-question")
    with pytest.raises(QueryError, match="not found"):
        resolve(tmp_path / "missing.rq")


@pytest.mark.parametrize("engine", ENGINES)
def test_q1_workshop_counties(graph_file, engine):
    rows = answer("01", graph_file, engine)
    assert [(r["code"], r["name"]) for r in rows] == [("420304", "郧阳区"), ("420325", "房县")]


@pytest.mark.parametrize("engine", ENGINES)
def test_q2_lifted_population_leaves_targets_out(graph_file, engine):
    rows = answer("02", graph_file, engine)
    got = {r["name"]: Decimal(r["lifted"]) for r in rows}
    assert got == {"郧阳区": 163000, "房县": 141281, "茅箭区": 7129}


@pytest.mark.parametrize("engine", ENGINES)
def test_q3_to_q5_enterprises_exits_officials(graph_file, engine):
    enterprises = {(r["enterpriseName"], r["name"]) for r in answer("03", graph_file, engine)}
    assert enterprises == {("湖北裕佳菇业公司", "郧阳区"), ("浙江诸暨袜业公司", "郧阳区")}
    exits = [(r["name"], r["exitDate"]) for r in answer("04", graph_file, engine)]
    assert exits == [("房县", "2020-04-21"), ("郧阳区", "2020-04-23")]
    officials = {(r["person"], r["title"], r["name"]) for r in answer("05", graph_file, engine)}
    assert ("李文波", "区委副书记、区长", "咸安区") in officials
    assert ("胡先平", "区长", "郧阳区") in officials
    assert len(officials) == 6


@pytest.mark.parametrize("engine", ENGINES)
def test_q6_counties_without_an_achieved_lifted_population(graph_file, engine):
    assert [r["name"] for r in answer("06", graph_file, engine)] == ["远安县", "咸安区"]


@pytest.mark.parametrize("engine", ENGINES)
def test_q7_evidence_of_one_fact_is_bound_as_an_iri(graph_file, engine):
    facts = {r["fact"] for r in answer("07", graph_file, engine)}
    [position] = [f for f in facts if "/position/" in f and f in _positions(graph_file, engine, "胡先平")]
    rows = answer("07", graph_file, engine, fact=URIRef(position))
    assert len(rows) == 1
    row = rows[0]
    assert row["file"] == F000 and row["rule"] == "actors.title"
    assert corpus_text(F000)[int(row["start"]) : int(row["end"])] == row["quote"]


def _positions(graph_file: Path, engine: str, person: str) -> set[str]:
    sparql = """PREFIX fp: <https://w3id.org/fupin/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?p ?who WHERE { ?p fp:holder ?h . ?h rdfs:label ?n . FILTER(STR(?n) = STR(?who)) }"""
    result = run(sparql, graph_file, engine=engine, bindings={"who": Literal(person)})
    return {str(row[0]) for row in result.rows}


@pytest.mark.parametrize("engine", ENGINES)
def test_q8_and_q9_measures_and_programs(graph_file, engine):
    cells = {(r["name"], r["measure"]) for r in answer("08", graph_file, engine)}
    assert cells == {("郧阳区", "workshop"), ("郧阳区", "microcredit"), ("房县", "workshop")}
    programs = {r["programName"]: r for r in answer("09", graph_file, engine)}
    # parts (舒心工程 …) are listed under their program, not on their own
    assert set(programs) == {"四大工程", "1+2+N产业脱贫模式", "一线工作法"}
    assert set(programs["四大工程"]["parts"].split("、")) == {"舒心工程", "放心工程"}
    assert set(programs["1+2+N产业脱贫模式"]["measures"].split()) == {"industry", "employment"}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bound_parameter_restricts_and_cannot_inject(graph_file, engine):
    rows = answer("05", graph_file, engine, county=county_iri("420302"))
    assert {r["person"] for r in rows} == {"周庆荣", "张捍声"}
    hostile = Literal('x" } UNION { ?position ?p ?o } #')
    assert answer("05", graph_file, engine, county=hostile) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_every_declared_parameter_can_be_bound(graph_file, engine):
    values = {
        "county": county_iri("420304"),
        "fact": URIRef(f"{FPD}position/none"),
        "indicator": URIRef("https://w3id.org/fupin/indicator/poverty-incidence"),
    }
    for name in named_queries():
        _, sparql = resolve(name)
        for param in parameters(sparql):
            run(sparql, graph_file, engine=engine, bindings={param: values[param]})


def test_parameters_are_read_from_the_header():
    assert parameters(resolve("07")[1]) == ["fact"]
    assert parameters(resolve("06")[1]) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_malformed_queries_and_bad_input_raise_query_error(graph_file, engine, tmp_path):
    with pytest.raises(QueryError):
        run("SELECT ?x WHERE { ?x ", graph_file, engine=engine)
    with pytest.raises(QueryError):
        run("SELECT * WHERE { ?s ?p ?o }", tmp_path / "missing.nt", engine=engine)
    with pytest.raises(QueryError):
        run("SELECT ?s WHERE { ?s ?p ?o }", graph_file, engine=engine, bindings={"o": "not a term"})  # type: ignore[dict-item]
    with pytest.raises(QueryError, match="unknown engine"):
        run("SELECT * WHERE { ?s ?p ?o }", graph_file, engine="fuseki")


def test_oxigraph_explains_that_a_parameter_must_be_projected(graph_file):
    with pytest.raises(QueryError, match="projects"):
        run("SELECT ?s WHERE { ?s ?p ?o }", graph_file, bindings={"o": Literal("x")})


def test_a_query_that_outlives_its_timeout_raises(graph_file):
    with pytest.raises(QueryError, match="did not finish"):
        run(resolve("07")[1], graph_file, timeout_s=0)


def test_ask_and_construct_results(graph_file):
    assert run("ASK { ?s ?p ?o }", graph_file).rows == [(Literal(True),)]
    sparql = f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ ?c ?p ?o FILTER(?c = <{FPD}county/420304>) }}"
    result = run(sparql, graph_file)
    assert result.columns == ["subject", "predicate", "object"] and result.rows


def test_table_columns_line_up_with_wide_characters():
    result = QueryResult(
        ["name", "code"],
        [(Literal("郧阳区"), Literal("420304")), (Literal("Fang"), Literal("420325")), (None, Literal("1"))],
    )
    lines = format_table(result).splitlines()
    codes = ("420304", "420325", "1")
    starts = {display_width(line[: line.index(code)]) for line, code in zip(lines[2:5], codes, strict=True)}
    assert starts == {display_width("郧阳区") + 2}
    assert lines[-1] == "(3 rows)"


def test_csv_and_json_keep_full_iris_and_unbound_cells():
    result = QueryResult(["c", "v"], [(county_iri("420304"), None)])
    assert list(csv.reader(io.StringIO(format_table(result, "csv")))) == [
        ["c", "v"],
        ["https://w3id.org/fupin/id/county/420304", ""],
    ]
    assert json.loads(format_table(result, "json")) == {  # SPARQL 1.1 results JSON: unbound is absent
        "head": {"vars": ["c", "v"]},
        "results": {"bindings": [{"c": {"type": "uri", "value": "https://w3id.org/fupin/id/county/420304"}}]},
    }
    assert "fpd:county/420304" in format_table(result)
    with pytest.raises(ValueError, match="unknown output format"):
        format_table(result, "yaml")
