"""Figures → indicators: which indicator a number in a clause measures, and whether it is an outcome.

A figure is tied to an indicator by its context, never by position alone:
1. *attached* cues: the noun right after the figure (16.3万 **建档立卡贫困人口**, 28名驻村“**第一书记**”) or
   the nearest indicator cue before it in its clause (选聘**护林员**8625人, **危房改造**46844户);
2. a figure followed by a noun of its own (5837名**教师**) takes no cue from before it: the noun says what
   it counts, and only an indicator naming that noun may have it;
3. *bare* figures (累计脱贫退出48181户141281人) go to an indicator that allows them only when no attached
   cue claimed the figure, no noun follows it, and the indicator's event word is in the clause;
4. every indicator may demand an event word in the clause, a topic word in the sentence or the one before,
   and may be vetoed by words in the clause (带动, 五保 …); distributive figures (每人, 各, 户均) never count.
All word lists come from the ontology (see `fupin.graph.lexicon`). A target cue (确保, 力争, 到2020年 …)
before the figure in its sentence makes it a target with its target year. Sentences that break the poor
down by cause (致贫原因 …) count categories, not outcomes, and give no figures.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Generic, TypeVar

from fupin.extract.context import ReportContext
from fupin.extract.dates import DateMention, find_dates
from fupin.extract.facts import ObservationFact
from fupin.extract.lexicon import IndicatorCues, Lexicon, longest_first
from fupin.extract.places import townships_in
from fupin.extract.quantities import Quantity, parse_number
from fupin.extract.scan import any_of
from fupin.extract.segmenter import tag
from fupin.extract.sentences import TextSpan

MAX_MODIFIER = 6
MAX_PRE_GAP = 12
SHORT_LEAD = 4
_GAP_BREAK = re.compile(r"[，,；;。！？!?]")
_LIST_BREAKS = "，,；;。！？!?、"  # tested one character at a time as a string: a pattern's match costs more
_LIST_BREAK = re.compile(f"[{re.escape(_LIST_BREAKS)}]")
_NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "vn", "an")
_MODIFIER_TAGS = ("a", "b", "j")
_CHANGE = "(?:下降|降低|减少|提高|提升|增加|增长|上升|降|增|减)"
_CHANGE_TO = rf"{_CHANGE}(?:到|至|为)"
# Compiled once: re.search with a pattern's text looks it up in re's cache at each call, and the cache
# (512 patterns, shared with every library) may have dropped it and compile it again.
_CHANGE_WORD = re.compile(_CHANGE)
_CHANGE_TO_WORD = re.compile(_CHANGE_TO)
_DATED_THE = r"(?:\s*\d{4}\s*年[^，,。；;、\d]{0,4}?的?|[^，,。；;、\d]{1,8}?的)"
"""Between 由/降至 and a figure: a year (2014年底的) or a short phrase ending in 的 (建档立卡时的)."""
_BASELINE = re.compile(rf"^[由从].{{0,24}}?{_CHANGE_TO}{_DATED_THE}?\s*$")
_BASELINE_LEAD = re.compile(rf"[由从]{_DATED_THE}?\s*$")
_BASELINE_YEAR = re.compile(r"(\d{4})\s*年")
_FROM_BEFORE = re.compile(r"[由从][^，,。；;]{0,12}$")
_RESPECTIVE_GAP = re.compile(r"分别[^，,。；;\d]{0,4}(?:[\d.,]+[^\d，,。；;、和及与]{0,3}[、和及与])*$")
_HOLDERS = re.compile(r"[、和与及]")
_VILLAGE_AFTER = re.compile(r"([\u4e00-\u9fff]{2,3}村)")
_FEW = r"([一二三四五六七八九十两\d]{1,2})"
_YEARS_BACK = re.compile(rf"(?:近|过去){_FEW}年(?:来|间|中)?|{_FEW}年来")
_RANGE_JOIN = re.compile(r"年?\s*[—–\-~～至到]\s*")
_RESPECTIVELY = "分别"
_CUMULATIVE = "累计"
_OPENING_QUOTES = "“‘「『\"'"
_OPEN_BRACKETS = "(（[【"
_CLOSE_BRACKETS = ")）]】"
_OPEN_BRACKET = re.compile(f"[{re.escape(_OPEN_BRACKETS)}]")
_QUOTED = re.compile(r"[“‘「『\"']([^”’」』\"']{1,8})[”’」』\"']")
_YEAR_TARGET = re.compile(r"(?<![截至加高降升长少])到(\d{4})年")
_CONFIDENCE = {"indicators.post-noun": 0.9, "indicators.pre-cue": 0.85}  # a bare event: 0.75


_NONE: frozenset[str] = frozenset()  # the cues after most figures: one shared empty set
_T = TypeVar("_T")


class _once(Generic[_T]):
    """`functools.cached_property` without its lock: Python 3.11's takes an RLock on every first read,
    and each of thousands of figure sites has its properties read once or twice."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, site: Any, owner: type | None = None) -> _T:
        if site is None:
            return self  # type: ignore[return-value]
        value = site.__dict__[self.name] = self.compute(site)  # read from the instance from now on
        return value


