"""Shared by the path-gate tests: a copy of the sample content, a real build and a real
check of it (the checker's JSON report), and a search of the output for bytes that must
never reach it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from hub.settings import pelican_overrides
from support import ROOT

SAMPLE = ROOT / "content"
INVOKE = ROOT / ".venv" / "bin" / "invoke"
Found = tuple[str, int | None, str]  # (file under the content folder, line, code)


@dataclass
class Outcome:
    build: subprocess.CompletedProcess[str]
    findings: list[dict[str, object]]

    def found(self, content: Path) -> list[Found]:
        """Every finding as (path under the content folder, line, code), sorted."""
        return sorted((under(str(f["file"]), content), f["line"], str(f["code"]))  # type: ignore[misc]
                      for f in self.findings)


def under(file: str, content: Path) -> str:
    prefix = str(content).rstrip("/") + "/"
    return file[len(prefix):] if file.startswith(prefix) else file


def sample_copy(folder: Path, registries: bool = False) -> Path:
    """A copy of the sample content in `folder`/content (without the build's registries
    unless asked: a test writes its own)."""
    content = folder / "content"
    shutil.copytree(SAMPLE, content, symlinks=True)
    if not registries:
        for name in ("feed-ids.json", "anciennes-adresses.json"):
            (content / name).unlink(missing_ok=True)
    return content


def build_and_check(content: Path, output: Path, **settings: object) -> Outcome:
    """A real Pelican build of `content`, then the real checker on it (no proofreading:
    it has nothing to do with paths), with the project's settings and `settings`."""
    values = {"HUB_FEED_IDS": "", "HUB_REDIRECTS": "", **settings}
    extra = pelican_overrides(values)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    build = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(output),
         "-s", str(ROOT / "pelicanconf.py"), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600)
    report = output.parent / f"{output.name}.json"
    subprocess.run(
        [sys.executable, "-m", "hub.checks", "--content", str(content), "--output",
         str(output), "--format", "json", "--report", str(report), "--no-proofread", *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600)
    return Outcome(build, json.loads(report.read_text(encoding="utf-8"))["findings"])


def invoke_check(content: Path, output: Path, *args: str) -> tuple[int, list[dict[str, object]], str]:
    """`invoke check` as a writer runs it (build first), with its exit status, its JSON
    findings and what it printed on its error output."""
    report = output.parent / f"{output.name}-invoke.json"
    done = subprocess.run(
        [str(INVOKE), "check", "--content", str(content), "--output", str(output),
         "--no-proofread", "--format", "json", "--report", str(report), *args],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=900)
    findings = (json.loads(report.read_text(encoding="utf-8"))["findings"]
                if report.is_file() else [])
    return done.returncode, findings, done.stderr


def leaks(output: Path, *secrets: bytes) -> list[str]:
    """Output files (relative) that hold one of `secrets`, or that are links: the output
    is walked without following links, every file read whole."""
    found = []
    for dirpath, dirnames, filenames in os.walk(output):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(output).as_posix()
            if path.is_symlink():
                found.append(f"{rel} (lien)")
            elif path.is_file() and any(s in path.read_bytes() for s in secrets):
                found.append(rel)
    return sorted(found)


def tiny_png(tail: bytes = b"") -> bytes:
    """A valid 1×1 PNG, with `tail` after its end (still decodes)."""
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
            b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
            b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82") + tail
