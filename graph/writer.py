"""Graph files written straight from the builder's terms, without an rdflib Dataset in between.

The builder's mapping functions only ever `add` triples, so a graph can be a plain set of triples
(`Triples`) instead of an rdflib graph, whose `add` costs ~38 µs with its indexes and namespace
look-ups. Each triple becomes one N-Triples / N-Quads line here, byte for byte the line rdflib's
serializer writes (after `fupin.graph.store`'s clean-up: one space before the final dot), so .nt and
.nq files are the same bytes as before. A report's graph in a streamed build is a `LineGraph`, whose
triples are already N-Triples text (`fupin.graph.terms.LineTerms`): no rdflib term is made at all.

Turtle and TriG come from the same sorted lines: pyoxigraph parses them and writes Turtle/TriG with
the project prefixes, one block per graph in a fixed order (the default graph, then reports by IRI),
so those files are deterministic too and hold exactly the triples of the line formats.

A build streams: `SortedLines` takes each report's lines as they come (in a pool, each worker has
its own), spills them to sorted runs on disk whenever it holds `limit` of them, and merges the runs
into one sorted, duplicate-free stream at the end, so memory is flat in the number of reports while
the file is the same bytes a sort of all lines in memory gives (`streamed_file`). Turtle and TriG
are then parsed and written by pyoxigraph from a file of those lines, which its parser and
serialiser stream too.
"""

from __future__ import annotations

import marshal
import os
import struct
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import compress, islice
from operator import lt, ne
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class Triples:
    """One graph's triples as the builder writes them: a set, with the one read the builder needs."""

    __slots__ = ("_triples",)

    def __init__(self) -> None:
        self._triples: dict[Triple, None] = {}

    def add(self, triple: Triple) -> Triples:
        self._triples[triple] = None
        return self

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


