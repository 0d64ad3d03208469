"""The direct writer (graph/writer.py): the same lines rdflib's serializers write, without a Dataset.

The reference is rdflib's own N-Triples / N-Quads output, cleaned up as the project always did (one
space before the final dot, sorted, unique): the files the builder writes from plain terms must be
those bytes, and Turtle/TriG written from the same lines must hold the same quads.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from sample_facts import STAND_IN_ONTOLOGY, StandInGazetteer, sample_docs

from fupin.graph.build import add_document, build_dataset, document_lines, report_iri
from fupin.graph.store import load_graph, render, write_graph
from fupin.graph.vocab import XSD
from fupin.graph.writer import Triples, _distinct, lines

EX = "https://example.org/"


def rdflib_lines(data: Dataset | Graph, fmt: str) -> bytes:
    """What the project wrote before the direct writer: rdflib's lines, cleaned, sorted, unique."""
    text = data.serialize(format=fmt, encoding="utf-8").decode("utf-8")
    cleaned = {re.sub(r"\s+\.$", " .", line) for line in text.splitlines() if line.strip()}
    return "".join(line + "\n" for line in sorted(cleaned)).encode("utf-8")


def dataset() -> Dataset:
    ontology = Graph().parse(data=STAND_IN_ONTOLOGY, format="turtle")
    return build_dataset(sample_docs(), gazetteer=StandInGazetteer(), ontology=ontology)


AWKWARD = [
    Literal('他说："脱贫"\\n'),
    Literal("两行\n文字\r\n"),
    Literal("郧阳区", lang="zh"),
    Literal("163000", datatype=XSD.decimal),
    Literal(True),
    Literal("tab\there"),
    BNode("cb0abc"),
    URIRef(EX + "county/420304"),
]


@pytest.mark.parametrize("fmt", ["nt", "nquads"])
def test_awkward_terms_are_written_as_rdflib_writes_them(fmt):
    ds = Dataset()
    graph = ds.graph(URIRef(EX + "g")) if fmt == "nquads" else ds.default_graph
    for n, obj in enumerate(AWKWARD):
        graph.add((URIRef(f"{EX}s{n}"), URIRef(EX + "p"), obj))
    assert b"".join(render(ds, fmt)) == rdflib_lines(ds if fmt == "nquads" else graph, fmt)


@pytest.mark.parametrize("fmt", ["nt", "nquads"])
def test_a_built_dataset_is_the_bytes_rdflib_wrote(fmt):
    ds = dataset()
    reference = rdflib_lines(ds if fmt == "nquads" else _union(ds), fmt)
    assert b"".join(render(ds, fmt)) == reference


def test_a_report_written_from_plain_triples_is_the_report_an_rdflib_graph_holds():
    doc = sample_docs()[0]
    ds = Dataset()
    add_document(ds.graph(report_iri(doc.report.source, doc.report.sha256)), doc)
    plain = Triples()
    add_document(plain, doc)
    assert set(plain) == set(_union(ds))
    assert sorted(document_lines(doc, min_confidence=0.0)[0]) == sorted(set(lines(_union(ds))))


@pytest.mark.parametrize("suffix", [".ttl", ".trig"])
def test_turtle_and_trig_hold_the_quads_of_the_line_formats(tmp_path, suffix):
    ds = dataset()
    loaded = load_graph(write_graph(ds, tmp_path / f"g{suffix}"))
    if suffix == ".ttl":
        assert isomorphic(_union(loaded), _union(ds))
    else:
        assert set(loaded.quads()) == set(ds.quads())


def test_trig_puts_the_default_graph_first_and_reports_in_iri_order(tmp_path):
    text = write_graph(dataset(), tmp_path / "g.trig").read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if line and not line.startswith("@prefix")]
    names = [line.split(" {")[0] for line in body if line.endswith(" {")]
    assert not body[0].endswith(" {"), "the default graph's triples come first"
    assert names == sorted(names) and names


def _union(ds: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


LINES = st.lists(
    st.sampled_from(
        [
            '<https://w3id.org/fupin/id/evidence/a> <https://w3id.org/fupin/ontology#quote> "郧阳区新建扶贫车间42个" .\n',
            '<https://w3id.org/fupin/id/evidence/a> <https://w3id.org/fupin/ontology#quote> "郧阳区新建扶贫车间42个，" .\n',
            "<https://w3id.org/fupin/id/county/420304> <http://www.w3.org/2000/01/rdf-schema#label> \"郧阳区\"@zh .\n",
        ]
    ).map(str.encode)
    | st.text(max_size=12).map(lambda t: (t + "\n").encode()),
    max_size=30,
)


@given(LINES)
def test_a_sorted_block_less_its_neighbour_repeats_is_its_lines_each_once(block):
    """`_distinct` drops a line equal to the one before; the long way keeps the first of each."""
    ordered = sorted(block)
    assert _distinct(ordered) == list(dict.fromkeys(ordered))
