"""The short cuts of extract/programs.py give the answers of the long way."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fupin import resources
from fupin.builder import default_extractor
from fupin.extract import programs
from fupin.extract.facts import Document
from fupin.extract.lexicon import load_lexicon
from fupin.extract.read import read_document

_EXTRA = (
    "房县脱贫攻坚工作综述\n\n房县人民政府\n\n全县实施“四大工程”，推行“1+2+N”产业脱贫模式，落实"
    "“双挂点”、县直部门“双包联”制度。实施九大扶贫工程，探索4433改革路径。发放小额信贷300万元。\n"
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from('“「『"0９两二三四五六七八九十一产业扶贫，。'), max_size=20),
    st.integers(0, 20),
    st.integers(0, 20),
)
@example("实施四大工程", 0, 6)
@example("全县2019年", 2, 3)
def test_an_opener_search_in_a_sentence_finds_what_the_list_of_openers_finds(
    text: str, start: int, end: int
) -> None:
    openers = [m.start() for m in programs._OPENERS.finditer(text)]
    listed = any(start <= at < end for at in openers)
    assert (programs._OPENERS.search(text, start, end) is not None) == listed


def _contexts():
    texts = [read_document(p).text for p in sorted(resources.folder("corpus").glob("*.txt"))]
    extractor = default_extractor()
    return [extractor.context(Document(source="t.txt", text=text)) for text in [*texts, _EXTRA]]


def test_programs_are_those_of_reading_every_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = [programs.extract_programs(ctx) for ctx in _contexts()]
    monkeypatch.setattr(programs, "_OPENERS", re.compile(r"(?s)."))  # every sentence read
    assert quick == [programs.extract_programs(ctx) for ctx in _contexts()]
    assert {"四大工程", "九大扶贫工程", "4433改革路径"} <= {f.name for f in quick[-1]}


def test_a_sentence_without_quotes_gives_its_unquoted_names() -> None:
    lex = load_lexicon()
    found = programs.find_programs("实施九大扶贫工程，探索4433改革路径，发放小额信贷300万元。", lex)
    assert [(m.name, m.start, m.rule) for m in found] == [
        ("九大扶贫工程", 2, "programs.unquoted-name"),
        ("4433改革路径", 11, "programs.unquoted-name"),
    ]
    assert programs.find_programs("全县脱贫1.2万人。", lex) == []


_UNQUOTED = [
    "九大",
    "扶贫",
    "工程",
    "4433",
    "改革",
    "路径",
    "八大",
    "二十一项",
    "行动",
    "2019年",
    "300万元",
    "，",
    "模式",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_UNQUOTED), max_size=8))
@example(["九大", "扶贫", "工程"])
@example(["4433", "改革", "路径"])
@example(["八大", "工程", "二十一项", "行动"])
def test_the_kind_word_check_drops_no_unquoted_name(pieces: list[str]) -> None:
    lex = load_lexicon()
    text = "实施" + "".join(pieces)
    quick = programs._unquoted(text, lex, [])
    every = re.compile(r"(?s)")  # the long way: each sentence read by both patterns
    original = programs._any_kind
    try:
        programs._any_kind = lambda *_words: every
        assert quick == programs._unquoted(text, lex, [])
    finally:
        programs._any_kind = original


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("四大工程，。；！？,;!? 雨露计划五个一批"), max_size=12))
@example("四大工程")
@example("脱贫攻坚，乡村振兴")
@example("五个一批")
def test_the_slogan_mark_pattern_skips_what_a_test_per_mark_skips(inner: str) -> None:
    lex = load_lexicon()
    bare = inner.strip()
    long_way = (
        not bare
        or bare in lex.frameworks
        or bare in lex.not_programs
        or len(bare) > programs.MAX_INNER
        or any(p in bare for p in "，。；！？,;!?")
    )
    assert programs._skip(inner, lex) == long_way
