"""`fupin build` on the command line: one line per bad file, exit codes, cache options, and a build
killed while writing that leaves the previous graph intact."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin import resources
from fupin.cli import main

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CORPUS[1], folder / CORPUS[1].name)
    return folder


def test_each_bad_input_gets_one_line_and_the_exit_code_says_so(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blob.txt").write_bytes(os.urandom(4096))
    huge = corpus / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(200_000_000)  # sparse: costs no disk and, refused on its size, no reading
    missing = tmp_path / "missing.txt"
    output = tmp_path / "kg.ttl"
    code, out, err = run(str(corpus), str(missing), "-o", str(output), "--no-cache")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 5  # four files, then the summary
    assert lines[-1] == "4 file(s) failed"
    by_file = {line.split(": ", 1)[0]: line for line in lines[:-1]}
    assert set(by_file) == {
        f"skipped {p}" for p in (corpus / "blob.txt", corpus / "empty.txt", huge, missing)
    }
    assert "empty file" in by_file[f"skipped {corpus / 'empty.txt'}"]
    assert "binary" in by_file[f"skipped {corpus / 'blob.txt'}"]
    assert "too large: 200.0 MB > 50.0 MB limit" in by_file[f"skipped {huge}"]
    assert "no such file" in by_file[f"skipped {missing}"]
    assert out.startswith("1 reports, ") and output.is_file()


def test_fail_fast_stops_and_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    (corpus / "0-empty.txt").write_bytes(b"")
    output = tmp_path / "kg.ttl"
    code, _out, err = run(str(corpus), "-o", str(output), "--fail-fast", "--no-cache")
    assert code == 1 and not output.exists()
    assert "0-empty.txt: empty file" in err and "--fail-fast" in err


def test_verbose_second_build_comes_from_the_cache(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    output = tmp_path / "kg.nt"
    args = [str(corpus), "-o", str(output), "--cache-dir", str(cache), "-v"]
    code, out, _ = run(*args)
    assert code == 0 and "facts (extracted in" in out and "1 extracted, 0 from the cache" in out
    code, out, _ = run(*args)
    assert code == 0 and "facts (cached)" in out and "(unchanged)" in out
    assert "0 extracted, 1 from the cache" in out


def test_no_cache_writes_no_cache_and_quiet_prints_nothing(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code, out, err = run(
        str(corpus), "-o", str(tmp_path / "kg.ttl"), "--cache-dir", str(cache), "--no-cache", "-q"
    )
    assert (code, out, err) == (0, "", "")
    assert not cache.exists()


def test_an_unknown_output_suffix_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    code, _out, err = run(str(corpus), "-o", str(tmp_path / "kg.xml"), "--no-cache")
    assert code == 2 and "unknown graph format" in err


def test_a_build_killed_while_writing_leaves_the_previous_graph(tmp_path: Path) -> None:
    """SIGKILL the moment the temporary output file appears: no cleanup code runs, yet the graph
    a reader finds is still the complete previous one."""
    corpus = tmp_path / "reports"
    corpus.mkdir()
    for path in CORPUS:
        shutil.copy(path, corpus / path.name)
    output = tmp_path / "kg.ttl"
    output.write_text("# the previous graph\n", encoding="utf-8")
    previous = output.read_bytes()
    fupin = Path(sys.executable).with_name("fupin")
    process = subprocess.Popen(
        [str(fupin), "build", str(corpus), "-o", str(output), "--no-cache", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while not list(tmp_path.glob(".kg.ttl.*.tmp")):
            assert process.poll() is None, "the build finished before it was caught writing"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(30)
    assert process.returncode == -signal.SIGKILL
    assert output.read_bytes() == previous
    code, _out, _err = run(str(corpus), "-o", str(output), "--no-cache", "-q")
    assert code == 0 and output.read_bytes() != previous
    assert output.read_text(encoding="utf-8").startswith("@prefix")
