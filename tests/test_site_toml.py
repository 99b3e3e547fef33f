"""The site file, `site.toml` (CONTENT_MODEL.md, « The site file »): read by the checker and
the build for the folder they work on; a low-contrast colour, an unknown key, a malformed
value and a file that is not TOML each give one French finding at their line, and the
rest of the file still counts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hub import colours
from hub.department import Department
from hub.source import sitefile
from support import ROOT, TODAY, build_site

GOOD = """\
[site]
name = "Le portail du numérique"
department = "la Direction du numérique"

[contacts]
comms = "communication@estuaire.fr"

[audiences]
all = "Tout le monde"
conduite = "Conducteurs et conductrices"
"""
SERVICE = """\
Title: Billettique
Summary: Vendre et valider les titres de transport.
Lifecycle: available
Owner: billettique@estuaire.fr
Price: Inclus
Access: https://billettique.estuaire.intra
Support: https://assistance.estuaire.intra
Reviewed: 2026-11-01
Audience: conduite

La billettique.
"""


def check(content: Path) -> list[dict[str, object]]:
    """The checker's findings on the sources of `content` (the real command line)."""
    report = content.parent / "report.json"
    subprocess.run(
        [sys.executable, "-m", "hub.checks", "--content", str(content), "--sources-only",
         "--no-proofread", "--format", "json", "--report", str(report),
         "-e", f'HUB_TODAY="{TODAY}"'],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False)
    return [f for f in json.loads(report.read_text(encoding="utf-8"))["findings"]
            if f["file"].endswith("site.toml")]


def folder(tmp_path: Path, site: str) -> Path:
    content = tmp_path / "content"
    (content / "services").mkdir(parents=True)
    (content / "services" / "billettique.md").write_text(SERVICE, encoding="utf-8")
    (content / "site.toml").write_text(site, encoding="utf-8")
    return content


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_a_good_site_file_gives_no_finding_and_its_audience_is_known(tmp_path: Path) -> None:
    assert check(folder(tmp_path, GOOD)) == []


def test_a_low_contrast_colour_is_one_error_naming_the_text_and_the_ratio(
        tmp_path: Path) -> None:
    text = GOOD.replace('[contacts]', 'colour = "#7fb2e5"\n\n[contacts]')
    found = check(folder(tmp_path, text))
    assert [(f["severity"], f["code"], f["line"]) for f in found] == [
        ("error", "site-low-contrast", line_of(text, "colour"))]
    ratio = f"{int(colours.contrast(colours.WHITE, '#7fb2e5') * 10) / 10:.1f}".replace(".", ",")
    assert "le texte blanc de l'en-tête et des boutons" in found[0]["message"]
    assert f"contraste de {ratio}:1" in found[0]["message"]
    better = found[0]["hint"].split("« ")[1].split(" »")[0]
    assert colours.shortfalls(better) == []


def test_an_unknown_key_is_one_warning_with_a_suggestion(tmp_path: Path) -> None:
    text = GOOD.replace('department =', 'tagine = "Nos outils"\ndepartment =')
    found = check(folder(tmp_path, text))
    assert [(f["severity"], f["code"], f["line"]) for f in found] == [
        ("warning", "site-unknown-key", line_of(text, "tagine"))]
    assert "Vouliez-vous dire « tagline » ?" in found[0]["message"]


def test_a_malformed_value_is_one_error_at_its_line_and_the_rest_still_counts(
        tmp_path: Path) -> None:
    text = GOOD.replace('comms = "communication@estuaire.fr"', 'comms = "communication"')
    found = check(folder(tmp_path, text))
    assert [(f["severity"], f["code"], f["line"]) for f in found] == [
        ("error", "site-bad-value", line_of(text, "comms"))]
    assert "« comms »" in found[0]["message"] and "adresse e-mail" in found[0]["message"]
    # the audiences below the bad line were read: the service's audience is known
    read = sitefile.read(tmp_path / "content")
    assert read.settings["AUDIENCES"]["conduite"] == "Conducteurs et conductrices"


def test_a_department_without_its_article_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace('"la Direction du numérique"', '"Direction du numérique"')
    found = check(folder(tmp_path, text))
    assert [(f["code"], f["line"]) for f in found] == [
        ("site-bad-value", line_of(text, "department"))]
    assert "article" in found[0]["message"]
    assert 'department = "la Direction du numérique"' in found[0]["message"] + found[0]["hint"]


def test_a_file_that_is_not_toml_is_one_error_at_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('comms = "communication@estuaire.fr"', 'comms: communication@estuaire.fr')
    found = check(folder(tmp_path, text))
    assert [(f["severity"], f["code"], f["line"]) for f in found] == [
        ("error", "site-file-unreadable", line_of(text, "comms"))]


def test_an_unknown_section_is_one_warning_with_a_suggestion(tmp_path: Path) -> None:
    text = GOOD.replace("[contacts]", "[contact]")
    found = check(folder(tmp_path, text))
    assert [(f["code"], f["line"]) for f in found] == [
        ("site-unknown-section", line_of(text, "[contact]"))]
    assert "Vouliez-vous dire « contacts » ?" in found[0]["message"]


@pytest.mark.parametrize(("name", "of", "to", "bare"), [
    ("la DSI", "de la DSI", "à la DSI", "DSI"),
    ("le service informatique", "du service informatique", "au service informatique",
     "service informatique"),
    ("l'informatique", "de l'informatique", "à l'informatique", "informatique"),
    ("les services numériques", "des services numériques", "aux services numériques",
     "services numériques"),
])
def test_the_department_is_named_with_french_grammar(name: str, of: str, to: str,
                                                     bare: str) -> None:
    department = Department(name)
    assert (department.of, department.to, department.bare) == (of, to, bare)
    assert department.fill("La lettre {of_department}, côté {department_name}") == \
        f"La lettre {of}, côté {bare}"


def test_the_build_takes_the_folders_identity_and_keeps_defaults_for_keys_left_out(
        tmp_path: Path) -> None:
    content = folder(tmp_path, GOOD)
    out = tmp_path / "site"
    result = build_site(content, out, HUB_SEARCH=False)
    assert result.returncode == 0, result.stderr
    page = (out / "services" / "billettique" / "index.html").read_text(encoding="utf-8")
    assert "<title>Billettique · Le portail du numérique</title>" in page
    assert "Conducteurs et conductrices" in page
    home = (out / "index.html").read_text(encoding="utf-8")
    # the tagline was left out: the project's default (pelicanconf.py)
    assert "Les services informatiques, expliqués simplement" in home
    catalogue = (out / "services" / "index.html").read_text(encoding="utf-8")
    assert "Chaque service de la Direction du numérique" in catalogue


def test_a_key_written_above_its_section_is_one_error_saying_where_it_goes(
        tmp_path: Path) -> None:
    text = 'name = "Le portail"\n' + GOOD.replace('name = "Le portail du numérique"\n', "")
    found = check(folder(tmp_path, text))
    assert [(f["severity"], f["code"], f["line"]) for f in found] == [
        ("error", "site-key-outside-section", 1)]
    assert found[0]["hint"] == "Déplacez la ligne sous la ligne « [site] »."
