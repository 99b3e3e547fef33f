"""Every finding at the place the writer must change, with a fix that works: the sample
content with one slip per file, built and checked as the README says (`invoke check`);
each file gets exactly its finding (file, line, column, code, hint), and nothing else
moves (no theme error for a content link, nothing for the writers' notes)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, TODAY

Slip = tuple[str, str, str]  # file, text to find, text to put instead (or to append: "")


def append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n",
                    encoding="utf-8")


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def plant(root: Path) -> None:
    """The slips of the issue, one per file."""
    append(root, "stories/commercial-bordeaux-hotel.md",
           "Elle passe par [le VPN](acces-distant) chaque soir.")
    append(root, "stories/premier-jour-poste-pret.md",
           "Voir [la messagerie]({service}Messagerie et agenda).")
    replace(root, "stories/paie-coffre-partage.md", "Services: ", "Services: messagerie-agenda et ")
    replace(root, "services/acces-distant.md", "Price:",
            "Image: salle-visio-roanne.jpg\nImage-alt: Une salle de visio\nPrice:")
    (root / "news" / "brouillon.md").write_text(
        "Title: Un brouillon\nDate: 2026-11-10\nKind: info\nSummary: Pas encore prêt.\n"
        "Status: draft\n\nTexte du brouillon.\n", encoding="utf-8")
    append(root, "editions/lettre-novembre-2026.md", "À venir : [un brouillon]({news}brouillon).")
    append(root, "editions/lettre-novembre-2026.md", "Une image : <img src=x onerror=alert(1)>")
    (root / "README.md").write_text("# Notes de l'équipe\n\nCe dossier contient le hub.\n",
                                    encoding="utf-8")
    (root / "news" / "note-rapide.markdown").write_text(
        "Title: Note rapide\nDate: 2026-11-12\nKind: info\nSummary: Une note.\n\nTexte.\n",
        encoding="utf-8")
    append(root, "constraints/cles-usb.md", '<img src="x.png" onerror="alert(1)"')
    # files named as Windows names them, used by a body and by an `Image:` key
    shutil.copy(root / "images" / "salle-visio-roanne.jpg", root / "images" / "Salle réunion été.jpg")
    (root / "images" / "Compte rendu été.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    append(root, "services/wifi-invites.md", "![La salle]({static}/images/Salle réunion été.jpg)\n\n"
           "Le [compte rendu]({static}/images/Compte rendu été.pdf).")
    replace(root, "services/application-intervention.md", "Price:",
            "Image: images/Salle réunion été.jpg\nImage-alt: Une salle de réunion\nPrice:")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("slips")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    plant(content)
    report = tmp / "report.json"
    subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(content),
                    "--output", str(tmp / "output"), "--format", "json", "--report",
                    str(report), "--no-proofread"], cwd=ROOT, capture_output=True, text=True,
                   check=False, env={**os.environ, "HUB_TODAY": TODAY})
    return content, json.loads(report.read_text(encoding="utf-8"))


OUTPUT = "output"  # beside the content folder, as the fixture builds it


def findings_of(checked: tuple[Path, dict], rel: str) -> list[tuple[int | None, int | None,
                                                                     str, str]]:
    content, report = checked
    return [(f["line"], f.get("column"), f["code"], f["hint"]) for f in report["findings"]
            if f["file"] == f"{content}/{rel}"]


def test_only_the_planted_files_have_findings(checked: tuple[Path, dict]) -> None:
    content, report = checked
    assert sorted({f["file"].removeprefix(f"{content}/") for f in report["findings"]}) == [
        "constraints/cles-usb.md", "editions/lettre-novembre-2026.md",
        "news/note-rapide.markdown", "services/acces-distant.md",
        "stories/commercial-bordeaux-hotel.md", "stories/paie-coffre-partage.md",
        "stories/premier-jour-poste-pret.md"]


def test_a_bare_slug_is_reported_at_its_link_with_the_short_form(checked) -> None:
    rel = "stories/commercial-bordeaux-hotel.md"
    line = line_of(checked[0], rel, "[le VPN](acces-distant)")
    assert findings_of(checked, rel) == [
        (line, len("Elle passe par [le VPN](") + 1, "link-broken",
         "Corrigez le lien. Écrivez « {service}acces-distant » à la place.")]


def test_a_title_written_for_a_slug_gets_that_item_s_slug(checked) -> None:
    rel = "stories/premier-jour-poste-pret.md"
    line = line_of(checked[0], rel, "{service}Messagerie et agenda")
    assert findings_of(checked, rel) == [
        (line, len("Voir [la messagerie](") + 1, "link-broken",
         "Corrigez le lien. Écrivez « {service}messagerie-agenda » à la place.")]


def test_a_list_written_with_et_is_told_to_use_commas(checked) -> None:
    assert findings_of(checked, "stories/paie-coffre-partage.md") == [
        (4, None, "unknown-reference", "Indiquez le nom d'une fiche service existante. "
         "Séparez les noms par des virgules : « messagerie-agenda, gestion-mots-de-passe ».")]


def test_an_image_without_its_folder_gets_the_path_with_it(checked) -> None:
    assert findings_of(checked, "services/acces-distant.md") == [
        (5, None, "image-missing", "Déposez l'image dans content/images/ ou corrigez son "
         "chemin. Écrivez « images/salle-visio-roanne.jpg » à la place.")]


def test_an_edition_s_links_are_told_once_on_its_source(checked) -> None:
    """Not again on its `email.html` as a theme error: the links are the edition's."""
    rel = "editions/lettre-novembre-2026.md"
    draft = line_of(checked[0], rel, "{news}brouillon")
    markup = line_of(checked[0], rel, "<img src=x")
    assert [f[:3] for f in findings_of(checked, rel)] == [
        (draft, len("À venir : [un brouillon](") + 1, "link-draft"),
        (markup, None, "unsafe-html"),  # the event handler, taken out of the page
        (markup, len("Une image : <img src=") + 1, "link-broken"),  # and its missing image
    ]


