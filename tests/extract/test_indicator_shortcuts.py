"""The indicator extractor's per-sentence readings give the answers of the long way, figure by figure.

`SentenceReading` works out once per sentence (or per distinct string of it) what every figure of the
sentence asked anew: the nearest cue before a figure, the cues after it, the target cues, the dates
after a target cue, the topic text. Each shortcut is pinned here against the code it replaced, kept as the long way.
"""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin import resources
from fupin.extract import indicators
from fupin.extract.dates import find_dates
from fupin.extract.indicators import (
    _YEAR_TARGET,
    SentenceReading,
    _one_of_each,
    _target_met,
)
from fupin.extract.lexicon import load_lexicon
from fupin.extract.read import read_document
from fupin.extract.scan import any_of
from fupin.extract.sentences import TextSpan

_LEXICON = load_lexicon()


class _Context:
    """What `SentenceReading` reads of a report context: its lexicon, base year and sentences."""

    def __init__(self, sentence: TextSpan, base_year: int | None, previous: TextSpan | None = None):
        self.lexicon = _LEXICON
        self.base_year = base_year
        self._previous = previous

    def previous_sentence(self, sentence: TextSpan) -> TextSpan | None:
        return self._previous


def _reading(text: str, base_year: int | None = 2020) -> SentenceReading:
    sentence = TextSpan(0, len(text), text)
    return SentenceReading(_Context(sentence, base_year), sentence)  # type: ignore[arg-type]


# --- the nearest cue before a figure ----------------------------------------------------------------


def _ending_long_way(pre: str) -> frozenset[str]:
    """The cues ending where the nearest one does, as first found: every cue's last occurrence in
    `pre` (`_cue_ends`), the largest of their ends, and the cues whose last occurrence ends there."""
    by_first = indicators._cue_index(_LEXICON.indicators).by_first
    found = (by_first.get(ch, ()) for ch in set(pre))
    ends = {c: pre.rfind(c) + len(c) for group in found for c in group if c in pre}
    end = max(ends.values(), default=-1)
    if end < 0 or not indicators._close_enough(pre, end):
        return frozenset()
    return frozenset(c for c, e in ends.items() if e == end)


_CUES = sorted(indicators._cue_index(_LEXICON.indicators).owners)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_CUES),
            st.sampled_from(["，", "由", "下降到", "分别", "2014年的", "12", "全县", "户", "人", "贫"]),
        ),
        max_size=8,
    ).map("".join)
)
def test_the_nearest_cue_read_back_from_the_figure_is_the_long_ways(pre: str) -> None:
    assert _reading(pre).ending(pre) == _ending_long_way(pre)


def test_a_list_break_is_one_of_the_list_break_characters() -> None:
    """`_cues_after` tests a character against the string of list breaks where it matched the class."""
    first_written = re.compile(r"[，,；;。！？!?、]")
    for ch in map(chr, range(0x10000)):
        assert (ch in indicators._LIST_BREAKS) == (first_written.match(ch) is not None), ch
        assert (indicators._LIST_BREAK.match(ch) is not None) == (first_written.match(ch) is not None), ch


def _cues_after_long_way(post: str) -> frozenset[str]:
    by_first = indicators._cue_index(_LEXICON.indicators).by_first
    reach = min(indicators.MAX_MODIFIER, len(post))
    breaks = re.compile(r"[，,；;。！？!?、]")
    stop = next((i for i, ch in enumerate(post[:reach]) if ch.isdigit() or breaks.match(ch)), reach)
    return frozenset(
        cue
        for at in range(stop + 1)
        for cue in by_first.get(post[at : at + 1], ())
        if post.startswith(cue, at)
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_CUES), st.sampled_from(["，", "、", "12", "²", "的", "户", "!"])),
        max_size=5,
    ).map("".join)
)
def test_the_cues_after_a_figure_are_the_long_ways(post: str) -> None:
    assert _reading(post).after(post)[0] == _cues_after_long_way(post)


_EVENT_LISTS = sorted({ind.events for ind in _LEXICON.indicators if ind.events})
_EVENT_WORDS = sorted({w for events in _EVENT_LISTS for w in events} | set(_LEXICON.negations))


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(range(len(_EVENT_LISTS))),
    st.lists(st.sampled_from([*_EVENT_WORDS, "全县", "，", "1200户", "未"]), max_size=6).map("".join),
)
def test_an_event_is_looked_for_only_where_one_of_the_words_is(which: int, text: str) -> None:
    """`_has_event` finds a word only where the words' pattern finds one, so the pre-check of the
    long way (`_event_long_way` in test_indicator_fast_paths.py) changed no answer."""
    events = _EVENT_LISTS[which]
    has = indicators._has_event(text, events, _LEXICON.negations)
    assert bool(any_of(events).search(text) and has) == has


