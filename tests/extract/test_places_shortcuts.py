"""The short cuts of extract/places.py give the answers of the long way."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fupin.extract import places
from fupin.extract.lexicon import load_lexicon
from fupin.extract.places import PlaceMention

_LEX = load_lexicon()


def _kept_the_long_way(text: str, mention: PlaceMention) -> bool:
    """keep_mention with a substring test per organisation suffix."""
    after = text[mention.end : mention.end + places._ORG_WINDOW]
    cut = places._CLAUSE_PUNCT.search(after)
    if any(s in after[: cut.start() if cut else None] for s in _LEX.enterprise_suffixes):
        return False
    if mention.short and after.startswith(_LEX.place_phrase_heads):
        return False
    return not mention.short or after[:1] not in places._NOT_AFTER_SHORT


_AFTER = ["公司", "有限公司", "合作社", "袜业", "，", "。", "镇", "精神", "脱贫", "的", "县", "（", "集团"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_AFTER), max_size=8), st.booleans())
@example(["袜业", "公司"], False)
@example(["，", "袜业", "公司"], False)
@example(["精神"], True)
def test_the_suffix_pattern_keeps_what_substring_tests_keep(after: list[str], short: bool) -> None:
    text = "浙江诸暨" + "".join(after)
    mention = PlaceMention(2, 4, "诸暨", ("330681",), short)
    kept = places.keep_mention(text, mention, _LEX.enterprise_suffixes, _LEX.place_phrase_heads)
    assert kept == _kept_the_long_way(text, mention)
