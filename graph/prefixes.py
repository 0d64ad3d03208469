"""The prefixes of the public contract (spec/contract.md) as plain strings, and `compact`.

graph/vocab.py makes its rdflib Namespaces from this table; the query side reads it directly, so that
printing a query's table needs no rdflib (its import is most of a one-shot `fupin query`'s start-up).
"""

from __future__ import annotations

NAMESPACES: dict[str, str] = {
    "fp": "https://w3id.org/fupin/ontology#",
    "fpm": "https://w3id.org/fupin/measure/",
    "fpi": "https://w3id.org/fupin/indicator/",
    "fpu": "https://w3id.org/fupin/unit/",
    "fpd": "https://w3id.org/fupin/id/",
    "fpsh": "https://w3id.org/fupin/shapes#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}
# Longest namespace first, so `fpd:` never shadows a longer IRI that shares its start.
_LONGEST_FIRST = sorted(NAMESPACES.items(), key=lambda kv: -len(kv[1]))


def compact(iri: str) -> str:
    """`https://w3id.org/fupin/id/county/420304` -> `fpd:county/420304`, for human-facing output."""
    for prefix, ns in _LONGEST_FIRST:
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri
