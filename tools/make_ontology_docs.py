"""Generate docs/ontology/index.html (the ontology's classes, properties and concept schemes as one page),
fupin/web/context.jsonld (the JSON-LD context of the exports) and ontology/compiled/ (the extractor's
word lists and the default graph's lines, see tools/compile_lexicon.py), all made from ontology/*.ttl.

Dev-only: run after changing ontology/*.ttl and commit the results. Usage:

    .venv/bin/python tools/make_ontology_docs.py [--out docs/ontology/index.html]

Why our own small generator rather than pyLODE: the page must build offline and stay byte-stable
between runs (it is committed), and our files are a vocabulary of SKOS concept schemes as much as an
OWL ontology, which a generic OWL documenter lists as bare individuals. The page is made from the
Turtle alone, so what a reader sees is what the extractor and the shapes read.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import VOID
from rdflib.term import Node

from fupin.graph.build import load_ontology, write_compiled_ontology
from fupin.graph.export import build_context, shipped_context_path
from fupin.graph.lexicon import write_compiled_lexicon
from fupin.graph.vocab import DCTERMS, FP, FPI, FPM, FPU, OWL, PROV, RDF, RDFS, SKOS, compact
from fupin.resources import compiled_lexicon, compiled_ontology

ONTOLOGY_IRI = URIRef("https://w3id.org/fupin/ontology")
SCHEMES = (("measures", FPM), ("indicators", FPI), ("units", FPU))


@dataclass(frozen=True)
class Term:
    """One documented term: its compact name, labels, comment and related terms as display strings."""

    anchor: str
    name: str
    iri: str
    zh: str
    en: str
    comment: str
    facts: tuple[tuple[str, str], ...]


def _lit(graph: Graph, node: Node, prop: URIRef, lang: str) -> str:
    values = sorted(
        str(x) for x in graph.objects(node, prop) if isinstance(x, Literal) and (x.language or "") == lang
    )
    return values[0] if values else ""


def _name(graph: Graph, node: Node) -> str:
    """A compact IRI, or for an owl:unionOf blank node its members joined by "or"."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return " or ".join(_name(graph, m) for m in Collection(graph, members))
        return "(anonymous)"
    return compact(str(node)) if not str(node).startswith(str(OWL)) else "owl:" + str(node)[len(str(OWL)) :]


def _names(graph: Graph, node: Node, prop: URIRef) -> str:
    return ", ".join(sorted(_name(graph, o) for o in graph.objects(node, prop)))


def _term(graph: Graph, node: URIRef, facts: list[tuple[str, URIRef]], *, label: URIRef = RDFS.label) -> Term:
    name = compact(str(node))
    shown = tuple((title, _names(graph, node, prop)) for title, prop in facts)
    comment = _lit(graph, node, RDFS.comment, "en") or _lit(graph, node, SKOS.definition, "en")
    return Term(
        anchor=name.replace(":", "-"),
        name=name,
        iri=str(node),
        zh=_lit(graph, node, label, "zh"),
        en=_lit(graph, node, label, "en"),
        comment=comment,
        facts=tuple((t, v) for t, v in shown if v),
    )


def _fp_subjects(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        (s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(str(FP))),
        key=str,
    )


def _concepts(graph: Graph, namespace) -> list[Term]:
    nodes = sorted(
        {s for s in graph.subjects(RDF.type, SKOS.Concept) if str(s).startswith(str(namespace))}, key=str
    )
    facts = [("broader", SKOS.broader), ("default unit", FP.defaultUnit), ("allowed units", FP.allowedUnit)]
    terms = []
    for node in nodes:
        term = _term(graph, node, facts, label=SKOS.prefLabel)
        alt = "、".join(sorted(str(x) for x in graph.objects(node, SKOS.altLabel)))
        terms.append(
            Term(**{**term.__dict__, "facts": (*term.facts, *((("synonyms", alt),) if alt else ()))})
        )
    return terms


def _linksets(graph: Graph) -> list[Term]:
    """The shipped linksets and data sets (ontology/links/*.ttl) with their sources and sizes."""
    nodes = {*graph.subjects(RDF.type, VOID.Linkset), *graph.subjects(RDF.type, VOID.Dataset)}
    facts = [
        ("link predicate", VOID.linkPredicate),
        ("target", VOID.objectsTarget),
        ("subsets", VOID.subset),
        ("links", VOID.triples),
        ("entities", VOID.entities),
        ("cross-checked", FP.crossChecked),
        ("derived from", PROV.wasDerivedFrom),
        ("source", DCTERMS.source),
        ("source note", FP.sourceNote),
        ("licence", DCTERMS.license),
    ]
    return [_term(graph, node, facts) for node in sorted(nodes, key=str) if isinstance(node, URIRef)]


def collect(graph: Graph) -> dict:
    """The page's content."""
    class_facts = [("subclass of", RDFS.subClassOf)]
    property_facts = [("domain", RDFS.domain), ("range", RDFS.range), ("subproperty of", RDFS.subPropertyOf)]
    return {
        "title_en": _lit(graph, ONTOLOGY_IRI, DCTERMS.title, "en"),
        "title_zh": _lit(graph, ONTOLOGY_IRI, DCTERMS.title, "zh"),
        "description": _lit(graph, ONTOLOGY_IRI, DCTERMS.description, "en"),
        "version": str(graph.value(ONTOLOGY_IRI, OWL.versionInfo) or ""),
        "license": str(graph.value(ONTOLOGY_IRI, DCTERMS.license) or ""),
        "namespaces": [("fp", str(FP)), ("fpm", str(FPM)), ("fpi", str(FPI)), ("fpu", str(FPU))],
        "sections": [
            ("classes", "Classes 类", [_term(graph, c, class_facts) for c in _fp_subjects(graph, OWL.Class)]),
            (
                "object-properties",
                "Object properties 对象属性",
                [_term(graph, p, property_facts) for p in _fp_subjects(graph, OWL.ObjectProperty)],
            ),
            (
                "datatype-properties",
                "Datatype properties 数据属性",
                [_term(graph, p, property_facts) for p in _fp_subjects(graph, OWL.DatatypeProperty)],
            ),
            *[
                (
                    key,
                    " ".join(_lit(graph, ns["scheme"], SKOS.prefLabel, lang) for lang in ("en", "zh")),
                    _concepts(graph, ns),
                )
                for key, ns in SCHEMES
            ],
            ("linksets", "Linksets and open data 关联数据集", _linksets(graph)),
        ],
    }


TEMPLATE = Path(__file__).resolve().parent.parent / "fupin" / "web" / "report" / "ontology.html"


def render(graph: Graph) -> str:
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    return env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(**collect(graph))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/ontology/index.html"))
    parser.add_argument("--context", type=Path, default=shipped_context_path())
    args = parser.parse_args()
    ontology = load_ontology()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(ontology), encoding="utf-8")
    context = json.dumps(build_context(ontology), ensure_ascii=False, indent=1)
    args.context.write_text(context + "\n", encoding="utf-8")
    write_compiled_lexicon()
    write_compiled_ontology()
    print(f"-> {args.out}\n-> {args.context}\n-> {compiled_lexicon()}\n-> {compiled_ontology()}")


if __name__ == "__main__":
    main()
