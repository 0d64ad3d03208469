"""Shared fixtures for the extractor tests: the real lexicon, gazetteer and spaCy pipeline, built once."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fupin.extract.context import ReportContext
from fupin.extract.facts import Document, DocumentFacts
from fupin.extract.lexicon import load_lexicon
from fupin.extract.pipeline import ReportExtractor


@pytest.fixture(scope="session")
def extractor() -> ReportExtractor:
    return ReportExtractor(load_lexicon())


def report(body: str, county: str = "房县") -> str:
    """A minimal report: a title and an issuing office naming the county, then `body`."""
    return f"{county}脱贫攻坚工作综述\n\n{county}人民政府\n\n{body}\n"


@pytest.fixture
def extract(extractor: ReportExtractor) -> Callable[..., DocumentFacts]:
    def run(body: str, county: str = "房县") -> DocumentFacts:
        return extractor.extract(Document(source="t.txt", text=report(body, county)))

    return run


@pytest.fixture
def context(extractor: ReportExtractor) -> Callable[..., ReportContext]:
    def run(body: str, county: str = "房县") -> ReportContext:
        return extractor.context(Document(source="t.txt", text=report(body, county)))

    return run