# --- the distributive pre-check -------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from("每各均人户年村平个名"), min_size=1, max_size=4), max_size=8)
)
def test_one_of_each_holds_a_character_of_every_word(words: list[str]) -> None:
    """Every word holds one of the class's characters, so a text holding none of them (or any text cut
    from it) holds no word."""
    pattern = _one_of_each(tuple(words))
    assert all(pattern.search(w) for w in words)


def test_one_of_each_of_the_distributive_words() -> None:
    words = _LEXICON.distributive_cues
    pattern = _one_of_each(words)
    assert all(pattern.search(w) for w in words)
    assert len(pattern.pattern) < len("".join(words))
    assert _one_of_each(("", "每人")).search("全县") is not None
    assert _one_of_each(()).search("每人") is None


# --- target cues and periods ----------------------------------------------------------------------


def _starts_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching (empty) wherever one of `words` begins, as `_target` first found target cues:
    its last match is the largest of the words' `str.rfind`."""
    return re.compile("(?=" + "|".join(map(re.escape, words)) + ")" if words else "(?!)")


def _target_long_way(sentence: TextSpan, offset: int, base_year: int | None) -> tuple[bool, int | None]:
    """`_target` as first written: every pattern searched over the sentence up to the figure."""
    lexicon = _LEXICON
    before = sentence.text[:offset]
    looks_back = any(m in sentence.text for m in lexicon.past_cues)
    year_cue = None
    for match in _YEAR_TARGET.finditer(before):
        if not (looks_back and base_year is not None and int(match.group(1)) < base_year):
            year_cue = match
    cue_at = max((m.start() for m in _starts_of(lexicon.target_cues).finditer(before)), default=-1)
    if cue_at >= 0 and _target_met(before, cue_at, lexicon):
        cue_at = -1
    if cue_at < 0 and year_cue is None:
        return False, None
    start = min(x for x in (cue_at, year_cue.start() if year_cue else -1) if x >= 0)
    years = [d.year for d in find_dates(sentence.text[start:], base_year) if d.year]
    return True, (years[0] if years else None)


_PIECES = [
    *_LEXICON.target_cues,
    *_LEXICON.past_cues,
    *_LEXICON.outcome_cues,
    "到2019年",
    "到2020年底",
    "截至到2018年",
    "2016—2019年",
    "近三年",
    "5年来",
    "由2014年的",
    "降至",
    "全县",
    "脱贫",
    "1200户",
    "3600人",
    "，",
    "年",
    "到",
    "20",
    "目标",
    "将",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join), st.sampled_from([None, 2016, 2020]))
def test_targets_of_a_reading_are_the_long_ways(text: str, base_year: int | None) -> None:
    """`_target` on one SentenceReading, figure after figure, gives what the long way gives at every
    offset of the sentence."""
    reading = _reading(text, base_year)
    sentence = reading.sentence
    for offset in range(len(text) + 1):
        assert indicators._target(reading, offset) == _target_long_way(sentence, offset, base_year), offset


def test_target_cue_of_a_lead_is_the_last_start_wholly_before() -> None:
    """The target cue `target_lead` gives is the last that starts wholly before the figure, unless the
    aim is said to be met after it; the years are every 到…年 before the figure."""
    text = "力争到2020年，确保累计脱贫1200户，力求到2021年全部"
    reading = _reading(text)
    pattern = _starts_of(_LEXICON.target_cues)
    for offset in range(len(text) + 1):
        before = text[:offset]
        long_way = max((m.start() for m in pattern.finditer(before)), default=-1)
        if long_way >= 0 and _target_met(before, long_way, _LEXICON):
            long_way = -1
        years = tuple((m.start(), int(m.group(1))) for m in _YEAR_TARGET.finditer(before))
        assert reading.target_lead(offset) == (years, long_way)


def test_target_leads_are_remembered_across_sentences() -> None:
    """Two sentences of two reports opening alike share what is read before their figures, and each
    figure's target still follows its own sentence: the year after the cue, and the past markers
    anywhere in it (到2019年底…减少到 in a 2020 report is an outcome)."""
    ahead = _reading("到2019年底，全县贫困人口1.3万人将全部脱贫", 2020)
    back = _reading("到2019年底，全县贫困人口1.3万人已全部脱贫", 2020)
    offset = ahead.sentence.text.index("1.3")
    assert ahead.target_lead(offset) is back.target_lead(offset)
    assert indicators._target(ahead, offset) == (True, 2019)
    assert indicators._target(back, offset) == (False, None)


# --- whole reports --------------------------------------------------------------------------------


def _sentences_of_the_bundled_reports() -> list[str]:
    from fupin.extract.sentences import split_sentences

    texts = []
    for path in sorted(resources.folder("corpus").glob("*.txt")):
        texts.extend(s.text for s in split_sentences(read_document(path).text))
    return texts


