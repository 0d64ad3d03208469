"""The import layers, checked from the source (ast, nothing imported): a ratchet on the architecture.

    bottom   fupin.resources (packaged data and paths), fupin.divisions (the divisions table), fupin.files
             (atomic writes, stale temporary entries, file hashes); import nothing from fupin
    extract  fupin.extract.*  text → fact records; never rdflib
    graph    fupin.graph.*    fact records → RDF; never spaCy, and from extract only the records
    top      fupin.api, fupin.builder, fupin.cli, fupin.ask, … (everything else under fupin/)

Every import counts, function-local ones too: a lazy import is still a dependency. Where the code breaks a
rule today the pair is listed below as a KNOWN exception with the reason; a new violation fails, and so
does a listed one that has been fixed (remove it from the list), so the list only ever shrinks.
See docs/architecture.md.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"extract": "fupin.extract", "graph": "fupin.graph", "fupin": "fupin"}

BOTTOM = frozenset({"fupin.resources", "fupin.divisions", "fupin.files"})
RECORDS = frozenset({"fupin.extract.facts"})  # what graph may take from extract

# (importer, imported) pairs that break a layer rule on main today; each to be removed, not added to.
KNOWN_UPWARD: frozenset[tuple[str, str]] = frozenset()
KNOWN_GRAPH_TO_EXTRACT: frozenset[tuple[str, str]] = frozenset()
# Import cycles on main today (item 5: break them). A cycle found must lie inside one of these groups (a
# module prefix ending in "." stands for every module under it); each group must still hold a cycle.
KNOWN_CYCLES: tuple[frozenset[str], ...] = ()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    rest = parts[1:-1] if parts[-1] == "__init__" else parts[1:]
    return ".".join([PACKAGES[parts[0]], *rest])


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for d in PACKAGES for p in sorted((ROOT / d).rglob("*.py"))}


def _resolve(node: ast.ImportFrom, name: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = name.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def imports(name: str) -> frozenset[str]:
    """Every module `name` imports (`from a import b` counts a.b when b is a module of ours)."""
    path = modules()[name]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, name, path.name == "__init__.py")
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules())
    return frozenset(found)


def layer(name: str) -> str:
    if name in BOTTOM:
        return "bottom"
    for prefix in ("fupin.extract", "fupin.graph"):
        if name == prefix or name.startswith(prefix + "."):
            return prefix.split(".")[1]
    return "top" if name == "fupin" or name.startswith("fupin.") else "outside"


def edges() -> Iterator[tuple[str, str]]:
    for name in modules():
        for target in imports(name):
            yield name, target


def test_bottom_modules_import_nothing_from_fupin() -> None:
    assert {(a, b) for a, b in edges() if a in BOTTOM and layer(b) != "outside"} == set()


def test_extract_and_graph_never_import_the_top() -> None:
    upward = {(a, b) for a, b in edges() if layer(a) in ("extract", "graph") and layer(b) == "top"}
    assert upward - KNOWN_UPWARD == set(), "new import from extract/graph into fupin's top modules"
    assert KNOWN_UPWARD - upward == set(), "fixed: remove these from KNOWN_UPWARD"


def test_extract_never_imports_graph_or_rdflib() -> None:
    bad = {
        (a, b)
        for a, b in edges()
        if layer(a) == "extract" and (layer(b) == "graph" or b.split(".")[0] in ("rdflib", "pyshacl"))
    }
    assert bad == set()


def test_graph_never_imports_spacy() -> None:
    assert {
        (a, b) for a, b in edges() if layer(a) == "graph" and b.split(".")[0] in ("spacy", "jieba")
    } == set()


def test_graph_takes_only_the_fact_records_from_extract() -> None:
    found = {(a, b) for a, b in edges() if layer(a) == "graph" and layer(b) == "extract" and b not in RECORDS}
    assert found - KNOWN_GRAPH_TO_EXTRACT == set(), "graph may import from extract only " + ", ".join(RECORDS)
    assert KNOWN_GRAPH_TO_EXTRACT - found == set(), "fixed: remove these from KNOWN_GRAPH_TO_EXTRACT"


def cycles() -> set[frozenset[str]]:
    """The import graph's strongly connected groups of two or more modules (Tarjan)."""
    graph = {n: sorted(t for t in imports(n) if t in modules() and t != n) for n in modules()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.add(frozenset(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def _inside(group: frozenset[str], known: frozenset[str]) -> bool:
    return all(m in known or any(k.endswith(".") and m.startswith(k) for k in known) for m in group)


def test_no_import_cycles() -> None:
    found = cycles()
    new = [sorted(g) for g in found if not any(_inside(g, k) for k in KNOWN_CYCLES)]
    assert new == [], "new import cycle"
    stale = [sorted(k) for k in KNOWN_CYCLES if not any(_inside(g, k) for g in found)]
    assert stale == [], "cycle broken: remove it from KNOWN_CYCLES"


def test_the_checker_sees_every_package() -> None:
    assert {"fupin.extract.facts", "fupin.graph.build", "fupin.api", "fupin.cli", "fupin.resources"} <= set(
        modules()
    )
