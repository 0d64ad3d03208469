"""What makes a graph a corpus rather than a pile of reports: the same fact or actor once, across reports.

Identity is decided from one report's own records (its facts, its county, its publication date) and the
shipped data (the lexicon and the gazetteer), never from other reports, so a node's IRI is the same
whichever reports are built with it, in any order, streamed or in parallel. Two mentions that reach the
same key in two reports then meet in one node, each report adding its evidence.

- an observation's time: the year its text states, else the report's publication year (kept apart);
- a figure's stated precision (16.3万 → 1000), so that figures are compared within rounding;
- whether a figure is cumulative (累计, 截至, 以来), so a running total is not compared with a year's;
- an enterprise's name key within its county: its name without legal form or its own places' names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

from fupin.extract.facts import Evidence, ObservationFact, ReportFact
from fupin.resources import compiled_lexicon

if TYPE_CHECKING:
    from fupin.divisions import Divisions

_DIGITS = re.compile(r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_MIN_KEY = 2
_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?]")


# ---------------------------------------------------------------- time


@dataclass(frozen=True)
class ReferenceYear:
    """The year a figure describes and where it comes from (`stated` or `publication`)."""

    year: int
    basis: str


def reference_year(fact: ObservationFact, report: ReportFact) -> ReferenceYear | None:
    """The end of the stated period, a target's year, or else the report's publication year."""
    stated = fact.target_year if fact.status == "target" else None
    stated = stated or fact.period_end or fact.period_start
    if stated is not None:
        return ReferenceYear(stated, "stated")
    if report.published is not None:
        return ReferenceYear(report.published.year, "publication")
    return None


def is_cumulative(fact: ObservationFact, cues: tuple[str, ...]) -> bool:
    """A running total: a period of several years, an open start (截至2019年), or a cumulative cue in
    the figure's clause before it (累计脱贫, 五年来共计)."""
    if fact.period_start is not None and fact.period_start != fact.period_end:
        return True
    if fact.period_start is None and fact.period_end is not None:
        return True
    ev = fact.evidence
    if ev.figure_start is None:
        return "" in cues  # no figure, no clause: only an empty cue is in it
    return _cue_in_last_clause(cues).search(ev.quote, 0, max(0, ev.figure_start - ev.start)) is not None


@lru_cache(maxsize=16)
def _cue_in_last_clause(cues: tuple[str, ...]) -> re.Pattern[str]:
    """A cue with no clause break after it up to the end: a cue in the figure's clause, found by one
    search of the quote up to the figure, where splitting the quote into its clauses copied each
    (tests/graph/test_render_shortcuts.py checks it against the split). A cue that holds a break
    itself can be in no clause, and is left out."""
    cues = tuple(cue for cue in cues if not _CLAUSE_BREAK.search(cue))
    if not cues:
        return re.compile("(?!)")
    anywhere = "|".join(map(re.escape, cues))
    return re.compile(f"(?:{anywhere})[^{_CLAUSE_BREAK.pattern[1:]}*\\Z")


# ---------------------------------------------------------------- precision


def figure_text(ev: Evidence) -> str | None:
    """The figure as written (16.3万人), from the evidence's figure offsets."""
    if ev.figure_start is None or ev.figure_end is None:
        return None
    start, end = ev.figure_start - ev.start, ev.figure_end - ev.start
    if not 0 <= start < end <= len(ev.quote):
        return None
    return ev.quote[start:end]


