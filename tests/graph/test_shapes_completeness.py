"""Every completeness shape (shapes/completeness.ttl) on a graph that passes and one that fails it, and
the per-county completeness table of `fupin.graph.completeness`."""

from __future__ import annotations

import pytest
from rdflib import Graph
from sample_facts import MAOJIAN, XIANAN, YUANAN
from test_shapes_structure import Case, add, drop, found, graph, reported_shapes, shapes, swap

from fupin.graph.build import build_dataset, load_ontology
from fupin.graph.completeness import CONTRACT_INDICATORS, FIVE_BATCHES, county_completeness, five_batch_groups
from fupin.graph.validate import validate
from fupin.graph.vocab import FPM, SKOS

GROUP_SHAPES = {
    "fpsh:County-industry": "fpd:i0",
    "fpsh:County-relocation": "fpd:i1",
    "fpsh:County-eco-compensation": "fpd:i2",
    "fpsh:County-education": "fpd:i3",
    "fpsh:County-social-security": "fpd:i4",
}
NO_GROUPS = "; ".join(swap(f"fpd:i{n}", "fp:measure", "fpm:workshop") for n in range(5))

CASES = [
    Case(
        "fpsh:County-liftedPopulation",
        "fpd:c0",
        swap("fpd:o0", "fp:status", "fp:Target"),
        drop("fpd:o0", "fp:status"),
    ),
    Case("fpsh:County-hasExitDate", "fpd:c0", drop("fpd:c0", "fp:exitDate")),
    Case(
        "fpsh:County-fiveBatches",
        "fpd:c0",
        NO_GROUPS,
        NO_GROUPS.split("; ", 1)[1],
        also=frozenset((shape, "fpd:c0") for shape in GROUP_SHAPES),
    ),
    *(
        Case(
            shape, "fpd:c0", swap(node, "fp:measure", "fpm:workshop"), add(f"{node} fp:measure fpm:workshop")
        )
        for shape, node in GROUP_SHAPES.items()
    ),
    Case("fpsh:Report-hasTitle", "fpd:r0", drop("fpd:r0", "dcterms:title")),
    Case("fpsh:Report-hasDate", "fpd:r0", drop("fpd:r0", "fp:publicationDate")),
    Case(
        "fpsh:Enterprise-intervention",
        "fpd:x0",
        drop("fpd:i0", "fp:partner"),
        drop("fpd:i0", "fp:partner") + "; " + add("fpd:i3 fp:partner fpd:x0"),
    ),
    Case("fpsh:Fact-county", "fpd:g0", drop("fpd:g0", "fp:county")),
    Case(
        "fpsh:ObservationAttributionShape",
        "fpd:o0",
        drop("fpd:o0", "fp:county"),
        drop("fpd:o0", "fp:county") + "; " + add('fpd:o0 fp:place fpd:t0 . fpd:t0 rdfs:label "谭家湾镇"@zh'),
        also=frozenset({("fpsh:County-liftedPopulation", "fpd:c0")}),
    ),
]


def test_the_base_graph_is_complete():
    assert found(graph(), "completeness.ttl") == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_a_graph_passes_the_shape(case):
    """Exactly the shape under test passes (one group left passes the five-batches shape, not the others)."""
    assert found(graph(case.passes), "completeness.ttl") <= case.also


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_a_graph_fails_the_shape_on_the_edited_node(case):
    assert found(graph(case.fail), "completeness.ttl") == {(case.shape, case.focus)} | case.also


def test_every_completeness_shape_has_a_case():
    assert reported_shapes(shapes("completeness.ttl")) == {c.shape for c in CASES}


def test_gaps_are_warnings_or_infos_never_violations():
    report = validate(graph(NO_GROUPS + "; " + drop("fpd:c0", "fp:exitDate")), shapes("completeness.ttl"))
    assert report.conforms
    assert {r.severity for r in report.results} == {"Warning", "Info"}


def test_the_shapes_five_groups_are_the_ontology_collection():
    ontology = load_ontology()
    members = {str(m)[len(str(FPM)) :] for m in ontology.objects(FPM["five-batches"], SKOS.member)}
    assert members == set(FIVE_BATCHES) == set(five_batch_groups(ontology))
    text = shapes("completeness.ttl").serialize(format="turtle")
    assert all(f"fpm:{g}" in text or str(FPM[g]) in text for g in members)
    assert {s.removeprefix("fpsh:County-") for s in GROUP_SHAPES} == members


def test_the_table_counts_achieved_figures_groups_by_broader_and_the_exit_date():
    [row] = county_completeness(graph())
    assert (row.code, row.name, row.exit_date, row.lifted_population) == ("420304", "郧阳区", True, True)
    assert all(row.five_batches_present.values())
    assert [k for k, v in row.indicators_present.items() if v] == ["lifted-population"]
    assert list(row.indicators_present) == list(CONTRACT_INDICATORS)
    assert row.score == pytest.approx(7 / 26, abs=1e-3)

    [target] = county_completeness(graph(swap("fpd:o0", "fp:status", "fp:Target") + "; " + NO_GROUPS))
    assert not target.lifted_population and not target.indicators_present["lifted-population"]
    assert not any(target.five_batches_present.values())
    assert target.missing[-1] == "exit-date" or target.exit_date


def test_the_sample_counties_gaps(docs, gazetteer, ontology):
    rows = {
        r.code: r for r in county_completeness(build_dataset(docs, gazetteer=gazetteer, ontology=ontology))
    }
    assert {c for c, r in rows.items() if not r.lifted_population} == {XIANAN, YUANAN}
    assert {c for c, r in rows.items() if not r.exit_date} == {XIANAN, YUANAN, MAOJIAN}
    assert rows[XIANAN].name == "咸安区"


def test_a_plain_graph_without_counties_gives_no_rows():
    assert county_completeness(Graph()) == []