def test_readings_of_real_sentences_are_the_long_ways() -> None:
    sentences = _sentences_of_the_bundled_reports()
    assert len(sentences) > 200
    for text in sentences:
        reading = _reading(text)
        sentence = reading.sentence
        for offset in range(0, len(text) + 1, 3):
            assert indicators._target(reading, offset) == _target_long_way(sentence, offset, 2020)


def test_figures_of_real_reports_match_as_with_a_reading_per_figure() -> None:
    """match_indicators and the observations of the bundled reports are the same when every figure
    has a fresh SentenceReading of its own (nothing shared between the figures of a sentence) and the
    distributive pre-check never skips the long test."""
    from fupin.extract.pipeline import default_extractor

    extractor = default_extractor()
    docs = [read_document(p) for p in sorted(resources.folder("corpus").glob("*.txt"))]
    contexts = [extractor.context(d) for d in docs]

    def observations(fresh: bool) -> list:
        found = []
        for ctx in contexts:
            for sentence in ctx.sentences:
                figures = [q for q in ctx.quantities if sentence.start <= q.start < sentence.end]
                for site in indicators._sites(ctx, sentence, figures):
                    if fresh:
                        reading = SentenceReading(ctx, sentence)
                        reading._distributive = _AlwaysMay()
                        site = indicators.replace(site, reading=reading)
                    found.append(indicators._observations(ctx, site, {}))
        return found

    shared = observations(fresh=False)
    assert observations(fresh=True) == shared
    assert sum(map(len, shared)) > 50
    assert any(f.target_year for facts in shared for f in facts)
    assert any(f.period_start for facts in shared for f in facts)
    assert all(isinstance(f.value, Decimal) for facts in shared for f in facts)


def test_real_sentences_nearest_cues_are_the_long_ways() -> None:
    for text in _sentences_of_the_bundled_reports():
        reading = _reading(text)
        for k in range(0, len(text) + 1, 2):
            assert reading.ending(text[:k]) == _ending_long_way(text[:k])


def _elsewhere_long_way(ctx, sentence: TextSpan, clause: TextSpan) -> bool:
    """figure_elsewhere as first written: every clause up to the figure's judged, in order, the last
    verdict kept."""
    elsewhere = False
    for part in ctx.clauses(sentence):
        if part.start > clause.start:
            break
        verdict = ctx.clause_scope(part)
        if verdict is not None:
            elsewhere = verdict
    return elsewhere


class _Scopes:
    """A context whose clauses have the given verdicts (`clause_scope`)."""

    def __init__(self, verdicts: list[bool | None]) -> None:
        self.parts = [TextSpan(3 * at, 3 * at + 2, "..") for at in range(len(verdicts))]
        self.verdicts = dict(zip((p.start for p in self.parts), verdicts, strict=True))

    def clauses(self, sentence: TextSpan) -> list[TextSpan]:
        return self.parts

    def clause_scope(self, clause: TextSpan) -> bool | None:
        return self.verdicts[clause.start]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([None, True, False]), min_size=1, max_size=8), st.data())
def test_the_clause_that_decides_last_is_found_from_the_figure_back(verdicts: list, data) -> None:
    from fupin.extract.context import ReportContext

    ctx = _Scopes(verdicts)
    sentence = TextSpan(0, 3 * len(verdicts), "")
    clause = ctx.parts[data.draw(st.integers(0, len(verdicts) - 1))]
    fast = ReportContext._figure_elsewhere(ctx, sentence, clause)  # type: ignore[arg-type]
    assert fast == _elsewhere_long_way(ctx, sentence, clause)


def test_figures_of_real_reports_are_elsewhere_as_the_long_way() -> None:
    from fupin.extract.pipeline import default_extractor

    extractor = default_extractor()
    seen = set()
    for path in sorted(resources.folder("corpus").glob("*.txt")):
        ctx = extractor.context(read_document(path))
        for sentence in ctx.sentences:
            for clause in ctx.clauses(sentence):
                fast = ctx.figure_elsewhere(sentence, clause)
                assert fast == _elsewhere_long_way(ctx, sentence, clause)
                seen.add(fast)
    assert seen == {True, False}


class _AlwaysMay(dict):
    """A `SentenceReading._distributive` memo that says every text may hold a distributive word."""

    def get(self, key, default=None):  # type: ignore[override]
        return True


# --- match_indicators against every indicator, each check asked anew ------------------------------


