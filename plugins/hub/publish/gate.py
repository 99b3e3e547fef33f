"""The publish gate: build a release in a child process, then let the checker refuse it.

`run_checker` is the one call the gate makes: `invoke check` on the built release, plus
the safety pass of `sanitize` on every source. `release` calls it before any switch.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub import findings as fd
from hub import settings as hub_settings
from hub.paths import REPO_ROOT


@dataclass(frozen=True)
class BuildSpec:
    """What to build: content folder, settings file and frozen day."""

    content: Path
    conf: Path = REPO_ROOT / "publishconf.py"
    today: str = ""  # "YYYY-MM-DD"; empty means the real day
    label: str = ""  # how findings name the content folder
    settings: tuple[tuple[str, object], ...] = ()  # extra -e overrides

    def overrides(self) -> dict[str, object]:
        """The settings given on the command line of the build and of the check."""
        values = dict(self.settings)
        if self.today:
            values["HUB_TODAY"] = self.today
        if self.label:
            values["HUB_CONTENT_LABEL"] = self.label
        return values


def build(spec: BuildSpec, output: Path) -> subprocess.CompletedProcess[str]:
    """A real Pelican build of `spec.content` into `output`, in a child process."""
    extra = hub_settings.pelican_overrides(spec.overrides())
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "plugins")}
    return run_alone([sys.executable, "-m", "pelican", str(spec.content), "-o", str(output),
                      "-s", str(spec.conf), *extra], env)


def run_alone(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `command` in a process group of its own, and end whatever of that group is
    still running when it returns (Pagefind, when a build stops on a full disk), however
    it returns: a refused publish leaves no process writing into the target. Its output
    goes through temporary files, which a leftover process cannot hold open."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=err,
                                   text=True, start_new_session=True)
        try:
            process.wait()
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())


Gate = Callable[[BuildSpec, Path, bool], list[fd.Finding]]


class CheckerError(Exception):
    """The checker could not run at all (exit status 2)."""


def run_checker(spec: BuildSpec, output: Path, strict: bool = False) -> list[fd.Finding]:
    """The full check of sources and built output: the one call the publish gate makes.

    It runs `invoke check`'s command line (`python -m hub.checks`) on the release with
    the settings the release was built with, and reads its JSON report (the contract of
    CONTENT_MODEL.md). That check runs the build's own unsafe-markup detection on every
    source (`sanitize.check_item`), so unsafe HTML refuses a publish even where the output
    no longer shows it.
    """
    extra = hub_settings.pelican_overrides(spec.overrides())
    report = output.parent / f"{output.name}.check.json"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "plugins")}
    try:
        done = run_alone(
            [sys.executable, "-m", "hub.checks", "--content", str(spec.content),
             "--output", str(output), "--settings", str(spec.conf), "--format", "json",
             "--report", str(report), *extra], env)
        if done.returncode not in (0, 1) or not report.is_file():
            raise CheckerError(
                "la vérification n'a pas pu s'exécuter : "
                + (done.stderr.strip().splitlines() or ["raison inconnue"])[-1]
            )
        data = json.loads(report.read_text(encoding="utf-8"))
    finally:
        report.unlink(missing_ok=True)
    return [_finding(entry) for entry in data.get("findings", [])]


def _finding(entry: dict[str, Any]) -> fd.Finding:
    return fd.Finding(file=str(entry.get("file", "")), line=entry.get("line"),
                      severity=fd.Severity(entry.get("severity", "error")),
                      code=str(entry.get("code", "")), message=str(entry.get("message", "")),
                      hint=str(entry.get("hint", "")))


def blocking(findings: list[fd.Finding], strict: bool) -> list[fd.Finding]:
    """Findings that refuse a publish: errors, and warnings too with `strict`."""
    return [f for f in findings if strict or f.severity is fd.Severity.ERROR]

