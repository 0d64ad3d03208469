"""Every structure shape (shapes/structure.ttl) on a small graph that passes it and one that fails it.

The base graph is one county's facts as the builder writes them, with quotes located in the real
郧阳区 report; each case edits it with a SPARQL update and asserts exactly which shape fails on which node.
The completeness tests reuse the base graph (it is complete, so it raises no warning either).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest
from rdflib import Graph
from sample_facts import F000, Reader

from fupin.graph.validate import load_shapes, validate
from fupin.graph.vocab import SH

PREFIXES = """
PREFIX fp: <https://w3id.org/fupin/ontology#>
PREFIX fpm: <https://w3id.org/fupin/measure/>
PREFIX fpi: <https://w3id.org/fupin/indicator/>
PREFIX fpu: <https://w3id.org/fupin/unit/>
PREFIX fpd: <https://w3id.org/fupin/id/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def _evidence(node: str, quote: str, rule: str) -> str:
    ev = Reader(F000).ev(quote, rule)
    return (
        f'fpd:{node} a fp:Evidence ; fp:source fpd:r0 ; fp:quote "{ev.quote}" ; fp:start {ev.start} ; '
        f'fp:end {ev.end} ; fp:rule "{ev.rule}" ; fp:confidence 0.9 .\n'
    )


@cache
def base_turtle() -> str:
    """郧阳区 with one fact of each kind, its five-batches interventions and the concepts they use."""
    evidence = "".join(
        _evidence(node, quote, rule)
        for node, quote, rule in [
            ("e0", "全区16.3万建档立卡贫困人口全部脱贫", "indicators.outcome"),
            ("e1", "袜业扶贫车间", "measures.lexicon"),
            ("e2", "依托湖北裕佳菇业公司", "actors.enterprise"),
            ("e3", "郧阳区人民政府区长 胡先平", "actors.title"),
            ("e4", "建设“四大工程”", "programs.quoted"),
            ("e5", "2020年4月23日省政府批准郧阳区退出贫困县", "dates.exit"),
        ]
    )
    measures = ["industry", "relocation-follow-up", "eco-compensation", "student-aid", "five-guarantees"]
    interventions = "".join(
        f"fpd:i{n} a fp:Intervention ; fp:county fpd:c0 ; fp:measure fpm:{m} ; fp:evidence fpd:e1 .\n"
        for n, m in enumerate(measures)
    )
    concepts = "".join(
        f"{c} a skos:Concept .\n"
        for c in [
            "fpi:lifted-population",
            "fpu:person",
            "fpu:percent",
            "fpm:workshop",
            *(f"fpm:{m}" for m in measures),
        ]
    )
    return f"""{PREFIXES.replace("PREFIX", "@prefix").replace(">", "> .")}
fpd:c0 a fp:County ; fp:divisionCode "420304" ; rdfs:label "郧阳区"@zh ; fp:partOf fpd:p420300 ;
    fp:exitDate "2020-04-23"^^xsd:date .
fpd:r0 a fp:Report ; fp:sourceFile "{F000}" ; fp:about fpd:c0 ; dcterms:title "巩固脱贫成果 提高脱贫质量"@zh ;
    fp:publicationDate "2020-10-17"^^xsd:date .
{evidence}
fpd:o0 a fp:Observation ; fp:county fpd:c0 ; fp:indicator fpi:lifted-population ; fp:value 163000.0 ;
    fp:unit fpu:person ; fp:status fp:Achieved ; fp:evidence fpd:e0 .
{interventions}
fpd:i0 fp:partner fpd:x0 .
fpd:x0 a fp:Enterprise ; rdfs:label "湖北裕佳菇业公司"@zh ; fp:county fpd:c0 ; fp:evidence fpd:e2 .
fpd:h0 a fp:Person ; rdfs:label "胡先平"@zh .
fpd:s0 a fp:Position ; fp:holder fpd:h0 ; fp:title "区长"@zh ; fp:county fpd:c0 ; fp:evidence fpd:e3 .
fpd:g0 a fp:Program ; rdfs:label "四大工程"@zh ; fp:county fpd:c0 ; fp:measure fpm:workshop ;
    fp:hasPart fpd:g1 ; fp:evidence fpd:e4 .
fpd:g1 a fp:Program ; rdfs:label "舒心工程"@zh ; fp:county fpd:c0 ; fp:evidence fpd:e4 .
fpd:a0 a fp:ExitApproval ; fp:county fpd:c0 ; fp:exitDate "2020-04-23"^^xsd:date ; fp:evidence fpd:e5 .
fpm:relocation-follow-up skos:broader fpm:relocation .
fpm:student-aid skos:broader fpm:education .
fpm:five-guarantees skos:broader fpm:social-security .
{concepts}"""


