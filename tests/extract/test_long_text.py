"""Long reports are annotated in pieces with exact offsets: no spaCy E088 over 1,000,000 characters,
and time that grows with the text, not with its square."""

from __future__ import annotations

import pytest

from fupin.builder import default_extractor
from fupin.extract import pipeline
from fupin.extract.facts import Document
from fupin.extract.pipeline import annotate, build_nlp

PARAGRAPHS = (
    "岷县建成扶贫车间25个，吸纳贫困群众就业800余人。",
    "全县实施易地扶贫搬迁安置1200户，后续产业配套到位。",
    "岷县推行“三联三带”帮扶机制，发展光伏扶贫电站3座，村集体经济收入稳定增长。",
    "2019年全县贫困发生率降至0.8%，累计减少贫困人口3.5万人。",
)


def _long_text(chars: int) -> str:
    lines = []
    total = 0
    number = 0
    while total < chars:
        line = PARAGRAPHS[number % len(PARAGRAPHS)]
        lines.append(line if number % 7 else line + line)  # some lines longer than others
        total += len(lines[-1]) + 1
        number += 1
    return "岷县脱贫攻坚工作报告\n" + "\n".join(lines) + "\n"


def _marks(doc) -> dict[str, list[tuple[int, int, str]]]:
    return {k: [(s.start_char, s.end_char, s.label_) for s in doc.spans[k]] for k in ("places", "measures")}


def test_pieces_give_the_spans_of_the_whole_text() -> None:
    nlp = default_extractor().nlp
    text = _long_text(5 * pipeline.PIECE)
    pieced = annotate(nlp, text)
    assert pieced.text == text
    assert _marks(pieced) == _marks(nlp(text))


def test_a_line_longer_than_a_piece_is_cut_at_a_sentence_end() -> None:
    nlp = default_extractor().nlp
    text = "".join(PARAGRAPHS) * (pipeline.PIECE // 40)
    pieced = annotate(nlp, text)
    assert pieced.text == text and _marks(pieced) == _marks(nlp(text))


def test_a_text_over_the_spacy_length_limit_is_annotated() -> None:
    nlp = build_nlp(default_extractor().lexicon)
    nlp.max_length = 3 * pipeline.PIECE  # stands for spaCy's 1,000,000: E088 is raised over it
    text = _long_text(4 * nlp.max_length)
    with pytest.raises(ValueError, match="E088"):
        nlp(text)
    assert annotate(nlp, text).text == text


def test_facts_of_a_long_report_are_those_of_one_spacy_call(monkeypatch: pytest.MonkeyPatch) -> None:
    document = Document("long.txt", _long_text(3 * pipeline.PIECE))
    pieced = default_extractor().extract(document)
    monkeypatch.setattr(pipeline, "PIECE", len(document.text))
    whole = default_extractor().extract(document)
    assert pieced == whole and len(pieced.facts) > 100
    for fact in pieced.facts:
        assert document.text[fact.evidence.start : fact.evidence.end] == fact.evidence.quote
