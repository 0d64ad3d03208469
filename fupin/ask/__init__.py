"""fupin.ask: questions in plain Chinese or English answered from the graph, offline, with evidence.

A question is matched to a template in queries/ask/ (data, one file per kind of question) whose slots
are filled from the SKOS lexicon and the gazetteer (see `vocabulary`, `matcher`); the template's SPARQL
runs with those parameters bound as RDF terms (see `answer`).

The package is also callable, as `fupin.extract` is: `fupin.ask(graph, "哪些县用了扶贫车间？")` is
`fupin.ask.answer.ask`, so the public function and the subpackage share the name.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, graph: Any, question: str, **options: Any) -> Any:
        """The answer to `question` from `graph` (see `fupin.ask.answer.ask`)."""
        from fupin.ask.answer import ask

        return ask(graph, question, **options)


sys.modules[__name__].__class__ = _CallableModule
