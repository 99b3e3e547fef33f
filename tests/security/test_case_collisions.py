"""Files whose names differ only by letter case or Unicode normalisation are one file on
Windows, macOS and IIS: an error, once, on the later file (in name order), which is not
published; the earlier one is."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hub.source import gate

from security.gatekit import Outcome, build_and_check, sample_copy

NFC = unicodedata.normalize("NFC", "images/équipe.jpg")
NFD = unicodedata.normalize("NFD", "images/équipe.jpg")


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Outcome]:
    root = tmp_path_factory.mktemp("casse")
    content = sample_copy(root)
    images = content / "images"
    photo = (images / "entrepot-vienne.jpg").read_bytes()
    (images / "Entrepot-Vienne.jpg").write_bytes(photo[:-2] + b"\xff\xd9")  # the earlier one
    (content / NFD).write_bytes(photo)
    (content / NFC).write_bytes(photo)
    news = next(iter(sorted((content / "news").glob("*.md"))))
    (content / "news" / news.name.upper().replace(".MD", ".md")).write_bytes(news.read_bytes())
    output = root / "output"
    return content, output, build_and_check(content, output)


def test_the_later_of_two_names_is_one_error(planted):
    content, _, outcome = planted
    news = sorted((content / "news").glob("*.md"))
    upper, lower = news[0].name, news[1].name  # uppercase sorts first
    assert upper.lower() == lower
    assert outcome.found(content) == sorted([
        ("images/entrepot-vienne.jpg", None, "name-twins"),
        (NFD if NFD > NFC else NFC, None, "name-twins"),
        (f"news/{lower}", None, "name-twins"),
    ])
    twin = next(f for f in outcome.findings if f["file"].endswith("images/entrepot-vienne.jpg"))
    assert twin["message"].startswith(
        "Ce fichier a le même nom que « images/Entrepot-Vienne.jpg » aux majuscules ou aux "
        "accents près")


def test_only_the_earlier_file_is_published(planted):
    content, output, outcome = planted
    assert outcome.build.returncode == 0, outcome.build.stderr[-2000:]
    names = {p.name for p in (output / "images").iterdir()}
    assert "Entrepot-Vienne.jpg" in names
    assert "entrepot-vienne.jpg" not in names


def test_the_walk_refuses_twins_whatever_the_folder(tmp_path: Path):
    (tmp_path / "images" / "Photos").mkdir(parents=True)
    (tmp_path / "images" / "photos").mkdir()
    (tmp_path / "images" / "Photos" / "a.png").write_bytes(b"1")
    (tmp_path / "images" / "photos" / "a.png").write_bytes(b"2")
    (tmp_path / "images" / "photos" / "b.png").write_bytes(b"3")
    walked = gate.walk(tmp_path)
    assert walked.files == ["images/Photos/a.png", "images/photos/b.png"]
    assert [(r.rel, r.code) for r in walked.refused] == [("images/photos/a.png", "name-twins")]
