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
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from fupin.extract.context import ReportContext
from fupin.extract.dates import find_dates
from fupin.extract.facts import ObservationFact
from fupin.extract.lexicon import IndicatorCues, Lexicon
from fupin.extract.places import townships_in
from fupin.extract.quantities import Quantity, parse_number
from fupin.extract.segmenter import posseg
from fupin.extract.sentences import Span

MAX_MODIFIER = 6
MAX_PRE_GAP = 12
SHORT_LEAD = 4
_GAP_BREAK = re.compile(r"[，,；;。！？!?]")
_LIST_BREAK = re.compile(r"[，,；;。！？!?、]")
_NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "vn", "an")
_MODIFIER_TAGS = ("a", "b", "j")
_CHANGE_TO = "(?:下降|降低|减少|提高|提升|增加|增长|上升|降|增)(?:到|至|为)"
_BASELINE = re.compile(rf"^[由从].{{0,24}}?{_CHANGE_TO}(?:\d{{4}}年(?:底|末)?的?)?$")
_BASELINE_LEAD = re.compile(r"[由从](?:\d{4}年(?:底|末)?的?)?$")
_VILLAGE_AFTER = re.compile(r"([\u4e00-\u9fff]{2,3}村)")
_FEW = r"([一二三四五六七八九十两\d]{1,2})"
_YEARS_BACK = re.compile(rf"(?:近|过去){_FEW}年(?:来|间|中)?|{_FEW}年来")
_RANGE_JOIN = re.compile(r"年?\s*[—–\-~～至到]\s*")
_RESPECTIVELY = "分别"
_OPENING_QUOTES = "“‘「『\"'"
_YEAR_TARGET = re.compile(r"(?<![截至加高降升长少])到(\d{4})年")


@dataclass(frozen=True)
class FigureSite:
    """A figure in its clause: the text around it as the cue rules see it (view offsets)."""

    quantity: Quantity
    sentence: Span
    clause: Span
    pre: str
    post: str
    effective_clause: str
    own_pre: str


def _strip_cues(text: str, cues: tuple[str, ...]) -> str:
    for cue in sorted(cues, key=len, reverse=True):
        text = text.replace(cue, "")
    return text


def _post_attached(post: str, cues: tuple[str, ...]) -> str | None:
    """The cue naming what the figure counts, when it follows within a few modifier characters."""
    for cue in sorted(cues, key=len, reverse=True):
        at = post.find(cue, 0, MAX_MODIFIER + len(cue))
        if at >= 0 and not _LIST_BREAK.search(post[:at]) and not _has_digit(post[:at]):
            return cue
    return None


def _cue_ends(pre: str, cues: Iterable[str]) -> dict[str, int]:
    """Where each cue's last occurrence in `pre` ends, for the cues that occur."""
    return {c: pre.rfind(c) + len(c) for c in cues if c in pre}


def _pre_attached(pre: str, cues: tuple[str, ...], ends: dict[str, int]) -> str | None:
    """This indicator's cue when it is the nearest cue before the figure and close enough to it.

    Nearest means: no other indicator's cue ends closer to the figure (a cue is identified by where it
    ends, so 建档立卡贫困人口 and 贫困人口 are the same attachment); `ends` holds every indicator cue's
    end in `pre`. The gap to the figure holds no other figure, and may cross one clause break when the
    figure's own clause only opens with a short verb: 人均可支配收入年均增长9.98%，达到11109元.
    """
    end = max(ends.values(), default=-1)
    own = [c for c in cues if ends.get(c) == end]
    if end < 0 or not own:
        return None
    cue = max(own, key=len)
    gap = _BASELINE.sub("", pre[end:])
    breaks = list(_GAP_BREAK.finditer(gap))
    if len(breaks) == 1 and len(gap) - breaks[0].end() <= SHORT_LEAD:
        if _has_digit(gap[breaks[0].end() :]):
            return None
        gap = gap[: breaks[0].start()]
    elif breaks or _has_digit(gap):
        return None
    return cue if len(gap) <= MAX_PRE_GAP else None


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


