"""SHACL validation of a built graph against shapes/*.ttl, with results people can act on.

Four shape files: structure.ttl (sh:Violation: a build bug), completeness.ttl (sh:Warning / sh:Info: a
gap in what the reports said), ontology.ttl (the ontology the build copies into the default graph) and
opendata.ttl (sh:Warning: a fact the shipped open data contradicts, such as an exit date outside its batch).
pyshacl validates each named graph of a Dataset on its own, but a fact in a report's graph points at
its county in the default graph, so the union of all graphs is validated as one. Only sh:Violation
fails a graph; warnings and infos are reported without failing it.

A result names its shape and focus node, and carries what a reader needs to find the fact: the focus
node's label and the quote of its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from pathlib import Path
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import BNode, Node

from fupin.graph.store import load_graph, union_graph
from fupin.graph.storeview import StoreView, objects_by_subject
from fupin.graph.vocab import DCTERMS, FP, FPSH, RDF, RDFS, SH, SKOS, compact

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SHAPE_FILES = ("structure.ttl", "completeness.ttl", "ontology.ttl", "opendata.ttl")
IN_GAZETTEER = FPSH.inGazetteer


class GazetteerEntry(Protocol):
    code: str
    level: str


class Gazetteer(Protocol):
    """Anything iterable over divisions with `code` and `level` (`fupin.extract.gazetteer.Gazetteer`)."""

    def __iter__(self) -> Iterable[GazetteerEntry]: ...


@dataclass(frozen=True)
class Result:
    """One failed constraint: which shape, on which node, along which path, and why.

    `label` names the focus node for people (郧阳区, 胡先平, or a fact's county and concept) and
    `quote` is the sentence its evidence cites, so a reader can find the fact in the report.
    """

    severity: str
    shape: str
    focus: str
    path: str
    message: str
    label: str = ""
    quote: str = ""


@dataclass
class ValidationReport:
    conforms: bool
    results: list[Result] = field(default_factory=list)

    @property
    def violations(self) -> list[Result]:
        """The results that fail the graph (sh:Violation)."""
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        """The results that fail the graph only under --strict (sh:Warning)."""
        return [r for r in self.results if r.severity == "Warning"]


def default_gazetteer() -> Gazetteer:
    from fupin.divisions import load_divisions
    from fupin.resources import data_file

    return load_divisions(data_file("ontology", "divisions.tsv"))


def add_gazetteer_codes(shapes: Graph, gazetteer: Gazetteer) -> Graph:
    """Give each shape marked `fpsh:inGazetteer "level"` an sh:in list of that level's codes.

    The codes live in one place (ontology/divisions.tsv); an sh:in list keeps the check a core
    constraint, which pyshacl evaluates as a set lookup.
    """
    for shape, level in list(shapes.subject_objects(IN_GAZETTEER)):
        codes = sorted({d.code for d in gazetteer if d.level == str(level)})
        shapes.add((shape, SH["in"], _rdf_list(shapes, [Literal(code) for code in codes])))
    return shapes


def _rdf_list(graph: Graph, items: list[Node]) -> Node:
    """An RDF list of `items` in `graph`, built from its tail: rdflib's Collection walks the list
    from its head on every append, quadratic in a list of 3,000 codes."""
    head: Node = RDF.nil
    for item in reversed(items):
        cell = BNode()
        graph.add((cell, RDF.first, item))
        graph.add((cell, RDF.rest, head))
        head = cell
    return head


TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)


def hoist_property_shapes(shapes: Graph) -> Graph:
    """Give each named property shape the targets of the node shapes that list it, and drop the links.

    The result is the same, faster: pyshacl evaluates a shape reached through sh:property once per
    focus node, rebuilding its constraints each time (an sh:in of 3,000 codes per county), but a
    shape with its own target once for all its focus nodes. Only node shapes made of nothing but
    targets and named property shapes are rewritten, so no other constraint changes meaning.
    """
    for node in set(shapes.subjects(SH.property, None)):
        properties = list(shapes.objects(node, SH.property))
        targets = [(p, o) for p in TARGETS for o in shapes.objects(node, p)]
        if not targets or any(isinstance(p, BNode) for p in properties):
            continue
        for prop in properties:
            for p, o in targets:
                shapes.add((prop, p, o))
            shapes.remove((node, SH.property, prop))
    return shapes


def load_shapes(*names: str, gazetteer: Gazetteer | None = None, hoist: bool = True) -> Graph:
    """The packaged shapes files `names` (all of SHAPE_FILES if none) in one graph.

    Shapes that check codes against the gazetteer get its codes (the packaged gazetteer if None).
    `hoist` False keeps the files' nesting (see `hoist_property_shapes`; the benchmark compares both).
    """
    from fupin.resources import data_file

    shapes = Graph()
    for name in names or SHAPE_FILES:
        shapes.parse(data_file("shapes", name), format="turtle")
    if any(shapes.triples((None, IN_GAZETTEER, None))):
        add_gazetteer_codes(shapes, gazetteer if gazetteer is not None else default_gazetteer())
    return hoist_property_shapes(shapes) if hoist else shapes


def _pick(literals: Iterable[Node], lang: str) -> str:
    """The literal in `lang`, else Chinese, else English, else any (the first by text when there are
    several, so the answer does not depend on the order a store keeps them in); "" if there is none."""
    found = sorted((x for x in literals if isinstance(x, Literal)), key=str)
    for want in (lang, "zh", "en"):
        for x in found:
            if x.language == want:
                return str(x)
    return str(found[0]) if found else ""


def _message(results: Graph, node: Node, lang: str) -> str:
    """The message in `lang`, else English, else any: shapes carry sh:message in zh and en."""
    messages = [m for m in results.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    for want in (lang, "en"):
        for m in messages:
            if m.language == want:
                return str(m)
    return _by_script([str(m) for m in messages], lang)


def _first(data: Graph | StoreView, node: Node, prop: URIRef) -> Node | None:
    """The object of (node, prop) first by text: one answer whatever order the store keeps them in."""
    return min(data.objects(node, prop), key=str, default=None)


def _text(term: Node | None) -> str:
    return "" if term is None else compact(str(term))


def describe(data: Graph | StoreView, node: Node, lang: str = "zh") -> tuple[str, str]:
    """(label, quote) of a node for people: its own label, else its county's label and its concept;
    the quote of its first evidence, or its own quote when it is an evidence."""
    if isinstance(node, Literal):
        return str(node), ""
    label = (
        _pick(data.objects(node, RDFS.label), lang)
        or _pick(data.objects(node, SKOS.prefLabel), lang)
        or _pick(data.objects(node, DCTERMS.title), lang)
        or str(_first(data, node, FP.sourceFile) or "")
    )
    if not label:
        county = _first(data, node, FP.county) or _first(data, node, FP.about)
        concept = _first(data, node, FP.indicator) or _first(data, node, FP.measure)
        parts = [
            _pick(data.objects(county, RDFS.label), lang) if county is not None else "",
            _text(concept) if concept is not None else "",
        ]
        label = " · ".join(p for p in parts if p)
    quote = _pick(data.objects(node, FP.quote), lang)
    if not quote:
        evidence = sorted(data.objects(node, FP.evidence))
        quote = str(_first(data, evidence[0], FP.quote) or "") if evidence else ""
    return label, quote


def _results(results: Graph, data: Graph, lang: str) -> list[Result]:
    out = []
    for node in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(node, SH.resultSeverity)
        focus = results.value(node, SH.focusNode)
        label, quote = describe(data, focus, lang) if focus is not None else ("", "")
        out.append(
            Result(
                severity=SEVERITIES.get(severity, _text(severity)),
                shape=_text(results.value(node, SH.sourceShape)),
                focus=_text(focus),
                path=_path_text(results, results.value(node, SH.resultPath)),
                message=_message(results, node, lang),
                label=label,
                quote=quote,
            )
        )
    return _in_order(out)


def _in_order(results: list[Result]) -> list[Result]:
    """Results without repeats, violations first, then by shape, focus node, path and message."""
    return sorted(set(results), key=_result_order)


def _result_order(r: Result) -> tuple:
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return (order.get(r.severity, 3), r.shape, r.focus, r.path, r.message, r.label)


def _path_text(results: Graph, path: Node | None) -> str:
    """A result path for people, in SPARQL property-path syntax with prefixes: `fp:county`,
    `^fp:county`, `(^fp:county/fp:measure/(skos:broader)*)` (sequences and repetitions in brackets,
    the way the `shacl` engine writes them, so both engines' results read the same)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return compact(str(path))
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(results, inverse)
    for predicate, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = results.value(path, predicate)
        if inner is not None:
            return f"({_path_text(results, inner)}){mark}"
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(results, p) for p in Collection(results, alternatives)) + ")"
    if results.value(path, RDF.first) is not None:
        return "(" + "/".join(_path_text(results, p) for p in Collection(results, path)) + ")"
    return "(path)"


_IRI_IN_PATH = re.compile(r"<([^>]*)>")


def _engine_path_text(path: str | None) -> str:
    """A path as the `shacl` engine gives it (`(^<iri>/<iri>/(<iri>)*)`), with prefixes."""
    return _IRI_IN_PATH.sub(lambda m: compact(m.group(1)), path or "")


ENGINES = ("shacl", "pyshacl")
DEFAULT_ENGINE = "shacl"
ENGINE_FILE_SUFFIXES = (".nt", ".nq", ".ttl", ".trig")  # the files the `shacl` engine reads itself


def open_graph(path: str | Path, engine: str = DEFAULT_ENGINE) -> Graph | StoreView:
    """The graph `validate` and the completeness checks read from the file at `path`: for the `shacl`
    engine an Oxigraph store behind a `StoreView` (no rdflib parse: 10^6 triples load in seconds, not
    a minute), for pyshacl, which needs one, the rdflib union graph."""
    if engine == "pyshacl":
        return union_graph(load_graph(path))
    from fupin.graph.query import load_store

    return StoreView(load_store(Path(path)), source=Path(path))


def validate_file(path: str | Path, *, lang: str = "en", engine: str = DEFAULT_ENGINE):
    """`validate` of the graph file at `path` against the packaged shapes, and `open_graph`'s view of it
    (the completeness checks read the same view), as (report, view).

    With the `shacl` engine on a file it reads itself, the engine runs in a thread while Oxigraph loads
    the file for the other checks: both parse and check in Rust with the GIL released, so on two cores
    the load and the engine overlap instead of adding up (10^6 triples: 5.6 s and 3.9 s of CPU)."""
    if engine != "shacl" or Path(path).suffix.lower() not in ENGINE_FILE_SUFFIXES:
        data = open_graph(path, engine)
        return validate(data, lang=lang, engine=engine), data
    from concurrent.futures import ThreadPoolExecutor

    shapes = load_shapes()
    with ThreadPoolExecutor(max_workers=1) as pool:
        core = pool.submit(_file_engine_report, Path(path), split_sparql_shapes(shapes)[0])
        data = open_graph(path, engine)
        report = _validate(data, shapes, lang=lang, engine=engine, conflicts=True, core_report=core.result())
    return report, data


def _file_engine_report(path: Path, core: Graph):
    import shacl

    compiled = shacl.Shapes.from_text(_ntriples(core), format="ntriples")
    return compiled.validate_file(str(path), allow_warnings=True)


def validate(
    data_graph: Graph | StoreView,
    shapes: Graph | Path | None = None,
    *,
    lang: str = "en",
    engine: str = DEFAULT_ENGINE,
) -> ValidationReport:
    """Validate `data_graph` (a Graph, the Dataset of a build, or `open_graph`'s view of a file) against
    `shapes`.

    `shapes` None means every packaged shapes file. Messages and labels are given in `lang` (zh or en).
    `engine` "shacl" is the Rust engine of the `shacl` package for the core shapes, with SHACL-SPARQL
    constraints run as SPARQL on Oxigraph (`fupin.graph.sparql_constraints`); "pyshacl" is the
    reference it is tested against (`tests/graph/test_shacl_engines.py`: the same results on every
    shape fixture and the bundled graph). With the packaged shapes, figures that disagree across
    reports (`graph/conflicts.py`) are added as warnings.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; use one of {', '.join(ENGINES)}")
    check_conflicts = shapes is None
    if shapes is None:
        shapes = load_shapes()
    elif isinstance(shapes, Path):
        shapes = Graph().parse(shapes, format="turtle")
    return _validate(data_graph, shapes, lang=lang, engine=engine, conflicts=check_conflicts)


def _validate(
    data_graph: Graph | StoreView,
    shapes: Graph,
    *,
    lang: str,
    engine: str,
    conflicts: bool,
    core_report=None,
) -> ValidationReport:
    """`validate` with the shapes loaded; `core_report` is the `shacl` engine's report on the core
    shapes when it was already run (on the file, by `validate_file`)."""
    data = union_graph(data_graph) if isinstance(data_graph, Graph) else data_graph
    if engine == "pyshacl":
        found = _pyshacl_results(data, shapes, lang)
    else:
        found = _shacl_results(data, shapes, lang, core_report)
    if conflicts:
        found = sorted(found + conflict_results(data, lang), key=_result_order)
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in found), results=found)


def _rdflib(data: Graph | StoreView) -> Graph:
    """An rdflib Graph of `data` (a view's triples copied: only pyshacl needs one)."""
    if isinstance(data, Graph):
        return data
    graph = Graph()
    for triple in data:
        graph.add(triple)
    return graph


def _pyshacl_results(data: Graph | StoreView, shapes: Graph, lang: str) -> list[Result]:
    """pyshacl on `data`, not copied (`inplace`): with inference off nothing is written to it, and a
    copy of a large graph costs as much as a quarter of the validation."""
    from pyshacl import validate as shacl_validate

    graph = _rdflib(data)
    _, results, _ = shacl_validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
    )
    return _results(results, graph, lang)


def _ntriples(graph: Graph) -> str:
    """N-Triples of `graph`, written by `fupin.graph.writer` without rdflib's serializer."""
    from fupin.graph import writer

    return b"".join(writer.lines(graph)).decode("utf-8")


def engine_report(data: Graph | StoreView, shapes: Graph):
    """The `shacl` engine's own report of `data` against `shapes` (the shapes handed over as N-Triples).

    A view of a file the engine reads is given to it by path (it reads the union of a quad file's
    graphs); any other view as the store's N-Quads; a Graph as N-Triples."""
    import shacl

    source = data.source if isinstance(data, StoreView) else None
    if source is not None and source.suffix.lower() in ENGINE_FILE_SUFFIXES:
        return _file_engine_report(source, shapes)
    compiled = shacl.Shapes.from_text(_ntriples(shapes), format="ntriples")
    if isinstance(data, Graph):
        return compiled.validate_text(_ntriples(data), format="ntriples", allow_warnings=True)
    import pyoxigraph as ox

    text = data.store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return compiled.validate_text(text, format="nquads", allow_warnings=True)


def _reachable(shapes: Graph, roots: Iterable[Node]) -> Graph:
    """The triples of `roots` and of every blank node (and sh:prefixes owner) they reach."""
    found, todo, seen = Graph(), list(roots), set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in shapes.triples((node, None, None)):
            found.add((s, p, o))
            if isinstance(o, BNode) or p == SH.prefixes:
                todo.append(o)
    return found


def split_sparql_shapes(shapes: Graph) -> tuple[Graph, Graph]:
    """(`shapes` without its SPARQL-based constraints, the shapes that have them with everything they
    reach). The `shacl` engine runs the first; the second runs as SPARQL on Oxigraph, because the
    engine's own SPARQL evaluation loses `YEAR(?date) - xsd:integer(…)` (fpsh:ExitDateInBatchWindow
    found nothing where pyshacl warns; tests/graph/test_shacl_engines.py)."""
    sparql = set(shapes.subjects(SH.sparql, None))
    if not sparql:
        return shapes, Graph()
    core = Graph()
    for triple in shapes:
        if not (triple[0] in sparql and triple[1] == SH.sparql):
            core.add(triple)
    return core, _reachable(shapes, sparql)


def _store_of(data: Graph | StoreView):
    """The Oxigraph store the SPARQL constraints run on: a view's own, or one loaded with a Graph."""
    if isinstance(data, StoreView):
        return data.store
    import pyoxigraph as ox

    store = ox.Store()
    store.load(_ntriples(data).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _sparql_shape_results(data: Graph | StoreView, shapes: Graph, lang: str) -> list[Result]:
    """The SPARQL-based shapes: those `sparql_constraints` supports on Oxigraph, any other on pyshacl."""
    from fupin.graph.sparql_constraints import sparql_results, supported

    if not len(shapes):
        return []
    out = []
    for r in sparql_results(_store_of(data), shapes):
        label, quote = describe(data, r.focus, lang)
        severity = SEVERITIES.get(r.severity, _text(r.severity))
        message = _by_script(list(r.messages), lang)
        out.append(Result(severity, _text(r.shape), _text(r.focus), "", message, label, quote))
    others = [s for s in set(shapes.subjects(SH.sparql, None)) if not supported(shapes, s)]
    if others:
        out += _pyshacl_results(data, _reachable(shapes, others), lang)
    return out


def _shacl_results(data: Graph | StoreView, shapes: Graph, lang: str, core_report=None) -> list[Result]:
    from rdflib.util import from_n3

    core, sparql = split_sparql_shapes(shapes)
    out = _sparql_shape_results(data, sparql, lang)
    for r in (core_report or engine_report(data, core)).results:
        focus = from_n3(r.focus_node)
        shape = from_n3(r.source_shape) if r.source_shape else None
        label, quote = describe(data, focus, lang) if focus is not None else ("", "")
        out.append(
            Result(
                severity=r.severity,
                shape=_text(shape),
                focus=_text(focus),
                path=_engine_path_text(r.path),
                message=_engine_message(shapes, shape, list(r.messages), lang),
                label=label,
                quote=quote,
            )
        )
    return _in_order(out)


def _by_script(messages: list[str], lang: str) -> str:
    """The message in `lang`'s script (Chinese for zh), first by text; any message if none is: what
    `fupin validate` shows when a message has lost its language tag (pyshacl drops it when it fills
    in a SPARQL constraint's {?var}; the `shacl` engine drops them all)."""
    chinese = sorted(m for m in messages if any("\u4e00" <= ch <= "\u9fff" for ch in m))
    other = sorted(m for m in messages if m not in chinese)
    picked = (chinese if lang == "zh" else other) or chinese or other
    return picked[0] if picked else ""


def _engine_message(shapes: Graph, shape: Node | None, messages: list[str], lang: str) -> str:
    """The shape's sh:message in `lang` (the engine drops language tags, the shapes graph has them);
    for a SPARQL constraint, whose message the engine fills in, the filled-in one in `lang`'s script."""
    declared = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)] if shape else []
    for want in (lang, "en"):
        for m in declared:
            if m.language == want:
                return str(m)
    if declared:
        return str(declared[0])
    return _by_script(messages, lang)


