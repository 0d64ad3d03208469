"""The reading calls of an rdflib Graph answered from an Oxigraph store: checks without an rdflib load.

Parsing 10^6 triples into rdflib costs ~60 CPU-s; Oxigraph loads them in a few. The checks around SHACL
(labels and quotes of the results, per-county completeness, conflicting figures, the 832-county
universe) only look triples up by pattern, so they run unchanged on a `StoreView`, which answers
`triples`, `subjects`, `objects`, `subject_objects`, `value` and `in` from the store's indexes over
the union of all its graphs (each triple once, as `union_graph` gives it), with rdflib terms.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
Pattern = tuple[Node | None, Node | None, Node | None]


def to_ox(term: Node) -> OxTerm:
    """The Oxigraph term of an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term: OxTerm) -> Node:
    """The rdflib term of an Oxigraph term; a plain literal stays plain (no xsd:string datatype), as
    rdflib's parsers read it."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))


class StoreView:
    """A read-only, rdflib-shaped view of the union of an Oxigraph store's graphs."""

    def __init__(self, store: ox.Store, source: Path | None = None) -> None:
        self.store = store
        self.source = source  # the file the store was loaded from, if any
        self._terms: dict[OxTerm, Node] = {}
        self._ox: dict[Node, OxTerm] = {}
        self._pairs: dict[Node | None, list[tuple[Node, Node]]] = {}
        self._one_graph = next(iter(store.named_graphs()), None) is None  # then no triple repeats

    def _node(self, term: OxTerm) -> Node:
        node = self._terms.get(term)
        if node is None:
            node = self._terms[term] = from_ox(term)
        return node

    def _term(self, node: Node | None) -> OxTerm | None:
        if node is None:
            return None
        term = self._ox.get(node)
        if term is None:
            term = self._ox[node] = to_ox(node)
        return term

    def _ox_triples(self, pattern: Pattern) -> Iterator[tuple[OxTerm, OxTerm, OxTerm]]:
        s, p, o = (self._term(t) for t in pattern)
        quads = self.store.quads_for_pattern(s, p, o, None)
        if self._one_graph:
            for quad in quads:
                yield quad.subject, quad.predicate, quad.object
            return
        seen: set[tuple[OxTerm, OxTerm, OxTerm]] = set()
        for quad in quads:
            triple = (quad.subject, quad.predicate, quad.object)
            if triple not in seen:
                seen.add(triple)
                yield triple

    def triples(self, pattern: Pattern) -> Iterator[tuple[Node, Node, Node]]:
        for s, p, o in self._ox_triples(pattern):
            yield self._node(s), self._node(p), self._node(o)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return self.triples((None, None, None))

    def __contains__(self, triple: Pattern) -> bool:
        return next(self._ox_triples(triple), None) is not None

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        return (self._node(t[0]) for t in self._ox_triples((None, predicate, obj)))

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        return (self._node(t[2]) for t in self._ox_triples((subject, predicate, None)))

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]:
        """Every (subject, object) of `predicate`; kept, since the checks scan the same predicates
        (fp:county, fp:indicator) in turn (a view is of a store nothing writes to meanwhile)."""
        pairs = self._pairs.get(predicate)
        if pairs is None:
            triples = self._ox_triples((None, predicate, None))
            pairs = self._pairs[predicate] = [(self._node(s), self._node(o)) for s, _, o in triples]
        return iter(pairs)

    def value(self, subject: Node | None = None, predicate: Node | None = None) -> Node | None:
        """One object of (subject, predicate), None if there is none (like rdflib's, without `any`)."""
        return next(self.objects(subject, predicate), None)

    def __len__(self) -> int:
        return sum(1 for _ in self._ox_triples((None, None, None)))


def objects_by_subject(graph: Graph | StoreView, predicate: URIRef) -> dict[Node, list[Node]]:
    """Subject -> its objects of `predicate`, read in one scan (one scan costs less than a look-up per
    subject, in rdflib and in a `StoreView` alike)."""
    found: dict[Node, list[Node]] = {}
    for subject, obj in graph.subject_objects(predicate):
        found.setdefault(subject, []).append(obj)
    return found
