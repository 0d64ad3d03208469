"""Which county a report is about: a stage of its own that scores every candidate and says why.

Every fact of a report is credited to its subject, so a wrong subject turns all of them into errors and
a missing one loses them all. The subject is the county the report names where a report names what it
is about (its heading, its dateline "X电", its site's name), names with its full address (陕西岚皋,
宁夏固原市泾源县) and keeps naming. Other counties are named too, and weigh less by what the text
does with them: one of a list (岚皋、紫阳、平利), a list's head (泾源县等22个县), someone's home (甘肃通渭人,
出生于…), the partner that helps (福建厦门 帮扶 西吉). A report about a prefecture or province as a whole
(the region heads it, outweighs every county, and no county is in the heading) has no subject county.

The choice comes with its rule, its score and a reason in words, so that a user can see why a report's
facts went to a county, or why they went to none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from fupin.extract.gazetteer import Gazetteer
from fupin.extract.lexicon import Lexicon
from fupin.extract.places import PlaceMention
from fupin.extract.scan import any_of

HEAD_LINES = 6
MAX_HEAD_LINE = 50
LEAD_CHARS = 300
MIN_SCORE = 0.9

WEIGHT = {
    "heading": 3.0,
    "dateline": 3.0,
    "site": 2.0,
    "lead": 1.5,
    "qualified": 1.5,
    "helped": 1.5,
    "short": 0.6,
    "list": 0.3,
    "helper": 0.2,
    "home": 0.1,
    "region-named": 1.25,
}
_DATELINE = re.compile(r"[^\S\n]*\d{1,2}月\d{1,2}日(?:电|讯)")
_SITE = re.compile(r"(?:网|日报|融媒)")
_HOME = re.compile(r"人(?:[，,。；;、）)\s]|$)")
_LIST_MARKS = "、和与及"
_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")


@dataclass(frozen=True)
class Subject:
    """The subject county (None when no county is a confident choice), how sure, and why.

    `rule` is subject.scored (the best-scoring county), subject.region (a prefecture or province report)
    or subject.none (no county, or none scoring enough); `span` is the view span of the mention that
    weighed most, for the report's evidence.
    """

    code: str | None
    confidence: float
    rule: str
    score: float = 0.0
    reason: str = ""
    span: tuple[int, int] | None = None


def head_end(text: str) -> int:
    """Where the heading ends: the first short lines (title, subtitle, byline) before the first long one."""
    at = seen = 0
    for line in text.split("\n"):
        if line.strip():
            if len(line.strip()) > MAX_HEAD_LINE or "。" in line or seen >= HEAD_LINES:
                return at
            seen += 1
        at += len(line) + 1
    return min(at, len(text))


def _is_qualifier(mention: PlaceMention, nxt: PlaceMention | None) -> bool:
    """A province or prefecture written right before a place inside it (陕西省安康市岚皋县): an address."""
    return mention.level != "county" and nxt is not None and nxt.start == mention.end


def _in_list(text: str, index: int, mentions: list[PlaceMention]) -> bool:
    """One of several places in a row (岚皋、紫阳和平利) or a list's head (泾源县等22个县)."""
    mention = mentions[index]
    after = text[mention.end : mention.end + 1]
    if after == "等" or (after and after in _LIST_MARKS and _next_starts(mentions, index, mention.end + 1)):
        return True
    start = mention.start
    while index > 0 and mentions[index - 1].end == start and mentions[index - 1].level != "county":
        index -= 1
        start = mentions[index].start
    before = text[start - 1 : start] if start else ""
    return bool(before) and before in _LIST_MARKS and index > 0 and mentions[index - 1].end == start - 1


def _next_starts(mentions: list[PlaceMention], index: int, at: int) -> bool:
    return index + 1 < len(mentions) and mentions[index + 1].start == at


def _is_home(text: str, mention: PlaceMention, lexicon: Lexicon) -> bool:
    """Someone's home (甘肃通渭人, 我是通渭县人。, 出生于…): not the place the report is about."""
    if _HOME.match(text, mention.end):
        return True
    return any_of(lexicon.origin_cues).search(text, max(0, mention.start - 6), mention.start) is not None


