"""A question to a template and its parameters, by slots and scored cue words, never by whole sentences.

Each template that can fill its required slots from the question's mentions is scored: the weights of
its cue words found in the question (with every mention masked as `<kind>`, so 车间 inside 扶贫车间 is
no cue), a bonus when one of its patterns matches, a point per filled slot, and a penalty for each
mention it leaves unused (a question naming a county is not asking about all counties). The best
score above a floor wins; below it the question is not answered and the closest templates are offered.
So a phrasing nobody wrote still lands where its words and names point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fupin.ask.templates import Template, templates
from fupin.ask.vocabulary import Mention, Vocabulary, find_mentions, normalise, vocabulary

PATTERN_BONUS = 3.0
SLOT_BONUS = 1.0
UNUSED_PENALTY = 2.0
MIN_SCORE = 3.0


@dataclass
class Match:
    """The outcome of matching: the template and its parameters (notation, code or number per slot),
    or, when a name has several referents, the candidates of that slot; `score` for suggestions."""

    question: str
    text: str
    template: Template | None = None
    params: dict[str, str] = field(default_factory=dict)
    score: float = 0.0
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ambiguous_text: dict[str, str] = field(default_factory=dict)
    ranked: list[tuple[float, Template]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def masked(text: str, mentions: list[Mention]) -> str:
    """`text` with each concept or place mention replaced by `<kind …>` (all kinds sharing the span)."""
    spans: dict[tuple[int, int], list[str]] = {}
    for m in mentions:
        if m.kind in ("measure", "indicator", "county", "region"):
            for i, part in enumerate(m.parts or ((m.start, m.end),)):
                spans.setdefault(part, []).append(m.kind if i == 0 else "")
    out, pos = [], 0
    for (start, end), kinds in sorted(spans.items()):
        if start < pos:
            continue
        named = sorted({k for k in kinds if k})
        out += [text[pos:start], "<" + " ".join(named) + ">" if named else ""]
        pos = end
    return "".join([*out, text[pos:]])


def cue_score(template: Template, masked_text: str) -> float:
    """Sum of the template's cue weights found (Latin cues as whole words), plus the pattern bonus."""
    score = sum(w for cue, w in template.cues.items() if _has(masked_text, cue))
    return score + (PATTERN_BONUS if any(p.search(masked_text) for p in template.patterns) else 0.0)


def _has(text: str, cue: str) -> bool:
    if cue.isascii():
        return re.search(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", text) is not None
    return cue in text


def fill(template: Template, mentions: list[Mention]) -> tuple[dict[str, Mention], list[Mention]] | None:
    """Mentions for the template's slots in question order (a second county fills a second county
    slot), and the mentions left over; None when a required slot stays empty."""
    free = list(mentions)
    filled: dict[str, Mention] = {}
    for slot in template.slots:
        found = next((m for m in free if m.kind == slot.kind), None)
        if found is None:
            if slot.required:
                return None
            continue
        filled[slot.name] = found
        free = [m for m in free if m is not found and not (m.overlaps(found) and m.kind != found.kind)]
    return filled, free


def score(template: Template, mentions: list[Mention], masked_text: str) -> float | None:
    """The template's score for this question, or None when it cannot fill its required slots."""
    filled = fill(template, mentions)
    if filled is None:
        return None
    used, free = filled
    unused = [m for m in free if not m.weak and m.kind in ("measure", "indicator", "county", "region")]
    unused = [m for m in unused if not any(m.overlaps(u) for u in used.values())]
    unused = [m for m in unused if not (m.kind == "region" and "county" in used)]
    return cue_score(template, masked_text) + SLOT_BONUS * len(used) - UNUSED_PENALTY * len(unused)


def match(question: str, vocab: Vocabulary | None = None) -> Match:
    """The best template for `question` with its parameters bound from the mentions (see module doc)."""
    vocab = vocab or vocabulary()
    text = normalise(question)
    mentions = find_mentions(text, vocab)
    hidden = masked(text, mentions)
    scored = [(score(t, mentions, hidden), t) for t in templates()]
    ranked = sorted(((s, t) for s, t in scored if s is not None), key=lambda x: -x[0])
    outcome = Match(question, text, ranked=ranked, mentions=mentions)
    if not ranked or ranked[0][0] < MIN_SCORE or cue_score(ranked[0][1], hidden) <= 0:
        outcome.ranked = closest(text, hidden, ranked)
        return outcome
    outcome.score, outcome.template = ranked[0]
    _bind(outcome, fill(outcome.template, mentions)[0], mentions, vocab)
    return outcome


def closest(text: str, hidden: str, fillable: list[tuple[float, Template]]) -> list[tuple[float, Template]]:
    """Templates to suggest for a question none answers: those whose slots the question fills first
    (by score), then the rest by cue words and by the character pairs they share with its examples."""
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}

    def likeness(template: Template) -> float:
        theirs = {e[i : i + 2] for e in template.examples for i in range(len(e) - 1)}
        return cue_score(template, hidden) + len(pairs & theirs) / (1 + len(pairs))

    first = sorted(((s + likeness(t), t) for s, t in fillable), key=lambda x: -x[0])
    taken = {t.id for _, t in first}
    rest = sorted((t for t in templates() if t.id not in taken), key=lambda t: -likeness(t))
    return first + [(likeness(t), t) for t in rest]


def _bind(outcome: Match, filled: dict[str, Mention], mentions: list[Mention], vocab: Vocabulary) -> None:
    """Each filled slot's value; a place with several referents (after narrowing by a region the
    question names) or an indicator stem with several (after narrowing by the unit asked for) is
    left ambiguous with its candidates."""
    regions = [v for m in mentions if m.kind == "region" for v in m.values]
    for name, mention in filled.items():
        values = mention.values
        if mention.kind == "county" and len(values) > 1 and regions:
            values = _within(values, regions, vocab) or values
        if mention.kind == "indicator" and len(values) > 1:
            values = _by_unit(values, outcome.text, mention, vocab) or values
        if len(values) > 1:
            outcome.ambiguous[name] = values
            outcome.ambiguous_text[name] = mention.text
        else:
            outcome.params[name] = values[0]


def _within(codes: tuple[str, ...], regions: list[str], vocab: Vocabulary) -> tuple[str, ...]:
    divisions = [vocab.gazetteer.get(c) for c in codes]
    return tuple(d.code for d in divisions if d and {d.province_code, d.prefecture_code} & set(regions))


def _by_unit(notations: tuple[str, ...], text: str, mention: Mention, vocab: Vocabulary) -> tuple[str, ...]:
    """The indicators whose default unit the question asks in (脱贫了多少人 → person, 多少户 → household):
    a unit word right after 多少/几 or right after the mention."""
    words = sorted(vocab.units, key=len, reverse=True)
    asked = {
        vocab.units[w]
        for w in words
        if re.search(rf"(?:多少|几|[\d.万亿])\s*{re.escape(w)}", text)
        or text[mention.end :].lstrip("了的").startswith(w)
    }
    return tuple(n for n in notations if vocab.default_units.get(n) in asked)
