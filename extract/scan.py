"""Patterns tried only where a match can begin.

Python's re passes fast over a text only to find a plain character or set of characters that a
pattern opens with; a pattern that opens with a look-around, an alternation or a repeat is tried at
every character, tens of nanoseconds each, and a report has thousands. When every match of a pattern
holds one of a few anchor characters at a fixed offset from its start (a sentence end opens with
。！？ or a line break, a date holds 年 four characters after its year's start), the anchors are found
by a plain scan and the pattern is tried only at the starts they allow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache


@lru_cache(maxsize=256)
def any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern finding any of `words` (none: a pattern that never matches): its `search` says
    whether a text holds one of them in a single scan, where `any(w in text for w in words)` scans
    once per word and runs a Python step for each."""
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def anchored(
    pattern: re.Pattern[str], text: str, anchors: re.Pattern[str], back: range = range(1)
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, for a pattern that never matches the empty string and every match of
    which holds a match of `anchors` (a plain character set) at one of the offsets `back` from its
    start: the pattern is tried only at those starts, left to right, each after the last match."""
    if back.step != 1:
        yield from _anchored_sparse(pattern, text, anchors, back)
        return
    # The starts an anchor allows are one run, [at - back[-1], at - back[0]]; the anchors come in
    # order, so the runs do too, and a run need only be tried from where the last one was left.
    low, high = back.start, back.stop - 1
    start = 0  # the first start neither tried nor inside a match
    for anchor in anchors.finditer(text):
        at = anchor.start()
        start = max(start, at - high)
        last = at - low
        while start <= last:
            match = pattern.match(text, start)
            if match is None:
                start += 1
            else:
                start = match.end()
                yield match


def _anchored_sparse(
    pattern: re.Pattern[str], text: str, anchors: re.Pattern[str], back: range
) -> Iterator[re.Match[str]]:
    """`anchored` for offsets with gaps between them (range(0, 3, 2)): each start sorted out once."""
    starts = sorted({m.start() - k for m in anchors.finditer(text) for k in back if m.start() >= k})
    taken_until = 0
    for start in starts:
        if start >= taken_until and (match := pattern.match(text, start)) is not None:
            taken_until = match.end()
            yield match
