"""A renamed file whose old name is still cited is one finding, on the renamed file, with
both fixes; an item that comes back to its own address takes it back, with no finding,
whatever happened in between. Real builds and real checks of a small site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import FIXTURES
from test_old_addresses import REGISTRY, build, check

CITING = ["constraints/cles-usb.md", "editions/lettre-novembre-2026.md",
          "news/nouvel-espace-projets.md", "stories/atelier-plans-partages.md"]


def site(tmp_path: Path) -> tuple[Path, Path]:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURES / "feeds-site", content)
    return content, output


def build_and_check(content: Path, output: Path) -> list[dict[str, object]]:
    build(content, output)
    return check(content, output)


def codes(found: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(f["code"], f["file"], f["line"]) for f in found]


@pytest.fixture
def saved_as(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The service saved under a new name by Windows' « Enregistrer sous », the old
    file gone, after one build that knew the old name."""
    content, output = site(tmp_path)
    build(content, output)
    renamed = content / "services" / "Espace des projets.md"
    (content / "services/espace-projets.md").rename(renamed)
    return content, output, renamed


def test_a_renamed_file_still_cited_is_one_finding_on_that_file(saved_as):
    content, output, renamed = saved_as
    found = build_and_check(content, output)
    assert codes(found) == [("renamed-file-still-linked", str(renamed), 1)]
    message, hint = str(found[0]["message"]), str(found[0]["hint"])
    assert "s'appelait « espace-projets.md »" in message
    assert f"(4 : {', '.join(f'{content}/{c}' for c in CITING)})" in message
    assert hint.startswith("Redonnez à ce fichier son ancien nom, « espace-projets.md »")
    assert "« Slug: espace-projets »" in hint
    # Meanwhile the citing pages lead to the renamed page, never to a broken link.
    story = (output / "histoires/atelier-plans-partages/index.html").read_text("utf-8")
    assert 'href="../../services/espace-des-projets/"' in story
    # Found again on the next run, from the old address the build now remembers.
    assert codes(build_and_check(content, output)) == codes(found)


def without_file_links(content: Path) -> None:
    story = content / "stories/atelier-plans-partages.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "{filename}/services/espace-projets.md", "{service}espace-projets"), encoding="utf-8")


def test_cited_by_slug_only_the_finding_offers_both_fixes(saved_as):
    content, output, renamed = saved_as
    without_file_links(content)
    found = build_and_check(content, output)
    assert codes(found) == [("renamed-still-cited", str(renamed), 1)]
    assert "s'appelait « espace-projets » " in str(found[0]["message"])
    hint = str(found[0]["hint"])
    assert "« Slug: espace-projets »" in hint and "« espace-projets.md »" in hint


def test_either_fix_leaves_no_finding(saved_as, tmp_path: Path):
    content, output, renamed = saved_as
    without_file_links(content)
    build(content, output)
    other = tmp_path / "other"
    shutil.copytree(content, other / "content")
    text = renamed.read_text(encoding="utf-8")
    renamed.write_text(text.replace("\n", "\nSlug: espace-projets\n", 1), encoding="utf-8")
    assert build_and_check(content, output) == []
    content, output = other / "content", other / "output"
    (content / "services/Espace des projets.md").rename(content / "services/espace-projets.md")
    assert build_and_check(content, output) == []
    data = json.loads((content / REGISTRY).read_text(encoding="utf-8"))
    assert "services/espace-projets/" not in data["redirects"]


def test_without_the_last_build_s_state_the_title_recognises_the_file(tmp_path: Path):
    content, output = site(tmp_path)
    renamed = content / "services" / "Espace des projets.md"
    (content / "services/espace-projets.md").rename(renamed)
    assert not (content / REGISTRY).exists()
    assert codes(build_and_check(content, output)) == [
        ("renamed-file-still-linked", str(renamed), 1)]


def test_a_new_slug_still_cited_is_one_finding_at_its_line(tmp_path: Path):
    content, output = site(tmp_path)
    build(content, output)
    path = content / "services/espace-projets.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\nSlug: projets\n", 1),
                    encoding="utf-8")
    assert codes(build_and_check(content, output)) == [("renamed-still-cited", str(path), 2)]


@pytest.mark.parametrize("builds_away", [1, 3])
def test_an_item_coming_back_takes_its_address_back(tmp_path: Path, builds_away: int):
    content, output = site(tmp_path)
    build(content, output)
    news = content / "news/coupure-terminee.md"
    aside = tmp_path / "coupure-terminee.md"
    news.rename(aside)  # a branch switch, or the file moved away: dates kept
    for _ in range(builds_away):
        build(content, output)
    data = json.loads((content / REGISTRY).read_text(encoding="utf-8"))
    assert data["redirects"] == {"actualites/coupure-terminee/": "actualites/"}
    aside.rename(news)
    assert build_and_check(content, output) == []
    data = json.loads((content / REGISTRY).read_text(encoding="utf-8"))
    assert data["redirects"] == {}
    assert "gone" not in data
    page = (output / "actualites/coupure-terminee/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in page


def test_another_item_at_an_old_address_is_still_an_error(tmp_path: Path):
    content, output = site(tmp_path)
    build(content, output)
    news = content / "news/coupure-terminee.md"
    news.unlink()
    build(content, output)
    news.write_text("Title: Un tout autre sujet\nDate: 2026-11-20\nSummary: Rien à voir.\n"
                    "Kind: info\n\nUne autre annonce.\n", encoding="utf-8")
    assert codes(build_and_check(content, output)) == [("old-address-taken", str(news), 1)]
