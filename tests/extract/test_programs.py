"""Named programs: quoted names with kind words, coordination, collectives, parts; frameworks excluded."""

from __future__ import annotations

from fupin.extract.facts import ProgramFact


def _programs(result) -> dict[str, ProgramFact]:
    return {f.name: f for f in result.facts if isinstance(f, ProgramFact)}


def test_kind_word_after_quotes_and_parts(extract) -> None:
    body = ("建设“四大工程”，不断提高群众获得感。一是建“舒心”工程。二是建“放心”工程。"
            "三是建“暖心”工程。四是建“安心”工程。")  # fmt: skip
    found = _programs(extract(body, "郧阳区"))
    assert found["四大工程"].parts == ("舒心工程", "放心工程", "暖心工程", "安心工程")


def test_modifier_between_quote_and_kind_word(extract) -> None:
    found = _programs(extract("确定“1+2+N”产业脱贫模式，确保村村有产业。", "郧阳区"))
    assert set(found) == {"1+2+N产业脱贫模式"}
    assert "industry" in found["1+2+N产业脱贫模式"].measures


def test_coordinated_quotes_share_the_kind_word(extract) -> None:
    found = _programs(extract("推行县领导“双挂点”、县直部门“双包联”制度。"))
    assert set(found) == {"双挂点制度", "双包联制度"}


def test_named_examples_of_a_collective(extract) -> None:
    found = _programs(extract("复制推广食用菌“园区+”、中药材“三金链接”等八大产业扶贫模式。"))
    assert set(found) == {"园区+", "三金链接", "八大产业扶贫模式"}


def test_frameworks_slogans_and_people_are_not_programs(extract) -> None:
    body = ("紧扣“两不愁三保障”，下足“绣花”功夫，党政“一把手”脱贫攻坚工作责任制，"
            "开展关爱“三留守”人员帮扶活动，围绕“村村有产业、户户有项目、人人有事干、劳动有收入”目标。")  # fmt: skip
    assert _programs(extract(body)) == {}
