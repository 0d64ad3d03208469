"""fupin-kg: poverty-alleviation reports into a knowledge graph of measures, actors and outcomes.

    >>> import fupin
    >>> facts = fupin.extract(text, source="report.txt")   # fact records with their evidence
    >>> kg = fupin.build(["reports/"])                      # an rdflib Dataset (store=True: Oxigraph)
    >>> fupin.query(kg, "02")                               # rows of a named query or of SPARQL
    >>> pages = fupin.FrozenStore(fupin.build(["reports/"], store=True))  # a store kept unchanged:
    >>> fupin.query(pages, "07", offset=100)                # each page of 07/08/14 in milliseconds
    >>> fupin.validate(kg)                                  # SHACL results and completeness
    >>> fupin.ask(kg, "哪些县用了扶贫车间？")                # a question in plain words (queries/ask/)

Importing the package costs nothing: each function loads what it needs on first use (see fupin.api).
`fupin.extract` is also the extraction subpackage (fupin.extract.facts …); calling it extracts.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"
__all__ = ["FrozenStore", "__version__", "ask", "build", "extract", "queries", "query", "validate"]
_API = frozenset({"build", "queries", "query", "validate"})


def __getattr__(name: str) -> object:
    if name in _API:
        return getattr(importlib.import_module("fupin.api"), name)
    if name == "FrozenStore":
        return importlib.import_module("fupin.graph.pages").FrozenStore
    if name in ("extract", "ask"):
        return importlib.import_module(f"fupin.{name}")
    raise AttributeError(f"module 'fupin' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
