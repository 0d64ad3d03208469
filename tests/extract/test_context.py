"""ReportContext's place indexes belong to the places they were made from: a copy with other places
(`dataclasses.replace`, as actors and measures make to read a sentence without its places) must index
its own, not read the original's."""

from __future__ import annotations

import dataclasses

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
