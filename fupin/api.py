"""The Python API: `fupin.extract`, `fupin.build`, `fupin.query`, `fupin.validate` (see README, "In a
notebook").

These are the command line's steps as calls on values in memory: a text in, fact records out; texts
or files in, an rdflib Dataset (or a pyoxigraph Store) out; a graph and a named query in, rows out; a
graph in, a validation report out. The extractor behind `extract` and `build` is built on first use
and then kept for the life of the process (`fupin.builder.default_extractor`).
"""

from __future__ import annotations

import re
import warnings
from collections import namedtuple
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    from fupin.extract.facts import Document, DocumentFacts
    from fupin.graph.pages import FrozenStore
    from fupin.graph.query import QueryResult
    from fupin.graph.summary import Validation

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def extract(text: str | Path, *, source: str = "text.txt") -> DocumentFacts:
    """The facts of one report: `text` as a string (named `source` in every evidence record) or the
    Path of a report file (.txt in any encoding, .html, .pdf, .docx; named by its file name).

    The first call in a process builds the extractor (the spaCy pipeline, phrase matchers over the
    2,844 county-level divisions of the gazetteer and the ontology's labels) and keeps it: measured
    with the bundled reports on the project's 2-core machine while it was shared (load 6), building
    took 4.4 s of CPU and 155 MB, and the first extraction 1.6 s more (jieba loads its dictionary).
    Every later call costs about 25 ms of CPU per 1,000 characters of report (8.5 ms on an idle
    machine, see the README's Speed section); `fupin.build` shares the same extractor."""
    from fupin.builder import default_extractor
    from fupin.extract.read import as_document

    return default_extractor().extract(as_document(text, source))


def build(
    inputs: str | Path | Iterable[str | Path] | Mapping[str, str],
    *,
    store: bool = False,
    min_confidence: float = 0.0,
) -> Dataset | ox.Store:
    """The knowledge graph of `inputs`: one named graph per report, the ontology and the counties in
    the default graph, as an rdflib Dataset (a pyoxigraph Store with `store=True`).

    `inputs` is a report text, a file or folder path, a list of them, or a mapping {source name:
    text}. A string counts as a path when such a file or folder exists, and as a report's text when
    it holds Chinese characters or a line break (texts are named text1.txt, text2.txt … in the
    graph); anything else is a FileNotFoundError. A file that cannot be read is skipped with a
    warning, as `fupin build` skips it with a message."""
    from fupin.builder import default_extractor

    extractor = default_extractor()
    facts = [extractor.extract(doc) for doc in _documents(inputs)]
    from fupin.extract.gazetteer import Gazetteer
    from fupin.graph.build import build_dataset

    dataset = build_dataset(facts, gazetteer=Gazetteer.load(), min_confidence=min_confidence)
    return _as_store(dataset) if store else dataset


def _documents(inputs: Any) -> Iterable[Document]:
    from fupin.builder import read_documents
    from fupin.extract.read import as_document

    if isinstance(inputs, Mapping):
        yield from (as_document(text, source) for source, text in inputs.items())
        return
    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    texts = 0
    for item in items:
        if isinstance(item, str) and not _names_a_file(item):
            texts += 1
            yield as_document(item, f"text{texts}.txt")
            continue
        failures: list[str] = []
        yield from read_documents([Path(item)], failures)
        for line in failures:
            warnings.warn(f"skipped {line}", stacklevel=3)


def _names_a_file(item: str) -> bool:
    """True for a string naming an existing path; False for a report's text; else FileNotFoundError."""
    if "\n" not in item and len(item) < 4096 and Path(item).exists():
        return True
    if "\n" in item or _HAN.search(item):
        return False
    raise FileNotFoundError(f"no such file or folder, and not a report's text: {item!r}")


def _as_store(dataset: Dataset) -> ox.Store:
    import pyoxigraph as ox

    from fupin.graph.store import render

    store = ox.Store()
    store.load(b"".join(render(dataset, "nquads")), format=ox.RdfFormat.N_QUADS)
    return store


