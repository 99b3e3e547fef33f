"""Writer tasks: `invoke new-…` scaffolds, `invoke build --content --output`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hub.model import CONTENT_TYPES, TYPES_BY_ID
from hub.source.header import read
from support import FIXTURES, ROOT


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_every_scaffolded_type_has_its_task_as_before():
    assert sorted(t.new_task for t in CONTENT_TYPES if t.scaffold) == [
        "new-constraint", "new-news", "new-service", "new-story", "new-term"]


@pytest.mark.parametrize("task, type_id", [
    (t.new_task, t.id) for t in CONTENT_TYPES if t.scaffold
])
def test_new_file_has_every_key_its_type_needs(tmp_path: Path, task: str, type_id: str):
    result = invoke(task, "--title", "Mon nouveau contenu", "--content", str(tmp_path))
    assert result.returncode == 0, result.stderr
    ctype = TYPES_BY_ID[type_id]
    created = tmp_path / ctype.folder / "mon-nouveau-contenu.md"
    assert created.is_file()
    source = read(created.read_bytes())
    written = {e.name for e in source.entries}
    required = {f.name for f in ctype.fields if f.required}
    assert required <= written
    text = created.read_text(encoding="utf-8")
    for spec in ctype.fields:  # optional and conditional keys are explained below
        assert spec.key in text
    assert "Title: Mon nouveau contenu" in text


def test_new_file_never_overwrites(tmp_path: Path):
    assert invoke("new-story", "--title", "Deux fois", "--content", str(tmp_path)).returncode == 0
    again = invoke("new-story", "--title", "Deux fois", "--content", str(tmp_path))
    assert again.returncode != 0
    assert "existe déjà" in again.stderr + again.stdout


def test_build_any_content_folder_into_any_output(tmp_path: Path):
    content = tmp_path / "contenu"
    shutil.copytree(FIXTURES / "mini-site", content)
    output = tmp_path / "site"
    result = invoke("build", "--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert (output / "services" / "messagerie" / "index.html").is_file()
    assert (output / "index.html").is_file()


def test_findings_name_an_outside_folder_as_given(tmp_path: Path):
    content = tmp_path / "contenu"
    shutil.copytree(FIXTURES / "bad-metadata", content)
    result = invoke("build", "--content", str(content), "--output", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert f"\n{content}/services/sans-prix.md\n  fichier : erreur : La clé obligatoire « Price »" \
        in result.stderr


def test_the_build_own_files_in_the_content_folder_are_not_a_change(tmp_path: Path):
    """The build writes the feed identities and the old addresses into the content folder:
    the next build has nothing to do and `invoke check` does not build again, while a
    writer's edit still makes both build."""
    content = tmp_path / "contenu"
    shutil.copytree(ROOT / "tests" / "unseen" / "content", content)
    for written in ("feed-ids.json", "anciennes-adresses.json"):
        (content / written).unlink(missing_ok=True)
    output = tmp_path / "site"
    first = invoke("build", "--content", str(content), "--output", str(output))
    assert first.returncode == 0, first.stderr
    assert (content / "feed-ids.json").is_file()
    assert (content / "anciennes-adresses.json").is_file()
    again = invoke("build", "--content", str(content), "--output", str(output))
    assert "Rien n'a changé" in again.stdout, again.stdout + again.stderr
    checked = invoke("check", "--content", str(content), "--output", str(output),
                     "--no-proofread")
    assert "pages écrites" not in checked.stdout + checked.stderr
    story = sorted((content / "stories").glob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "\nUne phrase de plus.\n",
                     encoding="utf-8")
    rebuilt = invoke("check", "--content", str(content), "--output", str(output),
                     "--no-proofread")
    assert "pages écrites en" in rebuilt.stdout + rebuilt.stderr
