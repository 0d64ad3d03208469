"""load_dictionary must give jieba's own prefix dictionary: the FREQ and total that jieba builds from
its dict.txt, whether it reads jieba's cache file or has to make it; and posseg's word-tag table must be
the one posseg reads from dict.txt, whether it comes from the tag cache or not."""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

import jieba
import pytest
from fresh_python import python_output

from fupin.extract.segmenter import TAGS_CACHE, cached_tags, load_dictionary, posseg, write_tags


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


def _posseg_in_a_process(tmp_dir: Path) -> str:
    """Import the segmenter in a fresh process whose temporary folder (jieba's and the tag cache's)
    is `tmp_dir`; it prints whether posseg's table is the one jieba reads from dict.txt itself."""
    check = (
        "import jieba\n"
        "from fupin.extract.segmenter import posseg\n"
        "own = posseg.POSTokenizer(jieba.Tokenizer()).word_tag_tab\n"
        "print(posseg.dt.word_tag_tab == own and len(own) > 300_000)\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_dir)}
    return python_output(check, env)


def test_posseg_gets_jiebas_word_tags_with_or_without_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / TAGS_CACHE
    assert _posseg_in_a_process(tmp_path) == "True\n"  # no cache: jieba's own load, then cached
    assert cache.is_file()
    assert _posseg_in_a_process(tmp_path) == "True\n"  # from the cache
    cache.write_bytes(b"\x00not marshal")
    assert _posseg_in_a_process(tmp_path) == "True\n"  # broken: jieba's own load, cached again
    assert cached_tags(str(cache), _dictionary_key()) == posseg.dt.word_tag_tab


def _dictionary_key() -> str:
    with jieba.dt.get_dict_file() as file:
        return hashlib.sha256(file.read()).hexdigest()


def test_a_cache_of_another_dictionary_or_shape_is_not_read(tmp_path: Path) -> None:
    path, key = str(tmp_path / TAGS_CACHE), _dictionary_key()
    write_tags(path, key, {"扶贫": "vn"})
    assert cached_tags(path, key) == {"扶贫": "vn"}
    assert cached_tags(path, "0" * 64) is None  # dict.txt changed since
    (tmp_path / TAGS_CACHE).write_bytes(marshal.dumps({"扶贫": "vn"}))
    assert cached_tags(path, key) is None
    (tmp_path / TAGS_CACHE).write_bytes(marshal.dumps((key, {"扶贫": "vn"}))[:-3])
    assert cached_tags(path, key) is None
    assert cached_tags(str(tmp_path / "missing"), key) is None


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    write_tags(str(tmp_path / "no" / TAGS_CACHE), _dictionary_key(), {"扶贫": "vn"})
    assert not (tmp_path / "no").exists()


def test_jieba_opens_its_own_dictionary_without_pkg_resources() -> None:
    check = (
        "import sys\n"
        "from fupin.extract.segmenter import jieba\n"
        "with jieba.dt.get_dict_file() as file:\n"
        "    print('pkg_resources' in sys.modules, file.name)\n"
    )
    assert python_output(check) == f"False {Path(jieba.__file__).parent / 'dict.txt'}\n"
    with jieba.dt.get_dict_file() as file:
        assert file.read() == (Path(jieba.__file__).parent / "dict.txt").read_bytes()
