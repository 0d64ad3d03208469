"""word_bounds must say exactly what jieba's posseg.cut of the whole window says, and best_route
what jieba's get_DAG and calc say."""

from __future__ import annotations

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba.posseg.viterbi import viterbi

from fupin import resources
from fupin.extract.segmenter import (
    HAN_BLOCK,
    _hmm,
    best_route,
    cut_at,
    posseg,
    tag,
    viterbi_states,
    word_bounds,
)


def _reference(text: str, start: int, end: int) -> tuple[bool, bool, str, str]:
    bounds, begins, at = {0}, {}, 0
    for pair in posseg.cut(text):
        begins[at] = (pair.word, pair.flag)
        at += len(pair.word)
        bounds.add(at)
    word, tag = begins.get(start, ("", ""))
    return start in bounds, end in bounds, word, tag


def _windows() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(resources.folder("corpus").glob("*.txt"))]
    windows = [text[at : at + 22] for text in texts for at in range(0, len(text), 37)]
    return [
        *windows,
        "在临朐县城关街道的蔬菜大棚里",
        "适应城市生活，搬迁安置点的2019年新房",
        "武功县委书记在会上说：ABC合作社12.5万元",
        "彭水  苗族\r\n土家族自治县的鑫隆茶业",
    ]


@pytest.mark.parametrize("width", [2, 3, 4])
def test_word_bounds_match_a_whole_cut(width: int) -> None:
    for window in _windows():
        for start in range(0, max(1, len(window) - width), 3):
            end = start + width
            assert word_bounds(window, start, end) == _reference(window, start, end), (window, start)


def test_tag_matches_posseg() -> None:
    texts = [p.read_text("utf-8") for p in sorted(resources.folder("corpus").glob("*.txt"))]
    for text in [*_windows(), *(line for t in texts for line in t.splitlines())]:
        assert tag(text) == tuple((p.word, p.flag) for p in posseg.cut(text)), text


def _jieba_route(block: str) -> list[tuple[float, int]]:
    route: dict[int, tuple[float, int]] = {}
    jieba.dt.calc(block, jieba.dt.get_DAG(block), route)
    return [route[x] for x in range(len(block) + 1)]


def _blocks() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(resources.folder("corpus").glob("*.txt"))]
    return [b for t in [*texts, *_windows()] for b in HAN_BLOCK.findall(t)]


def test_best_route_is_jiebas_on_the_bundled_reports() -> None:
    for block in _blocks():
        assert best_route(block) == _jieba_route(block), block


_SENTENCES = [line for line in "".join(_windows()).split("，") if line]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_SENTENCES).flatmap(
                lambda s: st.tuples(st.integers(0, len(s)), st.integers(0, len(s))).map(
                    lambda ab: s[min(ab) : max(ab)]
                )
            ),
            st.text(alphabet=st.sampled_from("扶贫县城关镇产业合作社有限公司旗区aB1.+#&_的了在"), max_size=8),
        ),
        max_size=6,
    ).map("".join)
)
def test_best_route_is_jiebas_on_any_text(text: str) -> None:
    """Pieces of real sentences run together with characters that open, join and break words."""
    for block in HAN_BLOCK.findall(text):
        assert best_route(block) == _jieba_route(block), block


def _jieba_hmm(run: str) -> tuple[tuple[str, str], ...]:
    return tuple((w.word, w.flag) for w in posseg.dt._POSTokenizer__cut_detail(run))


def test_hmm_is_jiebas_on_the_bundled_reports() -> None:
    for block in _blocks():
        for start in range(0, len(block), 5):
            run = block[start : start + 9]
            assert _hmm(run) == _jieba_hmm(run), run


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_SENTENCES).map(lambda s: s[:9]),
            st.text(
                alphabet=st.sampled_from("鑫隆茶业旺达农牧圳坝乡菇娃秭归a1.B的了"), min_size=1, max_size=6
            ),
        ),
        min_size=1,
        max_size=3,
    ).map("".join)
)
def test_hmm_is_jiebas_on_any_text(text: str) -> None:
    """Names jieba's dictionary lacks are what the tagger reads: pieces of real sentences and rare
    characters run together, digits and Latin letters among them."""
    assert _hmm(text) == _jieba_hmm(text)


def _boundaries(text: str) -> set[int]:
    """Every word boundary of posseg.cut(text), its ends included."""
    bounds, at = {0}, 0
    for pair in posseg.cut(text):
        at += len(pair.word)
        bounds.add(at)
    return bounds


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_SENTENCES).map(lambda s: s[:7]),
            st.text(alphabet=st.sampled_from("郧阳区房县，。、 \r\n\t：a1.+#&_（）"), min_size=1, max_size=4),
            st.sampled_from(["\r\n", "\n\r", "\r\n\r\n"]),
        ),
        min_size=1,
        max_size=4,
    ).map("".join),
    st.data(),
)
def test_a_block_edge_is_a_boundary_of_every_cut_across_it(text: str, data: st.DataObject) -> None:
    """cut_at says yes only where posseg.cut of every window of the text around `at` cuts at `at`
    (the long way: cut the window)."""
    at = data.draw(st.integers(0, len(text)))
    left = data.draw(st.integers(0, at))
    right = data.draw(st.integers(at, len(text)))
    if cut_at(text, at):
        assert at - left in _boundaries(text[left:right]), (text, at, left, right)


def _jieba_states(obs: str) -> list[tuple[str, str]]:
    return viterbi(obs, posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)[1]


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("鑫隆茶业旺达农牧圳坝乡菇娃秭归的了县一十万丂丄丹"), min_size=1, max_size=14
    )
)
def test_viterbi_states_are_jiebas(text: str) -> None:
    """The tagger's state path, scored a step at a time over arrays, is jieba's: on common, rare and
    repeated characters (ties), and on characters its tables lack (丂丄: every state allowed)."""
    assert viterbi_states(text) == _jieba_states(text)


def test_viterbi_states_of_the_bundled_reports_are_jiebas() -> None:
    for block in _blocks()[::10]:  # jieba's viterbi takes milliseconds a run
        run = block[:12]
        assert viterbi_states(run) == _jieba_states(run), run
