"""Measures: a county's use of a poverty-alleviation measure, read from the ontology's SKOS labels.

The pipeline's phrase matcher marks every label in `doc.spans["measures"]` (label = notation); here each
mention becomes an InterventionFact for its top concept (the contract's notations, which users query
by), with the narrower concept kept as `detail`: a 袜业扶贫车间 is a 扶贫车间 (workshop) in detail
sock-workshop. Mentions inside national framework names, or in sentences about another county, count
for nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache

from fupin.extract.context import ReportContext
from fupin.extract.facts import Evidence, InterventionFact
from fupin.extract.sentences import TextSpan, clause_at

RULE = "measures.skos-label"
_LACK_GAP = 2  # 基础设施建设滞后: characters between a measure word and the lack word after it
_LONGEST_CUE = 4
_MENU_WINDOW = 24  # characters read on each side of a mention for the words of a menu bar
_MENU_WORD = 4  # a menu entry is a short word
_MENU_WORDS = 4  # this many short words around a mention make a menu bar


def ancestors(notation: str, broader: dict[str, str]) -> list[str]:
    """The notation and all its broader notations, nearest first (cycles are cut)."""
    chain = [notation]
    while chain[-1] in broader and broader[chain[-1]] not in chain:
        chain.append(broader[chain[-1]])
    return chain


_CHAINS: dict[int, tuple[dict[str, str], dict[str, list[str]]]] = {}


def _chain(notation: str, broader: dict[str, str]) -> list[str]:
    """`ancestors(notation, broader)`, worked out once per notation of a lexicon (keyed by the
    mapping's identity, as the lexicon holds it for the process) rather than for every mention."""
    known = _CHAINS.get(id(broader))
    if known is None or known[0] is not broader:
        known = _CHAINS[id(broader)] = (broader, {})
    chains = known[1]
    if notation not in chains:
        chains[notation] = ancestors(notation, broader)
    return chains[notation]


def _frameworks_in(ctx: ReportContext, sentence: TextSpan) -> list[tuple[int, int]]:
    """Where cited national framework names (五个一批 …) stand in the sentence (view offsets): the
    longest name at each position where one starts, which is all `_in_framework` needs (a mention
    inside a shorter name there is inside the longer one too). Most sentences cite none, which a plain
    alternation (scanned by its first characters) tells at once."""
    plain, overlapping = _framework_patterns(ctx.lexicon.frameworks)
    if plain.search(sentence.text) is None:
        return []
    return [
        (sentence.start + m.start(), sentence.start + m.start() + len(m.group(1)))
        for m in overlapping.finditer(sentence.text)
    ]


@lru_cache(maxsize=4)
def _framework_patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Any of `names`, and a lookahead for the longest of them at each position (overlaps all found)."""
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True))) or "(?!)"
    return re.compile(alternatives), re.compile(f"(?=({alternatives}))")


def _in_framework(frameworks: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the mention is part of one of the sentence's framework names (`_frameworks_in`)."""
    return any(f_start <= start and end <= f_end for f_start, f_end in frameworks)


def _lacking(ctx: ReportContext, clause: TextSpan, start: int, end: int) -> bool:
    """A measure word stated as lacking (缺乏产业, 基础设施落后, 产业基础薄弱) names a need, not a
    measure the county used: a negation right before it, or a lack word within a few characters after
    (`_lack_after`: one pattern tried at the mention's end, not a test per gap)."""
    if clause.text.endswith(ctx.lexicon.negations, 0, start - clause.start):
        return True
    at = end - clause.start
    lack = _lack_after(ctx.lexicon.lack_cues)
    return lack.match(clause.text, at, at + _LACK_GAP + _LONGEST_CUE) is not None


@lru_cache(maxsize=4)
def _lack_after(cues: tuple[str, ...]) -> re.Pattern[str]:
    """A lack word opening within _LACK_GAP characters: matched from the mention's end, with the text
    cut _LACK_GAP + _LONGEST_CUE characters on (as `_lacking` reads it), it finds what testing each
    gap with `startswith` finds."""
    alternatives = "|".join(map(re.escape, cues)) or "(?!)"
    return re.compile(f"(?s:.{{0,{_LACK_GAP}}}?)(?:{alternatives})")


def _is_question(sentence: TextSpan) -> bool:
    """A question (产业有没有发展起来？) asks about a measure; it does not report one."""
    return sentence.text.rstrip("”’」』）) ").endswith(("？", "?"))


def _in_menu(text: str, start: int, end: int) -> bool:
    """Whether the mention is an entry of a site's menu bar: a word standing between spaces among
    other short words (新闻 产经 产业 财经 智库), not inside a sentence. The characters either side
    are read first: a mention inside a sentence has no space there, and no window is cut for it."""
    if (start > 0 and not text[start - 1].isspace()) or (end < len(text) and not text[end].isspace()):
        return False
    before, after = text[max(0, start - _MENU_WINDOW) : start], text[end : end + _MENU_WINDOW]
    words = before.split()[1:] + after.split()[:-1]
    return sum(1 for w in words if len(w) <= _MENU_WORD and all(_is_han(c) for c in w)) >= _MENU_WORDS


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _partner_view(ctx: ReportContext) -> ReportContext:
    """The report with the places of other provinces left out: for a measure carried out with a
    partner (东西部协作, 对口帮扶), a place of another province in its clause is the partner."""
    province = (ctx.county or "")[:2]
    places = [m for m in ctx.places if any(code[:2] == province for code in m.codes)]
    return replace(ctx, places=places)


def extract_measures(ctx: ReportContext) -> list[InterventionFact]:
    """One InterventionFact per measure mention (and its broader concepts), with the sentence as quote.
    With no subject county (ctx.county None) only sentences that name no place give facts, unattributed.
    What depends on the sentence or the clause alone (its frameworks, whether it is a question or
    about elsewhere, its evidence) is judged once for all the mentions in it. A sentence that names
    no place speaks of nowhere else (`about_elsewhere` reads only the places inside it), which most
    sentences are told by one bisection; the partners' view of the report is made only for a
    sentence that names a place."""
    facts: list[InterventionFact] = []
    partner_ctx: ReportContext | None = None
    place_starts = sorted(m.start for m in ctx.places)
    frameworks: dict[int, list[tuple[int, int]] | None] = {}  # by sentence start; None: a question
    elsewhere: dict[tuple[bool, int, int], bool] = {}  # by (partner measure, clause)
    evidence: dict[int, Evidence] = {}  # by sentence start
    chains: dict[str, list[str]] = {}  # by notation
    sentence: TextSpan | None = None
    last_clause: TextSpan | None = None  # the last clause clause_at found
    for start, end, label in ctx.measure_mentions():
        # Mentions come in text order, several to a sentence: the last sentence and clause are
        # tried before a search (an offset lies in one sentence and one clause at most).
        if sentence is None or not sentence.start <= start < sentence.end:
            sentence = ctx.sentence_at(start)
            if sentence is None:
                continue
        if sentence.start not in frameworks:
            frameworks[sentence.start] = None if _is_question(sentence) else _frameworks_in(ctx, sentence)
        found = frameworks[sentence.start]
        if found is None or (found and _in_framework(found, start, end)):
            continue
        if _in_menu(ctx.view.text, start, end):
            continue
        if last_clause is None or not last_clause.start <= start < last_clause.end:
            last_clause = clause_at(ctx.clauses(sentence), start)
        clause = last_clause or sentence
        if _lacking(ctx, clause, start, end):
            continue
        partner = label in ctx.lexicon.partner_measures
        key = (partner, clause.start, clause.end)
        if key not in elsewhere:
            if not _names_a_place(place_starts, sentence):
                elsewhere[key] = False
            elif partner:
                partner_ctx = partner_ctx or _partner_view(ctx)
                elsewhere[key] = partner_ctx.about_elsewhere(sentence, clause)
            else:
                elsewhere[key] = ctx.about_elsewhere(sentence, clause)
        if elsewhere[key]:
            continue
        if sentence.start not in evidence:
            evidence[sentence.start] = ctx.evidence(sentence, RULE, 0.9 * ctx.county_confidence)
        chain = chains.get(label) or chains.setdefault(label, _chain(label, ctx.lexicon.measure_broader))
        detail = chain[0] if len(chain) > 1 else None
        facts.append(InterventionFact(ctx.county, chain[-1], evidence[sentence.start], detail=detail))
    return facts


def _names_a_place(place_starts: list[int], sentence: TextSpan) -> bool:
    """Whether a place mention starts inside the sentence (`place_starts` sorted)."""
    at = bisect_left(place_starts, sentence.start)
    return at < len(place_starts) and place_starts[at] < sentence.end


def measures_in(ctx: ReportContext, span: TextSpan) -> tuple[str, ...]:
    """Every measure notation (with its broader ones) mentioned inside `span`: what an enterprise or a
    program named in that sentence serves."""
    starts, labels = ctx.measure_marks()
    found: set[str] = set()
    for label in labels[bisect_left(starts, span.start) : bisect_left(starts, span.end)]:
        found.update(_chain(label, ctx.lexicon.measure_broader))
    return tuple(sorted(found))