@dataclass
class FigureSite:
    """A figure in its clause: the text around it as the cue rules see it (view offsets).

    Read-only by use, but not a frozen dataclass: a frozen one's __init__ sets each field through
    object.__setattr__, five times the cost of a plain one, and a site is made for every figure."""

    quantity: Quantity
    sentence: TextSpan
    clause: TextSpan
    pre: str
    post: str
    effective_clause: str
    own_pre: str
    reading: SentenceReading

    # What every indicator that may take the figure asks of it: read once per figure, not per indicator.
    @_once
    def item_post(self) -> str:
        """The text after the figure up to the end of its list item (…15.45亿元、产业扶贫小额信贷2.54亿元)."""
        item_end = _LIST_BREAK.search(self.post)
        return self.post[: item_end.start()] if item_end else self.post

    @_once
    def veto_lead(self) -> str:
        """The text before the figure that a veto word may stand in: its own clause, and the clause
        before when its own clause is nothing but the figure (该县未脱贫78个村，14323户44148人)."""
        alone = not self.own_pre.strip() and not self.item_post.strip(" ，,。；;、）)")
        return self.pre if alone else self.own_pre

    @_once
    def bracketed(self) -> str | None:
        """The text inside the brackets around the figure, if it stands in brackets: there it is an
        aside (35个村（含11个贫困村）全部出列: the 11 counts the poor villages among them) and takes no
        event word from outside. Most sentences hold no opening bracket: one search per sentence
        (`SentenceReading.opens_bracket`) says so for all their figures."""
        if not self.reading.opens_bracket:
            return None
        opened = max(map(self.own_pre.rfind, _OPEN_BRACKETS))
        if opened < 0 or any(c in self.own_pre[opened:] for c in _CLOSE_BRACKETS):
            return None
        closed = min((at for c in _CLOSE_BRACKETS if (at := self.post.find(c)) >= 0), default=-1)
        if closed < 0:
            return None
        return self.own_pre[opened + 1 :] + self.quantity.surface + self.post[:closed]

    @_once
    def sentence_scope(self) -> str:
        """Where an indicator whose event word may stand anywhere earlier in the sentence looks for it:
        the effective clause, then the sentence up to the end of the figure's clause (joined once per
        figure, not once per such indicator)."""
        return self.effective_clause + self.sentence.text[: self.clause.end - self.sentence.start]


class SentenceReading:
    """What the figures of one sentence ask of its text, each read once for all of them.

    A sentence holds several figures, and figures written together (48181户141281人) share their clause
    text: the cues before and after a figure, the target cues, the dates after a target cue and the
    topic text were worked out for each figure from the same strings. Here each is worked out once per
    distinct string (or once per sentence) and looked up after; every answer is the function's own.
    What depends on a clause's text and the lexicon alone (the cues before and after a figure, its
    own noun, the distributive pre-check) is remembered across sentences and reports (`_Memo`): a
    report says 全县累计发放扶贫小额信贷 as the last one did, and only its figures differ."""

    def __init__(self, ctx: ReportContext, sentence: TextSpan) -> None:
        self.sentence = sentence
        self.lexicon = ctx.lexicon
        self.base_year = ctx.base_year
        self.index = _cue_index(ctx.lexicon.indicators, ctx.lexicon.negations)
        self._ctx = ctx
        memos = _memos(ctx.lexicon)
        self._ending: _Memo[str, tuple[frozenset[str], tuple[str, ...]]] = memos.ending
        self._after: _Memo[str, tuple[frozenset[str], str]] = memos.after
        self._distributive: _Memo[str, bool] = memos.distributive
        self._target_leads: _Memo[str, tuple[tuple[tuple[int, int], ...], int]] = memos.target_leads
        self._candidates = memos.candidates
        self._dates_from: dict[int, list[DateMention]] = {}

    def ending(self, pre: str) -> frozenset[str]:
        """The cues in `pre` ending where the nearest cue before the figure does (`_nearest_cue`), none
        when it is too far (`_close_enough`)."""
        return self.ending_longest(pre)[0]

    def ending_longest(self, pre: str) -> tuple[frozenset[str], tuple[str, ...]]:
        """`ending(pre)`, and the same cues longest first (`_longest_ending`)."""
        known = self._ending.get(pre)
        if known is None:
            end, ending = _nearest_cue(pre, self.index.by_last, self.index.backwards)
            ending = ending if end >= 0 and _close_enough(pre, end) else _NONE
            known = self._ending.remember(pre, (ending, _longest_ending(ending)))
        return known

    def after(self, post: str) -> tuple[frozenset[str], str]:
        """The cues right after the figure (`_cues_after`) and its own noun (`head_noun`, read past a
        quantifier noun such as 全部), from the text `post` after it."""
        known = self._after.get(post)
        if known is None:
            rest = post
            for word in self.lexicon.quantifier_nouns:
                rest = rest.removeprefix(word)
            known = self._after.remember(post, (_cues_after(post, self.index.by_first), head_noun(rest[:12])))
        return known

    def may_distribute(self, own_pre: str) -> bool:
        """False when no distributive word can stand in `own_pre` with any cues cut out of it: it holds
        none of `_one_of_each` of the words (`_vetoed` then strips no cues to look)."""
        known = self._distributive.get(own_pre)
        if known is None:
            known = self._distributive.remember(
                own_pre, _one_of_each(self.lexicon.distributive_cues).search(own_pre) is not None
            )
        return known

    @_once
    def topic_text(self) -> str:
        """The sentence and the one before, where an indicator's topic word may stand (`_has_topic`)."""
        previous = self._ctx.previous_sentence(self.sentence)
        return self.sentence.text + (previous.text if previous else "")

    @_once
    def opens_bracket(self) -> bool:
        """Whether the sentence holds an opening bracket: a figure's lead, cut from it, holds none
        when it does not, and the figure stands in no brackets (`FigureSite.bracketed`)."""
        return _OPEN_BRACKET.search(self.sentence.text) is not None

    @_once
    def looks_back(self) -> bool:
        """Whether the sentence says a change happened (a past marker: 减少到, 已, 累计)."""
        return any(m in self.sentence.text for m in self.lexicon.past_cues)

    def candidates(
        self, near: frozenset[str], ending: frozenset[str], head: str, unit: str | None
    ) -> tuple[int, ...]:
        """`_candidates` of a figure in `unit` with the cues `near` after it and `ending` before it,
        remembered by them: the cue sets come from the memos above, so most figures' are the same
        objects as an earlier figure's, and their hashes are kept."""
        key = (near, ending, not head, unit)
        known = self._candidates.get(key)
        if known is None:
            fits = _fitting(self.lexicon, unit) if unit is not None else None
            known = self._candidates.remember(key, tuple(_candidates(self.index, near | ending, head, fits)))
        return known

    def target_lead(self, offset: int) -> tuple[tuple[tuple[int, int], ...], int]:
        """`_target_lead` of the sentence's first `offset` characters, remembered by that text: what
        `_target` reads before a figure, apart from the dates after the cue."""
        before = self.sentence.text[:offset]
        known = self._target_leads.get(before)
        if known is None:
            known = self._target_leads.remember(before, _target_lead(before, self.lexicon))
        return known

    def dates_from(self, start: int) -> list[DateMention]:
        """find_dates(sentence.text[start:], base_year): a sentence's figures after one target cue ask
        it with the same start."""
        known = self._dates_from.get(start)
        if known is None:
            known = self._dates_from[start] = find_dates(self.sentence.text[start:], self.base_year)
        return known


