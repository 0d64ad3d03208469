"""Figures, units, ranges and hedges, read from sentences of real county reports and from new phrasings."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract.quantities import Quantity, find_quantities, parse_number
from fupin.resources import folder

UNITS = {
    "人": "person",
    "名": "person",
    "口": "person",
    "人次": "person-time",
    "户": "household",
    "元": "yuan",
    "个": "item",
    "支": "team",
    "亩": "mu",
    "%": "percent",
    "公里": "km",
    "头": "head",
    "只": "head",
    "处": "item",
    "家": "item",
}


def figures(text: str, units: dict[str, str] = UNITS) -> list[tuple[str, Decimal, str | None]]:
    """(surface, value, unit) of every quantity: the shape most assertions care about."""
    return [(q.surface, q.value, q.unit) for q in find_quantities(text, units)]


def only(text: str, units: dict[str, str] = UNITS) -> Quantity:
    found = find_quantities(text, units)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("16.3万", "163000"),
        ("一千二百", "1200"),
        ("两万", "20000"),
        ("4.57万", "45700"),
        ("1,200", "1200"),
        ("17895万", "178950000"),
        ("8.4亿", "840000000"),
        ("95.1", "95.1"),
        ("0.5", "0.5"),
        ("３.５万", "35000"),
        ("１２３", "123"),
        ("二十三", "23"),
        ("一百零五", "105"),
        ("一点五万", "15000"),
        ("九十五点一", "95.1"),
        ("1亿2000万", "120000000"),
        ("3千万", "30000000"),
        ("1.5万亿", "1500000000000"),
        ("百分之九十五", "95"),
        ("壹佰", "100"),
        ("零", "0"),
    ],
)
def test_parse_number_reads_arabic_chinese_and_scaled_numbers(written: str, value: str) -> None:
    assert parse_number(written) == Decimal(value)


def test_parse_number_gives_plain_integers_not_exponents() -> None:
    assert str(parse_number("16.3万")) == "163000"
    assert str(parse_number("8.4亿")) == "840000000"


@pytest.mark.parametrize("written", ["", "万", "百", "abc", "16.3万人", "1.2.3", "12%", "二十多", "1,20"])
def test_parse_number_rejects_what_is_not_a_number(written: str) -> None:
    with pytest.raises(ValueError):
        parse_number(written)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "累计脱贫退出48181户141281人，69个贫困村全部出列",
            [("48181户", "48181", "household"), ("141281人", "141281", "person"), ("69个", "69", "item")],
        ),
        ("全区16.3万建档立卡贫困人口全部脱贫", [("16.3万", "163000", None)]),
        (
            "发放扶贫再贷款10.3亿元，小额扶贫信贷8.4亿元；",
            [("10.3亿元", "1030000000", "yuan"), ("8.4亿元", "840000000", "yuan")],
        ),
        (
            "统筹脱贫攻坚财政专项资金17895万元，其中产业投入资金6379万元，占比35.64%。",
            [
                ("17895万元", "178950000", "yuan"),
                ("6379万元", "63790000", "yuan"),
                ("35.64%", "35.64", "percent"),
            ],
        ),
        ("累计完成技能培训9701人次，全省就业扶贫现场会在我县召开", [("9701人次", "9701", "person-time")]),
        (
            "至2019年，2402户7129名贫困人口、35个有扶贫任务的村",
            [("2402户", "2402", "household"), ("7129名", "7129", "person"), ("35个", "35", "item")],
        ),
        (
            "集中安置五保户、大龄单人户4963户5243人",
            [("4963户", "4963", "household"), ("5243人", "5243", "person")],
        ),
        (
            "选派913名干部组建驻村工作队281支，选派“第一书记”281名",
            [("913名", "913", "person"), ("281支", "281", "team"), ("281名", "281", "person")],
        ),
        ("山羊、生猪等养殖规模达187万头（只）", [("187万头", "1870000", "head")]),
        (
            "新建农村公路2056公里，总通车里程5472公里",
            [("2056公里", "2056", "km"), ("5472公里", "5472", "km")],
        ),
        ("占有劳动能力贫困户的95.1%。", [("95.1%", "95.1", "percent")]),
        ("资助231名贫困学生63.98万元。", [("231名", "231", "person"), ("63.98万元", "639800", "yuan")]),
        (
            "每个干部每人包联一个乡镇、两个重点贫困村、三户贫困户",
            [("两个", "2", "item"), ("三户", "3", "household")],
        ),
    ],
)
def test_report_sentences(sentence: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert figures(sentence) == [(s, Decimal(v), u) for s, v, u in expected]


@pytest.mark.parametrize(
    ("sentence", "surface", "value", "unit", "qualifier"),
    [
        ("带动5300余名贫困劳动力就近就业", "5300余名", "5300", "person", "余"),
        ("累计统筹资金80多亿元，大力实施", "80多亿元", "8000000000", "yuan", "多"),
        ("以及近1700名帮扶干部赶赴一线", "1700名", "1700", "person", "近"),
        ("吸引市场主体投资20亿元以上参与精准扶贫", "20亿元", "2000000000", "yuan", "以上"),
        ("开展帮扶活动100余人次", "100余人次", "100", "person-time", "余"),
        ("茅箭区累计投入5000多万元解决贫困群众", "5000多万元", "50000000", "yuan", "多"),
        ("全县约3000人参加培训", "3000人", "3000", "person", "约"),
        ("村扶贫开发公司和合作理事长持股不超过10%", "10%", "10", "percent", "不超过"),
        ("年人均增收4000元左右", "4000元", "4000", "yuan", "左右"),
        ("将近两万人搬出深山", "两万人", "20000", "person", "将近"),
        ("向贫困户送慰问金二十多万元", "二十多万元", "200000", "yuan", "多"),
        ("转移就业1万余人", "1万余人", "10000", "person", "余"),
    ],
)
def test_hedged_figures_keep_their_value(
    sentence: str, surface: str, value: str, unit: str, qualifier: str
) -> None:
    q = only(sentence)
    assert (q.surface, q.value, q.unit, q.approximate, q.qualifier) == (
        surface,
        Decimal(value),
        unit,
        True,
        qualifier,
    )


@pytest.mark.parametrize("sentence", ["最近3天走访了贫困户", "节约3000元用于帮扶"])
def test_words_that_only_look_like_hedges_do_not_hedge(sentence: str) -> None:
    assert not only(sentence).approximate


@pytest.mark.parametrize(
    ("sentence", "surface", "low", "high", "unit"),
    [
        ("每个贫困村有1至2个主导产业", "1至2个", "1", "2", "item"),
        ("每户补助3-5万元", "3-5万元", "30000", "50000", "yuan"),
        ("每户补助3万-5万元", "3万-5万元", "30000", "50000", "yuan"),
        ("每组10～20人", "10～20人", "10", "20", "person"),
        ("每村选派一至两个工作组", "一至两个", "1", "2", "item"),
    ],
)
def test_ranges_keep_both_bounds_and_report_the_lower(
    sentence: str, surface: str, low: str, high: str, unit: str
) -> None:
    q = only(sentence)
    expected = (surface, Decimal(low), Decimal(low), Decimal(high), unit)
    assert (q.surface, q.value, q.low, q.high, q.unit) == expected


def test_a_descending_pair_is_not_a_range() -> None:
    assert [q.high for q in find_quantities("共5-3个", UNITS)] == [None, None]


@pytest.mark.parametrize(
    "sentence",
    [
        "一是建“舒心”工程。二是实行股份制经营",
        "按照“一村一策”原则，实行一户一策",
        "同吃同住同劳动等“十个一”活动",
        "建设“四大工程”",
        "选派“第一书记”驻村",
        "扎实推进“五个一批”工程",
        "“五个一批”政策落实",
        "打造一批扶贫特色产业",
        "开展“三家”建设",
        "落地“三家建设”",
        "实现“两个一百年”奋斗目标",
        "每户安排一个公益岗位",
        "万元增收项目",
        "百名人大代表帮扶百户贫困户",
        "进千家、访万户",
    ],
)
def test_numerals_in_names_and_slogans_are_not_figures(sentence: str) -> None:
    assert find_quantities(sentence, UNITS) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "2020年4月23日省政府批准郧阳区退出贫困县",
        "自2014年精准扶贫号角吹响以来",
        "深入开展“10·17”扶贫日活动",
        "“1+2+N”产业脱贫模式",
        "“11211”产业到户政策",
        "落实健康扶贫“985”政策",
        "T02",
        "(发布时间:2019-06-20)",
        "建立“1+7+N”产业党建",
        "于2019.6.20召开",
        "二〇二〇年四月二十三日",
    ],
)
def test_dates_and_codes_are_not_figures(sentence: str) -> None:
    assert find_quantities(sentence, UNITS) == []


def test_a_year_next_to_figures_leaves_the_figures_alone() -> None:
    assert figures("2016年8个(河背村、赛丰村)") == [("8个", Decimal(8), "item")]


def test_ordinals_are_skipped_but_the_figure_after_them_is_read() -> None:
    assert figures("第3批次共有12户") == [("12户", Decimal(12), "household")]


def test_the_longest_unit_wins() -> None:
    assert figures("培训9701人次和30人") == [
        ("9701人次", Decimal(9701), "person-time"),
        ("30人", Decimal(30), "person"),
    ]


def test_a_unit_key_with_a_scale_word_is_read_as_scale_and_unit() -> None:
    assert figures("投入17895万元", {"万元": "yuan"}) == [("17895万元", Decimal(178950000), "yuan")]


def test_a_unit_that_begins_with_a_scale_character_stays_a_unit() -> None:
    assert figures("装机300千瓦", {"千瓦": "kW"}) == [("300千瓦", Decimal(300), "kW")]


@pytest.mark.parametrize(
    ("sentence", "surface", "value"),
    [
        ("贫困发生率降至百分之九十五以下", "百分之九十五", "95"),
        ("覆盖率达95.1％", "95.1％", "95.1"),
        ("参保率为100%", "100%", "100"),
    ],
)
def test_percentages_in_every_spelling(sentence: str, surface: str, value: str) -> None:
    q = only(sentence)
    assert (q.surface, q.value, q.unit) == (surface, Decimal(value), "percent")


def test_full_width_digits_keep_their_offsets() -> None:
    text = "共有１２３人，投入４．５万元"
    assert figures(text) == [("１２３人", Decimal(123), "person"), ("４．５万元", Decimal(45000), "yuan")]


def test_chinese_compound_figures_are_two_figures() -> None:
    assert figures("搬迁三户五人") == [("三户", Decimal(3), "household"), ("五人", Decimal(5), "person")]


def test_new_phrasings() -> None:
    text = "全县共有建档立卡贫困户1,250户，贫困发生率由12.5%下降到0.5%，新建光伏电站二十三处。"
    assert figures(text) == [
        ("1,250户", Decimal(1250), "household"),
        ("12.5%", Decimal("12.5"), "percent"),
        ("0.5%", Decimal("0.5"), "percent"),
        ("二十三处", Decimal(23), "item"),
    ]


def test_every_sample_report_reads_with_exact_spans() -> None:
    for path in sorted(folder("corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = find_quantities(text, UNITS)
        assert found, path.name
        for q in found:
            assert text[q.start : q.end] == q.surface
        assert [q.start for q in found] == sorted(q.start for q in found)


def test_the_sample_reports_headline_figures() -> None:
    texts = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder("corpus").glob("*.txt")))
    read = {(q.surface, q.value, q.unit) for q in find_quantities(texts, UNITS)}
    assert {
        ("16.3万", Decimal(163000), None),
        ("141281人", Decimal(141281), "person"),
        ("7129名", Decimal(7129), "person"),
    } <= read


# --- properties -------------------------------------------------------------------------------

_INTEGERS = st.integers(min_value=0, max_value=10**12)
_SCALED = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)


@given(_INTEGERS)
def test_arabic_integers_parse_back(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(_INTEGERS)
def test_chinese_integers_parse_back(n: int) -> None:
    assert parse_number(cn2an.an2cn(n)) == n


@given(_SCALED, st.sampled_from([("万", 10**4), ("亿", 10**8)]))
def test_scaled_decimals_parse_back(d: Decimal, scale: tuple[str, int]) -> None:
    word, factor = scale
    assert parse_number(f"{d}{word}") == d * factor


@given(st.integers(min_value=2, max_value=10**9), st.sampled_from(["arabic", "chinese", "full-width"]))
def test_a_counted_figure_in_a_sentence_is_found_with_its_value(n: int, style: str) -> None:
    written = {
        "arabic": str(n),
        "chinese": cn2an.an2cn(n),
        "full-width": str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}),
    }[style]
    text = f"全县共帮扶{written}户贫困户。"
    q = only(text)
    assert (q.value, q.unit, q.surface) == (n, "household", f"{written}户")


@given(_SCALED.filter(lambda d: d > 0), st.sampled_from(["万元", "亿元"]))
def test_money_with_a_scale_word_is_in_yuan(d: Decimal, word: str) -> None:
    q = only(f"累计投入资金{d}{word}，")
    assert q.unit == "yuan"
    assert q.value == d * (10**4 if word == "万元" else 10**8)


_ALPHABET = st.sampled_from(
    [
        *"0123456789.,%％０１２３４５６７８９一二两三四五六七八九十百千万亿零〇点第余多近约以上下左右至到-～·+TN",
        *"人名户元个支亩次公里“”（）年月日号今去，。、 \n",
        "人次",
        "百分之",
        "不超过",
        "2020年",
    ]
)


@settings(max_examples=300)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_random_text_never_raises_and_spans_are_exact(text: str) -> None:
    found = find_quantities(text, UNITS)
    ends = 0
    for q in found:
        assert text[q.start : q.end] == q.surface
        assert q.start >= ends
        ends = q.end
        assert (q.low is None) == (q.high is None)


@given(st.text(max_size=60))
def test_any_unicode_text_never_raises(text: str) -> None:
    for q in find_quantities(text, UNITS):
        assert text[q.start : q.end] == q.surface
