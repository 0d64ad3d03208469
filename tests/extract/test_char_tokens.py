"""The pipeline's character tokenizer gives exactly the tokens of spaCy's blank Chinese one."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract.pipeline import CharTokenizer

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
@given(st.text(alphabet=st.sampled_from("扶贫县 \n\t\u3000\r。a1"), max_size=40))
def test_any_text_gives_the_blank_tokens(text: str) -> None:
    assert _tokens(_OURS(text)) == _tokens(_BLANK.make_doc(text))