_K = TypeVar("_K")
_V = TypeVar("_V")
MEMO_LIMIT = 1 << 15
"""How many answers a `_Memo` keeps before it forgets them all: far more distinct clause texts than
a report holds, few enough that a long build's memos stay a few megabytes."""


class _Memo(dict[_K, _V]):
    """A pure function's answers by argument, kept across reports: emptied when it grows past
    MEMO_LIMIT, which costs only the answers' being worked out again."""

    def remember(self, key: _K, value: _V) -> _V:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[key] = value
        return value


@dataclass(frozen=True)
class _Memos:
    """The answers `SentenceReading` remembers for one lexicon (see its docstring)."""

    ending: _Memo[str, tuple[frozenset[str], tuple[str, ...]]]
    after: _Memo[str, tuple[frozenset[str], str]]
    distributive: _Memo[str, bool]
    target_leads: _Memo[str, tuple[tuple[tuple[int, int], ...], int]]
    candidates: _Memo[tuple[frozenset[str], frozenset[str], bool, str | None], tuple[int, ...]]


_MEMOS: dict[int, tuple[Lexicon, _Memos]] = {}


def _memos(lexicon: Lexicon) -> _Memos:
    """The `_Memos` of a lexicon, keyed by its identity as `_cue_index` is keyed."""
    known = _MEMOS.get(id(lexicon))
    if known is None or known[0] is not lexicon:
        known = _MEMOS[id(lexicon)] = (lexicon, _Memos(_Memo(), _Memo(), _Memo(), _Memo(), _Memo()))
    return known[1]


@lru_cache(maxsize=64)
def _one_of_each(words: tuple[str, ...]) -> re.Pattern[str]:
    """A class of a few characters, one of them in each of `words` (picked greedily: the character
    most of the words left hold, first): a text holding none of them holds none of the words, nor does
    any text made by cutting pieces out of it, since those keep only its characters."""
    if "" in words:
        return re.compile("")  # an empty word stands in every text
    chosen: list[str] = []
    left = [set(w) for w in words]
    while left:
        counts = Counter(ch for w in left for ch in w)
        best = max(sorted(counts), key=counts.__getitem__)
        chosen.append(best)
        left = [w for w in left if best not in w]
    return re.compile("[" + "".join(map(re.escape, chosen)) + "]") if chosen else re.compile("(?!)")


@dataclass(frozen=True)
class _CueIndex:
    """Which indicators each counted cue belongs to, the cues by their first character, and the
    indicators that take bare figures: a figure is judged only against the indicators whose cue is
    near it (or that take bare figures), not against all of them."""

    owners: dict[str, tuple[int, ...]]
    bare: tuple[int, ...]
    by_first: dict[str, tuple[str, ...]]  # the counted cues by their first character
    by_last: dict[str, tuple[str, ...]]  # and by their last
    backwards: re.Pattern[str]  # every counted cue written backwards, as one pattern (`_nearest_cue`)
    # Each indicator's counted cues longest first and as a set, by position: looked up for every
    # candidate of every figure, where an lru_cache would hash the whole tuple each time.
    longest: tuple[tuple[str, ...], ...]
    cue_sets: tuple[frozenset[str], ...]
    vetoes: tuple[re.Pattern[str], ...]  # each indicator's veto words as one pattern (`_any_veto`)
    # And its event words with no negation before them (`_unnegated`): one search says what
    # `_has_event` said looking for each word and each negation in turn.
    events: tuple[re.Pattern[str], ...]


_INDEXES: dict[tuple[int, int], tuple[tuple[IndicatorCues, ...], tuple[str, ...], _CueIndex]] = {}


def _cue_index(indicators: tuple[IndicatorCues, ...], negations: tuple[str, ...] = ()) -> _CueIndex:
    """The `_CueIndex` of a lexicon's indicators and negation words, made once (keyed by the tuple's
    identities: hashing the lexicon's indicators for each figure would cost as much as gathering them)."""
    key = (id(indicators), id(negations))
    known = _INDEXES.get(key)
    if known is None or known[0] is not indicators or known[1] is not negations:
        owners: dict[str, list[int]] = {}
        for at, ind in enumerate(indicators):
            for cue in ind.counted:
                owners.setdefault(cue, []).append(at)
        index = _CueIndex(
            {cue: tuple(ats) for cue, ats in owners.items()},
            tuple(at for at, ind in enumerate(indicators) if ind.bare),
            _by_first(owners),
            _by_last(owners),
            any_of(tuple(cue[::-1] for cue in owners)),
            tuple(longest_first(ind.counted) for ind in indicators),
            tuple(frozenset(ind.counted) for ind in indicators),
            tuple(any_of(ind.vetoes) for ind in indicators),
            tuple(_unnegated(ind.events, negations) for ind in indicators),
        )
        known = _INDEXES[key] = (indicators, negations, index)
    return known[2]


