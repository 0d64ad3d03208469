"""The graph on other people's SPARQL stores: run named queries there, and push built graphs to them.

Queries go through SPARQLWrapper (SPARQL 1.1 Protocol) and come back as the same `QueryResult` of
rdflib terms that `fupin.graph.query.run` gives locally, so a table printed from a remote endpoint
reads exactly like one from a file. Parameters are sent as a trailing `VALUES` block of serialised
RDF terms, never pasted into the query's own text, which is the protocol's nearest match to the
local engines' variable bindings.

Pushing uses the SPARQL 1.1 Graph Store Protocol: every named graph (one per report) is sent with
PUT, which replaces what the store held under that name, so pushing a report twice leaves one copy.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from fupin.graph.query import QueryError, QueryResult, canonical_numbers, check_request

USER_AGENT = "fupin-kg (https://w3id.org/fupin)"
NTRIPLES = "application/n-triples"


# ---------------------------------------------------------------- querying


def values_block(bindings: dict[str, Node]) -> str:
    """`VALUES (?a ?b) { (<iri> "text"@zh) }`: bindings as data the endpoint joins, not query text.

    A trailing VALUES joins with the query's projected rows, so (as with Oxigraph's substitutions)
    only projected variables can be bound. Blank nodes have no meaning outside their graph.
    """
    if not bindings:
        return ""
    for name, term in bindings.items():
        if isinstance(term, BNode) or not isinstance(term, (URIRef, Literal)):
            raise QueryError(f"parameter ?{name} must be an IRI or a literal to send to an endpoint")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}\n"


def _term(cell: dict[str, Any] | None) -> Node | None:
    """One cell of SPARQL 1.1 JSON results as an rdflib term (as the local engines give them)."""
    if cell is None:
        return None
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in cell:
            return Literal(value, lang=cell["xml:lang"])
        # RDF 1.1: a literal with neither language nor datatype is an xsd:string (as Oxigraph says)
        return Literal(value, datatype=URIRef(cell.get("datatype") or XSD.string))
    raise QueryError(f"the endpoint answered a cell of unknown type {kind!r}")


def parse_json_results(payload: dict[str, Any]) -> QueryResult:
    """SPARQL 1.1 Query Results JSON (SELECT or ASK) as a QueryResult."""
    if "boolean" in payload:
        return QueryResult(["ask"], [(Literal(bool(payload["boolean"])),)], kind="ASK")
    try:
        columns = list(payload["head"].get("vars", []))
        rows = [tuple(_term(b.get(c)) for c in columns) for b in payload["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {exc}") from exc
    return QueryResult(columns, rows)


def _wrapper(endpoint: str, sparql: str, timeout_s: float) -> Any:
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint, agent=USER_AGENT)
    wrapper.setMethod(POST)
    wrapper.setTimeout(max(1, round(timeout_s)))
    wrapper.setQuery(sparql)
    wrapper.setReturnFormat(TURTLE if wrapper.queryType in ("CONSTRUCT", "DESCRIBE") else JSON)
    return wrapper


def _ask(endpoint: str, sparql: str, timeout_s: float) -> tuple[str, bytes]:
    """(query type, raw answer body); every way an endpoint can fail becomes a QueryError."""
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    wrapper = _wrapper(endpoint, sparql, timeout_s)
    try:
        response = wrapper.query().response
        return wrapper.queryType, response.read()
    except SPARQLWrapperException as exc:
        raise QueryError(f"{endpoint} refused the query: {exc}") from exc
    except urllib.error.HTTPError as exc:
        raise QueryError(f"{endpoint} answered HTTP {exc.code} {exc.reason}") from exc
    except TimeoutError as exc:
        raise QueryError(f"{endpoint} did not answer within {timeout_s:g} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise QueryError(f"{endpoint} did not answer within {timeout_s:g} s") from exc
        raise QueryError(f"cannot reach {endpoint}: {exc.reason}") from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"cannot query {endpoint}: {exc}") from exc


def run_remote(
    sparql: str,
    endpoint: str,
    bindings: dict[str, Node] | None = None,
    timeout_s: float = 30,
) -> QueryResult:
    """Run `sparql` on a SPARQL 1.1 endpoint, with variables bound to RDF terms.

    Which graphs the query sees is the endpoint's choice: start Oxigraph with `--union-default-graph`
    (as `fupin serve` does) to get the same answers as a local run over all reports.
    """
    if not endpoint.startswith(("http://", "https://")):
        raise QueryError(f"endpoint must be an http(s) URL, not {endpoint!r}")
    check_request(sparql, bindings or {})
    query_type, body = _ask(endpoint, sparql + values_block(bindings or {}), timeout_s)
    if query_type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph()
        try:
            graph.parse(data=body.decode("utf-8"), format="turtle")
        except Exception as exc:  # rdflib's parsers raise many unrelated types
            raise QueryError(f"{endpoint} answered with unreadable Turtle: {exc}") from exc
        return QueryResult(["subject", "predicate", "object"], sorted(graph), kind="CONSTRUCT")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise QueryError(f"{endpoint} answered with something that is not JSON results: {exc}") from exc
    return canonical_numbers(parse_json_results(payload))


# ---------------------------------------------------------------- pushing


@dataclass(frozen=True)
class Pushed:
    """One graph sent to the store: its name (None for the default graph) and its size."""

    graph: str | None
    triples: int


def store_url(endpoint: str) -> str:
    """The Graph Store endpoint for a URL: Oxigraph's `/query` and `/update` live beside `/store`."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for tail in ("/query", "/update", "/sparql"):
        if path.endswith(tail):
            path = path[: -len(tail)] + "/store"
            break
    else:
        if path in ("", "/"):
            path = "/store"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _graph_target(store: str, name: str | None) -> str:
    query = "default" if name is None else urllib.parse.urlencode({"graph": name})
    return f"{store}?{query}"


