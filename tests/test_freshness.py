"""Whether the output is fresh is decided by what the sources are (names and contents),
never by their dates alone: a `mv`, a copy keeping dates, a checkout of an older version
is a change; a file touched but left as it was is not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from hub.tools import stamp
from support import FIXTURES, ROOT


def fingerprint(tmp_path: Path, content: Path) -> str:
    return stamp.sources_fingerprint(tmp_path / "cache", tmp_path / "output", [content],
                                     content)


def site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "feeds-site", content)
    return content


def test_a_rename_keeping_dates_is_a_change(tmp_path: Path):
    content = site(tmp_path)
    before = fingerprint(tmp_path, content)
    (content / "news/coupure-terminee.md").rename(content / "news/coupure-finie.md")
    assert fingerprint(tmp_path, content) != before


def test_an_older_version_copied_with_its_dates_is_a_change(tmp_path: Path):
    content = site(tmp_path)
    path = content / "news/coupure-terminee.md"
    older = tmp_path / "older.md"
    shutil.copy2(path, older)
    first = fingerprint(tmp_path, content)
    path.write_text(path.read_text(encoding="utf-8").replace("Coupure", "Panne"),
                    encoding="utf-8")
    os.utime(path, ns=(older.stat().st_atime_ns, older.stat().st_mtime_ns))  # dates kept
    edited = fingerprint(tmp_path, content)
    assert edited != first
    shutil.copy2(older, path)  # like `git checkout` of the older version
    assert fingerprint(tmp_path, content) == first


def test_a_file_touched_but_unchanged_is_not_a_change(tmp_path: Path):
    content = site(tmp_path)
    before = fingerprint(tmp_path, content)
    (content / "news/coupure-terminee.md").touch()
    assert fingerprint(tmp_path, content) == before


def test_check_rebuilds_after_a_rename_that_keeps_dates(tmp_path: Path):
    content, output = site(tmp_path), tmp_path / "site"

    def invoke(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "invoke", "-r", str(ROOT), *args, "--content", str(content),
             "--output", str(output)], cwd=ROOT, capture_output=True, text=True, check=False)

    assert invoke("build").returncode == 0
    index = output / "index.html"
    built = index.stat().st_mtime_ns
    (content / "news/coupure-terminee.md").touch()
    checked = invoke("check", "--no-proofread")
    assert index.stat().st_mtime_ns == built, checked.stdout + checked.stderr
    subprocess.run(["mv", str(content / "news/coupure-terminee.md"),
                    str(content / "news/coupure-finie.md")], check=True)
    checked = invoke("check", "--no-proofread")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (output / "actualites/coupure-finie/index.html").is_file()
    assert "n'a pas pu être écrite" not in checked.stdout + checked.stderr