def _unnegated(events: tuple[str, ...], negations: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern finding an event word with no negation right before it, as `_has_event` finds one:
    each word is followed by a look-behind per negation over the negation and the word (fixed widths,
    where one look-behind before the words would need one width), so the pattern opens with the
    words and re skips in C to where one of them may begin."""
    if not events:
        return re.compile("(?!)")
    return re.compile(
        "|".join(re.escape(e) + "".join(f"(?<!{re.escape(n + e)})" for n in negations) for e in events)
    )


def _by_first(cues: Iterable[str]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for cue in cues:
        grouped.setdefault(cue[0], []).append(cue)
    return {first: tuple(group) for first, group in grouped.items()}


def _by_last(cues: Iterable[str]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for cue in cues:
        grouped.setdefault(cue[-1], []).append(cue)
    return {last: tuple(group) for last, group in grouped.items()}


def _candidates(index: _CueIndex, cues: Iterable[str], head: str, fits: dict[int, str] | None) -> list[int]:
    """The indicators (by position, in lexicon order) that can take a figure: those owning one of
    `cues` (attached after or before it) and, when no noun of its own follows the figure, those that
    take bare figures; of them, when the figure has a written unit, those in `fits` (`_fitting`: the
    others would get no unit). Any other indicator is skipped by `match_indicators`: one set
    intersection, where each candidate was tested in turn."""
    found = {at for cue in cues for at in index.owners[cue]}
    if not head:
        found.update(index.bare)
    return sorted(found if fits is None else found & fits.keys())


def _strip_cues(text: str, cues: tuple[str, ...]) -> str:
    for cue in longest_first(cues):
        text = text.replace(cue, "")
    return text


def _post_attached(
    longest: tuple[str, ...], near: frozenset[str], cues: frozenset[str] | None = None
) -> str | None:
    """The cue naming what the figure counts, when it follows within a few modifier characters:
    the longest of this indicator's cues (`longest`, longest first) among `near`, those that do
    (`_cues_after`). A lone cue after the figure (most figures with one) takes one membership test
    in `cues`, the same cues as a set, where the loop tested each of `longest`."""
    if not near:
        return None
    if len(near) == 1 and cues is not None:
        (only,) = near
        return only if only in cues else None
    return next((cue for cue in longest if cue in near), None)


def _cues_after(post: str, by_first: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The cues that begin within MAX_MODIFIER characters after the figure with no list break or other
    figure before them; read once per figure for every indicator, and at each place only the cues
    opening with its character are tried (`by_first`: the cues by their first character). Most
    figures have none after them: those share one empty set, and no set is built for them."""
    found = []
    for at, ch in enumerate(post[: MAX_MODIFIER + 1]):
        found.extend(cue for cue in by_first.get(ch, ()) if post.startswith(cue, at))
        if at == MAX_MODIFIER or ch.isdigit() or ch in _LIST_BREAKS:
            break
    return frozenset(found) if found else _NONE


def _nearest_cue(
    pre: str, by_last: dict[str, tuple[str, ...]], backwards: re.Pattern[str]
) -> tuple[int, frozenset[str]]:
    """Where the cue nearest before the figure ends in `pre`, and every cue ending there (-1 and none
    when `pre` holds no cue; `by_last`: the cues by their last character).

    Nearest means: no other indicator's cue ends closer to the figure (a cue is identified by where it
    ends, so 建档立卡贫困人口 and 贫困人口 are the same attachment). `backwards` is every cue written
    backwards as one pattern: its first match in `pre` reversed starts where the nearest cue ends, read
    from the figure back in one search, where a loop tried each character of `pre` in turn.
    """
    found = backwards.search(pre[::-1])
    if found is None:
        return -1, _NONE
    end = len(pre) - found.start()
    return end, frozenset(c for c in by_last[pre[end - 1]] if pre.endswith(c, 0, end))


def _close_enough(pre: str, end: int) -> bool:
    """Whether the cue ending at `end` in `pre` (the nearest) is close enough to the figure to take it.

    The gap to the figure holds no other figure, and may cross one clause break when the figure's own
    clause only opens with a short verb: 人均可支配收入年均增长9.98%，达到11109元.
    """
    gap = _RESPECTIVE_GAP.sub("", _BASELINE_LEAD.sub("", _BASELINE.sub("", pre[end:])))
    breaks = list(_GAP_BREAK.finditer(gap))
    if len(breaks) == 1 and len(gap) - breaks[0].end() <= SHORT_LEAD:
        if _has_digit(gap[breaks[0].end() :]):
            return False
        gap = gap[: breaks[0].start()]
    elif breaks or _has_digit(gap):
        return False
    return len(gap) <= MAX_PRE_GAP


def _pre_attached(cues: frozenset[str], ending: tuple[str, ...]) -> str | None:
    """This indicator's cue when it is the nearest cue before the figure and close enough to it:
    the longest of its cues (the set `cues`) among `ending`, the cues that end where the nearest one
    does (`_nearest_cue`), longest first (`_longest_ending`): the first of them it owns."""
    for cue in ending:
        if cue in cues:
            return cue
    return None


def _longest_ending(ending: frozenset[str]) -> tuple[str, ...]:
    """The cues ending where the nearest one does, longest first: two cues of one length ending there
    are the same word, so the first an indicator owns is the longest (sorted once per figure, where
    each candidate took the longest of those it owns)."""
    return tuple(sorted(ending, key=len, reverse=True))


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


@lru_cache(maxsize=8192)
def head_noun(post: str) -> str:
    """The noun phrase right after a figure ('' when a verb, preposition or punctuation follows).

    Adjectives and distinguishing words may open it (贫困乡镇, 重点村) but a noun must be in it. A term
    in quotation marks right after the figure (5728户‘三类户’) is its noun, whatever its parts.
    """
    quoted = _QUOTED.match(post)
    if quoted:
        return quoted.group(1)
    words: list[tuple[str, str]] = []
    for word, flag in tag(post.lstrip(_OPENING_QUOTES)[:10]):
        if not (flag.startswith(_NOUN_TAGS) or flag in _MODIFIER_TAGS):
            break
        words.append((word, flag))
    while words and words[-1][1] in _MODIFIER_TAGS:
        words.pop()
    return "".join(w for w, _ in words) if any(f.startswith(_NOUN_TAGS) for _, f in words) else ""


_FITTING: dict[tuple[int, str], tuple[Lexicon, dict[int, str]]] = {}


def _fitting(lexicon: Lexicon, unit: str) -> dict[int, str]:
    """The indicators (by position) a figure written with `unit` can measure, each with the unit
    `_unit_for` gives the figure as it. A written unit alone decides both, so a figure's candidates
    are narrowed by one set intersection before any cue of theirs is read (most candidates of a figure
    do not fit its unit), and each one's unit is a look-up. Made once per lexicon and unit, keyed by
    identity as `_cue_index` is."""
    known = _FITTING.get((id(lexicon), unit))
    if known is None or known[0] is not lexicon:
        fitted = ((at, _fitted_unit(unit, cues, lexicon)) for at, cues in enumerate(lexicon.indicators))
        known = _FITTING[(id(lexicon), unit)] = (lexicon, {at: u for at, u in fitted if u is not None})
    return known[1]


def _unit_for(quantity: Quantity, cues: IndicatorCues, lexicon: Lexicon, head: str) -> str | None:
    """The unit this figure has as this indicator, or None when they do not fit.

    A figure written without a unit (16.3万建档立卡贫困人口, 12.6万贫困群众) takes it from how the
    counted noun ends (人口, 群众 → person; 户 → household; the ontology's fp:nounEnding labels).
    """
    unit = quantity.unit
    if unit is None:
        ending = max((e for e in lexicon.noun_units if head.endswith(e)), key=len, default=None)
        if ending is None:
            return None
        unit = lexicon.noun_units[ending]
    return _fitted_unit(unit, cues, lexicon)


def _fitted_unit(unit: str, cues: IndicatorCues, lexicon: Lexicon) -> str | None:
    """The unit a figure in `unit` has as this indicator (a generic count takes the indicator's own
    count unit), or None when it does not fit."""
    if unit == cues.default_unit or unit in cues.allowed_units:
        return unit
    if unit in lexicon.count_units_generic and cues.default_unit in lexicon.count_units:
        return cues.default_unit
    return None


def _has_event(text: str, events: Iterable[str], negations: tuple[str, ...]) -> bool:
    """Whether an event word stands in `text` without a negation right before it (未退出 is no exit)."""
    for event in events:
        at = text.find(event)
        while at >= 0:
            if not any(text.endswith(n, 0, at) for n in negations):
                return True
            at = text.find(event, at + 1)
    return False


def _any_veto(vetoes: re.Pattern[str], lead: str, post: str) -> bool:
    """Whether any veto word (`vetoes`: `any_of` them) stands in `lead` or `post`: two searches, where
    a test of each word in each text cost more, and most figures have none of them near."""
    return vetoes.search(lead) is not None or vetoes.search(post) is not None


def _vetoed(
    site: FigureSite,
    cues: IndicatorCues,
    lexicon: Lexicon,
    cue: str | None,
    vetoes: re.Pattern[str],
    may_distribute: bool,
) -> bool:
    """Whether a veto word rules the indicator out, or the figure is a per-unit amount.

    Veto words count before the figure in its clause and after it up to the end of its list item (a
    preceding 按照…标准 does not veto it, nor does a later item of a list). A remaining stock (剩余,
    未脱贫) is lifted when the item says so right after the figure (未脱贫的832户2158人全部脱贫).
    Distributive words (每人, 年均) just before the figure rule out any indicator.
    `vetoes` is `any_of(cues.vetoes)`: the words are read one by one only when one of them is there;
    `may_distribute` is `site.reading.may_distribute(site.own_pre)`, asked once per figure.
    """
    lead, post = site.veto_lead, site.item_post
    for veto in cues.vetoes if _any_veto(vetoes, lead, post) else ():
        if veto not in lead and veto not in post:
            continue
        lifted = cues.lifts_stock and veto in lexicon.remaining_cues and veto not in post
        if not (lifted and _has_event(post, cues.events, lexicon.negations)):
            return True
    if not may_distribute:
        return False
    lead = _strip_cues(site.own_pre, (*cues.counted, *((cue,) if cue else ())))
    return any_of(lexicon.distributive_cues).search(lead[-MAX_PRE_GAP:]) is not None


def _is_subset(ctx: ReportContext, site: FigureSite, unit: str, earlier: dict[str, int]) -> bool:
    """A figure after a subset word (其中) is a part of a total the sentence already gave as an
    observation in the same unit (贫困村118个，其中深度贫困村56个; 退出贫困村127个（其中非贫困村2个）);
    after a count that is no observation it stands on its own (全县辖58个村，其中有建档立卡贫困村43个)."""
    if unit not in earlier:
        return False
    between = ctx.view.text[earlier[unit] : site.quantity.start]
    return any(s in between for s in ctx.lexicon.subset_cues)


def _has_topic(site: FigureSite, cues: IndicatorCues) -> bool:
    if not cues.context:
        return True
    text = site.reading.topic_text
    return any(c in text for c in cues.context)


def _urban_figure(ctx: ReportContext, site: FigureSite) -> bool:
    """In 城镇、农村居民人均可支配收入分别为A元、B元 (or 城乡居民…分别为A元、B元) whether this figure is
    the one paired with the urban residents: holders listed before 分别 pair one to one with the figures
    of the same unit after it. Every indicator here counts the rural or the poor, so such a figure
    measures none."""
    text = site.clause.text
    at = text.find(_RESPECTIVELY)
    offset = site.quantity.start - site.clause.start
    if at < 0 or offset < at:
        return False
    figures = [
        q for q in ctx.quantities
        if site.clause.start + at <= q.start < site.clause.end and q.unit == site.quantity.unit
    ]  # fmt: skip
    holders = _holders(text[:at], ctx.lexicon)
    if len(holders) < 2 or len(holders) != len(figures):
        return False
    holder = holders[figures.index(site.quantity)]
    return any(u in holder for u in ctx.lexicon.urban_cues)


def _holders(lead: str, lexicon: Lexicon) -> list[str]:
    """The coordinated holders before a respective cue: 城镇和农村居民… → [城镇, 农村居民…]; an
    urban-rural pair word (城乡) is two holders, its first character urban, the rest rural."""
    parts = [p for p in _HOLDERS.split(lead) if p]
    if len(parts) == 1:
        pair = next((w for w in lexicon.urban_rural_pairs if parts[0].startswith(w)), None)
        if pair is not None:
            return [pair[0], parts[0][1:]]
    return parts


def _specificity(candidate: tuple[IndicatorCues, str, str, float, str | None]) -> tuple:
    """How closely an indicator fits a figure: its own noun after it, then an event word the indicator
    demands and found, then a topic it demands and found."""
    cues, _unit, rule, _confidence, _cue = candidate
    return (rule == "indicators.post-noun", bool(cues.events), bool(cues.context))


def match_indicators(
    ctx: ReportContext, site: FigureSite, earlier: dict[str, int] | None = None
) -> list[tuple[IndicatorCues, str, str, float]]:
    """(indicator, unit, rule, confidence) for the indicator the figure measures, if any.

    A figure is one fact: when several indicators could take it (86个贫困村全部出列: poor villages or
    villages exited), the most specific one does (see `_specificity`). Only indicators that fit equally
    well share it: 16.3万建档立卡贫困人口全部脱贫 is the register and the people lifted.
    `earlier` holds, for each unit already given an observation in the sentence, where that figure
    ends (for subsets after 其中).
    A baseline (由33.2%下降到1.24%: the 33.2%) is a value of its own year and is read like any figure.
    """
    lexicon = ctx.lexicon
    index = site.reading.index
    ending, longest_ending = site.reading.ending_longest(site.pre)
    near, head = site.reading.after(site.post)
    attached, bare = [], []
    urban = None  # _urban_figure, asked once
    distributes = None  # SentenceReading.may_distribute of the figure's own lead, asked once
    fits = _fitting(lexicon, site.quantity.unit) if site.quantity.unit is not None else None
    for at in site.reading.candidates(near, ending, head, site.quantity.unit):
        cues = lexicon.indicators[at]
        post_cue = _post_attached(index.longest[at], near, index.cue_sets[at]) if near else None
        own_head = not head or post_cue is not None
        cue = post_cue or (_pre_attached(index.cue_sets[at], longest_ending) if own_head else None)
        rule = "indicators.post-noun" if post_cue else "indicators.pre-cue"
        if cue is None:
            if not cues.bare or not own_head:
                continue
            rule = "indicators.bare-event"
        unit = fits[at] if fits is not None else _unit_for(site.quantity, cues, lexicon, post_cue or "")
        if unit is None:
            continue
        # The tests are all filters: those that rule most candidates out (the event word) come first.
        scope = site.bracketed
        if scope is None:
            scope = site.sentence_scope if cues.sentence_events else site.effective_clause
        if cues.events and index.events[at].search(scope) is None:
            continue
        if not _has_topic(site, cues):
            continue
        if distributes is None:
            distributes = site.reading.may_distribute(site.own_pre)
        if _vetoed(site, cues, lexicon, cue, index.vetoes[at], distributes):
            continue
        if _is_subset(ctx, site, unit, earlier or {}):
            continue
        if urban is None:
            urban = _urban_figure(ctx, site)
        if urban:
            continue
        confidence = _CONFIDENCE.get(rule, 0.75)
        (bare if cue is None else attached).append((cues, unit, rule, confidence, cue))
    candidates = attached or bare
    if len(candidates) < 2:
        return [c[:4] for c in candidates]  # one candidate is the most specific: no ranking
    best = max(_specificity(c) for c in candidates)
    return [c[:4] for c in candidates if _specificity(c) == best]


def _target(reading: SentenceReading, offset: int) -> tuple[bool, int | None]:
    """Whether a target cue precedes the figure in its sentence, and the year it aims at.

    到2020年 usually aims ahead; it looks back (by the end of 2019 …) only when the year lies before the
    report's year and the sentence says the change happened (减少到, 已, 累计 — the ontology's past
    markers): 到2019年底，全县贫困人口减少到1.3万人 in a 2020 report is an outcome.
    """
    base_year = reading.base_year
    years, cue_at = reading.target_lead(offset)
    year_cue = -1  # where the last 到…年 in the sentence before the figure starts
    for start, year in years:
        if not (base_year is not None and year < base_year and reading.looks_back):
            year_cue = start
    if cue_at < 0 and year_cue < 0:
        return False, None
    start = min(x for x in (cue_at, year_cue) if x >= 0)
    years = [d.year for d in reading.dates_from(start) if d.year]
    return True, (years[0] if years else None)


def _target_lead(before: str, lexicon: Lexicon) -> tuple[tuple[tuple[int, int], ...], int]:
    """What the text before a figure says of a target: (start, year) of each 到2020年 in it, in order,
    and where the last target cue wholly in it starts (the largest of the cues' `str.rfind`; -1 when
    there is none or the text says after it that the aim was met, `_target_met`)."""
    years = tuple((m.start(), int(m.group(1))) for m in _YEAR_TARGET.finditer(before))
    cue_at = max(map(before.rfind, lexicon.target_cues)) if any_of(lexicon.target_cues).search(before) else -1
    if cue_at >= 0 and _target_met(before, cue_at, lexicon):
        cue_at = -1
    return years, cue_at


def _target_met(before: str, cue_at: int, lexicon: Lexicon) -> bool:
    """Whether the sentence says, after a target cue and before the figure, that the aim was met:
    全县脱贫攻坚目标任务取得决定性进展，全县累计实现…脱贫 reports outcomes. 累计 counts only from a
    later clause (确保2020年累计脱贫1万人 stays a target)."""
    cue = next(c for c in lexicon.target_cues if before.startswith(c, cue_at))
    after = before[cue_at + len(cue) :]
    later = _GAP_BREAK.split(after, maxsplit=1)[1] if _GAP_BREAK.search(after) else ""
    return any(m in (later if m == _CUMULATIVE else after) for m in lexicon.outcome_cues)


def _baseline_period(site: FigureSite) -> tuple[bool, int | None]:
    """Whether the figure is the baseline of a change (贫困发生率由2014年的12.7%降至0.23%: the 12.7%),
    and the year it is dated by. A baseline is a value of its own time, read like any figure; it needs a
    change verb after it in its clause, so 由300名干部组成 is no baseline."""
    lead = _BASELINE_LEAD.search(site.own_pre)
    if lead is None or not _CHANGE_WORD.search(site.item_post or site.post):
        return False, None
    year = _BASELINE_YEAR.search(lead.group())
    return True, (int(year.group(1)) if year else None)


_PERIODS: _Memo[tuple[str, int | None], tuple[int | None, int | None]] = _Memo()


def _period(sentence: TextSpan, offset: int, base_year: int | None) -> tuple[int | None, int | None]:
    """`_period_before` the figure at `offset` in `sentence`, remembered by the text before it: the
    sentences of reports repeat their openings (截至2019年底，全县累计…), and each figure's period
    read the dates of its sentence's opening anew."""
    before = sentence.text[:offset]
    known = _PERIODS.get((before, base_year))
    if known is None:
        known = _PERIODS.remember((before, base_year), _period_before(before, base_year))
    return known


def _period_before(before: str, base_year: int | None) -> tuple[int | None, int | None]:
    """The reference period of a figure, from what its sentence says before it (`before`).

    The last year named (2020年全区… → 2020; 今年/去年 against the report's year), a year range
    (2016—2019年 → 2016–2019), an end point (截至2019年底 → up to 2019), or a span counted back from the
    report's year (近三年, 5年来 → the last three or five years). A year that dates a baseline
    (由2014年的100个减少到…) dates nothing after the change.
    """
    mentions = [d for d in find_dates(before, base_year) if d.year]
    span = _YEARS_BACK.search(before)
    if span and base_year and (not mentions or mentions[-1].end <= span.start()):
        years = parse_number(span.group(1) or span.group(2))
        return base_year - int(years) + 1, base_year
    if not mentions or _dates_a_baseline(before, mentions[-1].start, mentions[-1].end):
        return None, None
    year = mentions[-1].year
    if len(mentions) > 1 and _RANGE_JOIN.fullmatch(before[mentions[-2].end : mentions[-1].start]):
        return mentions[-2].year, year
    lead = before[max(0, mentions[-1].start - 2) : mentions[-1].start]
    if lead.endswith(("截至", "截止", "至")):
        return None, year
    return year, year


def _dates_a_baseline(before: str, start: int, end: int) -> bool:
    """Whether the year at before[start:end] dates the baseline of a change that leads to the figure
    (由2014年的12.7%降至…, 从2014年底的…减少到…): then it dates nothing after the change. A year that
    opens the clause (2016年，全县贫困发生率降至9.5%) dates the result."""
    if not _CHANGE_TO_WORD.search(before[end:]):
        return False
    return bool(_FROM_BEFORE.search(before[:start]))


def _respective_year(ctx: ReportContext, site: FigureSite) -> int | None:
    """For 2014年、2015年分别脱贫21963人、32972人: the year listed in the same place as the figure.

    The years listed before 分别 pair one to one with the figures of the same unit after it in its
    clause; None when the sentence has no such list or the counts do not match.
    """
    text = site.sentence.text
    at = text.find(_RESPECTIVELY)
    if at < 0 or site.quantity.start - site.sentence.start < at:
        return None
    years = [d.year for d in find_dates(text[:at], ctx.base_year) if d.year]
    figures = [
        q for q in ctx.quantities
        if max(site.sentence.start + at, site.clause.start) <= q.start < site.clause.end
        and q.unit == site.quantity.unit
    ]  # fmt: skip
    if len(years) < 2 or len(years) != len(figures):
        return None
    return years[figures.index(site.quantity)]


def _paired(ctx: ReportContext, a: Quantity, b: Quantity) -> bool:
    """Whether two figures are one compound (48181户141281人, 11163户、30806人, 22255 户 83821 名):
    written together, or households then persons with only a list mark or a space between them."""
    if a.end == b.start:
        return True
    gap = ctx.view.text[a.end : b.start]
    return a.unit != b.unit and len(gap) <= 2 and gap.strip() in ("", "、") and "\n" not in gap


def _sites(ctx: ReportContext, sentence: TextSpan, quantities: list[Quantity]) -> list[FigureSite]:
    """Each figure of a sentence with its clause context; pairs like 48181户141281人 share context.
    A sentence's clauses are in order and do not overlap (`split_clauses`), so a figure's clause is
    found by bisection and the clause before it is the one before in the list."""
    sites = []
    clauses = ctx.clauses(sentence)
    starts = [c.start for c in clauses]  # in order and apart: a figure is in the last opening before it
    reading = SentenceReading(ctx, sentence)
    for at, q in enumerate(quantities):
        held = bisect_right(starts, q.start) - 1
        if held < 0 or q.start >= clauses[held].end:
            continue
        clause = clauses[held]
        first, i = q, at
        while i > 0 and _paired(ctx, quantities[i - 1], first):
            i -= 1
            first = quantities[i]
        last, j = q, at
        while j + 1 < len(quantities) and _paired(ctx, last, quantities[j + 1]):
            j += 1
            last = quantities[j]
        pre = own_pre = ctx.view.text[clause.start : first.start]
        post = ctx.view.text[last.end : clause.end]
        effective = clause.text
        if len(pre) <= SHORT_LEAD and held > 0:  # the clauses before it end before it
            pre = clauses[held - 1].text + "，" + pre
            effective = clauses[held - 1].text + "，" + clause.text
        sites.append(FigureSite(q, sentence, clause, pre, post, effective, own_pre, reading))
    return sites


def extract_indicators(ctx: ReportContext) -> list[ObservationFact]:
    """Observations for every figure the indicator cues tie to an indicator (unattributed, county None,
    when the report has no subject county and the figure's clauses name no place)."""
    facts = []
    starts = [q.start for q in ctx.quantities]  # in text order: a sentence's figures are one slice
    breakdown = any_of(ctx.lexicon.breakdown_cues)
    for sentence in ctx.sentences:
        quantities = ctx.quantities[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        if not quantities or breakdown.search(sentence.text):
            continue
        earlier: dict[str, int] = {}
        for site in _sites(ctx, sentence, quantities):
            # Most figures measure nothing: whether their clause is about elsewhere is not asked.
            matched = match_indicators(ctx, site, earlier)
            if not matched or ctx.figure_elsewhere(sentence, site.clause):
                continue
            found = _facts(ctx, site, matched)
            for fact in found:
                earlier.setdefault(fact.unit, site.quantity.end)
            facts.extend(found)
    return merge_restatements(facts)


def merge_restatements(facts: list[ObservationFact]) -> list[ObservationFact]:
    """A fact stated twice (in the lead without a year, in the body with one) is one fact: a figure with
    no reference period takes the period of the same figure (county, indicator, value, unit, status,
    place) stated elsewhere in the report, when that figure is stated with one period only. The graph
    then mints one Observation citing both evidences. Most reports' facts are all dated or all undated,
    and then none takes a period: no key is built."""
    dated = sum(f.period_start is not None or f.period_end is not None for f in facts)
    if dated == 0 or dated == len(facts):
        return list(facts)
    periods: dict[tuple, set[tuple]] = {}
    for f in facts:
        if f.period_start is not None or f.period_end is not None:
            periods.setdefault(_restatement_key(f), set()).add((f.period_start, f.period_end))
    merged = []
    for f in facts:
        known = periods.get(_restatement_key(f), set())
        if f.period_start is None and f.period_end is None and len(known) == 1:
            start, end = next(iter(known))
            f = replace(f, period_start=start, period_end=end)
        merged.append(f)
    return merged


def _restatement_key(f: ObservationFact) -> tuple:
    return (f.county_code, f.indicator, f.value, f.unit, f.status, f.target_year, f.place)


def place_of(ctx: ReportContext, site: FigureSite) -> str | None:
    """The township a figure is about, when its sentence names one the gazetteer files under the county
    before it (其中，东风镇建成…; 某镇建立了安置点，已安置57户161人). Such figures belong to the township; a
    county total is stated by its own county-level words (全县, 我县 after the township end its reach).
    A village named right after the township (双溪桥镇杨堡村) is more precise still.
    """
    if ctx.county is None:
        return None
    lead = site.sentence.text[: site.quantity.start - site.sentence.start]
    townships = townships_in(lead, ctx.townships())
    if not townships:
        return None
    _start, end, name = townships[-1]
    if ctx.names_self(lead[end:]):
        return None
    village = _VILLAGE_AFTER.match(lead, end)
    return village.group(1) if village else name


def _observations(ctx: ReportContext, site: FigureSite, earlier: dict[str, int]) -> list[ObservationFact]:
    """The observations of one figure, whatever its clause is about."""
    matched = match_indicators(ctx, site, earlier)
    if not matched:
        return []  # most figures measure nothing: their period, target and place are not read
    return _facts(ctx, site, matched)


def _facts(
    ctx: ReportContext, site: FigureSite, matched: list[tuple[IndicatorCues, str, str, float]]
) -> list[ObservationFact]:
    """The observations of a figure `match_indicators` matched: its target, period and place."""
    q = site.quantity
    offset = q.start - site.sentence.start
    is_target, target_year = _target(site.reading, offset)
    start, end = (None, None) if is_target else _period(site.sentence, offset, ctx.base_year)
    baseline, baseline_year = _baseline_period(site)
    if baseline and not is_target:
        start = end = baseline_year
    respective = _respective_year(ctx, site)
    if respective is not None and not is_target:
        start = end = respective
    place = place_of(ctx, site)
    facts = []
    for cues, unit, rule, confidence in matched:
        evidence = ctx.evidence(site.sentence, rule, confidence * ctx.county_confidence, (q.start, q.end))
        facts.append(
            ObservationFact(
                county_code=ctx.county,
                indicator=cues.notation,
                value=Decimal(q.value),
                unit=unit,
                evidence=evidence,
                status="target" if is_target else "achieved",
                approximate=q.approximate,
                period_start=start,
                period_end=end,
                target_year=target_year,
                place=place,
            )
        )
    return facts
