"""The named queries rewritten for Oxigraph's planner (issue 15) give the rows of their plain
formulation, and the queries whose answer grows with the graph answer with a page by default.

tests/data/queries-main/ keeps the plain formulations (main at 35efe58; 15 at dc8086b): each rewritten
query must give their rows, in their ORDER BY order, on both engines, on the graph of the bundled
reports with a stand-in that only the type checks keep out (a program that serves the workshop measure
in a county of the national list: a Program, not an Intervention) and stand-in figures for 15 that meet
each of its rules (see _figures)."""

from __future__ import annotations

import csv as csv_module
import io
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, SKOS, XSD, URIRef

import fupin
from fupin import builder
from fupin.cli import main
from fupin.graph.query import QueryResult, load_store, page_limit, page_size, resolve, run_on
from fupin.graph.serve import examples
from fupin.graph.store import load_graph

PLAIN = Path(__file__).resolve().parent.parent / "data" / "queries-main"
REWRITTEN = sorted(p.name.split("-", 1)[0] for p in PLAIN.glob("*.rq"))
PAGED = ("07", "08", "14")
FP = "https://w3id.org/fupin/ontology#"
WORKSHOP = ox.NamedNode("https://w3id.org/fupin/measure/workshop")
# A county that no workshop intervention is in.
QUIET_COUNTY = f"""PREFIX fp: <{FP}>
SELECT ?county {{
  ?county a fp:County ; fp:divisionCode [] .
  MINUS {{ ?i fp:measure <{WORKSHOP.value}> ; fp:county ?county }}
}} LIMIT 1"""


