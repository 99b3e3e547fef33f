"""Golden output of the small sample site: which files are compared, and how to refresh."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import FIXTURES, ROOT, build_site

SITE = FIXTURES / "mini-site"
GOLDEN = ROOT / "tests" / "golden" / "mini-site"
COMPARED_SUFFIXES = (".html", ".xml", ".opml", ".txt")
SKIPPED_DIRS = ("pagefind", "theme", "images")
# the accessibility statement from a fixed results file, not the project's (refreshed by tests)
SETTINGS = {"HUB_SEARCH": False,
            "HUB_ACCESSIBILITY_RESULTS": str(FIXTURES / "accessibility-results.json")}


def compared_files(output: Path) -> dict[str, str]:
    """Relative path → text of every compared file of a built site."""
    files = {}
    for path in sorted(output.rglob("*")):
        rel = path.relative_to(output).as_posix()
        if path.is_file() and path.suffix in COMPARED_SUFFIXES \
                and rel.split("/", 1)[0] not in SKIPPED_DIRS:
            files[rel] = path.read_text(encoding="utf-8")
    return files


def build_golden(output: Path) -> None:
    result = build_site(SITE, output, **SETTINGS)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)


def refresh() -> None:
    """Rebuild the expected output (review the diff before committing it)."""
    tmp = ROOT / "output-golden"
    shutil.rmtree(tmp, ignore_errors=True)
    build_golden(tmp)
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for rel, text in compared_files(tmp).items():
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.rmtree(tmp)
