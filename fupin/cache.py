"""The build cache: each file's facts, keyed by its bytes and the pipeline version, and a record of
which graph file a set of facts produced.

Extraction dominates a build (seconds per corpus) and writing the graph is next; both are pure
functions of their inputs, so a rebuild only re-extracts files whose bytes changed and only rewrites the
graph when its inputs changed. Correctness rests on the keys:

- a file's facts depend on its bytes, its name (evidence cites the file name) and the pipeline: the
  package version, every file of the ontology folder (compiled/lexicon.json is the lexicon, the TSVs
  the gazetteer), the sources of `fupin.extract`, and the libraries that decode and segment;
- the graph file depends on those facts, the graph writer's sources, the options and the format.

Entries are JSON, not pickle: a cache directory can be shared or copied, and loading JSON never runs
code. Every entry is written to a temporary file and renamed, so a build killed mid-write leaves no torn
entry, and an entry that fails to load is simply a miss. Old pipeline versions live in sibling folders
(`v-<hash>`) and can be deleted at any time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import types
import typing
from collections.abc import Iterable
from contextlib import suppress
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import fupin.extract.facts as records
from fupin import __version__
from fupin.files import file_sha256, remove_stale, replace_atomically

# Libraries whose behaviour shapes the facts (decoding, conversion, segmentation, numbers).
_LIBRARIES = (
    "charset-normalizer",
    "opencc-python-reimplemented",
    "spacy",
    "cn2an",
    "jieba",
    "beautifulsoup4",
    "pypdf",
    "python-docx",
    "rdflib",
)
_FACT_TYPES: dict[str, type] = {cls.__name__: cls for cls in typing.get_args(records.Fact)}


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/fupin-kg``, or ``~/.cache/fupin-kg`` as the XDG spec says when it is unset."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fupin-kg"


# ---------------------------------------------------------------------------------------------------
# Versions


def _hash_files(digest: Any, root: Path, pattern: str) -> None:
    """Fold the names and contents of the files under `root` matching `pattern` into `digest`."""
    for path in sorted(p for p in root.glob(pattern) if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")


def _library_versions() -> str:
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return ";".join(versions)


@lru_cache(maxsize=1)
def extract_version() -> str:
    """A digest of everything that decides which facts a file gives (see the module docstring)."""
    from fupin.resources import folder

    digest = hashlib.sha256(f"fupin-kg {__version__}; python {sys.version_info[:2]}".encode())
    digest.update(_library_versions().encode("utf-8"))
    _hash_files(digest, folder("ontology"), "**/*")
    _hash_files(digest, Path(records.__file__).parent, "*.py")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def graph_version() -> str:
    """`extract_version` plus the sources of the graph writer: what decides a graph file's bytes."""
    from fupin import graph

    digest = hashlib.sha256(extract_version().encode("ascii"))
    _hash_files(digest, Path(graph.__file__).parent, "*.py")
    return digest.hexdigest()


def facts_key(name: str, content_sha256: str) -> str:
    """The cache key of one input file's facts: pipeline version, file name (it is cited in every
    piece of evidence) and the hash of its bytes."""
    return hashlib.sha256(f"{extract_version()}\0{name}\0{content_sha256}".encode()).hexdigest()


def output_key(keys: Iterable[str], *, fmt: str, options: str) -> str:
    """The cache key of a graph file: the graph writer's version, the facts it holds (by their keys,
    in input order), the output format and any option that changes what is written."""
    key = OutputKey(fmt=fmt, options=options)
    for one in keys:
        key.add(one)
    return key.hexdigest()


class OutputKey:
    """`output_key` taken one facts key at a time, so a streamed build need not keep every key."""

    def __init__(self, *, fmt: str, options: str) -> None:
        self._digest = hashlib.sha256("\0".join([graph_version(), fmt, options]).encode("utf-8"))

    def add(self, key: str) -> None:
        self._digest.update(f"\0{key}".encode())

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


