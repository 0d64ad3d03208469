"""The sources sidecar: where a graph's report files were when it was built, so `fupin report` finds them.

The graph records each report's `fp:sourceFile` relative to the folder it was built from and no
folder: an absolute path has no place in a published graph. `fupin build -o kg.ttl` therefore writes
``kg.ttl.sources.json`` beside it (atomically, after the graph), naming the build roots (absolute, and
relative to the sidecar's folder so a graph moved together with its texts still finds them) and each
file's SHA-256. `find_sources` reads it back: a file whose bytes changed since the build, or a root
that is gone, is reported and given no text — never the wrong one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fupin.extract.read import Input

FORMAT = "fupin-sources/1"
SUFFIX = ".sources.json"


def sidecar_path(graph: Path) -> Path:
    """The sidecar of a graph file: its name plus ``.sources.json``."""
    return graph.with_name(graph.name + SUFFIX)


def write_sources(output: Path, roots: Sequence[Path], walked: Sequence[Input] | None = None) -> Path:
    """Write the sidecar of `output`, built from `roots`: each root and each report file under it.

    `walked` is what `iter_sources(roots)` gave the build, when it has it: with one root that is the
    root's own walk, so it is not walked again (resolving every file's path was most of the sidecar's
    time). Several roots are walked one by one: a file under two of them is listed under each."""
    from fupin.extract.read import iter_sources
    from fupin.files import write_atomically

    target = sidecar_path(Path(output))
    where = Path(os.path.abspath(target.parent))
    entries, files = [], {}
    for index, root in enumerate(roots):
        absolute = Path(os.path.abspath(root))  # not resolve(): a symlink loop must not fail the build
        entries.append({"path": str(absolute), "relative": _relative(absolute, where)})
        for item in walked if walked is not None and len(roots) == 1 else iter_sources([Path(root)]):
            if item.error is None and item.source not in files and (sha := _sha256(item.path)):
                files[item.source] = {"root": index, "sha256": sha}
    body = {"format": FORMAT, "graph": target.name.removesuffix(SUFFIX), "roots": entries, "files": files}
    data = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"
    return write_atomically(target, [data])


def _sha256(path: Path) -> str | None:
    """A file's SHA-256, or None when it cannot be read (the build has named it as failed already)."""
    from fupin.files import file_sha256

    try:
        return file_sha256(path) if path.is_file() else None
    except OSError:
        return None


def _relative(path: Path, start: Path) -> str | None:
    try:
        return os.path.relpath(path, start)
    except ValueError:  # another drive (Windows)
        return None


@dataclass
class Found:
    """What the sidecar led to: source name → file whose bytes match the build, and the problems."""

    files: dict[str, Path] = field(default_factory=dict)
    gone_roots: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def messages(self) -> list[str]:
        """One line per problem, each saying what to do."""
        out = [f"the build folder {root} is gone (moved?); pass --texts DIR" for root in self.gone_roots]
        out += [f"{name} changed since the build (sha256 differs): text left out" for name in self.changed]
        out += [f"{name} is no longer where it was built from: text left out" for name in self.missing]
        return out


def find_sources(graph: Path, wanted: Iterable[str]) -> Found | None:
    """The report files of `graph` named in `wanted`, through its sidecar; None when it has none."""

    path = sidecar_path(Path(graph))
    if not path.is_file():
        return None
    body = json.loads(path.read_text(encoding="utf-8"))
    if body.get("format") != FORMAT:
        return None
    entries = body.get("roots", [])
    roots = [_root(entry, path.parent) for entry in entries]
    found = Found(gone_roots=[e["path"] for e, r in zip(entries, roots, strict=True) if r is None])
    files = body.get("files", {})
    for name in sorted(set(wanted)):
        entry = files.get(name)
        root = roots[entry["root"]] if entry else None
        if root is None:
            continue
        candidate = root if root.is_file() else root / name
        if not candidate.is_file():
            found.missing.append(name)
        elif _sha256(candidate) != entry["sha256"]:
            found.changed.append(name)
        else:
            found.files[name] = candidate
    return found


def _root(entry: dict, where: Path) -> Path | None:
    """A recorded root as it stands now: the absolute path, else the one relative to the sidecar."""
    for option in (entry.get("path"), entry.get("relative") and str(where / entry["relative"])):
        if option and Path(option).exists():
            return Path(option)
    return None
