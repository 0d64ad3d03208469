"""Exports for people who do not use RDF tools: JSON-LD with a shipped context, and CSV tables.

The JSON-LD export names its context by a relative file name (`context.jsonld`, written next to it)
rather than a URL, so it reads back with no network: `read_jsonld` inlines that file before parsing,
and a JSON-LD processor resolves the name against the export's own location. The context itself is
generated from the ontology (`build_context`) and shipped as fupin/web/context.jsonld; a test keeps
the two equal.

The CSV tables have one row per fact and evidence sentence (a figure read from two sentences is two
rows), with the evidence's file, quote, offsets, rule and confidence, so a spreadsheet user can check
every number. They are UTF-8 with a byte-order mark, which is what makes Excel read Chinese correctly.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from fupin.graph.store import union_graph
from fupin.graph.vocab import DCTERMS, FP, FPD, FPI, FPM, FPU, OWL, PROV, RDF, RDFS, SKOS, XSD

CONTEXT_NAME = "context.jsonld"
JSONLD_NAME = "fupin-kg.jsonld"
# Each CSV column with the property path it is read along from the fact node (the evidence columns from
# the evidence node): the one declaration of what the tables hold. tests/test_schema.py checks every step
# against what graph/build.py writes, shapes/structure.ttl requires and ontology/fupin.ttl declares.
EVIDENCE_PATHS: dict[str, tuple[URIRef, ...]] = {
    "file": (FP.source, FP.sourceFile),
    "quote": (FP.quote,),
    "start": (FP.start,),
    "end": (FP.end,),
    "rule": (FP.rule,),
    "confidence": (FP.confidence,),
}
_COUNTY_PATHS: dict[str, tuple[URIRef, ...]] = {
    "county_code": (FP.county, FP.divisionCode),
    "county": (FP.county,),
}
OBSERVATION_PATHS: dict[str, tuple[URIRef, ...]] = {
    **_COUNTY_PATHS,
    "indicator": (FP.indicator,),
    "indicator_label": (FP.indicator,),
    "value": (FP.value,),
    "unit": (FP.unit,),
    "status": (FP.status,),
    "period_start": (FP.referencePeriodStart,),
    "period_end": (FP.referencePeriodEnd,),
}
INTERVENTION_PATHS: dict[str, tuple[URIRef, ...]] = {
    **_COUNTY_PATHS,
    "measure": (FP.measure,),
    "measure_label": (FP.measure,),
    "measure_detail": (FP.measureDetail,),
    "partners": (FP.partner,),
}
EVIDENCE_COLUMNS = tuple(EVIDENCE_PATHS)
OBSERVATION_COLUMNS = ("observation", *OBSERVATION_PATHS, *EVIDENCE_COLUMNS)
INTERVENTION_COLUMNS = ("intervention", *INTERVENTION_PATHS, *EVIDENCE_COLUMNS)
_PREFIXES = {
    "fp": str(FP),
    "fpm": str(FPM),
    "fpi": str(FPI),
    "fpu": str(FPU),
    "fpd": str(FPD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "owl": str(OWL),
}


def shipped_context_path() -> Path:
    """fupin/web/context.jsonld: in a checkout next to this package, else inside the installed one."""
    from fupin.resources import folder

    return folder("web") / CONTEXT_NAME


def _term_definition(ontology: Graph, term: URIRef) -> str | dict[str, str]:
    """An object property's values are IRIs; a datatype property's literals get its xsd range."""
    compact = "fp:" + str(term)[len(str(FP)) :]
    if (term, RDF.type, OWL.ObjectProperty) in ontology:
        return {"@id": compact, "@type": "@id"}
    ranges = [r for r in ontology.objects(term, RDFS.range) if str(r).startswith(str(XSD))]
    if (term, RDF.type, OWL.DatatypeProperty) in ontology and len(ranges) == 1:
        return {"@id": compact, "@type": "xsd:" + str(ranges[0])[len(str(XSD)) :]}
    return compact


def build_context(ontology: Graph) -> dict[str, Any]:
    """The JSON-LD context: the project prefixes, and one term per fp: class, property and named
    individual of the ontology (its local name: `County`, `county`, `evidence`, `Target`)."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.NamedIndividual)
    terms = {
        s
        for kind in kinds
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(FP)) and str(s) != str(FP)
    }
    terms |= {s for s in ontology.subjects(RDF.type, FP.Status) if isinstance(s, URIRef)}
    context: dict[str, Any] = dict(_PREFIXES)
    for term in sorted(terms, key=str):
        name = str(term)[len(str(FP)) :]
        if name and name not in context:
            context[name] = _term_definition(ontology, term)
    return {"@context": context}