def graph(update: str = "") -> Graph:
    """The base graph, edited by `update` (SPARQL Update without prefixes)."""
    data = Graph().parse(data=base_turtle(), format="turtle")
    if update:
        data.update(PREFIXES + update)
    return data


@cache
def shapes(name: str) -> Graph:
    return load_shapes(name)


def found(data: Graph, name: str) -> set[tuple[str, str]]:
    """(shape, focus) of every result of validating `data` with the shapes file `name`."""
    return {(r.shape, r.focus) for r in validate(data, shapes(name)).results}


def reported_shapes(shapes_graph: Graph) -> set[str]:
    """Shapes a result can name: property shapes, and targeted node shapes with constraints of their own."""
    from fupin.graph.vocab import compact

    names = {compact(str(s)) for s in shapes_graph.subjects(SH.path, None) if not _blank(s)}
    own = (SH["or"], SH["not"], SH.xone, SH["class"], SH.node, SH.nodeKind)
    for s in shapes_graph.subjects(None, None):
        if _blank(s) or not any((s, p, None) in shapes_graph for p in own):
            continue
        if any((s, p, None) in shapes_graph for p in (SH.targetClass, SH.targetObjectsOf, SH.targetNode)):
            names.add(compact(str(s)))
    return names


def _blank(node) -> bool:
    from rdflib import BNode

    return isinstance(node, BNode)


@dataclass(frozen=True)
class Case:
    shape: str
    focus: str
    fail: str
    passes: str = ""
    also: frozenset[tuple[str, str]] = frozenset()


def swap(node: str, prop: str, new: str) -> str:
    """Replace every value of `prop` on `node` by `new`."""
    return f"DELETE {{ {node} {prop} ?x }} INSERT {{ {node} {prop} {new} }} WHERE {{ {node} {prop} ?x }}"


def drop(node: str, prop: str) -> str:
    return f"DELETE WHERE {{ {node} {prop} ?x }}"


def add(triples: str) -> str:
    return f"INSERT DATA {{ {triples} }}"


