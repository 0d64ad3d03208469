"""Short cuts taken for speed give the answers of the long way."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import numpy as np
import pytest
import spacy
from hypothesis import example, given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

from fupin import resources
from fupin.extract import chrome, dates, measure_lists, normalise, places, quantities, scripts, sentences
from fupin.extract.facts import Document
from fupin.extract.gazetteer import Gazetteer
from fupin.extract.indicators import _any_veto, _fitting, _unit_for
from fupin.extract.lexicon import load_lexicon
from fupin.extract.measure_lists import ListReader
from fupin.extract.normalise import _PINYIN_GLOSS, make_view
from fupin.extract.pipeline import _longest, _mark_measures, _phrase_matcher, annotate
from fupin.extract.places import PlaceMention, county_surfaces
from fupin.extract.quantities import Quantity
from fupin.extract.read import read_document
from fupin.extract.scan import anchored, any_of
from fupin.extract.segmenter import tag


def _every_match(text: str) -> list[dates.DateMention]:
    """The date candidates the long way: every pattern scanned over the whole (half-width) text."""
    normal = text.translate(dates._FULL_WIDTH)
    found = (dates._mention(text, m, 2020) for p in dates._PATTERNS for m in p.finditer(normal))
    return [mention for mention in found if mention is not None]


def _long_way(text: str) -> list[dates.DateMention]:
    chosen, taken_until = [], -1
    for mention in sorted(_every_match(text), key=lambda m: (m.start, -(m.end - m.start))):
        if mention.start >= taken_until:
            chosen.append(mention)
            taken_until = mention.end
    return chosen


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("2019０１-./．／－今去年月日号底初旬县"), max_size=16))
def test_the_date_pre_check_never_drops_a_date(text: str) -> None:
    assert dates.find_dates(text, 2020) == _long_way(text)


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("2019０１-./．／－ 今明去上年月日号底初旬度份半十二三一〇至到—~县"),
        max_size=24,
    )
)
def test_patterns_tried_at_their_anchors_find_what_a_scan_finds(text: str) -> None:
    assert list(dates._candidates(text, 2020)) == _every_match(text)


def test_dates_of_a_real_sentence_are_found_at_their_anchors() -> None:
    text = "2016—2019年，全县累计脱贫1.2万人；今年4月21日通过验收，2020-05-06公示，二〇二〇年四月二十三日批准退出。"
    surfaces = [m.surface for m in dates.find_dates(text, 2020)]
    assert surfaces == ["2016", "2019年", "今年4月21日", "2020-05-06", "二〇二〇年四月二十三日"]


_UNITS = {
    "人": "person",
    "人次": "person-time",
    "户": "household",
    "万元": "yuan",
    "元": "yuan",
    "个": "item",
}


def _every_core(text: str) -> list[quantities.Quantity]:
    """find_quantities the long way: every number core read in full, dates and all, in half-width
    text made by `str.translate`."""
    norm = text.translate(quantities._FULL_WIDTH)
    table = quantities._unit_table(_UNITS)
    longest = max(len(key) for key in table)
    outside = quantities._outside_dates(text, None)
    found: list[quantities.Quantity] = []
    for core in quantities._CORE.finditer(norm):
        if found and core.start() < found[-1].end:
            continue
        quantity = quantities._quantity_at(text, norm, core, table, longest)
        if quantity is not None and outside(quantity.start, quantity.end):
            found.append(quantity)
    return found


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("20１．%,.一两三十百万亿点余多近人户个元年月第“”+- 至、村"), max_size=16)
)
def test_the_figure_pre_checks_never_drop_a_figure(text: str) -> None:
    assert quantities.find_quantities(text, _UNITS) == _every_core(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["人", "人次", "户", "万元", "元", "亿元", "％", "个", "万"]),
            st.sampled_from("abc"),
        ),
        max_size=6,
    ).map(dict)
)
def test_a_units_reading_is_made_once_per_mapping_and_is_its_own(units: dict[str, str]) -> None:
    """The kept reading of a mapping is the one made from it anew (the long way), for mappings that
    differ in their items or only in their order (万元 or 元 first)."""
    for mapping in (units, dict(reversed(units.items())), {**units, "户": "z"}):
        table = quantities._unit_table(mapping)
        reading = quantities._units(mapping)
        assert reading.table == table and list(reading.table) == list(table)
        assert reading.longest == max(len(key) for key in table)
        assert reading.openers == quantities._unit_openers(table)
        assert quantities._units(dict(mapping)) is reading


def test_figures_of_a_real_sentence() -> None:
    text = "全县累计减贫1.2万户4.3万人，贫困发生率由百分之十二降至0.8%，建成扶贫车间三十五个。"
    surfaces = [q.surface for q in quantities.find_quantities(text, _UNITS)]
    assert surfaces == ["1.2万户", "4.3万人", "百分之十二", "0.8%", "三十五个"]


_READER = ListReader(
    {"教育扶贫": "education", "健康扶贫": "health"}, ["扶贫"], ["、以及", "以及", "和", "、"]
)


def _run_right(text: str, start: int) -> int:
    """Where an item starting at `start` ends, read character by character."""
    end = start
    while end < len(text) and end - start < measure_lists._MAX_RUN and measure_lists._is_han(text[end]):
        if _READER._joiner_after(text, end) is not None and end > start:
            break
        end += 1
    return end


def _run_left(text: str, end: int) -> int:
    """Where an item ending at `end` starts, read character by character."""
    start = end
    while start > 0 and end - start < measure_lists._MAX_RUN and measure_lists._is_han(text[start - 1]):
        if _READER._joiner_before(text, start) is not None and start < end:
            break
        start -= 1
    return start


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("教育健康扶贫以及和、，a "), max_size=24), st.integers(0, 24))
@example("教和育及健", 5)  # 及 could end a joiner (以及) but ends none here: the 和 before it ends one
def test_list_items_are_read_as_character_by_character(text: str, at: int) -> None:
    at = min(at, len(text))
    found: tuple[list, list] = ([], [])
    right, left = _READER._item_right(text, at, found), _READER._item_left(text, at, found)
    assert (right[0].end if right else at) == _run_right(text, at)
    assert (left[0].start if left else at) == _run_left(text, at)


# Two heads; a stem that takes one of them (教育), one that takes either (医疗: read bare, it is no
# measure), one that takes the other (社会); an anchor with no head (易地搬迁); and filler.
_LIST_LABELS = {
    "教育扶贫": "education", "医疗扶贫": "medical", "医疗保障": "health", "社会保障": "social-security",
    "易地搬迁": "relocation",
}  # fmt: skip
_LIST_READER = ListReader(_LIST_LABELS, ["扶贫", "保障"], ["、", "、以及", "以及", "和", "及", "与"])
_LIST_WORDS = [*_LIST_LABELS, "教育", "医疗", "社会", "扶贫", "大力实施", "工作"]
_LIST_JOINS = ["、", "、", "、", "和", "及", "与", "以及", "，", " ", ""]
# Items of one to three words, each followed by a joiner or a break.
_LIST_TEXTS = st.lists(
    st.tuples(st.lists(st.sampled_from(_LIST_WORDS), min_size=1, max_size=3), st.sampled_from(_LIST_JOINS)),
    max_size=12,
).map(lambda parts: "".join("".join(words) + join for words, join in parts))


def _greedy_matches(text: str, keep: list[bool]) -> list[tuple[int, int, str]]:
    """Leftmost-longest label matches, none overlapping, some left out (as `keep` says)."""
    found, at = [], 0
    while at < len(text):
        surface = max((s for s in _LIST_LABELS if text.startswith(s, at)), key=len, default=None)
        if surface is None:
            at += 1
            continue
        found.append((at, at + len(surface), _LIST_LABELS[surface]))
        at += len(surface)
    return [m for i, m in enumerate(found) if i >= len(keep) or keep[i]]


def _stems_of(item: measure_lists._Item, side: str | None) -> list[tuple[int, int]]:
    size = item.end - item.start
    if side is None:
        return [(item.start, item.end)] if 2 <= size <= 6 else []
    sizes = range(min(6, size), 1, -1)
    return [(item.end - n, item.end) if side == "left" else (item.start, item.start + n) for n in sizes]


def _with_head(reader: ListReader, stem: str, head: str | None) -> str | None:
    """The label stem + head; with no head, the measure of every label the stem makes with a head,
    if they are one."""
    if head is not None:
        return reader.labels.get(stem + head)
    notations = {n for h in reader.heads for n in [reader.labels.get(stem + h)] if n is not None}
    return next(iter(notations)) if len(notations) == 1 else None


def _walked_per_anchor(reader: ListReader, text: str, found: list) -> list[tuple[int, int, str]]:
    """ListReader.mentions the long way: every anchor walks its whole list item by item, and every
    list is resolved, however many of its anchors walked it before; each bare item looks for the
    nearest anchors' heads in the list's slices on either side of it."""
    found = sorted(found)
    matches = (found, [s for s, _e, _n in found])
    extra: dict[tuple[int, int], str] = {}
    for start, end, notation in found:
        if reader._joiner_before(text, start) is None and reader._joiner_after(text, end) is None:
            continue
        items = [measure_lists._Item(start, end, notation, reader._head(text[start:end]))]
        at = start
        while (joiner := reader._joiner_before(text, at)) is not None:
            if (stepped := reader._item_left(text, at - len(joiner), matches)) is None:
                break
            items.insert(0, stepped[0])
            if stepped[1]:
                break
            at = stepped[0].start
        at = end
        while (joiner := reader._joiner_after(text, at)) is not None:
            if (stepped := reader._item_right(text, at + len(joiner), matches)) is None:
                break
            items.append(stepped[0])
            if stepped[1]:
                break
            at = stepped[0].end
        headed, headless = [], []
        for index, item in enumerate(items):
            if item.anchor is not None:
                continue
            left = next((n.head for n in reversed(items[:index]) if n.anchor is not None), None)
            right = next((n.head for n in items[index + 1 :] if n.anchor is not None), None)
            stems = _stems_of(item, "left" if index == 0 else "right" if index == len(items) - 1 else None)
            lent = sorted({h for h in (left, right) if h is not None})
            readings = [(a, b, _with_head(reader, text[a:b], h)) for a, b in stems for h in lent]
            bare = [(a, b, _with_head(reader, text[a:b], None)) for a, b in stems]
            if (reading := next((r for r in readings if r[2] is not None), None)) is not None:
                headed.append(reading)
            elif (reading := next((r for r in bare if r[2] is not None), None)) is not None:
                headless.append(reading)
        if sum(1 for n in items if n.anchor is not None) + len(headed) + len(headless) < 3:
            headless = []
        for a, b, n in headed + headless:
            extra.setdefault((a, b), n)
    return [
        (s, e, n) for (s, e), n in sorted(extra.items()) if not any(fs < e and s < fe for fs, fe, _ in found)
    ]


@settings(max_examples=1000, deadline=None)
@given(
    _LIST_TEXTS,
    st.lists(st.booleans(), max_size=12),
)
@example("社会保障、易地搬迁、医疗，", [])  # the nearest anchor lends no head: 医疗 is read bare
def test_lists_walked_once_by_offset_read_as_each_anchor_walking_its_own(text: str, keep: list) -> None:
    found = _greedy_matches(text, keep)
    assert _LIST_READER.mentions(text, found) == _walked_per_anchor(_LIST_READER, text, found)


def test_a_list_is_read_once_for_all_its_anchors(monkeypatch) -> None:
    """Three anchors of one list: its items are each read once, and it is resolved once."""
    text = "大力实施教育扶贫、医疗扶贫、社会、医疗保障和教育工作"
    found = _greedy_matches(text, [])
    resolved, read = [], []
    monkeypatch.setattr(ListReader, "_resolve", lambda self, items, t: resolved.append(items) or [])
    item_right = ListReader._item_right
    monkeypatch.setattr(ListReader, "_item_right", lambda self, *a: read.append(a[1]) or item_right(self, *a))
    _LIST_READER.mentions(text, found)
    assert len(found) == 3 and len(resolved) == 1
    assert len(read) == len(set(read)) == 4


def _counted_one_by_one(text: str) -> bool:
    """is_traditional the long way: every character of the text looked up in the two sets."""
    traditional = sum(ch in scripts._traditional_only() for ch in text)
    simplified = sum(ch in scripts._simplified_only() for ch in text)
    return traditional > simplified


_SCRIPT_MIX = "貧車遷縣脫贫车迁县脱扶困产業业 \n\u3000。，(pín)（chǎn）𠀋"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_SCRIPT_MIX), max_size=30))
def test_the_script_table_counts_as_the_character_sets_do(text: str) -> None:
    assert scripts.is_traditional(text) == _counted_one_by_one(text)


def _blank_spans(size: int) -> st.SearchStrategy[list[tuple[int, int]]]:
    pairs = st.tuples(st.integers(0, size), st.integers(0, 6)).map(lambda p: (p[0], min(size, p[0] + p[1])))
    return st.lists(pairs, max_size=4).map(sorted)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_SCRIPT_MIX), max_size=30).flatmap(
    lambda text: st.tuples(st.just(text), _blank_spans(len(text)))
))  # fmt: skip
def test_the_view_is_converted_as_when_its_own_text_is_counted(case: tuple[str, list]) -> None:
    original, blank = case
    unconverted = make_view(original, blank, scripts.Script(np.zeros(len(original), dtype=np.int8))).text
    expected = scripts.to_simplified(unconverted) if _counted_one_by_one(unconverted) else unconverted
    assert make_view(original, blank, scripts.Script.of(original)).text == expected
    assert make_view(original, blank).text == expected


def test_what_the_view_drops_besides_chrome_belongs_to_no_script() -> None:
    """White space and pinyin glosses, which the view removes, hold no character of one script only:
    so the view's script is the original's with the chrome left out."""
    gloss = "()（）abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
    assert {ch for ch in _PINYIN_GLOSS.pattern if not ch.isascii()} <= set(gloss)
    spaces = "".join(chr(c) for c in range(0x3100) if chr(c).isspace())
    assert not scripts.Script.of(gloss + spaces).kinds.any()


def test_a_traditional_report_under_simplified_chrome_is_converted() -> None:
    """The whole page counts more simplified characters (its menu) than traditional ones, the report
    without its menu more traditional ones: the view is judged without the menu."""
    menu = "首页 新闻动态 政务公开 办事服务 互动交流 专题专栏 视频点播 网站地图 联系我们"
    body = "丹鳳縣2019年減少貧困人口5200人。"
    original = f"{menu}\n{body}\n"
    script = scripts.Script.of(original)
    assert not script.is_traditional()
    view = make_view(original, [(0, len(menu))], script)
    assert "丹凤县2019年减少贫困人口5200人。" in view.text
    assert body in make_view(original).text  # with its menu, the page reads as simplified


_DOC = spacy.blank("zh")("扶贫车间袜业扶贫车间产业扶贫教育扶贫")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([1, 2, 3]), st.integers(0, len(_DOC) - 1), st.integers(1, 6)).map(
            lambda m: (m[0], m[1], min(len(_DOC), m[1] + m[2]))
        ),
        max_size=12,
    )
)
def test_the_longest_matches_are_those_spacy_keeps(matches: list[tuple[int, int, int]]) -> None:
    spans = [Span(_DOC, start, end, label=key) for key, start, end in matches]
    assert _longest(matches) == [(s.label, s.start, s.end) for s in spacy.util.filter_spans(spans)]


def test_the_longer_label_wins_in_a_real_sentence(extractor) -> None:
    doc = annotate(extractor.nlp, "诸暨市建成袜业扶贫车间12个，吸纳贫困劳动力就业。")
    assert [s.text for s in doc.spans["measures"]] == ["袜业扶贫车间", "就业"]  # not 扶贫车间 inside it
    assert [s.text for s in doc.spans["places"]] == ["诸暨市"]


@pytest.fixture(scope="module")
def matchers(extractor) -> tuple:
    """The combined matcher's two vocabularies, each in a matcher of its own (the long way)."""
    nlp, lexicon = extractor.nlp, extractor.lexicon
    places = _phrase_matcher(nlp, [(s, s) for s in county_surfaces(Gazetteer.load())])
    measures = _phrase_matcher(nlp, [(s, k) for s, k in lexicon.measures])
    lists = ListReader(dict(lexicon.measures), lexicon.measure_heads, lexicon.list_joiners)
    return nlp, places, measures, lists


