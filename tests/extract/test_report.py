"""What a report says of itself (title, author, date) and the exit approval date."""

from __future__ import annotations

from datetime import date

from fupin.extract.facts import Document, ExitFact


def test_title_and_byline(extractor) -> None:
    text = "\n\n巩固脱贫成果 提高脱贫质量\n\n郧阳区人民政府区长 胡先平\n\n\n\n今年是打赢脱贫攻坚战收官之年。"
    report = extractor.extract(Document("a.txt", text)).report
    assert (report.title, report.author, report.county_code) == (
        "巩固脱贫成果 提高脱贫质量",
        "郧阳区人民政府区长 胡先平",
        "420304",
    )


def test_title_before_a_subtitle_after_captions(extractor) -> None:
    text = ("区委书记谭海华在双溪桥镇杨堡村调研精准扶贫工作\n\n聚力扶贫攻坚 建设小康咸安\n\n"
            "——咸安区推进精准扶贫工作纪实\n\n精准扶贫是一项民心工程。")  # fmt: skip
    assert extractor.extract(Document("b.txt", text)).report.title == "聚力扶贫攻坚 建设小康咸安"


def test_publication_date_line(extractor) -> None:
    text = "实施乡村振兴 巩固脱贫成果\n\n(发布时间:2019-06-20)\n\n中共远安县委 远安县人民政府\n\n远安县在全省首批脱贫摘帽后。"
    report = extractor.extract(Document("c.txt", text)).report
    assert report.published == date(2019, 6, 20)
    assert report.title == "实施乡村振兴 巩固脱贫成果"


def test_exit_date_with_relative_year(extract) -> None:
    body = "确保2019年全县整体摘帽，2020年实现同步小康。累计脱贫退出48181户141281人，今年4月21日经省政府批准退出贫困县。"
    exits = [f for f in extract(body).facts if isinstance(f, ExitFact)]
    assert [f.exit_date for f in exits] == [date(2020, 4, 21)]


def test_no_exit_without_a_full_date(extract) -> None:
    body = "2019年5月，经省人民政府批准，房县正式退出贫困县。"
    assert not [f for f in extract(body).facts if isinstance(f, ExitFact)]


def test_a_byline_below_the_head_is_the_first_line_opening_with_a_byline_word() -> None:
    from fupin.extract import heading
    from fupin.extract.sentences import iter_lines

    text = ("郧阳区：决战脱贫攻坚\n\n" + "全区累计脱贫4.8万户16.3万人，贫困发生率降至0.8%，这是全区干部群众"
            "共同奋斗的结果，文化扶贫、产业扶贫齐头并进。\n 　综合文化站建成120个\n"
            "\u3000记者 张三 通讯员 李四\r\n作者：王五\n")  # fmt: skip
    found = heading._first_byline(text)
    assert found is not None and found.text == "记者 张三 通讯员 李四"
    assert found == next(s for s in iter_lines(text) if heading._BYLINE.match(s.text))
    assert text[found.start : found.end] == found.text
    assert heading._first_byline("全区累计脱贫4.8万户。\n文化扶贫\n") == next(
        s for s in iter_lines("全区累计脱贫4.8万户。\n文化扶贫\n") if heading._BYLINE.match(s.text)
    )
    assert heading._first_byline("全区累计脱贫4.8万户。\n扶贫文化\n") is None
