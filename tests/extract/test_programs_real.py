"""Program shapes seen in real reports: numbered names, partner chains, formulas, unquoted collectives.

The sentences are written for these tests (other counties, other names than the dev texts).
"""

from __future__ import annotations

from fupin.extract.facts import ProgramFact


def _names(result) -> set[str]:
    return {f.name for f in result.facts if isinstance(f, ProgramFact)}


def test_numbered_names_without_a_kind_word(extract) -> None:
    body = "岚皋县坚持“三个到户”，推行“两查两看”，形成“四个围绕、四个到位”的工作思路。"
    assert _names(extract(body, "岚皋县")) == {"三个到户", "两查两看", "四个围绕、四个到位"}


def test_numbered_words_that_are_not_programs(extract) -> None:
    body = "“十四五”开局之年，岚皋县坚持“一村一策”，开展“五好”家庭评选，紧扣“两不愁三保障”。"
    assert _names(extract(body, "岚皋县")) == set()


def test_partner_chains_are_models(extract) -> None:
    body = "宕昌县合作社采取“龙头企业+村集体+脱贫户”的模式，以“企业+农户、合作社+农户”等方式带动增收。"
    assert _names(extract(body, "宕昌县")) == {"龙头企业+村集体+脱贫户", "企业+农户", "合作社+农户"}


def test_a_list_of_people_with_one_plus_is_no_chain(extract) -> None:
    body = "宕昌县建立“驻村干部、网格员+信息员、护林员”的联络体系，做到户户有人管。"
    assert not any("+" in n for n in _names(extract(body, "宕昌县")))


def test_formula_with_an_industry_or_platform_word(extract) -> None:
    body = "会泽县发展“2+4”主导产业，打造“321”三大发展平台，带动群众增收。"
    assert _names(extract(body, "会泽县")) == {"2+4主导产业", "321三大发展平台"}


def test_unquoted_numbered_collectives(extract) -> None:
    assert _names(extract("汝城县实施十大脱贫工程，开展三项行动。", "汝城县")) == {"十大脱贫工程", "三项行动"}
    assert _names(extract("汝城县统筹推进六大工程十二项行动。", "汝城县")) == {"六大工程十二项行动"}


def test_counts_and_amounts_are_not_collectives(extract) -> None:
    body = "汝城县新建3个项目，投入资金300万元建设道路，2019年行动计划全部完成。"
    assert _names(extract(body, "汝城县")) == set()


def test_reform_and_unquoted_formula_path(extract) -> None:
    body = "紫云苗族布依族自治县深化“三变”改革，探索3322改革路径，壮大村集体经济。"
    assert _names(extract(body, "紫云苗族布依族自治县")) == {"三变改革", "3322改革路径"}


def test_the_subject_county_named_model(extract) -> None:
    body = "岚皋县探索出“飞地”产业园带贫的岚皋模式，被多地学习借鉴。"
    assert "岚皋模式" in _names(extract(body, "岚皋县"))


def test_category_after_examples_is_not_a_program(extract) -> None:
    body = "沿河土家族自治县落实“一周一调度”、“两联一包”等工作制度，压实帮扶责任。"
    assert _names(extract(body, "沿河土家族自治县")) == {"一周一调度", "两联一包"}


def test_long_quoted_project_name(extract) -> None:
    body = "宕昌县启动“宕昌县高山中药材良种繁育与产业化示范推广项目”，种植当归3000亩。"
    assert _names(extract(body, "宕昌县")) == {"宕昌县高山中药材良种繁育与产业化示范推广项目"}


def test_numbered_maxim_word(extract) -> None:
    body = "汝城县念好“选、育、管、用”四字经，建强村级带头人队伍。"
    assert _names(extract(body, "汝城县")) == {"选、育、管、用四字经"}


def test_quotes_with_spaces_before_the_kind_word(extract) -> None:
    body = '会泽县通过 " 基地连农户、园区带产业 " 产业发展模式，带动贫困户增收。'
    assert _names(extract(body, "会泽县")) == {"基地连农户、园区带产业产业发展模式"}


def test_quoted_items_of_a_list_closed_by_a_kind_word(extract) -> None:
    body = "汝城县扎实开展“组组到、户户见”、危房清零、“五查五补”、饮水巩固、道路提升6项攻坚行动。"
    assert _names(extract(body, "汝城县")) == {"组组到、户户见", "五查五补", "6项攻坚行动"}


def test_a_list_without_a_closing_kind_word_names_no_programs(extract) -> None:
    body = "汝城县做到“组组到、户户见”、危房清零、饮水巩固，加强基础设施建设。"
    assert _names(extract(body, "汝城县")) == set()


def test_chain_labels_lose_the_spaces_around_plus(extract) -> None:
    body = '会泽县推行 " 支部 + 公司 + 农户 " 的带动方式。'
    assert _names(extract(body, "会泽县")) == {"支部+公司+农户"}
