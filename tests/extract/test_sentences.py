"""Sentence and clause spans: exact offsets, Chinese and half-width punctuation, line breaks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fupin.extract.sentences import TextSpan, clause_at, iter_lines, split_clauses, split_sentences


def test_sentences_end_at_full_stops_and_line_breaks() -> None:
    text = "巩固脱贫成果 提高脱贫质量\n\n郧阳区人民政府区长 胡先平\n\n今年是收官之年。全区16.3万人全部脱贫！"
    spans = [s.text for s in split_sentences(text)]
    assert spans == [
        "巩固脱贫成果 提高脱贫质量",
        "郧阳区人民政府区长 胡先平",
        "今年是收官之年。",
        "全区16.3万人全部脱贫！",
    ]


def test_half_width_punctuation_and_ellipsis() -> None:
    text = "精准扶贫是一项民心工程,也是一项德政工程.整合资金952万元资助贫困生7921人次……“输血”更要“造血”。"
    spans = [s.text for s in split_sentences(text)]
    assert spans[-1] == "“输血”更要“造血”。"
    assert spans[-2].endswith("7921人次……")


def test_clauses_split_at_commas_but_not_inside_numbers() -> None:
    sentence = split_sentences("全县共有建档立卡贫困户1,662户，贫困人口7805人；贫困村3个。")[0]
    clauses = [c.text for c in split_clauses(sentence)]
    assert clauses == ["全县共有建档立卡贫困户1,662户", "贫困人口7805人", "贫困村3个。"]
    assert clause_at(split_clauses(sentence), sentence.start + 20).text == "贫困人口7805人"


def test_lines_are_trimmed_with_exact_offsets() -> None:
    text = "  标题一行  \n\n\t作者 张三\n"
    lines = list(iter_lines(text))
    assert [line.text for line in lines] == ["标题一行", "作者 张三"]
    assert all(text[line.start : line.end] == line.text for line in lines)


def test_sub_span_keeps_document_offsets() -> None:
    span = TextSpan(10, 16, "扶贫车间建成")
    assert span.sub(0, 4) == TextSpan(10, 14, "扶贫车间")


@given(st.text(alphabet="扶贫车间。，！？\n 0123456789,;：", max_size=200))
def test_spans_are_exact_for_any_text(text: str) -> None:
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text
        for clause in split_clauses(sentence):
            assert text[clause.start : clause.end] == clause.text
