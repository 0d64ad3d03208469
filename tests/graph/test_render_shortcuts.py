"""The shortcuts of a report's rendering, each against the long way: facts grouped by their own type
(one pass) are the groups asking every fact `isinstance` of each mapping's kind gives, the cached
stated precision is the computed one whichever spelling of a value came first, an evidence IRI spelled
as one format is its `short_hash`, a cue found by one search is the cue found in the cut-out clause,
and an own node's lines kept in the order given are its lines sorted."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import get_args

from hypothesis import given
from hypothesis import strategies as st
from sample_facts import sample_docs

from fupin.extract.facts import Evidence, Fact, ObservationFact
from fupin.graph.build import (
    MAPPINGS,
    _add_document,
    _by_kind,
    _evidence_name,
    _group,
    document_lines,
    report_iri,
    short_hash,
)
from fupin.graph.corpus import corpus_words, is_cumulative, stated_precision
from fupin.graph.terms import LineTerms
from fupin.graph.writer import LineGraph, own_lines


def test_every_fact_type_is_the_kind_of_exactly_one_mapping() -> None:
    kinds = [mapping.kind for mapping in MAPPINGS]
    assert sorted(k.__name__ for k in kinds) == sorted(k.__name__ for k in get_args(Fact))
    assert not [(a, b) for a in kinds for b in kinds if a is not b and issubclass(a, b)]


def test_grouping_by_type_is_grouping_by_isinstance() -> None:
    for doc in sample_docs():
        kinds = _by_kind(doc.facts)
        for mapping in MAPPINGS:
            long_way: dict[tuple, list] = {}
            for fact in doc.facts:
                if isinstance(fact, mapping.kind):
                    long_way.setdefault(mapping.key(fact), []).append(fact)
            grouped = _group(kinds.get(mapping.kind, ()), mapping)
            assert list(grouped.items()) == list(long_way.items())


VALUES = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**7), max_value=10**7)
SCALES = st.sampled_from(["", "万", "亿", "%", "万人", "户"])


@given(VALUES, SCALES, st.integers(min_value=-3, max_value=3))
def test_the_cached_stated_precision_is_the_computed_one_for_any_spelling(
    value: Decimal, scale: str, shift: int
) -> None:
    """Equal values spelled differently (1000, 1E+3, 1000.00) share a cache entry: the step must be
    the same number and the same text as each spelling's own."""
    figure = f"{value}{scale}"
    spellings = [
        value,
        value.normalize(),
        value.quantize(Decimal(1).scaleb(-3)),
        value.scaleb(shift).scaleb(-shift),
    ]
    for spelled in spellings:
        for text in (figure, None, "两万"):
            cached, computed = stated_precision(spelled, text), stated_precision.__wrapped__(spelled, text)
            assert cached == computed
            assert str(cached) == str(computed)


def test_a_subclass_of_a_record_type_is_grouped_with_the_kind_it_derives_from() -> None:
    """A record extended elsewhere (a subclass with a field of its own) renders as its base kind, as
    `isinstance` places it, not as a type of its own that no mapping writes."""
    doc = sample_docs()[0]
    first = doc.facts[0]

    @dataclasses.dataclass(frozen=True, order=True)
    class Noted(type(first)):  # type: ignore[misc]
        note: str = "据统计"

    noted = Noted(**{f.name: getattr(first, f.name) for f in dataclasses.fields(first)})
    kinds = _by_kind([noted, *doc.facts[1:]])
    assert Noted not in kinds
    assert kinds[type(first)][0] is noted


EVIDENCE = st.builds(
    Evidence,
    source=st.just("report.txt"),
    start=st.integers(min_value=0, max_value=10**6),
    end=st.integers(min_value=0, max_value=10**6),
    quote=st.text(max_size=8),
    rule=st.text(max_size=12),
    confidence=st.one_of(st.floats(allow_nan=False), st.decimals(allow_nan=False), st.integers(0, 1)),
    figure_start=st.none() | st.integers(min_value=0, max_value=10**6),
    figure_end=st.none() | st.integers(min_value=0, max_value=10**6),
)


@given(EVIDENCE, st.text(max_size=30))
def test_an_evidence_nodes_name_is_the_short_hash_of_its_fields(ev: Evidence, iri: str) -> None:
    """The one-format spelling of the evidence IRI against the generic `short_hash` it replaced."""
    figure = () if ev.figure_start is None else (ev.figure_start, ev.figure_end)
    long_way = short_hash(iri, ev.start, ev.end, ev.rule, ev.confidence, *figure)
    assert _evidence_name(iri, ev) == f"evidence/{long_way}"


