"""Writing and reading the graph file: format from the suffix, atomic, byte-for-byte deterministic.

Triple formats (.ttl, .nt) get the union of all graphs, because a reader of a plain triple file wants
every fact; quad formats (.nq, .trig, .jsonld) keep one named graph per report. Line formats are sorted
so that the same input gives the same bytes whatever order the store iterates in, which makes builds
diffable and cacheable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from fupin.files import write_atomically
from fupin.graph import writer
from fupin.graph.formats import FORMATS, TRIPLE_FORMATS, format_for
from fupin.graph.vocab import bind_prefixes


def as_dataset(data: Graph) -> Dataset:
    """A Dataset as it is; a plain Graph becomes the default graph of a new one."""
    if isinstance(data, Dataset):
        return data
    ds = bind_prefixes(Dataset())
    for triple in data:
        ds.add(triple)
    return ds


def union_graph(data: Graph) -> Graph:
    """All triples of all graphs of a dataset in one plain Graph (a Graph is returned as it is)."""
    if not isinstance(data, Dataset):
        return data
    union = bind_prefixes(Graph())
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _sort_jsonld(node: Any) -> Any:
    """JSON-LD with every unordered array sorted (arrays under @list keep their order)."""
    if isinstance(node, dict):
        return {k: v if k == "@list" else _sort_jsonld(v) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sort_jsonld(x) for x in node]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    return node


def _default_graph_on_top(doc: Any) -> Any:
    """rdflib writes a Dataset's default graph as `{"@graph": [...]}` with no @id, which JSON-LD reads
    as a named graph with a blank-node name (a junk graph every reader and `fupin push` would keep):
    its nodes go to the top-level @graph instead, beside the named graphs."""
    if not isinstance(doc, list):
        return doc
    top: list[Any] = []
    for item in doc:
        anonymous = isinstance(item, dict) and set(item) == {"@graph"}
        top.extend(item["@graph"] if anonymous else [item])
    return {"@graph": top}


def graph_blocks(data: Dataset) -> dict[URIRef | None, set[bytes]]:
    """Each graph's N-Triples lines (None for the default graph), read in one pass over the quads.

    rdflib's memory store answers "the triples of this graph" by scanning every quad, so asking it
    once per named graph costs graphs × quads (38 s of a TriG write at 10^3 reports); one pass costs
    the quads."""
    default = data.default_graph.identifier
    grouped: dict[URIRef | None, list] = {}
    for s, p, o, g in data.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        grouped.setdefault(None if name in (None, default, DATASET_DEFAULT_GRAPH_ID) else name, []).append(
            (s, p, o)
        )
    return {name: set(writer.lines(triples)) for name, triples in grouped.items()}


def render_blocks(blocks: dict[URIRef | None, Iterable[bytes]], fmt: str) -> Iterator[bytes]:
    """A file in line-based or Turtle-family format `fmt` from each graph's N-Triples lines.

    The one writer behind `write_graph` and the builder: sorted unique lines for .nt (the union) and
    .nq, Turtle of the union, TriG with the default graph first and named graphs by IRI."""
    if fmt == "nt":
        yield from sorted(set().union(*blocks.values()) if blocks else ())
    elif fmt == "nquads":
        quads: set[bytes] = set()
        for name, block in blocks.items():
            quads.update(block if name is None else _in_graph(block, name))
        yield from sorted(quads)
    elif fmt == "turtle":
        yield from writer.turtle(sorted(set().union(*blocks.values()) if blocks else ()), writer.prefix_map())
    elif fmt == "trig":
        order = sorted(blocks, key=lambda name: (name is not None, str(name or "")))
        chosen = [(None if n is None else str(n), sorted(set(blocks[n]))) for n in order if blocks[n]]
        yield from writer.trig(chosen, writer.prefix_map())
    else:
        raise ValueError(f"{fmt} is not written from lines")


def _in_graph(block: Iterable[bytes], name: URIRef) -> Iterator[bytes]:
    """N-Triples lines as N-Quads lines in graph `name`."""
    tail = f" {writer.term(name)} .\n".encode()
    return (line[:-3] + tail for line in block)


def render(data: Graph, fmt: str) -> Iterator[bytes]:
    """The serialisation of `data` in rdflib format `fmt`, as byte chunks."""
    if fmt == "json-ld":
        written = as_dataset(data).serialize(format="json-ld", encoding="utf-8")
        doc = _default_graph_on_top(json.loads(written))
        text = json.dumps(_sort_jsonld(doc), ensure_ascii=False, indent=1, sort_keys=True)
        yield (text + "\n").encode("utf-8")
    elif fmt in FORMATS.values():
        yield from render_blocks(graph_blocks(as_dataset(data)), fmt)
    else:
        yield data.serialize(format=fmt, encoding="utf-8")


def write_graph(data: Graph, path: str | os.PathLike[str], digest: Any = None) -> Path:
    """Write `data` to `path` in the format its suffix names, atomically.

    The bytes go to a temporary file in the same folder, which replaces `path` only once complete:
    a failure half-way leaves any previous file as it was, and a reader never sees half a graph.
    `digest` is fed the bytes written (see `fupin.files.write_atomically`).
    """
    target = Path(path)
    return write_atomically(target, render(data, format_for(target)), digest)


def load_graph(path: str | os.PathLike[str]) -> Dataset:
    """Read a graph file into a Dataset: triples go to the default graph, quads to their graphs.

    Nothing is fetched from the network: no parser used here follows owl:imports, and JSON-LD, whose
    @context may name a URL that rdflib's parser would download, is parsed by Oxigraph, which
    refuses remote contexts (ValueError)."""
    source = Path(path)
    ds = Dataset()
    bind_prefixes(ds)
    fmt = format_for(source)
    if fmt in TRIPLE_FORMATS:
        ds.default_graph.parse(source, format=fmt)
    elif fmt == "json-ld":
        # publicID: triples outside any named graph go to the default graph, not a new blank-named one
        ds.parse(data=_jsonld_as_nquads(source), format="nquads", publicID=DATASET_DEFAULT_GRAPH_ID)
    else:
        ds.parse(source, format=fmt)
    return ds


def _jsonld_as_nquads(source: Path) -> str:
    import pyoxigraph as ox

    try:
        quads = ox.parse(path=str(source), format=ox.RdfFormat.JSON_LD)
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    except SyntaxError as exc:
        hint = (
            " (remote @context documents are never fetched: inline the context)"
            if "remote" in str(exc)
            else ""
        )
        raise ValueError(f"cannot read JSON-LD {source}: {exc}{hint}") from exc
