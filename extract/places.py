"""Places: which county a report is about, and which sentences speak of somewhere else.

A report names its subject in its title, byline and opening lines, and keeps naming it; it may also
quote other counties it learned from (咸安区's report cites 郧西 and 通城). Facts belong to the subject
unless their sentence is about another county-level place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fupin.extract.gazetteer import Division, Gazetteer
from fupin.extract.scan import any_of
from fupin.extract.segmenter import HAN_BLOCK, cut_at, tag, word_bounds
from fupin.extract.sentences import TextSpan

_NOT_AFTER_SHORT = set("镇乡村街社组湖山河江路县区市州")
_TOWNSHIP = re.compile(r"([\u4e00-\u9fff]{2,4}?)(镇|乡|街道办事处|街道)")
_ORG_WINDOW = 14
_WINDOW = 8
# jieba tags of the noun a development slogan puts before its verb and 县 (工业富县, 旅游兴县).
_SLOGAN_OBJECTS = frozenset({"n", "vn"})
# A name ending in a level word (乌前旗, 镇宁县) names a division as plainly as the official name does.
_ADMIN_SUFFIXES = ("县", "区", "市", "旗", "州", "盟")
# 县 and 旗 begin no word of their own, so a name ending in them may run into the next word (县城, 县委);
# not a two-character one, which is too often a word and 县 (领导和县级单位 is not 和县).
_OPEN_END = ("县", "旗")
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


@lru_cache(maxsize=4)
def county_surfaces(gazetteer: Gazetteer) -> dict[str, tuple[tuple[str, ...], bool]]:
    """surface -> (codes, is_short) for every division name, former name and short name.

    Counties identify a report's subject; prefectures and provinces are matched too, because a
    sentence about 十堰市 or 湖北省 as a whole reports their figures, not the county's.

    Made once per gazetteer (the extractor and its phrase matcher both ask, in every worker process
    of a build) and shared: callers read it, none may change it.
    """
    table: dict[str, tuple[list[str], bool]] = {}
    for surface, code in gazetteer.surface_forms("all"):
        division = gazetteer.get(code)
        short = (
            division is not None
            and surface not in (division.name, *division.former_names)
            and not surface.endswith(_ADMIN_SUFFIXES)
        )
        codes, was_short = table.get(surface, ([], short))
        if code not in codes:
            codes.append(code)
        table[surface] = (codes, was_short and short)
    return {s: (tuple(sorted(c)), short) for s, (c, short) in table.items() if len(s) >= 2}


def keep_mention(
    text: str, mention: PlaceMention, org_suffixes: tuple[str, ...] = (), phrase_heads: tuple[str, ...] = ()
) -> bool:
    """A place name that speaks of a place: a short name (岚皋) only on a word boundary (not 岚皋镇) and
    not heading a phrase (X精神, X革命老区), and no name that opens an organisation's name
    (浙江诸暨袜业公司 is a company, not 诸暨)."""
    after = text[mention.end : mention.end + _ORG_WINDOW]
    cut = _CLAUSE_PUNCT.search(after)
    if any_of(org_suffixes).search(after, 0, cut.start() if cut else len(after)) is not None:
        return False
    if mention.short and after.startswith(phrase_heads):
        return False
    return not mention.short or after[:1] not in _NOT_AFTER_SHORT


def _word_bounds(text: str, mention: PlaceMention) -> tuple[bool, bool, bool]:
    """Whether the mention starts and ends on jieba's word boundaries, and whether jieba reads it
    as a place-name word (tag ns), as jieba tags a window of _WINDOW characters on either side.

    jieba cuts each of posseg's blocks (HAN_BLOCK) of the window on its own, so when the mention lies
    in one block only that block's part of the window is cut (`_window`): the same answer, without
    routing the words beyond the punctuation around it, and asked of fewer distinct texts."""
    left, right = _window(text, mention)
    start, end = mention.start - left, mention.end - left
    starts, ends, word, flag = word_bounds(text[left:right], start, end)
    return starts, ends, flag == "ns" and len(word) >= end - start


def _window(text: str, mention: PlaceMention) -> tuple[int, int]:
    """[left, right) of the text jieba is asked about the mention: the window of _WINDOW characters
    on either side, or the part of it in the one block of posseg's that holds the whole mention."""
    left, right = max(0, mention.start - _WINDOW), min(len(text), mention.end + _WINDOW)
    for block in HAN_BLOCK.finditer(text, left, right):
        if block.start() > mention.start:
            break
        if mention.end <= block.end():
            return block.span()
    return left, right


def in_slogan(text: str, mention: PlaceMention) -> bool:
    """Whether a two-character name (one character and its level word: 富县, 兴县) is the verb and object
    of a development slogan: right after a noun, 工业富县, 旅游兴县, 人才兴县 say "industry enriches the
    county", and name no county. After a verb, a preposition or a place (前往富县, 在兴县, 延安市富县) it
    is the county."""
    if len(mention.surface) != 2 or not mention.surface.endswith(_ADMIN_SUFFIXES):
        return False
    if mention.start == 0 or not HAN_BLOCK.match(text, mention.start - 1):
        return False  # jieba reads a character outside its word blocks (，, 、) as a word of its own, tag x
    left = max(0, mention.start - _WINDOW)
    at = left
    for word, flag in tag(text[left : mention.end]):
        at += len(word)
        if at == mention.start:
            return len(word) >= 2 and flag in _SLOGAN_OBJECTS
        if at > mention.start:
            return False
    return False


