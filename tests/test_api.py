"""The Python API as a user writes it: the README's notebook cells run as they stand, and each function's
promises (cheap import, one extractor per process, texts or paths, Dataset or Store, errors)."""

from __future__ import annotations

import doctest
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import fupin
from fupin.builder import default_extractor
from fupin.graph.query import QueryError

ROOT = Path(__file__).resolve().parents[1]
TEXT = "松桃苗族自治县2018年新建扶贫车间12个，吸纳贫困群众就业640人。"


def readme_cells() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## In a notebook")
    return text[start : text.index("\n## ", start + 1) if "\n## " in text[start + 1 :] else None]


def test_the_readme_notebook_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    cells = readme_cells()
    test = doctest.DocTestParser().get_doctest(cells, {}, "README notebook", "README.md", 0)
    assert len(test.examples) >= 15
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lambda text: pytest.fail(text, pytrace=False))
    assert runner.summarize(verbose=False).failed == 0


def test_import_is_cheap() -> None:
    code = (
        "import sys, fupin; heavy = {'rdflib', 'spacy', 'pyoxigraph', 'jieba'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert {"extract", "build", "query", "validate"} <= set(dir(fupin))


def test_the_extractor_is_built_once_per_process() -> None:
    first = fupin.extract(TEXT, source="a.txt")
    extractor = default_extractor()
    second = fupin.extract(TEXT, source="b.txt")
    assert default_extractor() is extractor and default_extractor.cache_info().currsize == 1
    assert first.report.county_code == second.report.county_code == "520628"
    assert {e.source for f in second.facts for e in [f.evidence]} == {"b.txt"}
    assert "CPU" in fupin.api.extract.__doc__  # the docstring says what the first call costs


def test_extract_is_both_the_function_and_the_subpackage() -> None:
    from fupin.extract.facts import ObservationFact

    facts = fupin.extract(TEXT)
    assert callable(fupin.extract) and fupin.extract.facts.ObservationFact is ObservationFact
    assert [o.value for o in facts.of_type(ObservationFact)] == [12, 640]


def test_build_takes_a_mapping_and_gives_a_store_on_request(tmp_path: Path) -> None:
    dataset = fupin.build({"songtao.txt": TEXT})
    store = fupin.build({"songtao.txt": TEXT}, store=True)
    sparql = "SELECT ?file WHERE { ?r <https://w3id.org/fupin/ontology#sourceFile> ?file }"
    assert [r.file for r in fupin.query(dataset, sparql)] == ["songtao.txt"]
    assert [r.file for r in fupin.query(store, sparql)] == ["songtao.txt"]
    rows = fupin.query(store, "workshop-counties", county="520628")
    assert [row.code for row in rows] == ["520628"]
    assert len(store) == len(dataset)


def test_build_skips_an_unreadable_file_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "songtao.txt").write_text(TEXT, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dataset = fupin.build(tmp_path)
    assert any("empty.txt" in str(w.message) for w in caught)
    assert len(list(dataset.graphs())) == 2  # the default graph and songtao.txt's


def test_a_string_that_is_neither_a_path_nor_a_text_is_an_error() -> None:
    with pytest.raises(FileNotFoundError, match="not a report's text"):
        fupin.build("reports/")


def test_query_on_a_graph_file_and_its_errors(tmp_path: Path) -> None:
    from fupin.graph.store import write_graph

    path = write_graph(fupin.build({"songtao.txt": TEXT}), tmp_path / "kg.nq")
    assert [row.code for row in fupin.query(path, "01")] == ["520628"]
    with pytest.raises(QueryError, match="unknown parameter"):
        fupin.query(path, "01", foo="bar")
    with pytest.raises(QueryError, match="updates are not run by fupin query"):
        fupin.query(path, "DELETE WHERE { ?s ?p ?o }")
    check = fupin.validate(path)
    assert check.conforms and "Completeness per county" in str(check)
    assert fupin.queries()["02-lifted-population"].startswith("People lifted")
