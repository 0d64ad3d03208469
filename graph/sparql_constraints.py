"""SHACL-SPARQL constraints (sh:sparql on a node shape) run as plain SPARQL queries on an Oxigraph store.

The `shacl` engine's own SPARQL evaluation loses `YEAR(?date) - xsd:integer(…)` (the exit-date shape
found nothing where pyshacl warns), and pyshacl needs the whole graph in rdflib. Oxigraph evaluates the
constraint's SELECT the way SHACL defines it: once per focus node, with `$this` pre-bound to it
(`substitutions`, as pyshacl pre-binds it) and the prefixes its sh:prefixes declare. Each solution is
one result; its messages are the shape's and the constraint's sh:message with `{?var}` filled in from
the solution, as plain strings (pyshacl drops their language tags when it fills them in).

Only node shapes whose constraints select `$this` and no `$PATH`, `$value`, `$currentShape`,
`$shapesGraph` or `?failure` are run here: `supported` says
which, and `fupin.graph.validate` leaves any other SPARQL-based shape to pyshacl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.term import Node

from fupin.graph.storeview import from_ox, to_ox
from fupin.graph.vocab import RDF, RDFS, SH

_UNSUPPORTED_VARIABLES = re.compile(r"[?$](PATH|value|shapesGraph|currentShape|failure)\b")
_SELECTS_THIS = re.compile(r"SELECT\s+(DISTINCT\s+|REDUCED\s+)?([^{]*[?$]this\b|\*)", re.IGNORECASE)
_TARGETS = {
    SH.targetClass: "?this <{rdf}type>/<{rdfs}subClassOf>* {node} .",
    SH.targetSubjectsOf: "?this {node} [] .",
    SH.targetObjectsOf: "[] {node} ?this .",
}


@dataclass(frozen=True)
class SparqlResult:
    """One solution of a shape's SPARQL constraint: a result on `focus` (no path: a node shape)."""

    focus: Node
    shape: Node
    severity: Node
    messages: tuple[str, ...]
    component: str = "SPARQLConstraintComponent"


def _true(shapes: Graph, node: Node, prop: Node) -> bool:
    return any(isinstance(o, Literal) and o.toPython() is True for o in shapes.objects(node, prop))


def supported(shapes: Graph, shape: Node) -> bool:
    """True when `shape` is a node shape whose every SPARQL constraint this module can run."""
    if (shape, SH.path, None) in shapes:
        return False
    for constraint in shapes.objects(shape, SH.sparql):
        selects = list(shapes.objects(constraint, SH.select))
        if len(selects) != 1 or _UNSUPPORTED_VARIABLES.search(str(selects[0])):
            return False
        if not _SELECTS_THIS.search(str(selects[0])):
            return False
    return True


def _prefixes(shapes: Graph, constraint: Node) -> dict[str, str]:
    """The prefixes sh:prefixes points at (each a node with sh:declare [sh:prefix; sh:namespace])."""
    found = {}
    for owner in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                found[str(prefix)] = str(namespace)
    return found


def focus_nodes(store: ox.Store, shapes: Graph, shape: Node) -> set[ox.NamedNode | ox.BlankNode | ox.Literal]:
    """The shape's focus nodes in the union of the store's graphs (class targets include subclasses)."""
    found = {to_ox(node) for node in shapes.objects(shape, SH.targetNode)}
    for target, pattern in _TARGETS.items():
        for node in shapes.objects(shape, target):
            where = pattern.format(rdf=RDF, rdfs=RDFS, node=to_ox(node))
            rows = store.query(f"SELECT DISTINCT ?this WHERE {{ {where} }}", use_default_graph_as_union=True)
            found.update(row["this"] for row in rows)
    return found


def _filled(messages: Iterable[Node], solution: dict[str, Node]) -> list[str]:
    """Each message with `{?var}` / `{$var}` replaced by the solution's value of var."""
    out = []
    for message in messages:
        text = str(message)
        for var, value in solution.items():
            text = re.sub(r"\{[?$]" + re.escape(var) + r"\}", lambda _m, v=str(value): v, text)
        out.append(text)
    return out


def _solutions(store: ox.Store, select: str, prefixes: dict[str, str], bindings: dict) -> Iterator[dict]:
    rows = store.query(select, prefixes=prefixes, use_default_graph_as_union=True, substitutions=bindings)
    names = [v.value for v in rows.variables]
    for row in rows:
        yield {name: from_ox(row[name]) for name in names if row[name] is not None}


def shape_results(store: ox.Store, shapes: Graph, shape: Node) -> list[SparqlResult]:
    """The results of one supported shape's SPARQL constraints on the store."""
    if _true(shapes, shape, SH.deactivated):
        return []
    severity = shapes.value(shape, SH.severity) or SH.Violation
    own_messages = list(shapes.objects(shape, SH.message))
    targets = focus_nodes(store, shapes, shape)
    results = []
    for constraint in shapes.objects(shape, SH.sparql):
        if _true(shapes, constraint, SH.deactivated):
            continue
        select = str(shapes.value(constraint, SH.select))
        prefixes = _prefixes(shapes, constraint)
        messages = list(shapes.objects(constraint, SH.message))
        for focus in targets:
            bindings = {ox.Variable("this"): focus}
            for solution in _solutions(store, select, prefixes, bindings):
                if "this" not in solution:
                    continue  # pyshacl reports a solution only when it binds $this (or $value/$path)
                filled = _filled([*messages, *own_messages], solution)
                results.append(SparqlResult(from_ox(focus), shape, severity, tuple(dict.fromkeys(filled))))
    return results


def sparql_results(store: ox.Store, shapes: Graph) -> list[SparqlResult]:
    """Every supported SPARQL-based shape of `shapes`, run on the union of the store's graphs."""
    shaped = sorted(set(shapes.subjects(SH.sparql, None)), key=str)
    return [r for shape in shaped if supported(shapes, shape) for r in shape_results(store, shapes, shape)]
