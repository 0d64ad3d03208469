"""jieba, the word segmenter and part-of-speech tagger used to check word boundaries and names.

jieba logs its dictionary loading on stderr at INFO level; a command-line tool should not, so the
logger is quietened once here, where every extractor that uses jieba imports it from.

`word_bounds` reads jieba's tagging of a short text at two offsets without tagging all of it: the
place matcher asks that of a window around every place name, and jieba's HMM tagger (a Viterbi search
over every word class for each run of characters its dictionary lacks) was a fifth of all extraction
time there, spent mostly on runs whose words did not matter to the answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from math import log

import jieba
import jieba.posseg as posseg

__all__ = ["HAN_BLOCK", "best_route", "posseg", "quiet_jieba", "tag", "word_bounds"]

# jieba.posseg's own block patterns (posseg/__init__.py, jieba 0.42): the text is cut the same way here.
HAN_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile("(\r\n|\\s)")
_NUM = re.compile("[\\.0-9]+")
_ENG = re.compile("[a-zA-Z0-9]+")

Token = tuple[str, str | None]
"""A word and its tag; tag None for a run of unknown characters left untagged (its words unknown)."""


def quiet_jieba() -> None:
    """Silence jieba's start-up messages (its dictionary is loaded lazily on first use)."""
    jieba.setLogLevel(logging.WARNING)


quiet_jieba()


@lru_cache(maxsize=16384)
def word_bounds(text: str, start: int, end: int) -> tuple[bool, bool, str, str]:
    """What `posseg.cut(text)` says at `start` and `end`: whether each is a word boundary, and the word
    and tag that begin at `start` ('' and '' when no word begins there).

    The answer is exactly that of cutting the whole text (tests/extract/test_segmenter.py compares
    them); an unknown run is tagged only when `start` or `end` falls inside it or it begins at `start`.
    """
    bounds, begins, at = {0}, {}, 0
    for word, tag in _tokens(text, lambda a, b: a < start < b or a < end < b or a == start):
        begins[at] = (word, tag or "")
        at += len(word)
        bounds.add(at)
    word, tag = begins.get(start, ("", ""))
    return start in bounds, end in bounds, word, tag


@lru_cache(maxsize=16384)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """posseg.cut(text) as (word, tag) pairs, exactly; the HMM tagging of each unknown run is cached,
    since the same runs (a company's or a person's name) come back in every text cut around them, and
    so is the whole answer, as `word_bounds` is: a report's boilerplate comes back in the next one."""
    return tuple((word, flag or "") for word, flag in _tokens(text, _always))


def _always(_start: int, _end: int) -> bool:
    return True


def _tokens(text: str, needed: Callable[[int, int], bool]) -> Iterator[Token]:
    """posseg.cut(text), except that an unknown run [a, b) for which needed(a, b) is false comes
    back whole with tag None."""
    posseg.dt.makesure_userdict_loaded()
    at = 0
    for block in HAN_BLOCK.split(text):
        if HAN_BLOCK.match(block):
            yield from _dag_tokens(block, at, needed)
        else:
            for part in _SKIP.split(block):
                if _SKIP.match(part):
                    yield part, "x"
                else:
                    for char in part:
                        yield char, "m" if _NUM.match(char) else "eng" if _ENG.match(part) else "x"
        at += len(block)


def _dag_tokens(block: str, offset: int, needed: Callable[[int, int], bool]) -> Iterator[Token]:
    """posseg's dictionary route through one block of Han, Latin and digits, its single characters
    gathered into runs as posseg gathers them (POSTokenizer.__cut_DAG)."""
    route = best_route(block)
    x, run = 0, ""
    while x < len(block):
        y = route[x][1] + 1
        if y - x == 1:
            run += block[x]
        else:
            if run:
                yield from _run_tokens(run, offset + x - len(run), needed)
                run = ""
            word = block[x:y]
            yield word, posseg.dt.word_tag_tab.get(word, "x")
        x = y
    if run:
        yield from _run_tokens(run, offset + len(block) - len(run), needed)


def best_route(block: str) -> list[tuple[float, int]]:
    """jieba's most probable route through `block`, exactly as `get_DAG` and `calc` make it: route[x]
    is (the log probability of the best cut of block[x:], where the word at x ends), route[len] (0, 0).

    jieba builds the whole DAG of dictionary words first and then slices every word out of the text
    again in `calc` to look its frequency up; here each position's words are scored as the dictionary
    walk finds them, right to left, with the same arithmetic in the same order (log(freq) - log(total)
    + the rest's score) and the same choice among equals (`max` over (score, end): the first largest
    pair), so the route is the same floats (tests/extract/test_segmenter.py compares them). Twice as
    fast; a window around every place name and figure is cut with it."""
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    freq, size = tokenizer.FREQ, len(block)
    logtotal = log(tokenizer.total)
    route = [(0.0, 0)] * size + [(0, 0)]
    for k in range(size - 1, -1, -1):
        best = None
        i, frag = k, block[k]
        while i < size and frag in freq:
            count = freq[frag]
            if count:
                scored = (log(count) - logtotal + route[i + 1][0], i)
                if best is None or scored > best:
                    best = scored
            i += 1
            frag = block[k : i + 1]
        # No dictionary word opens at k: jieba's DAG holds the character alone, of frequency 1.
        route[k] = best if best is not None else (log(1) - logtotal + route[k + 1][0], k)
    return route


def _run_tokens(run: str, at: int, needed: Callable[[int, int], bool]) -> Iterator[Token]:
    """A run of single characters: one character is tagged from the dictionary, a run the dictionary
    knows as a word is split into its characters, any other run goes to the HMM tagger, if needed."""
    tags = posseg.dt.word_tag_tab
    if len(run) == 1:
        yield run, tags.get(run, "x")
    elif not jieba.dt.FREQ.get(run):
        if needed(at, at + len(run)):
            yield from _hmm(run)
        else:
            yield run, None
    else:
        yield from ((char, tags.get(char, "x")) for char in run)


@lru_cache(maxsize=16384)
def _hmm(run: str) -> tuple[tuple[str, str], ...]:
    """jieba's HMM tagging of a run of characters its dictionary lacks (POSTokenizer.__cut_detail)."""
    return tuple((w.word, w.flag) for w in posseg.dt._POSTokenizer__cut_detail(run))