def _fp(name: str) -> ox.NamedNode:
    return ox.NamedNode(FP + name)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled reports' graph with stand-ins: a program serving the workshop measure in a quiet
    county, on the national list (only the type checks keep it out of 01, 08, 10, 12), and a Wikidata
    link on every county (so that 10 has rows)."""
    output = tmp_path_factory.mktemp("kg") / "kg.nq"
    builder.build_corpus([], output)
    store = ox.Store()
    store.load(path=str(output), format=ox.RdfFormat.N_QUADS)
    (county,) = next(iter(store.query(QUIET_COUNTY, use_default_graph_as_union=True)))
    program = ox.NamedNode("https://example.org/program/p")
    for predicate, value in ((ox.NamedNode(str(RDF.type)), _fp("Program")), (_fp("measure"), WORKSHOP),
                             (_fp("county"), county), (_fp("evidence"), ox.NamedNode("https://example.org/e"))):  # fmt: skip
        store.add(ox.Quad(program, predicate, value))
    store.add(ox.Quad(county, _fp("nationalPovertyCounty"), ox.Literal(True)))
    store.add(
        ox.Quad(county, _fp("exitBatchYear"), ox.Literal("2019", datatype=ox.NamedNode(str(XSD.gYear))))
    )
    wikidata = ox.NamedNode("http://www.wikidata.org/entity/Q1")
    for (each,) in store.query(f"SELECT ?c {{ ?c a <{FP}County> }}", use_default_graph_as_union=True):
        store.add(ox.Quad(each, ox.NamedNode(str(SKOS.exactMatch)), wikidata))
    _figures(store)
    store.dump(str(output), format=ox.RdfFormat.N_QUADS)
    return output


# Stand-in figures for query 15, each (value, precisions, report files, changes) about a county and
# lifted-population in 2019 unless a change says otherwise: pairs that disagree; figures that agree
# within the coarser precision; a figure two reports state, which disagrees with neither of those
# reports' own figures (a shared report) but with a third's; a year's figure beside cumulative ones; a
# stated period start; a township's pair (its county through fp:partOf); and figures the rules leave
# out (approximate, a target, dated by publication, not an Observation).
FIGURES = (
    ("163000", ("1000",), ("r1",), {}),
    ("159000", ("1000",), ("r2",), {}),
    ("163400", ("1000", "10000"), ("r3",), {}),
    ("150000", ("1000",), ("r1", "r2"), {}),
    ("21000", ("1000",), ("r1",), {"cumulative": None}),
    ("25000", ("1000",), ("r2",), {"cumulative": None}),
    ("27000", ("1000",), ("r3",), {"cumulative": None, "referencePeriodStart": "2016"}),
    ("10", ("1",), ("r1",), {"place": True}),
    ("20", ("1",), ("r2",), {"place": True}),
    ("120000", ("1000",), ("r3",), {"approximate": True}),
    ("110000", ("1000",), ("r3",), {"status": "Target"}),
    ("100000", ("1000",), ("r3",), {"yearBasis": "PublicationYear"}),
    ("90000", ("1000",), ("r3",), {"type": "Program"}),
)


def _figures(store: ox.Store) -> None:
    """FIGURES as observations about a county of their own, each stated in its reports' graphs with
    an evidence and a quote."""
    ids = "https://example.org/figures/"
    county = ox.NamedNode(ids + "county")
    store.add(ox.Quad(county, ox.NamedNode(str(RDF.type)), _fp("County")))
    decimal, boolean = ox.NamedNode(str(XSD.decimal)), ox.NamedNode(str(XSD.boolean))
    township = ox.NamedNode(ids + "township")
    store.add(ox.Quad(township, _fp("partOf"), county))
    for n, (value, steps, files, changes) in enumerate(FIGURES):
        obs = ox.NamedNode(f"{ids}obs/{n}")
        props: dict[str, ox.NamedNode | ox.Literal | None] = {
            "yearBasis": _fp(changes.get("yearBasis", "StatedYear")),
            "indicator": ox.NamedNode("https://w3id.org/fupin/indicator/lifted-population"),
            "unit": ox.NamedNode("https://w3id.org/fupin/unit/person"),
            "value": ox.Literal(value, datatype=decimal),
            "referenceYear": ox.Literal("2019", datatype=ox.NamedNode(str(XSD.gYear))),
            "cumulative": ox.Literal("true", datatype=boolean),
            "status": _fp(changes.get("status", "Achieved")),
        }
        props["place" if changes.get("place") else "county"] = township if changes.get("place") else county
        for key in ("cumulative", "referencePeriodStart", "approximate"):
            if key in changes:
                found = changes[key]
                props[key] = None if found is None else ox.Literal(str(found).lower(), datatype=boolean) \
                    if isinstance(found, bool) else ox.Literal(found)  # fmt: skip
        for file in files:
            report, evidence = ox.NamedNode(ids + file), ox.NamedNode(f"{ids}evidence/{n}/{file}")
            quads = [(obs, ox.NamedNode(str(RDF.type)), _fp(changes.get("type", "Observation"))),
                     (obs, _fp("evidence"), evidence), (evidence, _fp("source"), report),
                     (evidence, _fp("quote"), ox.Literal(f"{file}: {value}")),
                     (report, _fp("sourceFile"), ox.Literal(f"{file}.txt"))]  # fmt: skip
            quads += [(obs, _fp("precision"), ox.Literal(step, datatype=decimal)) for step in steps]
            quads += [(obs, _fp(k), v) for k, v in props.items() if v is not None]
            for quad in quads:
                store.add(ox.Quad(*quad, report))


def _order_keys(sparql: str, result: QueryResult) -> list[tuple]:
    """Each row's ORDER BY cells: the sequence the query fixes (rows tied on them may come in any order)."""
    named = re.findall(r"\?(\w+)", sparql[sparql.rindex("ORDER BY") :])
    columns = [result.columns.index(n) for n in named if n in result.columns]
    return [tuple(row[i] for i in columns) for row in result.rows]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", REWRITTEN)
def test_a_rewritten_query_gives_the_rows_of_its_plain_formulation(
    bundled: Path, name: str, engine: str
) -> None:
    data = load_store(bundled) if engine == "oxigraph" else load_graph(bundled)
    plain_sparql = next(PLAIN.glob(f"{name}-*.rq")).read_text(encoding="utf-8")
    plain = run_on(plain_sparql, data, timeout_s=60)
    rewritten = run_on(resolve(name)[1], data, timeout_s=60)
    assert plain.rows, name
    assert rewritten.columns == plain.columns
    assert sorted(map(repr, rewritten.rows)) == sorted(map(repr, plain.rows))
    assert _order_keys(plain_sparql, rewritten) == _order_keys(plain_sparql, plain)
    assert "example.org/program" not in repr(rewritten.rows)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_conflicts_of_one_county_are_those_of_the_plain_formulation(bundled: Path, engine: str) -> None:
    """Query 15's ?county parameter (bound by substitution in Oxigraph, initBindings in rdflib)
    keeps the plain formulation's rows, and the stand-in figures give the pairs their rules allow."""
    data = load_store(bundled) if engine == "oxigraph" else load_graph(bundled)
    plain_sparql = next(PLAIN.glob("15-*.rq")).read_text(encoding="utf-8")
    every = run_on(resolve("15")[1], data, timeout_s=60)
    pairs = {(str(r[every.columns.index("a")]), str(r[every.columns.index("b")])) for r in every.rows}
    obs = "https://example.org/figures/obs/"
    assert pairs == {(obs + a, obs + b) for a, b in (("0", "1"), ("2", "3"), ("4", "5"), ("7", "8"))}
    (county,) = {r[every.columns.index("county")] for r in every.rows}
    for bound in (county, ox.NamedNode(FP + "County")):
        term = URIRef(bound.value) if isinstance(bound, ox.NamedNode) else bound
        plain = run_on(plain_sparql, data, {"county": term}, timeout_s=60)
        rewritten = run_on(resolve("15")[1], data, {"county": term}, timeout_s=60)
        assert sorted(map(repr, rewritten.rows)) == sorted(map(repr, plain.rows))
        assert _order_keys(plain_sparql, rewritten) == _order_keys(plain_sparql, plain)