class Rows(list):
    """Query answers: a list of named tuples whose fields are the query's variables, holding Python
    values (int, Decimal, str, date; IRIs as rdflib URIRefs; None where unbound). It reads as a table,
    and `pandas.DataFrame(rows)` takes the fields as columns. `result` keeps the RDF terms."""

    def __init__(self, result: QueryResult) -> None:
        self.result = result
        self.columns = list(result.columns)
        self.total = result.total  # rows of the whole answer: more than len(self) for a page
        row = namedtuple("Row", self.columns, rename=True)
        super().__init__(row(*(_python(v) for v in values)) for values in result.rows)

    def __repr__(self) -> str:
        from fupin.graph.query import text_table

        return text_table(self.result)


def _python(term: Any) -> Any:
    from rdflib import Literal

    return term.toPython() if isinstance(term, Literal) else term


def query(
    graph: Graph | ox.Store | FrozenStore | str | Path,
    name_or_sparql: str,
    *,
    timeout: float = 30,
    limit: int | None = None,
    offset: int = 0,
    all_rows: bool = False,
    **params: Any,
) -> Rows:
    """Rows of a named query (`"02"`, `"workshop-counties"`, see `queries()`) or of SPARQL text over
    `graph`: an rdflib Graph or Dataset, a pyoxigraph Store (or a `FrozenStore` around one), or the
    path of a graph file.

    Keyword arguments bind the query's parameters as RDF terms, never pasted into its text:
    strings as `fupin query --param` reads them (county="420304" is the county's IRI), rdflib terms
    as they are. A parameter the query does not take, or an update, raises QueryError.

    `limit`/`offset` give a page of the answer, `Rows.total` the count of all its rows. A query whose
    answer grows with the graph declares a page (07, 08, 14: 100 rows), given unless `limit` or
    `all_rows=True` says otherwise, as `fupin query` does. Each page costs about what the whole answer
    costs (Oxigraph sorts every row before it cuts a page), except on a `FrozenStore`: there the first
    page asked for indexes the answer's keys once and every page after it takes milliseconds."""
    from rdflib.term import Node

    from fupin.graph.query import page_limit, parameter_term, resolve, run, run_on

    sparql = name_or_sparql if _is_sparql(name_or_sparql) else resolve(name_or_sparql)[1]
    bindings = {k: v if isinstance(v, Node) else parameter_term(k, str(v)) for k, v in params.items()}
    page = {"limit": page_limit(sparql, limit, all_rows), "offset": offset}
    if isinstance(graph, (str, Path)):
        return Rows(run(sparql, graph, bindings=bindings, timeout_s=timeout, **page))
    return Rows(run_on(sparql, graph, bindings, timeout_s=timeout, **page))


def _is_sparql(text: str) -> bool:
    return bool(re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.IGNORECASE)) or "{" in text


def queries() -> dict[str, str]:
    """The named queries: {name: title}."""
    from fupin.graph.query import named_queries, resolve

    return {name: resolve(path)[0] for name, path in named_queries().items()}


def validate(graph: Graph | ox.Store | str | Path, *, lang: str = "en", engine: str = "shacl") -> Validation:
    """The SHACL report and each county's completeness for `graph` (a Dataset, Graph, Store or graph
    file); it prints as `fupin validate` does and shows as HTML in a notebook. `engine` "pyshacl" is
    the reference engine (same results, slower)."""
    import pyoxigraph

    from fupin.graph.completeness import county_completeness
    from fupin.graph.store import union_graph
    from fupin.graph.storeview import StoreView
    from fupin.graph.summary import Validation
    from fupin.graph.validate import validate as run_validation
    from fupin.graph.validate import validate_file

    if isinstance(graph, (str, Path)):
        report, data = validate_file(graph, lang=lang, engine=engine)
        return Validation(report, county_completeness(data), lang)
    if engine == "shacl" and isinstance(graph, pyoxigraph.Store):
        data = StoreView(graph)
    else:
        data = union_graph(_rdflib_graph(graph))
    return Validation(run_validation(data, lang=lang, engine=engine), county_completeness(data), lang)


def _rdflib_graph(graph: Any) -> Graph:
    import pyoxigraph as ox
    from rdflib import Dataset

    if isinstance(graph, ox.Store):
        dataset = Dataset()
        dataset.parse(data=graph.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        return dataset
    return graph