def _context_terms(context_file: Path) -> dict[str, Any]:
    return json.loads(context_file.read_text(encoding="utf-8"))["@context"]


def export_jsonld(data: Graph, output: Path, *, context_file: Path | None = None) -> Path:
    """Write `output`/fupin-kg.jsonld (compacted with the shipped context, which is copied beside it as
    context.jsonld) and return its path. Named graphs (one per report, from a .trig or .nq) stay named
    graphs: `{"@id": report graph, "@graph": [...]}` beside the default graph's nodes. Nodes are sorted
    by @id and blank nodes labelled from the content, so the same graph gives the same bytes."""
    context_file = context_file or shipped_context_path()
    terms = _context_terms(context_file)
    doc = json.loads(_canonical(data).serialize(format="json-ld", context=terms, auto_compact=True))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]
    out = {"@context": CONTEXT_NAME, "@graph": _sorted(nodes)}
    output.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(context_file, output / CONTEXT_NAME)
    target = output / JSONLD_NAME
    text = json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def _canonical(data: Graph) -> Dataset:
    """`data` as a Dataset whose graphs have canonical blank-node labels (a parser's are random); a
    plain Graph becomes the default graph."""
    from fupin.graph.build import stable_bnodes

    out = Dataset()
    source = data if isinstance(data, Dataset) else None
    if source is None:
        for triple in stable_bnodes(data):
            out.default_graph.add(triple)
        return out
    default = source.default_graph.identifier
    for graph in source.graphs():
        target = out.default_graph if graph.identifier == default else out.graph(graph.identifier)
        for triple in stable_bnodes(graph):
            target.add(triple)
    return out


def _sorted(node: Any) -> Any:
    """Every JSON array sorted except @list ones (whose order is data): rdflib emits a property's values
    in store order, which changes between processes."""
    if isinstance(node, dict):
        return {k: v if k == "@list" else _sorted(v) for k, v in node.items()}
    if isinstance(node, list):
        return sorted(
            (_sorted(x) for x in node), key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False)
        )
    return node