def _each_alone(nlp, places, measures, lists, text: str) -> dict[str, list[tuple[int, int, str]]]:
    """The places and measures each matcher finds alone, the measures with the list items around them."""
    doc = nlp.make_doc(text)
    doc.user_data["fupin.text"] = text
    found = {"places": [(s, e, nlp.vocab.strings[k]) for k, s, e in _longest(places(doc))]}
    _mark_measures(doc, _longest(measures(doc)), lists)
    found["measures"] = [(s.start, s.end, s.label_) for s in doc.spans["measures"]]
    return found


def _combined(nlp, text: str) -> dict[str, list[tuple[int, int, str]]]:
    doc = annotate(nlp, text)
    return {key: [(s.start, s.end, s.label_) for s in doc.spans[key]] for key in ("places", "measures")}


def test_one_matcher_finds_what_two_find_in_the_reports(matchers) -> None:
    nlp = matchers[0]
    for path in sorted(resources.folder("corpus").glob("*.txt")):
        text = read_document(path).text
        alone, combined = _each_alone(*matchers, text), _combined(nlp, text)
        assert combined == alone


_PIECES = [
    "郧阳区",
    "郧西县",
    "十堰市",
    "湖北省",
    "产业扶贫",
    "扶贫车间",
    "袜业扶贫车间",
    "就业",
    "教育",
    "、",
    "和",
    "县",
    "城",
    " ",
    "\n",
    "，",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_one_matcher_finds_what_two_find(matchers, text: str) -> None:
    nlp = matchers[0]
    alone = _each_alone(*matchers, text)
    combined = _combined(nlp, text)
    assert combined == alone


def test_a_sentence_with_places_and_measures_in_one_walk(extractor) -> None:
    doc = annotate(extractor.nlp, "郧阳区实施产业、教育和健康扶贫，十堰市建成扶贫车间30个。")
    assert [s.text for s in doc.spans["places"]] == ["郧阳区", "十堰市"]
    assert [s.text for s in doc.spans["measures"]] == ["产业", "教育", "健康扶贫", "扶贫车间"]


def _slogan_the_long_way(text: str, mention: PlaceMention) -> bool:
    """in_slogan without its look at the character before the name: the words jieba makes of the window."""
    if len(mention.surface) != 2 or not mention.surface.endswith(places._ADMIN_SUFFIXES):
        return False
    left = max(0, mention.start - places._WINDOW)
    at = left
    for word, flag in tag(text[left : mention.end]):
        at += len(word)
        if at == mention.start:
            return len(word) >= 2 and flag in places._SLOGAN_OBJECTS
        if at > mention.start:
            return False
    return False


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "工业",
                "旅游",
                "人才",
                "富县",
                "兴县",
                "城区",
                "前往",
                "在",
                "，",
                "、",
                " ",
                "\n",
                "A",
                "3",
                "·",
                "（",
            ]
        ),
        min_size=1,
        max_size=8,
    ),
    st.integers(0, 7),
)
def test_a_slogan_is_looked_for_only_after_a_word_character(pieces: list[str], index: int) -> None:
    index = min(index, len(pieces) - 1)
    at = sum(len(p) for p in pieces[:index])
    text = "".join(pieces)
    mention = PlaceMention(at, at + 2, text[at : at + 2], ("610628",), False)
    assert places.in_slogan(text, mention) == _slogan_the_long_way(text, mention)


