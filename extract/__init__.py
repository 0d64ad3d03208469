"""fupin.extract: report text → typed fact records (no RDF here; see facts.py for the records).

The package is also callable: `fupin.extract(text, source="x.txt")` does what `fupin.api.extract` does,
with the same shared extractor, so the public function and the subpackage share the name a user
expects without one hiding the other, and without this layer importing the one above it.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, text: Any, *, source: str = "text.txt") -> Any:
        """The facts of one report (see `fupin.api.extract`)."""
        from fupin.extract.pipeline import default_extractor
        from fupin.extract.read import as_document

        return default_extractor().extract(as_document(text, source))


sys.modules[__name__].__class__ = _CallableModule
