"""load_dictionary must give jieba's own prefix dictionary: the FREQ and total that jieba builds from
its dict.txt, whether it reads jieba's cache file or has to make it."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from fupin.extract.segmenter import load_dictionary


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, int], int]:
    """The long way: jieba's gen_pfdict over its bundled dict.txt."""
    return jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())


def _fresh(tmp_dir: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_dir)
    return tokenizer


def test_the_default_tokenizer_gets_jiebas_dictionary(built: tuple[dict[str, int], int]) -> None:
    load_dictionary()
    assert jieba.dt.initialized
    assert (jieba.dt.FREQ, jieba.dt.total) == built


def test_without_a_cache_jieba_builds_and_writes_it(
    tmp_path: Path, built: tuple[dict[str, int], int]
) -> None:
    first = _fresh(tmp_path)
    load_dictionary(first)
    assert (first.FREQ, first.total) == built
    assert (tmp_path / "jieba.cache").is_file()
    second = _fresh(tmp_path)
    load_dictionary(second)  # now from the cache the first one wrote
    assert second.initialized
    assert (second.FREQ, second.total) == built


def test_a_broken_cache_is_rebuilt(tmp_path: Path, built: tuple[dict[str, int], int]) -> None:
    (tmp_path / "jieba.cache").write_bytes(b"\x00not marshal")
    tokenizer = _fresh(tmp_path)
    load_dictionary(tokenizer)
    assert (tokenizer.FREQ, tokenizer.total) == built
