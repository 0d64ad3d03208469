"""The linksets shipped in ontology/links/: what they hold, which counties they leave unlinked, and how
an online `fupin link wikidata` run compares with them.

The shipped Wikidata links come from saved extractions of Wikidata (see ontology/links/sources/README.md),
each link reified as an `rdf:Statement` in a cross-checked or a single-source subset. A run against a
live endpoint confirms a shipped link (same item), corrects it (one other item), or finds nothing; the
changes are written as statements of their own with `prov:wasRevisionOf` the shipped statement, so the
shipped linkset is never silently overwritten.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import VOID

from fupin.graph.vocab import DCTERMS, FP, FPD, PROV, RDF, RDFS, SKOS, XSD
from fupin.resources import folder

WIKIDATA_ITEM = "http://www.wikidata.org/entity/Q"
WIKIDATA_LINKSET = FPD["linkset/wikidata-counties"]


def links_folder() -> Path:
    return folder("ontology") / "links"


def shipped_links(paths: Iterable[Path] | None = None) -> Graph:
    """The shipped linkset files (all of ontology/links/*.ttl unless `paths`) in one graph."""
    graph = Graph()
    for path in sorted(paths) if paths is not None else sorted(links_folder().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def link_statement(code: str) -> URIRef:
    """The reified statement of a county's shipped Wikidata link (fpd:link/wikidata/<code>)."""
    return FPD[f"link/wikidata/{code}"]


@dataclass(frozen=True)
class ShippedLink:
    code: str
    item: str
    subset: str
    cross_checked: bool


def wikidata_links(graph: Graph) -> dict[str, ShippedLink]:
    """county code -> its shipped Wikidata link, read from the reified statements."""
    found: dict[str, ShippedLink] = {}
    for statement in graph.subjects(RDF.type, RDF.Statement):
        item = graph.value(statement, RDF.object)
        county = graph.value(statement, RDF.subject)
        subset = graph.value(statement, VOID.inDataset)
        if item is None or county is None or not str(item).startswith(WIKIDATA_ITEM):
            continue
        checked = graph.value(subset, FP.crossChecked) if subset is not None else None
        code = str(county).rsplit("/", 1)[1]
        found[code] = ShippedLink(code, str(item), str(subset or ""), bool(checked and checked.toPython()))
    return found


def without_item() -> dict[str, str]:
    """The county-level codes of the 2024 list that have no unambiguous Wikidata item (code -> name)."""
    path = links_folder() / "sources" / "gb2024-county-codes-without-qid.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle, delimiter="\t")}


@dataclass
class LinkCoverage:
    """What `fupin link --report` prints: per-linkset counts and the counties left unlinked."""

    counts: dict[str, int] = field(default_factory=dict)
    no_unambiguous_item: list[tuple[str, str]] = field(default_factory=list)
    otherwise_unlinked: list[tuple[str, str]] = field(default_factory=list)


def coverage(graph: Graph, divisions: Iterable[tuple[str, str]]) -> LinkCoverage:
    """Counts per shipped linkset, and which of `divisions` ((code, name) of county-level divisions)
    have no Wikidata link: those the sources found no unambiguous item for, and any others."""
    links = wikidata_links(graph)
    report = LinkCoverage()
    report.counts = {
        "wikidata": len(links),
        "wikidata cross-checked": sum(link.cross_checked for link in links.values()),
        "wikidata single-source": sum(not link.cross_checked for link in links.values()),
        "sdg": sum(
            1
            for p in (SKOS.closeMatch, SKOS.relatedMatch, SKOS.exactMatch)
            for _s, o in graph.subject_objects(p)
            if str(o).startswith("http://metadata.un.org/sdg/")
        ),
        "poverty-832": len(set(graph.subjects(FP.nationalPovertyCounty, Literal(True)))),
    }
    ambiguous = without_item()
    for code, name in sorted(set(divisions)):
        if code in links:
            continue
        target = report.no_unambiguous_item if code in ambiguous else report.otherwise_unlinked
        target.append((code, name))
    return report


# ---------------------------------------------------------------- an online run against the shipped set


@dataclass
class Comparison:
    """An online answer against the shipped links, code by code."""

    confirmed: list[str] = field(default_factory=list)
    corrected: dict[str, tuple[str, str]] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)
    not_found: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"against the shipped linkset: {len(self.confirmed)} confirmed, {len(self.corrected)} corrected, "
            f"{len(self.new)} new, {len(self.not_found)} not found, {len(self.ambiguous)} ambiguous"
        )


def compare(answers: dict[str, list[str]], shipped: dict[str, ShippedLink]) -> Comparison:
    """Sort each asked code (code -> items the endpoint gave) by what it does to the shipped link.

    Several items for one code correct nothing: the endpoint is then as unsure as the sources were.
    """
    result = Comparison()
    for code in sorted(answers):
        items, old = sorted(set(answers[code])), shipped.get(code)
        if len(items) > 1:
            result.ambiguous[code] = items
        elif not items:
            if old is not None:
                result.not_found.append(code)
        elif old is None:
            result.new[code] = items[0]
        elif old.item == items[0]:
            result.confirmed.append(code)
        else:
            result.corrected[code] = (old.item, items[0])
    return result


def record_changes(graph: Graph, comparison: Comparison, activity: URIRef) -> Graph:
    """Write what a run changed into its linkset graph: fp:confirmedBy on confirmed shipped statements,
    fp:correctedBy on corrected ones, and a new statement for each correction or new link."""
    for code in comparison.confirmed:
        graph.add((link_statement(code), FP.confirmedBy, activity))
    for code, (old, new) in comparison.corrected.items():
        graph.add((link_statement(code), FP.correctedBy, activity))
        _statement(graph, code, new, activity, revises=link_statement(code), old=old)
    for code, item in comparison.new.items():
        _statement(graph, code, item, activity)
    graph.add((activity, DCTERMS.description, Literal(comparison.summary(), lang="en")))
    return graph


def _statement(
    graph: Graph, code: str, item: str, activity: URIRef, *, revises: URIRef | None = None, old: str = ""
) -> None:
    node = FPD[f"link/wikidata/{code}/{str(activity).rsplit('/', 1)[1]}"]
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, FPD[f"county/{code}"]))
    graph.add((node, RDF.predicate, SKOS.exactMatch))
    graph.add((node, RDF.object, URIRef(item)))
    graph.add((node, PROV.wasGeneratedBy, activity))
    if revises is not None:
        graph.add((node, PROV.wasRevisionOf, revises))
        graph.add((node, RDFS.comment, Literal(f"was {old}", datatype=XSD.string)))