CASES = [
    Case("fpsh:Observation-indicator", "fpd:o0", swap("fpd:o0", "fp:indicator", "fpi:no-such-indicator")),
    Case("fpsh:Observation-value", "fpd:o0", drop("fpd:o0", "fp:value")),
    Case(
        "fpsh:Observation-nonNegative",
        "fpd:o0",
        swap("fpd:o0", "fp:value", "'-5.0'^^xsd:decimal"),
        swap("fpd:o0", "fp:value", "0.0"),
    ),
    Case("fpsh:Observation-unit", "fpd:o0", drop("fpd:o0", "fp:unit")),
    Case("fpsh:Observation-county", "fpd:o0", swap("fpd:o0", "fp:county", "fpd:r0")),
    Case(
        "fpsh:Observation-place",
        "fpd:o0",
        drop("fpd:o0", "fp:county") + "; " + add("fpd:o0 fp:place fpd:t0, fpd:t1"),
        drop("fpd:o0", "fp:county") + "; " + add("fpd:o0 fp:place fpd:t0"),
    ),
    Case(
        "fpsh:ObservationWhereShape",
        "fpd:o0",
        add('fpd:o0 fp:place fpd:t0 . fpd:t0 rdfs:label "谭家湾镇"@zh ; fp:partOf fpd:c0'),
        drop("fpd:o0", "fp:county"),
    ),
    Case("fpsh:Observation-evidence", "fpd:o0", drop("fpd:o0", "fp:evidence")),
    Case(
        "fpsh:Observation-status",
        "fpd:o0",
        swap("fpd:o0", "fp:status", "fp:Planned"),
        swap("fpd:o0", "fp:status", "fp:Target"),
    ),
    Case(
        "fpsh:Observation-targetYear",
        "fpd:o0",
        add('fpd:o0 fp:targetYear "2017"'),
        add('fpd:o0 fp:targetYear "2017"^^xsd:gYear'),
    ),
    Case(
        "fpsh:Observation-periodStart",
        "fpd:o0",
        add('fpd:o0 fp:referencePeriodStart "2014年"'),
        add('fpd:o0 fp:referencePeriodStart "2014"^^xsd:gYear'),
    ),
    Case(
        "fpsh:Observation-periodEnd",
        "fpd:o0",
        add('fpd:o0 fp:referencePeriodEnd "2019"^^xsd:gYear, "2020"^^xsd:gYear'),
        add('fpd:o0 fp:referencePeriodEnd "2019"^^xsd:gYear'),
    ),
    Case(
        "fpsh:Observation-approximate",
        "fpd:o0",
        add('fpd:o0 fp:approximate "以上"'),
        add("fpd:o0 fp:approximate true"),
    ),
    Case(
        "fpsh:Observation-referenceYear",
        "fpd:o0",
        add('fpd:o0 fp:referenceYear "2019"^^xsd:gYear, "2020"^^xsd:gYear'),
        add('fpd:o0 fp:referenceYear "2019"^^xsd:gYear'),
    ),
    Case(
        "fpsh:Observation-yearBasis",
        "fpd:o0",
        add("fpd:o0 fp:yearBasis fp:Achieved"),
        add("fpd:o0 fp:yearBasis fp:StatedYear"),
    ),
    Case(
        "fpsh:Observation-cumulative",
        "fpd:o0",
        add('fpd:o0 fp:cumulative "累计"'),
        add("fpd:o0 fp:cumulative true"),
    ),
    Case(
        "fpsh:Observation-precision",
        "fpd:o0",
        add("fpd:o0 fp:precision 0.0"),
        add('fpd:o0 fp:precision "1000"^^xsd:decimal'),
    ),
    Case(
        "fpsh:PercentShape",
        "fpd:o0",
        swap("fpd:o0", "fp:unit", "fpu:percent") + " ; " + swap("fpd:o0", "fp:value", "951.0"),
        swap("fpd:o0", "fp:unit", "fpu:percent") + " ; " + swap("fpd:o0", "fp:value", "100.0"),
    ),
    Case("fpsh:Evidence-quote", "fpd:e0", drop("fpd:e0", "fp:quote")),
    Case("fpsh:Evidence-start", "fpd:e0", swap("fpd:e0", "fp:start", "-1")),
    Case("fpsh:Evidence-end", "fpd:e0", drop("fpd:e0", "fp:end")),
    Case(
        "fpsh:Evidence-order",
        "fpd:e0",
        "DELETE { fpd:e0 fp:start ?s } INSERT { fpd:e0 fp:start ?e } "
        "WHERE { fpd:e0 fp:start ?s ; fp:end ?e }",
    ),
    Case("fpsh:Evidence-source", "fpd:e0", drop("fpd:e0", "fp:source")),
    Case("fpsh:Evidence-rule", "fpd:e0", drop("fpd:e0", "fp:rule")),
    Case(
        "fpsh:Evidence-confidence",
        "fpd:e0",
        swap("fpd:e0", "fp:confidence", "1.5"),
        swap("fpd:e0", "fp:confidence", "1.0"),
    ),
    Case(
        "fpsh:Intervention-county",
        "fpd:i0",
        swap("fpd:i0", "fp:county", "fpd:r0"),
        drop("fpd:i0", "fp:county"),
    ),
    Case("fpsh:Intervention-measure", "fpd:i0", swap("fpd:i0", "fp:measure", "fpm:no-such-measure")),
    Case("fpsh:Intervention-evidence", "fpd:i0", drop("fpd:i0", "fp:evidence")),
    Case(
        "fpsh:Intervention-detail",
        "fpd:i0",
        add("fpd:i0 fp:measureDetail fpi:lifted-population"),
        add("fpd:i1 fp:measureDetail fpm:relocation-follow-up"),
    ),
    Case("fpsh:Intervention-partner", "fpd:i0", swap("fpd:i0", "fp:partner", '"湖北裕佳菇业公司"')),
    Case("fpsh:Enterprise-label", "fpd:x0", drop("fpd:x0", "rdfs:label")),
    Case(
        "fpsh:Enterprise-county", "fpd:x0", swap("fpd:x0", "fp:county", "fpd:r0"), drop("fpd:x0", "fp:county")
    ),
    Case("fpsh:Enterprise-evidence", "fpd:x0", drop("fpd:x0", "fp:evidence")),
    Case(
        "fpsh:Enterprise-share",
        "fpd:x0",
        add("fpd:x0 fp:sharePercent 120.0"),
        add("fpd:x0 fp:sharePercent 51.0"),
    ),
    Case("fpsh:Position-holder", "fpd:s0", drop("fpd:s0", "fp:holder")),
    Case("fpsh:Position-title", "fpd:s0", drop("fpd:s0", "fp:title")),
    Case("fpsh:Position-county", "fpd:s0", drop("fpd:s0", "fp:county")),
    Case("fpsh:Position-evidence", "fpd:s0", drop("fpd:s0", "fp:evidence")),
    Case("fpsh:Person-label", "fpd:h0", drop("fpd:h0", "rdfs:label")),
    Case("fpsh:Program-label", "fpd:g0", drop("fpd:g0", "rdfs:label")),
    Case("fpsh:Program-county", "fpd:g0", swap("fpd:g0", "fp:county", "fpd:r0"), drop("fpd:g0", "fp:county")),
    Case("fpsh:Program-evidence", "fpd:g0", drop("fpd:g0", "fp:evidence")),
    Case("fpsh:Program-part", "fpd:g0", add("fpd:g0 fp:hasPart fpd:i0")),
    Case("fpsh:Program-measure", "fpd:g0", swap("fpd:g0", "fp:measure", "fpi:lifted-population")),
    Case("fpsh:County-code", "fpd:c0", drop("fpd:c0", "fp:divisionCode")),
    Case(
        "fpsh:County-known",
        "fpd:c0",
        swap("fpd:c0", "fp:divisionCode", '"429999"'),
        swap("fpd:c0", "fp:divisionCode", '"429004"'),
    ),
    Case("fpsh:County-label", "fpd:c0", drop("fpd:c0", "rdfs:label")),
    Case("fpsh:County-partOf", "fpd:c0", drop("fpd:c0", "fp:partOf")),
    Case(
        "fpsh:County-exitDate",
        "fpd:c0",
        swap("fpd:c0", "fp:exitDate", '"2022-01-10"^^xsd:date'),
        swap("fpd:c0", "fp:exitDate", '"2021-12-31"^^xsd:date'),
    ),
    Case("fpsh:ExitApproval-county", "fpd:a0", drop("fpd:a0", "fp:county")),
    Case(
        "fpsh:ExitApproval-date",
        "fpd:a0",
        swap("fpd:a0", "fp:exitDate", '"2013-12-31"^^xsd:date'),
        swap("fpd:a0", "fp:exitDate", '"2014-01-01"^^xsd:date'),
    ),
    Case("fpsh:ExitApproval-evidence", "fpd:a0", drop("fpd:a0", "fp:evidence")),
    Case("fpsh:Report-source", "fpd:r0", drop("fpd:r0", "fp:sourceFile")),
    Case("fpsh:Report-about", "fpd:r0", add("fpd:r0 fp:about fpd:c1")),
    Case("fpsh:Report-title", "fpd:r0", add('fpd:r0 dcterms:title "另一个标题"@zh')),
    Case("fpsh:Report-date", "fpd:r0", swap("fpd:r0", "fp:publicationDate", '"2020年10月17日"')),
    Case(
        "fpsh:Report-author",
        "fpd:r0",
        add('fpd:r0 fp:author "甲"@zh, "乙"@zh'),
        add('fpd:r0 fp:author "甲"@zh'),
    ),
    Case(
        "fpsh:Report-subjectRule",
        "fpd:r0",
        add('fpd:r0 fp:subjectRule "subject.heading", "subject.count"'),
        add('fpd:r0 fp:subjectRule "subject.heading"'),
    ),
    Case(
        "fpsh:Report-subjectReason",
        "fpd:r0",
        add("fpd:r0 fp:subjectReason fpd:c0"),
        add('fpd:r0 fp:subjectReason "no county named"'),
    ),
    Case(
        "fpsh:Report-textSha256",
        "fpd:r0",
        add('fpd:r0 fp:textSha256 "abc"'),
        add('fpd:r0 fp:textSha256 "0000000000000000000000000000000000000000000000000000000000000000"'),
    ),
    Case(
        "fpsh:Report-evidence", "fpd:r0", add("fpd:r0 fp:evidence fpd:c0"), add("fpd:r0 fp:evidence fpd:e0")
    ),
    Case(
        "fpsh:Position-attestedYear",
        "fpd:s0",
        add('fpd:s0 fp:attestedYear "2020"'),
        add('fpd:s0 fp:attestedYear "2020"^^xsd:gYear'),
    ),
    Case(
        "fpsh:Person-nameKey",
        "fpd:h0",
        add('fpd:h0 fp:nameKey "甲", "乙"'),
        add('fpd:h0 fp:nameKey "胡先平"'),
    ),
    Case(
        "fpsh:Enterprise-measure",
        "fpd:x0",
        add("fpd:x0 fp:measure fpd:c0"),
        add("fpd:x0 fp:measure fpm:workshop"),
    ),
    Case("fpsh:Enterprise-role", "fpd:x0", add("fpd:x0 fp:role fpd:c0"), add('fpd:x0 fp:role "依托"@zh')),
    Case(
        "fpsh:Enterprise-nameKey",
        "fpd:x0",
        add('fpd:x0 fp:nameKey "甲", "乙"'),
        add('fpd:x0 fp:nameKey "裕佳菇业"'),
    ),
]


def test_the_base_graph_passes_every_structure_shape():
    assert found(graph(), "structure.ttl") == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_a_graph_passes_the_shape(case):
    assert found(graph(case.passes), "structure.ttl") == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_a_graph_fails_the_shape_on_the_edited_node(case):
    assert found(graph(case.fail), "structure.ttl") == {(case.shape, case.focus)} | case.also


def test_every_structure_shape_has_a_case_and_a_reason():
    assert reported_shapes(shapes("structure.ttl")) == {c.shape for c in CASES}


def test_a_violation_carries_the_label_and_quote_of_its_node():
    [result] = validate(graph(drop("fpd:o0", "fp:value")), shapes("structure.ttl"), lang="zh").results
    assert result.label == "郧阳区 · fpi:lifted-population"
    assert result.quote == "全区16.3万建档立卡贫困人口全部脱贫"
    assert "数值" in result.message
