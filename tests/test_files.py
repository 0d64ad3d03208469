"""fupin/files.py: a file is replaced whole or not at all, keeps its permissions, tells its writer the
hash of what it wrote, and a live writer's temporary entries survive the clean-up of dead ones."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fupin.files import file_sha256, locked_folder, remove_stale, replace_atomically, write_atomically

LONG_AGO = 1_000_000_000  # 2001: far older than any live write
LINES = [
    '<https://w3id.org/fupin/id/county/420304> <http://www.w3.org/2000/01/rdf-schema#label> "郧阳区"@zh .\n'
]


def test_file_hash_streams_large_files(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024 + 7)
    assert file_sha256(big) == hashlib.sha256(bytes(3 * 1024 * 1024 + 7)).hexdigest()


def test_the_digest_is_of_the_bytes_written(tmp_path: Path) -> None:
    target = tmp_path / "kg.nt"
    digest = hashlib.sha256()
    write_atomically(target, [line.encode("utf-8") for line in LINES], digest)
    assert digest.hexdigest() == file_sha256(target)
    assert target.read_text(encoding="utf-8") == "".join(LINES)


def test_a_published_file_keeps_its_permissions_and_a_new_one_is_world_readable(tmp_path: Path) -> None:
    target = tmp_path / "out" / "kg.nt"
    write_atomically(target, [b"first\n"])
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o600)
    write_atomically(target, [b"second\n"])
    assert target.stat().st_mode & 0o777 == 0o600 and target.read_bytes() == b"second\n"


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "entry.json"
    replace_atomically(target, [b'{"old": 1}'])

    def chunks() -> Iterator[bytes]:
        yield b'{"new"'
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        replace_atomically(target, chunks())
    assert target.read_bytes() == b'{"old": 1}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.json"]


def test_remove_stale_spares_a_locked_folder_and_removes_it_once_released(tmp_path: Path) -> None:
    folder, held = locked_folder(tmp_path, ".building-")
    (folder / "partial").write_bytes(b"x" * 100)
    os.utime(folder, (LONG_AGO, LONG_AGO))
    try:
        assert remove_stale(tmp_path, ".building-*") == []
    finally:
        os.close(held)
    assert remove_stale(tmp_path, ".building-*") == [folder]
    assert not folder.exists()
