"""An unreadable feed identity registry (`feed-ids.json`) on real builds, checks and
publishes: an error at the registry's line, the site still built, publishing refused, and
the file never rewritten (a new registry would announce every item again)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hub.publish.gate import BuildSpec
from hub.publish.release import publish
from support import FIXTURES, ROOT, TODAY, build_site

REGISTRY = "feed-ids.json"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The feeds fixture with the registry its first build wrote."""
    content = tmp_path_factory.mktemp("registry") / "content"
    shutil.copytree(FIXTURES / "feeds-site", content)
    done = build_site(content, content.parent / "output", HUB_FEED_IDS=REGISTRY)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads((content / REGISTRY).read_text(encoding="utf-8"))["items"]
    return content


def _conflict(text: str) -> tuple[str, int]:
    lines = text.splitlines(keepends=True)
    at = 4  # inside the first item
    new = lines[:at] + ["<<<<<<< HEAD\n", '      "slug": "ancien",\n', "=======\n",
                        '      "slug": "nouveau",\n', ">>>>>>> lettre-decembre\n"] + lines[at:]
    return "".join(new), at + 1


def _truncated(text: str) -> tuple[str, int]:
    cut = "".join(text.splitlines(keepends=True)[:9])
    try:
        json.loads(cut)
    except json.JSONDecodeError as exc:
        return cut, exc.lineno
    raise AssertionError("still valid")


# name → how to spoil the good registry text: (bytes, expected code, expected line)
Spoil = Callable[[str], tuple[bytes | None, str, int | None]]
SPOILED: dict[str, Spoil] = {
    "merge-conflict": lambda t: (_conflict(t)[0].encode(), "feed-ids-conflict", _conflict(t)[1]),
    "truncated": lambda t: (_truncated(t)[0].encode(), "feed-ids-broken", _truncated(t)[1]),
    "empty": lambda t: (b"", "feed-ids-broken", 1),
    "a-list": lambda t: (b'["urn:uuid:3d7347e2-5db1-5a4d-8368-fffb1f854f85"]\n',
                         "feed-ids-broken", None),
    "item-without-guid": lambda t: (t.replace('"guid"', '"gid"', 1).encode(),
                                    "feed-ids-broken", None),
    "latin-1": lambda t: (t.encode("latin-1", errors="replace"), "feed-ids-broken", 2),
    "a-folder": lambda t: (None, "feed-ids-broken", None),
}


def _spoil(good: Path, tmp_path: Path, name: str) -> tuple[Path, str, int | None]:
    content = tmp_path / "content"
    shutil.copytree(good, content)
    registry = content / REGISTRY
    data, code, line = SPOILED[name](registry.read_text(encoding="utf-8"))
    if data is None:
        registry.unlink()
        registry.mkdir()
        (registry / "ids.json").write_text("{}", encoding="utf-8")
    else:
        registry.write_bytes(data)
    return content, code, line


def _snapshot(path: Path) -> object:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in path.iterdir()}
    return path.read_bytes()


def _check(content: Path, output: Path) -> tuple[int, list[dict[str, object]], str]:
    report = output.parent / "check.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    done = subprocess.run(
        [sys.executable, "-m", "hub.checks", "--content", str(content), "--output",
         str(output), "--settings", str(ROOT / "pelicanconf.py"), "--format", "json",
         "--report", str(report), "-e", f"HUB_TODAY={json.dumps(TODAY)}"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return done.returncode, findings, done.stderr


@pytest.mark.parametrize("name", SPOILED)
def test_an_unreadable_registry_is_an_error_and_is_never_rewritten(
        good: Path, tmp_path: Path, name: str) -> None:
    content, code, line = _spoil(good, tmp_path, name)
    registry = content / REGISTRY
    before = _snapshot(registry)
    output = tmp_path / "output"

    built = build_site(content, output, HUB_FEED_IDS=REGISTRY)
    assert built.returncode == 0, built.stderr[-2000:]
    assert "Traceback" not in built.stderr
    assert _snapshot(registry) == before
    # the site and its feeds are still built (with temporary ids)
    assert (output / "index.html").is_file()
    assert list(output.glob("flux/**/atom.xml"))
    where = f"ligne {line}" if line else "fichier"
    assert f"{registry}\n  {where} : erreur : Le registre des flux" in built.stderr

    status, findings, stderr = _check(content, output)
    assert status == 1, stderr
    assert "Traceback" not in stderr
    mine = [(f["code"], f["line"]) for f in findings if f["file"] == str(registry)]
    assert mine == [(code, line)]
    assert _snapshot(registry) == before


@pytest.mark.parametrize("name", ["merge-conflict", "a-folder"])
def test_publishing_is_refused_and_the_registry_left_as_it_is(
        good: Path, tmp_path: Path, name: str) -> None:
    content, code, _ = _spoil(good, tmp_path, name)
    registry = content / REGISTRY
    before = _snapshot(registry)
    target = tmp_path / "www"
    outcome = publish(target, BuildSpec(content=content, today=TODAY), log=lambda _: None)
    assert not outcome.published
    assert code in [f.code for f in outcome.errors]
    assert "Publication refusée" in outcome.reason
    assert not target.exists()
    assert _snapshot(registry) == before


def test_a_readable_registry_gives_no_finding(good: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(good, content)
    output = tmp_path / "output"
    assert build_site(content, output, HUB_FEED_IDS=REGISTRY).returncode == 0
    _, findings, _ = _check(content, output)
    assert [f for f in findings if str(f["code"]).startswith("feed-ids")] == []


def test_invoke_publish_refuses_with_the_registry_named(good: Path, tmp_path: Path) -> None:
    content, _, line = _spoil(good, tmp_path, "merge-conflict")
    before = _snapshot(content / REGISTRY)
    target = tmp_path / "www"
    done = subprocess.run(
        [str(Path(sys.executable).parent / "invoke"), "publish", "--target", str(target),
         "--content", str(content), "--today", TODAY],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert f"{content / REGISTRY}\n  ligne {line} : erreur : Le registre des flux" in done.stderr
    assert "Publication refusée" in done.stderr
    assert not target.exists()
    assert _snapshot(content / REGISTRY) == before


def test_the_build_s_files_in_the_content_folder_are_replaced_whole(tmp_path):
    """The registry and the old addresses are written beside, then renamed over: a reader
    sees the old file or the new one, never half; a link is never written through;
    nothing is left behind."""
    import os

    from hub.paths import write_text_atomic

    target = tmp_path / "feed-ids.json"
    target.write_text("ancien", encoding="utf-8")
    inode = target.stat().st_ino
    write_text_atomic(target, "nouveau")
    assert target.read_text(encoding="utf-8") == "nouveau"
    assert target.stat().st_ino != inode  # a new file renamed over, not the old one rewritten
    real = tmp_path / "ailleurs.json"
    real.write_text("x", encoding="utf-8")
    link = tmp_path / "anciennes-adresses.json"
    link.symlink_to(real)
    with pytest.raises(OSError):  # never written through a link: it could lead anywhere
        write_text_atomic(link, "par le lien")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "x"
    assert sorted(os.listdir(tmp_path)) == ["ailleurs.json", "anciennes-adresses.json",
                                            "feed-ids.json"]
