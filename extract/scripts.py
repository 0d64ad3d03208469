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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np
import opencc

from fupin.extract.codepoints import code_points, look_up

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


@lru_cache(maxsize=4096)
def _convert_span(span: str) -> str:
    """Phrase-aware OpenCC conversion of one span, or per-character if OpenCC changed its length.

    Kept per span: a traditional report is converted twice, whole to find its chrome and as its
    matching view (the text less chrome, wraps and glosses), and four in five of the view's spans
    are the original's, whose conversion (OpenCC's phrase search: a quarter of the extraction time
    of the dev sets' traditional reports) is then read back rather than made again."""
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
    traditional name in a simplified report (环鄧阳湖) does not make the report traditional."""
    return Script.of(text).is_traditional()


_TRADITIONAL, _SIMPLIFIED = 1, 2


@dataclass(frozen=True)
class Script:
    """Which characters of a text only traditional script uses (1) and which only simplified script
    uses (2), read once per text: the chrome finder asks whether the whole text is traditional, the
    matching view whether the text less its chrome is (`is_traditional(blank)`), and neither reads
    the text again.

    The kinds are looked up for all characters at once in a table indexed by code point
    (`fupin.extract.codepoints`): building a set of the text's characters made a one-character string
    per character and cost five times as much."""

    kinds: np.ndarray

    @classmethod
    def of(cls, text: str) -> Script:
        return cls(look_up(_kind_table(), code_points(text)))

    def is_traditional(self, blank: Sequence[tuple[int, int]] = ()) -> bool:
        """Whether more characters are traditional-only than simplified-only, those inside the
        `blank` spans (sorted, perhaps overlapping) left out."""
        if not blank:
            return self._whole
        kinds = self.kinds.copy()
        for start, end in blank:
            kinds[start:end] = 0
        return _more_traditional(kinds)

    @cached_property
    def _whole(self) -> bool:
        """The answer with nothing left out, counted once: the chrome finder asks it, and so does the
        matching view of a page with no chrome (every report but a saved web page)."""
        return _more_traditional(self.kinds)


def _more_traditional(kinds: np.ndarray) -> bool:
    counts = np.bincount(kinds, minlength=3)
    return int(counts[_TRADITIONAL]) > int(counts[_SIMPLIFIED])


@lru_cache(maxsize=1)
def _kind_table() -> np.ndarray:
    """Code point → 1 (traditional only), 2 (simplified only) or 0; its last entry, 0, stands for
    every code point past the table."""
    traditional, simplified = _traditional_only(), _simplified_only()
    table = np.zeros(max(map(ord, traditional | simplified)) + 2, dtype=np.int8)
    table[[ord(ch) for ch in traditional]] = _TRADITIONAL
    table[[ord(ch) for ch in simplified]] = _SIMPLIFIED
    return table


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    return frozenset(_t2s_chars()).difference(_s2t_chars())


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    return frozenset(_s2t_chars()).difference(_t2s_chars())
