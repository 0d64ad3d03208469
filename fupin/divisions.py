"""China's administrative divisions (GB/T 2260 codes) as plain data: the rows of ontology/divisions.tsv and
townships.tsv, and the lookups that follow the codes (the province, the prefecture, the chain above).

Both layers read it: extract/gazetteer.py adds the index by name that place matching needs, graph/ takes
the codes for the SHACL sh:in lists and a county's own names for the corpus merge. It is stdlib-only and
imports nothing of fupin (the caller says where the file is, with `fupin.resources.data_file`), so it
sits at the bottom beside fupin/resources.py. The TSVs are generated offline by tools/make_gazetteer.py.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEVELS = ("province", "prefecture", "county")
REQUIRED_COLUMNS = (
    "code",
    "name",
    "short_name",
    "level",
    "parent_code",
    "prefecture_code",
    "province_code",
    "former_names",
)


@dataclass(frozen=True)
class Division:
    """One province, prefecture or county-level division.

    `parent_code` is the province for a municipality's district or a directly administered county-level
    unit (仙桃市 429004), which then has no `prefecture_code`. `short_name` is empty when the bare form is
    one character, an everyday word or ambiguous in its province. `aliases` are other names in use
    (恩施州, 乌前旗, or a rename the source has not caught up with).
    """

    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None
    prefecture_code: str | None
    province_code: str | None
    former_names: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every surface form that denotes this division: full, former, short, alias and rule-made names."""
        short = (self.short_name,) if self.short_name else ()
        return tuple(
            dict.fromkeys((self.name, *self.former_names, *short, *self.aliases, *ruled_forms(self)))
        )


_AUTONOMOUS = re.compile(r"^(.+?)(?:[\u4e00-\u9fff]+族|各族)*自治(县|旗)$")
_BANNER = re.compile(r"^(.+?)(左翼|右翼|左|右)?(前|中|后)?旗$")


def ruled_forms(division: Division) -> tuple[str, ...]:
    """Names people write that follow from the official name by rule, so that they survive a
    regenerated divisions.tsv whose alias column is empty.

    An autonomous county or banner is written with its place part and the plain suffix (镇宁布依族苗族
    自治县 → 镇宁县, 镇宁自治县); a banner with a side or position is abbreviated to the first character of
    its stem and the side and position (乌拉特前旗 → 乌前旗, 乌拉特中旗 → 乌中旗). The place part is the
    short name where the gazetteer has one, else the first two characters (most place parts have two).
    """
    if division.level != "county":
        return ()
    forms: list[str] = []
    autonomous = _AUTONOMOUS.match(division.name)
    if autonomous and autonomous.group(1) != division.name:
        stem = division.short_name or division.name[:2]
        forms += [f"{stem}{autonomous.group(2)}", f"{stem}自治{autonomous.group(2)}"]
    banner = _BANNER.match(division.name)
    if banner and (banner.group(2) or banner.group(3)) and len(banner.group(1)) >= 2:
        side = (banner.group(2) or "")[:1]
        forms.append(f"{banner.group(1)[0]}{side}{banner.group(3) or ''}旗")
    return tuple(f for f in forms if f != division.name and len(f) >= 3)


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part for part in (cell or "").split("|") if part)


def _division(row: Mapping[str, str]) -> Division:
    return Division(
        code=row["code"],
        name=row["name"],
        short_name=row["short_name"],
        level=row["level"],
        parent_code=row["parent_code"] or None,
        prefecture_code=row["prefecture_code"] or None,
        province_code=row["province_code"] or None,
        former_names=_split(row["former_names"]),
        aliases=_split(row.get("aliases")),
    )


def read_divisions(path: Path) -> list[Division]:
    """Parse divisions.tsv; a missing column is an error, not an empty field."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = set(REQUIRED_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        return [_division(row) for row in reader]


def read_townships(path: Path) -> dict[str, frozenset[str]]:
    """Parse townships.tsv into county code → township names."""
    by_county: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for county_code, township in reader:
            by_county[county_code].add(township)
    return {code: frozenset(names) for code, names in by_county.items()}


class Divisions:
    """Divisions indexed by code."""

    def __init__(self, divisions: Iterable[Division]) -> None:
        self._by_code = {d.code: d for d in divisions}

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Division]:
        return iter(sorted(self._by_code.values(), key=lambda d: d.code))

    def get(self, code: str) -> Division | None:
        """The division with this six-digit code, if any."""
        return self._by_code.get(code.strip())

    def province(self, code: str) -> Division | None:
        """The province containing the division `code` (a province is its own)."""
        division = self.get(code)
        return self.get(division.province_code) if division and division.province_code else None

    def prefecture(self, code: str) -> Division | None:
        """The prefecture containing `code`; None for provinces, municipal districts and 省直辖 counties."""
        division = self.get(code)
        if division is None:
            return None
        if division.level == "prefecture":
            return division
        return self.get(division.prefecture_code) if division.prefecture_code else None

    def enclosing(self, code: str, include_self: bool = False) -> list[Division]:
        """The divisions enclosing `code`, nearest first (county → prefecture → province); KeyError if
        unknown."""
        division = self.get(code)
        if division is None:
            raise KeyError(f"unknown division code {code!r}")
        chain = [division] if include_self else []
        while division.parent_code:
            division = self._by_code[division.parent_code]
            chain.append(division)
        return chain


@cache
def load_divisions(path: Path) -> Divisions:
    """The divisions of the TSV at `path`, read once per process."""
    return Divisions(read_divisions(path))
