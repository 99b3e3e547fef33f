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


# The pipeline's phases in order (docs/architecture.md): a module imports, at its top, only
# its own phase, an earlier one or the shared modules at the root of the plugin.
PHASES = ("source", "build", "site", "images", "feeds", "search", "checks", "publish")
# The feeds generator starts the search index while feeds are written (architecture, step 6).
ALLOWED_UPWARD = {("feeds", "search")}


def upward_imports() -> list[str]:
    """`file:line → module` for every top-level import of a later phase."""
    import ast

    found = []
    for phase in PHASES:
        for path in sorted((ROOT / "plugins" / "hub" / phase).rglob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                for target in _hub_phases(node):
                    if (PHASES.index(target) > PHASES.index(phase)
                            and (phase, target) not in ALLOWED_UPWARD):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} → {target}")
    return found


def _hub_phases(node: object) -> list[str]:
    import ast

    if isinstance(node, ast.ImportFrom) and node.module:
        parts = node.module.split(".")
        if parts[0] == "hub" and len(parts) > 1:
            return [parts[1]] if parts[1] in PHASES else []
        if node.module == "hub":
            return [a.name for a in node.names if a.name in PHASES]
    if isinstance(node, ast.Import):
        return [a.name.split(".")[1] for a in node.names
                if a.name.startswith("hub.") and a.name.split(".")[1] in PHASES]
    return []


def test_no_phase_imports_a_later_one():
    assert upward_imports() == []