def read_jsonld(path: Path) -> Dataset:
    """Parse an export into a Dataset (named graphs kept), replacing a @context that names a local
    file by that file's content, so no parser ever tries to fetch it. A context given as a URL is
    refused (ValueError)."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    context = doc.get("@context")
    if isinstance(context, str):
        if "://" in context or context.startswith("/"):
            raise ValueError(f"{path}: @context {context!r} is not a file next to the export")
        doc["@context"] = _context_terms(Path(path).parent / context)
    data = Dataset()
    data.parse(data=json.dumps(doc, ensure_ascii=False), format="json-ld", publicID=DATASET_DEFAULT_GRAPH_ID)
    return data


# ---------------------------------------------------------------- CSV


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


def _label(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    for prop in (SKOS.prefLabel, RDFS.label):
        labels = sorted((x for x in graph.objects(node, prop) if isinstance(x, Literal)), key=str)
        zh = [x for x in labels if (x.language or "").startswith("zh")]
        if zh or labels:
            return str((zh or labels)[0])
    return ""


def _notation(node: Node | None, namespace: str) -> str:
    text = _text(node)
    return text[len(namespace) :] if text.startswith(namespace) else text


def _at(graph: Graph, node: Node | None, path: tuple[URIRef, ...]) -> Node | None:
    """The value at the end of `path` from `node` (one value per step), None where a step has none."""
    for predicate in path:
        node = None if node is None else graph.value(node, predicate)
    return node


def _evidence_rows(graph: Graph, fact: Node) -> Iterator[dict[str, str]]:
    evidence = sorted(
        graph.objects(fact, FP.evidence),
        key=lambda e: (_text(_at(graph, e, EVIDENCE_PATHS["file"])), int(graph.value(e, FP.start) or 0)),
    )
    for ev in evidence:
        yield {column: _text(_at(graph, ev, path)) for column, path in EVIDENCE_PATHS.items()}
    if not evidence:
        yield dict.fromkeys(EVIDENCE_COLUMNS, "")


def _county(graph: Graph, fact: Node) -> dict[str, str]:
    return {
        "county_code": _text(_at(graph, fact, _COUNTY_PATHS["county_code"])),
        "county": _label(graph, _at(graph, fact, _COUNTY_PATHS["county"])),
    }


def observation_rows(data: Graph, labels: Graph | None = None) -> list[dict[str, str]]:
    """One row per observation and evidence sentence; labels from `labels` (the ontology) if given."""
    graph = union_graph(data)
    names = graph + labels if labels is not None else graph
    rows = []
    for obs in graph.subjects(RDF.type, FP.Observation):
        at = {column: _at(graph, obs, path) for column, path in OBSERVATION_PATHS.items()}
        base = {
            "observation": str(obs),
            **_county(graph, obs),
            "indicator": _notation(at["indicator"], str(FPI)),
            "indicator_label": _label(names, at["indicator_label"]),
            "value": _text(at["value"]),
            "unit": _notation(at["unit"], str(FPU)),
            "status": _notation(at["status"], str(FP)) if at["status"] is not None else "Achieved",
            "period_start": _text(at["period_start"]),
            "period_end": _text(at["period_end"]),
        }
        rows.extend({**base, **ev} for ev in _evidence_rows(graph, obs))
    return sorted(
        rows, key=lambda r: (r["county_code"], r["indicator"], r["observation"], r["file"], r["start"])
    )


def intervention_rows(data: Graph, labels: Graph | None = None) -> list[dict[str, str]]:
    """One row per intervention and evidence sentence."""
    graph = union_graph(data)
    names = graph + labels if labels is not None else graph
    rows = []
    for node in graph.subjects(RDF.type, FP.Intervention):
        paths = INTERVENTION_PATHS
        measure = _at(graph, node, paths["measure"])
        details = graph.objects(node, paths["measure_detail"][0])
        partners = graph.objects(node, paths["partners"][0])
        base = {
            "intervention": str(node),
            **_county(graph, node),
            "measure": _notation(measure, str(FPM)),
            "measure_label": _label(names, _at(graph, node, paths["measure_label"])),
            "measure_detail": " ".join(sorted(_notation(d, str(FPM)) for d in details)),
            "partners": "; ".join(sorted(_label(graph, p) for p in partners)),
        }
        rows.extend({**base, **ev} for ev in _evidence_rows(graph, node))
    return sorted(
        rows, key=lambda r: (r["county_code"], r["measure"], r["intervention"], r["file"], r["start"])
    )


def write_csv(rows: list[dict[str, str]], columns: tuple[str, ...], path: Path) -> Path:
    """A CSV file in UTF-8 with a BOM (Excel reads it as UTF-8 only then), CRLF line ends as RFC 4180."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def export_csv(data: Graph, output: Path, *, labels: Graph | None = None) -> list[Path]:
    """observations.csv and interventions.csv in `output`."""
    return [
        write_csv(observation_rows(data, labels), OBSERVATION_COLUMNS, output / "observations.csv"),
        write_csv(intervention_rows(data, labels), INTERVENTION_COLUMNS, output / "interventions.csv"),
    ]
