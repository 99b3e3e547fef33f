"""Cross-references shown on the pages: every relation appears on both sides."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import FIXTURES, build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("mini-site")
    result = build_site(FIXTURES / "mini-site", output)
    assert result.returncode == 0, result.stderr
    assert "erreur" not in result.stderr, result.stderr
    return output


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def hrefs(soup: BeautifulSoup) -> set[str]:
    return {a["href"].rstrip("/").split("/")[-1] for a in soup.select("main a[href]")}


def test_story_links_to_its_services_and_services_list_the_story(site):
    story = page(site, "histoires/projet-client")
    assert {"partage", "messagerie"} <= hrefs(story)
    for service in ("partage", "messagerie"):
        assert "projet-client" in hrefs(page(site, f"services/{service}"))


def test_constraint_alternatives_are_cards_and_the_service_knows_the_constraint(site):
    constraint = page(site, "contraintes/drive-grand-public")
    text = constraint.get_text(" ")
    assert "Les documents des clients ne sont jamais déposés" in text
    assert "Données personnelles" in text
    assert "partage" in hrefs(constraint)
    assert "drive-grand-public" in hrefs(page(site, "services/partage"))


def test_news_about_a_service_shows_on_its_sheet(site):
    assert "lancement-espace-projets" in hrefs(page(site, "services/partage"))
    assert "partage" in hrefs(page(site, "actualites/lancement-espace-projets"))


def test_retiring_service_names_its_successor_and_date(site):
    fax_page = page(site, "services/fax")
    fax = fax_page.get_text(" ")
    assert fax_page.find("time", datetime="2027-03-31") is not None
    assert "31\u00a0mars\u00a02027" in fax
    assert "Messagerie et agenda" in fax
    assert "fax" in hrefs(page(site, "services/messagerie"))  # predecessor shown back


def test_retired_service_points_to_successor(site):
    old = page(site, "services/ancien-intranet")
    assert "partage" in hrefs(old)
    assert "retiré" in old.get_text(" ").lower()


def test_catalogue_groups_services_by_life_cycle(site):
    catalogue = page(site, "services")
    headings = [h.get_text(strip=True) for h in catalogue.select("main h2")]
    assert headings[:4] == ["Pilote", "Disponible", "En fin de vie", "Retiré"]


def test_short_links_and_anchors_resolve_to_pages(site):
    story = page(site, "histoires/agence-lyon-agenda")
    links = [a["href"] for a in story.select("main a[href]")]
    assert any(h.endswith("services/messagerie/#comment-lobtenir") for h in links), links
    target = page(site, "services/messagerie")
    assert target.find(id="comment-lobtenir") is not None


def test_audience_page_lists_its_content(site):
    agences = page(site, "publics/agences")
    assert {"partage", "agence-lyon-agenda"} <= hrefs(agences)


def test_glossary_shows_it_and_business_views(site):
    term = page(site, "glossaire/plateforme").get_text(" ")
    assert "Une base technique partagée" in term
    assert "Un outil unique où l'on trouve" in term
    glossary = page(site, "glossaire")
    assert "plateforme" in hrefs(glossary)


def test_edition_gathers_items_published_before_it(site):
    edition = hrefs(page(site, "editions/2026-11"))
    assert {"agence-lyon-agenda", "projet-client", "drive-grand-public",
            "lancement-espace-projets"} <= edition


def test_expired_news_leaves_home_but_stays_in_archives(site):
    assert "panne-messagerie" not in hrefs(page(site, ""))
    assert "panne-messagerie" in hrefs(page(site, "archives"))
