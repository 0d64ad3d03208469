"""Places: which county a report is about, and which sentences speak of somewhere else.

A report names its subject in its title, byline and opening lines, and keeps naming it; it may also
quote other counties it learned from (咸安区's report cites 竹山 and 竹溪). Facts belong to the subject
unless their sentence is about another county-level place.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from fupin.extract.gazetteer import Division, Gazetteer
from fupin.extract.segmenter import posseg
from fupin.extract.sentences import Span

_HEAD_CHARS = 400
_HEAD_WEIGHT = 5.0
_SHORT_WEIGHT = 0.5
_NOT_AFTER_SHORT = set("镇乡村街社组湖山河江路县区市州")
_TOWNSHIP = re.compile(r"([\u4e00-\u9fff]{2,4}?)(镇|乡|街道办事处|街道)")
_ORG_WINDOW = 14
_WINDOW = 8
_CLAUSE_PUNCT = re.compile(r"[，,；;。、：:“”（）()\s]")


@dataclass(frozen=True)
class PlaceMention:
    """A county-level name in the text; `codes` has several entries when the name is ambiguous."""

    start: int
    end: int
    surface: str
    codes: tuple[str, ...]
    short: bool
    level: str = "county"


def county_surfaces(gazetteer: Gazetteer) -> dict[str, tuple[tuple[str, ...], bool]]:
    """surface -> (codes, is_short) for every division name, former name and short name.

    Counties identify a report's subject; prefectures and provinces are matched too, because a
    sentence about 十堰市 or 湖北省 as a whole reports their figures, not the county's.
    """
    table: dict[str, tuple[list[str], bool]] = {}
    for surface, code in gazetteer.surface_forms("all"):
        division = gazetteer.get(code)
        short = division is not None and surface not in (division.name, *division.former_names)
        codes, was_short = table.get(surface, ([], short))
        if code not in codes:
            codes.append(code)
        table[surface] = (codes, was_short and short)
    return {s: (tuple(sorted(c)), short) for s, (c, short) in table.items() if len(s) >= 2}


def keep_mention(text: str, mention: PlaceMention, org_suffixes: tuple[str, ...] = ()) -> bool:
    """A place name that speaks of a place: a short name (竹山) only on a word boundary (not 竹山镇),
    and no name that opens an organisation's name (浙江诸暨袜业公司 is a company, not 诸暨)."""
    after = text[mention.end : mention.end + _ORG_WINDOW]
    cut = _CLAUSE_PUNCT.search(after)
    if any(s in after[: cut.start() if cut else None] for s in org_suffixes):
        return False
    return not mention.short or after[:1] not in _NOT_AFTER_SHORT


def on_word_boundary(text: str, mention: PlaceMention) -> bool:
    """Whether the name stands as words of its own: 应城市 in 适应城市 or 迁安 in 搬迁安置 do not.

    jieba segments a window around the mention; the mention must start and end on its word
    boundaries, and a short name must come out as a place-name word (tag ns), since short names
    (惠农, 平顺) are often ordinary words.
    """
    left = max(0, mention.start - _WINDOW)
    window = text[left : mention.end + _WINDOW]
    bounds, flags, at = {0}, {}, 0
    for word, flag in posseg.cut(window):
        flags[at] = (word, flag)
        at += len(word)
        bounds.add(at)
    start, end = mention.start - left, mention.end - left
    if start not in bounds or end not in bounds:
        return False
    if not mention.short:
        return True
    word, flag = flags.get(start, ("", ""))
    return flag == "ns" and len(word) >= end - start


def _disambiguate(mention: PlaceMention, text: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """Among same-named counties keep those whose prefecture or province the text names; none when
    the text names none of them (城区 exists in three provinces: alone it says nothing)."""
    if len(mention.codes) == 1:
        return mention.codes
    named = []
    for code in mention.codes:
        parents = [gazetteer.prefecture(code), gazetteer.province(code)]
        if any(p is not None and _named(p, text) for p in parents):
            named.append(code)
    return tuple(named)


def resolve_mentions(
    text: str, mentions: list[PlaceMention], gazetteer: Gazetteer, org_suffixes: tuple[str, ...] = ()
) -> list[PlaceMention]:
    """The matcher's raw name hits that really name a county, each with its code(s) resolved."""
    kept = []
    for mention in mentions:
        if not keep_mention(text, mention, org_suffixes) or not on_word_boundary(text, mention):
            continue
        codes = _disambiguate(mention, text, gazetteer)
        if codes:
            kept.append(replace(mention, codes=codes, level=_level(gazetteer, codes[0])))
    return kept


def _level(gazetteer: Gazetteer, code: str) -> str:
    division = gazetteer.get(code)
    return division.level if division else "county"


def _named(division: Division, text: str) -> bool:
    names = [division.name] + ([division.short_name] if len(division.short_name) >= 2 else [])
    return any(name in text for name in names)


def subject_county(text: str, mentions: list[PlaceMention], gazetteer: Gazetteer) -> tuple[str | None, float]:
    """The county the report is about, with a confidence: mentions near the top weigh more.

    A report about a whole prefecture or province (its name outweighs every county's, and no county is
    named in its first two lines) has no subject county: its figures are the region's, and attributing
    them to a county it mentions would be wrong. 十堰市郧阳区… in a title still makes 郧阳区 the subject.
    """
    scores: Counter[str] = Counter()
    higher: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in mentions:
        weight = (_HEAD_WEIGHT if m.start < _HEAD_CHARS else 1.0) * (_SHORT_WEIGHT if m.short else 1.0)
        if m.level != "county":
            higher[m.codes[0]] += weight
            continue
        for code in m.codes:
            scores[code] += weight / len(m.codes)
            first.setdefault(code, m.start)
    if not scores:
        return None, 0.0
    ranked = sorted(scores, key=lambda c: (-scores[c], first[c]))
    best = ranked[0]
    if higher and max(higher.values()) > scores[best] and first[best] >= _title_end(text):
        return None, 0.0
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    confidence = scores[best] / (scores[best] + runner_up)
    return best, round(min(1.0, confidence), 3)


def _title_end(text: str, lines: int = 2) -> int:
    """Where the report's first `lines` non-empty lines (its title and subtitle or byline) end."""
    seen, at = 0, 0
    for line in text.split("\n"):
        at += len(line) + 1
        if line.strip():
            seen += 1
            if seen == lines:
                break
    return at


def others_in(span: Span, mentions: list[PlaceMention], subject: str | None) -> list[PlaceMention]:
    """County-level places other than the subject named inside `span`."""
    inside = [m for m in mentions if span.start <= m.start < span.end and m.level == "county"]
    return [m for m in inside if subject is None or subject not in m.codes]


def higher_in(span: Span, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Prefectures and provinces named inside `span`."""
    return [m for m in mentions if span.start <= m.start < span.end and m.level != "county"]


def names_subject(span: Span, mentions: list[PlaceMention], subject: str | None) -> bool:
    """Whether `span` names the subject county itself."""
    return any(span.start <= m.start < span.end and subject in m.codes for m in mentions)


def townships_in(text: str, known: frozenset[str]) -> list[tuple[int, int, str]]:
    """Township names (镇, 乡, 街道) in `text` that the gazetteer files under the county."""
    found = []
    for match in _TOWNSHIP.finditer(text):
        for cut in range(match.start(1), match.end(1) - 1):
            name = text[cut : match.end()]
            if name in known:
                found.append((cut, match.end(), name))
                break
    return found