@lru_cache(maxsize=65536, typed=True)
def stated_precision(value: Decimal, figure: str | None) -> Decimal:
    """The step of the last digit written, in base units: 16.3万 → 1000, 163,000 → 1, 0.8% → 0.1.

    The step is the written number's last decimal place times the scale the text applied (value over
    the written number); a figure in Chinese numerals (两万) or one whose scale cannot be seen falls
    back to the place of the value's last non-zero digit. Cached: every reading of a figure asks, the
    same figures recur, and the answer depends on the value's number only, not on how it is spelled
    (1E+3 or 1000 give the same canonical step), so equal keys have equal answers."""
    digits = _DIGITS.search(figure.translate(_FULL_WIDTH)) if figure else None
    if digits is not None:
        text = digits.group().replace(",", "").replace("，", "")
        try:
            written = Decimal(text)
        except InvalidOperation:
            written = Decimal(0)
        if written:
            scale = value / written
            if scale == 1 or (scale > 1 and scale == 10 ** (len(str(int(scale))) - 1)):
                places = len(text.partition(".")[2])
                return _canonical(scale.scaleb(-places))
    return _last_digit_place(value)


def _last_digit_place(value: Decimal) -> Decimal:
    if not value:
        return Decimal(1)
    exponent = value.normalize().as_tuple().exponent
    return _canonical(Decimal(1).scaleb(int(exponent)))


def _canonical(number: Decimal) -> Decimal:
    return Decimal(format(number.normalize(), "f"))


# ---------------------------------------------------------------- enterprise names


@dataclass(frozen=True)
class NameKey:
    """An enterprise's name key in its county, and what was set aside to reach it."""

    key: str
    legal_form: str | None = None
    places: tuple[str, ...] = ()

    def reason(self, name: str, county_code: str | None) -> str | None:
        """Why `name` is this key, in words; None when nothing was set aside."""
        parts = []
        if self.legal_form:
            parts.append(f"legal form {self.legal_form}")
        if self.places:
            parts.append("place prefix " + "".join(self.places))
        if not parts:
            return None
        where = f"county {county_code}" if county_code else "its report"
        return f"{name} is {self.key} in {where}: {' and '.join(parts)} set aside"


def enterprise_key(name: str, county_code: str | None, legal_forms: tuple[str, ...]) -> NameKey:
    """`name` without its legal form (the longest of `legal_forms` it ends with) and without the names
    of its own county, prefecture or province in front (湖北, 十堰市, 郧阳区), as long as at least two
    characters remain. Other places stay: 浙江诸暨袜业 in a Hubei county is not 诸暨袜业's namesake."""
    key, legal = name, None
    for form in sorted(legal_forms, key=len, reverse=True):
        if key.endswith(form) and len(key) - len(form) >= _MIN_KEY:
            key, legal = key[: -len(form)], form
            break
    places: list[str] = []
    stripped = True
    while stripped:
        stripped = False
        for place in _own_place_names(county_code):
            if key.startswith(place) and len(key) - len(place) >= _MIN_KEY:
                key = key[len(place) :]
                places.append(place)
                stripped = True
                break
    return NameKey(key, legal, tuple(places))


@lru_cache(maxsize=4096)
def _own_place_names(county_code: str | None) -> tuple[str, ...]:
    """Every surface form of the county and the divisions above it, longest first (湖北省 before 湖北)."""
    if not county_code:
        return ()
    try:
        divisions = _divisions().enclosing(county_code, include_self=True)
    except (KeyError, LookupError, ValueError):
        return ()
    names = {n for d in divisions for n in d.names() if len(n) >= _MIN_KEY}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


@lru_cache(maxsize=1)
def _divisions() -> Divisions:
    """The packaged division table, found once: finding the data file resolves paths on disk, and
    every county's first enterprise asked for it."""
    from fupin.divisions import load_divisions
    from fupin.resources import data_file

    return load_divisions(data_file("ontology", "divisions.tsv"))


@lru_cache(maxsize=1)
def corpus_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(identity legal forms, cumulative cues): two word classes of the compiled lexicon file
    (tools/compile_lexicon.py), read as plain JSON, as the extractor reads it."""
    words = json.loads(compiled_lexicon().read_text(encoding="utf-8"))["words"]
    return tuple(words["identity-legal-form"]), tuple(words["cumulative-marker"])
