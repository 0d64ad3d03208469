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
from fupin.graph.build import load_ontology
from fupin.graph.vocab import FP, FPI, FPM, FPU

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


def lexicon_from(graph: Graph) -> Lexicon:
    """Build the extractor's lexicon from an ontology graph."""
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
        official_titles=_words(graph, "official-title"),
        name_followers=_words(graph, "name-follower"),
        enterprise_suffixes=_words(graph, "enterprise-suffix"),
        legal_forms=_words(graph, "legal-form"),
        enterprise_roles=_words(graph, "enterprise-role"),
        generic_org_words=_words(graph, "generic-org-word"),
        exit_cues=_words(graph, "exit-cue"),
        approval_cues=_words(graph, "approval-cue"),
    )


@lru_cache(maxsize=4)
def load_lexicon(folder: str | None = None) -> Lexicon:
    """The lexicon of the packaged ontology (or of `folder`), parsed once per process."""
    return lexicon_from(load_ontology(Path(folder) if folder else None, links=False))
