"""Special files (named pipe, socket) in the content folder: one error each, never opened,
and the build never waits on them; the rest of the site is built."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hub.source import gate

from security.gatekit import Outcome, build_and_check, invoke_check, sample_copy


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Outcome]:
    root = tmp_path_factory.mktemp("speciaux")
    content = sample_copy(root)
    os.mkfifo(content / "news" / "tube.md")  # a build that opens it waits forever
    os.mkfifo(content / "images" / "tube.png")
    os.mkfifo(root / "tube-dehors")
    (content / "images" / "vers-tube.jpg").symlink_to("tube.png")  # a link to a pipe
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(content / "pages" / "prise.md"))
    output = root / "output"
    try:
        outcome = build_and_check(content, output)  # a timeout here would be a hang
    finally:
        server.close()
    return content, output, outcome


def test_each_special_file_is_one_error_and_the_site_is_built(planted):
    content, output, outcome = planted
    assert outcome.found(content) == [
        ("images/tube.png", None, "special-file"),
        ("images/vers-tube.jpg", None, "special-file"),
        ("news/tube.md", None, "special-file"),
        ("pages/prise.md", None, "special-file"),
    ]
    messages = {f["file"].removeprefix(f"{content}/"): f["message"] for f in outcome.findings}
    assert messages["news/tube.md"] == ("Ce n'est pas un fichier ordinaire mais un tube "
                                        "nommé : le hub ne l'ouvre pas.")
    assert "socket" in messages["pages/prise.md"]
    assert outcome.build.returncode == 0, outcome.build.stderr[-2000:]
    assert (output / "index.html").is_file()
    assert not (output / "images" / "tube.png").exists()
    assert not (output / "actualites" / "tube").exists()


def test_the_gate_never_opens_a_pipe(tmp_path: Path):
    pipe = tmp_path / "tube.md"
    os.mkfifo(pipe)
    with pytest.raises(gate.SpecialFile) as raised:
        gate.read_bytes(pipe)  # would block forever on open() without a writer
    assert raised.value.kind == "un tube nommé"


def test_invoke_check_reports_a_pipe_without_waiting(tmp_path: Path):
    content = sample_copy(tmp_path)
    os.mkfifo(content / "news" / "tube.md")
    code, findings, stderr = invoke_check(content, tmp_path / "output")
    assert code == 1, stderr
    assert [(f["file"].removeprefix(f"{content}/"), f["code"]) for f in findings] == [
        ("news/tube.md", "special-file")]
