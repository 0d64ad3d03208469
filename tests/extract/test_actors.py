"""Enterprises (named, with roles and shares) and officials (title + name)."""

from __future__ import annotations

from decimal import Decimal

from fupin.extract.facts import EnterpriseFact, InterventionFact, PositionFact


def test_enterprises_with_roles_and_shares(extract) -> None:
    body = ("依托湖北裕佳菇业公司，建设全产业链加工园。"
            "区扶贫开发公司由湖北寿康永乐商贸集团有限公司持股51%、区城投公司持股49%。")  # fmt: skip
    found = {
        (f.name, f.role, f.share_percent)
        for f in extract(body, "郧阳区").facts
        if isinstance(f, EnterpriseFact)
    }
    assert found == {
        ("湖北裕佳菇业公司", "依托", None),
        ("湖北寿康永乐商贸集团有限公司", "持股", Decimal(51)),
    }


def test_a_place_name_opening_a_company_name_is_not_another_county(extract) -> None:
    result = extract("依托浙江诸暨袜业公司，在20个乡镇场各建设一个袜业扶贫车间。", "郧阳区")
    names = {f.name for f in result.facts if isinstance(f, EnterpriseFact)}
    assert names == {"浙江诸暨袜业公司"}
    partners = {p for f in result.facts if isinstance(f, InterventionFact) for p in f.partners}
    assert partners == {"浙江诸暨袜业公司"}


def test_generic_organisations_are_not_names(extract) -> None:
    body = "组建村级农民专业合作社和扶贫开发公司，全区340个村合作社由农户和村扶贫开发公司入社组成。"
    assert not [f for f in extract(body, "郧阳区").facts if isinstance(f, EnterpriseFact)]


def test_officials_as_written(extract) -> None:
    body = "区委副书记、区长李文波实地调研扶贫攻坚工作。汀泗桥镇扶贫办主任黄竹清认真地说。区人大代表黄大丁结对帮扶。"
    found = {(f.person, f.title) for f in extract(body, "咸安区").facts if isinstance(f, PositionFact)}
    assert found == {("李文波", "区委副书记、区长"), ("黄竹清", "扶贫办主任")}


def test_byline_official(extract) -> None:
    result = extract("正文。", "房县")
    assert not [f for f in result.facts if isinstance(f, PositionFact)]
    text_result = extract("中共房县县委书记 蔡贤忠\n\n房县是国家重点贫困县。", "房县")
    assert {(f.person, f.title) for f in text_result.facts if isinstance(f, PositionFact)} == {
        ("蔡贤忠", "县委书记")
    }
