"""The extractor's lexicon as plain data, so that `fupin.extract` never parses RDF itself.

The lexicon is compiled once from the ontology's SKOS labels (ontology/*.ttl, ontology/surnames.tsv) by
`tools/compile_lexicon.py` into ontology/compiled/lexicon.json, the way spaCy saves a pipeline with
`to_disk`; `load_lexicon` reads that file back with `json` alone. tests/graph/test_lexicon_compiled.py
fails while the file is older than the labels. Tests may also build these records by hand. Adding a
synonym therefore means editing the ontology (and recompiling), never this package; a new word class is a
concept of ontology/lexicon.ttl and a field here declared with `words("its-notation")`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from fupin.resources import compiled_lexicon

FORMAT = 1  # of the compiled file; tools/compile_lexicon.py writes it, `from_data` refuses any other


def words(notation: str) -> Any:
    """A field holding the hiddenLabels of the ontology/lexicon.ttl concept `notation` (fpl:notation)."""
    return field(default=(), metadata={"word_class": notation})


@dataclass(frozen=True)
class IndicatorCues:
    """What tells a figure in a clause apart as this indicator.

    counted: nouns naming what the figure counts (attached right after it, or the nearest cue before it);
    events: words that must appear in the figure's clause (any one), empty when none is needed;
    context: words of which one must appear in the sentence or the one before (topic carried over);
    vetoes: words in the clause that rule the indicator out;
    bare: whether a figure with no counted noun (累计脱贫48181户) may be this indicator, given its events;
    sentence_events: whether the event word may stand anywhere earlier in the sentence (a register is
    stated once for a list: 全县建档立卡贫困村123个，贫困户4.3万户、贫困人口13.6万人);
    lifts_stock: whether a remaining stock said to be lifted right after it (未脱贫的832户全部脱贫) counts.
    """

    notation: str
    default_unit: str
    allowed_units: frozenset[str]
    counted: tuple[str, ...]
    events: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    vetoes: tuple[str, ...] = ()
    bare: bool = False
    sentence_events: bool = False
    lifts_stock: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Every word list the extractors use, each entry traceable to an ontology label."""

    measures: tuple[tuple[str, str], ...]
    indicators: tuple[IndicatorCues, ...]
    units: dict[str, str]
    count_units: frozenset[str] = frozenset()
    noun_units: dict[str, str] = field(default_factory=dict)
    count_units_generic: frozenset[str] = frozenset()
    measure_broader: dict[str, str] = field(default_factory=dict)
    partner_measures: frozenset[str] = frozenset()
    measure_heads: tuple[str, ...] = words("measure-head")
    list_joiners: tuple[str, ...] = words("list-joiner")
    lack_cues: tuple[str, ...] = words("lack-cue")
    target_cues: tuple[str, ...] = words("target-marker")
    past_cues: tuple[str, ...] = words("past-marker")
    distributive_cues: tuple[str, ...] = words("distributive-marker")
    breakdown_cues: tuple[str, ...] = words("breakdown-marker")
    subset_cues: tuple[str, ...] = words("subset-marker")
    frameworks: tuple[str, ...] = words("national-framework")
    not_programs: tuple[str, ...] = words("not-program")
    exit_cues: tuple[str, ...] = words("exit-cue")
    approval_cues: tuple[str, ...] = words("approval-cue")
    exit_adverbs: tuple[str, ...] = words("exit-adverb")
    program_suffixes: tuple[str, ...] = words("program-suffix")
    program_inner_suffixes: tuple[str, ...] = words("program-inner-suffix")
    program_tail_blockers: tuple[str, ...] = words("program-tail-blocker")
    program_formula_suffixes: tuple[str, ...] = words("program-formula-suffix")
    program_collective_suffixes: tuple[str, ...] = words("program-collective-suffix")
    place_model_suffixes: tuple[str, ...] = words("place-model-suffix")
    official_titles: tuple[str, ...] = words("official-title")
    name_followers: tuple[str, ...] = words("name-follower")
    enterprise_suffixes: tuple[str, ...] = words("enterprise-suffix")
    legal_forms: tuple[str, ...] = words("legal-form")
    enterprise_roles: tuple[str, ...] = words("enterprise-role")
    enterprise_prepositions: tuple[str, ...] = words("enterprise-preposition")
    generic_org_words: tuple[str, ...] = words("generic-org-word")
    remaining_cues: tuple[str, ...] = words("remaining-marker")
    negations: tuple[str, ...] = words("negation")
    quantifier_nouns: tuple[str, ...] = words("quantifier-noun")
    urban_cues: tuple[str, ...] = words("urban-marker")
    urban_rural_pairs: tuple[str, ...] = words("urban-rural-pair")
    wider_scopes: tuple[str, ...] = words("wider-scope")
    county_groups: tuple[str, ...] = words("county-group")
    membership_cues: tuple[str, ...] = words("membership-marker")
    outcome_cues: tuple[str, ...] = words("outcome-marker")
    enterprise_bracket_words: tuple[str, ...] = words("enterprise-bracket-word")
    collective_suffixes: tuple[str, ...] = words("collective-suffix")
    site_credit_words: tuple[str, ...] = words("site-credit")
    page_controls: tuple[str, ...] = words("page-control")
    breadcrumb_cues: tuple[str, ...] = words("breadcrumb-cue")
    pager_cues: tuple[str, ...] = words("pager-cue")
    related_headings: tuple[str, ...] = words("related-heading")
    enterprise_list_heads: tuple[str, ...] = words("enterprise-list-head")
    unit_head_titles: tuple[str, ...] = words("unit-head-title")
    unit_endings: tuple[str, ...] = words("unit-ending")
    non_county_units: tuple[str, ...] = words("non-county-unit")
    title_companions: tuple[str, ...] = words("title-companion")
    appointment_verbs: tuple[str, ...] = words("appointment-verb")
    name_introducers: tuple[str, ...] = words("name-introducer")
    surnames: frozenset[str] = frozenset()
    assist_cues: tuple[str, ...] = words("assist-cue")
    origin_cues: tuple[str, ...] = words("origin-cue")
    self_reference: tuple[str, ...] = words("self-reference")
    place_phrase_heads: tuple[str, ...] = words("place-phrase-head")
    identity_legal_forms: tuple[str, ...] = words("identity-legal-form")
    cumulative_cues: tuple[str, ...] = words("cumulative-marker")

    def indicator(self, notation: str) -> IndicatorCues:
        """The cues of one indicator; KeyError names the notation when the ontology lacks it."""
        for cues in self.indicators:
            if cues.notation == notation:
                return cues
        raise KeyError(notation)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Lexicon:
        """The lexicon of a compiled file's JSON (see tools/compile_lexicon.py for its layout): each
        word-class field from `data["words"]` under its notation, every other field under its name."""
        if data.get("format") != FORMAT:
            raise ValueError(f"compiled lexicon format {data.get('format')!r}, expected {FORMAT}")
        values = {}
        for f in fields(cls):
            notation = f.metadata.get("word_class")
            raw = data["words"][notation] if notation else data[f.name]
            values[f.name] = _typed(f.type, raw)
        return cls(**values)


