"""The extractor's lexicon as plain data, so that `fupin.extract` never parses RDF itself.

`fupin.graph.lexicon.load_lexicon` fills these records from the SKOS labels in ontology/; tests may build
them by hand. Adding a synonym therefore means editing the ontology, never this package.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    measure_heads: tuple[str, ...] = ()
    list_joiners: tuple[str, ...] = ()
    lack_cues: tuple[str, ...] = ()
    target_cues: tuple[str, ...] = ()
    past_cues: tuple[str, ...] = ()
    distributive_cues: tuple[str, ...] = ()
    breakdown_cues: tuple[str, ...] = ()
    subset_cues: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    not_programs: tuple[str, ...] = ()
    exit_cues: tuple[str, ...] = ()
    approval_cues: tuple[str, ...] = ()
    exit_adverbs: tuple[str, ...] = ()
    program_suffixes: tuple[str, ...] = ()
    program_inner_suffixes: tuple[str, ...] = ()
    program_tail_blockers: tuple[str, ...] = ()
    program_formula_suffixes: tuple[str, ...] = ()
    program_collective_suffixes: tuple[str, ...] = ()
    place_model_suffixes: tuple[str, ...] = ()
    official_titles: tuple[str, ...] = ()
    name_followers: tuple[str, ...] = ()
    enterprise_suffixes: tuple[str, ...] = ()
    legal_forms: tuple[str, ...] = ()
    enterprise_roles: tuple[str, ...] = ()
    enterprise_prepositions: tuple[str, ...] = ()
    generic_org_words: tuple[str, ...] = ()
    remaining_cues: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    quantifier_nouns: tuple[str, ...] = ()
    urban_cues: tuple[str, ...] = ()
    urban_rural_pairs: tuple[str, ...] = ()
    wider_scopes: tuple[str, ...] = ()
    county_groups: tuple[str, ...] = ()
    membership_cues: tuple[str, ...] = ()
    outcome_cues: tuple[str, ...] = ()
    enterprise_bracket_words: tuple[str, ...] = ()
    collective_suffixes: tuple[str, ...] = ()
    site_credit_words: tuple[str, ...] = ()
    page_controls: tuple[str, ...] = ()
    breadcrumb_cues: tuple[str, ...] = ()
    pager_cues: tuple[str, ...] = ()
    related_headings: tuple[str, ...] = ()
    enterprise_list_heads: tuple[str, ...] = ()
    unit_head_titles: tuple[str, ...] = ()
    unit_endings: tuple[str, ...] = ()
    non_county_units: tuple[str, ...] = ()
    title_companions: tuple[str, ...] = ()
    appointment_verbs: tuple[str, ...] = ()
    name_introducers: tuple[str, ...] = ()
    surnames: frozenset[str] = frozenset()
    assist_cues: tuple[str, ...] = ()
    origin_cues: tuple[str, ...] = ()
    self_reference: tuple[str, ...] = ()
    place_phrase_heads: tuple[str, ...] = ()
    identity_legal_forms: tuple[str, ...] = ()
    cumulative_cues: tuple[str, ...] = ()

    def indicator(self, notation: str) -> IndicatorCues:
        """The cues of one indicator; KeyError names the notation when the ontology lacks it."""
        for cues in self.indicators:
            if cues.notation == notation:
                return cues
        raise KeyError(notation)