def test_notes_at_the_root_are_ignored_and_other_extensions_are_named(checked) -> None:
    assert findings_of(checked, "README.md") == []
    assert findings_of(checked, "news/note-rapide.markdown") == [
        (None, None, "not-markdown", "Si c'est une page, renommez le fichier « note-rapide.md ».")]


def test_an_unclosed_tag_is_reported_at_its_line_and_never_proofread(checked) -> None:
    rel = "constraints/cles-usb.md"
    line = line_of(checked[0], rel, '<img src="x.png"')
    [(found_line, column, code, _hint)] = findings_of(checked, rel)
    assert (found_line, column, code) == (line, 1, "html-incomplete")
    from hub.checks import proofread

    assert proofread.mask('<img src="x.png" onerror="alert(1)"').strip() == ""


def test_files_named_with_spaces_and_accents_are_published_at_safe_addresses(checked) -> None:
    """No finding; the files are under their safe names and every link reaches them."""
    content = checked[0]
    output = content.parent / OUTPUT
    assert findings_of(checked, "services/wifi-invites.md") == []
    assert findings_of(checked, "services/application-intervention.md") == []
    published = {p.relative_to(output).as_posix() for p in (output / "images").rglob("*")}
    assert {"images/salle-reunion-ete.jpg", "images/compte-rendu-ete.pdf"} <= published
    assert [p for p in published if " " in p or not p.isascii()] == []
    page = (output / "services" / "wifi-invites" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../images/compte-rendu-ete.pdf"' in page
    assert "../../images/salle-reunion-ete-800w." in page
    card = (output / "services" / "application-intervention" / "index.html").read_text(
        encoding="utf-8")
    assert "images/salle-reunion-ete-" in card