def test_slogans_in_real_sentences() -> None:
    for text, start, slogan in (
        ("坚持工业富县、旅游兴县", 4, True),
        ("市委书记前往富县调研", 4, False),
        ("延安市，富县脱贫攻坚", 4, False),
        ("“富县”苹果品牌", 1, False),
    ):
        mention = PlaceMention(start, start + 2, text[start : start + 2], ("610628",), False)
        assert places.in_slogan(text, mention) is slogan, text


_LEXICON = load_lexicon()


def _related_heading_the_long_way(line: str) -> bool:
    bare = re.sub(r"[\W_]+", "", line)
    return bool(bare) and len(bare) <= chrome._MAX_PLAIN_LINE and bare.startswith(_LEXICON.related_headings)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *_LEXICON.related_headings[:3],
                "相关",
                "阅读",
                "推荐",
                "扶贫",
                "_",
                " ",
                "：",
                "·",
                "、",
                "a",
                "1",
                "①",
                "全县累计脱贫人口",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_a_related_heading_is_judged_as_on_the_whole_line(line: str) -> None:
    assert chrome._is_related_heading(line, _LEXICON) == _related_heading_the_long_way(line)


def test_related_headings_in_real_lines() -> None:
    assert chrome._is_related_heading("相关阅读：", _LEXICON)
    assert chrome._is_related_heading("【 相 关 阅 读 】", _LEXICON)
    assert not chrome._is_related_heading(
        "相关阅读材料显示，全县累计建成扶贫车间45个，吸纳贫困劳动力就业1800人。", _LEXICON
    )