def _assist_side(text: str, mention: PlaceMention, mentions: list[PlaceMention], lexicon: Lexicon) -> str:
    """'helper' for a place named before an assistance word in its clause with a county after it
    (厦门市思明区…帮扶西吉), 'helped' for a county after one (挂职紫阳县), '' otherwise."""
    ends = _clause_ends(text)
    before_mention = bisect_right(ends, mention.start)
    left = ends[before_mention - 1] if before_mention else 0
    right_match = _CLAUSE_END.search(text, mention.end)
    right = right_match.start() if right_match else len(text)
    cues = any_of(lexicon.assist_cues)
    if cues.search(text, left, mention.start) is not None:
        return "helped"
    cue = cues.search(text, mention.end, right)  # the leftmost cue: where the first one found starts
    if cue is None:
        return ""
    later = any(cue.start() <= m.start < right and m.level == "county" for m in mentions)
    return "helper" if later else ""


@lru_cache(maxsize=2)
def _clause_ends(text: str) -> list[int]:
    """Where each clause of `text` ends (after its 。，； or line break), found once per text: a scan
    from the start for every mention was quadratic in a long report."""
    return [m.end() for m in _CLAUSE_END.finditer(text)]


def _tags(
    text: str, index: int, mentions: list[PlaceMention], heading: int, lexicon: Lexicon, qualified: bool
) -> list[str]:
    """What the text does with one county mention, as the names of the weights that apply."""
    mention = mentions[index]
    tags = []
    if mention.start < heading:
        tags.append("heading")
    elif mention.start < heading + LEAD_CHARS:
        tags.append("lead")
    if _DATELINE.match(text, mention.end):
        tags.append("dateline")
    elif _SITE.match(text, mention.end):
        tags.append("site")
    if qualified:
        tags.append("qualified")
    if mention.short:
        tags.append("short")
    if _in_list(text, index, mentions):
        tags.append("list")
    if _is_home(text, mention, lexicon):
        tags.append("home")
    side = _assist_side(text, mention, mentions, lexicon)
    if side:
        tags.append(side)
    return tags


def _weight(tags: list[str]) -> float:
    weight = 1.0
    for tag in tags:
        weight *= WEIGHT[tag]
    return weight


@dataclass
class _Tally:
    scores: Counter[str]
    regions: Counter[str]
    tags: dict[str, Counter[str]]
    best_span: dict[str, tuple[float, tuple[int, int]]]
    first: dict[str, int]


def _tally(text: str, mentions: list[PlaceMention], gazetteer: Gazetteer, lexicon: Lexicon) -> _Tally:
    heading = head_end(text)
    tally = _Tally(Counter(), Counter(), defaultdict(Counter), {}, {})
    for i, mention in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if mention.level != "county":
            if not _is_qualifier(mention, nxt) and not _SITE.match(text, mention.end):
                zone = WEIGHT["heading"] if mention.start < heading else 1.0
                tally.regions[mention.codes[0]] += zone
            continue
        qualified = i > 0 and _is_qualifier(mentions[i - 1], mention)
        tags = _tags(text, i, mentions, heading, lexicon, qualified)
        weight = _weight(tags) / len(mention.codes)
        for code in mention.codes:
            tally.scores[code] += weight
            counts = tally.tags[code]
            for tag in tags or ("body",):  # as Counter.update counts them, without its Python layers
                counts[tag] = counts.get(tag, 0) + 1
            tally.first.setdefault(code, mention.start)
            if weight > tally.best_span.get(code, (0.0, (0, 0)))[0]:
                tally.best_span[code] = (weight, (mention.start, mention.end))
    _support(tally, mentions, gazetteer)
    return tally


