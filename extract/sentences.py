"""Sentences and clauses as character spans of the document text.

Chinese reports end sentences with 。！？ (and their ASCII twins when typed half-width) or with a line
break: titles, bylines and captions stand on lines of their own. A clause ends at ，；：; a figure's
indicator is read from its clause, its target/outcome status from its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fupin.extract.facts import filled_directly

_SENTENCE_END = re.compile(r"(?:[。！？!?]|……)+[”’」』）)]*|\n+")
# _SENTENCE_END written to open with the set of characters every match opens with, the rest told by
# looking back at that one: re's search then skips in C to the next of them (a pattern opening with
# a repeat or a group is tried at every character), three times faster than trying the plain
# pattern at each opener from Python (tests/extract/test_fast_paths.py compares the two).
_SENTENCE_END_AT = re.compile(
    r"[。！？!?…\n](?:(?<=\n)\n*"
    r"|(?<=…)…(?:[。！？!?]|……)*[”’」』）)]*"
    r"|(?<=[。！？!?])(?:[。！？!?]|……)*[”’」』）)]*)"
)
_CLAUSE_END = re.compile(r"[，,；;：:]")


@filled_directly
@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of the document: `text` is exactly document[start:end] (character offsets; not spaCy's
    token-based `Span`, which the pipeline's doc.spans hold)."""

    start: int
    end: int
    text: str

    def sub(self, start: int, end: int) -> TextSpan:
        """A span inside this one, with offsets relative to this span's text."""
        return TextSpan(self.start + start, self.start + end, self.text[start:end])


def _trimmed(text: str, start: int, end: int) -> TextSpan | None:
    """The span with surrounding white space removed, or None when nothing is left."""
    piece = text[start:end]
    if not piece or piece.isspace():
        return None
    if not (piece[0].isspace() or piece[-1].isspace()):
        return TextSpan(start, start + len(piece), piece)  # most pieces: nothing to strip, no copy
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return TextSpan(start + left, start + right, piece[left:right])


def split_sentences(text: str) -> list[TextSpan]:
    """Sentence spans of `text`, in order, trimmed of white space; empty lines give nothing. Each piece
    is trimmed inline (as `_trimmed` does): a report has dozens, the empty ones between line breaks
    among them, and a call for each cost as much as finding them."""
    spans: list[TextSpan] = []
    start = 0
    for match in _SENTENCE_END_AT.finditer(text):
        end, after = match.span()
        piece = text[start : end if text[end] == "\n" else after]  # a line break is no text
        if piece and not piece.isspace():
            if piece[0].isspace() or piece[-1].isspace():
                left = len(piece) - len(piece.lstrip())
                piece = piece.strip()
                spans.append(TextSpan(start + left, start + left + len(piece), piece))
            else:
                spans.append(TextSpan(start, start + len(piece), piece))
        start = after
    tail = _trimmed(text, start, len(text))
    if tail is not None:
        spans.append(tail)
    return spans


def split_clauses(sentence: TextSpan) -> list[TextSpan]:
    """Clause spans of one sentence (document offsets), split at ，；： and their ASCII twins."""
    text, offset = sentence.text, sentence.start
    last = len(text) - 1
    clauses: list[TextSpan] = []
    start = 0
    for mark in _CLAUSE_END.finditer(text):
        end = mark.start()
        if 0 < end < last and text[end - 1].isdigit() and text[end + 1].isdigit():
            continue  # a numeric separator (`_is_numeric_separator`), tested inline: most marks ask
        piece = text[start:end]
        # A span is made only for a clause kept: a blank one (between two marks) is dropped first.
        if piece and not piece.isspace():
            clauses.append(TextSpan(offset + start, offset + end, piece))
        start = end + 1  # every clause mark is one character
    piece = text[start:]
    if piece and not piece.isspace():
        clauses.append(TextSpan(offset + start, offset + len(text), piece))
    return clauses


def _is_numeric_separator(text: str, index: int) -> bool:
    """A comma or colon between digits (1,200 or 10:30) belongs to a number, not to the syntax."""
    return 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()


def clause_at(clauses: list[TextSpan], offset: int) -> TextSpan | None:
    """The clause holding document offset `offset`."""
    for clause in clauses:
        if clause.start <= offset < clause.end:
            return clause
    return None


def line_at(text: str, start: int) -> TextSpan | None:
    """The line of `text` that opens at `start` (0 or just after a line break), trimmed as
    `iter_lines` gives it; None for a blank line."""
    end = text.find("\n", start)
    return _trimmed(text, start, len(text) if end < 0 else end)


def iter_lines(text: str) -> Iterator[TextSpan]:
    """Non-empty lines, trimmed: titles and bylines are read line by line."""
    start = 0
    for line in text.split("\n"):
        span = _trimmed(text, start, start + len(line))
        if span is not None:
            yield span
        start += len(line) + 1