def _spans_both_ways(pattern: re.Pattern[str], opens: re.Pattern[str], text: str) -> tuple[list, list]:
    return [m.span() for m in anchored(pattern, text, opens)], [m.span() for m in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("。！？!?…\n”）」扶贫 a，"), max_size=24))
def test_sentence_ends_led_by_their_openers_are_those_of_the_plain_pattern(text: str) -> None:
    fast = [m.span() for m in sentences._SENTENCE_END_AT.finditer(text)]
    assert fast == [m.span() for m in sentences._SENTENCE_END.finditer(text)]


def test_sentence_ends_of_real_text_led_by_their_openers() -> None:
    text = "全县脱贫3万人……贫困发生率降至1%。”\n\n——记某县扶贫工作！？他说：“好…”\n"
    fast = [m.group() for m in sentences._SENTENCE_END_AT.finditer(text)]
    assert fast == [m.group() for m in sentences._SENTENCE_END.finditer(text)]
    assert fast == ["……", "。”", "\n\n", "！？", "\n"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("產業發(（)）chǎnyèfā a1"), max_size=24))
def test_pinyin_glosses_tried_where_they_open_are_those_a_scan_finds(text: str) -> None:
    fast, slow = _spans_both_ways(normalise._PINYIN_GLOSS, normalise._GLOSS_OPENS, text)
    assert fast == slow