def _clause_before(ev: Evidence) -> str:
    """The long way: the quote cut at its last clause break before the figure."""
    if ev.figure_start is None:
        return ""
    return re.split(r"[，,。；;！!？?]", ev.quote[: max(0, ev.figure_start - ev.start)])[-1]


CLAUSE_TEXT = st.text(st.sampled_from("累计共以来截至，。,;！?年人\n"), max_size=14)


@given(
    CLAUSE_TEXT,
    st.integers(min_value=0, max_value=5),
    st.none() | st.integers(min_value=-2, max_value=20),
    st.lists(
        st.one_of(st.sampled_from(corpus_words()[1]), CLAUSE_TEXT.filter(lambda c: len(c) < 3)), max_size=4
    ),
)
def test_a_cue_is_found_in_the_figures_clause_as_cutting_the_clause_out_finds_it(
    quote: str, start: int, figure_at: int | None, cues: list[str]
) -> None:
    """One search up to the figure against splitting the quote into clauses and asking each cue,
    for any quote, figure offset (before, inside or past the quote) and cues (empty ones, ones
    holding a break)."""
    figure_start = None if figure_at is None else start + figure_at
    ev = Evidence("r.txt", start, start + len(quote), quote, "rule", 0.9, figure_start, figure_start)
    fact = ObservationFact("420304", "lifted-population", Decimal(1), "person", ev)
    long_way = any(cue in _clause_before(ev) for cue in cues)
    assert is_cumulative(fact, tuple(cues)) == long_way


TERMS = st.one_of(
    st.sampled_from([LineTerms.RDF.type, LineTerms.FP.quote, LineTerms.FP.start, LineTerms.FP.Evidence]),
    st.text(max_size=6).map(LineTerms.text),
    st.text(max_size=6).map(LineTerms.zh),
    st.integers(0, 12).map(LineTerms.integer),
)


@given(st.lists(st.tuples(TERMS, TERMS), max_size=10), st.sampled_from([" .\n", " <https://g/a> .\n"]))
def test_an_own_nodes_lines_are_its_lines_sorted_and_each_once(pairs: list, tail: str) -> None:
    """Pairs in their lines' order are kept as given, any others sorted and made unique: either way
    the lines the sort of a set of them gives."""
    subject = LineTerms.FPD["evidence/a"]
    long_way = sorted({f"{subject} {p} {o}{tail}".encode() for p, o in pairs})
    assert own_lines(subject, pairs, tail) == long_way
    assert own_lines(subject, sorted(set(pairs)), tail) == long_way


def test_an_evidence_nodes_pairs_come_in_the_order_its_lines_sort_in() -> None:
    """So that `own_lines` keeps them without a sort (the short way the test above checks)."""
    checked = 0
    for doc in sample_docs():
        graph = LineGraph()
        _add_document(graph, LineTerms, doc, 0.0)
        for node, pairs in graph._own.items():
            if "/evidence/" in node and LineTerms.FP.formerNameUsed not in {p for p, _ in pairs}:
                lines = [f"{node} {p} {o} .\n".encode() for p, o in pairs]
                assert lines == sorted(set(lines))
                checked += 1
    assert checked


def test_an_evidence_cited_again_is_written_once_and_one_quoted_otherwise_is_kept() -> None:
    """The second citation of an equal evidence writes nothing new; a same-span evidence with another
    quote is the same node and keeps both quotes, as writing every citation's pairs did."""
    doc = sample_docs()[0]
    first = next(f for f in doc.facts if isinstance(f, ObservationFact))
    again = dataclasses.replace(first, evidence=dataclasses.replace(first.evidence))
    other = dataclasses.replace(first, evidence=dataclasses.replace(first.evidence, quote="另一句"))
    lines, _ = document_lines(dataclasses.replace(doc, facts=[first, again, other]), min_confidence=0.0)
    assert len(lines) == len(set(lines))
    node = LineTerms.FPD[
        _evidence_name(str(report_iri(doc.report.source, doc.report.sha256)), first.evidence)
    ]
    quotes = {line for line in lines if line.startswith(f"{node} {LineTerms.FP.quote} ".encode())}
    assert quotes == {
        f"{node} {LineTerms.FP.quote} {LineTerms.text(q)} .\n".encode()
        for q in (first.evidence.quote, "另一句")
    }
