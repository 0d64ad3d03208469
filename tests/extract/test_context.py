"""ReportContext's place indexes belong to the places they were made from: a copy with other places
(`dataclasses.replace`, as actors and measures make to read a sentence without its places) must index
its own, not read the original's."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.extract.facts import Document


def test_a_copy_with_other_places_indexes_its_own(extractor) -> None:
    text = "陕西省商洛市丹凤县和湖北省十堰市郧阳区开展东西部协作，共建扶贫车间12个。"
    ctx = extractor.context(Document("t.txt", text, "0"))
    assert ctx._places_in(0, len(text)) and ctx._starting_in(0, len(text))  # indexes made
    bare = dataclasses.replace(ctx, places=[])
    assert bare._places_in(0, len(text)) == []
    assert bare._starting_in(0, len(text)) == []
    kept = dataclasses.replace(ctx, places=ctx.places[:1])
    assert kept._places_in(0, len(text)) == ctx.places[:1]


# --- clause scopes: one search for the words, no place lists read for a clause without places -------


def _wider_long_way(ctx, text: str) -> bool:
    """names_wider as first written: each wider-scope word and each county group looked for in turn."""
    from fupin.extract.context import _NUMERAL_CHARS, _whole_words

    level = ctx.level_word()
    if any(w in text and not w.endswith(level) for w in ctx.lexicon.wider_scopes):
        return True
    for group in ctx.lexicon.county_groups:
        at = text.find(group)
        while at > 0:
            counted = text[at - 1].isdigit() or text[at - 1] in _NUMERAL_CHARS
            if counted and _whole_words(text, at + 1, group[1:]):
                return True
            at = text.find(group, at + 1)
    return False


def _scope_long_way(ctx, clause) -> bool | None:
    """_clause_scope as first written: every place list read, each membership word looked for."""
    from fupin.extract.places import higher_in, names_subject, others_in

    places = ctx._starting_in(clause.start, clause.end)
    if others_in(clause, places, ctx.county):
        return True
    subject = names_subject(clause, places, ctx.county) or ctx.names_self(clause.text)
    if any(m in clause.text for m in ctx.lexicon.membership_cues):
        return None
    if subject:
        return False
    has_figure = ctx._has_figure(clause.start, clause.end)
    if higher_in(clause, places):
        return True if has_figure else None
    return True if has_figure and _wider_long_way(ctx, clause.text) else None


def test_clause_scopes_of_real_reports_are_the_long_ways(extractor) -> None:
    from fupin import resources
    from fupin.extract.read import read_document

    seen = set()
    for path in sorted(resources.folder("corpus").glob("*.txt")):
        ctx = extractor.context(read_document(path))
        for sentence in ctx.sentences:
            for clause in ctx.clauses(sentence):
                assert ctx._clause_scope(clause) == _scope_long_way(ctx, clause), clause.text
                assert ctx.names_wider(clause.text) == _wider_long_way(ctx, clause.text), clause.text
                seen.add(ctx._clause_scope(clause))
    assert seen == {True, False, None}


_PIECES = [
    "全县",
    "全省",
    "全市",
    "各县",
    "这9个县",
    "9个贫困县",
    "之一",
    "75个县级部门",
    "三个县区",
    "县",
    "，",
    "贫困",
    "12",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join))
def test_wider_scopes_are_the_long_ways(extractor, text: str) -> None:
    ctx = extractor.context(Document("t.txt", "丹凤县脱贫攻坚工作总结。" + text, "0"))
    assert ctx.names_wider(text) == _wider_long_way(ctx, text)


def _elsewhere_long_way(ctx, sentence, clause, ignore=None) -> bool:
    """about_elsewhere as first written: the place lists read even when no place is named."""
    from fupin.extract.places import higher_in, names_subject, others_in

    places = ctx._places_in(min(sentence.start, clause.start), max(sentence.end, clause.end))
    if ignore is not None:
        places = [m for m in places if not (ignore[0] <= m.start < ignore[1])]
    in_clause = names_subject(clause, places, ctx.county) or ctx.refers_to_subject(clause)
    if higher_in(clause, places) and not in_clause:
        return True
    if not others_in(sentence, places, ctx.county):
        return False
    return not in_clause or bool(others_in(clause, places, ctx.county))


def test_sentences_of_real_reports_are_elsewhere_as_the_long_way(extractor) -> None:
    from fupin import resources
    from fupin.extract.read import read_document

    seen = set()
    for path in sorted(resources.folder("corpus").glob("*.txt")):
        ctx = extractor.context(read_document(path))
        for sentence in ctx.sentences:
            for clause in [sentence, *ctx.clauses(sentence)]:
                for ignore in (None, (clause.start, clause.start + 3)):
                    fast = ctx.about_elsewhere(sentence, clause, ignore)
                    assert fast == _elsewhere_long_way(ctx, sentence, clause, ignore), clause.text
                    seen.add(fast)
    assert seen == {True, False}