class LineGraph:
    """One graph's triples written in `fupin.graph.terms.LineTerms`: each term is already N-Triples
    text, so a triple is kept as its three terms, and the graph never holds an rdflib term. `add` is
    the list's own append (a report adds some 360 triples, and a Python method that joined and
    deduplicated each cost more than the list); the triples are made unique once, when they are read,
    in the order they were first added, and each becomes a record by one C-level format and encode.
    The join is of each line's UTF-8 bytes, not of the lines: one Chinese quote made a joined text two
    bytes a character, and encoding it all at once was a sixth of rendering.

    A node that only this graph states anything of (an evidence node: its IRI hashes its report's)
    comes in by `add_own`, all its (predicate, object) pairs at once, and is one record of its sorted
    lines: half a report's lines are its evidence's, and a record costs the sort, the runs and the
    merge what one line does. Its lines are neighbours in the sorted file anyway (they share the
    subject, which no other record starts with), so the file is the same bytes."""

    __slots__ = ("_own", "_triples", "add")

    def __init__(self) -> None:
        self._triples: list[tuple[str, str, str]] = []
        self._own: dict[str, list[tuple[str, str]]] = {}
        self.add: Callable[[tuple[str, str, str]], None] = self._triples.append

    def add_own(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        """`subject`'s triples, every one it has in any graph of the build (see the class)."""
        self._own.setdefault(subject, []).extend(pairs)

    def _unique(self) -> Iterator[tuple[str, str, str]]:
        """Its triples, each once, in the order first added. Made unique as triples, before they are
        joined: a tuple's hash combines its terms' hashes, which each string keeps once computed (a
        node's IRI is in ten triples), where a line's hash read all its characters."""
        return iter(dict.fromkeys(self._triples))

    def lines(self) -> list[bytes]:
        """Its N-Triples lines, UTF-8, unsorted, each once."""
        found = [f"{' '.join(triple)} .\n".encode() for triple in self._unique()]
        for subject, pairs in self._own.items():
            found += [f"{subject} {p} {o} .\n".encode() for p, o in dict.fromkeys(pairs)]
        return found

    def records(self, graph: str | None, fmt: str) -> tuple[list[bytes], int]:
        """Its records (`records`) for a file in `fmt`, an own node's lines in one, and how many
        lines the records hold beyond one each (a build counts its statements by them). Each line is
        one format and encode: most are ASCII, which encoding copies, where one Chinese quote in a
        record made all of its text go through the UTF-8 encoder."""
        head, tail = _record_parts(graph, fmt)
        if head:
            found = [f"{head}{s} {p} {o}{tail}".encode() for s, p, o in self._unique()]
        else:
            found = [f"{s} {p} {o}{tail}".encode() for s, p, o in self._unique()]
        extra = 0
        for subject, pairs in self._own.items():
            lines = own_lines(subject, pairs, tail)
            found.append(head.encode() + b"".join(lines))
            extra += len(lines) - 1
        return found, extra

    def __len__(self) -> int:
        return len(dict.fromkeys(self._triples)) + sum(len(set(pairs)) for pairs in self._own.values())


def own_lines(subject: str, pairs: Iterable[tuple[str, str]], tail: str) -> list[bytes]:
    """A node's lines, sorted and each once, as one record of `LineGraph.records` holds them: `tail`
    (the end of a line in the file's format) after each. Pairs given in their lines' order, each
    once (an evidence node's: `fupin.graph.build.add_evidence`), are kept as they come: checking
    that each line is above the one before is a few C comparisons, a set and a sort of them more."""
    lines = [f"{subject} {p} {o}{tail}".encode() for p, o in pairs]
    if all(map(lt, lines, islice(lines, 1, None))):
        return lines
    return sorted(set(lines))


def _quoted(text: str) -> str:
    """A literal's lexical form as rdflib's N-Triples writer quotes it (only \\, newline, " and CR)."""
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    return f'"{escaped}"'


def term(node: Node) -> str:
    """One term in N-Triples syntax."""
    if isinstance(node, Literal):
        if node.language:
            return f"{_quoted(node)}@{node.language}"
        if node.datatype:
            return f"{_quoted(node)}^^<{node.datatype}>"
        return _quoted(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, URIRef):
        return f"<{node}>"
    raise TypeError(f"not an RDF term: {node!r}")


def lines(triples: Iterable[Triple], graph: URIRef | None = None) -> list[bytes]:
    """N-Triples lines of `triples` (N-Quads lines in `graph` when it is given), UTF-8, unsorted."""
    tail = f" {term(graph)} .\n" if graph is not None else " .\n"
    cache: dict[int, tuple[Node, str]] = {}

    def text(node: Node) -> str:
        # Keyed by identity: hashing an rdflib term and comparing it by value are Python calls, and
        # the builder passes the same term objects again and again; the kept node guards a reused id.
        found = cache.get(id(node))
        if found is None or found[0] is not node:
            found = cache[id(node)] = (node, term(node))
        return found[1]

    return [f"{text(s)} {text(p)} {text(o)}{tail}".encode() for s, p, o in triples]


def turtle(sorted_lines: Iterable[bytes], prefixes: dict[str, str]) -> Iterator[bytes]:
    """Turtle of N-Triples lines (sorted, so subjects group), written by pyoxigraph with `prefixes`."""
    import pyoxigraph as ox

    data = b"".join(sorted_lines)
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    yield ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def trig(blocks: Iterable[tuple[str | None, Iterable[bytes]]], prefixes: dict[str, str]) -> Iterator[bytes]:
    """TriG of (graph IRI or None for the default graph, its sorted N-Triples lines) blocks, in the
    order given: pyoxigraph writes each run of one graph's quads as one block, prefixes first."""
    import pyoxigraph as ox

    def quads() -> Iterator[Any]:
        for name, block in blocks:
            graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
            for t in ox.parse(b"".join(block), format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(t.subject, t.predicate, t.object, graph)

    yield ox.serialize(quads(), format=ox.RdfFormat.TRIG, prefixes=prefixes)


def prefix_map() -> dict[str, str]:
    """The project prefixes (fp:, fpm: …) as pyoxigraph's serializers take them, less fpd: — its
    names hold slashes (county/420304), which Turtle would have to escape as fpd:county\\/420304;
    instance IRIs stay whole, as rdflib's writer left them."""
    from fupin.graph.vocab import PREFIXES

    return {prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix != "fpd"}


BLOCK_LINES = 4096  # lines per block of a merge: a few hundred kB, a C sort each
MERGE_BYTES = 16 << 20  # bytes of run files held at once by a merge, shared among the runs
SPILL_LINES = 400_000  # lines held before a sorted run goes to disk: ~100 MB, a few runs per 10^6 quads
RUN_CHUNK = 512  # records per marshalled chunk of a run file: a merge reads runs a few chunks at a time
_CHUNK_HEAD = struct.Struct("<QQ")  # a chunk's length in bytes and its records' bytes
_GRAPH_MARK = b"\x00"  # between a TriG record's graph name and its line: below every byte of an IRI


class SortedLines:
    """Lines added in any order, read back sorted and unique, with at most `limit` of them in memory.

    The rest wait in sorted runs in `folder` (the caller's temporary folder), merged on reading. Lines
    are held in a list, not a set (a repeat is dropped when the sorted lines are read), and the runs
    are merged block by block (`_merged_blocks`), so no step is a Python call per line."""

    def __init__(self, folder: Path, limit: int | None = None) -> None:
        self.folder, self.limit = Path(folder), limit or SPILL_LINES
        self._held: list[bytes] = []
        self._runs: list[Path] = []

    def add(self, lines: Iterable[bytes]) -> None:
        self._held.extend(lines)
        if len(self._held) >= self.limit:
            self._spill()

    def _spill(self) -> None:
        """The held records sorted, to a run file of marshalled chunks (`_run_blocks`)."""
        self._held.sort()
        fd, name = tempfile.mkstemp(dir=self.folder, prefix="run-", suffix=".lines")
        held, step = self._held, RUN_CHUNK
        with os.fdopen(fd, "wb", buffering=1 << 20) as run:
            for at in range(0, len(held), step):
                chunk = held[at : at + step]
                data = marshal.dumps(chunk)
                run.write(_CHUNK_HEAD.pack(len(data), sum(map(len, chunk))))
                run.write(data)
        self._runs.append(Path(name))
        self._held = []

    def flush(self) -> None:
        """Write what is held as a run (a pool worker's last, as it exits)."""
        if self._held:
            self._spill()

    def adopt(self, folder: Path) -> None:
        """Take in the runs other `SortedLines` (the pool workers') wrote to `folder`."""
        self._runs += [path for path in sorted(Path(folder).glob("run-*.lines")) if path not in self._runs]

    def blocks(self) -> Iterator[list[bytes]]:
        """The lines, sorted and each once (a line added twice, in two reports, is written once), in
        blocks of consecutive lines."""
        self._held.sort()
        held, step = self._held, BLOCK_LINES
        size = max(1, MERGE_BYTES // max(1, len(self._runs)))  # memory flat in the number of runs
        runs = [_run_blocks(path, size) for path in self._runs]
        runs.append(iter([held[at : at + step] for at in range(0, len(held), step)]))
        last = None
        for block in _merged_blocks(runs):
            unique = _distinct(block)
            if unique and unique[0] == last:
                del unique[0]
            if unique:
                last = unique[-1]
                yield unique

    def __iter__(self) -> Iterator[bytes]:
        for block in self.blocks():
            yield from block


def _distinct(block: list[bytes]) -> list[bytes]:
    """A sorted block less its repeats: each line that differs from the one before it. Repeats of a
    sorted block are neighbours, so comparing neighbours (C loops: map, compress) finds them, where a
    dictionary hashed every byte of every line."""
    if not block:
        return block
    rest = islice(block, 1, None)
    return [block[0], *compress(islice(block, 1, None), map(ne, rest, block))]


def _merged_blocks(runs: list[Iterator[list[bytes]]]) -> Iterator[list[bytes]]:
    """Blocks of sorted runs merged into sorted blocks: each round takes, from every run's current
    block, the lines up to the smallest of the blocks' last lines (every run's lines up to it are
    then in hand) and sorts them, a C merge of presorted pieces."""
    heads = [(block, run) for run in runs if (block := next(run, None))]
    while heads:
        bound = min(block[-1] for block, _ in heads)
        taken: list[bytes] = []
        left = []
        for block, run in heads:
            cut = bisect_right(block, bound)
            taken += block[:cut]
            rest = block[cut:] or next(run, None)
            if rest:
                left.append((rest, run))
        heads = left
        taken.sort()
        yield taken


def _run_blocks(path: Path, size: int) -> Iterator[list[bytes]]:
    """A run file's records in blocks of about `size` bytes. The run is marshalled chunks of records,
    each behind its length and its records' bytes: a record may hold several lines, and reading
    lines back would scan every byte for line ends where loading a chunk copies it."""
    block: list[bytes] = []
    held = 0
    with path.open("rb") as run:
        while head := run.read(_CHUNK_HEAD.size):
            length, records = _CHUNK_HEAD.unpack(head)
            block += marshal.loads(run.read(length))
            held += records
            if held >= size:
                yield block
                block, held = [], 0
    if block:
        yield block


def records(block: Iterable[bytes], graph: str | None, fmt: str) -> Iterator[bytes]:
    """One graph's N-Triples lines as the records a file in `fmt` is sorted by: the lines themselves
    for .nt and .ttl (the union), N-Quads lines for .nq, and for .trig the graph's name, a mark and
    the line, so that records sort by graph (the default graph first, then by IRI) and by line within
    one, the order `render_blocks` writes. A record of several lines (`LineGraph.records`) has the name and
    mark once, before its first line."""
    head, tail = _record_parts(graph, fmt)
    if not head and tail == " .\n":
        return iter(block)
    head_bytes, tail_bytes = head.encode(), tail.encode()
    return (head_bytes + line[:-3] + tail_bytes for line in block)


def _record_parts(graph: str | None, fmt: str) -> tuple[str, str]:
    """What goes before a triple's three terms and after them in a record of `graph` in `fmt`."""
    if fmt in ("nt", "turtle") or (fmt == "nquads" and graph is None):
        return "", " .\n"
    if fmt == "nquads":
        return "", f" <{graph}> .\n"
    if fmt == "trig":
        return (graph or "") + _GRAPH_MARK.decode(), " .\n"
    raise ValueError(f"{fmt} is not written from lines")


def streamed_file(sorted_blocks: Iterable[list[bytes]], fmt: str, folder: Path) -> Iterator[bytes]:
    """The bytes of a graph file in `fmt` from the sorted, unique records of `records`, in blocks
    (`SortedLines.blocks`): line formats as they are; Turtle and TriG through a file of N-Triples /
    N-Quads lines in `folder` that pyoxigraph parses and serialises as streams."""
    if fmt in ("nt", "nquads"):
        for block in sorted_blocks:
            yield b"".join(block)
        return
    import pyoxigraph as ox

    source, target = Path(folder) / "lines", Path(folder) / "out"
    with source.open("wb", buffering=1 << 20) as out:
        for block in sorted_blocks:
            out.writelines(block if fmt == "turtle" else _trig_quads(block))
    syntax = ox.RdfFormat.N_TRIPLES if fmt == "turtle" else ox.RdfFormat.N_QUADS
    written = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.TRIG
    with target.open("wb") as out:
        ox.serialize(ox.parse(path=str(source), format=syntax), out, written, prefixes=prefix_map())
    source.unlink()
    with target.open("rb") as done:
        while chunk := done.read(1 << 20):
            yield chunk


def _trig_quads(sorted_records: Iterable[bytes]) -> Iterator[bytes]:
    """TriG records back as N-Quads lines (a default-graph record as its N-Triples lines). Each line
    of a record ends in " .\n", and only there: a literal's line break is escaped."""
    for record in sorted_records:
        graph, _, lines = record.partition(_GRAPH_MARK)
        yield lines if not graph else lines.replace(b" .\n", b" <" + graph + b"> .\n")