def _cues(raw: dict[str, Any]) -> IndicatorCues:
    return IndicatorCues(**{f.name: _typed(f.type, raw[f.name]) for f in fields(IndicatorCues)})


# JSON value -> field value, by the field's annotation (a string: annotations are postponed above).
_CONVERT = {
    "str": str,
    "bool": bool,
    "tuple[str, ...]": tuple,
    "frozenset[str]": frozenset,
    "dict[str, str]": dict,
    "tuple[tuple[str, str], ...]": lambda labels: tuple(
        sorted((w, n) for n, ws in labels.items() for w in ws)
    ),
    "tuple[IndicatorCues, ...]": lambda items: tuple(_cues(i) for i in items),
}


def _typed(annotation: str, raw: Any) -> Any:
    return _CONVERT[annotation](raw)


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The compiled lexicon of the packaged ontology (or the compiled file at `path`), read once per
    process: plain JSON, no RDF, so building an extractor never waits for the ontology to be parsed."""
    source = Path(path) if path else compiled_lexicon()
    return Lexicon.from_data(json.loads(source.read_text(encoding="utf-8")))


@lru_cache(maxsize=1024)
def longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """A word list longest first, equal lengths in their order (a stable sort). Extractors try words
    longest first so that a word is not taken for one inside it (有限责任公司 before 公司); they ask
    on every line, name or figure, so each list is sorted once."""
    return tuple(sorted(words, key=len, reverse=True))