def _ntriples(graph: Graph) -> bytes:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy.serialize(format="nt", encoding="utf-8")


def put_graph(store: str, name: str | None, graph: Graph, timeout_s: float = 60) -> Pushed:
    """Replace one graph of the store (PUT): re-sending a report never duplicates its triples."""
    request = urllib.request.Request(
        _graph_target(store, name),
        data=_ntriples(graph),
        method="PUT",
        headers={"Content-Type": NTRIPLES, "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:300]
        raise QueryError(f"{store} refused graph {name or 'default'}: HTTP {exc.code} {detail}") from exc
    except TimeoutError as exc:
        raise QueryError(f"{store} did not answer within {timeout_s:g} s") from exc
    except urllib.error.URLError as exc:
        raise QueryError(f"cannot reach {store}: {exc.reason}") from exc
    return Pushed(name, len(graph))


def graphs_of(data: Dataset) -> Iterable[tuple[str | None, Graph]]:
    """(name, graph) for the default graph and each non-empty named graph, names in sorted order.

    A graph named by a blank node (what older JSON-LD files held for their default graph) has no name
    a store could keep: PUT under its label, it would pile up one junk graph per push. Its triples go
    with the default graph."""
    default = data.default_graph.identifier
    named = [g for g in data.graphs() if g.identifier != default and len(g)]
    anonymous = [g for g in named if isinstance(g.identifier, BNode)]
    blank = {g.identifier for g in anonymous}
    if anonymous:
        merged = Graph()
        for graph in [data.default_graph, *anonymous]:
            for triple in graph:
                merged.add(triple)
        yield None, merged
    else:
        yield None, data.default_graph
    for graph in sorted((g for g in named if g.identifier not in blank), key=lambda g: str(g.identifier)):
        yield str(graph.identifier), graph


def push(graph_path: str | Path, endpoint: str, timeout_s: float = 60) -> list[Pushed]:
    """Send a built graph file to a SPARQL 1.1 store, one named graph per report.

    Quad files (.trig, .nq, .jsonld) keep their report graphs; the default graph (ontology, places,
    provenance) is replaced as a whole. A triple file (.ttl, .nt) has no report graphs, so all of it
    goes to the default graph.
    """
    from fupin.graph.store import load_graph

    try:
        data = load_graph(graph_path)
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        raise QueryError(f"cannot load graph {graph_path}: {exc}") from exc
    store = store_url(endpoint)
    return [put_graph(store, name, graph, timeout_s) for name, graph in graphs_of(data)]
