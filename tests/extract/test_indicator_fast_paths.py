"""The indicator extractor's cheaper ways against the long ways they replaced, on real sentences and on
generated ones: the event pattern with its negations, the per-sentence bracket pre-check, the lone
cue after a figure, `merge_restatements` with nothing to merge, and what `ReportContext` remembers
(rounded confidences, scope patterns, the county's townships, each clause's elsewhere verdict).
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin import resources
from fupin.extract import context, indicators
from fupin.extract.context import ReportContext
from fupin.extract.facts import Evidence, ObservationFact
from fupin.extract.lexicon import load_lexicon
from fupin.extract.quantities import Quantity
from fupin.extract.read import read_document
from fupin.extract.scan import any_of
from fupin.extract.sentences import TextSpan

_LEXICON = load_lexicon()
_INDEX = indicators._cue_index(_LEXICON.indicators, _LEXICON.negations)
_EVENTFUL = [at for at, ind in enumerate(_LEXICON.indicators) if ind.events]
_EVENT_WORDS = sorted({w for at in _EVENTFUL for w in _LEXICON.indicators[at].events})


@cache
def _contexts() -> list[ReportContext]:
    from fupin.extract.pipeline import default_extractor

    extractor = default_extractor()
    return [extractor.context(read_document(p)) for p in sorted(resources.folder("corpus").glob("*.txt"))]


def _sites() -> list[indicators.FigureSite]:
    found = []
    for ctx in _contexts():
        for sentence in ctx.sentences:
            figures = [q for q in ctx.quantities if sentence.start <= q.start < sentence.end]
            found.extend(indicators._sites(ctx, sentence, figures))
    return found


# --- an event word with no negation before it: one pattern ----------------------------------------


def _event_long_way(at: int, text: str) -> bool:
    """What match_indicators asked: the words as one pattern, then each word and negation in turn."""
    events = _LEXICON.indicators[at].events
    return bool(any_of(events).search(text) and indicators._has_event(text, events, _LEXICON.negations))


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(_EVENTFUL),
    st.lists(
        st.sampled_from([*_EVENT_WORDS, *_LEXICON.negations, "全县", "，", "1200户", "未", "不", "没"]),
        max_size=7,
    ).map("".join),
)
def test_the_event_pattern_finds_what_the_word_by_word_test_finds(at: int, text: str) -> None:
    assert (_INDEX.events[at].search(text) is not None) == _event_long_way(at, text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="退出脱贫未不没有", min_size=0, max_size=3), min_size=1, max_size=4),
    st.lists(st.text(alphabet="未不没有", min_size=0, max_size=2), max_size=3),
    st.text(alphabet="退出脱贫未不没有，1", max_size=12),
)
def test_the_event_pattern_of_any_words_is_the_word_by_word_test(events, negations, text) -> None:
    """Any words, the empty one and words that hold a negation among them."""
    pattern = indicators._unnegated(tuple(events), tuple(negations))
    assert (pattern.search(text) is not None) == indicators._has_event(text, events, tuple(negations))


def test_the_event_pattern_on_real_clauses_is_the_word_by_word_test() -> None:
    checked = 0
    for site in _sites():
        for text in (site.effective_clause, site.sentence_scope):
            for at in _EVENTFUL:
                assert (_INDEX.events[at].search(text) is not None) == _event_long_way(at, text)
                checked += 1
    assert checked > 1000


# --- brackets -------------------------------------------------------------------------------------


def _bracketed_long_way(site: indicators.FigureSite) -> str | None:
    """FigureSite.bracketed without the per-sentence pre-check."""
    opened = max(map(site.own_pre.rfind, indicators._OPEN_BRACKETS))
    if opened < 0 or any(c in site.own_pre[opened:] for c in indicators._CLOSE_BRACKETS):
        return None
    closed = min((at for c in indicators._CLOSE_BRACKETS if (at := site.post.find(c)) >= 0), default=-1)
    if closed < 0:
        return None
    return site.own_pre[opened + 1 :] + site.quantity.surface + site.post[:closed]


def test_real_figures_in_brackets_are_found_as_the_long_way() -> None:
    sites = _sites()
    answers = [site.bracketed for site in sites]
    assert answers == [_bracketed_long_way(site) for site in sites]
    assert any(a is not None for a in answers)


_BRACKETY = st.text(alphabet="(（[【)）]】全县含个村12，、", max_size=10)


@settings(max_examples=300, deadline=None)
@given(_BRACKETY, _BRACKETY, st.data())
def test_figures_in_brackets_of_any_sentence_are_found_as_the_long_way(before, after, data) -> None:
    """A figure's lead is cut from its sentence (its clause's start to the figure), so a sentence
    without an opening bracket gives it none."""
    quantity = _quantity(len(before), "11个")
    text = before + "11个" + after
    clause_start = data.draw(st.integers(0, len(before)))
    own_pre, post = before[clause_start:], after
    sentence = TextSpan(0, len(text), text)
    reading = indicators.SentenceReading(_contexts()[0], sentence)
    site = indicators.FigureSite(
        quantity,
        sentence,
        sentence,
        own_pre,
        post,
        text,
        own_pre,
        reading,  # type: ignore[arg-type]
    )
    assert site.bracketed == _bracketed_long_way(site)


def _quantity(start: int, surface: str) -> Quantity:
    return Quantity(Decimal(11), "个", start, start + len(surface), surface)


# --- the cue after a figure -----------------------------------------------------------------------


_CUES = sorted(_INDEX.owners)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(range(len(_LEXICON.indicators))), st.sets(st.sampled_from(_CUES), max_size=3))
def test_the_cue_after_a_figure_is_the_longest_the_indicator_owns(at: int, near: set[str]) -> None:
    near_set = frozenset(near)
    fast = indicators._post_attached(_INDEX.longest[at], near_set, _INDEX.cue_sets[at])
    assert fast == indicators._post_attached(_INDEX.longest[at], near_set)


# --- merge_restatements ---------------------------------------------------------------------------


def _merge_long_way(facts: list[ObservationFact]) -> list[ObservationFact]:
    periods: dict[tuple, set[tuple]] = {}
    for f in facts:
        if f.period_start is not None or f.period_end is not None:
            periods.setdefault(indicators._restatement_key(f), set()).add((f.period_start, f.period_end))
    merged = []
    for f in facts:
        known = periods.get(indicators._restatement_key(f), set())
        if f.period_start is None and f.period_end is None and len(known) == 1:
            start, end = next(iter(known))
            f = dataclasses.replace(f, period_start=start, period_end=end)
        merged.append(f)
    return merged


_EVIDENCE = Evidence("a.txt", 0, 4, "脱贫1人", "indicators.pre-cue", 0.85)
_YEAR = st.sampled_from([None, 2019, 2020])


@st.composite
def _facts(draw) -> ObservationFact:
    return ObservationFact(
        county_code=draw(st.sampled_from([None, "522601"])),
        indicator=draw(st.sampled_from(["poorPopulationExited", "poorVillagesExited"])),
        value=Decimal(draw(st.sampled_from([1, 2]))),
        unit="person",
        evidence=_EVIDENCE,
        period_start=draw(_YEAR),
        period_end=draw(_YEAR),
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(_facts(), max_size=6))
def test_restatements_merge_as_the_long_way(facts: list[ObservationFact]) -> None:
    assert indicators.merge_restatements(facts) == _merge_long_way(facts)


def test_real_reports_restatements_merge_as_the_long_way() -> None:
    merged = 0
    for ctx in _contexts():
        facts = [f for site in _sites_of(ctx) for f in indicators._observations(ctx, site, {})]
        fast = indicators.merge_restatements(facts)
        assert fast == _merge_long_way(facts)
        merged += fast != facts
    assert merged > 0


def _sites_of(ctx: ReportContext) -> list[indicators.FigureSite]:
    found = []
    for sentence in ctx.sentences:
        figures = [q for q in ctx.quantities if sentence.start <= q.start < sentence.end]
        found.extend(indicators._sites(ctx, sentence, figures))
    return found


# --- what ReportContext remembers -----------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0.0, -0.0, 0.85 * 0.95, 0.9 * 0.7, 0.0005, -0.0004, 1e-300]),
    )
)
def test_a_remembered_rounded_confidence_is_the_rounding(confidence: float) -> None:
    for _ in range(2):  # worked out, then remembered
        assert repr(context._rounded(confidence)) == repr(round(confidence, 3))


def test_scope_patterns_are_any_of_the_words() -> None:
    ctx = _contexts()[0]
    membership, wider = ctx._scope_patterns()
    assert membership.pattern == any_of(_LEXICON.membership_cues).pattern
    assert wider.pattern == any_of((*_LEXICON.wider_scopes, *_LEXICON.county_groups)).pattern


def test_a_context_remembers_its_townships_and_each_clauses_verdict() -> None:
    verdicts = set()
    for ctx in _contexts():
        expected = ctx.gazetteer.townships(ctx.county) if ctx.county else frozenset()
        assert ctx.townships() == expected
        for sentence in ctx.sentences:
            for clause in ctx.clauses(sentence):
                first = ctx.figure_elsewhere(sentence, clause)
                assert ctx.figure_elsewhere(sentence, clause) == first
                assert first == ctx._figure_elsewhere(sentence, clause)
                verdicts.add(first)
    assert verdicts == {True, False}


# --- TextSpan -------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.text(max_size=8))
def test_a_text_span_is_the_frozen_dataclass_it_was(start: int, end: int, text: str) -> None:
    span = TextSpan(start, end, text)
    assert (span.start, span.end, span.text) == (start, end, text)
    assert span == TextSpan(start=start, end=end, text=text)
    assert hash(span) == hash((start, end, text))  # a frozen dataclass hashes its fields' tuple
    assert pickle.loads(pickle.dumps(span)) == span == copy.deepcopy(span)
    assert dataclasses.astuple(span) == (start, end, text)
    assert dataclasses.replace(span, end=end + 1) == TextSpan(start, end + 1, text)
    assert span != (start, end, text)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = start + 1  # type: ignore[misc]


# --- the clause's place asked only of a figure that measures something ------------------------------


def _extract_long_way(ctx: ReportContext) -> tuple[list[ObservationFact], int]:
    """extract_indicators as first written: each figure's clause judged for elsewhere before its
    match; and how many figures about elsewhere matched an indicator (the ones then dropped)."""
    facts, dropped = [], 0
    breakdown = any_of(ctx.lexicon.breakdown_cues)
    for sentence in ctx.sentences:
        figures = [q for q in ctx.quantities if sentence.start <= q.start < sentence.end]
        if not figures or breakdown.search(sentence.text):
            continue
        earlier: dict[str, int] = {}
        for site in indicators._sites(ctx, sentence, figures):
            if ctx.figure_elsewhere(sentence, site.clause):
                dropped += bool(indicators.match_indicators(ctx, site, dict(earlier)))
                continue
            found = indicators._observations(ctx, site, earlier)
            for fact in found:
                earlier.setdefault(fact.unit, site.quantity.end)
            facts.extend(found)
    return indicators.merge_restatements(facts), dropped


_ELSEWHERE = (
    ("竹山县累计脱贫退出2万户6万人，经验值得学习。", "咸安区"),
    ("凯里市累计脱贫3万人，贫困发生率降至1%。", "房县"),
    ("全县搬迁3.85万人，其中跨区域搬迁到凯里市安置2600人。", "房县"),
    ("十堰市累计脱贫12万人，我县累计脱贫退出2万户6万人。", "房县"),
)


def test_real_reports_observations_are_the_long_ways(context) -> None:
    contexts = [*_contexts(), *(context(body, county) for body, county in _ELSEWHERE)]
    dropped = 0
    for ctx in contexts:
        expected, elsewhere = _extract_long_way(ctx)
        assert indicators.extract_indicators(ctx) == expected
        dropped += elsewhere
    assert dropped > 0