def test_sentences_and_glosses_of_a_real_paragraph() -> None:
    text = "扶貧產(chǎn)業（yè）發展迅速！全縣建成車間12個……“穩了。”\n\n下一步怎麼辦？"
    view = make_view(text)
    assert view.text.startswith("扶贫产业发展迅速！")
    parts = [s.text for s in sentences.split_sentences(view.text)]
    assert parts == ["扶贫产业发展迅速！", "全县建成车间12个……", "“稳了。”", "下一步怎么办？"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["发布", "更新", "时间", "日期", "时", "日", " ", "：", ":", "2020", "年", "文"]), max_size=10).map("".join))  # fmt: skip
def test_date_markers_tried_at_their_anchors_are_those_a_scan_finds(text: str) -> None:
    fast = [m.span() for m in anchored(dates._MARKER, text, dates._MARKER_HOLDS, range(0, 3, 2))]
    assert fast == [m.span() for m in dates._MARKER.finditer(text)]


def test_a_real_masthead_gives_its_publication_date() -> None:
    text = "丹凤县脱贫攻坚综述\n来源：丹凤县融媒体中心  发布时间：2020-05-06 10:30\n2019年全县减贫5200人。"
    published = dates.publication_date(text)
    assert published is not None and published.date == datetime.date(2020, 5, 6)


