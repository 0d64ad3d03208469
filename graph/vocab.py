"""The namespaces of the public contract (spec/contract.md), in one place.

Every module that writes or reads the graph takes its IRIs from here, so a namespace can never be
spelled two ways. The standard vocabularies are re-exported for the same reason.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from fupin.graph.prefixes import NAMESPACES, compact


class TermNamespace(Namespace):
    """rdflib's Namespace, each `NS.name` term made once: rdflib builds and checks a new URIRef on every
    attribute access, and the writer asks for fp:quote, fp:start … on every evidence node. The term is
    kept as the instance attribute, so later accesses are a plain attribute read (`NS[name]`, used for
    instance IRIs without bound, still builds a new term)."""

    def __getattr__(self, name: str) -> URIRef:
        found = super().__getattr__(name)
        self.__dict__[name] = found
        return found


PREFIXES: dict[str, Namespace] = {prefix: TermNamespace(iri) for prefix, iri in NAMESPACES.items()}
FP = PREFIXES["fp"]
FPM = PREFIXES["fpm"]
FPI = PREFIXES["fpi"]
FPU = PREFIXES["fpu"]
FPD = PREFIXES["fpd"]
FPSH = PREFIXES["fpsh"]

# The indicator notations of the public contract (spec/contract.md), in its order: the figures every
# build must be able to state, which completeness and evaluation count.
CONTRACT_INDICATORS: tuple[str, ...] = (
    "registered-poor-population",
    "registered-poor-households",
    "lifted-population",
    "lifted-households",
    "poor-villages",
    "villages-exited",
    "poverty-incidence",
    "per-capita-income",
    "relocated-population",
    "relocated-households",
    "workshop-count",
    "workshop-employment",
    "funds-invested",
    "eco-rangers",
    "trained-persons",
    "first-secretaries",
    "village-teams",
    "assisting-cadres",
    "microcredit-amount",
    "houses-renovated",
)


__all__ = [
    "CONTRACT_INDICATORS",
    "DCTERMS",
    "FP",
    "FPD",
    "FPI",
    "FPM",
    "FPSH",
    "FPU",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "XSD",
    "bind_prefixes",
    "compact",
]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project prefixes so every serialisation reads `fp:County`, not a full IRI."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


# The kinds of fact the graph holds, in the order reports list them. A fact is one node of one of these
# classes: a figure read from three sentences is one fp:Observation with three evidence nodes.
FACT_CLASSES: tuple[str, ...] = (
    "Observation",
    "Intervention",
    "Program",
    "Enterprise",
    "Position",
    "ExitApproval",
)


def fact_counts(graph: Graph) -> dict[str, int]:
    """Distinct fact nodes per class (FACT_CLASSES): the one count of facts in a graph, which `fupin
    report`, `fupin eval` and `fupin.build` all give. (`fupin build` prints the extractor's records,
    one per sentence a fact was read from, before the graph merges them.)"""
    return {kind: len(set(graph.subjects(RDF.type, FP[kind]))) for kind in FACT_CLASSES}
