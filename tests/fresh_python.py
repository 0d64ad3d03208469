"""Run a few lines of Python in a fresh interpreter: start-up behaviour (what an import loads, caches
and leaves behind) can only be seen in a process that has imported nothing yet."""

from __future__ import annotations

import subprocess
import sys


def python_output(code: str, env: dict[str, str] | None = None) -> str:
    """What `code` prints, run by this test run's interpreter in a new process (failing if it fails)."""
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
