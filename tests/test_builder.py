"""`build_corpus`: bad files cost one line each, rebuilds reuse what did not change, output is
byte-for-byte reproducible, and random text never crashes extraction."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from fresh_python import python_output
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin import builder, job, resources
from fupin.builder import FailFast, build_corpus, extract_documents
from fupin.cache import BuildCache
from fupin.extract.facts import Document
from fupin.files import file_sha256
from fupin.graph.build import report_iri

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two of the bundled reports in a folder of their own."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in CORPUS[:2]:
        shutil.copy(path, folder / path.name)
    return folder


def test_a_rebuild_of_an_unchanged_corpus_reads_nothing_and_writes_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    cache = BuildCache(tmp_path / "cache")
    output = tmp_path / "kg.ttl"
    first = build_corpus([corpus], output, cache=cache)
    assert (first.extracted, first.cached, first.written) == (2, 0, True)
    before = output.read_bytes()
    os.utime(output, ns=(0, 0))
    second = build_corpus([corpus], output, cache=cache)
    assert (second.extracted, second.cached, second.written) == (0, 2, False)
    assert second.triples == first.triples
    assert second.fact_counts() == first.fact_counts()
    assert output.read_bytes() == before and output.stat().st_mtime_ns == 0


def test_cached_and_fresh_facts_give_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    fresh = build_corpus([corpus], tmp_path / "fresh.nq", cache=None)
    build_corpus([corpus], tmp_path / "warm.nq", cache=cache)
    (tmp_path / "warm.nq").unlink()  # gone: rebuilt from cached facts
    rebuilt = build_corpus([corpus], tmp_path / "warm.nq", cache=cache)
    assert (rebuilt.cached, rebuilt.written) == (2, True)
    assert (tmp_path / "warm.nq").read_bytes() == (tmp_path / "fresh.nq").read_bytes()
    assert fresh.triples == rebuilt.triples


def test_a_changed_file_is_reextracted_alone_and_a_removed_file_disappears(
    corpus: Path, tmp_path: Path
) -> None:
    cache = BuildCache(tmp_path / "cache")
    output = tmp_path / "kg.nq"
    build_corpus([corpus], output, cache=cache)
    first, second = sorted(corpus.iterdir())
    second.write_text(second.read_text(encoding="utf-8") + "\n全县共建成扶贫车间12个。\n", encoding="utf-8")
    changed = build_corpus([corpus], output, cache=cache)
    assert (changed.extracted, changed.cached, changed.written) == (1, 1, True)
    first.unlink()
    removed = build_corpus([corpus], output, cache=cache)
    assert (removed.extracted, removed.cached) == (0, 1)
    text = output.read_text(encoding="utf-8")
    assert str(report_iri(first.name)) not in text
    kept = removed.documents[0].report
    assert kept.source == second.name
    assert str(report_iri(kept.source, kept.sha256)) in text
    assert f'"{first.name}"' not in text


def test_a_rebuild_that_keeps_no_facts_counts_cache_hits_without_decoding_them(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = BuildCache(tmp_path / "cache")
    output = tmp_path / "kg.nq"
    first = build_corpus([corpus], output, cache=cache, keep_documents=False)
    decoded: list[str] = []
    real_get_facts = BuildCache.get_facts
    monkeypatch.setattr(
        BuildCache, "get_facts", lambda self, key: decoded.append(key) or real_get_facts(self, key)
    )
    again = build_corpus([corpus], output, cache=cache, keep_documents=False)
    assert (again.cached, again.written, decoded) == (2, False, [])
    assert again.fact_counts() == first.fact_counts() and again.documents == []


@pytest.mark.parametrize("changed", [0, 1], ids=["hit after the fresh report", "hit before it"])
def test_hits_counted_but_not_decoded_are_read_back_when_the_graph_is_written(
    corpus: Path, tmp_path: Path, changed: int
) -> None:
    cache = BuildCache(tmp_path / "cache")
    build_corpus([corpus], tmp_path / "kg.nq", cache=cache, keep_documents=False)
    edited = sorted(corpus.iterdir())[changed]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n全县共建成扶贫车间12个。\n", encoding="utf-8")
    rebuilt = build_corpus([corpus], tmp_path / "kg.nq", cache=cache, keep_documents=False)
    fresh = build_corpus([corpus], tmp_path / "fresh.nq", cache=None)
    assert (rebuilt.extracted, rebuilt.cached, rebuilt.written) == (1, 1, True)
    assert (tmp_path / "kg.nq").read_bytes() == (tmp_path / "fresh.nq").read_bytes()
    assert rebuilt.fact_counts() == fresh.fact_counts()


def test_the_output_is_hashed_only_for_the_cache_to_record(corpus: Path, tmp_path: Path) -> None:
    uncached = build_corpus([corpus], tmp_path / "plain.ttl", cache=None)
    assert uncached.written and uncached.sha256 == ""
    cached = build_corpus([corpus], tmp_path / "kg.ttl", cache=BuildCache(tmp_path / "cache"))
    assert cached.sha256 == file_sha256(tmp_path / "kg.ttl")


def test_a_rebuild_whose_output_is_current_imports_no_library_of_extraction_or_of_the_graph(
    corpus: Path, tmp_path: Path
) -> None:
    build = (
        "from pathlib import Path; from fupin.builder import build_corpus; from fupin.cache import BuildCache\n"
        f"result = build_corpus([Path({str(corpus)!r})], Path({str(tmp_path / 'kg.ttl')!r}),"
        f" cache=BuildCache(Path({str(tmp_path / 'cache')!r})), keep_documents=False)\n"
    )
    heavy = "{'rdflib', 'fupin.graph.build', 'numpy', 'spacy'}"
    report = f"import sys; print(result.written, *sorted({heavy} & set(sys.modules)))"
    assert python_output(build + report).split() == ["True", "fupin.graph.build", "numpy", "rdflib", "spacy"]
    assert python_output(build + report).split() == ["False"]


def test_edited_output_is_rewritten(corpus: Path, tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    output = tmp_path / "kg.ttl"
    build_corpus([corpus], output, cache=cache)
    good = output.read_bytes()
    output.write_bytes(good[:1000])
    again = build_corpus([corpus], output, cache=cache)
    assert again.written and output.read_bytes() == good


def test_bad_files_cost_one_line_each_and_the_rest_is_built(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "english.txt").write_text("Quarterly minutes of the allotment society.\n" * 20)
    missing = tmp_path / "nowhere.txt"
    heard: list[str] = []
    result = build_corpus([corpus, missing], tmp_path / "kg.ttl", on_failure=heard.append)
    assert len(result.documents) == 2
    assert heard == result.failures
    reasons = {Path(line.split(": ", 1)[0]).name: line.split(": ", 1)[1] for line in result.failures}
    assert set(reasons) == {"empty.txt", "binary.txt", "english.txt", "nowhere.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "not a Chinese report" in reasons["english.txt"]
    assert "no such file" in reasons["nowhere.txt"]
    assert all("\n" not in line for line in result.failures)


def test_fail_fast_stops_at_the_first_bad_file_and_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    (corpus / "0-empty.txt").write_bytes(b"")
    output = tmp_path / "kg.ttl"
    with pytest.raises(FailFast, match=r"0-empty\.txt"):
        build_corpus([corpus], output, fail_fast=True)
    assert not output.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_reported(corpus: Path, tmp_path: Path) -> None:
    locked = corpus / "locked.txt"
    shutil.copy(CORPUS[2], locked)
    locked.chmod(0)
    result = build_corpus([corpus], tmp_path / "kg.ttl")
    assert result.failures == [f"{locked}: permission denied"]


def test_an_extractor_crash_costs_only_its_file(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = builder.default_extractor()

    class Brittle:
        def extract(self, document: Document):
            if "郧阳" in document.text:
                raise IndexError("string index out of range")
            return real.extract(document)

    monkeypatch.setattr(job, "default_extractor", lambda: Brittle())
    result = build_corpus([corpus], tmp_path / "kg.ttl")
    assert len(result.documents) == 1
    (line,) = result.failures
    assert line.endswith("extraction failed (IndexError: string index out of range)")


def test_an_unknown_output_suffix_fails_before_any_work(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown graph format"):
        build_corpus([corpus], tmp_path / "kg.xml")


# Text made of what the extractors react to: place and kind words, measure words, figures, units,
# dates, quotes and brackets, line breaks, traditional forms and stray control or wide characters.
_WORDS = st.sampled_from(
    [
        "郧阳区",
        "房县",
        "湖北省",
        "十堰市",
        "县委书记",
        "区长",
        "胡先平",
        "扶贫车间",
        "易地扶贫搬迁",
        "脱贫",
        "建档立卡贫困人口",
        "贫困发生率",
        "人均可支配收入",
        "万",
        "亿元",
        "%",
        "人",
        "户",
        "个",
        "16.3",
        "0",
        "2020年4月23日",
        "确保",
        "“",
        "”",
        "（",
        "）",
        "、",
        "，",
        "。",
        "\n",
        "\r\n",
        " ",
        "\u3000",
        "公司",
        "合作社",
        "工程",
        "模式",
        "“四大工程”",
        "舒心",
        "扶貧車間",
        "脫貧",
        "省政府批准",
        "退出贫困县",
        "村",
        "镇",
        "\x00",
        "\ufffd",
        "𠀀",
        "1+2+N",
        "第一书记",
        "驻村工作队",
        "万人",
        "9999999999999999999999",
        "-",
        ".",
    ]
)
_TEXT = st.one_of(
    st.lists(_WORDS, max_size=60).map("".join),
    st.text(max_size=200),
    st.text(alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF), max_size=200),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_TEXT, min_size=1, max_size=3))
def test_random_text_never_crashes_extraction_and_evidence_stays_exact(texts: list[str]) -> None:
    documents = [Document(source=f"r{i}.txt", text=text) for i, text in enumerate(texts)]
    for document, doc_facts in zip(documents, extract_documents(documents), strict=True):
        for fact in doc_facts.facts:
            ev = fact.evidence
            assert document.text[ev.start : ev.end] == ev.quote
            assert ev.source == document.source
