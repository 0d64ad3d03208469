"""`fupin build` with nothing to read says so and leaves the previous graph as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from fupin import resources
from fupin.cli import main

CORPUS = sorted(resources.folder("corpus").glob("*.txt"))


def test_a_mistyped_path_after_a_good_build_keeps_the_graph(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(CORPUS[1], reports / CORPUS[1].name)
    output = tmp_path / "kg.ttl"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(reports), "-o", str(output), "--no-cache"]).exit_code == 0
    good = output.read_bytes()
    result = runner.invoke(main, ["build", str(tmp_path / "reprots"), "-o", str(output), "--no-cache"])
    assert result.exit_code == 1
    assert "no such file or directory" in result.stderr
    assert f"no report could be read: {output} was left as it was" in result.stderr
    assert output.read_bytes() == good
