"""Subject county and place mentions: word boundaries, ambiguity, company names, townships."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract import places
from fupin.extract.facts import PlaceFact
from fupin.extract.gazetteer import Gazetteer
from fupin.extract.places import PlaceMention, county_surfaces
from fupin.extract.segmenter import word_bounds


def test_subject_county_from_title_and_body(context) -> None:
    ctx = context("茅箭区把脱贫攻坚作为头等大事来抓。", "茅箭区")
    assert (ctx.county, ctx.county_confidence) == ("420302", 1.0)


def test_names_inside_words_are_not_places(context) -> None:
    ctx = context(
        "能适应城市生活的易迁对象进城；统筹推进脱贫攻坚、乡村振兴和县域发展；完善搬迁安置点。", "郧阳区"
    )
    assert {m.surface for m in ctx.places} == {"郧阳区"}


def test_ambiguous_name_without_its_province_is_dropped(context) -> None:
    ctx = context("将留守儿童集中到城区接受均衡教育。", "郧阳区")
    assert "城区" not in {m.surface for m in ctx.places}


def test_short_name_of_another_county(context) -> None:
    ctx = context("组织乡镇书记远赴竹山、竹溪学习。", "咸安区")
    assert "420323" in {c for m in ctx.places for c in m.codes}


def test_townships_and_villages(extract) -> None:
    result = extract("区委书记谭海华在双溪桥镇杨堡村调研精准扶贫工作。", "咸安区")
    assert {(f.name, f.kind) for f in result.facts if isinstance(f, PlaceFact)} == {
        ("双溪桥镇", "township"), ("杨堡村", "village")
    }  # fmt: skip


def test_no_county_facts_of_no_county(extractor) -> None:
    """With no county named the facts are kept, credited to no county (never to a guessed one)."""
    from fupin.extract.facts import Document

    result = extractor.extract(Document("x.txt", "某地区扶贫工作总结\n\n累计脱贫退出4000户12000人。"))
    assert result.report.county_code is None
    assert result.facts and {f.county_code for f in result.facts} == {None}


def test_a_prefecture_report_has_no_subject_county(extractor) -> None:
    from fupin.extract.facts import Document

    text = "十堰市脱贫攻坚工作综述\n\n十堰市人民政府\n\n十堰市累计脱贫45万人，其中房县脱贫14万人。"
    result = extractor.extract(Document("p.txt", text))
    assert result.report.county_code is None
    # the prefecture's 45万 is nobody's county figure; the clause naming 房县 gives 房县 its own
    assert [(f.county_code, f.value) for f in result.facts] == [("420325", 140000)]


def test_a_county_titled_under_its_prefecture_stays_the_subject(extractor) -> None:
    from fupin.extract.facts import Document

    text = ("十堰市郧阳区：决战脱贫攻坚\n\n十堰日报记者 张三\n\n十堰市委、市政府高度重视。十堰市领导多次调研。"
            "全区累计脱贫4.8万户16.3万人。十堰市表示肯定。")  # fmt: skip
    assert extractor.extract(Document("t.txt", text)).report.county_code == "420304"


_FULL = ["郧阳区", "房县", "竹山县", "城区", "富县", "乌前旗", "应城市"]  # 竹山县 and 乌前旗 end open
_SHORT = ["竹山", "迁安", "万年", "三台", "上林"]  # jieba reads the first two as places alone, not the rest
_AROUND = ["适应", "生活", "搬迁安置", "县城", "县委", "书记", "扶贫", "工业", "在", "的", "镇", "2019年"]
_MARKS = ["，", "。", "、", " ", "\n", "\r\n", "（", "：", "“"]


def _long_way(text: str, mention: PlaceMention) -> bool:
    """on_word_boundary without its block-edge short cut: the window is always cut."""
    starts, ends, place_word = places._word_bounds(text, mention)
    open_end = len(mention.surface) >= 3 and mention.surface.endswith(places._OPEN_END)
    if not starts or not (ends or open_end):
        return False
    return not mention.short or (ends and place_word)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_FULL, *_SHORT, *_AROUND, *_MARKS]), min_size=1, max_size=12))
def test_the_block_edge_short_cut_gives_the_windows_answer(pieces: list[str]) -> None:
    """Every name among words and marks that run into it or stand apart from it: the same answer
    as cutting the window around it."""
    table = county_surfaces(Gazetteer.load())
    text, at = "".join(pieces), 0
    for piece in pieces:
        if piece in table:
            codes, short = table[piece]
            mention = PlaceMention(at, at + len(piece), piece, codes, short)
            assert places.on_word_boundary(text, mention) == _long_way(text, mention), (text, at)
        at += len(piece)


def _window_bounds(text: str, mention: PlaceMention) -> tuple[bool, bool, bool]:
    """_word_bounds as jieba reads the whole window of places._WINDOW characters on either side."""
    left = max(0, mention.start - places._WINDOW)
    start, end = mention.start - left, mention.end - left
    starts, ends, word, flag = word_bounds(text[left : mention.end + places._WINDOW], start, end)
    return starts, ends, flag == "ns" and len(word) >= end - start


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_FULL, *_SHORT, *_AROUND, *_MARKS, "郧 阳 区"]), min_size=1, max_size=12))
def test_a_name_in_one_block_is_read_in_that_block_as_in_the_window(pieces: list[str]) -> None:
    table = county_surfaces(Gazetteer.load())
    text, at = "".join(pieces), 0
    for piece in pieces:
        codes, short = table.get(piece.replace(" ", ""), ((), False))
        if codes:
            mention = PlaceMention(at, at + len(piece), piece, codes, short)
            assert places._word_bounds(text, mention) == _window_bounds(text, mention), (text, at)
        at += len(piece)


def test_real_sentences_are_cut_in_the_block_of_the_name() -> None:
    table = county_surfaces(Gazetteer.load())
    for text, name, window in (
        ("11月5日，迁安市召开脱贫攻坚推进会。", "迁安", "迁安市召开脱贫攻坚推"),
        ("能适应城市生活的易迁对象进城；", "应城市", "能适应城市生活的易迁对象进"),
        ("2019年，房县、竹山县脱贫摘帽。", "竹山县", "竹山县脱贫摘帽"),
        ("郧 阳 区委书记调研", "郧 阳 区", "郧 阳 区委书记调研"),
    ):
        at = text.index(name)
        codes, short = table[name.replace(" ", "")]
        mention = PlaceMention(at, at + len(name), name, codes, short)
        left, right = places._window(text, mention)
        assert text[left:right] == window
        assert places._word_bounds(text, mention) == _window_bounds(text, mention)
