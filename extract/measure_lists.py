"""Coordinated measure lists that share one head: 产业、教育、健康扶贫 names three measures.

Reports save words by naming several measures with one head word: the head stands after the last item
(产业、教育和健康扶贫), after the first (产业扶贫、教育、健康), or nowhere, when the items are the
measures' own stems (把握产业、安居、保障、基础设施四大关键). The phrase matcher sees only the item that
carries the head. This rule works over its matches: each matched label is an anchor, the bare items
coordinated with it are read as stem + head, and an item counts when stem + head is itself a label of
the ontology (教育 + 扶贫 = 教育扶贫). The head words and the joiners (、和及与) are word classes of
ontology/lexicon.ttl, so nothing here names a measure.

A list with no head at all is read only when it holds at least three measures (the anchors and the
stems together): 配套医疗、文化等服务设施 is a list of services, not of measures.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from itertools import accumulate
from typing import NamedTuple

Mention = tuple[int, int, str]  # start, end, notation
_Found = tuple[list[Mention], list[int]]  # the matches, sorted, and their start offsets

_MAX_RUN = 10  # characters read into an item before the list is taken to have ended
_MIN_STEM, _MAX_STEM = 2, 6
_HEADLESS_MIN = 3
_HAN = "\u3400-\u9fff"
_RUN_FROM = re.compile(f"[{_HAN}]{{1,{_MAX_RUN}}}")  # the Han run an item reads rightwards
_RUN_TO = re.compile(f"[{_HAN}]{{1,{_MAX_RUN}}}\\Z")  # the same leftwards, searched up to the item's end


class _Item(NamedTuple):
    """One list item: a Han run between joiners. A tuple, not a dataclass: a report's lists make
    thousands of items, and a frozen dataclass costs several times as much to make. Whether the run
    goes on beyond the list (大力实施产业) is not part of it: that only tells a walk to stop, and the
    item is the same one in a list walked from its other side, where no walk stops at it."""

    start: int
    end: int
    anchor: str | None = None  # the notation of a match inside the item
    head: str | None = None  # the head word that match ends with


_Step = tuple[_Item, bool]  # an item read next to a joiner, and whether its run goes on (the walk ends)
# A walk's step from an offset: the item joined there and the offset the walk goes on from (None when
# the item's run goes on beyond the list), or None when no item is joined there.
_Link = tuple[_Item, int | None] | None
_Links = dict[int, _Link]  # a text's steps in one direction, by the offset each is taken from


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _lent_heads(items: tuple[_Item, ...]) -> list[list[str]]:
    """For each item, the heads of the nearest anchors on either side (sorted, once each): a head is
    shared across the bare items between it and the next anchor (产业、教育、健康扶贫). The nearest
    anchor's head on each side is carried along one pass each way, rather than looked for from every
    item."""
    rightwards: list[str | None] = []
    head = None
    for item in reversed(items):
        rightwards.append(head)
        if item.anchor is not None:
            head = item.head
    lent, head = [], None
    for item, right in zip(items, reversed(rightwards), strict=True):
        lent.append(_both(head, right))
        if item.anchor is not None:
            head = item.head
    return lent


def _both(left: str | None, right: str | None) -> list[str]:
    """The two heads sorted, without None or a repeat: sorted({left, right} - {None}) without making
    a set for every item."""
    if left is None:
        return [] if right is None else [right]
    if right is None or right == left:
        return [left]
    return [left, right] if left < right else [right, left]


class ListReader:
    """Finds the items coordinated with matched labels; built once from the lexicon."""

    def __init__(self, labels: Mapping[str, str], heads: Iterable[str], joiners: Iterable[str]) -> None:
        self.labels = dict(labels)
        self.heads = sorted(set(heads), key=len, reverse=True)
        self.joiners = sorted(set(joiners), key=len, reverse=True)
        # A joiner can stand before `at` only if text[at - 1] ends one, after it only if text[at]
        # opens one: most offsets are ruled out by one look-up instead of a test per joiner, and
        # elsewhere only the joiners (longest first) that end or open with that character are tried.
        self._last_chars = frozenset(j[-1] for j in self.joiners)
        self._first_chars = frozenset(j[0] for j in self.joiners)
        self._ending_in = {c: tuple(j for j in self.joiners if j[-1] == c) for c in self._last_chars}
        self._opening_with = {c: tuple(j for j in self.joiners if j[0] == c) for c in self._first_chars}
        self._joiner = re.compile("|".join(map(re.escape, self.joiners)) or "(?!)")
        # The rightmost character that can end a joiner in a stretch, by one greedy match.
        ends = "".join(map(re.escape, sorted(self._last_chars)))
        self._last_char = re.compile(f".*[{ends}]" if ends else "(?!)", re.S)
        self._longest_joiner = max(map(len, self.joiners), default=1)
        # Each label's head, the notations each stem takes with some head, and the stems that take only
        # one (a bare item's reading), worked out once rather than by trying every head on every
        # anchor and stem.
        self._heads_of = {label: self._find_head(label) for label in self.labels}
        self._by_stem: dict[str, set[str]] = {}
        for head in self.heads:
            for label, notation in self.labels.items():
                if label.endswith(head):
                    self._by_stem.setdefault(label[: -len(head)], set()).add(notation)
        self._sole_notation = {stem: next(iter(n)) for stem, n in self._by_stem.items() if len(n) == 1}

    def mentions(self, text: str, found: list[Mention]) -> list[Mention]:
        """Mentions of the items coordinated with the matches in `found` (which they never overlap).

        Each match's list is its walk leftwards, itself and its walk rightwards. The anchors of one
        list walk over each other's items: the steps are kept by the offset they are taken from, so
        each item is read once, and a list that another of its anchors found already is not resolved
        again (resolving it adds nothing: its items are in `extra` from the first time)."""
        found = sorted(found)
        starts = [s for s, _e, _n in found]
        matches = (found, starts)
        lefts: _Links = {}
        rights: _Links = {}
        resolved: set[tuple[_Item, ...]] = set()
        extra: dict[tuple[int, int], str] = {}
        last, first, size = self._last_chars, self._first_chars, len(text)
        for start, end, notation in found:
            if (start == 0 or text[start - 1] not in last) and (end == size or text[end] not in first):
                continue  # no joiner on either side: a list of the anchor alone, with no item to read
            anchor = _Item(start, end, notation, self._head(text[start:end]))
            items = (
                *reversed(self._walk(text, start, matches, lefts, self._step_left)),
                anchor,
                *self._walk(text, end, matches, rights, self._step_right),
            )
            if items in resolved:
                continue
            resolved.add(items)
            for item_start, item_end, item_notation in self._resolve(items, text):
                extra.setdefault((item_start, item_end), item_notation)
        reach = list(accumulate((e for _s, e, _n in found), max, initial=-1))
        return [(s, e, n) for (s, e), n in sorted(extra.items()) if reach[bisect_left(starts, e)] <= s]

    def _head(self, surface: str) -> str | None:
        if surface in self._heads_of:
            return self._heads_of[surface]
        return self._find_head(surface)

    def _find_head(self, surface: str) -> str | None:
        return next((h for h in self.heads if surface.endswith(h) and len(surface) > len(h)), None)

    def _joiner_before(self, text: str, at: int) -> str | None:
        if at <= 0:
            return None
        for joiner in self._ending_in.get(text[at - 1], ()):
            if text.endswith(joiner, 0, at):
                return joiner
        return None

    def _joiner_after(self, text: str, at: int) -> str | None:
        if at >= len(text):
            return None
        for joiner in self._opening_with.get(text[at], ()):
            if text.startswith(joiner, at):
                return joiner
        return None

    def _walk(
        self, text: str, at: int, found: _Found, links: _Links, step: Callable[[str, int, _Found], _Link]
    ) -> list[_Item]:
        """The items joined one after another to `at` by `step`, nearest first. A step depends on
        nothing but the offset it is taken from, so each is kept in `links` under that offset and
        taken once, however many anchors' walks pass there."""
        items = []
        while True:
            if at not in links:
                links[at] = step(text, at, found)
            link = links[at]
            if link is None:
                return items
            item, onward = link
            items.append(item)
            if onward is None:
                return items
            at = onward

    def _step_left(self, text: str, at: int, found: _Found) -> _Link:
        """The item joined to the left of `at`, and the offset the walk goes on from."""
        joiner = self._joiner_before(text, at)
        stepped = None if joiner is None else self._item_left(text, at - len(joiner), found)
        if stepped is None:
            return None
        item, runs_on = stepped
        return item, None if runs_on else item.start

    def _step_right(self, text: str, at: int, found: _Found) -> _Link:
        """The item joined to the right of `at`, and the offset the walk goes on from."""
        joiner = self._joiner_after(text, at)
        stepped = None if joiner is None else self._item_right(text, at + len(joiner), found)
        if stepped is None:
            return None
        item, runs_on = stepped
        return item, None if runs_on else item.end

    def _item_left(self, text: str, end: int, found: _Found) -> _Step | None:
        """The item ending at `end`: the Han run before it (at most _MAX_RUN characters), from just
        after the last joiner inside it."""
        run = _RUN_TO.search(text, max(0, end - _MAX_RUN), end)
        if run is None:
            return None
        start, within = run.start(), end - 1
        # The rightmost character inside the run that can end a joiner, by a greedy pattern rather
        # than character by character; where it ends none, the one before it is tried.
        while (last := self._last_char.match(text, start, within)) is not None:
            if self._joiner_before(text, last.end()) is not None:
                start = last.end()
                break
            within = last.end() - 1
        opened = start > 0 and _is_han(text[start - 1]) and self._joiner_before(text, start) is None
        return self._anchored(text, start, end, found), opened

    def _item_right(self, text: str, start: int, found: _Found) -> _Step | None:
        """The item starting at `start`: the Han run after it (at most _MAX_RUN characters), up to the
        first joiner inside it."""
        run = _RUN_FROM.match(text, start)
        if run is None:
            return None
        end = run.end()
        joiner = self._joiner.search(text, start + 1, end + self._longest_joiner - 1)
        if joiner is not None and joiner.start() < end:
            end = joiner.start()
        opened = end < len(text) and _is_han(text[end]) and self._joiner_after(text, end) is None
        return self._anchored(text, start, end, found), opened

    def _anchored(self, text: str, start: int, end: int, found: _Found) -> _Item:
        """The item from `start` to `end`, or the match it holds, if any (a matched item is an anchor
        of its own); the matches are sorted, so only those starting inside the item are read."""
        mentions, starts = found
        at = bisect_left(starts, start)
        while at < len(mentions) and mentions[at][0] <= end:
            match_start, match_end, notation = mentions[at]
            if match_end <= end:
                return _Item(match_start, match_end, notation, self._head(text[match_start:match_end]))
            at += 1
        return _Item(start, end)

    def _stems(self, text: str, item: _Item, end: str | None) -> list[tuple[int, int, str]]:
        """Candidate stems of a bare item, longest first, with their text: the whole item inside the
        list; at the list's left or right end, the part next to the list, since a verb may open the
        list and a noun close it (大力实施产业、…; …、医疗等工作)."""
        size = item.end - item.start
        if end is None:
            return (
                [(item.start, item.end, text[item.start : item.end])]
                if _MIN_STEM <= size <= _MAX_STEM
                else []
            )
        sizes = range(min(_MAX_STEM, size), _MIN_STEM - 1, -1)
        if end == "left":
            return [(item.end - n, item.end, text[item.end - n : item.end]) for n in sizes]
        return [(item.start, item.start + n, text[item.start : item.start + n]) for n in sizes]

    def _resolve(self, items: tuple[_Item, ...], text: str) -> list[Mention]:
        """The bare items read as measures: with the head of a neighbouring anchor, or, when no anchor
        lends one, with any head, provided the list then holds enough measures."""
        headed, headless = [], []
        last = len(items) - 1
        for index, (item, heads) in enumerate(zip(items, _lent_heads(items), strict=True)):
            if item.anchor is not None:
                continue
            stems = self._stems(text, item, "left" if index == 0 else "right" if index == last else None)
            if (reading := self._read_headed(stems, heads)) is not None:
                headed.append(reading)
            elif (reading := self._read_bare(stems)) is not None:
                headless.append(reading)
        anchors = sum(1 for item in items if item.anchor is not None)
        if anchors + len(headed) + len(headless) < _HEADLESS_MIN:
            headless = []
        return headed + headless

    def _read_headed(self, stems: list[tuple[int, int, str]], heads: list[str]) -> Mention | None:
        """The first stem, longest first, that a lent head (in order) makes a label of."""
        for start, stop, stem in stems:
            for head in heads:
                notation = self.labels.get(stem + head)
                if notation is not None:
                    return start, stop, notation
        return None

    def _read_bare(self, stems: list[tuple[int, int, str]]) -> Mention | None:
        """The first stem, longest first, that makes a label with some head, and the same measure with
        every head it takes."""
        for start, stop, stem in stems:
            notation = self._sole_notation.get(stem)
            if notation is not None:
                return start, stop, notation
        return None
