"""Files written whole or not at all, the temporary entries writers lock, and a file's SHA-256.

Every writer in the project (the graph file and its sources sidecar, the build cache's entries, the
query store's stamps and folders, the segmenter's tag table) writes a temporary entry beside its
target and renames it into place, so a reader never sees half a file and a writer killed mid-write
leaves the previous one as it was. A live writer holds a lock on its temporary entry; `remove_stale`
removes the unlocked, old ones a killed writer left. That logic lives here, once.

Nothing from fupin is imported here (tests/test_layers.py keeps it so): extract/, graph/ and the top
modules all use it, and none of them pays for rdflib to write a file.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

STALE_AFTER_S = 60.0  # a writer's temporary file or folder untouched this long, and unlocked, is dead
_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks so a large file never sits in memory."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def lock_entry(fd: int) -> None:
    """Mark a temporary file or folder (its open descriptor) as in use until it is closed."""
    fcntl.flock(fd, fcntl.LOCK_EX)


def remove_stale(folder: Path, pattern: str) -> list[Path]:
    """Remove what writers killed mid-write (SIGKILL, power loss) left in `folder`: each entry matching
    `pattern` that nobody holds a lock on (a live writer locks its temporary file or folder with
    `lock_entry`) and that has not changed for STALE_AFTER_S (so one just created, not yet locked, is
    spared). Best effort: returns what was removed."""
    removed = []
    now = time.time()
    for entry in folder.glob(pattern):
        with suppress(OSError):
            if now - entry.lstat().st_mtime < STALE_AFTER_S:
                continue
            fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its writer is alive
            finally:
                os.close(fd)
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            removed.append(entry)
    return removed


def locked_folder(parent: Path, prefix: str, suffix: str = "") -> tuple[Path, int]:
    """A new temporary folder in `parent` and an open descriptor holding its lock (`lock_entry`):
    `remove_stale` spares it until the descriptor is closed. The caller closes it and removes the
    folder."""
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=prefix, suffix=suffix))
    held = os.open(folder, os.O_RDONLY)
    try:
        lock_entry(held)
    except BaseException:
        os.close(held)
        raise
    return folder, held


def replace_atomically(
    target: Path, chunks: Iterable[bytes], *, digest: Any = None, mode: int | None = None, sync: bool = False
) -> Path:
    """Write `chunks` to a locked temporary file beside `target` (``.<name>.*.tmp``) and rename it over
    `target`: readers see the old file or the new one, never a part. `digest` (a hashlib object) is
    fed the bytes written; `mode` sets the file's permissions (else mkstemp's 0600); `sync` flushes
    the bytes to disk before the rename, so a power loss cannot leave an empty file in its place
    (a cache entry, which is only a miss when lost, does without). The temporary file goes on any
    failure."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        lock_entry(fd)
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                if digest is not None:
                    digest.update(chunk)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


def write_atomically(target: Path, chunks: Iterable[bytes], digest: Any = None) -> Path:
    """A published file (a graph, its sidecar) written with `replace_atomically`, flushed to disk and
    keeping the permissions of the file it replaces (0644 for a new one); its folder is made if
    need be, and what killed writes of it left is removed first (`remove_stale`). `digest` tells a
    caller what it wrote without reading `target` back (another writer may have replaced it by
    then)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target.parent, f".{target.name}.*.tmp")
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    return replace_atomically(target, chunks, digest=digest, mode=mode, sync=True)
