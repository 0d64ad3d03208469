"""fupin.extract: report text → typed fact records (no RDF here; see facts.py for the records).

The package is also callable: `fupin.extract(text, source="x.txt")` is `fupin.api.extract`, so the
public function and the subpackage share the name a user expects without one hiding the other.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, text: Any, *, source: str = "text.txt") -> Any:
        """The facts of one report (see `fupin.api.extract`)."""
        from fupin.api import extract

        return extract(text, source=source)


sys.modules[__name__].__class__ = _CallableModule