def _support(tally: _Tally, mentions: list[PlaceMention], gazetteer: Gazetteer) -> None:
    """A county whose prefecture or province the text names is likelier its subject than a namesake
    elsewhere (a short name that is a county in one province and a village in another)."""
    regions = {m.codes[0] for m in mentions if m.level != "county"}
    for code in tally.scores:
        if regions & {d.code for d in gazetteer.enclosing(code)}:
            tally.scores[code] *= WEIGHT["region-named"]
            tally.tags[code]["region-named"] += 1


def _name(gazetteer: Gazetteer, code: str) -> str:
    division = gazetteer.get(code)
    return division.name if division else code


def _why(gazetteer: Gazetteer, tally: _Tally, code: str) -> str:
    tags = ", ".join(f"{tag}×{n}" for tag, n in sorted(tally.tags[code].items()))
    return f"{_name(gazetteer, code)} {tally.scores[code]:.2f} ({tags})"


def _region_report(
    text: str, tally: _Tally, best: str, gazetteer: Gazetteer, mentions: list[PlaceMention]
) -> str | None:
    """The prefecture or province a report is about as a whole, if it is one: the region heads the report,
    outweighs the best county, no county is in the heading, and the region holds the best county or
    several of the counties named."""
    if "heading" in tally.tags[best] or not tally.regions:
        return None
    region, weight = tally.regions.most_common(1)[0]
    if weight <= tally.scores[best] or tally.first.get(best, 0) < head_end(text):
        return None
    heads = any(m.codes[0] == region and m.start < head_end(text) for m in mentions if m.level != "county")
    inside = _inside(tally, region, gazetteer)
    return region if heads and (best in inside or len(inside) >= 2) else None


def _focus(tally: _Tally, region: str, best: str, gazetteer: Gazetteer) -> bool:
    """Whether a report on a region is built around one of its counties: the county holds at least half
    the region's weight and no other county of the region comes near it (固原's exit told through 泾源)."""
    if best not in _inside(tally, region, gazetteer) or 2 * tally.scores[best] < tally.regions[region]:
        return False
    others = [tally.scores[c] for c in _inside(tally, region, gazetteer) if c != best]
    return all(3 * other < tally.scores[best] for other in others)


def _inside(tally: _Tally, region: str, gazetteer: Gazetteer) -> list[str]:
    return [c for c in tally.scores if region in {d.code for d in gazetteer.enclosing(c)}]


def resolve_subject(
    text: str, mentions: list[PlaceMention], gazetteer: Gazetteer, lexicon: Lexicon
) -> Subject:
    """The report's subject county from its resolved place mentions (see the module docstring)."""
    tally = _tally(text, mentions, gazetteer, lexicon)
    if not tally.scores:
        return Subject(None, 0.0, "subject.none", reason="no county named")
    ranked = sorted(tally.scores, key=lambda c: (-tally.scores[c], tally.first[c]))
    best = ranked[0]
    score = tally.scores[best]
    if score < MIN_SCORE - 1e-9:
        return Subject(
            None, 0.0, "subject.none", score, f"no confident subject: {_why(gazetteer, tally, best)}"
        )
    region = _region_report(text, tally, best, gazetteer, mentions)
    if region is not None and _focus(tally, region, best, gazetteer):
        reason = f"the one county of a report on {_name(gazetteer, region)}: {_why(gazetteer, tally, best)}"
        return Subject(best, 0.5, "subject.focus", round(score, 3), reason, tally.best_span[best][1])
    if region is not None:
        above = _why(gazetteer, tally, best)
        reason = f"a report on {_name(gazetteer, region)} {tally.regions[region]:.2f}, above {above}"
        return Subject(None, 0.0, "subject.region", score, reason)
    runner_up = tally.scores[ranked[1]] if len(ranked) > 1 else 0.0
    confidence = round(min(1.0, score / (score + runner_up)), 3)
    reason = _why(gazetteer, tally, best)
    if len(ranked) > 1:
        reason += f"; next {_why(gazetteer, tally, ranked[1])}"
    return Subject(best, confidence, "subject.scored", round(score, 3), reason, tally.best_span[best][1])
