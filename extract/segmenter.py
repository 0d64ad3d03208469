"""jieba, the word segmenter and part-of-speech tagger used to check word boundaries and names.

jieba logs its dictionary loading on stderr at INFO level; a command-line tool should not, so the
logger is quietened once here, where every extractor that uses jieba imports it from.

`word_bounds` reads jieba's tagging of a short text at two offsets without tagging all of it: the
place matcher asks that of a window around every place name, and jieba's HMM tagger (a Viterbi search
over every word class for each run of characters its dictionary lacks) was a fifth of all extraction
time there, spent mostly on runs whose words did not matter to the answer.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import logging
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from functools import lru_cache
from math import log
from pathlib import Path
from types import ModuleType

import numpy as np

from fupin.files import replace_atomically


def import_jieba() -> ModuleType:
    """jieba, imported without pkg_resources. jieba 0.42 imports that (deprecated) module only to open
    its own dict.txt, and falls back to opening the file by its path when the import fails; the import
    scans every installed distribution, a fifth of a CPU-second of every build's start-up, and nothing
    else a build runs imports it. The extractors take jieba from here (`from ... import jieba`)."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        return importlib.import_module("jieba")
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` fails
    try:
        return importlib.import_module("jieba")
    finally:
        del sys.modules["pkg_resources"]


jieba = import_jieba()

__all__ = [
    "HAN_BLOCK",
    "best_route",
    "cut_at",
    "jieba",
    "load_dictionary",
    "posseg",
    "quiet_jieba",
    "tag",
    "word_bounds",
]

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

TAGS_CACHE = "fupin-jieba-tags.cache"  # in jieba's cache folder, beside its own jieba.cache


def import_posseg(cache: str | None = None) -> ModuleType:
    """jieba.posseg, its word-tag table read from a cache file rather than from dict.txt.

    posseg's import reads jieba's dictionary (349k lines, word -> part of speech) into `word_tag_tab`
    line by line, half a CPU-second of every build's start-up; unmarshalled from bytes the same table
    takes half as long. The cache is keyed on the dictionary's bytes (a SHA-256 of what posseg
    reads, stored in the file), so a changed dict.txt is never read stale. Without a valid cache
    posseg loads its table its own way, and that table is cached for the next process; with one,
    posseg's tokenizer is made while the default tokenizer hands it an empty dictionary file, and
    is then given the cached table (tests/extract/test_segmenter_dictionary.py compares the tables).
    """
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    with jieba.dt.get_dict_file() as file:
        key = hashlib.sha256(file.read()).hexdigest()
    path = cache or os.path.join(jieba.dt.tmp_dir or tempfile.gettempdir(), TAGS_CACHE)
    tags = cached_tags(path, key)
    if tags is None:
        import jieba.posseg as module

        write_tags(path, key, module.dt.word_tag_tab)
        return module
    jieba.dt.get_dict_file = lambda: io.BytesIO()  # what posseg's POSTokenizer() reads at import
    try:
        import jieba.posseg as module
    finally:
        del jieba.dt.get_dict_file
    module.dt.word_tag_tab = tags
    return module


def cached_tags(path: str, key: str) -> dict[str, str] | None:
    """The word-tag table cached in `path` for the dictionary whose bytes hash to `key`; None when
    the file is missing, unreadable, or made from another dictionary."""
    try:
        with open(path, "rb") as file:
            found = marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == key and isinstance(found[1], dict)):
        return None
    return found[1]


def write_tags(path: str, key: str, tags: dict[str, str]) -> None:
    """Cache `tags` for the dictionary `key` in `path`, written whole or not at all (a temporary file
    renamed over it, as parallel workers may write it at once); a folder it cannot be written to
    only means no cache."""
    with suppress(OSError):
        replace_atomically(Path(path), [marshal.dumps((key, tags))])


posseg = import_posseg()


def cut_at(text: str, at: int) -> bool:
    """Whether posseg.cut of every stretch of `text` that reaches `at` has a word boundary there, told
    without cutting: `at` is an end of `text`, or a character beside it lies outside posseg's blocks
    (HAN_BLOCK). jieba splits its input at those before routing and makes each character outside
    them a word of its own, but for \\r\\n, which is one word.

    A boundary inside a block is not told here (it takes the route: `word_bounds`)."""
    if at <= 0 or at >= len(text):
        return True
    if HAN_BLOCK.match(text, at - 1) and HAN_BLOCK.match(text, at):
        return False
    return text[at - 1 : at + 1] != "\r\n"


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


def load_dictionary(tokenizer: jieba.Tokenizer | None = None) -> None:
    """Load jieba's prefix dictionary (word and prefix -> frequency, and the total) into `tokenizer`
    (jieba's default one): the same FREQ and total as `tokenizer.initialize()`, read from the same
    cache file, but read whole and unmarshalled from bytes. jieba's `marshal.load` of the open file
    asks the file for every one of its half a million keys on its own, a third of a CPU-second of
    every build's start-up; the bytes are the same, so is the dictionary
    (tests/extract/test_segmenter_dictionary.py compares it with one built from dict.txt).

    Where the cache file is missing or unreadable, or the dictionary is not jieba's default one
    (whose cache jieba checks against the dictionary's time), jieba's own initialisation runs: it
    builds the dictionary from dict.txt and writes the cache the way it always does."""
    tokenizer = tokenizer or jieba.dt
    if tokenizer.initialized:
        return
    with tokenizer.lock:
        if tokenizer.initialized:
            return
        if tokenizer.dictionary is None:
            folder = tokenizer.tmp_dir or tempfile.gettempdir()
            cache = os.path.join(folder, tokenizer.cache_file or "jieba.cache")
            try:
                with open(cache, "rb") as file:
                    tokenizer.FREQ, tokenizer.total = marshal.loads(file.read())
                tokenizer.initialized = True
                return
            except (OSError, EOFError, ValueError, TypeError):
                pass  # no cache yet, or a broken one: jieba (re)builds it
        tokenizer.initialize()


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
    load_dictionary(tokenizer)
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
    """jieba's HMM tagging of a run of characters its dictionary lacks (POSTokenizer.__cut_detail):
    Han blocks go to the tagger, digits and Latin letters are words of their own."""
    words: list[tuple[str, str]] = []
    for block in posseg.re_han_detail.split(run):
        if posseg.re_han_detail.match(block):
            words.extend(_hmm_words(block))
            continue
        for part in posseg.re_skip_detail.split(block):
            if part:
                kind = "m" if posseg.re_num.match(part) else "eng" if posseg.re_eng.match(part) else "x"
                words.append((part, kind))
    return tuple(words)


def _hmm_words(block: str) -> Iterator[tuple[str, str]]:
    """The words and tags of a Han block read off its best state path (POSTokenizer.__cut)."""
    states = viterbi_states(block)
    begin, after = 0, 0
    for i, (position, flag) in enumerate(states):
        if position == "B":
            begin = i
        elif position == "E":
            yield block[begin : i + 1], flag
            after = i + 1
        elif position == "S":
            yield block[i], flag
            after = i + 1
    if after < len(block):
        yield block[after:], states[after][1]


_MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's score of an emission the model lacks


class _Tagger:
    """jieba's HMM tagger (jieba.posseg's start, transition and emission tables) as arrays over its
    states, the states in ascending order: an array's last best entry is then the largest state of
    those that score best, which is the one `max` over (score, state) pairs picks."""

    def __init__(self) -> None:
        self.states = sorted(posseg.trans_P)
        self.index = {state: i for i, state in enumerate(self.states)}
        size = len(self.states)
        self.trans = np.full((size, size), -np.inf)  # -inf: no transition
        for before, nexts in posseg.trans_P.items():
            for state, score in nexts.items():
                self.trans[self.index[before], self.index[state]] = score
        self.leads = self.trans > -np.inf
        self.start = np.array([posseg.start_P[state] for state in self.states])


@lru_cache(maxsize=1)
def _tagger() -> _Tagger:
    return _Tagger()


@lru_cache(maxsize=4096)
def _char_states(char: str) -> tuple[np.ndarray, np.ndarray]:
    """The states `char` may take (all, for a character the tables lack), as a mask over the
    tagger's states, and its emission score in each."""
    tagger = _tagger()
    allowed = np.zeros(len(tagger.states), dtype=bool)
    known = posseg.char_state_tab_P.get(char)
    allowed[[tagger.index[state] for state in known] if known is not None else slice(None)] = True
    emitted = np.array([posseg.emit_P[state].get(char, _MIN_FLOAT) for state in tagger.states])
    return allowed, emitted


def _last_best(scores: np.ndarray, axis: int = 0) -> np.ndarray:
    """The index of the last of the best scores along `axis` (numpy's argmax gives the first)."""
    return scores.shape[axis] - 1 - np.argmax(np.flip(scores, axis), axis=axis)


def viterbi_states(obs: str) -> list[tuple[str, str]]:
    """jieba.posseg.viterbi's best state path (position in word, tag) through `obs`, exactly.

    jieba scores every state of the step before for each state of this step, most of them with no
    transition into it (score -inf), in Python, one (score, state) pair at a time. Here a step is
    scored at once (numpy) over the states reached before and the states this character may take
    that some of those lead to (every one of them has a finite score): the same additions in the same
    order, previous + transition + emission, in the same floats, and the best chosen among equals as
    jieba's `max` over (score, state) chooses (`_Tagger`), three times as fast;
    tests/extract/test_segmenter.py compares the paths on real and random text."""
    tagger = _tagger()
    allowed, emitted = _char_states(obs[0])
    reached = np.flatnonzero(allowed)
    scores = tagger.start[reached] + emitted[reached]
    steps: list[tuple[np.ndarray, np.ndarray]] = []  # per step: its states, and each one's best before
    for char in obs[1:]:
        allowed, emitted = _char_states(char)
        expected = tagger.leads[reached].any(axis=0)
        states = np.flatnonzero(expected & allowed)
        if not states.size:
            states = np.flatnonzero(expected)
        candidates = (scores[:, None] + tagger.trans[np.ix_(reached, states)]) + emitted[states]
        best = _last_best(candidates)
        scores = candidates[best, np.arange(states.size)]
        steps.append((states, reached[best]))
        reached = states
    state = int(reached[_last_best(scores)])
    route = [tagger.states[state]] * len(obs)
    for i in range(len(obs) - 1, 0, -1):
        states, before = steps[i - 1]
        state = int(before[np.searchsorted(states, state)])
        route[i - 1] = tagger.states[state]
    return route
