"""The matching view: wrapped lines joined, traditional script simplified, offsets mapped back exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fupin.extract.normalise import make_view

WRAPPED = "四是建“安心”工\n\n程。把安幼养老作为解放农村劳动力、解除群众致富后顾之忧的民生工程，在党员群众服务中心建设日间照料中心216个。"


def test_a_wrapped_line_inside_a_long_paragraph_is_joined() -> None:
    original = "一" * 40 + WRAPPED
    view = make_view(original)
    assert "“安心”工程。" in view.text
    start = view.text.index("“安心”工程")
    o_start, o_end, quote = view.quote(start, start + len("“安心”工程"))
    assert quote == "“安心”工\n\n程"
    assert original[o_start:o_end] == quote


def test_title_lines_stay_separate() -> None:
    original = "巩固脱贫成果 提高脱贫质量\n\n郧阳区人民政府区长 胡先平\n\n正文。"
    assert make_view(original).text == original


def test_traditional_text_is_matched_in_simplified_form_with_original_quotes() -> None:
    original = "全縣累計脫貧退出1.2萬戶5.3萬人，建成扶貧車間56個。"
    view = make_view(original)
    assert "扶贫车间" in view.text
    at = view.text.index("扶贫车间")
    assert view.quote(at, at + 4)[2] == "扶貧車間"


@given(st.text(alphabet="扶貧车间。，\n 安心工程“”0123", max_size=300))
def test_every_view_span_maps_back_to_the_original(original: str) -> None:
    view = make_view(original)
    assert len(view.origin) == len(view.text) + 1
    for start in range(0, len(view.text), 7):
        end = min(len(view.text), start + 5)
        o_start, o_end, quote = view.quote(start, end)
        assert original[o_start:o_end] == quote
