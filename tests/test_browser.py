"""The theme in a real browser (Debian's Chromium, headless): pages, search, keyboard, print.

The small theme site is built with its Pagefind index and served on 127.0.0.1.
Screenshots at 375 and 1280 px wide go to test-artifacts/ (ignored by git).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from test_theme_support import ARTIFACTS, THEME_SITE, build, chromium, serve

pytestmark = pytest.mark.browser

PAGES = {
    "accueil": "",
    "catalogue": "services/",
    "fiche-service": "services/ancien-agenda/",
    "histoire": "histoires/agenda-equipe-vente/",
    "contrainte": "contraintes/pourquoi-pas-drive/",
    "glossaire": "glossaire/",
    "public": "publics/managers/",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build(THEME_SITE, tmp_path_factory.mktemp("browser") / "out", search=True)
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


def test_home(page: Any, base_url: str) -> None:
    page.goto(base_url)
    assert page.locator("h1").inner_text() == "Le hub de la DSI"
    section = page.locator("section", has=page.locator("#home-histoires"))
    stories = section.locator(".card-title")
    assert "L'équipe de vente partage enfin son agenda" in stories.all_inner_texts()
    assert page.get_by_role("navigation", name="Navigation principale").is_visible()
    assert not page.problems


def test_catalogue(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["catalogue"])
    assert page.locator("h1").inner_text() == "Le catalogue des services"
    groups = page.locator("section.lifecycle-group h2").all_inner_texts()
    assert groups == ["Pilote", "Disponible", "En fin de vie", "Retiré"]
    page.get_by_role("link", name="Managers").first.click()
    page.wait_for_url(re.compile(r"catalogue/managers/tous/$"))
    assert "Coffre-fort de mots de passe" in page.locator(".card-title").all_inner_texts()


def test_catalogue_quick_filter_with_javascript(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["catalogue"])
    page.get_by_label("Filtrer par nom").fill("coffre")
    visible = [t for t in page.locator(".card-title:visible").all_inner_texts()]
    assert visible == ["Coffre-fort de mots de passe"]
    assert page.get_by_role("status").filter(has_text="service affiché").is_visible()


def test_service_sheet(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["fiche-service"])
    assert page.locator("h1").inner_text() == "Ancien agenda partagé"
    banner = page.locator(".banner")
    assert banner.is_visible()
    assert "31\u00a0mars\u00a02027" in banner.inner_text()
    assert banner.get_by_role("link", name="Messagerie et agenda").is_visible()
    assert page.locator(".notice").is_visible()
    facts = page.get_by_role("complementary", name="L'essentiel")
    assert facts.is_visible()
    assert "Inclus jusqu'à la fermeture" in facts.inner_text()


def test_story(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["histoire"])
    assert page.locator("h1").inner_text() == "L'équipe de vente partage enfin son agenda"
    assert page.locator(".story-facts").get_by_text("l'agenda partagé d'équipe").is_visible()


def test_explainer(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["contrainte"])
    assert page.locator("h1").inner_text().startswith("Pourquoi ne puis-je pas utiliser un Drive")
    assert page.locator(".rule").is_visible()
    alternatives = page.locator(".alternatives .card-title").all_inner_texts()
    assert alternatives == ["Messagerie et agenda", "Coffre-fort de mots de passe"]


def test_glossary(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["glossaire"])
    assert page.locator("h1").inner_text() == "Glossaire"
    entry = page.locator("#plateforme")
    it_box = entry.locator(".view-it").bounding_box()
    business_box = entry.locator(".view-business").bounding_box()
    assert abs(it_box["y"] - business_box["y"]) < 2, "les deux sens sont côte à côte"
    assert business_box["x"] > it_box["x"]


def test_audience_page(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["public"])
    assert page.locator("h1").inner_text() == "Managers"
    titles = page.locator(".card-title").all_inner_texts()
    assert "Coffre-fort de mots de passe" in titles
    assert "Le coffre-fort de mots de passe arrive en pilote" in titles


def test_glossary_definition_on_focus_and_hover(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["histoire"])
    term = page.locator("a.gloss-term").first
    tip = page.locator("#" + term.get_attribute("aria-describedby"))
    assert not tip.is_visible()
    term.focus()
    assert tip.is_visible()
    assert tip.inner_text().startswith("Un ensemble d'outils communs")
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    page.locator("h1").hover()
    term.hover()
    assert tip.is_visible()


def test_search_finds_the_expected_page_in_french(page: Any, base_url: str) -> None:
    page.goto(base_url + "recherche/?q=données+clients")
    page.wait_for_selector("html[data-search-ready]")
    first = page.locator(".search-results h2 a").first
    first.wait_for()
    assert first.inner_text().startswith("Pourquoi ne puis-je pas utiliser un Drive")
    assert first.get_attribute("href").rstrip("/").endswith("contraintes/pourquoi-pas-drive")
    # French stemming: a plural finds the singular form of the page
    page.goto(base_url + "recherche/?q=réservations")
    page.wait_for_selector("html[data-search-ready]")
    page.locator(".search-results h2 a").first.wait_for()
    assert "Ancien agenda partagé" in page.locator(".search-results h2").all_inner_texts()
    assert not page.problems


def test_search_filters_by_type_and_audience(page: Any, base_url: str) -> None:
    page.goto(base_url + "recherche/?q=coffre")
    page.wait_for_selector("html[data-search-ready]")
    page.locator(".search-results li").first.wait_for()
    page.get_by_label("Type de page").select_option("Fiche service")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.search-type')].every(e => e.textContent === 'Fiche service')"
    )
    assert page.locator(".search-results h2").all_inner_texts() == ["Coffre-fort de mots de passe"]
    page.get_by_label("Type de page").select_option("")
    page.get_by_label("Public").select_option("Techniciens et commerciaux itinérants")
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.search-results h2')]"
        ".some(e => e.textContent.startsWith('Coffre-fort'))"
    )


def test_keyboard_only_navigation_to_a_service(page: Any, base_url: str) -> None:
    page.goto(base_url)
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent")
    assert skip == "Aller au contenu"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "le focus doit se voir"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Services":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/services/$"))
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Messagerie et agenda":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/services/messagerie/$"))
    assert page.locator("h1").inner_text() == "Messagerie et agenda"


def test_no_request_leaves_localhost(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    for path in [*PAGES.values(), "recherche/?q=plateforme", "services/coffre/"]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert hosts == {"127.0.0.1"}


def test_service_sheet_prints_on_one_page(page: Any, base_url: str) -> None:
    for path in ("services/messagerie/", PAGES["fiche-service"], "services/coffre/"):
        page.goto(base_url + path)
        pdf = page.pdf(format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"{path}: {pages} pages"


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(browser: Any, base_url: str, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, path in PAGES.items():
        page.goto(base_url + path)
        target = Path(ARTIFACTS / f"theme-{name}-{width}.png")
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{path}: la page déborde en largeur à {width} px"
    context.close()
