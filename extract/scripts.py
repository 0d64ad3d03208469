"""Traditional → simplified characters without moving a single offset.

Reports from Hong Kong, Taiwan or older archives arrive in traditional script (脫貧攻堅, 扶貧車間). The
extractors and the ontology's lexicon speak simplified Chinese, but evidence offsets and quotes must
index the ORIGINAL text. So `to_simplified` returns a string of exactly the same length, character for
character: an extractor matches on the simplified twin and cuts its quote out of the original with
the same ``start:end``.

OpenCC's t2s tables (opencc-python-reimplemented) map one character to one character and every phrase
to a phrase of the same length (checked for all 4,113 character and 277 phrase entries of 0.1.7), so
the conversion is length-preserving in practice. That is a property of today's tables, not a promise,
so each span is checked and any span whose length changes is converted character by character
instead; the result's length is asserted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

import opencc

# OpenCC splits its input at these characters itself (they never occur inside a dictionary entry), so
# converting span by span gives the same result as converting the whole text at once.
_SPAN_END = re.compile(r"(?<=[\n。！？；])")


def _read_table(name: str) -> dict[str, str]:
    """One OpenCC text dictionary (``key<TAB>value [alternative …]``), keeping the first value, which
    is the one OpenCC itself uses."""
    table: dict[str, str] = {}
    text = (resources.files("opencc") / "dictionary" / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        key, sep, values = line.partition("\t")
        if sep and key and values:
            table[key] = values.split(" ")[0]
    return table


@lru_cache(maxsize=1)
def _t2s_chars() -> dict[str, str]:
    """Traditional → simplified single characters that actually change (one char to one char only)."""
    table = _read_table("TSCharacters.txt")
    return {k: v for k, v in table.items() if len(k) == 1 and len(v) == 1 and k != v}


@lru_cache(maxsize=1)
def _s2t_chars() -> dict[str, str]:
    """Simplified → traditional single characters that actually change."""
    table = _read_table("STCharacters.txt")
    return {k: v for k, v in table.items() if len(k) == 1 and len(v) == 1 and k != v}


@lru_cache(maxsize=1)
def _triggers() -> frozenset[str]:
    """Characters whose presence can make t2s change anything: a span without them is left as is.

    Every character that changes on its own, plus those that change only inside a phrase (覆 in 反覆,
    瞭 in 瞭解): a span can only contain a phrase if it contains the phrase's changing characters."""
    chars = set(_t2s_chars())
    for key, value in _read_table("TSPhrases.txt").items():
        chars.update(k for k, v in zip(key, value, strict=False) if k != v)
    return frozenset(chars)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _spans(text: str) -> Iterator[str]:
    """The text cut after line and sentence ends; the pieces concatenate back to `text`."""
    return (span for span in _SPAN_END.split(text) if span)


def _per_char(span: str) -> str:
    """Character-by-character conversion: loses phrase context (乾隆 stays 乾隆 only as a phrase) but
    can never change the length."""
    table = _t2s_chars()
    return "".join(table.get(ch, ch) for ch in span)


def _convert_span(span: str) -> str:
    """Phrase-aware OpenCC conversion of one span, or per-character if OpenCC changed its length."""
    if not _triggers().intersection(span):
        return span
    converted = _converter().convert(span)
    return converted if len(converted) == len(span) else _per_char(span)


def to_simplified(text: str) -> str:
    """`text` in simplified characters, same length, so that every index into it is an index into
    `text` (``to_simplified(t)[i:j]`` is the simplified reading of ``t[i:j]``)."""
    if not _triggers().intersection(text):
        return text
    result = "".join(_convert_span(span) for span in _spans(text))
    assert len(result) == len(text), "to_simplified must preserve length"
    return result


def is_traditional(text: str) -> bool:
    """Whether the text is written mainly in traditional script.

    Counts characters that only traditional script uses (貧, 車, 遷) against characters that only
    simplified script uses (贫, 车, 迁); shared characters (扶, 困, 县 …) say nothing. A stray
    traditional name in a simplified report (环鄧阳湖) does not make the report traditional.

    Only the distinct characters of the text are looked up, a text with no traditional-only one is
    simplified at once, and the simplified count stops when it reaches the traditional one: the same
    answer as counting everything, at less than half the cost on a simplified report."""
    present = set(text)
    traditional = _traditional_only().intersection(present)
    if not traditional:
        return False
    trad_count = sum(text.count(ch) for ch in traditional)
    simp_count = 0
    for ch in _simplified_only().intersection(present):
        simp_count += text.count(ch)
        if simp_count >= trad_count:
            return False
    return True


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    return frozenset(_t2s_chars()).difference(_s2t_chars())


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    return frozenset(_s2t_chars()).difference(_t2s_chars())