def test_resolved_mentions_keep_every_field_but_codes_and_level(extractor) -> None:
    text = "陕西省商洛市丹凤县和湖北省十堰市郧阳区开展东西部协作。"
    doc = annotate(extractor.nlp, text)
    resolved = {m.surface: m for m in extractor.context(Document("t.txt", text, "0")).places}
    assert [s.text for s in doc.spans["places"]] == [
        "陕西省",
        "商洛市",
        "丹凤县",
        "湖北省",
        "十堰市",
        "郧阳区",
    ]
    assert resolved["丹凤县"] == PlaceMention(6, 9, "丹凤县", ("611022",), False, "county")
    assert resolved["十堰市"].level == "prefecture"


_LEXICON = load_lexicon()
_VETO_LISTS = sorted({ind.vetoes for ind in _LEXICON.indicators if ind.vetoes})
_VETO_WORDS = sorted({v for vetoes in _VETO_LISTS for v in vetoes})
_CLAUSES = [
    "全县累计带动贫困户1200户增收",
    "未脱贫的832户2158人全部脱贫",
    "五保户、低保户共计356户纳入兜底保障",
    "按照每人每年2300元的标准",
    "贫困发生率由33.2%下降到1.24%",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(range(len(_VETO_LISTS))),
    *[
        st.lists(st.sampled_from([*_CLAUSES, *_VETO_WORDS, "，", "带", "户"]), max_size=4).map("".join)
        for _ in range(2)
    ],
)
def test_any_veto_is_a_test_of_each_word(which: int, lead: str, post: str) -> None:
    """match_indicators reads an indicator's veto words one by one only where `_any_veto` finds one."""
    vetoes = _VETO_LISTS[which]
    assert _any_veto(any_of(vetoes), lead, post) == any(v in lead or v in post for v in vetoes)


def test_the_unit_prefilter_keeps_the_indicators_unit_for_fits() -> None:
    """`_fitting` (a figure's candidates narrowed by its written unit) holds exactly the indicators
    `_unit_for` gives a unit for, whatever noun follows the figure, for every unit of the lexicon."""
    lex = load_lexicon()
    units = {*lex.units.values(), *lex.count_units, *lex.count_units_generic, *lex.noun_units.values()}
    for unit in sorted(units):
        q = Quantity(Decimal(3), unit, 0, 2, "3" + unit)
        for head in ("", "建档立卡贫困人口", "贫困户", "贫困村"):
            fitting = {
                at: u for at, cues in enumerate(lex.indicators) if (u := _unit_for(q, cues, lex, head))
            }
            assert _fitting(lex, unit) == fitting, (unit, head)


def test_figures_of_real_sentences_match_as_without_the_unit_prefilter(monkeypatch) -> None:
    """match_indicators on the figures of the bundled reports gives what it gives when every
    candidate is read to `_unit_for` (the prefilter off)."""
    from fupin.extract import indicators
    from fupin.extract.pipeline import default_extractor

    extractor = default_extractor()
    docs = [read_document(p) for p in sorted(resources.folder("corpus").glob("*.txt"))]
    contexts = [extractor.context(d) for d in docs]

    def matched() -> list:
        found = []
        for ctx in contexts:
            for sentence in ctx.sentences:
                figures = [q for q in ctx.quantities if sentence.start <= q.start < sentence.end]
                for site in indicators._sites(ctx, sentence, figures):
                    found.append([(c.notation, *rest) for c, *rest in indicators.match_indicators(ctx, site)])
        return found

    fast = matched()
    monkeypatch.setattr(indicators, "_fitting", lambda lexicon, unit: None)  # every unit asked of _unit_for
    assert matched() == fast
    assert sum(map(len, fast)) > 50


