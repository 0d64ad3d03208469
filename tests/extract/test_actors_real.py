"""Enterprises and officials as real reports write them: left edges, brackets, glosses, lists, unit heads,
profiles. Every sentence here is made up for the test, about counties outside the dev sets."""

from __future__ import annotations

from fupin.extract.facts import EnterpriseFact, PositionFact


def enterprises(extract, body: str, county: str) -> set[str]:
    return {f.name for f in extract(body, county).facts if isinstance(f, EnterpriseFact)}


def officials(extract, body: str, county: str) -> set[tuple[str, str]]:
    return {(f.person, f.title) for f in extract(body, county).facts if isinstance(f, PositionFact)}


def test_a_name_starts_after_the_words_of_the_sentence(extract) -> None:
    body = "我们参观的金穗果业有限公司建在山腰。记者见到秭归县橙满园农业开发有限公司经理时，他正在装箱。"
    assert enterprises(extract, body, "秭归县") == {"金穗果业有限公司", "秭归县橙满园农业开发有限公司"}


def test_a_figure_before_a_name_keeps_its_unit(extract) -> None:
    assert enterprises(extract, "2019年青禾集团进村开展结对帮扶。", "通渭县") == {"青禾集团"}


def test_bracketed_place_or_legal_word_inside_a_name(extract) -> None:
    body = "通渭县与瑞丰生物(北京)科技有限公司签约，又与鼎盛集团(控股)有限公司合作建设冷库。"
    assert enterprises(extract, body, "通渭县") == {"瑞丰生物(北京)科技有限公司", "鼎盛集团(控股)有限公司"}


def test_pinyin_glosses_of_a_mirror_are_read_through(extract) -> None:
    body = "那一年，永宁村果(guǒ)蔬(shū)专业合作社正式成立，村民以土地入股。"
    assert enterprises(extract, body, "宁蒗彝族自治县") == {"永宁村果蔬专业合作社"}


def test_a_quoted_brand_before_a_suffix(extract) -> None:
    body = "扶贫龙头企业“山里红”公司在通渭县建起万亩基地。"
    assert enterprises(extract, body, "通渭县") == {"山里红公司"}


def test_a_chain_of_places_locates_the_name(extract) -> None:
    body = "湖北省秭归县橙乡园果业专业合作社的仓库里堆满脐橙。秭归县茅坪镇李家村顺达种植合作社也在分红。"
    assert enterprises(extract, body, "秭归县") == {"橙乡园果业专业合作社", "顺达种植合作社"}


def test_a_kind_of_workshop_at_a_place_is_no_name(extract) -> None:
    assert not enterprises(extract, "记者来到镇安县云盖寺镇金龙村扶贫工厂，机器声不断。", "镇安县")


def test_a_conjunction_inside_a_name_and_between_names(extract) -> None:
    body = "利用扶贫资金入股隆盛和牛公司，由农户和村扶贫开发公司共同经营。"
    assert enterprises(extract, body, "镇安县") == {"隆盛和牛公司"}


def test_generic_cooperatives_after_a_role_word_are_no_names(extract) -> None:
    body = "全村通过建设养羊合作社、发展蔬菜种植解决就业；依托原有养鸡专业合作社散养土鸡。"
    assert not enterprises(extract, body, "丹凤县")


def test_a_longer_reading_of_one_name_wins(extract) -> None:
    body = "今年，在镇党委引导下，成立了隆化县茶农专业合作社联合社。"
    assert enterprises(extract, body, "隆化县") == {"隆化县茶农专业合作社联合社"}


def test_listed_partners_without_a_suffix(extract) -> None:
    body = "电商中心先后同华峰羊绒、天润乳业以及黑岭菌业等10余家企业合作；产业扶贫、教育扶贫等项目全面推进。"
    assert enterprises(extract, body, "隆化县") == {"华峰羊绒", "天润乳业", "黑岭菌业"}


def test_a_site_credit_line_names_no_participant(extract) -> None:
    body = "依托金穗果业有限公司发展产业。\n版权所有：秭归县融媒体中心 技术支持：楚天云科技有限公司"
    assert enterprises(extract, body, "秭归县") == {"金穗果业有限公司"}


def test_a_unit_head_keeps_the_unit_in_the_title(extract) -> None:
    body = "镇安县扶贫开发局局长王立新说，今年要再建10个车间。丹凤县农业农村局副局长孙丽在会上介绍了经验。"
    found = officials(extract, body, "镇安县") | officials(extract, body.split("。")[1] + "。", "丹凤县")
    assert found == {("王立新", "扶贫开发局局长"), ("孙丽", "农业农村局副局长")}


def test_village_and_company_posts_are_no_county_officials(extract) -> None:
    body = "金龙村村委会主任张文华说，路修通了。公司办公室主任李晓东带我们参观车间。"
    assert not officials(extract, body, "镇安县")


def test_a_designation_inside_a_chain_of_posts(extract) -> None:
    body = "隆化县委常务副书记、挂职干部周海峰表示，要把协作项目落到实处。"
    assert officials(extract, body, "隆化县") == {("周海峰", "县委常务副书记、挂职干部")}


def test_a_post_in_a_profile_goes_to_the_person_introduced(extract) -> None:
    body = (
        "口述人：阿苏木呷，彝族，1970年生。2013年至2018年，任宁蒗彝族自治县县委书记。\n\n"
        "另一位青年叫赵文博，他是宁蒗县水务局副局长。"
    )
    assert officials(extract, body, "宁蒗彝族自治县") == {
        ("阿苏木呷", "县委书记"),
        ("赵文博", "水务局副局长"),
    }


def test_a_partner_cadre_holds_the_post_of_the_county_he_came_to(extract) -> None:
    body = "作为杭州市西湖区选派的干部，钱立2019年来到望谟县，挂职县委常委、副县长。"
    assert officials(extract, body, "望谟县") == {("钱立", "县委常委、副县长")}


def test_profile_evidence_is_exact(extract) -> None:
    result = extract("口述人：阿苏木呷，彝族。2013年，任宁蒗彝族自治县县委书记。", "宁蒗彝族自治县")
    facts = [f for f in result.facts if isinstance(f, PositionFact)]
    assert facts and all(f.evidence.quote.startswith("阿苏木呷") for f in facts)