@lru_cache(maxsize=8192)
def head_noun(post: str) -> str:
    """The noun phrase right after a figure ('' when a verb, preposition or punctuation follows).

    Adjectives and distinguishing words may open it (贫困乡镇, 重点村) but a noun must be in it.
    """
    words: list[tuple[str, str]] = []
    for word, flag in posseg.cut(post.lstrip(_OPENING_QUOTES)[:10]):
        if not (flag.startswith(_NOUN_TAGS) or flag in _MODIFIER_TAGS):
            break
        words.append((word, flag))
    while words and words[-1][1] in _MODIFIER_TAGS:
        words.pop()
    return "".join(w for w, _ in words) if any(f.startswith(_NOUN_TAGS) for _, f in words) else ""


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
    if unit == cues.default_unit or unit in cues.allowed_units:
        return unit
    if unit in lexicon.count_units_generic and cues.default_unit in lexicon.count_units:
        return cues.default_unit
    return None


def _vetoed(site: FigureSite, cues: IndicatorCues, lexicon: Lexicon, cue: str | None) -> bool:
    """Veto words count in the figure's own clause only (a preceding 按照…标准 does not veto it);
    distributive words (每人, 年均) and subset words (其中) just before the figure rule out any indicator:
    the figure is a per-unit amount or a part, not the county's total."""
    if any(v in site.clause.text for v in cues.vetoes):
        return True
    lead = _strip_cues(site.own_pre, (*cues.counted, *((cue,) if cue else ())))
    return any(d in lead[-MAX_PRE_GAP:] for d in (*lexicon.distributive_cues, *lexicon.subset_cues))


def _has_topic(ctx: ReportContext, site: FigureSite, cues: IndicatorCues) -> bool:
    if not cues.context:
        return True
    previous = ctx.previous_sentence(site.sentence)
    text = site.sentence.text + (previous.text if previous else "")
    return any(c in text for c in cues.context)


def match_indicators(ctx: ReportContext, site: FigureSite) -> list[tuple[IndicatorCues, str, str, float]]:
    """(indicator, unit, rule, confidence) for every indicator the figure measures.

    A baseline (由33.2%下降到1.24%: the 33.2%) is a past value the sentence moves away from, not the
    outcome it reports, and measures nothing here.
    """
    if _BASELINE_LEAD.search(site.pre):
        return []
    lexicon = ctx.lexicon
    ends = _cue_ends(site.pre, {c for ind in lexicon.indicators for c in ind.counted})
    head = head_noun(site.post[:12])
    attached, bare = [], []
    for cues in lexicon.indicators:
        post_cue = _post_attached(site.post, cues.counted)
        own_head = not head or post_cue is not None
        cue = post_cue or (_pre_attached(site.pre, cues.counted, ends) if own_head else None)
        rule = "indicators.post-noun" if post_cue else "indicators.pre-cue"
        if cue is None:
            if not cues.bare or not own_head:
                continue
            rule = "indicators.bare-event"
        unit = _unit_for(site.quantity, cues, lexicon, post_cue or "")
        if unit is None or _vetoed(site, cues, lexicon, cue):
            continue
        scope = site.effective_clause
        if cues.sentence_events:
            scope += site.sentence.text[: site.clause.end - site.sentence.start]
        if cues.events and not any(e in scope for e in cues.events):
            continue
        if not _has_topic(ctx, site, cues):
            continue
        confidence = {"indicators.post-noun": 0.9, "indicators.pre-cue": 0.85}.get(rule, 0.75)
        (bare if cue is None else attached).append((cues, unit, rule, confidence))
    return attached or bare


def _target(sentence: Span, offset: int, lexicon: Lexicon, base_year: int | None) -> tuple[bool, int | None]:
    """Whether a target cue precedes the figure in its sentence, and the year it aims at.

    到2020年 usually aims ahead; it looks back (by the end of 2019 …) only when the year lies before the
    report's year and the sentence says the change happened (减少到, 已, 累计 — the ontology's past
    markers): 到2019年底，全县贫困人口减少到1.3万人 in a 2020 report is an outcome.
    """
    before = sentence.text[:offset]
    looks_back = any(m in sentence.text for m in lexicon.past_cues)
    year_cue = None
    for match in _YEAR_TARGET.finditer(before):
        if not (looks_back and base_year is not None and int(match.group(1)) < base_year):
            year_cue = match
    cue_at = max((before.rfind(c) for c in lexicon.target_cues), default=-1)
    if cue_at < 0 and year_cue is None:
        return False, None
    start = min(x for x in (cue_at, year_cue.start() if year_cue else -1) if x >= 0)
    years = [d.year for d in find_dates(sentence.text[start:], base_year) if d.year]
    return True, (years[0] if years else None)


