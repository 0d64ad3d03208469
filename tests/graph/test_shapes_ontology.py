"""Every ontology shape (shapes/ontology.ttl) on a small ontology that passes and one that fails it; and
the packaged ontology passes them all."""

from __future__ import annotations

import pytest
from rdflib import Graph
from test_shapes_structure import PREFIXES, Case, add, drop, reported_shapes, shapes

from fupin.graph.build import load_ontology
from fupin.graph.validate import validate

ONTOLOGY = """
fpm:scheme a skos:ConceptScheme . fpi:scheme a skos:ConceptScheme .
fpu:scheme a skos:ConceptScheme . fpl:scheme a skos:ConceptScheme .
fpm:workshop a skos:Concept ; skos:inScheme fpm:scheme ; skos:notation "workshop" ;
    skos:prefLabel "扶贫车间"@zh, "poverty-alleviation workshop"@en ; skos:altLabel "扶贫作坊"@zh .
fpu:workshop a skos:Concept ; skos:inScheme fpu:scheme ; skos:notation "workshop" ;
    skos:prefLabel "车间"@zh, "workshop"@en .
fpi:lifted-population a skos:Concept ; skos:inScheme fpi:scheme ; skos:notation "lifted-population" ;
    skos:prefLabel "脱贫人口"@zh, "population lifted out of poverty"@en .
fpl:target-marker a skos:Concept ; skos:inScheme fpl:scheme ; skos:notation "target-marker" ;
    skos:prefLabel "目标标记"@zh, "target marker"@en .
"""
SPARQL_PREFIXES = PREFIXES + "PREFIX fpl: <https://w3id.org/fupin/lexicon/>\n"


def ontology(update: str = "") -> Graph:
    turtle = SPARQL_PREFIXES.replace("PREFIX", "@prefix").replace(">", "> .") + ONTOLOGY
    data = Graph().parse(data=turtle, format="turtle")
    if update:
        data.update(SPARQL_PREFIXES + update)
    return data


def found(data: Graph) -> set[tuple[str, str]]:
    return {(r.shape, r.focus) for r in validate(data, shapes("ontology.ttl")).results}


def twin(iri: str, scheme: str, notation: str) -> str:
    """A second, otherwise valid concept with `notation` in `scheme`."""
    return add(
        f'{iri} a skos:Concept ; skos:inScheme {scheme} ; skos:notation "{notation}" ; '
        f'skos:prefLabel "另一个"@zh, "another"@en'
    )


CASES = [
    Case("fpsh:Concept-notation", "fpm:workshop", drop("fpm:workshop", "skos:notation")),
    Case(
        "fpsh:Concept-prefLabel-zh",
        "fpm:workshop",
        'DELETE DATA { fpm:workshop skos:prefLabel "扶贫车间"@zh }',
        'DELETE DATA { fpm:workshop skos:prefLabel "扶贫车间"@zh } ; '
        'INSERT DATA { fpm:workshop skos:prefLabel "扶贫车间"@zh-Hans }',
    ),
    Case(
        "fpsh:Concept-prefLabel-en",
        "fpm:workshop",
        'DELETE DATA { fpm:workshop skos:prefLabel "poverty-alleviation workshop"@en }',
    ),
    Case(
        "fpsh:Concept-prefLabel-unique",
        "fpm:workshop",
        add('fpm:workshop skos:prefLabel "扶贫作坊"@zh'),
        add('fpm:workshop skos:altLabel "就业车间"@zh'),
    ),
    Case("fpsh:Concept-scheme", "fpm:workshop", drop("fpm:workshop", "skos:inScheme")),
    Case(
        "fpsh:Notation-unique-measure",
        "workshop",
        twin("fpm:workshop-2", "fpm:scheme", "workshop"),
        twin("fpm:workshop-2", "fpm:scheme", "workshop-2"),
    ),
    Case(
        "fpsh:Notation-unique-indicator",
        "lifted-population",
        twin("fpi:lifted", "fpi:scheme", "lifted-population"),
        twin("fpm:lifted", "fpm:scheme", "lifted-population"),
    ),
    Case("fpsh:Notation-unique-unit", "workshop", twin("fpu:shop", "fpu:scheme", "workshop")),
    Case(
        "fpsh:Notation-unique-lexicon",
        "target-marker",
        twin("fpl:target", "fpl:scheme", "target-marker"),
        twin("fpl:target", "fpl:scheme", "goal-marker"),
    ),
]


def test_the_small_ontology_passes_every_ontology_shape():
    assert found(ontology()) == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_an_ontology_passes_the_shape(case):
    assert found(ontology(case.passes)) == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_an_ontology_fails_the_shape_on_the_edited_node(case):
    assert found(ontology(case.fail)) == {(case.shape, case.focus)}


def test_every_ontology_shape_has_a_case():
    assert reported_shapes(shapes("ontology.ttl")) == {c.shape for c in CASES}


def test_the_packaged_ontology_passes():
    report = validate(load_ontology(), shapes("ontology.ttl"))
    assert report.results == []
