"""Traditional → simplified must keep every offset: the extractors match on the simplified twin and
cut quotes from the original."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin import resources as fupin_resources
from fupin.extract import scripts
from fupin.extract.normalise import make_view
from fupin.extract.scripts import Script, is_traditional, to_simplified

CORPUS = sorted(fupin_resources.folder("corpus").glob("*.txt"))
KEY_TERMS = (
    "脱贫攻坚",
    "扶贫车间",
    "易地搬迁",
    "贫困发生率",
    "建档立卡",
    "贫困人口",
    "贫困户",
    "产业扶贫",
    "合作社",
    "驻村工作队",
    "第一书记",
    "健康扶贫",
    "教育扶贫",
    "危房改造",
    "兜底",
    "光伏",
    "区长",
    "县委书记",
    "脱贫摘帽",
    "两不愁三保障",
    "五个一批",
)


def _positions(text: str, term: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(term), text)]


def test_key_terms_convert_with_identical_length() -> None:
    traditional = "脫貧攻堅、扶貧車間、易地搬遷、貧困發生率"
    simplified = to_simplified(traditional)
    assert simplified == "脱贫攻坚、扶贫车间、易地搬迁、贫困发生率"
    assert len(simplified) == len(traditional)


def test_offsets_found_in_simplified_cut_the_original() -> None:
    original = "全縣建檔立卡貧困人口4.2萬人，貧困發生率由15.8%降至0.5%，建成扶貧車間36個。"
    simplified = to_simplified(original)
    start = simplified.index("扶贫车间")
    assert original[start : start + 4] == "扶貧車間"
    start = simplified.index("贫困发生率")
    assert original[start : start + 5] == "貧困發生率"


def test_simplified_text_is_returned_unchanged() -> None:
    text = CORPUS[0].read_text(encoding="utf-8").replace("鄧", "邓")
    assert to_simplified(text) == text


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_report_round_trip_through_traditional(path) -> None:
    original = path.read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(original)
    assert traditional != original
    back = to_simplified(traditional)
    assert len(back) == len(original)
    for term in KEY_TERMS:
        assert _positions(back, term) == _positions(original, term), term
    same = sum(a == b for a, b in zip(back, original, strict=True))
    # The only differences are one-to-many mappings (着/著, 干/乾/幹 …): well under 1 %.
    assert same / len(original) > 0.995


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_reports_are_simplified_and_their_twins_traditional(path) -> None:
    original = path.read_text(encoding="utf-8")
    assert not is_traditional(original)
    assert is_traditional(opencc.OpenCC("s2tw").convert(original))


def test_is_traditional_on_short_text() -> None:
    assert is_traditional("易地扶貧搬遷")
    assert not is_traditional("易地扶贫搬迁")
    assert not is_traditional("扶困")  # shared characters only: no evidence either way
    assert not is_traditional("区委书记在环鄧阳湖片区调研")  # one traditional name in simplified text


@pytest.mark.parametrize("table", ["TSCharacters.txt", "TSPhrases.txt"])
def test_opencc_t2s_tables_are_length_preserving(table: str) -> None:
    """The claim the module docstring relies on, checked on the installed tables."""
    text = (resources.files("opencc") / "dictionary" / table).read_text(encoding="utf-8")
    changed = [
        line
        for line in text.splitlines()
        if "\t" in line and any(len(v) != len(line.split("\t")[0]) for v in line.split("\t")[1].split(" "))
    ]
    assert changed == []


class _LengthChangingConverter:
    """Stands in for a future OpenCC table with a phrase that changes length."""

    def convert(self, text: str) -> str:
        return scripts._per_char(text).replace("车间", "车间儿")


@pytest.fixture
def fresh_spans():
    """No span conversion kept from before the test, nor from it after."""
    scripts._convert_span.cache_clear()
    yield
    scripts._convert_span.cache_clear()


def test_span_whose_length_changes_falls_back_to_per_character(monkeypatch, fresh_spans) -> None:
    monkeypatch.setattr(scripts, "_converter", lambda: _LengthChangingConverter())
    text = "建成扶貧車間36個。脫貧攻堅取得勝利。"
    simplified = to_simplified(text)
    assert simplified == "建成扶贫车间36个。脱贫攻坚取得胜利。"
    assert len(simplified) == len(text)


@given(st.text())
def test_any_text_keeps_its_length(text: str) -> None:
    assert len(to_simplified(text)) == len(text)


_TRADITIONAL = "脫貧攻堅扶車間易地搬遷困發生率這個為們來時國會對說還開關區縣鄉鎮村反覆瞭解，。\n a1"


@given(st.text(alphabet=_TRADITIONAL))
def test_traditional_text_keeps_its_length(text: str) -> None:
    assert len(to_simplified(text)) == len(text)


def _converted_anew(text: str) -> str:
    """to_simplified the long way: every span converted by OpenCC again, nothing kept."""
    if not scripts._triggers().intersection(text):
        return text
    return "".join(scripts._convert_span.__wrapped__(span) for span in scripts._spans(text))


@given(st.lists(st.text(alphabet=_TRADITIONAL, max_size=12), min_size=1, max_size=6))
def test_spans_converted_before_read_back_the_same(pieces: list[str]) -> None:
    """Texts that share spans, as a report and its matching view do, in either order: each reads as
    converting it anew would."""
    texts = ["。".join(pieces), "\n".join(reversed(pieces)), "；".join(pieces[1:]), "。".join(pieces)]
    for text in texts:
        assert to_simplified(text) == _converted_anew(text)


def test_a_report_and_its_view_convert_as_anew(extractor, fresh_spans) -> None:
    """The pipeline's two conversions of a traditional report, its chrome's (the whole text) and then
    its view's, the second reading the first's spans back: the view is what converting anew gives."""
    original = opencc.OpenCC("s2t").convert(CORPUS[0].read_text(encoding="utf-8"))
    blank = extractor.chrome(original)
    assert scripts._convert_span.cache_info().currsize > 0
    view = make_view(original, blank)
    unconverted = make_view(original, blank, Script(np.zeros(len(original), dtype=np.int8)))
    assert view.text != unconverted.text
    assert view.text == _converted_anew(unconverted.text)


def _traditional_anew(text: str, blank: list[tuple[int, int]]) -> bool:
    """Script.is_traditional the long way: the text's kinds read and counted again on each ask."""
    kinds = Script.of(text).kinds.copy()
    for start, end in blank:
        kinds[start:end] = 0
    counts = np.bincount(kinds, minlength=3)
    return int(counts[1]) > int(counts[2])


@given(
    st.text(alphabet="貧車遷脫堅贫车迁脱坚扶困县，\n a"),
    st.lists(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)).map(sorted), max_size=3), max_size=4),
)
def test_the_whole_texts_script_counted_once_reads_as_counted_anew(text: str, asks: list) -> None:
    """One text's script asked with nothing left out, before and after asks that leave spans out:
    every answer is the long way's."""
    script = Script.of(text)
    for blank in [[], *asks, []]:
        spans = sorted(tuple(span) for span in blank)
        assert script.is_traditional(spans) == _traditional_anew(text, spans), (text, spans)
