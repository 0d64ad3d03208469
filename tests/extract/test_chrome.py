"""Web-page chrome (menus, breadcrumbs, share bars, pagers, related lists, footers) yields no facts and
does not choose the subject county, while every offset stays exact into the decoded text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract import chrome
from fupin.extract.chrome import find_chrome
from fupin.extract.facts import Document, ObservationFact, ReportFact
from fupin.extract.lexicon import load_lexicon
from fupin.extract.normalise import make_view
from fupin.extract.pipeline import ReportExtractor
from fupin.extract.read import read_document

LANGAO = "610925"  # 岚皋县

PAGE = """首页 要闻 时政 社会 文旅 专题 视频 图片
当前位置：首页 > 地市新闻 > 紫阳县 > 正文

岚皋县：山坳里的致富路

2019-10-12 09:30 来源：安康日报

分享到：微信 微博 QQ空间
字体：大 中 小

岚皋县地处秦巴山区，是国家扶贫开发工作重点县。2018年全县减少贫困人口3600户1.12万人，贫困发生率降至2.1%。

今年以来，岚皋县大力发展魔芋产业，带动贫困户增收。

上一篇：紫阳县新增脱贫人口2100人
下一篇：泾源县搬迁群众喜迁新居

相关新闻
紫阳县贫困发生率降至1.3%
西吉县126个贫困村全部出列

