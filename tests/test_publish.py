"""`invoke publish` and `invoke rollback`: a refusing gate, atomic releases, one-step rollback."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hub.publish.gate import BuildSpec
from hub.publish.release import PublishTarget, publish, rollback
from support import FIXTURES, ROOT, TODAY

INVOKE = [sys.executable, "-m", "invoke"]


def run_task(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run([*INVOKE, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)


def snapshot(root: Path) -> dict[str, str]:
    """Every path under `root` with its link target or content hash."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


@pytest.fixture
def site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini-site", content)
    return content


def served_title(target: Path) -> str:
    html = (target / "current" / "a-propos" / "index.html").read_text(encoding="utf-8")
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def set_about_title(content: Path, title: str) -> None:
    page = content / "pages" / "a-propos.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[0] = f"Title: {title}"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_publish_then_rollback(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    set_about_title(site, "Version une")
    first = run_task("publish", "--target", str(target), "--content", str(site), "--today", TODAY)
    assert first.returncode == 0, first.stderr
    assert "Site publié" in first.stdout
    assert (target / "current").is_symlink()
    assert "Version une" in served_title(target)

    set_about_title(site, "Version deux")
    second = run_task("publish", "--target", str(target), "--content", str(site), "--today", TODAY)
    assert second.returncode == 0, second.stderr
    assert "Version deux" in served_title(target)
    assert len(PublishTarget(target).releases()) == 2

    back = run_task("rollback", "--target", str(target))
    assert back.returncode == 0, back.stderr
    assert "Retour à la version précédente" in back.stdout
    assert "Version une" in served_title(target)

    again = run_task("rollback", "--target", str(target))
    assert again.returncode == 1
    assert "pas de version précédente" in again.stderr
    assert "Traceback" not in again.stderr
    assert "Version une" in served_title(target)


def test_planted_error_refuses_and_leaves_target_untouched(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    assert run_task("publish", "--target", str(target), "--content", str(site),
                    "--today", TODAY).returncode == 0
    before = snapshot(target)
    story = next((site / "stories").glob("*.md"))
    text = story.read_text(encoding="utf-8").replace("Services: ", "Services: service-inconnu, ", 1)
    story.write_text(text, encoding="utf-8")
    set_about_title(site, "Ne doit pas paraître")

    refused = run_task("publish", "--target", str(target), "--content", str(site),
                       "--today", TODAY)

    assert refused.returncode == 1
    assert "Publication refusée" in refused.stderr
    assert "le site en ligne n'a pas changé" in refused.stderr
    assert "service-inconnu" in refused.stderr
    assert story.name in refused.stderr
    assert "Traceback" not in refused.stderr
    assert snapshot(target) == before
    assert "Ne doit pas paraître" not in served_title(target)


def test_refused_first_publish_creates_nothing(site: Path, tmp_path: Path) -> None:
    story = next((site / "stories").glob("*.md"))
    story.write_text(story.read_text(encoding="utf-8").replace("\n\n", "\nAudience: martiens\n\n", 1),
                     encoding="utf-8")
    target = tmp_path / "www"
    refused = run_task("publish", "--target", str(target), "--content", str(site),
                       "--today", TODAY)
    assert refused.returncode == 1, refused.stdout
    assert "Publication refusée" in refused.stderr
    assert not target.exists()


def test_unsafe_html_refuses_publish(site: Path, tmp_path: Path) -> None:
    page = site / "pages" / "a-propos.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<p onclick=\"alert(1)\">x</p>\n",
                    encoding="utf-8")
    outcome = publish(tmp_path / "www", BuildSpec(content=site, today=TODAY), log=lambda _: None)
    assert not outcome.published
    assert any(f.code == "unsafe-html" and f.file.endswith("pages/a-propos.md")
               for f in outcome.errors)
    assert not (tmp_path / "www").exists()


