"""The townships and villages a report names under its county, as place facts.

Townships are the ones the gazetteer files under the county; villages are named right after a township
(双溪桥镇杨堡村) or listed in parentheses.
"""

from __future__ import annotations

import re

from fupin.extract.context import ReportContext
from fupin.extract.facts import Evidence, PlaceFact
from fupin.extract.places import townships_in

_VILLAGE = re.compile(r"([\u4e00-\u9fff]{2,3})村")
_VILLAGE_LIST = re.compile(r"[（(]([\u4e00-\u9fff]{2,3}村(?:[、,，][\u4e00-\u9fff]{2,3}村)+)[)）]")


def extract_places(ctx: ReportContext) -> list[PlaceFact]:
    """Townships the gazetteer files under the county, and villages named after them or in lists."""
    if ctx.county is None:
        return []
    known = ctx.townships()
    facts = []
    for sentence in ctx.sentences:
        evidence: Evidence | None = None
        ends = []
        for _start, end, name in townships_in(sentence.text, known):
            evidence = evidence or ctx.evidence(sentence, "places.gazetteer-township", 0.9)
            facts.append(PlaceFact(name, "township", ctx.county, evidence))
            ends.append(end)
        for name in _villages(sentence.text, ends):
            evidence = evidence or ctx.evidence(sentence, "places.village-name", 0.7)
            facts.append(PlaceFact(name, "village", ctx.county, evidence))
    return facts


def _villages(text: str, township_ends: list[int]) -> list[str]:
    """Village names right after a township name (双溪桥镇杨堡村) or in a parenthesised list."""
    names = []
    for end in township_ends:
        match = _VILLAGE.match(text, end)
        if match:
            names.append(match.group())
    for match in _VILLAGE_LIST.finditer(text):
        names.extend(re.split(r"[、,，]", match.group(1)))
    return names
