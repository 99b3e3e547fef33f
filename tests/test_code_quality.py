"""The project's own linters pass: ruff on everything, mypy on the plugins."""

from __future__ import annotations

import subprocess
import sys

from support import ROOT


def tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_ruff_finds_nothing():
    result = tool("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_plugins():
    result = tool("mypy", "plugins")
    assert result.returncode == 0, result.stdout + result.stderr
