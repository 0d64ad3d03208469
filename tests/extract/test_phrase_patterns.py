"""The phrase matcher made from its patterns' orth ids, in a vocabulary of its own, finds what one made
the long way finds: pattern Docs of the pipeline's tokenizer, added in the pipeline's vocabulary."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import PhraseMatcher

from fupin import resources
from fupin.extract.gazetteer import Gazetteer
from fupin.extract.pipeline import CharTokenizer, _phrase_matcher
from fupin.extract.places import county_surfaces
from fupin.extract.read import read_document


def _terms(lexicon) -> list[tuple[str, str]]:
    return [*((s, s) for s in county_surfaces(Gazetteer.load())), *lexicon.measures]


def _long_way(nlp, terms: list[tuple[str, str]]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab)
    by_key: dict[str, list[str]] = {}
    for surface, key in terms:
        by_key.setdefault(key, []).append(surface)
    for key, surfaces in sorted(by_key.items()):
        matcher.add(key, list(nlp.tokenizer.pipe(sorted(set(surfaces)))))
    return matcher


@pytest.fixture(scope="module")
def both(extractor) -> tuple:
    terms = [*_terms(extractor.lexicon), ("甲 乙", "spaced"), ("丙\n丁", "spaced"), (" 戊", "lead")]
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    return nlp, _phrase_matcher(nlp, terms), _long_way(nlp, terms)


def _found(nlp, matcher: PhraseMatcher, text: str) -> list[tuple[str, int, int]]:
    return sorted((nlp.vocab.strings[key], start, end) for key, start, end in matcher(nlp.make_doc(text)))


def test_the_reports_give_the_same_matches(both) -> None:
    nlp, ours, long_way = both
    for path in sorted(resources.folder("corpus").glob("*.txt")):
        text = read_document(path).text
        assert _found(nlp, ours, text) == _found(nlp, long_way, text), path.name


def test_patterns_with_white_space_match_as_their_docs_do(both) -> None:
    nlp, ours, long_way = both
    for text in ("甲 乙和丙\n丁", "甲乙 丙 丁", "x 戊 甲  乙", " 戊"):
        assert _found(nlp, ours, text) == _found(nlp, long_way, text), text
    assert _found(nlp, ours, "甲 乙，丙\n丁") == [("spaced", 0, 2), ("spaced", 3, 6)]


def test_the_keys_read_back_from_the_pipelines_strings(both) -> None:
    nlp, ours, _long_way = both
    assert [nlp.vocab.strings[key] for key, _s, _e in ours(nlp.make_doc("房县"))] == ["房县"]


def test_orth_lists_are_the_docs_orths(both) -> None:
    nlp = both[0]
    texts = ["郧阳区", "", "甲 乙", " 前导", "尾随 ", "a\t b", "𠀋县", "产业扶贫"]
    assert nlp.tokenizer.orth_lists(texts) == [[t.orth for t in nlp.make_doc(text)] for text in texts]


def test_orth_lists_without_white_space_are_the_docs_orths(both) -> None:
    """No text has white space: each is a slice of the joined text's characters."""
    nlp = both[0]
    texts = ["郧阳区", "", "产业扶贫", "𠀋县", "a1", "区"]
    assert nlp.tokenizer.orth_lists(texts) == [[t.orth for t in nlp.make_doc(text)] for text in texts]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("扶贫县 \n\u3000。a𠀋"), max_size=6), max_size=8))
def test_any_orth_lists_are_the_docs_orths(texts: list[str]) -> None:
    nlp = spacy.blank("zh")  # a new vocabulary, so that characters are first seen in orth_lists
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    assert nlp.tokenizer.orth_lists(texts) == [[t.orth for t in nlp.make_doc(text)] for text in texts]
