"""Helpers shared by the tests: build a content folder with the project's settings."""

from __future__ import annotations

import os
import subprocess
import sys
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