def _period(sentence: Span, offset: int, base_year: int | None) -> tuple[int | None, int | None]:
    """The reference period of a figure, from what its sentence says before it.

    The last year named (2020年全区… → 2020; 今年/去年 against the report's year), a year range
    (2016—2019年 → 2016–2019), an end point (截至2019年底 → up to 2019), or a span counted back from the
    report's year (近三年, 5年来 → the last three or five years). A year that dates a baseline
    (由2014年的100个减少到…) dates nothing after the change.
    """
    before = sentence.text[:offset]
    mentions = [d for d in find_dates(before, base_year) if d.year]
    span = _YEARS_BACK.search(before)
    if span and base_year and (not mentions or mentions[-1].end <= span.start()):
        years = parse_number(span.group(1) or span.group(2))
        return base_year - int(years) + 1, base_year
    if not mentions or re.search(_CHANGE_TO, before[mentions[-1].end :]):
        return None, None
    year = mentions[-1].year
    if len(mentions) > 1 and _RANGE_JOIN.fullmatch(before[mentions[-2].end : mentions[-1].start]):
        return mentions[-2].year, year
    lead = before[max(0, mentions[-1].start - 2) : mentions[-1].start]
    if lead.endswith(("截至", "截止", "至")):
        return None, year
    return year, year


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


def _sites(ctx: ReportContext, sentence: Span, quantities: list[Quantity]) -> list[FigureSite]:
    """Each figure of a sentence with its clause context; pairs like 48181户141281人 share context."""
    sites = []
    for i, q in enumerate(quantities):
        clause = next((c for c in ctx.clauses(sentence) if c.start <= q.start < c.end), None)
        if clause is None:
            continue
        first = q
        while i > 0 and quantities[i - 1].end == first.start:
            i -= 1
            first = quantities[i]
        last = q
        j = quantities.index(q)
        while j + 1 < len(quantities) and quantities[j + 1].start == last.end:
            j += 1
            last = quantities[j]
        pre = own_pre = ctx.view.text[clause.start : first.start]
        post = ctx.view.text[last.end : clause.end]
        effective = clause.text
        if len(pre) <= SHORT_LEAD:
            previous = [c for c in ctx.clauses(sentence) if c.end <= clause.start]
            if previous:
                pre = previous[-1].text + "，" + pre
                effective = previous[-1].text + "，" + clause.text
        sites.append(FigureSite(q, sentence, clause, pre, post, effective, own_pre))
    return sites


def extract_indicators(ctx: ReportContext) -> list[ObservationFact]:
    """Observations for every figure the indicator cues tie to an indicator."""
    if ctx.county is None:
        return []
    facts = []
    starts = [q.start for q in ctx.quantities]  # in text order: a sentence's figures are one slice
    for sentence in ctx.sentences:
        if any(marker in sentence.text for marker in ctx.lexicon.breakdown_cues):
            continue
        quantities = ctx.quantities[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        for site in _sites(ctx, sentence, quantities):
            if ctx.about_elsewhere(sentence, site.clause):
                continue
            facts.extend(_observations(ctx, site))
    return facts


def place_of(ctx: ReportContext, site: FigureSite) -> str | None:
    """The township a figure is about, when its clause names one the gazetteer files under the county
    (其中，东风镇建成…). Such figures belong to the township; a county total is stated by its own
    county-level sentence. A village named right after the township (双溪桥镇杨堡村) is more precise still.
    """
    if ctx.county is None:
        return None
    townships = townships_in(site.pre, ctx.gazetteer.townships(ctx.county))
    if not townships:
        return None
    _start, end, name = townships[-1]
    village = _VILLAGE_AFTER.match(site.pre, end)
    return village.group(1) if village else name


def _observations(ctx: ReportContext, site: FigureSite) -> list[ObservationFact]:
    q = site.quantity
    offset = q.start - site.sentence.start
    is_target, target_year = _target(site.sentence, offset, ctx.lexicon, ctx.base_year)
    start, end = (None, None) if is_target else _period(site.sentence, offset, ctx.base_year)
    respective = _respective_year(ctx, site)
    if respective is not None and not is_target:
        start = end = respective
    place = place_of(ctx, site)
    facts = []
    for cues, unit, rule, confidence in match_indicators(ctx, site):
        evidence = ctx.evidence(site.sentence, rule, confidence * ctx.county_confidence)
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
