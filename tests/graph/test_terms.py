"""graph/terms.py: the N-Triples text of `LineTerms` is, term for term, what the writer writes for the
rdflib node `RdfTerms` makes, so a report written straight to lines is the report an rdflib graph holds."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset, Literal
from sample_facts import sample_docs

from fupin.graph import build as build_module
from fupin.graph import vocab
from fupin.graph.build import add_document, document_lines, report_iri
from fupin.graph.history import former_divisions
from fupin.graph.terms import WRITTEN, LineTerms, RdfTerms, decimal_literal, decimal_text
from fupin.graph.writer import LineGraph, _trig_quads, lines, records, term

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(TEXT)
def test_string_literals_are_quoted_as_the_writer_quotes_rdflib_literals(text):
    assert LineTerms.text(text) == term(RdfTerms.text(text))
    assert LineTerms.zh(text) == term(RdfTerms.zh(text))


@given(st.integers(min_value=0, max_value=10**7))
def test_offsets_are_rdflib_integers(value):
    assert LineTerms.integer(value) == term(RdfTerms.integer(value))


@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9),
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(),
    )
)
def test_decimals_are_rdflib_decimals_in_canonical_form(value):
    """Written without making the rdflib literal: confidences are floats, figures decimals."""
    assert LineTerms.decimal(value) == term(RdfTerms.decimal(value))


@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False),
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(),
    )
)
def test_a_decimals_text_is_the_lexical_form_of_its_rdflib_literal(value):
    """An observation's identity hashes `decimal_text`, where it hashed the rdflib literal's text."""
    assert decimal_text(value) == str(Literal(decimal_text(value), datatype=vocab.XSD.decimal))
    assert decimal_text(value) == str(decimal_literal(value))


@given(st.integers(min_value=1, max_value=9999), st.dates())
def test_years_dates_and_true_are_rdflib_literals(year, day):
    assert LineTerms.year(year) == term(RdfTerms.year(year))
    assert LineTerms.date(day) == term(RdfTerms.date(day))
    assert LineTerms.true == term(RdfTerms.true)
    assert LineTerms.decimal(Decimal("0.0000001")) == term(RdfTerms.decimal(Decimal("0.0000001")))
    assert LineTerms.date(date(2019, 4, 29)) == '"2019-04-29"^^<http://www.w3.org/2001/XMLSchema#date>'


def test_constants_and_instance_iris_are_the_rdflib_iris():
    assert LineTerms.FP.quote == term(RdfTerms.FP.quote)
    assert LineTerms.RDF.type == term(RdfTerms.RDF.type)
    assert LineTerms.FPD["county/420304"] == term(RdfTerms.FPD["county/420304"])
    assert LineTerms.iri("https://w3id.org/fupin/id/report/x") == term(
        RdfTerms.iri("https://w3id.org/fupin/id/report/x")
    )


def test_every_sample_report_written_as_lines_is_the_rdflib_graph_of_it():
    """Including 郧阳区's report, whose quotes name the county by its former name 郧县 (the marks are
    written from the quotes the writer collected, not read back from a graph)."""
    assert former_divisions().get("420304")
    for doc in sample_docs():
        ds = Dataset()
        graph = ds.graph(report_iri(doc.report.source, doc.report.sha256))
        counties = add_document(graph, doc)
        written, line_counties = document_lines(doc, min_confidence=0.0)
        assert sorted(written) == sorted(set(lines(graph)))
        assert line_counties == counties


SENTENCES = [
    "2019年全县建档立卡贫困人口减少1.63万人，贫困发生率降至0.8%。",
    '郧阳区新建扶贫车间42个，带动"贫困户"就业\n1200余人。',
    "湖北裕佳菇业有限公司吸纳贫困劳动力\\就业。",
]
TRIPLE = st.tuples(
    st.sampled_from([LineTerms.FPD["report/a"], LineTerms.FPD["evidence/b"]]),
    st.sampled_from([LineTerms.FP.quote, LineTerms.RDF.type, LineTerms.FP.start]),
    st.one_of(
        st.sampled_from(SENTENCES).map(LineTerms.text), TEXT.map(LineTerms.zh), st.just(LineTerms.FP.Report)
    ),
)


OWN = st.tuples(
    st.sampled_from([LineTerms.FPD["evidence/c"], LineTerms.FPD["evidence/d"]]),
    st.sampled_from([LineTerms.FP.quote, LineTerms.RDF.type, LineTerms.FP.formerNameUsed]),
    st.one_of(st.sampled_from(SENTENCES).map(LineTerms.text), st.just(LineTerms.FP.Evidence)),
)


@given(
    st.lists(TRIPLE, max_size=12),
    st.lists(OWN, max_size=12),
    st.sampled_from(["nt", "nquads", "trig", "turtle"]),
    st.booleans(),
)
def test_a_line_graphs_records_sorted_are_its_lines_made_records_one_by_one(triples, own, fmt, named):
    """`LineGraph.records` makes each kept triple a record and each own node's lines one record; the
    long way turns each N-Triples line into a record (`writer.records`). Sorted, the two are the same
    lines (TriG's read back as N-Quads), and the records' extra lines are the difference."""
    graph, name = LineGraph(), ("https://w3id.org/fupin/id/report/a" if named else None)
    for triple in triples:
        graph.add(triple)
    for subject, predicate, obj in own:
        graph.add_own(subject, [(predicate, obj)])
    found, extra = graph.records(name, fmt)
    one_by_one = set(records(graph.lines(), name, fmt))
    assert b"".join(_trig_quads(sorted(found))) == b"".join(_trig_quads(sorted(one_by_one)))
    assert len(found) + extra == len(one_by_one) == len(graph) == len(set(triples) | set(own))
    # made unique as triples, the long way as lines
    plain = list(dict.fromkeys(f"{' '.join(t)} .\n".encode() for t in triples))
    assert graph.lines()[: len(plain)] == plain


def test_every_name_the_mapping_writes_is_a_line_namespace_attribute_and_rdflibs_term():
    """`LineNamespace` makes no name on demand: each `FP.name` … that graph/build.py reads must be
    one of `WRITTEN`, and each is the text of the rdflib term of the same name."""
    source = Path(build_module.__file__).read_text(encoding="utf-8")
    for namespace, names in WRITTEN.items():
        used = set(re.findall(rf"\b{namespace}\.([A-Za-z_]\w*)", source))
        assert used <= set(names), used - set(names)
        for name in names:
            assert getattr(getattr(LineTerms, namespace), name) == term(
                getattr(getattr(RdfTerms, namespace), name)
            )
