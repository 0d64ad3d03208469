"""The open-data linksets shipped in ontology/links/: Wikidata with provenance per link, the 832 national
poverty counties, offline answers on the bundled graph, `fupin link --report`, and an online run against
a local Oxigraph server that confirms or corrects shipped links."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import VOID

from fupin.builder import build_corpus
from fupin.cli import main
from fupin.graph.build import county_iri
from fupin.graph.linksets import ShippedLink, compare, link_statement, shipped_links, wikidata_links
from fupin.graph.query import resolve, run
from fupin.graph.serve import oxigraph_server
from fupin.graph.vocab import DCTERMS, FP, PROV, RDF, SKOS

WD = Namespace("http://www.wikidata.org/entity/")
BUNDLED_ITEMS = {"420302": "Q1199107", "420304": "Q1199133", "420325": "Q1198864"}


@pytest.fixture(scope="module")
def links() -> Graph:
    return shipped_links()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundled") / "fupin-kg.ttl"
    assert not build_corpus([], path).failures
    return path


def test_every_shipped_wikidata_link_has_its_provenance(links: Graph) -> None:
    shipped = wikidata_links(links)
    assert len(shipped) >= 2690
    assert sum(link.cross_checked for link in shipped.values()) == 225
    for code, link in shipped.items():
        assert (county_iri(code), SKOS.exactMatch, URIRef(link.item)) in links, code
        subset = URIRef(link.subset)
        assert links.value(subset, FP.crossChecked) is not None, code
        sources = list(links.objects(subset, PROV.wasDerivedFrom))
        assert sources and all(links.value(s, FP.retrievedOn) is not None for s in sources), code
    assert shipped["420304"].item == str(WD.Q1199133) and shipped["420304"].cross_checked
    assert not shipped["421202"].cross_checked
    checked = URIRef(shipped["420304"].subset)
    assert len(list(links.objects(checked, PROV.wasDerivedFrom))) == 2


def test_counties_with_no_unambiguous_item_are_not_linked(links: Graph) -> None:
    shipped = wikidata_links(links)
    assert "130121" not in shipped  # 井陉县: one of the 153 without an unambiguous item
    assert len({link.item for link in shipped.values()}) == len(shipped)


def test_the_832_poverty_counties_carry_their_batch_year_and_listing(links: Graph) -> None:
    flagged = set(links.subjects(FP.nationalPovertyCounty, Literal(True)))
    assert len(flagged) == 830  # 832 listed; 冷湖行委 and 大柴旦行委 have no GB/T 2260 code
    assert len(set(links.subjects(RDF.type, FP.PovertyCountyListing))) == 832
    for county in flagged:
        year = links.value(county, FP.exitBatchYear)
        assert year is not None and 2016 <= int(str(year)) <= 2020, county
    listing = next(links.subjects(FP.county, county_iri("420304")))
    assert str(links.value(listing, FP.listedName)) == "郧县"
    assert str(links.value(county_iri("420304"), FP.exitBatchYear)) == "2019"
    assert links.value(links.value(listing, VOID.inDataset), FP.crossChecked) is not None
    years = [int(str(links.value(c, FP.exitBatchYear))) for c in flagged]
    assert {y: years.count(y) for y in range(2016, 2021)} == {
        2016: 28,
        2017: 125,
        2018: 283,
        2019: 342,
        2020: 52,
    }


def test_query_10_answers_offline_on_the_bundled_graph(bundled: Path) -> None:
    rows = run(resolve("10")[1], bundled).rows
    assert {(str(r[1]), str(r[3]).rsplit("/", 1)[1]) for r in rows} == set(BUNDLED_ITEMS.items())


def test_the_bundled_graph_holds_every_link_with_provenance(bundled: Path) -> None:
    sparql = """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX void: <http://rdfs.org/ns/void#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX fp: <https://w3id.org/fupin/ontology#>
        SELECT (COUNT(DISTINCT ?county) AS ?n) WHERE {
          ?county skos:exactMatch ?item . FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))
          ?link rdf:subject ?county ; rdf:object ?item ; void:inDataset ?subset .
          ?subset fp:crossChecked ?checked ; prov:wasDerivedFrom ?source .
          ?source fp:retrievedOn ?day .
        }"""
    assert int(run(sparql, bundled).rows[0][0]) >= 2690


def test_link_report_lists_the_unlinked() -> None:
    done = CliRunner().invoke(main, ["link", "--report"])
    assert done.exit_code == 0, done.output
    assert "wikidata: 2698" in done.output and "poverty-832: 830" in done.output
    assert "130121 井陉县" in done.output
    assert "no unambiguous Wikidata item" in done.output


def test_compare_sorts_answers_by_what_they_do_to_the_shipped_links() -> None:
    shipped = {
        "500101": ShippedLink("500101", str(WD.Q1), "s", True),
        "500102": ShippedLink("500102", str(WD.Q2), "s", False),
        "500103": ShippedLink("500103", str(WD.Q3), "s", False),
        "500104": ShippedLink("500104", str(WD.Q4), "s", False),
    }
    answers = {
        "500101": [str(WD.Q1)],
        "500102": [str(WD.Q22)],
        "500103": [],
        "500104": [str(WD.Q4), str(WD.Q44)],
        "500105": [str(WD.Q5)],
    }
    result = compare(answers, shipped)
    assert result.confirmed == ["500101"]
    assert result.corrected == {"500102": (str(WD.Q2), str(WD.Q22))}
    assert result.not_found == ["500103"]
    assert result.ambiguous == {"500104": [str(WD.Q4), str(WD.Q44)]}
    assert result.new == {"500105": str(WD.Q5)}


# Wikidata-shaped statements with the real items of three bundled counties, a wrong one for 房县 and
# none for 远安县: what a live endpoint could answer after Wikidata changed.
ONLINE = """
@prefix wd:   <http://www.wikidata.org/entity/> .
@prefix wdt:  <http://www.wikidata.org/prop/direct/> .
wd:Q1199133 wdt:P442 "420304" .
wd:Q1199107 wdt:P442 "420302000000" .
wd:Q1199132 wdt:P442 "421202" .
wd:Q999999999 wdt:P442 "420325" .
"""


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with oxigraph_server(None) as base:
        request = urllib.request.Request(
            base + "/store?default",
            data=ONLINE.encode(),
            method="POST",
            headers={"Content-Type": "text/turtle"},
        )
        urllib.request.urlopen(request, timeout=10).read()
        yield base + "/query"


def test_an_online_run_confirms_and_corrects_shipped_links(endpoint: str, bundled: Path, tmp_path) -> None:
    out = tmp_path / "links.ttl"
    args = ["link", "wikidata", "--graph", str(bundled), "--endpoint", endpoint, "-o", str(out), "--no-cache"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    assert "3 confirmed, 1 corrected, 0 new, 1 not found" in done.output
    assert f"corrected 420325: {WD.Q1198864} -> {WD.Q999999999}" in done.output
    written = Graph().parse(out)
    activity = written.value(
        URIRef("https://w3id.org/fupin/id/linkset/wikidata-counties"), PROV.wasGeneratedBy
    )
    for code in ("420302", "420304", "421202"):
        assert (link_statement(code), FP.confirmedBy, activity) in written
    assert (link_statement("420325"), FP.correctedBy, activity) in written
    (revision,) = written.subjects(PROV.wasRevisionOf, link_statement("420325"))
    assert written.value(revision, RDF.object) == WD.Q999999999
    assert written.value(revision, PROV.wasGeneratedBy) == activity
    assert any("1 corrected" in str(c) for c in written.objects(activity, DCTERMS.description))


def test_validate_shows_the_poverty_832_universe(bundled: Path) -> None:
    done = CliRunner().invoke(main, ["validate", "--graph", str(bundled), "--universe", "poverty-832"])
    assert done.exit_code == 0, done.output
    view = done.output.split("National poverty counties (832 list)", 1)[1]
    assert "listed with a code: 830" in view and "reported: 2" in view and "no report: 828" in view
    assert "420304  郧阳区  2019" in view and "2020-04-23" in view
    assert "130125 行唐县" in view.split("no report (828):", 1)[1]
    as_json = CliRunner().invoke(
        main, ["validate", "--graph", str(bundled), "--universe", "poverty-832", "--format", "json"]
    )
    doc = json.loads(as_json.output)
    assert doc["universe"]["summary"]["reported"] == 2 and len(doc["universe"]["counties"]) == 830


def test_named_queries_over_the_poverty_counties(bundled: Path) -> None:
    coverage = run(resolve("11")[1], bundled).rows
    assert len(coverage) == 830
    reported = {str(r[1]) for r in coverage if r[4].toPython()}
    assert reported == {"420304", "420325"}
    workshops = run(resolve("12")[1], bundled).rows
    assert {(str(r[1]), str(r[3]), str(r[4]).rsplit("/", 1)[1]) for r in workshops} == {
        ("420304", "2019", "Q1199133"),
        ("420325", "2019", "Q1198864"),
    }
    batches = run(resolve("13")[1], bundled).rows
    assert {(str(r[1]), str(r[3]), str(r[4]), int(r[5]), r[6].toPython()) for r in batches} == {
        ("420304", "2019", "2020-04-23", 1, True),
        ("420325", "2019", "2020-04-21", 1, True),
    }
