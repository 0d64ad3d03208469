"""The build cache: exact round trips of real facts, keys that change with what decides the facts,
and entries that are trusted only when intact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin import cache as cache_module
from fupin import resources
from fupin.builder import default_extractor
from fupin.cache import BuildCache, facts_from_json, facts_key, facts_to_json, output_key
from fupin.extract.facts import DocumentFacts
from fupin.extract.read import read_document
from fupin.files import file_sha256
from fupin.job import FileOutcome, fact_kinds

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def real_facts() -> list[DocumentFacts]:
    return [default_extractor().extract(read_document(path)) for path in CORPUS[:2]]


def test_real_facts_survive_a_json_round_trip_exactly(real_facts: list[DocumentFacts]) -> None:
    for doc in real_facts:
        text = json.dumps(facts_to_json(doc), ensure_ascii=False)
        back = facts_from_json(json.loads(text))
        assert back.report == doc.report
        assert back.facts == doc.facts
        assert [type(f) for f in back.facts] == [type(f) for f in doc.facts]
    kinds = {type(f).__name__ for doc in real_facts for f in doc.facts}
    assert {"ObservationFact", "InterventionFact", "ProgramFact", "PositionFact"} <= kinds


def test_stored_facts_are_read_back_and_damaged_entries_are_misses(
    tmp_path: Path, real_facts: list[DocumentFacts]
) -> None:
    store = BuildCache(tmp_path)
    doc = real_facts[0]
    key = facts_key("report.txt", "0" * 64)
    assert store.get_facts(key) is None
    store.put_facts(key, doc)
    assert store.get_facts(key) == doc
    (entry,) = tmp_path.rglob(f"{key}.json")
    entry.write_bytes(entry.read_bytes()[:100])  # torn by hand (the cache itself writes atomically)
    assert store.get_facts(key) is None
    entry.write_text(json.dumps({"report": {}, "facts": [{"type": "NoSuchFact"}]}))
    assert store.get_facts(key) is None
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_fact_key_depends_on_the_file_name_and_bytes() -> None:
    key = facts_key("a.txt", "1" * 64)
    assert key == facts_key("a.txt", "1" * 64)
    assert key != facts_key("b.txt", "1" * 64)
    assert key != facts_key("a.txt", "2" * 64)


def test_an_ontology_change_changes_the_pipeline_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new synonym is a new lexicon: every cached fact must be read again."""
    copy = tmp_path / "ontology"
    shutil.copytree(resources.folder("ontology"), copy)
    real_folder = resources.folder
    monkeypatch.setattr(resources, "folder", lambda name: copy if name == "ontology" else real_folder(name))
    compute = cache_module.extract_version.__wrapped__
    before = compute()
    assert compute() == before
    measures = copy / "measures.ttl"
    measures.write_text(measures.read_text(encoding="utf-8") + "\n# a new synonym\n", encoding="utf-8")
    assert compute() != before


def test_output_keys_change_with_facts_format_and_options() -> None:
    base = output_key(["a", "b"], fmt="turtle", options="min_confidence=0.0")
    assert base != output_key(["a"], fmt="turtle", options="min_confidence=0.0")
    assert base != output_key(["b", "a"], fmt="turtle", options="min_confidence=0.0")
    assert base != output_key(["a", "b"], fmt="nquads", options="min_confidence=0.0")
    assert base != output_key(["a", "b"], fmt="turtle", options="min_confidence=0.5")


def test_a_recorded_output_counts_only_while_its_bytes_are_unchanged(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache")
    output = tmp_path / "kg.nt"
    output.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    store.record_output("k", output, triples=1, sha256=file_sha256(output))
    assert store.output_triples("k", output) == 1
    assert store.output_triples("other", output) is None
    output.write_text(output.read_text() + "# edited\n")
    assert store.output_triples("k", output) is None
    output.unlink()
    assert store.output_triples("k", output) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(min_value=0, max_value=10_000), max_size=30))
def test_fact_types_name_each_cached_record_as_decoding_it_would(
    tmp_path: Path, real_facts: list[DocumentFacts], picks: list[int]
) -> None:
    """The short way a build counts a hit it does not keep against the long way (decode, then count)."""
    pool = [fact for doc in real_facts for fact in doc.facts]
    doc = DocumentFacts(report=real_facts[0].report, facts=[pool[i % len(pool)] for i in picks])
    store = BuildCache(tmp_path)
    key = facts_key(f"{len(picks)}-{sum(picks)}.txt", "0" * 64)
    store.put_facts(key, doc)
    decoded = store.get_facts(key)
    assert decoded is not None
    assert store.fact_types(key) == [type(f).__name__ for f in decoded.facts]
    assert fact_kinds(store.fact_types(key) or ()) == FileOutcome(decoded, key, cached=True).kinds


def test_fact_types_of_a_missing_or_damaged_entry_are_a_miss(
    tmp_path: Path, real_facts: list[DocumentFacts]
) -> None:
    store = BuildCache(tmp_path)
    key = facts_key("report.txt", "0" * 64)
    assert store.fact_types(key) is None
    store.put_facts(key, real_facts[0])
    (entry,) = tmp_path.rglob(f"{key}.json")
    entry.write_bytes(entry.read_bytes()[:100])
    assert store.fact_types(key) is None
    for damaged in (
        {"report": {}, "facts": [{"type": "NoSuchFact"}]},
        {"facts": []},
        [],
        {"report": 1, "facts": []},
    ):
        entry.write_text(json.dumps(damaged))
        assert store.fact_types(key) is None
