"""Fixtures shared across test folders: the graph of the bundled reports, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def bundled_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`fupin build corpus/` written to a session folder (a Turtle file: Oxigraph answers on it)."""
    from fupin.cli import main

    folder = tmp_path_factory.mktemp("bundled")
    out = folder / "fupin-kg.ttl"
    env = {"XDG_CACHE_HOME": str(folder / ".cache")}
    result = CliRunner(env=env).invoke(main, ["build", str(ROOT / "corpus"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out
