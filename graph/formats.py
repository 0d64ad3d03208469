"""The graph file formats, by file suffix: one table for the writer (graph/store.py) and for the
readers that must not pay for rdflib's import (a one-shot `fupin query` on Oxigraph, graph/oxstore.py)."""

from __future__ import annotations

import os
from pathlib import Path

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
}
TRIPLE_FORMATS = frozenset({"turtle", "nt"})


def format_for(path: str | os.PathLike[str]) -> str:
    """rdflib's format name for a file suffix; raises ValueError on an unknown one."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"unknown graph format {suffix!r} for {path}; use one of {', '.join(FORMATS)}")
    return FORMATS[suffix]
