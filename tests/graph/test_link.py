"""Counties to Wikidata end to end, against a Wikidata-shaped fixture in a local Oxigraph server, and
the linksets shipped with the project."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef

from fupin.cli import main
from fupin.graph.build import build_dataset, county_iri, load_ontology
from fupin.graph.link import AnswerCache, code_forms, lookup_query, resolve_counties
from fupin.graph.query import QueryError, resolve, run
from fupin.graph.serve import oxigraph_server
from fupin.graph.store import write_graph
from fupin.graph.vocab import DCTERMS, PROV, RDFS, SKOS
from fupin.resources import folder

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "wikidata" / "counties.ttl"
WD = Namespace("http://www.wikidata.org/entity/")
EXPECTED = {
    "420304": "Q900000001",
    "420325": "Q900000002",
    "421202": "Q900000003",
    "420525": "Q900000004",
    "420302": "Q900000005",
}


@pytest.fixture(scope="module")
def wikidata() -> Iterator[str]:
    """A local SPARQL endpoint holding the fixture's Wikidata-shaped statements."""
    with oxigraph_server(None) as base:
        request = urllib.request.Request(
            base + "/store?default",
            data=FIXTURE.read_bytes(),
            method="POST",
            headers={"Content-Type": "text/turtle"},
        )
        urllib.request.urlopen(request, timeout=10).read()
        yield base + "/query"


@pytest.fixture
def graph_file(tmp_path, docs, gazetteer, ontology) -> Path:
    return write_graph(build_dataset(docs, gazetteer=gazetteer, ontology=ontology), tmp_path / "kg.trig")


def test_both_written_forms_of_a_code_are_asked_for():
    assert code_forms("420304") == ("420304", "420304000000")
    query = lookup_query(["420325", "420304"])
    assert '"420304" "420304000000" "420325" "420325000000"' in query
    assert "wdt:P442" in query and "wdt:P1566" in query
    with pytest.raises(ValueError):
        code_forms("4203")


def test_link_wikidata_end_to_end_then_from_the_cache(wikidata, graph_file, tmp_path):
    runner = CliRunner()
    args = [
        "link",
        "wikidata",
        "--graph",
        str(graph_file),
        "--endpoint",
        wikidata,
        "-o",
        str(tmp_path / "links.ttl"),
        "--cache",
        str(tmp_path / "cache"),
        "--batch",
        "2",
    ]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "5 linked" in first.output and "3 queries sent" in first.output
    links = Graph().parse(tmp_path / "links.ttl")
    found = {
        str(s).rsplit("/", 1)[1]: str(o).rsplit("/", 1)[1]
        for s, o in links.subject_objects(SKOS.exactMatch)
        if str(o).startswith(str(WD))
    }
    assert found == EXPECTED
    geonames = {str(o) for o in links.objects(county_iri("420304"), SKOS.exactMatch)} - {str(WD.Q900000001)}
    assert geonames == {"https://sws.geonames.org/900000101/"}
    assert not set(links.objects(county_iri("420325"), SKOS.exactMatch)) - {WD.Q900000002}
    linkset = URIRef("https://w3id.org/fupin/id/linkset/wikidata-counties")
    assert (linkset, DCTERMS.source, URIRef(wikidata)) in links
    activity = links.value(linkset, PROV.wasGeneratedBy)
    assert links.value(activity, PROV.endedAtTime) is not None
    assert len(list(links.objects(activity, RDFS.comment))) == 3

    second = runner.invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "0 queries sent, 3 answered from cache" in second.output


def test_a_second_run_asks_nothing_even_when_the_endpoint_is_gone(tmp_path):
    asked: list[str] = []

    def runner(sparql: str, endpoint: str):
        asked.append(sparql)
        return run(sparql, tmp_path / "wd.ttl")

    (tmp_path / "wd.ttl").write_bytes(FIXTURE.read_bytes())
    cache = AnswerCache(tmp_path / "cache")
    first = resolve_counties(EXPECTED, "http://wikidata.invalid/sparql", cache=cache, runner=runner)
    assert len(asked) == 1 and {x.code: x.item.rsplit("/", 1)[1] for x in first.links} == EXPECTED

    def down(sparql: str, endpoint: str):
        raise QueryError("endpoint down")

    again = resolve_counties(EXPECTED, "http://wikidata.invalid/sparql", cache=cache, runner=down)
    assert again.asked == 0 and again.links == first.links


def test_codes_wikidata_does_not_know_are_reported(tmp_path):
    (tmp_path / "wd.ttl").write_bytes(FIXTURE.read_bytes())
    report = resolve_counties(["420304", "110101"], "x", runner=lambda q, e: run(q, tmp_path / "wd.ttl"))
    assert report.missing == ["110101"]
    assert [link.code for link in report.links] == ["420304"]


def test_the_linkset_lets_query_10_answer_wikidata_items_of_workshop_counties(
    wikidata, docs, gazetteer, ontology, tmp_path
):
    graph = write_graph(build_dataset(docs, gazetteer=gazetteer, ontology=ontology), tmp_path / "kg.trig")
    out = tmp_path / "links.ttl"
    done = CliRunner().invoke(
        main,
        ["link", "wikidata", "--graph", str(graph), "--endpoint", wikidata, "-o", str(out), "--no-cache"],
    )
    assert done.exit_code == 0, done.output
    linked = build_dataset(docs, gazetteer=gazetteer, ontology=ontology + Graph().parse(out))
    kg = write_graph(linked, tmp_path / "linked.trig")
    _title, sparql = resolve("10")
    rows = run(sparql, kg).rows
    workshop_counties = {str(r[1]) for r in run(resolve("01")[1], kg).rows}
    assert workshop_counties >= {"420304", "420325"}
    assert {(str(r[1]), str(r[3]).rsplit("/", 1)[1]) for r in rows} == {
        (code, EXPECTED[code]) for code in workshop_counties
    }


def test_shipped_linksets_are_in_every_build_and_point_where_they_claim():
    links = sorted((folder("ontology") / "links").glob("*.ttl"))
    assert {p.name for p in links} >= {"sdg.ttl", "wikidata-counties.ttl"}
    ontology = load_ontology()
    for path in links:
        shipped = Graph().parse(path)
        assert set(shipped) <= set(ontology), f"{path.name} is not loaded into built graphs"
        for predicate in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch):
            for _s, target in shipped.subject_objects(predicate):
                text = str(target)
                assert (
                    re.fullmatch(r"http://www\.wikidata\.org/entity/Q\d+", text)
                    or re.fullmatch(r"https://sws\.geonames\.org/\d+/", text)
                    or re.fullmatch(
                        r"http://metadata\.un\.org/sdg/(\d+(\.[0-9a-z]+)?|C\d{2}[0-9a-z]{2}\d{2})", text
                    )
                ), text
    fpi = Namespace("https://w3id.org/fupin/indicator/")
    assert (
        fpi["poverty-incidence"],
        SKOS.closeMatch,
        URIRef("http://metadata.un.org/sdg/C010201"),
    ) in ontology
    assert (fpi["poverty-incidence"], SKOS.notation, Literal("poverty-incidence")) in ontology
