"""The gazetteer place matching uses: China's administrative divisions (fupin/divisions.py, read from the
packaged ontology/divisions.tsv) indexed by every name they go by, and each county's townships.

Reports name their county in many ways (郧阳区, 郧阳, the pre-2014 郧县, 恩施州), and the graph keys a county
by its six-digit code, so every place mention goes through this one table. This module is stdlib-only so
that reading it costs a few milliseconds and pulls in no NLP package.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache

from fupin.divisions import (
    LEVELS,
    REQUIRED_COLUMNS,
    Division,
    Divisions,
    read_divisions,
    read_townships,
    ruled_forms,
)
from fupin.resources import data_file

__all__ = [
    "LEVELS",
    "REQUIRED_COLUMNS",
    "Division",
    "Gazetteer",
    "read_divisions",
    "read_townships",
    "ruled_forms",
]


@cache
def _packaged_townships() -> dict[str, frozenset[str]]:
    """Townships are read on first use only: most callers never ask, and the file is 20× divisions.tsv."""
    try:
        path = data_file("ontology", "townships.tsv")
    except FileNotFoundError:
        return {}
    return read_townships(path)


class Gazetteer(Divisions):
    """Indexes divisions by code (the lookups of `Divisions`) and by every name they go by.

    `townships` maps county code → township names; None means the packaged townships.tsv, read on first use.
    """

    def __init__(
        self, divisions: Iterable[Division], townships: Mapping[str, frozenset[str]] | None = None
    ) -> None:
        super().__init__(divisions)
        self._townships = townships
        by_name: dict[str, list[Division]] = defaultdict(list)
        official = {n for d in self._by_code.values() for n in (d.name, *d.former_names)}
        for division in self._by_code.values():
            ruled = set(ruled_forms(division)) - {division.short_name, *division.aliases}
            for name in division.names():
                if name not in ruled or name not in official:
                    by_name[name].append(division)
        self._by_name = {name: sorted(found, key=lambda d: d.code) for name, found in by_name.items()}

    @classmethod
    def load(cls) -> Gazetteer:
        """The packaged gazetteer, read once per process."""
        return _packaged()

    def lookup(self, name: str, within: str | None = None) -> list[Division]:
        """Divisions called `name` (full, former, short or alias), sorted by code.

        `within` is a province or prefecture code that keeps only divisions inside it (or it itself): 朝阳区
        is both 110105 (北京) and 220104 (长春).
        """
        found = self._by_name.get(name.strip(), [])
        if within is None:
            return list(found)
        return [d for d in found if within in (d.code, d.province_code, d.prefecture_code)]

    def surface_forms(self, level: str = "county") -> list[tuple[str, str]]:
        """(surface, code) pairs for a phrase matcher, sorted; `level` is one of LEVELS or "all".

        A surface may map to several codes (朝阳区): the matcher should keep them all and let context pick.
        """
        if level != "all" and level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS} or 'all', not {level!r}")
        return sorted(
            {
                (name, d.code)
                for name, found in self._by_name.items()
                for d in found
                if level in ("all", d.level)
            }
        )

    def townships(self, county_code: str) -> frozenset[str]:
        """Township-level names (乡/镇/街道) of a county; empty if unknown or not shipped."""
        townships = _packaged_townships() if self._townships is None else self._townships
        return townships.get(county_code, frozenset())


@cache
def _packaged() -> Gazetteer:
    return Gazetteer(read_divisions(data_file("ontology", "divisions.tsv")))
