"""Messages a user can act on: the progress bar knows its total, and a missing server command names the
package that brings it (there is no `[server]` extra)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin.cli import main
from fupin.cli.build import _count_inputs

REPORT = "威宁彝族回族苗族自治县2019年建成扶贫车间30个。"


def test_the_progress_bar_knows_how_many_reports_it_will_read(tmp_path: Path, monkeypatch) -> None:
    for n in range(3):
        (tmp_path / f"r{n}.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(REPORT, encoding="utf-8")
    assert _count_inputs((tmp_path,)) == 3
    totals: list[int | None] = []

    class Recorder(list):
        def __init__(self, items, total=None, **options) -> None:
            totals.append(total)
            super().__init__(items)

    class Terminal:
        """sys, with a stderr that says it is a terminal (so the bar is shown)."""

        def __getattr__(self, name):
            return getattr(sys, name)

        @property
        def stderr(self):
            stream = sys.stderr
            return type("Tty", (), {"isatty": lambda self: True, "write": lambda self, t: stream.write(t)})()

    monkeypatch.setattr("tqdm.tqdm", Recorder)
    monkeypatch.setattr("fupin.cli.build.sys", Terminal())
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "kg.nt"), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert totals == [3]
    assert f"building the graph and writing {tmp_path / 'kg.nt'} …" in result.stderr


def test_a_missing_server_command_names_the_package(monkeypatch, tmp_path: Path) -> None:
    from fupin.graph import serve

    monkeypatch.setattr(serve.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setattr(serve.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError) as error:
        serve.oxigraph_binary()
    assert "[server]" not in str(error.value) and "pip install oxigraph" in str(error.value)