def on_word_boundary(text: str, mention: PlaceMention) -> bool:
    """Whether the name stands as words of its own: 应城市 in 适应城市 or 迁安 in 搬迁安置 do not.

    jieba segments a window around the mention; the mention must start and end on its word
    boundaries (a name ending in 县 or 旗 may run into the next word: 县城, 县委), and a short name must
    come out as a place-name word (tag ns), since short names (惠农, 平顺) are often ordinary words.

    A full name (not short) whose ends stand at jieba's block edges (`cut_at`: 。郧阳区，) needs no
    window cut: those edges are word boundaries of every cut, so the answer is already yes. Three
    mentions in four of the synthetic corpus are such, one in five of the dev sets.
    """
    open_end = len(mention.surface) >= 3 and mention.surface.endswith(_OPEN_END)
    if not mention.short and cut_at(text, mention.start) and (open_end or cut_at(text, mention.end)):
        return True
    starts, ends, place_word = _word_bounds(text, mention)
    if not starts or not (ends or open_end):
        return False
    return not mention.short or (ends and place_word)


def _vouched(text: str, mention: PlaceMention, qualified: bool, gazetteer: Gazetteer) -> bool:
    """A short name jieba does not read as a place (岚皋, 泾源, 镇宁 are rare words to it) still names the
    county when its own province or prefecture stands right before it (贵州镇宁网, 陕西岚皋), or when it
    starts a word and the text names the county in full or names its prefecture or province."""
    if qualified:
        return True
    if not _word_bounds(text, mention)[0]:
        return False
    for code in mention.codes:
        division = gazetteer.get(code)
        parents = [gazetteer.prefecture(code), gazetteer.province(code)]
        if division is not None and (division.name in text or any(p and _named(p, text) for p in parents)):
            return True
    return False


def _qualifies(before: PlaceMention | None, mention: PlaceMention, gazetteer: Gazetteer) -> bool:
    """Whether `before` is a province or prefecture written right before `mention` and holding it."""
    if before is None or before.end != mention.start:
        return False
    return any(
        before_code in {d.code for d in gazetteer.enclosing(code)}
        for code in mention.codes
        if gazetteer.get(code)
        for before_code in before.codes
    )


def _disambiguate(mention: PlaceMention, text: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """Among same-named counties keep those whose prefecture or province the text names; none when
    the text names none of them (城区 exists in three provinces: alone it says nothing). A district
    named by one character and 区 (新区, 矿区, 东区) is as generic: any city has one, and a report's
    兰州新区 or 开发区管委会 is not the district of that name elsewhere, so it too needs its region named."""
    if len(mention.codes) == 1 and not (len(mention.surface) == 2 and mention.surface.endswith("区")):
        return mention.codes
    named = []
    for code in mention.codes:
        parents = [gazetteer.prefecture(code), gazetteer.province(code)]
        if any(p is not None and _named(p, text) for p in parents):
            named.append(code)
    return tuple(named)


def resolve_mentions(
    text: str,
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    org_suffixes: tuple[str, ...] = (),
    phrase_heads: tuple[str, ...] = (),
) -> list[PlaceMention]:
    """The matcher's raw name hits that really name a county, each with its code(s) resolved."""
    kept: list[PlaceMention] = []
    previous: PlaceMention | None = None
    for mention in mentions:
        if not keep_mention(text, mention, org_suffixes, phrase_heads):
            continue
        qualified = _qualifies(previous, mention, gazetteer)
        if not qualified and in_slogan(text, mention):
            continue
        if not on_word_boundary(text, mention) and not (
            mention.short and _vouched(text, mention, qualified, gazetteer)
        ):
            continue
        previous = mention
        codes = _disambiguate(mention, text, gazetteer)
        if codes:
            level = _level(gazetteer, codes[0])  # made directly: dataclasses.replace reads the fields anew
            kept.append(
                PlaceMention(mention.start, mention.end, mention.surface, codes, mention.short, level)
            )
    return kept


def _level(gazetteer: Gazetteer, code: str) -> str:
    division = gazetteer.get(code)
    return division.level if division else "county"


def _named(division: Division, text: str) -> bool:
    names = [division.name] + ([division.short_name] if len(division.short_name) >= 2 else [])
    return any(name in text for name in names)


def others_in(span: TextSpan, mentions: list[PlaceMention], subject: str | None) -> list[PlaceMention]:
    """County-level places other than the subject named inside `span`."""
    inside = [m for m in mentions if span.start <= m.start < span.end and m.level == "county"]
    return [m for m in inside if subject is None or subject not in m.codes]


def higher_in(span: TextSpan, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Prefectures and provinces named inside `span`."""
    return [m for m in mentions if span.start <= m.start < span.end and m.level != "county"]


def names_subject(span: TextSpan, mentions: list[PlaceMention], subject: str | None) -> bool:
    """Whether `span` names the subject county itself."""
    return any(span.start <= m.start < span.end and subject in m.codes for m in mentions)


def townships_in(text: str, known: frozenset[str]) -> list[tuple[int, int, str]]:
    """Township names (镇, 乡, 街道) in `text` that the gazetteer files under the county. Most sentences
    hold no level word, and the pattern, which opens on any Han character, is slow to say so."""
    if not known or not ("镇" in text or "乡" in text or "街道" in text):
        return []
    found = []
    for match in _TOWNSHIP.finditer(text):
        for cut in range(match.start(1), match.end(1) - 1):
            name = text[cut : match.end()]
            if name in known:
                found.append((cut, match.end(), name))
                break
    return found
