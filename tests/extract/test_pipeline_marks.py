"""Short cuts of extract/pipeline.py: the character offsets kept beside the span groups are those the
groups give, and partners are linked as the long way links them."""

from __future__ import annotations

from dataclasses import replace

from fupin import resources
from fupin.builder import default_extractor
from fupin.extract import pipeline
from fupin.extract.context import _MEASURE_MENTIONS
from fupin.extract.facts import Document, EnterpriseFact, InterventionFact
from fupin.extract.read import read_document

PARAGRAPHS = (
    "郧阳区建成扶贫车间25个，十堰市郧阳区吸纳贫困群众就业800余人。",
    "全县实施易地扶贫搬迁安置1200户，产业、教育、健康扶贫配套到位。",
    "郧 阳 区推行“三联三带”帮扶机制，与厦门市思明区开展东西部协作，发展光伏扶贫电站3座。",
)


def _from_groups(doc) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """The long way: each span group read again, a Span made per item."""
    places = [(s.start_char, s.end_char) for s in doc.spans["places"]]
    measures = [(s.start_char, s.end_char, s.label_) for s in doc.spans["measures"]]
    return places, measures


def _kept(doc) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    return doc.user_data[pipeline._PLACES], doc.user_data[_MEASURE_MENTIONS]


def _texts() -> list[str]:
    texts = [read_document(p).text for p in sorted(resources.folder("corpus").glob("*.txt"))]
    long = "\n".join(PARAGRAPHS[i % 3] * (1 + i % 4) for i in range(3 * pipeline.PIECE // 40))
    return [*texts, "\n".join(PARAGRAPHS), long]


def test_kept_offsets_are_those_of_the_groups_short_and_pieced() -> None:
    nlp = default_extractor().nlp
    texts = _texts()
    assert any(len(text) > pipeline.PIECE for text in texts)
    for text in texts:
        doc = pipeline.annotate(nlp, text)
        assert doc.text == text
        assert _kept(doc) == _from_groups(doc)
        assert _kept(doc)[0] and _kept(doc)[1]


def test_place_mentions_read_from_kept_offsets_are_those_of_the_spans() -> None:
    extractor = default_extractor()
    surfaces = set()
    for text in _texts():
        doc = pipeline.annotate(extractor.nlp, text)
        args = (extractor.surfaces, extractor.gazetteer, extractor.lexicon)
        quick = pipeline._place_mentions(text, doc, *args)
        del doc.user_data[pipeline._PLACES]  # the long way: the group read again
        assert quick == pipeline._place_mentions(text, doc, *args)
        surfaces.update(m.surface for m in quick)
    assert {"郧阳区", "十堰市", "房县"} <= surfaces


def test_a_joined_doc_without_kept_offsets_keeps_none() -> None:
    nlp = default_extractor().nlp
    pieces = [pipeline._doc(nlp, text, pipeline.components(nlp)) for text in PARAGRAPHS]
    del pieces[1].user_data[pipeline._PLACES]
    joined = pipeline._joined(nlp, pieces)
    assert pipeline._PLACES not in joined.user_data
    assert joined.user_data[_MEASURE_MENTIONS] == _from_groups(joined)[1]
    assert pipeline._place_marks(joined) == _from_groups(joined)[0]


def _linked_the_long_way(facts: list) -> list:
    """link_partners as it was: every fact read a second time, partners or not."""
    partners: dict = {}
    for fact in facts:
        if isinstance(fact, EnterpriseFact):
            for measure in fact.measures:
                partners.setdefault((fact.evidence.start, measure), set()).add(fact.name)
    linked = []
    for fact in facts:
        names = (
            partners.get((fact.evidence.start, fact.measure)) if isinstance(fact, InterventionFact) else None
        )
        linked.append(replace(fact, partners=tuple(sorted(names))) if names else fact)
    return linked


def test_partners_are_linked_as_the_long_way_links_them() -> None:
    extractor = default_extractor()
    texts = [
        *_texts(),
        "房县脱贫攻坚工作综述\n\n房县人民政府\n\n依托房县裕农种植专业合作社发展产业扶贫，建成扶贫车间3个。\n",
    ]
    linked = 0
    for text in texts:
        ctx = extractor.context(Document(source="t.txt", text=text))
        facts = [fact for run in pipeline.EXTRACTORS for fact in run(ctx)]
        assert pipeline.link_partners(facts) == _linked_the_long_way(facts)
        linked += sum(1 for f in pipeline.link_partners(facts) if getattr(f, "partners", ()))
    assert linked
