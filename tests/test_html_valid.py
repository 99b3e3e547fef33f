"""Every generated page is valid HTML for the Nu Html Checker (npm `vnu-jar`, Java 17).

The sample site and the theme's small site are built, then checked in ONE Java run
(starting the JVM costs more than checking a page).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from a11y_results import record
from support import ROOT
from test_theme_support import SAMPLE_SITE, THEME_SITE, build, html_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java") or "/usr/bin/java"


def vnu_errors(*folders: Path) -> list[dict[str, object]]:
    """The checker's errors on every HTML file under `folders`, in one run."""
    done = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         *map(str, folders)],
        capture_output=True, text=True, check=False,
    )
    report = json.loads(done.stderr or done.stdout or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    base = tmp_path_factory.mktemp("vnu")
    return [build(SAMPLE_SITE, base / "sample"), build(THEME_SITE, base / "theme")]


def test_the_checker_reports_invalid_html(tmp_path: Path) -> None:
    """The check itself can fail."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "index.html").write_text("<!doctype html><html lang=fr><title>x</title><p><div>", "utf-8")
    assert vnu_errors(bad)


def test_every_generated_page_is_valid_html(sites: list[Path]) -> None:
    assert VNU.is_file(), "npm install (vnu-jar) first"
    pages = [page for site in sites for page in html_pages(site)]
    assert len(pages) > 100
    errors = vnu_errors(*sites)
    record("html", pages=len(pages), errors=len(errors))
    lines = [
        f"{str(m.get('url', '')).split('/vnu')[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in errors
    ]
    assert not errors, "\n".join(lines[:40])
