"""Faults keep data and speak French: publishing never deletes or writes through a link
out of its target; a refused publish leaves no process and no staging folder; a full
disk, a read-only folder or a file where a folder should be is one French sentence, in
build, check and publish; the registries are never truncated. Real builds on real small
file systems (tmpfs, mounted here: the tests need the right to mount)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hub import faults
from hub.publish.gate import run_alone
from hub.publish.release import publish_command
from support import FIXTURES, ROOT, TODAY

RELEASE = "20261101T080000-000001"


@contextlib.contextmanager
def tmpfs(where: Path, size: str, read_only: bool = False) -> Iterator[Path]:
    """A small file system of its own at `where` (full or read-only on demand)."""
    where.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def hub(*args: str, log: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "HUB_TODAY": TODAY,
           "HUB_ERROR_LOG": str(log)}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def running_under(folder: Path) -> list[str]:
    """Processes whose command line names `folder` (a leftover Pagefind, a build)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if str(folder) in line and "pytest" not in line:
                    found.append(line)
    return found


# --- links in the target ---------------------------------------------------------------

def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the target that looks like releases: publishing must not touch it."""
    other = tmp_path / "ailleurs"
    for name in ("20200101T000000-000001", "20200101T000000-000002", RELEASE):
        (other / name).mkdir(parents=True)
        (other / name / "precieux.txt").write_text(f"à garder {name}", encoding="utf-8")
    return other


@pytest.mark.parametrize("link", ["releases", "release", "current", "staging"])
def test_a_link_in_the_target_is_refused_and_nothing_behind_it_changes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str) -> None:
    other = elsewhere(tmp_path)
    before = files(other)
    target = tmp_path / "cible"
    (target / "releases" / RELEASE).mkdir(parents=True)
    os.symlink(f"releases/{RELEASE}", target / "current")
    culprit = {"releases": target / "releases", "current": target / "current",
               "release": target / "releases" / "20200101T000000-000001",
               "staging": target / ".staging-99"}[link]
    if culprit.is_dir() and not culprit.is_symlink():
        shutil.rmtree(culprit)
    culprit.unlink(missing_ok=True)
    os.symlink(other if link != "current" else other / RELEASE, culprit)
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini-site", content)
    assert publish_command(str(target), content=str(content), keep=1, today=TODAY) == 2
    said = capsys.readouterr().err.strip()
    assert said == (f"Publication impossible : {culprit} est un lien vers un autre dossier : "
                    "la publication n'écrit ni n'efface rien hors de sa cible. Remplacez ce "
                    "lien par un vrai dossier (ou supprimez-le), puis relancez.")
    assert files(other) == before
    assert culprit.is_symlink()


# --- processes ---------------------------------------------------------------------------

def test_a_refused_child_leaves_no_process_behind(tmp_path: Path) -> None:
    """The build and the check run in a group of their own, ended when they return: a
    grandchild still writing (Pagefind after a build stopped) is ended with them."""
    marker = tmp_path / "encore-en-vie"
    script = (f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', "
              f"'import time, pathlib\\nwhile True: pathlib.Path(r\"{marker}\").touch(); "
              f"time.sleep(0.05)']); sys.exit(1)")
    done = run_alone([sys.executable, "-c", script], dict(os.environ))
    assert done.returncode == 1
    time.sleep(0.5)
    assert running_under(marker) == []
    marker.unlink(missing_ok=True)
    time.sleep(0.3)
    assert not marker.exists()


# --- a full disk, a read-only folder, a file in the way ----------------------------------

@pytest.mark.slow
def test_publishing_to_a_full_disk_is_one_sentence_and_leaves_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini-site", content)
    with tmpfs(tmp_path / "disque", "400k") as disk:
        target = disk / "www"
        done = hub("publish", "--target", str(target), "--content", str(content),
                   log=tmp_path / "erreur.log")
        assert done.returncode == 1, done.stderr[-2000:]
        assert done.stderr.strip().splitlines()[-1] == (
            f"Impossible d'écrire dans « {target} » : le disque qui le porte est plein. "
            "Libérez de la place puis relancez. Rien n'a été publié, le site en ligne n'a "
            "pas changé.")
        assert list(disk.iterdir()) == []  # no staging, no target made for nothing
        assert running_under(disk) == []


@pytest.mark.slow
def test_a_read_only_target_and_a_file_as_output_are_one_sentence(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini-site", content)
    log = tmp_path / "erreur.log"
    with tmpfs(tmp_path / "lecture-seule", "1m", read_only=True) as frozen:
        done = hub("publish", "--target", str(frozen / "www"), "--content", str(content),
                   log=log)
        assert done.returncode == 2
        assert done.stderr.strip() == (
            f"Impossible d'écrire dans « {frozen / 'www'} » : il est en lecture seule. "
            "Choisissez un dossier où l'on peut écrire, ou faites-le ouvrir en écriture. Rien "
            f"n'a été publié ni modifié (détail technique dans {log}).")
        done = hub("build", "--content", str(content), "--output", str(frozen / "site"),
                   log=log)
        assert done.returncode == faults.EXIT_REFUSED
        assert done.stderr.strip() == (
            f"Impossible d'écrire dans « {frozen / 'site'} » : il est en lecture seule. "
            "Choisissez un dossier où l'on peut écrire, ou faites-le ouvrir en écriture.")
        report = frozen / "rapport.json"
        done = hub("check", "--content", str(content), "--output", str(tmp_path / "site"),
                   "--no-proofread", "--report", str(report), log=log)
        assert done.returncode == 2
        assert done.stderr.strip().splitlines()[-1] == (
            f"Impossible d'écrire dans « {frozen} » : il est en lecture seule. "
            "Choisissez un dossier où l'on peut écrire, ou faites-le ouvrir en écriture.")
    in_the_way = tmp_path / "sortie"
    in_the_way.write_text("un fichier", encoding="utf-8")
    done = hub("build", "--content", str(content), "--output", str(in_the_way), log=log)
    assert done.returncode == faults.EXIT_REFUSED
    assert done.stderr.strip() == (
        f"Impossible d'écrire dans « {in_the_way} » : c'est un fichier, pas un dossier. "
        "Donnez le nom d'un dossier, ou déplacez ce fichier.")
    assert in_the_way.read_text(encoding="utf-8") == "un fichier"


@pytest.mark.slow
def test_a_full_content_disk_never_truncates_the_registries(tmp_path: Path) -> None:
    log = tmp_path / "erreur.log"
    with tmpfs(tmp_path / "contenu", "2m") as disk:
        content = disk / "content"
        shutil.copytree(FIXTURES / "mini-site", content)
        first = hub("build", "--content", str(content), "--output", str(tmp_path / "a"),
                    log=log)
        assert first.returncode == 0, first.stderr[-2000:]
        kept = (content / "feed-ids.json").read_bytes()
        (content / "news" / "nouvelle.md").write_text(
            "Title: Une nouvelle\nDate: 2026-11-20\nSummary: Du neuf.\nKind: info\n\nTexte.\n",
            encoding="utf-8")
        with contextlib.suppress(OSError), (disk / "remplissage").open("wb", 0) as filler:
            while True:
                filler.write(b"x" * 4096)
                filler.flush()
        done = hub("build", "--content", str(content), "--output", str(tmp_path / "b"),
                   log=log)
        assert done.returncode == faults.EXIT_REFUSED, done.stderr[-2000:]
        assert done.stderr.strip() == (
            f"Impossible d'écrire dans « {content} » : le disque qui le porte est plein. "
            "Libérez de la place puis relancez.")
        assert (content / "feed-ids.json").read_bytes() == kept
        assert not [p for p in content.iterdir() if p.name.endswith(".tmp")]


def test_every_refusal_names_the_folder_and_what_to_do(tmp_path: Path) -> None:
    for number in faults.REFUSALS:
        said = faults.sentence(OSError(number, os.strerror(number), str(tmp_path / "x.html")))
        assert said.startswith(f"Impossible d'écrire dans « {tmp_path} » : "), said
        assert said.endswith(".") and "relancez" in said or "dossier" in said, said
    assert not faults.refused(OSError(5, "Input/output error"))