def _clauses_the_long_way(sentence: sentences.TextSpan) -> list[sentences.TextSpan]:
    """split_clauses as first written: every piece between clause marks cut, blank ones dropped after."""
    clauses = []
    start = 0
    for match in re.finditer(r"[，,；;：:]", sentence.text):
        if sentences._is_numeric_separator(sentence.text, match.start()):
            continue
        clauses.append(sentence.sub(start, match.start()))
        start = match.end()
    clauses.append(sentence.sub(start, len(sentence.text)))
    return [c for c in clauses if c.text.strip()]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("脱贫12²，,；;：: \u3000户人。"), max_size=24), st.integers(0, 50))
def test_clauses_are_those_of_the_long_way(text: str, offset: int) -> None:
    sentence = sentences.TextSpan(offset, offset + len(text), text)
    assert sentences.split_clauses(sentence) == _clauses_the_long_way(sentence)


def test_clauses_of_the_bundled_reports_are_those_of_the_long_way() -> None:
    for path in sorted(resources.folder("corpus").glob("*.txt")):
        for sentence in sentences.split_sentences(read_document(path).text):
            assert sentences.split_clauses(sentence) == _clauses_the_long_way(sentence)


def test_measure_chains_read_once_are_those_of_ancestors() -> None:
    """`measures._chain` (each notation's broader chain kept) gives `ancestors` for every measure of the
    lexicon, asked twice, and a changed mapping is read anew rather than served from the first."""
    from fupin.extract.measures import _chain, ancestors

    lex = load_lexicon()
    for _surface, notation in lex.measures:
        for _ in range(2):
            assert _chain(notation, lex.measure_broader) == ancestors(notation, lex.measure_broader)
    other = {"sock-workshop": "workshop"}
    assert _chain("sock-workshop", other) == ["sock-workshop", "workshop"]
    assert _chain("sock-workshop", {}) == ["sock-workshop"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("12年a 年年"), max_size=24), st.integers(0, 3), st.integers(1, 4))
def test_runs_of_starts_tried_from_where_the_last_was_left_are_those_a_scan_finds(
    text: str, low: int, width: int
) -> None:
    """Anchors close together give runs of starts that overlap; each start is tried once, in order."""
    pattern = re.compile(rf"\d{{{low},{low + width - 1}}}年")
    fast = [m.span() for m in anchored(pattern, text, re.compile("年"), range(low, low + width))]
    assert fast == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("2019-./ 今年月日号底县至—"), max_size=24))
def test_each_date_pattern_tried_at_its_anchors_finds_what_a_scan_finds(text: str) -> None:
    for pattern, anchors in zip(dates._PATTERNS, dates._ANCHORS, strict=True):
        fast = [
            m.span()
            for m in (pattern.finditer(text) if anchors is None else anchored(pattern, text, *anchors))
        ]
        assert fast == [m.span() for m in pattern.finditer(text)]


def _chrome_the_long_way(line: str) -> bool:
    return len(line) <= chrome._MAX_CHROME_LINE and (
        chrome._is_pager(line, _LEXICON)
        or chrome._is_breadcrumb(line, _LEXICON)
        or chrome._is_footer(line, _LEXICON)
        or chrome._is_control_bar(line, _LEXICON)
        or chrome._is_menu(line)
    )


_CHROME_PIECES = [
    _LEXICON.pager_cues[0],
    _LEXICON.breadcrumb_cues[0],
    _LEXICON.site_credit_words[1],
    "分享到",
    "微信",
    "新闻",
    "首页",
    "扶贫",
    "全县",
    ">",
    "|",
    " ",
    "。",
    "，",
    "：",
    "1",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CHROME_PIECES), max_size=12).map("".join))
def test_a_line_with_a_sentence_mark_is_asked_only_whether_it_is_a_pager(line: str) -> None:
    assert chrome._is_chrome(line, _LEXICON) == _chrome_the_long_way(line)


def test_chrome_of_real_lines() -> None:
    for line, expected in (
        ("上一篇：丹凤县召开脱贫攻坚推进会", True),
        ("首页 > 新闻中心 > 正文", True),
        ("分享到：微信 微博 QQ空间", True),
        ("版权所有：丹凤县人民政府 ICP备05001234号", True),
        ("全县累计脱贫1.2万人，贫困发生率降至0.8%。", False),
        ("首页 > 新闻，全县脱贫", False),
    ):
        assert chrome._is_chrome(line, _LEXICON) is expected == _chrome_the_long_way(line)


