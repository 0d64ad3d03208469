"""Counties to Wikidata (and GeoNames) through their division codes: batched lookups, a cached answer
per query, and a linkset that says where and when each batch of links was read.

Wikidata writes a county's GB/T 2260 code under P442 ("China administrative division code"),
sometimes as the six-digit county code (420304) and sometimes as the twelve-digit statistical code
that pads it with zeros (420304000000); both forms are asked for, and either answer links the county.
Links are `skos:exactMatch`: a mapping between two descriptions of one place that does not import
every Wikidata statement into our graph the way `owl:sameAs` would.

Every answer is cached on disk under a hash of (endpoint, query text), so a second run over the same
counties asks the endpoint nothing, and a run without network reuses what an earlier run fetched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import VOID

from fupin.graph.query import QueryResult
from fupin.graph.vocab import DCTERMS, FP, FPD, PROV, RDF, RDFS, SKOS, XSD, bind_prefixes

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = "https://sws.geonames.org/{}/"
BATCH = 50

Runner = Callable[[str, str], QueryResult]


def code_forms(code: str) -> tuple[str, ...]:
    """The ways P442 may write a six-digit county code: as it is, and padded to twelve digits."""
    if not (code.isdigit() and len(code) == 6):
        raise ValueError(f"not a six-digit GB/T 2260 code: {code!r}")
    return (code, code + "000000")


def county_code(value: str) -> str:
    """The six-digit county code behind any P442 form (420304000000 -> 420304)."""
    return value[:6]


def lookup_query(codes: Sequence[str]) -> str:
    """One batch: Wikidata items whose P442 is any form of `codes`, with their GeoNames IDs (P1566).

    Prefixes are spelt out so the same text runs on Wikidata and on any store holding its data.
    """
    values = " ".join(f'"{form}"' for code in sorted(codes) for form in code_forms(code))
    return (
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
        "SELECT ?code ?item ?geonames WHERE {\n"
        f"  VALUES ?code {{ {values} }}\n"
        "  ?item wdt:P442 ?code .\n"
        "  OPTIONAL { ?item wdt:P1566 ?geonames . }\n"
        "}\nORDER BY ?code ?item ?geonames\n"
    )


# ---------------------------------------------------------------- the cache


@dataclass
class AnswerCache:
    """Answers as JSON files named by sha256(endpoint, query); None folder means no cache."""

    folder: Path | None
    hits: int = 0
    misses: int = 0

    def _path(self, endpoint: str, query: str) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(f"{endpoint}\n{query}".encode()).hexdigest()
        return self.folder / f"{digest}.json"

    def get(self, endpoint: str, query: str) -> list[dict[str, str | None]] | None:
        path = self._path(endpoint, query)
        if path is None or not path.is_file():
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(path.read_text(encoding="utf-8"))["rows"]

    def put(self, endpoint: str, query: str, rows: list[dict[str, str | None]]) -> None:
        path = self._path(endpoint, query)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"endpoint": endpoint, "query": query, "rows": rows}
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")


# ---------------------------------------------------------------- linking


@dataclass(frozen=True)
class CountyLink:
    code: str
    item: str
    geonames: tuple[str, ...] = ()


@dataclass
class LinkReport:
    """What a run found: links, codes Wikidata does not know, and codes with several items."""

    links: list[CountyLink] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    asked: int = 0

    @property
    def ambiguous(self) -> dict[str, list[str]]:
        items: dict[str, list[str]] = {}
        for link in self.links:
            items.setdefault(link.code, []).append(link.item)
        return {code: found for code, found in items.items() if len(found) > 1}


def _rows(result: QueryResult) -> list[dict[str, str | None]]:
    return [
        {c: (None if v is None else str(v)) for c, v in zip(result.columns, row, strict=True)}
        for row in result.rows
    ]


def _default_runner(timeout_s: float) -> Runner:
    from fupin.graph.remote import run_remote

    return lambda sparql, endpoint: run_remote(sparql, endpoint, timeout_s=timeout_s)


def resolve_counties(
    codes: Iterable[str],
    endpoint: str = WIKIDATA_ENDPOINT,
    *,
    cache: AnswerCache | None = None,
    runner: Runner | None = None,
    batch: int = BATCH,
    timeout_s: float = 60,
) -> LinkReport:
    """Look every county code up in batches of `batch`, asking the endpoint only for uncached ones."""
    cache = cache or AnswerCache(None)
    runner = runner or _default_runner(timeout_s)
    wanted = sorted(set(codes))
    report = LinkReport()
    found: dict[tuple[str, str], set[str]] = {}
    for start in range(0, len(wanted), batch):
        query = lookup_query(wanted[start : start + batch])
        report.queries.append(query)
        rows = cache.get(endpoint, query)
        if rows is None:
            rows = _rows(runner(query, endpoint))
            report.asked += 1
            cache.put(endpoint, query, rows)
        for row in rows:
            if row.get("code") and row.get("item"):
                geonames = found.setdefault((county_code(row["code"]), row["item"]), set())
                if row.get("geonames"):
                    geonames.add(row["geonames"])
    report.links = [CountyLink(code, item, tuple(sorted(g))) for (code, item), g in sorted(found.items())]
    linked = {link.code for link in report.links}
    report.missing = [code for code in wanted if code not in linked]
    return report


def linkset_graph(
    report: LinkReport,
    endpoint: str,
    *,
    retrieved: datetime | None = None,
    county_iri: Callable[[str], URIRef] | None = None,
) -> Graph:
    """The links as Turtle-ready triples, described as a void:Linkset with its provenance.

    The linkset node records the endpoint, every query text sent (or answered from the cache) and
    the retrieval time, so any link can be traced back to the question that produced it.
    """
    if county_iri is None:
        from fupin.graph.build import county_iri
    retrieved = retrieved or datetime.now(timezone.utc).replace(microsecond=0)
    graph = bind_prefixes(Graph())
    graph.bind("wd", WD)
    graph.bind("void", VOID)
    linkset = FPD["linkset/wikidata-counties"]
    activity = FPD[f"linking/{hashlib.sha256((endpoint + retrieved.isoformat()).encode()).hexdigest()[:16]}"]
    graph.add((linkset, RDF.type, VOID.Linkset))
    graph.add((linkset, RDFS.label, Literal("Counties to Wikidata by division code (P442)", lang="en")))
    graph.add((linkset, VOID.linkPredicate, SKOS.exactMatch))
    graph.add((linkset, DCTERMS.source, URIRef(endpoint)))
    graph.add((linkset, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.used, URIRef(endpoint)))
    graph.add((activity, PROV.endedAtTime, Literal(retrieved.isoformat(), datatype=XSD.dateTime)))
    for query in report.queries:
        graph.add((activity, RDFS.comment, Literal(query)))
    for link in report.links:
        county = county_iri(link.code)
        graph.add((county, SKOS.exactMatch, URIRef(link.item)))
        for geonames in link.geonames:
            graph.add((county, SKOS.exactMatch, URIRef(GEONAMES.format(geonames))))
    return graph


def graph_county_codes(graph_path: str | Path) -> list[str]:
    """The division codes of every fp:County in a built graph file."""
    from fupin.graph.query import run

    sparql = f"SELECT DISTINCT ?code WHERE {{ ?c a <{FP.County}> ; <{FP.divisionCode}> ?code }}"
    return sorted(str(row[0]) for row in run(sparql, graph_path).rows if row[0] is not None)
