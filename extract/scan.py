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


def anchored(
    pattern: re.Pattern[str], text: str, anchors: re.Pattern[str], back: range = range(1)
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, for a pattern that never matches the empty string and every match of
    which holds a match of `anchors` (a plain character set) at one of the offsets `back` from its
    start: the pattern is tried only at those starts, left to right, each after the last match."""
    starts = sorted({m.start() - k for m in anchors.finditer(text) for k in back if m.start() >= k})
    taken_until = 0
    for start in starts:
        if start >= taken_until and (match := pattern.match(text, start)) is not None:
            taken_until = match.end()
            yield match