def test_keeps_the_last_releases_and_never_the_live_one(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    spec = BuildSpec(content=site, today=TODAY)
    names = []
    for _ in range(3):
        outcome = publish(target, spec, keep=2, log=lambda _: None)
        assert outcome.published, outcome.reason
        names.append(outcome.release)
    assert PublishTarget(target).releases() == names[1:]
    assert PublishTarget(target).current() == names[2]
    assert rollback(target) == names[1]
    outcome = publish(target, spec, keep=1, log=lambda _: None)
    assert PublishTarget(target).releases() == [outcome.release]
    assert not [p for p in target.iterdir() if p.name.startswith(".")]


def test_a_folder_that_is_not_a_target_is_refused(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    (target / "current").mkdir(parents=True)
    (target / "current" / "index.html").write_text("ancien site", encoding="utf-8")
    result = run_task("publish", "--target", str(target), "--content", str(site),
                      "--today", TODAY)
    assert result.returncode == 2
    assert "n'est pas une cible" in result.stderr
    assert "Traceback" not in result.stderr
    assert (target / "current" / "index.html").read_text(encoding="utf-8") == "ancien site"


def test_leftovers_of_a_killed_publish_are_cleaned(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    spec = BuildSpec(content=site, today=TODAY)
    assert publish(target, spec, log=lambda _: None).published
    (target / ".staging-99999").mkdir()
    (target / ".staging-99999" / "index.html").write_text("à moitié", encoding="utf-8")
    (target / ".trash-20200101T000000-000000").mkdir()
    assert publish(target, spec, log=lambda _: None).published
    assert sorted(p.name for p in target.iterdir()) == ["current", "releases"]


def test_a_second_publish_at_the_same_time_is_refused(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    first = subprocess.Popen([*INVOKE, "publish", "--target", str(target), "--content", str(site),
                              "--today", TODAY], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):  # until the first one is building
            if any(p.name.startswith(".staging-") for p in target.iterdir()):
                break
            time.sleep(0.05)
        second = run_task("publish", "--target", str(target), "--content", str(site),
                          "--today", TODAY)
    finally:
        out, err = first.communicate(timeout=300)
    assert second.returncode == 2
    assert "une autre publication est en cours" in second.stderr
    assert first.returncode == 0, err
    assert PublishTarget(target).current() is not None


def test_a_target_the_system_refuses_is_one_french_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from hub.publish.release import publish_command

    monkeypatch.setenv("HUB_ERROR_LOG", str(tmp_path / "erreur.log"))
    blocker = tmp_path / "un-fichier"
    blocker.write_text("x", encoding="utf-8")
    assert publish_command(str(blocker / "site"), content=str(tmp_path)) == 2
    said = capsys.readouterr().err.strip()
    assert said == (f"Impossible d'écrire dans « {blocker} » : c'est un fichier, pas un "
                    f"dossier. Donnez le nom d'un dossier, ou déplacez ce fichier. Rien n'a été "
                    f"publié ni modifié (détail technique dans {tmp_path / 'erreur.log'}).")
    assert "Errno" in (tmp_path / "erreur.log").read_text(encoding="utf-8")


def test_a_release_goes_to_disk_in_one_syncfs_or_file_by_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before a release can go live, all of it is on disk: on Linux one `syncfs` of its
    file system; where there is none, one `fsync` per file and folder."""
    from hub.publish import release

    tree = tmp_path / "release"
    (tree / "a" / "b").mkdir(parents=True)
    for rel in ("index.html", "a/index.html", "a/b/index.html"):
        (tree / rel).write_text("<p>x</p>", encoding="utf-8")
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    if sys.platform.startswith("linux"):
        assert release._syncfs() is not None
        release._sync_tree(tree)
        assert synced == []  # no file went through fsync
    monkeypatch.setattr(release, "_syncfs", lambda: None)
    release._sync_tree(tree)
    assert len(synced) == 6  # three files, three folders
