"""Pages of a long answer on a store that does not change: an index of the answer's keys, computed once,
then each page fetched for its keys alone.

Oxigraph 0.5 sorts every row before it applies LIMIT, so the first 100 rows of query 07 (73,197 rows at
10^6 quads) cost what all of them cost (~1 s of CPU), and each later page the same again. A process that
lives long over a store it will not change (a notebook, a service) can do better, and `FrozenStore` is
how it says it will not change the store: for a query that declares its page key (`# page key: ?fact`)
the first page asked for computes the key of every row of the answer, in the answer's order (the query
itself, projecting only the key: about the cost of the whole answer, once per query and bindings), and
each page then runs the query with `VALUES ?key { … }` for the keys of its rows, sorts only those rows
and cuts the page from them: milliseconds.

Why that is the full answer's page, row for row: the rows of the page's keys, in the query's ORDER BY,
are the full answer's rows of those keys in the same order, provided the ORDER BY orders every two
distinct rows (Oxigraph sorts unstably, so rows it ties could come in any order; the paged queries end
their ORDER BY with columns that make it total). The page's rows are consecutive among them and start
after the rows of those keys that come before the page, which the index counts (`_before`).
tests/graph/test_query_pages.py compares every offset with the full answer on the bundled graph.
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from fupin.graph.results import QueryResult, solutions

if TYPE_CHECKING:
    from pathlib import Path

_PAGE_KEY = re.compile(r"^#\s*page key:\s*\?(\w+)", re.MULTILINE)
_SELECT = re.compile(r"\bSELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def page_key(sparql: str) -> str | None:
    """The variable a query's header names as its page key (`# page key: ?fact`), or None."""
    match = _PAGE_KEY.search(sparql)
    return match.group(1) if match else None


@dataclass
class KeyIndex:
    """Each row's key in the answer's order, and the positions of each key's rows (to count the rows
    of a page's keys that come before it)."""

    keys: list[Any]
    positions: dict[Any, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, keys: list[Any]) -> KeyIndex:
        positions: dict[Any, list[int]] = {}
        for at, key in enumerate(keys):
            positions.setdefault(key, []).append(at)
        return cls(keys, positions)

    def before(self, window: set[Any], offset: int) -> int:
        """How many rows before `offset` have a key in `window`."""
        return sum(bisect.bisect_left(self.positions[key], offset) for key in window)


class FrozenStore:
    """An Oxigraph Store that this process will not change any more, so what is computed from it once
    stays true: the key index of a paged query (see the module's docstring). Query it with
    `fupin.query` or `fupin.graph.query.run_on` as the Store itself; changing `store` afterwards
    makes later pages wrong, so don't (make a new FrozenStore for a changed graph)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._indexes: dict[tuple[str, tuple[tuple[str, str], ...]], KeyIndex] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, graph_path: Path) -> FrozenStore:
        """A graph file loaded into memory (`load_store`), frozen."""
        from fupin.graph.oxstore import load_store

        return cls(load_store(graph_path))

    def index(self, sparql: str, key: str, substitutions: dict[ox.Variable, Any]) -> KeyIndex:
        """The key index of `sparql` with `substitutions`, computed on first use and kept."""
        name = (sparql, tuple(sorted((k.value, str(v)) for k, v in substitutions.items())))
        with self._lock:
            if name not in self._indexes:
                self._indexes[name] = KeyIndex.of(self._keys(sparql, key, substitutions))
            return self._indexes[name]

    def _keys(self, sparql: str, key: str, substitutions: dict[ox.Variable, Any]) -> list[Any]:
        select = _SELECT.search(sparql)
        assert select is not None, "a paged query is a SELECT"
        # Oxigraph substitutes only variables the SELECT projects: the parameters stay beside the key.
        names = [key, *(v.value for v in substitutions if v.value != key)]
        projected = " ".join(f"?{name}" for name in names)
        keyed = f"{sparql[: select.start(1)]} {projected} {sparql[select.end(1) :]}"
        answer = self.store.query(keyed, use_default_graph_as_union=True, substitutions=substitutions)
        return [solution[0] for solution in answer]


def keyed_page(
    frozen: FrozenStore, sparql: str, substitutions: dict[ox.Variable, Any], limit: int, offset: int
) -> QueryResult | None:
    """Rows offset … offset+limit of `sparql`'s answer on `frozen` through its key index, `total` the
    count of all; None when the query declares no page key or a key of the page is not an IRI or a
    literal (a blank node or an unbound key cannot be asked for in VALUES): the caller then runs the
    whole query."""
    key = page_key(sparql)
    if key is None:
        return None
    index = frozen.index(sparql, key, substitutions)
    window = set(index.keys[offset : offset + limit])
    if not all(isinstance(k, (ox.NamedNode, ox.Literal)) for k in window):
        return None
    if not window:
        empty = frozen.store.query(sparql + "\nLIMIT 0", use_default_graph_as_union=True,
                                   substitutions=substitutions)  # fmt: skip
        return solutions(empty, total=len(index.keys))
    where = list(_WHERE.finditer(sparql))[-1]
    values = f"\n  VALUES ?{key} {{ {' '.join(str(k) for k in window)} }}"
    restricted = sparql[: where.end()] + values + sparql[where.end() :]
    answer = frozen.store.query(restricted, use_default_graph_as_union=True, substitutions=substitutions)
    start = index.before(window, offset)
    return solutions(answer, limit=limit, offset=start, total=len(index.keys))
