"""Question templates: one TOML file each in queries/ask/, so adding a question means adding a file.

A template holds what a question of its kind looks like (weighted cue words and regular-expression
patterns in which `{measure}`, `{county}` … stand for a mention of that kind), the slots it fills from
the question's mentions, the SPARQL it runs (parameters declared `# param: ?name`, bound as RDF terms),
the columns it hides, how it ranks, and what it says when the graph has no rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tomllib

from fupin.resources import folder


@dataclass(frozen=True)
class Slot:
    """A parameter filled from one mention: `kind` says which (measure, indicator, county, region,
    number, year, limit); the query variable is the slot's name."""

    name: str
    kind: str
    required: bool = True


@dataclass(frozen=True)
class Template:
    """One kind of question (see the module docstring); `id` is the file's stem."""

    id: str
    title: str
    example: str
    sparql: str
    slots: tuple[Slot, ...]
    cues: dict[str, float] = field(default_factory=dict)
    patterns: tuple[re.Pattern[str], ...] = ()
    hide: tuple[str, ...] = ()
    empty: str = "no rows in this graph"
    rank: dict = field(default_factory=dict)
    examples: tuple[str, ...] = ()

    def slot(self, name: str) -> Slot | None:
        return next((s for s in self.slots if s.name == name), None)


def _pattern(text: str) -> re.Pattern[str]:
    """A pattern's `{kind}` placeholders as the regular expression a masked mention of that kind meets."""
    return re.compile(re.sub(r"\{(\w+)\}", r"<[^<>]*\\b\1\\b[^<>]*>", text))


def read_template(path: Path) -> Template:
    """One template file; a missing key is an error naming the file, not a silent default."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        slots = tuple(
            Slot(s["name"], s.get("kind", s["name"]), s.get("required", True)) for s in data.get("slot", [])
        )
        return Template(
            id=path.stem,
            title=data["title"],
            example=data["examples"][0],
            examples=tuple(data["examples"]),
            sparql=data["sparql"],
            slots=slots,
            cues={k.lower(): float(v) for k, v in data.get("cues", {}).items()},
            patterns=tuple(_pattern(p.lower()) for p in data.get("patterns", ())),
            hide=tuple(data.get("hide", ())),
            empty=data.get("empty", "no rows in this graph"),
            rank=dict(data.get("rank", {})),
        )
    except (KeyError, IndexError) as error:
        raise ValueError(f"{path}: missing {error}") from error


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """Every packaged template, in file-name order (files starting with _ hold shared words)."""
    found = sorted(p for p in (folder("queries") / "ask").glob("*.toml") if not p.name.startswith("_"))
    return tuple(read_template(p) for p in found)