def test_the_queries_that_grow_with_the_graph_declare_a_page() -> None:
    pages = {name: page_size(resolve(name)[1]) for name in [f"{n:02d}" for n in range(1, 16)]}
    assert {name for name, page in pages.items() if page} == set(PAGED)
    assert page_limit(resolve("07")[1], None) == 100
    assert page_limit(resolve("07")[1], None, all_rows=True) is None
    assert page_limit(resolve("07")[1], 5) == 5
    assert page_limit(resolve("02")[1], None) is None


def test_the_api_gives_the_first_page_and_every_row_when_asked(bundled: Path) -> None:
    store = load_store(bundled)
    every = fupin.query(store, "07", all_rows=True)
    assert len(every) == every.total > 100
    page = fupin.query(store, "07")
    assert list(page) == every[:100] and page.total == every.total
    assert list(fupin.query(store, "07", offset=100)) == every[100:200]
    assert len(fupin.query(store, "02")) == fupin.query(store, "02").total  # no page declared


def test_the_command_line_prints_the_first_page_and_says_how_to_get_the_rest(bundled: Path) -> None:
    runner = CliRunner()
    every = fupin.query(load_store(bundled), "07", all_rows=True).total
    done = runner.invoke(main, ["query", "07", "--graph", str(bundled)])
    assert done.exit_code == 0, done.output
    assert done.stdout.rstrip().endswith(f"(100 rows of {every})")
    assert "--offset 100 for the next page" in done.stderr
    csv = runner.invoke(main, ["query", "07", "--graph", str(bundled), "--all", "--format", "csv"])
    assert len(list(csv_module.reader(io.StringIO(csv.stdout)))) == every + 1  # header and every row
    last = runner.invoke(main, ["query", "07", "--graph", str(bundled), "--offset", str(every - 3)])
    assert last.stdout.rstrip().endswith(f"(3 rows of {every})") and "next page" not in last.stderr


def test_the_served_examples_ask_for_the_declared_page() -> None:
    queries = {e["name"].split("-", 1)[0]: e["query"] for e in examples()}
    for name, sparql in queries.items():
        assert sparql.rstrip().endswith("LIMIT 100") == (name in PAGED), name


def test_series_gives_one_row_per_evidence_when_two_reports_state_the_same_triple(tmp_path: Path) -> None:
    """Over the union of the reports' graphs a triple held by two of them matches twice; query 14 has a
    row per evidence all the same, on both engines (before, Oxigraph repeated the row)."""
    ids = "https://w3id.org/fupin/id/"
    obs, county, unit = (
        f"<{ids}observation/o1>",
        f"<{ids}county/420302>",
        "<https://w3id.org/fupin/unit/person>",
    )
    evidence, report = f"<{ids}evidence/e1>", f"<{ids}report/r1>"
    graphs = (f"<{ids}report/r1>", f"<{ids}report/r2>")
    lines = [f"{obs} <{RDF.type}> <{FP}Observation> {g} ." for g in graphs] + [
        f"{obs} <{FP}county> {county} {graphs[0]} .",
        f"{obs} <{FP}indicator> <https://w3id.org/fupin/indicator/students-aided> {graphs[0]} .",
        f'{obs} <{FP}value> "5837"^^<{XSD.integer}> {graphs[0]} .',
        f"{obs} <{FP}unit> {unit} {graphs[0]} .",
        f"{obs} <{FP}evidence> {evidence} {graphs[0]} .",
        f"{evidence} <{FP}source> {report} {graphs[0]} .",
        f'{evidence} <{FP}quote> "资助贫困学生5837名" {graphs[0]} .',
        f'{report} <{FP}sourceFile> "r1.txt" {graphs[0]} .',
    ]
    graph = tmp_path / "kg.nq"
    graph.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for data in (load_store(graph), load_graph(graph)):
        result = run_on(resolve("14")[1], data, timeout_s=60)
        assert len(result.rows) == 1, result.rows


