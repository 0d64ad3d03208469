"""SHACL validation of a built graph against shapes/*.ttl, with results people can act on.

pyshacl validates each named graph of a Dataset on its own, but a fact in a report's graph points at
its county in the default graph, so the union of all graphs is validated as one. Only sh:Violation
fails a graph; warnings and infos (completeness gaps) are reported without failing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal
from rdflib.term import Node

from fupin.graph.store import union_graph
from fupin.graph.vocab import RDF, SH, compact

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Result:
    """One failed constraint: which shape, on which node, along which path, and why."""

    severity: str
    shape: str
    focus: str
    path: str
    message: str


@dataclass
class ValidationReport:
    conforms: bool
    results: list[Result] = field(default_factory=list)

    @property
    def violations(self) -> list[Result]:
        """The results that fail the graph (sh:Violation)."""
        return [r for r in self.results if r.severity == "Violation"]


def load_shapes(name: str = "structure.ttl") -> Graph:
    """A packaged shapes file."""
    from fupin.resources import data_file

    return Graph().parse(data_file("shapes", name), format="turtle")


def _message(results: Graph, node: Node, lang: str) -> str:
    """The message in `lang`, else English, else any: shapes carry sh:message in zh and en."""
    messages = [m for m in results.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    for want in (lang, "en"):
        for m in messages:
            if m.language == want:
                return str(m)
    return str(messages[0]) if messages else ""


def _text(term: Node | None) -> str:
    return "" if term is None else compact(str(term))


def _results(results: Graph, lang: str) -> list[Result]:
    out = []
    for node in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(node, SH.resultSeverity)
        out.append(
            Result(
                severity=SEVERITIES.get(severity, _text(severity)),
                shape=_text(results.value(node, SH.sourceShape)),
                focus=_text(results.value(node, SH.focusNode)),
                path=_text(results.value(node, SH.resultPath)),
                message=_message(results, node, lang),
            )
        )
    return sorted(out, key=lambda r: (r.severity != "Violation", r.shape, r.focus, r.path))


def validate(data_graph: Graph, shapes: Graph | Path | None = None, *, lang: str = "en") -> ValidationReport:
    """Validate `data_graph` (a Graph or the Dataset of a build) against `shapes`.

    `shapes` None means the packaged shapes/structure.ttl. Messages are given in `lang` (zh or en).
    """
    if shapes is None:
        shapes = load_shapes()
    elif isinstance(shapes, Path):
        shapes = Graph().parse(shapes, format="turtle")
    _, results, _ = shacl_validate(
        union_graph(data_graph),
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
    )
    found = _results(results, lang)
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in found), results=found)
