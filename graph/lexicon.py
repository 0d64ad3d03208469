"""The ontology's SKOS labels → the extractor's `Lexicon` (plain data; see fupin.extract.lexicon).

This is the only place where labels become word lists, so adding a synonym to ontology/*.ttl is all it
takes to teach the extractor a new phrasing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from fupin.extract.lexicon import IndicatorCues, Lexicon
from fupin.extract.measures import ancestors
from fupin.graph.build import load_ontology
from fupin.graph.vocab import FP, FPI, FPM, FPU
from fupin.resources import data_file

FPL = Namespace("https://w3id.org/fupin/lexicon/")

_LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


def _zh(graph: Graph, subject: URIRef, *predicates: URIRef) -> tuple[str, ...]:
    """The Chinese literals of `subject` under `predicates`, sorted for a stable lexicon."""
    words = {
        str(o).strip()
        for p in predicates
        for o in graph.objects(subject, p)
        if isinstance(o, Literal) and (o.language or "zh").startswith("zh") and str(o).strip()
    }
    return tuple(sorted(words))


def _notation(iri: URIRef, namespace: str) -> str | None:
    text = str(iri)
    return text[len(namespace) :] if text.startswith(namespace) else None


def _concepts(graph: Graph, namespace: str) -> list[URIRef]:
    return sorted(
        s
        for s in set(graph.subjects(SKOS.inScheme, None))
        if isinstance(s, URIRef) and str(s).startswith(namespace)
    )


def _partner_measures(graph: Graph) -> frozenset[str]:
    """Notations of the measures carried out with a partner place (fp:withPartnerPlace), and of every
    narrower measure under them."""
    marked = {
        n
        for s in graph.subjects(FP.withPartnerPlace, None)
        if graph.value(s, FP.withPartnerPlace).toPython() is True and (n := _notation(s, str(FPM)))
    }
    _, broader = _measures(graph)
    return frozenset(n for n in {*broader, *marked} if marked & set(ancestors(n, broader)))


def _measures(graph: Graph) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    terms, broader = [], {}
    for concept in _concepts(graph, str(FPM)):
        notation = _notation(concept, str(FPM))
        terms.extend((label, notation) for label in _zh(graph, concept, *_LABELS))
        for parent in graph.objects(concept, SKOS.broader):
            parent_notation = _notation(parent, str(FPM))
            if parent_notation:
                broader[notation] = parent_notation
    return tuple(sorted(set(terms))), broader


def _unit_notations(graph: Graph, subject: URIRef, predicate: URIRef) -> frozenset[str]:
    return frozenset(n for o in graph.objects(subject, predicate) if (n := _notation(o, str(FPU))))


def _indicators(graph: Graph) -> tuple[IndicatorCues, ...]:
    cues = []
    for concept in _concepts(graph, str(FPI)):
        default = graph.value(concept, FP.defaultUnit)
        if default is None:
            continue
        bare = graph.value(concept, FP.allowsBareFigure)
        sentence_events = graph.value(concept, FP.eventsInSentence)
        lifts = graph.value(concept, FP.liftsStock)
        cues.append(
            IndicatorCues(
                notation=_notation(concept, str(FPI)),
                default_unit=_notation(default, str(FPU)),
                allowed_units=_unit_notations(graph, concept, FP.allowedUnit),
                counted=_zh(graph, concept, FP.countedCue),
                events=_zh(graph, concept, FP.eventCue),
                context=_zh(graph, concept, FP.contextCue),
                vetoes=_zh(graph, concept, FP.vetoCue),
                bare=bool(bare is not None and bare.toPython() is True),
                sentence_events=bool(sentence_events is not None and sentence_events.toPython() is True),
                lifts_stock=bool(lifts is not None and lifts.toPython() is True),
            )
        )
    return tuple(cues)


def _units(graph: Graph) -> tuple[dict[str, str], dict[str, str], frozenset[str], frozenset[str]]:
    table, nouns, counts, generic = {}, {}, set(), set()
    for concept in _concepts(graph, str(FPU)):
        notation = _notation(concept, str(FPU))
        for label in _zh(graph, concept, FP.unitLabel):
            table[label] = notation
        for ending in _zh(graph, concept, FP.nounEnding):
            nouns[ending] = notation
        for parent in graph.objects(concept, SKOS.broader):
            parent_notation = _notation(parent, str(FPU))
            if parent_notation:
                counts.add(notation)
                generic.add(parent_notation)
    return table, nouns, frozenset(counts), frozenset(generic)


def _words(graph: Graph, notation: str) -> tuple[str, ...]:
    return _zh(graph, FPL[notation], SKOS.hiddenLabel)


def read_surnames(path: Path) -> frozenset[str]:
    """The surname list (ontology/surnames.tsv: a header, then one surname a line; # starts a comment)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    words = [line for line in lines if line and not line.startswith("#")]
    return frozenset(words[1:])


def lexicon_from(graph: Graph, surnames: frozenset[str] = frozenset()) -> Lexicon:
    """Build the extractor's lexicon from an ontology graph (and the surname list, a plain data file)."""
    measures, broader = _measures(graph)
    units, noun_units, count_units, generic = _units(graph)
    return Lexicon(
        measures=measures,
        indicators=_indicators(graph),
        units=units,
        count_units=count_units,
        noun_units=noun_units,
        count_units_generic=generic,
        measure_broader=broader,
        partner_measures=_partner_measures(graph),
        measure_heads=_words(graph, "measure-head"),
        list_joiners=_words(graph, "list-joiner"),
        lack_cues=_words(graph, "lack-cue"),
        target_cues=_words(graph, "target-marker"),
        past_cues=_words(graph, "past-marker"),
        distributive_cues=_words(graph, "distributive-marker"),
        breakdown_cues=_words(graph, "breakdown-marker"),
        subset_cues=_words(graph, "subset-marker"),
        frameworks=_words(graph, "national-framework"),
        not_programs=_words(graph, "not-program"),
        program_suffixes=_words(graph, "program-suffix"),
        program_inner_suffixes=_words(graph, "program-inner-suffix"),
        program_tail_blockers=_words(graph, "program-tail-blocker"),
        program_formula_suffixes=_words(graph, "program-formula-suffix"),
        program_collective_suffixes=_words(graph, "program-collective-suffix"),
        place_model_suffixes=_words(graph, "place-model-suffix"),
        official_titles=_words(graph, "official-title"),
        name_followers=_words(graph, "name-follower"),
        enterprise_suffixes=_words(graph, "enterprise-suffix"),
        legal_forms=_words(graph, "legal-form"),
        enterprise_roles=_words(graph, "enterprise-role"),
        enterprise_prepositions=_words(graph, "enterprise-preposition"),
        generic_org_words=_words(graph, "generic-org-word"),
        enterprise_bracket_words=_words(graph, "enterprise-bracket-word"),
        collective_suffixes=_words(graph, "collective-suffix"),
        site_credit_words=_words(graph, "site-credit"),
        page_controls=_words(graph, "page-control"),
        breadcrumb_cues=_words(graph, "breadcrumb-cue"),
        pager_cues=_words(graph, "pager-cue"),
        related_headings=_words(graph, "related-heading"),
        enterprise_list_heads=_words(graph, "enterprise-list-head"),
        unit_head_titles=_words(graph, "unit-head-title"),
        unit_endings=_words(graph, "unit-ending"),
        non_county_units=_words(graph, "non-county-unit"),
        title_companions=_words(graph, "title-companion"),
        appointment_verbs=_words(graph, "appointment-verb"),
        name_introducers=_words(graph, "name-introducer"),
        surnames=surnames,
        exit_cues=_words(graph, "exit-cue"),
        approval_cues=_words(graph, "approval-cue"),
        remaining_cues=_words(graph, "remaining-marker"),
        negations=_words(graph, "negation"),
        quantifier_nouns=_words(graph, "quantifier-noun"),
        urban_cues=_words(graph, "urban-marker"),
        urban_rural_pairs=_words(graph, "urban-rural-pair"),
        wider_scopes=_words(graph, "wider-scope"),
        county_groups=_words(graph, "county-group"),
        membership_cues=_words(graph, "membership-marker"),
        outcome_cues=_words(graph, "outcome-marker"),
        exit_adverbs=_words(graph, "exit-adverb"),
        assist_cues=_words(graph, "assist-cue"),
        origin_cues=_words(graph, "origin-cue"),
        self_reference=_words(graph, "self-reference"),
        place_phrase_heads=_words(graph, "place-phrase-head"),
        identity_legal_forms=_words(graph, "identity-legal-form"),
        cumulative_cues=_words(graph, "cumulative-marker"),
    )


@lru_cache(maxsize=4)
def load_lexicon(folder: str | None = None) -> Lexicon:
    """The lexicon of the packaged ontology (or of `folder`), parsed once per process."""
    surnames = Path(folder) / "surnames.tsv" if folder else data_file("ontology", "surnames.tsv")
    return lexicon_from(
        load_ontology(Path(folder) if folder else None, links=False),
        read_surnames(surnames) if surnames.is_file() else frozenset(),
    )
