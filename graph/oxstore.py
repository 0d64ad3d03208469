"""The Oxigraph stores a graph file is queried on: loaded into memory, or persisted beside the file.

The persisted store (`kg.ttl` → `kg.ttl.oxigraph/<sha256>/`) means only the first query after a build
pays for parsing: at 10^7 triples loading takes ~30 s, opening the store milliseconds. The store is
keyed by the graph file's SHA-256 (found again from its inode, size and mtime without rehashing),
built in a temporary folder and renamed into place, so a reader never opens half a store and a
changed graph file is never answered from a stale one. It is compacted once built (`optimize`):
bulk loading leaves RocksDB with many overlapping files, and a query on the compacted store needs
half the CPU (issue 15, bench/bench_queries.py).

A RocksDB store still answers the named queries 10-25× slower than an in-memory Store (every index
seek goes through RocksDB's block and table layers; measured at 10^6 quads): a process that lives
long should hold the graph in memory (`fupin.build(..., store=True)`, `load_store`) and query it with
`fupin.graph.query.run_on`. What only building a store or hashing a file needs (fupin/files.py, with
hashlib, shutil and tempfile) is imported there, not on a query's path.
"""

from __future__ import annotations

import os
import threading
from contextlib import suppress
from pathlib import Path

import pyoxigraph as ox

from fupin.graph.formats import format_for
from fupin.graph.results import QueryError

OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}


def load_store(graph_path: Path) -> ox.Store:
    """An in-memory Oxigraph store holding the file (its parser, not rdflib's: ~10× faster)."""
    store = ox.Store()
    try:
        store.bulk_load(path=str(graph_path), format=OX_FORMATS[format_for(graph_path)])
    except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"cannot load graph {graph_path}: {exc}") from exc
    return store


STORE_SUFFIX = ".oxigraph"
LAYOUT = "-compacted"  # after the digest in a store's folder name: stores built before `optimize` are rebuilt
_OPEN_STORES: dict[Path, ox.Store] = {}
_STORE_LOCK = threading.Lock()
_ROCKSDB_USED = threading.Event()


def rocksdb_used() -> bool:
    """Whether this process has opened an on-disk store: RocksDB then runs threads of its own, which
    a forked child would lack (graph/query.py starts a fresh interpreter for the query instead)."""
    return _ROCKSDB_USED.is_set()


def store_folder(graph_path: str | os.PathLike[str]) -> Path:
    """Where the persisted store of a graph file lives: beside it, `<name>.oxigraph/`."""
    path = Path(graph_path)
    return path.with_name(path.name + STORE_SUFFIX)


def _graph_digest(graph_path: Path, folder: Path) -> str:
    """The graph file's SHA-256, remembered per (inode, size, mtime) so an unchanged file is not
    rehashed; a rewritten file (new inode or mtime, as every atomic write gives) is hashed again."""
    info = graph_path.stat()
    seen = folder / f"{info.st_ino}-{info.st_size}-{info.st_mtime_ns}.sha256"
    with suppress(OSError):
        digest = seen.read_text(encoding="ascii").strip()
        if len(digest) == 64:
            return digest
    from fupin.files import file_sha256, replace_atomically

    digest = file_sha256(graph_path)
    with suppress(OSError):
        replace_atomically(seen, [digest.encode("ascii")])
    return digest


def _build_store(graph_path: Path, target: Path) -> None:
    """Load the graph into a new on-disk store at `target`, atomically: it is loaded in a temporary
    sibling folder and renamed, and a concurrent builder that got there first wins."""
    import shutil

    from fupin.files import locked_folder, remove_stale

    remove_stale(target.parent, ".building-*")  # stores of processes killed while loading
    staging, held = locked_folder(target.parent, ".building-")
    try:
        _ROCKSDB_USED.set()
        store = ox.Store(str(staging))
        try:
            store.bulk_load(path=str(graph_path), format=OX_FORMATS[format_for(graph_path)])
            store.optimize()  # one compaction: queries then seek through a few files, not dozens
            store.flush()
        except (SyntaxError, RuntimeError, ValueError) as exc:
            raise QueryError(f"cannot load graph {graph_path}: {exc}") from exc
        finally:
            del store
        with suppress(FileExistsError, OSError):
            if not target.exists():
                os.rename(staging, target)
    finally:
        os.close(held)
        shutil.rmtree(staging, ignore_errors=True)


def _prune(folder: Path, keep: str) -> None:
    """Remove stores and stamps of earlier versions of the graph file (best effort)."""
    import shutil

    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name == keep:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.suffix == ".sha256":
            with suppress(OSError):
                if entry.read_text(encoding="ascii").strip() + LAYOUT != keep:
                    entry.unlink()


def store_location(graph_path: str | os.PathLike[str]) -> Path | None:
    """The folder of the persisted store of a graph file (built on first use or when the file
    changed, then reused by every later call and process), or None when it cannot be written."""
    path = Path(graph_path)
    folder = store_folder(path)
    try:
        folder.mkdir(exist_ok=True)
        digest = _graph_digest(path, folder)
    except OSError:
        return None
    target = folder / f"{digest}{LAYOUT}"
    with _STORE_LOCK:
        if not target.is_dir():
            try:
                _build_store(path, target)
            except OSError:
                return None
            _prune(folder, target.name)
    return target


def open_store(graph_path: str | os.PathLike[str], *, persist: bool = True) -> ox.Store:
    """An Oxigraph store holding the graph file: the persisted one beside it (see `store_location`),
    or an in-memory store when `persist` is False or the folder is not writable."""
    path = Path(graph_path)
    target = store_location(path) if persist else None
    if target is None:
        return load_store(path)
    with _STORE_LOCK:
        if target in _OPEN_STORES:
            return _OPEN_STORES[target]
        _ROCKSDB_USED.set()
        try:
            store = ox.Store.read_only(str(target))
        except OSError:
            return load_store(path)
        _OPEN_STORES[target] = store
        return store