def _trimmed_the_long_way(text: str, start: int, end: int) -> sentences.TextSpan | None:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return None if right <= left else sentences.TextSpan(start + left, start + right, piece[left:right])


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("脱贫 \u3000\t\n。"), max_size=16),
    st.integers(0, 16),
    st.integers(0, 16),
)
def test_a_piece_with_nothing_to_strip_is_kept_whole(text: str, start: int, end: int) -> None:
    assert sentences._trimmed(text, start, end) == _trimmed_the_long_way(text, start, end)


def _sentences_the_long_way(text: str) -> list[sentences.TextSpan]:
    spans, start = [], 0
    for match in sentences._SENTENCE_END.finditer(text):
        span = _trimmed_the_long_way(text, start, match.end() if match.group().strip() else match.start())
        spans += [span] if span else []
        start = match.end()
    tail = _trimmed_the_long_way(text, start, len(text))
    return spans + ([tail] if tail else [])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("。！？!?…\n”）」扶贫 \u3000a，"), max_size=24))
def test_sentences_are_those_of_the_long_way(text: str) -> None:
    assert sentences.split_sentences(text) == _sentences_the_long_way(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("十百千万亿 至到-—–~〜余多以上下左右之有游人1"), max_size=6))
def test_what_follows_a_figure_is_read_only_where_it_can_open(text: str) -> None:
    """Each pattern read after a figure's parts matches only where its opening set says it may."""
    for pattern, opens in (
        (quantities._MULTIPLIER_AT, quantities._MULTIPLIER_OPENS),
        (quantities._RANGE_JOIN, quantities._RANGE_JOIN_OPENS),
        (quantities._INNER_HEDGE, quantities._INNER_HEDGE_OPENS),
        (quantities._SUFFIX_HEDGE, quantities._SUFFIX_HEDGE_OPENS),
    ):
        if pattern.match(text):
            assert text[:1] in opens


def _unit_the_long_way(text: str, pos: int, table: dict[str, str], longest: int) -> str | None:
    for size in range(min(longest, len(text) - pos), 0, -1):
        if text[pos : pos + size] in table:
            return text[pos : pos + size]
    return None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("人次户万元个%亩平方米公里"), max_size=8), st.integers(0, 9))
def test_a_unit_is_looked_for_at_the_lengths_its_first_character_opens(text: str, pos: int) -> None:
    table = quantities._unit_table({**_UNITS, "平方米": "m2", "平方公里": "km2", "亩": "mu"})
    longest = max(len(key) for key in table)
    assert quantities._unit_at(text, pos, table, longest) == _unit_the_long_way(text, pos, table, longest)


def _byline_date_the_long_way(text: str, mentions: list[dates.DateMention]) -> dates.DateMention | None:
    """`dates._byline_date` as first written: every line looks through every mention."""
    offset = 0
    for line in text.splitlines(keepends=True):
        inside = [m for m in mentions if offset <= m.start < offset + len(line)]
        dated = [m for m in inside if m.year is not None and m.month is not None and not m.relative]
        if len(line.strip()) <= 80 and dated:
            first = dated[0]
            after = text[first.end : offset + len(line)].strip()
            closing = ("", ")", "）", "]", "】")
            date_only = dates._DATE_ONLY_LINE.match(text[offset : first.start]) and after in closing
            if date_only or dates._BYLINE_WORDS.search(line):
                return first
        offset += len(line)
    return None


_BYLINE_PIECES = [
    "2020年5月6日",
    "2019-06-20",
    "今年4月",
    "来源：",
    "记者",
    "【",
    "】",
    "\n",
    "全县",
    " ",
    "\r\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BYLINE_PIECES), max_size=12).map("".join), st.randoms(use_true_random=False))
def test_a_byline_date_is_read_only_on_lines_that_hold_a_date(text: str, random) -> None:
    mentions = dates.find_dates(text, 2020)
    shuffled = random.sample(mentions, len(mentions))
    for given_mentions in (mentions, shuffled):
        assert dates._byline_date(text, given_mentions) == _byline_date_the_long_way(text, given_mentions)


def test_a_head_line_asked_once_whether_it_is_a_byline(extractor) -> None:
    """Title and author are read from one verdict per head line: a post-and-name line is the author,
    not the title, and the headline before the date line is the title."""
    from fupin.extract.heading import read_heading

    text = "丹凤县脱贫攻坚纪实\n发布时间：2020-05-06\n丹凤县人民政府县长 王大明\n全县累计脱贫1.2万人，贫困发生率降至0.8%。"
    heading = read_heading(extractor.context(Document("t.txt", text, "0")))
    assert heading.title is not None and heading.title.text == "丹凤县脱贫攻坚纪实"
    assert heading.author is not None and heading.author.text == "丹凤县人民政府县长 王大明"
