"""Measures: a county's use of a poverty-alleviation measure, read from the ontology's SKOS labels.

The pipeline's phrase matcher marks every label in `doc.spans["measures"]` (label = notation); here each
mention becomes an InterventionFact for its top concept (the contract's notations, which users query
by), with the narrower concept kept as `detail`: a 袜业扶贫车间 is a 扶贫车间 (workshop) in detail
sock-workshop. Mentions inside national framework names, or in sentences about another county, count
for nothing.
"""

from __future__ import annotations

from bisect import bisect_left

from fupin.extract.context import ReportContext
from fupin.extract.facts import InterventionFact
from fupin.extract.sentences import Span, clause_at

RULE = "measures.skos-label"


def ancestors(notation: str, broader: dict[str, str]) -> list[str]:
    """The notation and all its broader notations, nearest first (cycles are cut)."""
    chain = [notation]
    while chain[-1] in broader and broader[chain[-1]] not in chain:
        chain.append(broader[chain[-1]])
    return chain


def _in_framework(ctx: ReportContext, sentence: Span, start: int, end: int) -> bool:
    """Whether the mention is part of a cited national framework name (五个一批 …)."""
    for name in ctx.lexicon.frameworks:
        at = sentence.text.find(name)
        while at >= 0:
            if sentence.start + at <= start and end <= sentence.start + at + len(name):
                return True
            at = sentence.text.find(name, at + 1)
    return False


def extract_measures(ctx: ReportContext) -> list[InterventionFact]:
    """One InterventionFact per measure mention (and its broader concepts), with the sentence as quote."""
    if ctx.county is None:
        return []
    facts: list[InterventionFact] = []
    for span in ctx.doc.spans.get("measures", []):
        start, end = span.start_char, span.end_char
        sentence = ctx.sentence_at(start)
        if sentence is None or _in_framework(ctx, sentence, start, end):
            continue
        clause = clause_at(ctx.clauses(sentence), start) or sentence
        if ctx.about_elsewhere(sentence, clause):
            continue
        evidence = ctx.evidence(sentence, RULE, 0.9 * ctx.county_confidence)
        chain = ancestors(span.label_, ctx.lexicon.measure_broader)
        detail = chain[0] if len(chain) > 1 else None
        facts.append(InterventionFact(ctx.county, chain[-1], evidence, detail=detail))
    return facts


def measures_in(ctx: ReportContext, span: Span) -> tuple[str, ...]:
    """Every measure notation (with its broader ones) mentioned inside `span`: what an enterprise or a
    program named in that sentence serves."""
    starts, labels = ctx.measure_marks()
    found: set[str] = set()
    for label in labels[bisect_left(starts, span.start) : bisect_left(starts, span.end)]:
        found.update(ancestors(label, ctx.lexicon.measure_broader))
    return tuple(sorted(found))
