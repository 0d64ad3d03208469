"""The wheel carries everything: code as `fupin.*` (no generic top-level names), the ontology, shapes,
queries and the sample corpus as package data. Built, installed into a fresh venv outside the checkout,
and run there.

The fresh venv takes the third-party dependencies from this environment's site-packages (through a .pth
line, which does not activate this checkout's editable install) so that the test needs no downloads
beyond the build backend.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (built,) = out.glob("fupin_kg-*.whl")
    return built


def test_wheel_holds_only_fupin_and_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"fupin"}
    for needed in (
        "fupin/ontology/measures.ttl",
        "fupin/shapes/structure.ttl",
        "fupin/queries/01-workshop-counties.rq",
        "fupin/queries/ask/measure-counties.toml",
        "fupin/queries/ask/_words.toml",
        "fupin/ask/matcher.py",
        "fupin/ontology/divisions.tsv",
        "fupin/ontology/compiled/lexicon.json",
        "fupin/extract/pipeline.py",
        "fupin/graph/build.py",
    ):
        assert needed in names, needed
    assert sum(n.startswith("fupin/corpus/") and n.endswith(".txt") for n in names) == 5


def test_installed_wheel_builds_the_bundled_reports(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import fupin, fupin.resources as r; print(fupin.__file__); print(r.folder('corpus'))"],
        check=True, capture_output=True, text=True, cwd=work,
    ).stdout.split()  # fmt: skip
    assert all(str(env_dir) in line for line in where), where
    done = subprocess.run(
        [str(env_dir / "bin" / "fupin"), "build", "-o", "kg.ttl"],
        capture_output=True, text=True, cwd=work, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "5 reports" in done.stdout
    assert (work / "kg.ttl").stat().st_size > 100_000
