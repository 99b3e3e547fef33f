"""The accessibility statement (RGAA) at `accessibilite/`, in real builds.

What a person declares comes from the settings (`site.toml`'s `[accessibility]`); what the
tests measured comes from the results file the build is given. The page shows both, the
Défenseur des droits' addresses, and every page's footer links to it with the status.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from hub.addresses import ACCESSIBILITY
from hub.paths import ACCESSIBILITY_RESULTS
from hub.site import accessibility
from lxml import html as lxml_html
from support import FIXTURES, build_site
from test_theme_support import html_pages

RESULTS = {
    "date": "2026-11-20",
    "tools": {"axe-core": "9.8.7", "vnu-jar": "26.1.2", "html5lib": "1.1"},
    "measures": {
        "axe-sample": {"pages": 163, "widths": [1280, 375], "violations": 0, "sideways": 2,
                       "keyboard_pages": 161, "keyboard": 1},
        "feeds-unseen": {"files": 38, "items": 484, "warnings": 0},
        "html": {"pages": 207, "errors": 3},
    },
}
DECLARED = {"HUB_CONFORMITY_RATE": 0.87, "HUB_AUDIT_DATE": "2026-10-15",
            "HUB_AUDITOR": "le service qualité"}


def build(root: Path, results: Path | None, **settings: object) -> Path:
    output = root / "output"
    extra = {"HUB_ACCESSIBILITY_RESULTS": str(results)} if results else {}
    done = build_site(FIXTURES / "mini-site", output, HUB_SEARCH=False, **extra, **settings)
    assert done.returncode == 0, done.stderr[-3000:]
    return output


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("statement")
    results = root / "results.json"
    results.write_text(json.dumps(RESULTS), encoding="utf-8")
    return build(root, results, **DECLARED)


def statement_text(output: Path) -> str:
    page = lxml_html.parse(str(output / ACCESSIBILITY.save_as())).getroot()
    return squeeze(page.find(".//main").text_content())


def squeeze(text: str) -> str:
    """Runs of spaces and line breaks as one space (no-break spaces kept)."""
    return re.sub(r"[ \t\n]+", " ", text).strip()


def measured_lines(output: Path) -> list[str]:
    page = lxml_html.parse(str(output / ACCESSIBILITY.save_as())).getroot()
    return [squeeze(li.text_content())
            for li in page.iterfind(".//ul[@class='a11y-measures']/li")]


def test_the_status_and_the_audit_are_what_a_person_declared(audited: Path) -> None:
    text = statement_text(audited)
    assert "est partiellement conforme avec le référentiel général" in text
    assert "87\u00a0% des critères applicables sont respectés" in text
    assert "le 15\u00a0octobre\u00a02026 par le service qualité" in text


def test_the_figures_are_those_of_the_results_file(audited: Path) -> None:
    lines = measured_lines(audited)
    axe, html, feeds = (RESULTS["measures"][k] for k in ("axe-sample", "html", "feeds-unseen"))
    assert lines == [
        f"Règles WCAG 2.1 des niveaux A et AA (axe-core 9.8.7, {axe['pages']} pages du site "
        "de démonstration livré avec le hub, au même thème, à 1280 et 375\u00a0px de large)\u00a0: aucun défaut.",
        "Affichage sur un écran étroit, sans défilement horizontal (Chromium, "
        f"{axe['pages']} pages du site de démonstration livré avec le hub, au même thème, à 1280 et 375\u00a0px de large)\u00a0: "
        f"{axe['sideways']} pages qui débordent.",
        "Navigation au clavier\u00a0: lien d'évitement en premier, focus visible, accès direct au "
        f"contenu (Chromium, {axe['keyboard_pages']} pages du site de démonstration livré avec le hub, au même thème)\u00a0: "
        f"{axe['keyboard']} page en défaut.",
        f"HTML des articles des flux, comme le lit le validateur de flux du W3C (html5lib 1.1, "
        f"{feeds['items']} articles de {feeds['files']} flux d'un second site de "
        "démonstration, rédigé par une autre équipe)\u00a0: aucun défaut.",
        f"Code HTML valide (Nu Html Checker 26.1.2, {html['pages']} pages)\u00a0: "
        f"{html['errors']} erreurs.",
    ]
    assert "Tests automatiques du 20\u00a0novembre\u00a02026" in statement_text(audited)


def test_the_defenseur_des_droits_and_the_contact_are_given(audited: Path) -> None:
    text = statement_text(audited)
    assert "https://formulaire.defenseurdesdroits.fr/" in text
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in text
    assert "Technologies utilisées HTML5 CSS JavaScript" in text
    page = lxml_html.parse(str(audited / ACCESSIBILITY.save_as())).getroot()
    assert page.xpath("//main//a[starts-with(@href, 'mailto:')]")


def test_every_page_links_to_the_statement_with_the_status(audited: Path) -> None:
    pages = [p for p in html_pages(audited) if p.name not in ("email.html", "404.html")
             and b'http-equiv="refresh"' not in p.read_bytes()]
    assert len(pages) > 20
    target = ACCESSIBILITY.url()
    for page in pages:
        rel = page.relative_to(audited).as_posix()
        links = lxml_html.parse(str(page)).getroot().xpath("//footer//a")
        found = [a for a in links
                 if urljoin("http://hub/" + rel, a.get("href")) == "http://hub/" + target]
        assert [squeeze(a.text_content()) for a in found] == [
            "Accessibilité\u00a0: partiellement conforme"], rel


def test_without_an_audit_the_site_is_declared_non_conforme(tmp_path: Path) -> None:
    output = build(tmp_path, tmp_path / "absent.json")
    text = statement_text(output)
    assert "est non conforme avec le référentiel général" in text
    assert "aucun audit de ses critères n'a encore été fait par une personne" in text
    assert "Les résultats des tests automatiques ne sont pas disponibles" in text
    assert "Accessibilité&nbsp;: non conforme" in (output / "index.html").read_text("utf-8")


@pytest.mark.parametrize(("rate", "status"), [
    (1.0, "totalement conforme"), (0.5, "partiellement conforme"),
    (0.49, "non conforme"), (None, "non conforme")])
def test_the_status_follows_the_rate(rate: float | None, status: str) -> None:
    assert accessibility.status_of(rate) == status


@pytest.mark.skipif(not ACCESSIBILITY_RESULTS.is_file(), reason="no results file yet")
def test_the_projects_results_file_is_what_the_statement_shows(tmp_path: Path) -> None:
    """The committed results file (invoke a11y-results) gives the published figures."""
    data = json.loads(ACCESSIBILITY_RESULTS.read_text(encoding="utf-8"))
    output = build(tmp_path, None)
    lines = measured_lines(output)
    shown = " ".join(lines)
    for name, values in data["measures"].items():
        for key in ("pages", "items", "files"):
            if key in values:
                assert f"{values[key]} " in shown, (name, key)
    problems = sum(v for m in data["measures"].values() for k, v in m.items()
                   if k in ("violations", "sideways", "keyboard", "errors", "warnings"))
    assert (problems == 0) == all(line.endswith("\u00a0: aucun défaut.") for line in lines)
    assert len(lines) == sum(3 if n.startswith("axe-") else 1 for n in data["measures"])
