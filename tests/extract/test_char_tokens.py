"""The pipeline's character tokenizer gives exactly the tokens of spaCy's blank Chinese one."""

from __future__ import annotations

import itertools
import re

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract.pipeline import CharTokenizer, _runs

_BLANK = spacy.blank("zh")
_OURS = CharTokenizer(_BLANK.vocab)


def _tokens(doc) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]


def test_white_space_runs_are_tokens_and_one_space_trails_a_character() -> None:
    for text in (
        "",
        " ",
        "\n",
        "  前导",
        "尾随  ",
        "蒲 城 县",
        "甲\n 乙",
        "甲 \n乙",
        "甲\u3000 乙",
        "a  b\t\tc ",
        "\n\n标题\n",
    ):
        assert _tokens(_OURS(text)) == _tokens(_BLANK.make_doc(text)), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("扶贫县 \n\t\u3000\r\xa0\x1c\u2028。a1𠀋"), max_size=40))
def test_any_text_gives_the_blank_tokens(text: str) -> None:
    assert _tokens(_OURS(text)) == _tokens(_BLANK.make_doc(text))


def test_characters_first_seen_get_their_lexemes() -> None:
    """Characters the vocabulary has not seen (a rare one, one past the basic plane) come out as the
    strings spaCy's tokenizer makes of them, in a vocabulary of their own."""
    blank = spacy.blank("zh")
    ours = CharTokenizer(spacy.blank("zh").vocab)
    for text in ("䶮 𠀋 县城\n\n龘", "𠀋𠀋", "鿿\U0010fffd 。"):
        assert _tokens(ours(text)) == _tokens(blank.make_doc(text)), text
        assert [t.orth for t in ours(text)] == [t.orth for t in blank.make_doc(text)]


def test_white_space_is_marked_as_the_runs_pattern_finds_it() -> None:
    """Every character first seen is marked white space exactly where `\\s` matches it (the runs
    `_words` splices in were found by that pattern)."""
    ours = CharTokenizer(spacy.blank("zh").vocab)
    codes = [c for c in range(0x30000) if not 0xD800 <= c < 0xE000]
    ours._char_orths("".join(map(chr, codes)))
    assert [c for c in codes if ours._white[c]] == [c for c in codes if re.fullmatch(r"\s", chr(c))]


@given(st.lists(st.integers(0, 60), unique=True).map(sorted))
def test_runs_are_the_consecutive_positions(positions: list[int]) -> None:
    runs = list(_runs(positions))
    assert [at for start, end in runs for at in range(start, end)] == positions
    assert all(end < start for (_s, end), (start, _e) in itertools.pairwise(runs))
