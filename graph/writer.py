"""Graph files written straight from the builder's terms, without an rdflib Dataset in between.

The builder's mapping functions only ever `add` triples (and read back the quotes they wrote), so a
report's graph can be a plain set of triples (`Triples`) instead of an rdflib graph, whose `add`
costs ~38 µs with its indexes and namespace look-ups. Each triple becomes one N-Triples / N-Quads
line here, byte for byte the line rdflib's serializer writes (after `fupin.graph.store`'s clean-up:
one space before the final dot), so .nt and .nq files are the same bytes as before.

Turtle and TriG come from the same sorted lines: pyoxigraph parses them and writes Turtle/TriG with
the project prefixes, one block per graph in a fixed order (the default graph, then reports by IRI),
so those files are deterministic too and hold exactly the triples of the line formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class Triples:
    """One graph's triples as the builder writes them: a set, with the one read the builder needs."""

    __slots__ = ("_triples",)

    def __init__(self) -> None:
        self._triples: dict[Triple, None] = {}

    def add(self, triple: Triple) -> Triples:
        self._triples[triple] = None
        return self

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        """(subject, object) of every triple with `predicate` (as rdflib's Graph has it)."""
        return ((s, o) for s, p, o in list(self._triples) if p == predicate)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


def _quoted(text: str) -> str:
    """A literal's lexical form as rdflib's N-Triples writer quotes it (only \\, newline, " and CR)."""
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    return f'"{escaped}"'


def term(node: Node) -> str:
    """One term in N-Triples syntax."""
    if isinstance(node, Literal):
        if node.language:
            return f"{_quoted(node)}@{node.language}"
        if node.datatype:
            return f"{_quoted(node)}^^<{node.datatype}>"
        return _quoted(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, URIRef):
        return f"<{node}>"
    raise TypeError(f"not an RDF term: {node!r}")


def lines(triples: Iterable[Triple], graph: URIRef | None = None) -> list[bytes]:
    """N-Triples lines of `triples` (N-Quads lines in `graph` when it is given), UTF-8, unsorted."""
    tail = f" {term(graph)} .\n" if graph is not None else " .\n"
    cache: dict[Node, str] = {}

    def text(node: Node) -> str:
        found = cache.get(node)
        if found is None:
            found = cache[node] = term(node)
        return found

    return [f"{text(s)} {text(p)} {text(o)}{tail}".encode() for s, p, o in triples]


def turtle(sorted_lines: Iterable[bytes], prefixes: dict[str, str]) -> Iterator[bytes]:
    """Turtle of N-Triples lines (sorted, so subjects group), written by pyoxigraph with `prefixes`."""
    import pyoxigraph as ox

    data = b"".join(sorted_lines)
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    yield ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def trig(blocks: Iterable[tuple[str | None, Iterable[bytes]]], prefixes: dict[str, str]) -> Iterator[bytes]:
    """TriG of (graph IRI or None for the default graph, its sorted N-Triples lines) blocks, in the
    order given: pyoxigraph writes each run of one graph's quads as one block, prefixes first."""
    import pyoxigraph as ox

    def quads() -> Iterator[Any]:
        for name, block in blocks:
            graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
            for t in ox.parse(b"".join(block), format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(t.subject, t.predicate, t.object, graph)

    yield ox.serialize(quads(), format=ox.RdfFormat.TRIG, prefixes=prefixes)


def prefix_map() -> dict[str, str]:
    """The project prefixes (fp:, fpm: …) as pyoxigraph's serializers take them, less fpd: — its
    names hold slashes (county/420304), which Turtle would have to escape as fpd:county\\/420304;
    instance IRIs stay whole, as rdflib's writer left them."""
    from fupin.graph.vocab import PREFIXES

    return {prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix != "fpd"}
