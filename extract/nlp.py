"""spaCy, imported without its command line: the extractors take spaCy's classes from here.

`import spacy` imports `spacy.cli` for the one name `spacy.info` (spacy/__init__.py, spaCy 3.8), and
with it every command of the command line and what they import (typer, weasel, requests, httpx,
the training and packaging code): 360 modules, a fifth of a CPU-second of every build's and every
worker's start-up, none of which a build runs. Here spaCy is imported with a stand-in for
`spacy.cli.info` in place; the stand-in is gone once spaCy is imported, so `import spacy.cli` (or
`python -m spacy`) then imports the real command line, and `spacy.info` imports it when called
(tests/extract/test_nlp_import.py).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_CLI, _INFO = "spacy.cli", "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, spaCy's own, imported on first call."""
    return importlib.import_module(_INFO).info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """spaCy, its command line left unimported (see the module's docstring); spaCy as it is when
    something imported it already (or its command line)."""
    if "spacy" in sys.modules or _CLI in sys.modules:
        return importlib.import_module("spacy")
    cli, info = types.ModuleType(_CLI), types.ModuleType(_INFO)
    cli.__path__ = []  # a package, for `from .cli.info import info`
    info.info = _info  # type: ignore[attr-defined]
    sys.modules[_CLI], sys.modules[_INFO] = cli, info
    try:
        return importlib.import_module("spacy")
    except ImportError:
        # A spaCy whose import asks its command line for more than `info`: forget what it half
        # imported and import it the ordinary way, command line and all (slower, never broken).
        for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
            del sys.modules[name]
        return importlib.import_module("spacy")
    finally:
        for name in (_CLI, _INFO):
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]


spacy = import_spacy()

from spacy.attrs import LANG, ORTH, SPACY  # noqa: E402  (after import_spacy, as every import below)
from spacy.language import Language  # noqa: E402
from spacy.matcher import PhraseMatcher  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

__all__ = [
    "LANG",
    "ORTH",
    "SPACY",
    "Doc",
    "Language",
    "PhraseMatcher",
    "Span",
    "Vocab",
    "import_spacy",
    "spacy",
]
