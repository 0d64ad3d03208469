"""The packaged gazetteer: codes, hierarchy, name variants, and what a phrase matcher built on it finds."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from fupin.extract import gazetteer
from fupin.extract.gazetteer import Division, Gazetteer, read_divisions
from fupin.resources import data_file


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def find_places(gaz: Gazetteer, sentence: str) -> list[tuple[str, str]]:
    """Leftmost-longest match of county surface forms, as a matcher built from surface_forms() would do."""
    forms: dict[str, list[str]] = {}
    for surface, code in gaz.surface_forms("county"):
        forms.setdefault(surface, []).append(code)
    longest = max(map(len, forms))
    found, i = [], 0
    while i < len(sentence):
        for size in range(min(longest, len(sentence) - i), 0, -1):
            if sentence[i : i + size] in forms:
                found += [(sentence[i : i + size], code) for code in forms[sentence[i : i + size]]]
                i += size
                break
        else:
            i += 1
    return found


def test_row_counts_are_plausible(gaz: Gazetteer) -> None:
    levels = [d.level for d in gaz]
    assert levels.count("province") == 34
    assert 320 <= levels.count("prefecture") <= 345
    assert 2_800 <= levels.count("county") <= 3_000


def test_codes_are_six_digits_unique_and_consistent(gaz: Gazetteer) -> None:
    divisions = list(gaz)
    codes = [d.code for d in divisions]
    assert len(codes) == len(set(codes)) == len(gaz)
    for d in divisions:
        assert len(d.code) == 6 and d.code.isdigit(), d
        assert d.level in gazetteer.LEVELS, d
        assert d.province_code is not None and d.code[:2] == d.province_code[:2], d
        if d.level != "province":
            assert gaz.get(d.parent_code) is not None, d
        if d.prefecture_code:
            assert gaz.get(d.prefecture_code).level == "prefecture", d


@pytest.mark.parametrize(
    ("name", "code", "prefecture", "province"),
    [
        ("郧阳区", "420304", "十堰市", "湖北省"),
        ("房县", "420325", "十堰市", "湖北省"),
        ("茅箭区", "420302", "十堰市", "湖北省"),
        ("咸安区", "421202", "咸宁市", "湖北省"),
        ("远安县", "420525", "宜昌市", "湖北省"),
        ("威宁彝族回族苗族自治县", "520526", "毕节市", "贵州省"),
        ("东乡族自治县", "622926", "临夏回族自治州", "甘肃省"),
        ("昭觉县", "513431", "凉山彝族自治州", "四川省"),
        ("镇雄县", "530627", "昭通市", "云南省"),
        ("阜平县", "130624", "保定市", "河北省"),
    ],
)
def test_county_codes_and_hierarchy(
    gaz: Gazetteer, name: str, code: str, prefecture: str, province: str
) -> None:
    [county] = gaz.lookup(name)
    assert (county.code, county.level) == (code, "county")
    assert gaz.prefecture(code).name == prefecture
    assert gaz.province(code).name == province
    assert [d.name for d in Gazetteer.load().enclosing(code)] == [prefecture, province]


def test_former_names_resolve_to_the_current_division(gaz: Gazetteer) -> None:
    assert [d.code for d in gaz.lookup("郧县")] == ["420304"]
    assert "郧县" in gaz.get("420304").former_names
    assert [d.code for d in gaz.lookup("襄樊市")] == [d.code for d in gaz.lookup("襄阳市")] == ["420600"]
    assert [d.code for d in gaz.lookup("襄樊")] == ["420600"]


def test_same_name_in_two_provinces_is_told_apart_by_within(gaz: Gazetteer) -> None:
    assert [d.code for d in gaz.lookup("朝阳区")] == ["110105", "220104"]
    assert [d.code for d in gaz.lookup("朝阳区", within="110000")] == ["110105"]
    assert [d.code for d in gaz.lookup("朝阳区", within="220100")] == ["220104"]
    assert gaz.lookup("朝阳区", within="420000") == []


def test_short_names(gaz: Gazetteer) -> None:
    assert gaz.get("420304").short_name == "郧阳"
    assert gaz.get("420525").short_name == "远安"
    assert gaz.get("422800").short_name == "恩施"
    assert gaz.get("520423").short_name == "镇宁"
    assert gaz.get("420325").short_name == ""
    assert [d.code for d in gaz.lookup("郧阳")] == ["420304"]
    assert [d.code for d in gaz.lookup("恩施州")] == ["422800"]
    assert gaz.lookup("房") == []


def test_everyday_words_are_not_short_names(gaz: Gazetteer) -> None:
    """资源县, 南部县, 会同县 and 公安县 are real counties, but their bare forms are ordinary words."""
    for word in ("资源", "南部", "会同", "公安", "合作", "平安"):
        assert gaz.lookup(word) == [], word


def test_directly_administered_county_hangs_under_the_province(gaz: Gazetteer) -> None:
    xiantao = gaz.get("429004")
    assert (xiantao.name, xiantao.parent_code, xiantao.prefecture_code) == ("仙桃市", "420000", None)
    assert gaz.prefecture("429004") is None
    assert [d.code for d in Gazetteer.load().enclosing("429004")] == ["420000"]
    assert [d.code for d in Gazetteer.load().enclosing("429004", include_self=True)] == ["429004", "420000"]


def test_province_and_prefecture_of_themselves(gaz: Gazetteer) -> None:
    assert gaz.province("420000").code == "420000"
    assert gaz.prefecture("420000") is None
    assert gaz.prefecture("420300").code == "420300"
    assert gaz.get("999999") is None
    with pytest.raises(KeyError):
        Gazetteer.load().enclosing("999999")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "自2014年精准扶贫号角吹响以来，茅箭区把脱贫攻坚作为头等大事来抓，举全区之力",
            [("茅箭区", "420302")],
        ),
        ("2020年4月23日省政府批准郧阳区退出贫困县。", [("郧阳区", "420304")]),
        ("近几年来,咸安区委、区政府把精准扶贫作为打造“首善之区”", [("咸安区", "421202")]),
        ("着力推进房县优质农产品区域公用品牌“房县贡礼”销售。", [("房县", "420325"), ("房县", "420325")]),
        ("“扶贫+产业建设”成为茅箭区破解脱贫难题的密码。依托南部山区旅游资源", [("茅箭区", "420302")]),
    ],
)
def test_surface_forms_find_counties_in_report_sentences(
    gaz: Gazetteer, sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert find_places(gaz, sentence) == expected


def test_surface_forms_are_unique_and_never_one_character(gaz: Gazetteer) -> None:
    pairs = gaz.surface_forms()
    assert len(pairs) == len(set(pairs)) > 3_000
    assert all(len(surface) >= 2 for surface, _ in pairs)
    assert {gaz.get(code).level for _, code in pairs} == {"county"}
    assert ("郧县", "420304") in pairs
    assert ("恩施州", "422800") in gaz.surface_forms("prefecture")
    with pytest.raises(ValueError):
        gaz.surface_forms("village")


def test_townships_of_a_county(gaz: Gazetteer) -> None:
    """区委书记谭海华在双溪桥镇杨堡村调研 — a 咸安区 report names its own town."""
    assert "双溪桥镇" in gaz.townships("421202")
    assert "双溪桥镇" not in gaz.townships("420325")
    assert gaz.townships("999999") == frozenset()


def test_custom_gazetteer_without_townships() -> None:
    rows = [
        Division("420000", "湖北省", "湖北", "province", None, None, "420000", ()),
        Division("429004", "仙桃市", "仙桃", "county", "420000", None, "420000", ("沔阳县",)),
    ]
    small = Gazetteer(rows, townships={})
    assert [d.code for d in small.lookup("沔阳县", within="420000")] == ["429004"]
    assert small.townships("429004") == frozenset()


def test_load_is_cached() -> None:
    """One parse per process (its speed is measured in bench/, never asserted in a test)."""
    assert Gazetteer.load() is Gazetteer.load()
    fresh = Gazetteer(read_divisions(data_file("ontology", "divisions.tsv")))
    assert len(fresh) == len(Gazetteer.load())


def test_runtime_module_imports_only_stdlib_and_fupin() -> None:
    tree = ast.parse(Path(gazetteer.__file__).read_text(encoding="utf-8"))
    roots = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    roots |= {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert roots - {"fupin", "__future__"} <= set(sys.stdlib_module_names)
