"""Helpers shared by the tests: build a content folder with the project's settings."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from hub.settings import pelican_overrides  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
TODAY = "2026-11-23"  # frozen "today" of the fixtures, so that ages never drift


def build_site(content: Path, output: Path, conf: str = "pelicanconf.py",
               **settings: object) -> subprocess.CompletedProcess[str]:
    """Run a real Pelican build of `content` into `output`; settings override the conf."""
    # No feed identity registry and no file of old addresses unless a test asks for
    # one: a build must not write into the fixtures.
    defaults = {"HUB_TODAY": TODAY, "HUB_FEED_IDS": "", "HUB_REDIRECTS": ""}
    extra = pelican_overrides({**defaults, **settings})
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(output),
         "-s", str(ROOT / conf), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )


def check_site(content: Path, output: Path, **settings: object) -> list[dict[str, object]]:
    """Build `content` into `output` (the build must end well), then run the checker on
    both with the same settings, as `invoke check` does; its findings, as JSON."""
    import json

    built = build_site(content, output, **settings)
    assert built.returncode == 0, built.stderr[-3000:]
    defaults = {"HUB_TODAY": TODAY, "HUB_FEED_IDS": "", "HUB_REDIRECTS": ""}
    report = output.parent / f"{output.name}-verification.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    done = subprocess.run(
        [sys.executable, "-m", "hub.checks", "--content", str(content), "--output", str(output),
         *pelican_overrides({**defaults, **settings}), "--format", "json", "--report",
         str(report), "--no-proofread"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    findings: list[dict[str, object]] = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return findings


# --- local servers started as the writer starts them (`invoke livereload`, `edit`) ------

def free_port() -> int:
    """A port of 127.0.0.1 free right now (tests never use a fixed port)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def invoke_server(args: list[str], ready: str, log: Path,
                  timeout: float = 120.0) -> Iterator[subprocess.Popen[bytes]]:
    """`invoke <args>` running until the end of the block, once `ready` (a URL) answers
    200; its terminal goes to `log`. Stopped as Ctrl+C would stop it."""
    import time
    import urllib.request

    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "invoke", "-r", str(ROOT), *args],
                                   cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            try:
                with urllib.request.urlopen(ready, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
