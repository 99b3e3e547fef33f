"""French everywhere a writer reads: `./hub build`, `./hub serve` (its first request
included), `./hub check` and `./hub publish` on the sample say no English line, and
every command they name is written as the README teaches it (`./hub …`)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from support import ROOT, invoke_server

pytestmark = pytest.mark.slow

# Words that only English uses, and the shape of an access log line.
ENGLISH = frozenset({"the", "and", "done", "processed", "serving", "seconds", "tap", "error",
                     "warning", "skipping", "unable", "found", "not", "is", "at", "to", "of",
                     "in", "with", "articles", "drafts", "hidden", "failed", "ctrl-c"})
ACCESS_LOG = re.compile(r'"(GET|HEAD|POST) /')
NOT_WORDS = re.compile(r"\S*[/\\]\S*|\S+\.\w+|«[^»]*»")  # paths, file names, quotations


def english_lines(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        words = re.findall(r"[A-Za-z][A-Za-z-]*", NOT_WORDS.sub(" ", line))
        if ACCESS_LOG.search(line) or ENGLISH & {w.lower() for w in words}:
            found.append(line)
    return found


def invoke(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    return said


def test_english_lines_are_found():
    assert english_lines("Done: Processed 27 articles, 0 drafts in 3.1 seconds.")
    assert english_lines('127.0.0.1 - - [06/Dec/2026 12:00:00] "GET / HTTP/1.1" 200 -')
    assert english_lines("58 pages écrites en 3,2 s.") == []
    assert english_lines("Aucun problème : 58 fichier(s) source vérifiés (content/a-b.md).") == []


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("french")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    return content, base


def test_build_check_and_publish_speak_french(sample):
    content, base = sample
    output = base / "site"
    said = invoke("build", "--content", str(content), "--output", str(output), "--force")
    assert re.search(r"^\d+ pages écrites en \d+,\d s\.$", said, re.MULTILINE), said
    said += invoke("check", "--content", str(content), "--output", str(output),
                   "--no-proofread")
    said += invoke("publish", "--target", str(base / "web"), "--content", str(content))
    assert english_lines(said) == [], said
    assert "invoke " not in said, said
    assert "./hub rollback --target" in said


def test_serve_and_its_first_request_speak_french(sample):
    content, base = sample
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = base / "serve.log"
    url = f"http://127.0.0.1:{port}/"
    with invoke_server(["serve", "--content", str(content), "--output", str(base / "site"),
                        "--port", str(port)], url, log):
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert answer.status == 200
        with urllib.request.urlopen(url + "services/", timeout=10) as answer:
            assert answer.status == 200
    said = log.read_text(encoding="utf-8")
    assert "Le site est servi sur" in said
    assert english_lines(said) == [], said