def _many_statements(path: Path, stating: int) -> Path:
    """An N-Quads graph of one county's 2019 lifted population: 163,000 stated by `stating` reports
    (each report's graph repeats the figure's triples, as a build writes them) and 159,000 by one
    other report, each statement with its own evidence and quote."""
    ids, decimal = "https://w3id.org/fupin/id/", f"<{XSD.decimal}>"
    county = f"<{ids}county/420304>"
    lines = [f"{county} <{RDF.type}> <{FP}County> ."]
    for obs, value, reports in (("o1", "163000", range(1, stating + 1)), ("o2", "159000", (0,))):
        for n in reports:
            graph, evidence = f"<{ids}report/r{n}>", f"<{ids}evidence/{obs}-r{n}>"
            triples = [(f"<{RDF.type}>", f"<{FP}Observation>"), (f"<{FP}yearBasis>", f"<{FP}StatedYear>"),
                       (f"<{FP}indicator>", "<https://w3id.org/fupin/indicator/lifted-population>"),
                       (f"<{FP}unit>", "<https://w3id.org/fupin/unit/person>"), (f"<{FP}county>", county),
                       (f"<{FP}value>", f'"{value}"^^{decimal}'), (f"<{FP}precision>", f'"1000"^^{decimal}'),
                       (f"<{FP}referenceYear>", f'"2019"^^<{XSD.gYear}>'), (f"<{FP}status>", f"<{FP}Achieved>"),
                       (f"<{FP}cumulative>", f'"true"^^<{XSD.boolean}>'), (f"<{FP}evidence>", evidence)]  # fmt: skip
            lines += [f"<{ids}observation/{obs}> {p} {o} {graph} ." for p, o in triples]
            lines += [f"{evidence} <{FP}source> {graph} {graph} .",
                      f'{evidence} <{FP}quote> "r{n}: {value}" {graph} .',
                      f'{graph} <{FP}sourceFile> "r{n}.txt" {graph} .']  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _group(sparql: str, start: str) -> str:
    """The braced group of `sparql` that opens at the first "{" from `start` on."""
    opened = sparql.index("{", sparql.index(start))
    depth = 0
    for end in range(opened, len(sparql)):
        depth += {"{": 1, "}": -1}.get(sparql[end], 0)
        if depth == 0:
            return sparql[opened : end + 1]
    raise AssertionError(f"no closing brace after {start!r}")


def _count(sparql: str, group: str, store: ox.Store) -> int:
    counted = run_on(f"PREFIX fp: <{FP}>\nSELECT (COUNT(*) AS ?n) WHERE {group}", store, timeout_s=60)
    return int(counted.rows[0][0])


@pytest.mark.parametrize("stating", [1, 2, 8])
def test_conflicts_of_a_figure_many_reports_state_are_one_row_per_pair_of_statements(
    tmp_path: Path, stating: int
) -> None:
    """Over the union of the reports' graphs a triple that n reports' graphs hold matches n times
    (Oxigraph), so each pattern on the shared figure multiplied the rows by n: minutes at n = 6. Query
    15 gives each of the n statements against the one that disagrees, on both engines; on Oxigraph
    its candidate pairs stay one per pair and the rows it groups n × n (each statement and each
    report stating the figure, for the shared-report count), whatever n."""
    graph = _many_statements(tmp_path / "kg.nq", stating)
    sparql = resolve("15")[1]
    expected = {(f"r{n}.txt", f"r{n}: 163000", "r0.txt", "r0: 159000") for n in range(1, stating + 1)}
    for data in (load_store(graph), load_graph(graph)):
        result = run_on(sparql, data, timeout_s=60)
        cells = [dict(zip(result.columns, map(str, row), strict=True)) for row in result.rows]
        assert len(cells) == stating
        assert {(c["fileA"], c["quoteA"], c["fileB"], c["quoteB"]) for c in cells} == expected
        assert {(c["valueA"], c["valueB"], c["precision"]) for c in cells} == {("163000", "159000", "1000")}
    store = load_store(graph)
    assert _count(sparql, _group(sparql, "SELECT REDUCED ?a ?b") + " ", store) == 1
    grouped = _group(sparql, "AS ?shared)")
    assert _count(sparql, grouped, store) == stating * stating