def _match_long_way(ctx, site, earlier: dict[str, int]) -> list:
    """match_indicators as the rules read: every indicator of the lexicon in turn (no candidate index,
    no unit pre-filter, the longest of its own cues ending where the nearest does), each veto and
    distributive test asked for it anew, in the order the rules were written."""
    lexicon = ctx.lexicon
    index = indicators._cue_index(lexicon.indicators)
    ending = site.reading.ending(site.pre)
    near, head = site.reading.after(site.post)
    attached, bare = [], []
    for at, cues in enumerate(lexicon.indicators):
        post_cue = indicators._post_attached(index.longest[at], near)
        own_head = not head or post_cue is not None
        own = [c for c in ending if c in cues.counted] if own_head else []
        cue = post_cue or (max(own, key=len) if own else None)
        rule = "indicators.post-noun" if post_cue else "indicators.pre-cue"
        if cue is None:
            if not cues.bare or not own_head:
                continue
            rule = "indicators.bare-event"
        unit = indicators._unit_for(site.quantity, cues, lexicon, post_cue or "")
        distributes = SentenceReading(ctx, site.sentence).may_distribute(site.own_pre)
        if unit is None or indicators._vetoed(site, cues, lexicon, cue, index.vetoes[at], distributes):
            continue
        if indicators._is_subset(ctx, site, unit, earlier):
            continue
        scope = site.bracketed
        if scope is None:
            scope = site.sentence_scope if cues.sentence_events else site.effective_clause
        if cues.events and not indicators._has_event(scope, cues.events, lexicon.negations):
            continue
        if not indicators._has_topic(site, cues) or indicators._urban_figure(ctx, site):
            continue
        confidence = indicators._CONFIDENCE.get(rule, 0.75)
        (bare if cue is None else attached).append((cues, unit, rule, confidence, cue))
    candidates = attached or bare
    best = max(map(indicators._specificity, candidates), default=None)
    return [c[:4] for c in candidates if indicators._specificity(c) == best]


def test_figures_of_real_reports_match_as_the_long_way() -> None:
    """The candidate index, the unit pre-filter and the once-per-figure distributive test leave every
    figure of the bundled reports (and of each sentence cut down to a clause) with the long way's match."""
    from fupin.extract.pipeline import default_extractor

    extractor = default_extractor()
    matched = 0
    for path in sorted(resources.folder("corpus").glob("*.txt")):
        ctx = extractor.context(read_document(path))
        for sentence in ctx.sentences:
            figures = [q for q in ctx.quantities if sentence.start <= q.start < sentence.end]
            earlier: dict[str, int] = {}
            for site in indicators._sites(ctx, sentence, figures):
                fast = indicators.match_indicators(ctx, site, earlier)
                assert fast == _match_long_way(ctx, site, earlier), site.quantity
                for _cues, unit, _rule, _confidence in fast:
                    earlier.setdefault(unit, site.quantity.end)
                matched += bool(fast)
    assert matched > 50


def _sites_long_way(ctx, sentence: TextSpan, quantities: list) -> list[tuple]:
    """_sites as first written: each figure's clause and the clauses before it found by a scan."""
    found = []
    clauses = ctx.clauses(sentence)
    for at, q in enumerate(quantities):
        clause = next((c for c in clauses if c.start <= q.start < c.end), None)
        if clause is None:
            continue
        first, i = q, at
        while i > 0 and indicators._paired(ctx, quantities[i - 1], first):
            i -= 1
            first = quantities[i]
        last, j = q, at
        while j + 1 < len(quantities) and indicators._paired(ctx, last, quantities[j + 1]):
            j += 1
            last = quantities[j]
        pre = own_pre = ctx.view.text[clause.start : first.start]
        post = ctx.view.text[last.end : clause.end]
        effective = clause.text
        if len(pre) <= indicators.SHORT_LEAD:
            previous = [c for c in clauses if c.end <= clause.start]
            if previous:
                pre = previous[-1].text + "，" + pre
                effective = previous[-1].text + "，" + clause.text
        found.append((q, clause, pre, post, effective, own_pre))
    return found


def test_sites_of_real_reports_are_the_long_ways() -> None:
    """Every figure of the bundled reports, and every figure placed at each character of a sentence
    (so that some fall on a clause mark, in no clause), gets the long way's clause and texts."""
    from fupin.extract.pipeline import default_extractor
    from fupin.extract.quantities import Quantity

    extractor = default_extractor()
    for path in sorted(resources.folder("corpus").glob("*.txt")):
        ctx = extractor.context(read_document(path))
        for sentence in ctx.sentences:
            figures = [q for q in ctx.quantities if sentence.start <= q.start < sentence.end]
            every = [
                Quantity(Decimal(1), "户", at, at + 1, "1") for at in range(sentence.start, sentence.end)
            ]
            for quantities in (figures, every[::7]):
                fast = [
                    (s.quantity, s.clause, s.pre, s.post, s.effective_clause, s.own_pre)
                    for s in indicators._sites(ctx, sentence, quantities)
                ]
                assert fast == _sites_long_way(ctx, sentence, quantities)
