"""The short cuts of extract/subject.py give the answers of the long way."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fupin.extract import subject
from fupin.extract.lexicon import load_lexicon
from fupin.extract.places import PlaceMention

_LEX = load_lexicon()


def _home_the_long_way(text: str, mention: PlaceMention) -> bool:
    if subject._HOME.match(text, mention.end):
        return True
    before = text[max(0, mention.start - 6) : mention.start]
    return any(cue in before for cue in _LEX.origin_cues)


def _side_the_long_way(text: str, mention: PlaceMention, mentions: list[PlaceMention]) -> str:
    ends = subject._clause_ends(text)
    before_mention = bisect_right(ends, mention.start)
    left = ends[before_mention - 1] if before_mention else 0
    right_match = subject._CLAUSE_END.search(text, mention.end)
    right = right_match.start() if right_match else len(text)
    before, after = text[left : mention.start], text[mention.end : right]
    if any(cue in before for cue in _LEX.assist_cues):
        return "helped"
    cue_at = min((after.find(c) for c in _LEX.assist_cues if c in after), default=-1)
    if cue_at < 0:
        return ""
    cue_end = mention.end + cue_at
    later = any(cue_end <= m.start < right and m.level == "county" for m in mentions)
    return "helper" if later else ""


_PIECES = [
    "西吉县",
    "厦门市",
    "思明区",
    "紫阳县",
    "通渭县",
    "帮扶",
    "对口帮扶",
    "东西部扶贫协作",
    "结对",
    "挂职",
    "出生于",
    "老家",
    "人",
    "，",
    "。",
    "\n",
    "在",
    "的",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
@example(["厦门市", "思明区", "对口帮扶", "西吉县", "。"])
@example(["挂职", "紫阳县", "，", "出生于", "通渭县", "人"])
def test_cue_patterns_give_the_sides_and_homes_of_substring_tests(pieces: list[str]) -> None:
    text = "".join(pieces)
    mentions, at = [], 0
    for piece in pieces:
        if piece in ("西吉县", "厦门市", "紫阳县", "通渭县", "思明区"):
            level = "prefecture" if piece == "厦门市" else "county"
            mentions.append(PlaceMention(at, at + len(piece), piece, ("000000",), False, level))
        at += len(piece)
    for mention in mentions:
        assert subject._is_home(text, mention, _LEX) == _home_the_long_way(text, mention)
        assert subject._assist_side(text, mention, mentions, _LEX) == _side_the_long_way(
            text, mention, mentions
        )
