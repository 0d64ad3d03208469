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
from collections.abc import Iterable, Mapping
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
    """One list item: a Han run between joiners; `open` when it runs on beyond the list (大力实施产业).
    A tuple, not a dataclass: a report's lists make thousands of items, and a frozen dataclass costs
    several times as much to make."""

    start: int
    end: int
    open: bool
    anchor: str | None = None  # the notation of a match inside the item
    head: str | None = None  # the head word that match ends with


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _lent_heads(items: list[_Item], index: int) -> list[str | None]:
    """The heads of the nearest anchors on either side of a bare item: a head is shared across the
    bare items between it and the next anchor (产业、教育、健康扶贫)."""
    left = next((n.head for n in reversed(items[:index]) if n.anchor is not None), None)
    right = next((n.head for n in items[index + 1 :] if n.anchor is not None), None)
    return sorted({h for h in (left, right) if h is not None})


class ListReader:
    """Finds the items coordinated with matched labels; built once from the lexicon."""

    def __init__(self, labels: Mapping[str, str], heads: Iterable[str], joiners: Iterable[str]) -> None:
        self.labels = dict(labels)
        self.heads = sorted(set(heads), key=len, reverse=True)
        self.joiners = sorted(set(joiners), key=len, reverse=True)
        # A joiner can stand before `at` only if text[at - 1] ends one, after it only if text[at]
        # opens one: most offsets are ruled out by one set look-up instead of a test per joiner.
        self._last_chars = frozenset(j[-1] for j in self.joiners)
        self._first_chars = frozenset(j[0] for j in self.joiners)
        self._joiner = re.compile("|".join(map(re.escape, self.joiners)) or "(?!)")
        self._longest_joiner = max(map(len, self.joiners), default=1)
        # Each label's head, and the notations each stem takes with some head, worked out once rather
        # than by trying every head on every anchor and stem.
        self._heads_of = {label: self._find_head(label) for label in self.labels}
        self._by_stem: dict[str, set[str]] = {}
        for head in self.heads:
            for label, notation in self.labels.items():
                if label.endswith(head):
                    self._by_stem.setdefault(label[: -len(head)], set()).add(notation)

    def mentions(self, text: str, found: list[Mention]) -> list[Mention]:
        """Mentions of the items coordinated with the matches in `found` (which they never overlap)."""
        found = sorted(found)
        starts = [s for s, _e, _n in found]
        extra: dict[tuple[int, int], str] = {}
        for anchor in found:
            start, end, _notation = anchor
            if self._joiner_before(text, start) is None and self._joiner_after(text, end) is None:
                continue  # a list of the anchor alone: no item to read
            for item, notation in self._resolve(self._list_around(text, anchor, (found, starts)), text):
                extra.setdefault((item.start, item.end), notation)
        reach = list(accumulate((e for _s, e, _n in found), max, initial=-1))
        return [(s, e, n) for (s, e), n in sorted(extra.items()) if reach[bisect_left(starts, e)] <= s]

    def _head(self, surface: str) -> str | None:
        if surface in self._heads_of:
            return self._heads_of[surface]
        return self._find_head(surface)

    def _find_head(self, surface: str) -> str | None:
        return next((h for h in self.heads if surface.endswith(h) and len(surface) > len(h)), None)

    def _joiner_before(self, text: str, at: int) -> str | None:
        if at <= 0 or text[at - 1] not in self._last_chars:
            return None
        return next((j for j in self.joiners if text.endswith(j, 0, at)), None)

    def _joiner_after(self, text: str, at: int) -> str | None:
        if at >= len(text) or text[at] not in self._first_chars:
            return None
        return next((j for j in self.joiners if text.startswith(j, at)), None)

    def _list_around(self, text: str, anchor: Mention, found: _Found) -> list[_Item]:
        """The anchor's item and the items joined to it on either side, left to right."""
        start, end, notation = anchor
        items = [_Item(start, end, False, notation, self._head(text[start:end]))]
        at = start
        while (joiner := self._joiner_before(text, at)) is not None:
            item = self._item_left(text, at - len(joiner), found)
            if item is None:
                break
            items.insert(0, item)
            if item.open:
                break
            at = item.start
        at = end
        while (joiner := self._joiner_after(text, at)) is not None:
            item = self._item_right(text, at + len(joiner), found)
            if item is None:
                break
            items.append(item)
            if item.open:
                break
            at = item.end
        return items

    def _item_left(self, text: str, end: int, found: _Found) -> _Item | None:
        """The item ending at `end`: the Han run before it (at most _MAX_RUN characters), from just
        after the last joiner inside it."""
        run = _RUN_TO.search(text, max(0, end - _MAX_RUN), end)
        if run is None:
            return None
        start = run.start()
        for at in range(end - 1, start, -1):
            if text[at - 1] in self._last_chars and self._joiner_before(text, at) is not None:
                start = at
                break
        opened = start > 0 and _is_han(text[start - 1]) and self._joiner_before(text, start) is None
        return self._anchored(text, _Item(start, end, opened), found)

    def _item_right(self, text: str, start: int, found: _Found) -> _Item | None:
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
        return self._anchored(text, _Item(start, end, opened), found)

    def _anchored(self, text: str, item: _Item, found: _Found) -> _Item:
        """The item with the match it holds, if any (a matched item is an anchor of its own); the
        matches are sorted, so only those starting inside the item are read."""
        mentions, starts = found
        at = bisect_left(starts, item.start)
        while at < len(mentions) and mentions[at][0] <= item.end:
            start, end, notation = mentions[at]
            if end <= item.end:
                return _Item(start, end, item.open, notation, self._head(text[start:end]))
            at += 1
        return item

    def _stems(self, item: _Item, end: str | None) -> list[tuple[int, int]]:
        """Candidate stems of a bare item, longest first: the whole item inside the list; at the list's
        left or right end, the part next to the list, since a verb may open the list and a noun close
        it (大力实施产业、…; …、医疗等工作)."""
        size = item.end - item.start
        if end is None:
            return [(item.start, item.end)] if _MIN_STEM <= size <= _MAX_STEM else []
        sizes = range(min(_MAX_STEM, size), _MIN_STEM - 1, -1)
        if end == "left":
            return [(item.end - n, item.end) for n in sizes]
        return [(item.start, item.start + n) for n in sizes]

    def _with_head(self, stem: str, head: str | None) -> str | None:
        if head is not None:
            return self.labels.get(stem + head)
        notations = self._by_stem.get(stem, ())
        return next(iter(notations)) if len(notations) == 1 else None

    def _resolve(self, items: list[_Item], text: str) -> list[tuple[_Item, str]]:
        """The bare items read as measures: with the head of a neighbouring anchor, or, when no anchor
        lends one, with any head, provided the list then holds enough measures."""
        headed, headless = [], []
        for index, item in enumerate(items):
            if item.anchor is not None:
                continue
            end = "left" if index == 0 else "right" if index == len(items) - 1 else None
            reading = self._read(text, item, end, _lent_heads(items, index))
            if reading is not None:
                headed.append(reading)
            elif (reading := self._read(text, item, end, [None])) is not None:
                headless.append(reading)
        anchors = sum(1 for item in items if item.anchor is not None)
        if anchors + len(headed) + len(headless) < _HEADLESS_MIN:
            headless = []
        return headed + headless

    def _read(
        self, text: str, item: _Item, end: str | None, heads: list[str | None]
    ) -> tuple[_Item, str] | None:
        for start, stop in self._stems(item, end):
            for head in heads:
                notation = self._with_head(text[start:stop], head)
                if notation is not None:
                    return _Item(start, stop, item.open), notation
        return None
