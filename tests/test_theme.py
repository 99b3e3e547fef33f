"""The theme's pages, built for real from a small site: content, cross-references, markup.

Also the French typography and the glossary marking on their own, and the page weight.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hub.site.glossary import Glossary, Term
from hub.site.typography import NBSP, NNBSP, french_date, typeset
from test_theme_support import THEME_SITE, build, html_pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(THEME_SITE, tmp_path_factory.mktemp("theme") / "out")


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


def text_of(node: object) -> str:
    """The text of an element, ASCII white space collapsed (non-breaking spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", node.get_text()).strip()  # type: ignore[attr-defined]


# --- French typography ---------------------------------------------------------------


def test_typography_puts_non_breaking_spaces_before_double_signs() -> None:
    assert typeset("Pourquoi ? Voici : un test ; fini !") == (
        f"Pourquoi{NNBSP}? Voici{NBSP}: un test{NNBSP}; fini{NNBSP}!"
    )


def test_typography_inside_guillemets() -> None:
    assert typeset("« simple »") == f"«{NBSP}simple{NBSP}»"
    assert typeset("«simple»") == f"«{NBSP}simple{NBSP}»"


def test_typography_leaves_code_urls_and_attributes_alone() -> None:
    html = ('<p title="a ; b ?">Texte ? <code>a ; b ?</code> <a href="http://x.fr/?q=1">'
            'http://x.fr/?q=1</a> à 10:30</p><pre>x : y ?</pre>')
    out = typeset(html)
    assert 'title="a ; b ?"' in out
    assert "<code>a ; b ?</code>" in out
    assert "<pre>x : y ?</pre>" in out
    assert "http://x.fr/?q=1</a>" in out and "10:30" in out
    assert f"Texte{NNBSP}?" in out


def test_french_dates() -> None:
    import datetime as dt

    assert french_date(dt.date(2026, 11, 2)) == f"2{NBSP}novembre{NBSP}2026"
    assert french_date(dt.date(2027, 1, 1)) == f"1er{NBSP}janvier{NBSP}2027"


# --- the glossary at work --------------------------------------------------------------

GLOSSARY = Glossary([
    Term("plateforme", "Plateforme", "Des outils communs.", "glossaire/plateforme/",
         ("Plateforme", "plateformes")),
    Term("sla", "SLA", "Un engagement écrit.", "glossaire/sla/", ("SLA", "SLAs")),
])


def test_glossary_marks_only_the_first_use() -> None:
    out = GLOSSARY.mark("<p>La plateforme, puis la plateforme et les plateformes.</p>", "")
    assert out.count('class="gloss-term"') == 1
    assert 'href="/glossaire/plateforme/" aria-describedby="def-plateforme">plateforme</a>' in out
    assert '<span class="gloss-tip" role="tooltip" id="def-plateforme"' in out
    assert "Des outils communs." in out


def test_glossary_skips_links_headings_and_code() -> None:
    html = ('<h2>La plateforme</h2><p><a href="x">plateforme</a> <code>plateforme</code></p>'
            "<pre>plateforme</pre><p>Enfin la plateforme.</p>")
    out = GLOSSARY.mark(html, "")
    assert out.startswith("<h2>La plateforme</h2><p><a href=\"x\">plateforme</a> "
                          "<code>plateforme</code></p><pre>plateforme</pre>")
    assert out.count('class="gloss-term"') == 1
    assert out.endswith('plateforme</a><span class="gloss-tip" role="tooltip" '
                        'id="def-plateforme" data-pagefind-ignore>Des outils communs.</span>'
                        "</span>.</p>")


def test_glossary_acronyms_only_in_capitals_and_whole_words() -> None:
    out = GLOSSARY.mark("<p>Le sla, les slalomeurs, puis le SLA.</p>", "")
    assert "Le sla," in out and "slalomeurs" in out
    assert ">SLA</a>" in out


def test_glossary_never_marks_a_term_on_its_own_page() -> None:
    out = GLOSSARY.mark("<p>Le SLA et la plateforme.</p>", "", exclude="sla")
    assert ">SLA</a>" not in out and ">plateforme</a>" in out


# --- the pages ---------------------------------------------------------------------------


def test_every_page_has_the_accessible_frame(site: Path) -> None:
    for path in html_pages(site):
        if path.name == "email.html" or "flux" in path.parts:
            continue  # e-mail editions: a mail layout, not a page of the site
        if {"affiche", "affiches"} & set(path.parts):
            continue  # posters: a sheet to print, no navigation (tests/test_posters.py)
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        where = path.relative_to(site)
        assert soup.html["lang"] == "fr", where
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp and "default-src 'self'" in csp["content"], where
        assert "unsafe-inline" not in csp["content"], where
        assert soup.select_one("a.skip-link")["href"] == "#contenu", where
        assert soup.find("main", id="contenu"), where
        assert soup.find("header") and soup.find("footer") and soup.find("nav"), where
        assert len(soup.find_all("h1")) == 1, where
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels[0] == 1, where
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{where}: h{before} suivi de h{after}"
        assert not soup.find("script", src=False), f"{where}: script en ligne"
        for tag in soup.find_all(["script", "link", "img"]):
            if tag.name == "link" and "alternate" in tag.get("rel", []):
                continue  # feed discovery: an address, not something the page loads
            url = tag.get("src") or tag.get("href") or ""
            assert not url.startswith(("http:", "https:", "//")), f"{where}: {url}"


def test_home_shows_latest_stories_news_and_services(site: Path) -> None:
    soup = soup_of(site, ".")
    titles = [text_of(h) for h in soup.find_all("h2")]
    assert titles[:3] == ["Dernières histoires d'usage", "Actualités", "Services à découvrir"]
    assert "L'équipe de vente partage enfin son agenda" in text_of(soup)
    assert "Fax serveur" not in text_of(soup.find(id="home-services").parent)


def test_catalogue_is_grouped_by_life_cycle(site: Path) -> None:
    soup = soup_of(site, "services")
    groups = [text_of(h) for h in soup.select("section.lifecycle-group h2")]
    assert groups == ["Pilote", "Disponible", "En fin de vie", "Retiré"]
    assert [text_of(h) for h in soup.select("#pilot .card-title")] == [
        "Coffre-fort de mots de passe"]


def test_catalogue_filter_pages_work_without_javascript(site: Path) -> None:
    managers = soup_of(site, "catalogue/managers/tous")
    names = {text_of(h) for h in managers.select(".card-title")}
    assert "Coffre-fort de mots de passe" in names and "Messagerie et agenda" in names
    terrain = soup_of(site, "catalogue/terrain/tous")
    assert "Coffre-fort de mots de passe" not in {text_of(h) for h in terrain.select(".card-title")}
    pilots = soup_of(site, "catalogue/tous/pilote")
    assert [text_of(h) for h in pilots.select(".card-title")] == ["Coffre-fort de mots de passe"]
    current = pilots.select('.filter a[aria-current="page"]')
    assert [text_of(a) for a in current] == ["Tous", "Pilote"]
    empty = soup_of(site, "catalogue/terrain/pilote")
    assert "Aucun service ne correspond" in text_of(empty)


def test_service_sheet_facts_and_cross_references(site: Path) -> None:
    soup = soup_of(site, "services/messagerie")
    facts = {text_of(div.dt): text_of(div.dd) for div in soup.select(".facts dl > div")}
    assert facts["Pour qui"] == "Tout le monde"
    assert facts["Prix"] == "Inclus"
    assert facts["Comment l'obtenir"] == "mail.exemple.intra"
    assert facts["Besoin d'aide"] == "assistance.exemple.intra/messagerie"
    assert soup.select_one(".facts a[href='https://mail.exemple.intra']")
    sections = {text_of(s.h2): [text_of(h) for h in s.select(".card-title")]
                for s in soup.select("section.xref")}
    assert sections["Ils l'utilisent"] == ["L'équipe de vente partage enfin son agenda"]
    assert sections["La solution recommandée quand…"] == [
        "Pourquoi ne puis-je pas utiliser un Drive grand public pour les données clients ?"
        .replace(" ?", f"{NNBSP}?")]
    assert sections["Il remplace"] == ["Ancien agenda partagé", "Fax serveur"]
    assert not soup.select(".banner") and not soup.select(".notice")


def test_retiring_service_banner_names_successor_and_date_and_stale_notice(site: Path) -> None:
    soup = soup_of(site, "services/ancien-agenda")
    banner = soup.select_one(".banner")
    assert text_of(banner) == (
        f"Ce service prend fin le 31{NBSP}mars{NBSP}2027. Il est remplacé par Messagerie et agenda."
        " Ajouter à mon agenda"
    )
    links = {a.get_text(strip=True): a["href"] for a in banner.select("a")}
    assert links["Messagerie et agenda"] == "../../services/messagerie/"
    assert links["Ajouter à mon agenda"].endswith(".ics")
    notice = text_of(soup.select_one(".notice"))
    assert notice.startswith(f"Cette fiche n'a pas été relue depuis le 15{NBSP}janvier{NBSP}2025")


def test_retired_service_banner(site: Path) -> None:
    banner = soup_of(site, "services/fax").select_one(".banner-retired")
    assert text_of(banner) == "Ce service est retiré. Il est remplacé par Messagerie et agenda."


def test_service_image_goes_through_the_picture_macro(site: Path) -> None:
    img = soup_of(site, "services/coffre").select_one(".service-body img")
    assert img["alt"] == "Un cadenas bleu sur un écran d'ordinateur"
    assert "coffre" in img["src"]


def test_story_page(site: Path) -> None:
    soup = soup_of(site, "histoires/agenda-equipe-vente")
    facts = {text_of(div.dt): text_of(div.dd) for div in soup.select(".story-facts > div")}
    assert facts == {"La fonction utilisée": "l'agenda partagé d'équipe",
                     "Le service": "Messagerie et agenda",
                     "Pour qui": "Techniciens et commerciaux itinérants"}
    assert [text_of(h) for h in soup.select("section.xref .card-title")] == [
        "Messagerie et agenda"]


def test_story_body_has_glossary_marks_and_french_spacing(site: Path) -> None:
    soup = soup_of(site, "histoires/agenda-equipe-vente")
    body = soup.select_one(".prose")
    marks = body.select("a.gloss-term")
    assert [a.get_text() for a in marks] == ["plateforme", "SLA"]
    assert all(not a.find_parent(["h1", "h2", "h3", "code", "pre"]) for a in marks)
    assert marks[0]["href"] == "../../glossaire/plateforme/"
    tip = soup.find(id=marks[0]["aria-describedby"])
    assert tip["role"] == "tooltip"
    assert tip.get_text() == "Un ensemble d'outils communs sur lequel plusieurs équipes s'appuient."
    assert body.h2.get_text() == "La plateforme au quotidien"
    assert body.code.get_text() == "plateforme ; test ?"
    assert "plateforme : SLA ?" in body.pre.get_text()
    assert f"Pourquoi{NNBSP}?" in body.get_text()
    assert f"«{NBSP}simple{NBSP}»" in body.get_text()
    assert f"pour rien{NNBSP}!" in text_of(soup.select_one(".lead"))


def test_constraint_page_rule_reason_and_alternatives_as_cards(site: Path) -> None:
    soup = soup_of(site, "contraintes/pourquoi-pas-drive")
    assert text_of(soup.select_one(".rule p")) == (
        "Les documents clients se partagent uniquement dans les outils de l'entreprise.")
    reason = soup.select_one(".reason")
    assert "Données personnelles" in text_of(reason)
    assert reason.a["href"] == "https://politiques.exemple.intra/charte#donnees-clients"
    cards = [text_of(h) for h in soup.select(".alternatives .card-title")]
    assert cards == ["Messagerie et agenda", "Coffre-fort de mots de passe"]


def test_news_page_names_its_services(site: Path) -> None:
    soup = soup_of(site, "actualites/lancement-coffre")
    assert "Nouveau service" in text_of(soup.select_one(".item-kicker"))
    assert [text_of(h) for h in soup.select("section.xref .card-title")] == [
        "Coffre-fort de mots de passe"]


def test_glossary_a_to_z_with_both_views_side_by_side(site: Path) -> None:
    soup = soup_of(site, "glossaire")
    assert [text_of(a) for a in soup.select(".az a")] == ["P", "S"]
    entry = soup.find(id="plateforme")
    views = {text_of(v.dt): text_of(v.dd) for v in entry.select(".views .view")}
    assert views == {
        "Côté DSI": "Un socle technique partagé que plusieurs applications réutilisent.",
        "Côté métiers": "Un site où l'on se rend pour faire quelque chose.",
    }
    assert "délai de prise en charge garanti" in text_of(soup.find(id="sla"))


def test_term_page_views_and_no_self_mark(site: Path) -> None:
    soup = soup_of(site, "glossaire/plateforme")
    assert [text_of(h) for h in soup.select(".views h2")] == ["Côté DSI", "Côté métiers"]
    assert not soup.select(".prose a.gloss-term")
    sla = soup_of(site, "glossaire/sla")
    assert "Mot à éviter" in text_of(sla.select_one(".notice"))


def test_audience_page_and_edition(site: Path) -> None:
    soup = soup_of(site, "publics/managers")
    cards = [text_of(h) for h in soup.select(".card-title")]
    assert "Coffre-fort de mots de passe" in cards
    assert "Les managers de Lyon ne notent plus leurs mots de passe" in cards
    edition = soup_of(site, "editions/lettre-octobre")
    assert "L'équipe de vente partage enfin son agenda" in text_of(edition.select_one(".xref"))


def test_breadcrumbs_and_related_content(site: Path) -> None:
    soup = soup_of(site, "histoires/agenda-equipe-vente")
    crumbs = [text_of(li) for li in soup.select(".breadcrumb li")]
    assert crumbs == ["Accueil", "Histoires d'usage", "L'équipe de vente partage enfin son agenda"]
    assert soup.select_one(".breadcrumb [aria-current=page]")
    coffre = soup_of(site, "histoires/coffre-managers")
    related = [text_of(h) for h in coffre.select(".related .card-title")]
    assert related[0] == "Le coffre-fort de mots de passe arrive en pilote"


def test_tags_archives_and_listings(site: Path) -> None:
    tag = soup_of(site, "mots-cles/securite")
    assert len(tag.select(".card")) == 3
    assert tag.select(".cards h2")  # cards right under the h1 use h2
    archives = soup_of(site, "archives")
    assert [text_of(h) for h in archives.select("main h2")] == ["2026"]
    assert len(soup_of(site, "histoires").select(".card")) == 2


def test_cards_are_not_indexed_twice_by_search(site: Path) -> None:
    soup = soup_of(site, "services/messagerie")
    assert soup.select_one("article[data-pagefind-body]")
    for cards in soup.select("[data-pagefind-body] .cards"):
        assert cards.has_attr("data-pagefind-ignore")
    filters = [e["data-pagefind-filter"] for e in soup.select("[data-pagefind-body] [data-pagefind-filter]")]
    assert filters[0] == "type:Fiche service"
    assert "public:Managers" in filters  # a service for everyone is found under every audience
    assert all(not e.get_text() for e in soup.select("[data-pagefind-filter]"))


def test_sitemap_lists_the_pages(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/services/messagerie/</loc>" in sitemap
    assert "<loc>/glossaire/plateforme/</loc>" in sitemap


def test_no_search_index_when_search_is_off(site: Path) -> None:
    assert not (site / "pagefind").exists()


def test_median_page_weight_within_budget(site: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.page_weight import measure

    weights = measure(site)
    assert statistics.median(weights.values()) <= 50_000, max(weights.items(), key=lambda kv: kv[1])


def test_hidden_page_is_neither_listed_nor_indexed(site: Path) -> None:
    hidden = soup_of(site, "page-masquee")
    assert hidden.find("h1").get_text() == "Page masquée"
    assert not hidden.select("[data-pagefind-body]")
    assert "page-masquee" not in (site / "index.html").read_text(encoding="utf-8")
    assert soup_of(site, "a-propos").select("[data-pagefind-body]")
