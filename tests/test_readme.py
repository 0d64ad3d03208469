"""The README's commands are the ones these tests run: the tour, the pipelines with `-`, and the three
questions whose printed answers the README shows (compared character for character)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from fupin.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NETWORK = {"serve", "push", "link"}  # long-running or remote: checked for their command and options


def block_after(marker: str) -> list[str]:
    """The command lines of the first ```bash block after `marker`, comments cut off."""
    start = README.index("```bash\n", README.index(marker)) + len("```bash\n")
    lines = README[start : README.index("```", start)].splitlines()
    return [re.split(r"\s{2,}# ", line)[0].strip() for line in lines if line.strip()]


TOUR = block_after("## A short tour")
PIPELINES = block_after("`-` stands for the standard streams")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the repository's root, with the cache kept inside it."""
    folder = tmp_path_factory.mktemp("readme")
    (folder / "corpus").symlink_to(ROOT / "corpus")
    (folder / "tests").mkdir()
    (folder / "tests" / "data").symlink_to(ROOT / "tests" / "data")
    return folder


def fupin(argv: list[str], workdir: Path, stdin: bytes | None = None):
    old = Path.cwd()
    os.chdir(workdir)
    try:
        result = CliRunner(env={"XDG_CACHE_HOME": str(workdir / ".cache")}).invoke(main, argv, input=stdin)
    finally:
        os.chdir(old)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_the_readme_starts_with_install_and_build() -> None:
    first = README.split("```bash\n", 1)[1].splitlines()[:2]
    assert first[0].startswith(
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/fupin build "
    )
    assert ".venv/bin/python -m pytest" in first[1]


def test_the_tour_runs_as_written(workdir: Path) -> None:
    assert TOUR[0] == "fupin build corpus/" and len(TOUR) >= 10
    for line in TOUR:
        argv = shlex.split(line)
        assert argv[0] == "fupin", line
        if argv[1] in NETWORK:
            command, rest = main.get_command(None, argv[1]), argv[2:]
            while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
                command, rest = command.get_command(None, rest[0]), rest[1:]  # fupin link wikidata …
            assert command is not None, line
            names = {opt for p in command.params for opt in p.opts}
            assert {a for a in rest if a.startswith("--")} <= names, line
            continue
        result = fupin(argv[1:], workdir)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        assert result.stdout.strip(), line
    assert (workdir / "fupin-kg.ttl").is_file() and (workdir / "kg.trig").is_file()


@pytest.mark.parametrize("question", ["02", "05", "06"])
def test_the_three_answers_are_what_the_readme_prints(workdir: Path, question: str) -> None:
    if not (workdir / "fupin-kg.ttl").is_file():
        fupin(["build", "corpus/"], workdir)
    shown = README[README.index(f"`fupin query {question}` — ") :]
    shown = shown[shown.index("```\n") + 4 : shown.index("```", shown.index("```\n") + 4)]
    assert fupin(["query", question], workdir).stdout == shown


def test_the_pipelines_run_as_written(workdir: Path) -> None:
    """Each line: `fupin …` or `python -m fupin …` with `< file` or `echo '…' |` for stdin and a
    `| tool` reading its stdout, run with the shell's own tools for the parts that are not fupin."""
    assert len(PIPELINES) == 3
    for line in PIPELINES:
        stdin, tail = None, ""
        if line.startswith("echo "):
            echo, _, head = line.partition(" | ")
            stdin = shlex.split(echo)[1].encode("utf-8")
        else:
            head, _, tail = line.partition(" | ")
        if " < " in head:
            head, _, source = head.partition(" < ")
            stdin = (workdir / source.strip()).read_bytes()
        argv = shlex.split(head)
        argv = argv[3:] if argv[:3] == ["python", "-m", "fupin"] else argv[1:]
        result = fupin(argv, workdir, stdin)
        assert result.exit_code == 0, f"{line}\n{result.stderr}"
        if tail:
            piped = subprocess.run(
                tail, shell=True, input=result.stdout_bytes, capture_output=True, check=True
            )
            assert int(piped.stdout) > 50, line  # grep -c: the observations are on stdout
    assert (workdir / "one.ttl").is_file()
