"""The fast SHACL engine (`shacl`, Rust, with SHACL-SPARQL constraints as SPARQL on Oxigraph) gives
exactly pyshacl's results: on every shape fixture of the shape tests (each passing and failing graph)
and on the bundled reports' graph, handed over as a Graph and as the file `fupin validate` reads.

Two comparisons: the engines' raw results (focus node, path, severity, constraint component, source
shape) and the `Result` records `fupin validate` prints (which add the message, label and quote).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import test_shapes_completeness as completeness
import test_shapes_ontology as ontology
import test_shapes_structure as structure
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, URIRef
from test_shapes_opendata import with_exit

from fupin.graph import writer
from fupin.graph.completeness import county_completeness
from fupin.graph.linksets import links_folder, shipped_links
from fupin.graph.sparql_constraints import sparql_results, supported
from fupin.graph.validate import (
    ENGINES,
    engine_report,
    load_shapes,
    open_graph,
    split_sparql_shapes,
    validate,
)
from fupin.graph.vocab import SH


@cache
def shapes(name: str | None = None) -> Graph:
    return load_shapes(name) if name else load_shapes()


def _name(term) -> str:
    return "_:" if isinstance(term, BNode) else term.n3()


def _pyshacl_path(results: Graph, path) -> str:
    """pyshacl's result path in the SPARQL syntax the `shacl` engine writes."""
    if isinstance(path, URIRef):
        return path.n3()
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _pyshacl_path(results, inverse)
    inner = results.value(path, SH.zeroOrMorePath)
    if inner is not None:
        return f"({_pyshacl_path(results, inner)})*"
    from rdflib.collection import Collection

    return "(" + "/".join(_pyshacl_path(results, p) for p in Collection(results, path)) + ")"


def raw_pyshacl(data: Graph, shapes_graph: Graph) -> set[tuple]:
    _, results, _ = pyshacl_validate(
        data, shacl_graph=shapes_graph, inference="none", allow_warnings=True, allow_infos=True
    )
    found = set()
    for node in results.subjects(SH.focusNode, None):
        path = results.value(node, SH.resultPath)
        found.add(
            (
                _name(results.value(node, SH.focusNode)),
                _pyshacl_path(results, path) if path is not None else None,
                str(results.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
                str(results.value(node, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
                _name(results.value(node, SH.sourceShape)),
            )
        )
    return found


def raw_sparql(data: Graph, shapes_graph: Graph) -> set[tuple]:
    """The SPARQL-based shapes' results as Oxigraph gives them (`fupin.graph.sparql_constraints`)."""
    store = ox.Store()
    store.load(b"".join(writer.lines(data)), format=ox.RdfFormat.N_TRIPLES)
    return {
        (_name(r.focus), None, str(r.severity).rsplit("#", 1)[-1], r.component, _name(r.shape))
        for r in sparql_results(store, shapes_graph)
    }


def raw_shacl(data: Graph, shapes_graph: Graph) -> set[tuple]:
    """The engine's results on the core shapes, Oxigraph's on the SPARQL-based ones (as `validate`)."""
    core, sparql = split_sparql_shapes(shapes_graph)
    assert all(supported(sparql, s) for s in sparql.subjects(SH.sparql, None))
    return raw_sparql(data, sparql) | {
        (
            "_:" if r.focus_node.startswith("_:") else r.focus_node,
            r.path,
            r.severity,
            r.component,
            "_:" if (r.source_shape or "").startswith("_:") else r.source_shape,
        )
        for r in engine_report(data, core).results
    }


def fixtures() -> list[tuple[str, str, Graph]]:
    """(id, shapes file, data graph) of every graph the shape tests validate."""
    cases = [("structure-base", "structure.ttl", structure.graph())]
    for module, name in ((structure, "structure.ttl"), (completeness, "completeness.ttl")):
        for case in module.CASES:
            cases.append((f"{case.shape}-fails", name, structure.graph(case.fail)))
            cases.append((f"{case.shape}-passes", name, structure.graph(case.passes)))
    cases.append(("ontology-base", "ontology.ttl", ontology.ontology()))
    for case in ontology.CASES:
        cases.append((f"{case.shape}-fails", "ontology.ttl", ontology.ontology(case.fail)))
        cases.append((f"{case.shape}-passes", "ontology.ttl", ontology.ontology(case.passes)))
    listed = shipped_links(links_folder().glob("poverty-*.ttl"))
    for code, day in (("520423", "2021-03-01"), ("520423", "2018-09-30")):
        cases.append(
            (f"opendata-{day}", "opendata.ttl", with_exit(listed, code, "镇宁布依族苗族自治县", day))
        )
    return cases


FIXTURES = fixtures()


@pytest.mark.parametrize(("shapes_file", "data"), [c[1:] for c in FIXTURES], ids=[c[0] for c in FIXTURES])
def test_both_engines_give_the_same_results_on_the_shape_fixtures(shapes_file, data):
    assert raw_shacl(data, shapes(shapes_file)) == raw_pyshacl(data, shapes(shapes_file))
    for lang in ("en", "zh"):
        by_engine = [validate(data, shapes(shapes_file), lang=lang, engine=e).results for e in ENGINES]
        assert by_engine[0] == by_engine[1]


def test_the_fixtures_fail_somewhere():
    """The comparison means something only if the fixtures raise results of every severity."""
    severities = {r[2] for _, name, data in FIXTURES for r in raw_pyshacl(data, shapes(name))}
    assert severities == {"Violation", "Warning", "Info"}


def test_the_sparql_shape_warns_on_a_fixture():
    """The Oxigraph run of the SPARQL-based shape is compared on a graph where it finds something."""
    found = [
        r for _, name, data in FIXTURES if name == "opendata.ttl" for r in raw_sparql(data, shapes(name))
    ]
    assert [r[3] for r in found] == ["SPARQLConstraintComponent"]


@pytest.fixture(scope="module")
def bundled_file(tmp_path_factory) -> Path:
    from fupin.builder import build_corpus

    out = tmp_path_factory.mktemp("bundled") / "kg.nq"
    build_corpus([], out)
    return out


@pytest.fixture(scope="module")
def bundled(bundled_file) -> Graph:
    from fupin.graph.store import load_graph, union_graph

    return union_graph(load_graph(bundled_file))


def test_both_engines_give_the_same_results_on_the_bundled_graph(bundled):
    assert raw_shacl(bundled, shapes()) == raw_pyshacl(bundled, shapes())
    reports = [validate(bundled, shapes(), engine=e) for e in ENGINES]
    assert reports[0].results == reports[1].results and reports[0].results
    assert reports[0].conforms == reports[1].conforms


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        validate(Graph(), shapes("structure.ttl"), engine="jena")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_file_as_fupin_validate_reads_it_gives_the_same_report_and_completeness(
    bundled, bundled_file, lang
):
    """`open_graph` hands the `shacl` engine an Oxigraph view of the file, pyshacl an rdflib graph."""
    views = {engine: open_graph(bundled_file, engine) for engine in ENGINES}
    reports = [validate(views[e], lang=lang, engine=e).results for e in ENGINES]
    assert reports[0] == reports[1] == validate(bundled, lang=lang, engine="pyshacl").results
    assert county_completeness(views["shacl"]) == county_completeness(bundled)
