"""The ontology's SKOS labels compiled into the extractor's lexicon file (ontology/compiled/lexicon.json).

This is the only place where labels become word lists: `tools/compile_lexicon.py` runs it after an edit
of ontology/*.ttl (or surnames.tsv) and writes the file that `fupin.extract.lexicon.load_lexicon` reads at
run time with `json` alone. It gives plain JSON data, never extract's records, so graph/ depends on
nothing of extract here and no build parses the ontology for the extractor's sake. The layout, keyed
like the fields of `fupin.extract.lexicon.Lexicon`:

    {"format": 1, "measures": {notation: [labels]}, "indicators": [{cues of one indicator}, …],
     "units": {label: unit}, …, "surnames": […], "words": {lexicon.ttl notation: [hidden labels]}}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from fupin.graph.build import load_ontology
from fupin.graph.vocab import FP, FPI, FPM, FPU
from fupin.resources import compiled_lexicon

FPL = Namespace("https://w3id.org/fupin/lexicon/")
FORMAT = 1  # the layout below; fupin.extract.lexicon.FORMAT must say the same (a test checks)

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


def _partner_measures(graph: Graph, broader: dict[str, str]) -> list[str]:
    """Notations of the measures carried out with a partner place (fp:withPartnerPlace), and of every
    narrower measure under them (one `broader` step at a time up to a marked one; cycles are cut)."""
    marked = {
        n
        for s in graph.subjects(FP.withPartnerPlace, None)
        if graph.value(s, FP.withPartnerPlace).toPython() is True and (n := _notation(s, str(FPM)))
    }

    def under_marked(notation: str) -> bool:
        seen = [notation]
        while seen[-1] not in marked and seen[-1] in broader and broader[seen[-1]] not in seen:
            seen.append(broader[seen[-1]])
        return seen[-1] in marked

    return sorted(n for n in {*broader, *marked} if under_marked(n))


def _measures(graph: Graph) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Each measure's labels (the matcher's terms) by notation, and each one's broader measure."""
    terms, broader = {}, {}
    for concept in _concepts(graph, str(FPM)):
        notation = _notation(concept, str(FPM))
        terms[notation] = _zh(graph, concept, *_LABELS)
        for parent in graph.objects(concept, SKOS.broader):
            parent_notation = _notation(parent, str(FPM))
            if parent_notation:
                broader[notation] = parent_notation
    return terms, broader


def _unit_notations(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return sorted({n for o in graph.objects(subject, predicate) if (n := _notation(o, str(FPU)))})


def _flag(graph: Graph, subject: URIRef, predicate: URIRef) -> bool:
    value = graph.value(subject, predicate)
    return bool(value is not None and value.toPython() is True)


def _indicators(graph: Graph) -> list[dict[str, Any]]:
    """The cues of each indicator that has a default unit (the fields of extract's IndicatorCues)."""
    cues = []
    for concept in _concepts(graph, str(FPI)):
        default = graph.value(concept, FP.defaultUnit)
        if default is None:
            continue
        cues.append(
            {
                "notation": _notation(concept, str(FPI)),
                "default_unit": _notation(default, str(FPU)),
                "allowed_units": _unit_notations(graph, concept, FP.allowedUnit),
                "counted": _zh(graph, concept, FP.countedCue),
                "events": _zh(graph, concept, FP.eventCue),
                "context": _zh(graph, concept, FP.contextCue),
                "vetoes": _zh(graph, concept, FP.vetoCue),
                "bare": _flag(graph, concept, FP.allowsBareFigure),
                "sentence_events": _flag(graph, concept, FP.eventsInSentence),
                "lifts_stock": _flag(graph, concept, FP.liftsStock),
            }
        )
    return cues


def _units(graph: Graph) -> tuple[dict[str, str], dict[str, str], list[str], list[str]]:
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
    return table, nouns, sorted(counts), sorted(generic)


def _word_classes(graph: Graph) -> dict[str, tuple[str, ...]]:
    """Every concept of ontology/lexicon.ttl by its notation, with its hidden labels (the words)."""
    return {_notation(c, str(FPL)): _zh(graph, c, SKOS.hiddenLabel) for c in _concepts(graph, str(FPL))}


def read_surnames(path: Path) -> list[str]:
    """The surname list (ontology/surnames.tsv: a header, then one surname a line; # starts a comment)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    words = [line for line in lines if line and not line.startswith("#")]
    return sorted(set(words[1:]))


def lexicon_data(graph: Graph, surnames: list[str] | None = None) -> dict[str, Any]:
    """The compiled lexicon of an ontology graph (and the surname list, a plain data file) as JSON data."""
    measures, broader = _measures(graph)
    units, noun_units, count_units, generic = _units(graph)
    return {
        "format": FORMAT,
        "measures": measures,
        "measure_broader": broader,
        "partner_measures": _partner_measures(graph, broader),
        "indicators": _indicators(graph),
        "units": units,
        "count_units": count_units,
        "noun_units": noun_units,
        "count_units_generic": generic,
        "surnames": surnames or [],
        "words": _word_classes(graph),
    }


def compile_lexicon(folder: Path | None = None) -> str:
    """The text of the compiled lexicon of ontology/ (or of `folder`): one value a line, so that a word
    added to the ontology is one added line in the file's diff."""
    surnames = (folder or compiled_lexicon().parents[1]) / "surnames.tsv"
    data = lexicon_data(
        load_ontology(folder, links=False), read_surnames(surnames) if surnames.is_file() else []
    )
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_compiled_lexicon() -> bool:
    """Write the compiled lexicon of the packaged ontology where the extractor reads it, unless it is
    already current; True when the file was written."""
    target, text = compiled_lexicon(), compile_lexicon()
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return True