版权所有：陕西某某网络传媒有限公司 陕ICP备12345678号
"""


@pytest.fixture(scope="module")
def extractor() -> ReportExtractor:
    return ReportExtractor(load_lexicon())


def _chrome_text(text: str) -> list[str]:
    return [text[s:e] for s, e in find_chrome(text, load_lexicon())]


def test_every_kind_of_chrome_line_is_found() -> None:
    found = _chrome_text(PAGE)
    for line in (
        "首页 要闻 时政 社会 文旅 专题 视频 图片",
        "当前位置：首页 > 地市新闻 > 紫阳县 > 正文",
        "分享到：微信 微博 QQ空间",
        "字体：大 中 小",
        "上一篇：紫阳县新增脱贫人口2100人",
        "下一篇：泾源县搬迁群众喜迁新居",
        "相关新闻",
        "紫阳县贫困发生率降至1.3%",
        "西吉县126个贫困村全部出列",
        "版权所有：陕西某某网络传媒有限公司 陕ICP备12345678号",
    ):
        assert line in found
    for line in ("岚皋县：山坳里的致富路", "2019-10-12 09:30 来源：安康日报"):
        assert line not in found
    assert not any("。" in line for line in found)


def test_report_lines_that_look_like_chrome_are_kept() -> None:
    text = (
        "文丨 本报记者 李 想\n"
        "稳得住 能致富 有保障 可持续 再提升\n"
        "农技站为种植户提供技术支持，全年培训600人次。\n"
        "最新动态：\n"
        "通渭县马铃薯喜获丰收\n"
        "通渭县今年种植马铃薯30万亩。\n"
    )
    assert _chrome_text(text) == []


def test_short_section_names_between_menus_are_chrome_but_a_county_name_is_not(
    extractor: ReportExtractor,
) -> None:
    text = "新闻\n要闻 国内 国际 财经 体育 娱乐\n商南县\n服务\n办事 查询 投诉 咨询 预约 下载\n\n商南县召开脱贫攻坚推进会。\n"
    found = [text[s:e] for s, e in extractor.chrome(text)]
    assert "新闻" in found and "服务" in found
    assert "商南县" not in found


def test_chrome_yields_no_facts_and_does_not_choose_the_county(extractor: ReportExtractor) -> None:
    result = extractor.extract(Document(source="page.txt", text=PAGE))
    assert result.report.county_code == LANGAO
    chrome = find_chrome(PAGE, extractor.lexicon)
    for fact in result.facts:
        ev = fact.evidence
        assert PAGE[ev.start : ev.end] == ev.quote
        assert not any(s < ev.end and ev.start < e for s, e in chrome), ev.quote
    values = {str(f.value) for f in result.facts if isinstance(f, ObservationFact)}
    assert "2100" not in values and "1.3" not in values and "126" not in values
    assert "3600" in values
    assert not any("传媒有限公司" in getattr(f, "name", "") for f in result.facts)


def test_a_blanked_line_ends_the_paragraph_before_it() -> None:
    long_line = "岚皋县坚持把产业发展作为稳定脱贫的根本之策，围绕魔芋茶叶和林下养殖三大主导产业持续用力"
    original = f"{long_line}\n分享到：微信 微博\n全县建成产业园区12个。\n"
    blank = find_chrome(original, load_lexicon())
    view = make_view(original, blank)
    at = view.text.index("持续用力") + len("持续用力")
    assert view.text[at] == "\n"
    assert "分享" not in view.text
    start, end, quote = view.quote(view.text.index("全县"), view.text.index("。") + 1)
    assert original[start:end] == quote == "全县建成产业园区12个。"


def test_traditional_script_chrome(extractor: ReportExtractor) -> None:
    text = "當前位置：首頁 > 新聞中心 > 縣域動態\n\n丹鳳縣脫貧攻堅綜述\n\n丹鳳縣2019年減少貧困人口5200人。\n\n上一篇：商南縣新增就業崗位800個\n"
    found = [text[s:e] for s, e in extractor.chrome(text)]
    assert "當前位置：首頁 > 新聞中心 > 縣域動態" in found
    assert "上一篇：商南縣新增就業崗位800個" in found


def test_html_page_chrome_in_plain_divs(tmp_path: Path, extractor: ReportExtractor) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><div class='top'>首页 | 新闻 | 政务 | 服务</div>"
        "<div class='content'><h1>西吉县扶贫车间助农增收</h1>"
        "<p>西吉县建成扶贫车间45个，吸纳贫困劳动力就业1800人。</p></div>"
        "<div class='pn'>上一篇：泾源县新建冷库30座</div>"
        "<div class='rel'><p>相关阅读</p><ul><li>隆德县贫困发生率降至0.8%</li></ul></div>"
        "<div class='tail'>Copyright © 2020 某某县融媒体中心 版权所有</div></body></html>",
        encoding="utf-8",
    )
    document = read_document(page)
    result = extractor.extract(document)
    assert isinstance(result.report, ReportFact) and result.report.county_code == "640422"
    values = {str(f.value) for f in result.facts if isinstance(f, ObservationFact)}
    assert "30" not in values and "0.8" not in values
    for fact in result.facts:
        assert document.text[fact.evidence.start : fact.evidence.end] == fact.evidence.quote


def _control_bar_long_way(line: str, words: tuple[str, ...]) -> bool:
    """_is_control_bar with its words sorted anew on each call."""
    if len(line) > chrome._MAX_CONTROL_LINE or chrome._SENTENCE.search(line.rstrip("。")):
        return False
    rest, found = line, False
    for word in sorted(words, key=len, reverse=True):
        if word in rest:
            found = True
            rest = rest.replace(word, " ")
    return found and len(chrome._HAN.findall(rest)) <= chrome._MAX_CONTROL_RESIDUE


_CONTROLS = load_lexicon().page_controls


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_CONTROLS, "分享", "打", "印", "大", "中", "小", "：", " ", "【", "】", "县"]),
        max_size=8,
    ),
    st.permutations(_CONTROLS[:12]),
)
def test_control_words_sorted_once_read_as_sorted_anew(pieces: list[str], words: list[str]) -> None:
    """The lexicon's control words and another list in another order (words of one length in
    either order): each line is read as sorting the words anew would."""
    line = "".join(pieces)
    lexicon = load_lexicon()
    for controls in (_CONTROLS, tuple(words)):
        asked = dataclasses.replace(lexicon, page_controls=controls)
        assert chrome._is_control_bar(line, asked) == _control_bar_long_way(line, controls), line