CONFLICT_SHAPE = "fpsh:ConflictingFigures"
_CONFLICT_MESSAGE = {
    "en": "Two reports give different achieved figures for the same indicator and period",
    "zh": "不同报告对同一指标同一时期给出不一致的数字",
}


def conflict_candidates(data: Graph | StoreView) -> Graph:
    """The observations that may conflict, with all `find_conflicts` reads of them, as a small Graph.

    Two observations conflict only if they share a scope (fp:county or fp:place), an indicator and a
    reference year (as text), and both are dated by their text (fp:yearBasis fp:StatedYear): grouping
    by every such combination, in one scan per property, keeps each observation that shares one with
    another and is not stated by the same report as each of them: a superset of the pairs
    `find_conflicts` compares, which then applies the whole rule to them alone.
    Their triples, their evidence's and their reports' fp:sourceFile are all it reads."""
    stated = set(data.subjects(FP.yearBasis, FP.StatedYear)) & set(data.subjects(RDF.type, FP.Observation))
    scopes = objects_by_subject(data, FP.county)
    for obs, place in data.subject_objects(FP.place):
        scopes.setdefault(obs, []).append(place)
    indicators = objects_by_subject(data, FP.indicator)
    groups: dict[tuple, list[Node]] = {}
    for obs, year in data.subject_objects(FP.referenceYear):
        if obs in stated:
            for scope in scopes.get(obs, ()):
                for indicator in indicators.get(obs) or [None]:
                    groups.setdefault((scope, indicator, str(year)), []).append(obs)
    reports: dict[Node, set[Node]] = {}
    for obs in {obs for members in groups.values() if len(set(members)) > 1 for obs in members}:
        reports[obs] = {r for ev in data.objects(obs, FP.evidence) for r in data.objects(ev, FP.source)}
    candidates = set()
    for members in groups.values():
        for a, b in combinations(sorted(set(members), key=str), 2):
            if not reports[a] & reports[b]:  # one report's two figures side by side never conflict
                candidates.update((a, b))
    found = Graph()
    for obs in candidates:
        for triple in data.triples((obs, None, None)):
            found.add(triple)
        for evidence in data.objects(obs, FP.evidence):
            for triple in data.triples((evidence, None, None)):
                found.add(triple)
                if triple[1] == FP.source:
                    for report_triple in data.triples((triple[2], FP.sourceFile, None)):
                        found.add(report_triple)
    return found


def conflict_results(data: Graph | StoreView, lang: str = "en") -> list[Result]:
    """One warning per pair of figures that disagree, quoting both sides (never a violation: either
    report, or the extractor, may be wrong)."""
    from fupin.graph.conflicts import find_conflicts

    results = []
    for c in find_conflicts(conflict_candidates(data)):
        label, _ = describe(data, c.a, lang)
        quote_a = c.statements_a[0] if c.statements_a else None
        quote_b = c.statements_b[0] if c.statements_b else None
        quotes = " ↔ ".join(f"{s.quote} ({s.file})" for s in (quote_a, quote_b) if s is not None)
        results.append(
            Result(
                severity="Warning",
                shape=CONFLICT_SHAPE,
                focus=compact(str(c.a)),
                path="fp:value",
                message=_CONFLICT_MESSAGE.get(lang, _CONFLICT_MESSAGE["en"]),
                label=f"{label} {c.year}: {_plain(c.value_a)} ≠ {_plain(c.value_b)} ({compact(str(c.b))})",
                quote=quotes,
            )
        )
    return results


def _plain(number: Decimal) -> str:
    """159000 rather than 159000.0 or 1.59E+5."""
    return format(number.normalize(), "f")