# ---------------------------------------------------------------------------------------------------
# Records <-> JSON


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def facts_to_json(doc: records.DocumentFacts) -> dict[str, Any]:
    """A JSON-ready dict of `doc`; each fact is tagged with its record type."""
    return {
        "report": _encode(doc.report),
        "facts": [{"type": type(f).__name__, **_encode(f)} for f in doc.facts],
    }


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(records))


def _decode(hint: Any, value: Any) -> Any:
    """`value` read back as the type `hint` names (the field types used in extract/facts.py)."""
    origin = typing.get_origin(hint)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"ambiguous union {hint}")
        return _decode(options[0], value)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_decode(item, v) for v in value)
    if origin is typing.Literal:
        return value
    if dataclasses.is_dataclass(hint):
        return _record(hint, value)
    if hint is Decimal:
        return Decimal(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint in (str, int, float, bool) and not isinstance(value, hint):
        raise TypeError(f"expected {hint.__name__}, got {value!r}")
    return value


def _record(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    return cls(**{name: _decode(hints[name], value) for name, value in data.items()})


def facts_from_json(data: dict[str, Any]) -> records.DocumentFacts:
    """The DocumentFacts `facts_to_json` wrote; raises (KeyError, TypeError …) on anything else."""
    facts = []
    for item in data["facts"]:
        fields = dict(item)
        facts.append(_record(_FACT_TYPES[fields.pop("type")], fields))
    return records.DocumentFacts(report=_record(records.ReportFact, data["report"]), facts=facts)


# ---------------------------------------------------------------------------------------------------
# The store


class BuildCache:
    """Facts per input file and the hash of the graph file each set of facts produced, under
    ``root/v-<pipeline version>/``. Errors reading an entry count as a miss; errors writing one (a
    full or read-only disk) are ignored, since a cache must never fail a build."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / f"v-{extract_version()[:16]}"
        for folder in (self.root / "outputs", *self.root.glob("facts/*")):
            remove_stale(folder, ".*.tmp")  # entries of builds killed while writing them

    def _facts_path(self, key: str) -> Path:
        return self.root / "facts" / key[:2] / f"{key}.json"

    def _output_path(self, key: str) -> Path:
        return self.root / "outputs" / f"{key}.json"

    def get_facts(self, key: str) -> records.DocumentFacts | None:
        try:
            return facts_from_json(json.loads(self._facts_path(key).read_bytes()))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def fact_types(self, key: str) -> list[str] | None:
        """The record type of each fact cached under `key` (`ObservationFact` …), in order, read
        without building the records: all that a build which does not keep a hit's facts needs of
        it (building them was 56 % of a no-op rebuild). None for a missing or unreadable entry, or
        one naming a record type there is no such class for."""
        try:
            data = json.loads(self._facts_path(key).read_bytes())
            names = [item["type"] for item in data["facts"]]
            if isinstance(data["report"], dict) and all(name in _FACT_TYPES for name in names):
                return names
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def put_facts(self, key: str, doc: records.DocumentFacts) -> None:
        data = json.dumps(facts_to_json(doc), ensure_ascii=False, separators=(",", ":"))
        self._write(self._facts_path(key), data.encode("utf-8"))

    def output_triples(self, key: str, output: Path) -> int | None:
        """The triple count recorded for a graph built with `key`, if `output` still holds exactly
        the bytes that build wrote (it may have been deleted, edited or overwritten since); else None."""
        try:
            record = json.loads(self._output_path(key).read_bytes())
            if output.is_file() and file_sha256(output) == record["sha256"]:
                return int(record["triples"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def record_output(self, key: str, output: Path, triples: int, sha256: str) -> None:
        """Record that the build with `key` wrote `sha256` (the hash of the bytes it wrote, not of
        `output` read back: a concurrent build into the same file may have replaced it since, and
        its bytes must not be taken for this build's)."""
        data = json.dumps({"sha256": sha256, "triples": triples, "output": str(output)})
        self._write(self._output_path(key), data.encode("utf-8"))

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        """An entry written whole or not at all; a disk that refuses it only costs the entry. Not
        flushed to disk: an entry a power loss empties is a miss, not a wrong answer."""
        with suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(path, [data])
