"""Short cuts of extract/pipeline.py's spaCy pipeline: lexemes given their language alone give the
facts that lexemes with all of spaCy's lexical attributes give, and the components read once run as
`nlp(text)` runs them."""

from __future__ import annotations

import spacy
from spacy.attrs import LANG

from fupin import resources
from fupin.extract import pipeline
from fupin.extract.facts import Document
from fupin.extract.lexicon import load_lexicon
from fupin.extract.read import read_document

PARAGRAPHS = (
    "郧阳区建成扶贫车间25个，十堰市郧阳区吸纳贫困群众就业800余人。",
    "全县实施易地扶贫搬迁安置1200户，产业、教育、健康扶贫配套到位。",
    "郧 阳 区推行“三联三带”帮扶机制，与厦门市思明区开展东西部协作，发展光伏扶贫电站3座。",
    "２０２０年４月，房县人民政府：全县贫困发生率降至0.5%，ABC合作社带动贫困户一百二十户。",
)


def _texts() -> list[str]:
    texts = [read_document(p).text for p in sorted(resources.folder("corpus").glob("*.txt"))]
    return [*texts, *PARAGRAPHS, "\n".join(PARAGRAPHS * (pipeline.PIECE // 200))]


def test_lexemes_have_the_language_alone() -> None:
    nlp = pipeline.build_nlp(load_lexicon())
    assert list(nlp.vocab.lex_attr_getters) == [LANG]
    doc = pipeline.annotate(nlp, "房县，扶贫车间2020年。")
    assert {token.lang_ for token in doc} == {"zh"}


def test_the_language_alone_gives_the_facts_all_attributes_give() -> None:
    """The long way: a vocabulary computing spaCy's every lexical attribute of each new lexeme."""
    lexicon = load_lexicon()
    short, long = pipeline.ReportExtractor(lexicon), pipeline.ReportExtractor(lexicon)
    long.nlp.vocab.lex_attr_getters = spacy.blank("zh").vocab.lex_attr_getters
    assert len(long.nlp.vocab.lex_attr_getters) > 1
    for i, text in enumerate(_texts()):
        document = Document(source=f"t{i}.txt", text=text)
        assert short.extract(document) == long.extract(document), text[:40]
    assert long.nlp.vocab["，"].is_punct and not short.nlp.vocab["，"].is_punct


def test_the_components_read_once_annotate_as_the_pipeline_runs() -> None:
    nlp = pipeline.build_nlp(load_lexicon())
    pipes = pipeline.components(nlp)
    assert pipes == tuple(component for _name, component in nlp.pipeline)
    for text in _texts():
        ours, read_each_time = pipeline.annotate(nlp, text, pipes), pipeline.annotate(nlp, text)
        assert _marks(ours) == _marks(read_each_time)
        if len(text) <= pipeline.PIECE:
            assert _marks(ours) == _marks(nlp(text))


def _marks(doc) -> dict[str, list[tuple[int, int, str]]]:
    return {
        key: [(s.start_char, s.end_char, s.label_) for s in doc.spans[key]] for key in ("places", "measures")
    }
