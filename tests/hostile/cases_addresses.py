"""Addresses and collisions: a writer's file that would take an address of the hub's own
pages, or the file of another item, and names the file system cannot hold.

The writer's page is never written (its body carries MARK, which no kept file may show)
and the hub's page stays.
"""

from __future__ import annotations

import io

from .generate import Case, news

MARK = "Cette page voulait prendre une adresse du hub."


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 160)).save(out, "PNG")
    return out.getvalue()


def _page(head: str = "") -> bytes:
    return f"Title: Une page\n{head}\n{MARK}\n".encode()


def _by_file(name: str, kept: str) -> Case:
    return Case(f"file-name-{name}", f"pages/{name}.md", _page(), "address-reserved", 1,
                kept=(kept,))


def _by_slug(slug: str, kept: str = "", absent: str = "") -> Case:
    return Case(f"slug-{slug}", f"pages/adr-slug-{slug}.md", _page(f"Slug: {slug}\n"),
                "address-reserved", 2, kept=(kept,) if kept else (),
                absent=(absent,) if absent else ())


def _by_save_as(name: str, path: str, kept: bool = True) -> Case:
    return Case(f"save-as-{name}", f"pages/adr-save-as-{name}.md", _page(f"Save_as: {path}\n"),
                "address-reserved", 2, kept=(path,) if kept else ())


def cases() -> list[Case]:
    long_slug = "a" * 300
    return [
        # a plain page named like one of the hub's pages
        _by_file("recherche", "recherche/index.html"),
        _by_file("glossaire", "glossaire/index.html"),
        _by_file("services", "services/index.html"),
        _by_file("archives", "archives/index.html"),
        _by_file("publics", "publics/index.html"),
        _by_file("mots-cles", "mots-cles/index.html"),
        Case("file-name-flux", "pages/flux.md", _page(), "address-reserved", 1,
             kept=("flux/tout/rss.xml",), absent=("flux/index.html",)),
        Case("file-name-theme", "pages/theme.md", _page(), "address-reserved", 1,
             kept=("theme/css/hub.css",), absent=("theme/index.html",)),
        # a `Slug:` that names one of them
        _by_slug("editions", kept="editions/index.html"),
        _by_slug("actualites", kept="actualites/index.html"),
        _by_slug("contraintes", kept="contraintes/index.html"),
        _by_slug("catalogue", absent="catalogue/index.html"),
        _by_slug("pagefind", absent="pagefind/index.html"),
        _by_slug("informations"),
        # a `Save_as:` on one of the hub's files
        _by_save_as("accueil", "index.html"),
        _by_save_as("sitemap", "sitemap.xml"),
        _by_save_as("css", "theme/css/hub.css"),
        _by_save_as("flux", "flux/tout/rss.xml"),
        _by_save_as("s-abonner", "s-abonner/index.html"),
        _by_save_as("filtre", "catalogue/tous/pilote/index.html"),
        _by_save_as("email", "editions/une-lettre/email.html", kept=False),
        # a `Url:` that points at one of them
        Case("url-search", "pages/adr-url-recherche.md", _page("Url: recherche/\n"),
             "address-reserved", 2, kept=("recherche/index.html",),
             absent=("adr-url-recherche/index.html",)),
        Case("url-without-slash", "pages/adr-url-glossaire.md", _page("Url: glossaire\n"),
             "address-reserved", 2, kept=("glossaire/index.html",)),
        # any content type, and drafts and hidden pages that would still be written
        Case("service-save-as-glossary", "services/adr-glossaire.md",
             ("Title: Un service\nSummary: Un service.\nLifecycle: pilot\n"
              "Owner: a.b@norelia.fr\nPrice: Inclus\nAccess: Sur demande\n"
              "Support: 04 72 00 36 00\nReviewed: 2026-10-01\n"
              f"Save_as: glossaire/index.html\n\n{MARK}\n").encode(),
             "address-reserved", 9, kept=("glossaire/index.html",)),
        Case("news-slug-archives", "news/adr-archives.md",
             news("Annonce", MARK, "Save_as: archives/index.html\n"), "address-reserved", 5,
             kept=("archives/index.html",)),
        Case("draft-save-as-home", "pages/adr-brouillon.md",
             _page("Status: draft\nSave_as: index.html\n"), "address-reserved", 3,
             kept=("index.html",)),
        Case("hidden-page-search", "pages/adr-cachee.md",
             _page("Status: hidden\nSave_as: recherche/index.html\n"), "address-reserved", 3,
             kept=("recherche/index.html",)),
        # two items on one file, across types
        Case("two-pages-one-file", "pages/adr-double-b.md",
             _page("Save_as: adr-commun/index.html\nUrl: adr-commun/\n"), "address-taken", 2,
             companions=(("pages/adr-double-a.md",
                          b"Title: La premiere\nSave_as: adr-commun/index.html\n"
                          b"Url: adr-commun/\n\nLa premiere page garde l'adresse.\n"),),
             kept=("adr-commun/index.html",)),
        Case("page-on-a-service", "pages/adr-sur-service.md",
             _page("Save_as: services/messagerie/index.html\n"), "address-taken", 2,
             kept=("services/messagerie/index.html",)),
        Case("news-on-a-story", "news/adr-sur-histoire.md",
             news("Annonce", MARK, "Save_as: histoires/agence-lyon/index.html\n"),
             "address-taken", 5, kept=("histoires/agence-lyon/index.html",)),
        Case("page-on-a-page", "pages/adr-sur-page.md",
             _page("Save_as: a-propos/index.html\n"), "address-taken", 2,
             kept=("a-propos/index.html",)),
        Case("page-on-an-image", "pages/adr-sur-image.md",
             _page("Save_as: images/adr-logo.png\n"), "address-taken", 2,
             companions=(("images/adr-logo.png", _png()),
                         ("pages/adr-avec-image.md",
                          b"Title: Logo\n\n![Le logo]({static}/images/adr-logo.png)\n")),
             kept=("images/adr-logo.png",)),
        # limits of the contract and of the file system
        Case("slug-300-characters", "news/adr-slug-long.md",
             news("Annonce", MARK, f"Slug: {long_slug}\n"), "slug-too-long", 5,
             absent=("actualites/" + "a" * 50,)),
        Case("file-name-120-characters", "pages/" + "nom-de-fichier-" * 8 + ".md", _page(),
             "slug-too-long", 1),
        Case("save-as-300-bytes", "pages/adr-save-as-long.md",
             _page(f"Save_as: {'b' * 300}/index.html\n"), "name-too-long", 2),
        Case("save-as-multibyte-segment", "pages/adr-save-as-kanji.md",
             _page(f"Save_as: {'日' * 90}.html\n"), "name-too-long", 2),
        Case("url-300-bytes", "pages/adr-url-longue.md",
             _page(f"Url: {'c' * 300}/\n"), "name-too-long", 2),
        Case("file-name-without-letters", "pages/¿¿¿.md", _page(), "slug-empty", 1),
        # tags that cannot become an address
        Case("tag-punctuation", "news/adr-tag-ponctuation.md",
             news("Annonce", "Texte.", "Tags: ???, VPN\n"), "tag-without-address", 5,
             kept=("mots-cles/vpn/index.html", "actualites/adr-tag-ponctuation/index.html")),
        Case("tag-emoji", "news/adr-tag-emoji.md",
             news("Annonce", "Texte.", "Tags: 🚀\n"), "tag-without-address", 5,
             kept=("actualites/adr-tag-emoji/index.html",)),
    ]
