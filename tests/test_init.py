"""`invoke init --target DIR` (issue 23): a new company's content folder that builds and
checks with no error as it is, with every key of the site file commented in French, no
trace of the sample company, no feed identity registry, no old address; a folder that is
not empty is refused with one French sentence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hub.model import CONTENT_TYPES
from hub.source.sitefile import KEYS
from support import ROOT

SAMPLE_NAMES = ("Norélia", "norelia")


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("init") / "nouveau"
    result = invoke("init", "--target", str(content))
    assert result.returncode == 0, result.stderr
    return content


def test_init_writes_the_type_folders_a_commented_site_file_and_an_empty_lexicon(
        started: Path) -> None:
    assert {t.folder for t in CONTENT_TYPES} <= {p.name for p in started.iterdir()}
    assert (started / "lexique.txt").read_text(encoding="utf-8") == ""
    text = (started / "site.toml").read_text(encoding="utf-8")
    for key in KEYS:  # every key is there, with its French comment above it
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines)
                  if line.removeprefix("# ").startswith(f"{key.name} = "))
        assert lines[at - 1] == f"# {key.help}"
    data = tomllib.loads(text)
    assert data["site"]["department"] == "la DSI" and data["audiences"] == {
        "all": "Tout le monde"}


def test_init_leaves_no_trace_of_the_sample_nor_a_registry(started: Path) -> None:
    for path in started.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not any(name in text for name in SAMPLE_NAMES), path
    assert not (started / "feed-ids.json").exists()
    assert not (started / "anciennes-adresses.json").exists()
    for path in started.rglob("*.md"):  # each example says it is one
        assert "exemple" in path.read_text(encoding="utf-8").lower(), path


def test_the_new_folder_builds_and_checks_with_no_error_nor_warning(
        started: Path, tmp_path: Path) -> None:
    copy = tmp_path / "content"  # the build writes its registry into the folder
    subprocess.run(["cp", "-r", str(started), str(copy)], check=True)
    report = tmp_path / "report.json"
    result = invoke("check", "--content", str(copy), "--output", str(tmp_path / "site"),
                    "--format", "json", "--report", str(report))
    assert result.returncode == 0, result.stdout + result.stderr
    found = json.loads(report.read_text(encoding="utf-8"))
    assert found["summary"]["errors"] == 0 and found["summary"]["warnings"] == 0, found
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Exemple de fiche service" in home or "Exemple d'histoire d'usage" in home
    assert not (tmp_path / "site" / "actualites" / "exemple-actualite").exists()  # a draft


def test_a_folder_that_is_not_empty_is_refused_in_one_french_sentence(
        tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("déjà là", encoding="utf-8")
    result = invoke("init", "--target", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"Le dossier « {tmp_path} » n'est pas vide : indiquez "
                                     "un dossier absent ou vide avec --target.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
