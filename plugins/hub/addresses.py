"""Every address the hub writes, declared once (CONTENT_MODEL.md, "Addresses").

The generators, the templates (through `hub_urls`), Pelican's URL settings and the
collision check read this declaration. An address ending with `/` is a folder page
(`recherche/` is written as `recherche/index.html`); `tree` reserves everything under it.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hub.model import CONSTRAINT, CONTENT_TYPES, EDITION, SERVICE, TERM
from hub.paths import save_as


@dataclass(frozen=True)
class Address:
    """One address pattern of the hub's own output and what it holds (French)."""

    pattern: str  # site-relative, `{name}` placeholders, e.g. "publics/{slug}/"
    holder: str  # "la page de recherche du hub"
    tree: bool = False  # every file under the pattern is the hub's
    unlinked: bool = False  # reached by its address only: no page links to it

    @property
    def of_holder(self) -> str:
        """"de la page…", "du catalogue…", "des flux…": the holder after "celle"."""
        for article, contracted in (("le ", "du "), ("les ", "des ")):
            if self.holder.startswith(article):
                return contracted + self.holder.removeprefix(article)
        return "de " + self.holder

    def url(self, **values: Any) -> str:
        return self.pattern.format(**values)

    def save_as(self, **values: Any) -> str:
        return save_as(self.url(**values))

    @property
    def file_pattern(self) -> str:
        """The pattern of the written file: `recherche/index.html`."""
        return save_as(self.pattern)

    def holds(self, path: str) -> bool:
        """Whether the output file `path` is this address's (for a tree: any file under
        the pattern's fixed first part, `publics/` for `publics/{slug}/`)."""
        if self.tree:
            prefix = self.pattern.split("{", 1)[0]
            return path.startswith(prefix) and (prefix.endswith("/") or path == prefix)
        return _regex(self.file_pattern).match(path) is not None


@functools.cache  # a few dozen patterns, asked for every file of every scan
def _regex(file_pattern: str) -> re.Pattern[str]:
    parts = re.split(r"\{[a-z_]+\}", file_pattern)
    return re.compile("^" + "[^/]+".join(re.escape(p) for p in parts) + "$")


HOME = Address("", "la page d'accueil du hub")
ARCHIVES = Address("archives/", "les archives du hub", tree=True)
CATALOGUE = Address(SERVICE.index_url, "le catalogue des services")
CATALOGUE_FILTER = Address("catalogue/{audience}/{lifecycle}/",
                           "les pages filtrées du catalogue des services", tree=True)
GLOSSARY = Address(TERM.index_url, "le glossaire du hub")
AUDIENCES = Address("publics/", "la page des publics du hub")
AUDIENCE = Address("publics/{slug}/", "la page d'un public du hub", tree=True)
TAGS = Address("mots-cles/", "la page des mots-clés du hub")
TAG = Address("mots-cles/{slug}/", "la page d'un mot-clé du hub", tree=True)
SEARCH = Address("recherche/", "la page de recherche du hub", tree=True)
INFORMATION = Address("informations/", "la page de toutes les pages d'information du hub",
                      tree=True)
SUBSCRIBE = Address("s-abonner/", "la page S'abonner du hub", tree=True)
FEEDS = Address("flux/", "les flux du hub (RSS, Atom, OPML et calendriers)",
                tree=True)
FEED_RSS = Address("flux/{key}/rss.xml", "un flux RSS du hub")
FEED_ATOM = Address("flux/{key}/atom.xml", "un flux Atom du hub")
FEED_CALENDAR = Address("flux/{key}/agenda.ics", "un calendrier du hub (iCalendar)")
FEED_EVENT = Address("flux/evenements/{key}.ics",
                     "le fichier d'un événement à ajouter à son agenda")
OPML_RSS = Address("flux/abonnements.opml", "la liste de tous les flux RSS du hub (OPML)")
OPML_ATOM = Address("flux/abonnements-atom.opml", "la liste de tous les flux Atom du hub (OPML)")
THEME = Address("theme/", "les fichiers du thème du hub (styles, scripts, icônes)", tree=True)
# the theme's colours from site.toml's `colour` (inside THEME, so reserved with it)
PALETTE = Address(THEME.pattern + "css/couleurs.css", "les couleurs du site (site.toml)")
SEARCH_INDEX = Address("pagefind/", "l'index de recherche du hub", tree=True)
# the site's own words, for the search page's « Vouliez-vous dire … ? » (search/vocabulary.py)
SEARCH_WORDS = Address(SEARCH_INDEX.pattern + "hub-mots.json",
                       "les mots de l'index de recherche du hub")
# requested by the search page after a search that found nothing, so that the web server's
# log keeps what employees looked for (never linked, never indexed)
SEARCH_MISSED = Address(SEARCH.pattern + "sans-resultat/",
                        "la page des recherches sans résultat", unlinked=True)
SITEMAP = Address("sitemap.xml", "le plan du site pour les moteurs de recherche")
# issue 15: the comms team's review list (not linked, not indexed) and its JSON
REVIEW = Address("revue/", "la page de revue des contenus du hub", tree=True, unlinked=True)
REVIEW_JSON = Address("revue/pages.json", "la liste de revue des contenus (JSON)")
# issue 17: the web editor's page, served by `invoke edit` and never published; no
# writer's page may take it (it would be hidden behind the editor, then published)
EDITOR = Address("admin/", "l'éditeur web du hub (./hub edit)", tree=True)
# The RGAA statement, linked from every page's footer (site/accessibility.py)
ACCESSIBILITY = Address("accessibilite/", "la déclaration d'accessibilité du hub")
# Served by the web server at any missing address (docs/publier.md), linked from no page
NOT_FOUND = Address("404.html", "la page « Page introuvable » du hub", unlinked=True)
# « Cette page vous a-t-elle aidé ? »: the answer reaches the log through this page
FEEDBACK = Address("avis/", "la page de remerciement des avis sur les pages", tree=True,
                   unlinked=True)
EDITION_EMAIL = Address(EDITION.url + "email.html",
                        "la version e-mail d'une édition de la lettre")
EDITION_LETTER = Address(EDITION.url + "lettre.eml",
                         "la lettre prête à envoyer d'une édition (message Outlook)")

# Teams: each item of the feeds has its Adaptive Card beside its page, and the list of
# cards with their permanent identities is what `invoke announce` reads
TEAMS_CARD_NAME = "carte.json"
TEAMS_CARDS: dict[str, Address] = {
    t.id: Address(t.url + TEAMS_CARD_NAME, "la carte Teams d'un contenu du hub")
    for t in CONTENT_TYPES if t.feed is not None
}
TEAMS_CARD_LIST = Address("flux/cartes.json", "la liste des cartes Teams du hub")

# Posters (A4, printed for the break room): one per service and constraint, and the
# posters of one audience's services as one printable page
POSTER = Address("{page}/affiche/", "l'affiche à imprimer d'un service ou d'une contrainte")
SERVICE_POSTER = Address(SERVICE.url + "affiche/", POSTER.holder)
CONSTRAINT_POSTER = Address(CONSTRAINT.url + "affiche/", POSTER.holder)
POSTERS_OF_AUDIENCE = Address("affiches/{audience}/",
                              "les affiches à imprimer des services d'un public", tree=True)

# The listing page of each type that has one, at the folder of its items' addresses.
LISTINGS: dict[str, Address] = {
    t.id: Address(t.index_url, "la liste des " + t.plural.lower())
    for t in CONTENT_TYPES if t.listing
}

# the first that holds a file names it: a page inside another's tree comes before it
RESERVED: tuple[Address, ...] = (
    HOME, ARCHIVES, CATALOGUE, CATALOGUE_FILTER, GLOSSARY, AUDIENCES, AUDIENCE, TAGS, TAG,
    SEARCH_MISSED, SEARCH, INFORMATION, SUBSCRIBE, FEEDS, THEME, SEARCH_INDEX, SITEMAP,
    EDITION_EMAIL, REVIEW, EDITION_LETTER, EDITOR, NOT_FOUND, ACCESSIBILITY, FEEDBACK,
    *LISTINGS.values(), *TEAMS_CARDS.values(), POSTERS_OF_AUDIENCE, SERVICE_POSTER,
    CONSTRAINT_POSTER,
)
SUBSCRIBE_SLUG = "s-abonner"  # the plain page that introduces the S'abonner page
# The hub's printable and machine copies of items (posters, Teams cards): pages of the
# site, but never where a writer's link should be told to point
COPIES: tuple[Address, ...] = (
    *TEAMS_CARDS.values(), POSTERS_OF_AUDIENCE, SERVICE_POSTER, CONSTRAINT_POSTER,
)


@functools.lru_cache(maxsize=16384)
def holder_of(path: str) -> Address | None:
    """The hub's address that the output file `path` would take, if any: the first of
    `RESERVED` that holds it (`Address.holds`), found by one regex of them all."""
    match = _holders().match(path)
    return RESERVED[int(match.lastgroup[1:])] if match and match.lastgroup else None


def never_suggested(path: str) -> bool:
    """Whether no link should be told to point at the output file `path` (« Vouliez-vous
    dire … ? »): one of the hub's copies of an item (`COPIES`) or a page reached by its
    address only (`unlinked`)."""
    holder = holder_of(path)
    return holder is not None and (holder in COPIES or holder.unlinked)


@functools.cache
def _holders() -> re.Pattern[str]:
    """One alternative per reserved address, in order (the first that matches the whole
    path wins, as a loop over `RESERVED` would find it)."""
    parts = []
    for n, address in enumerate(RESERVED):
        if address.tree:
            prefix = address.pattern.split("{", 1)[0]
            pattern = re.escape(prefix) + (".*" if prefix.endswith("/") else "")
        else:
            pattern = _regex(address.file_pattern).pattern[1:-1]
        parts.append(f"(?P<a{n}>{pattern})")
    return re.compile("(?s)^(?:" + "|".join(parts) + ")$")


def configure(pelican: Any) -> None:
    """Pelican's own URL settings from this declaration (the `initialized` signal).

    Items get their address through their `hub_url` and `hub_save_as` metadata, so a
    `Save_as:` or `Url:` typed by a writer is the only explicit one and Pelican's overwrite
    guard holds.
    """
    settings = pelican.settings
    for kind in ("ARTICLE", "PAGE", "DRAFT", "DRAFT_PAGE"):
        for lang in ("", "LANG_"):
            settings[f"{kind}_{lang}URL"] = "{hub_url}"
    for kind in ("ARTICLE", "PAGE"):  # drafts are never written (pelicanconf.py)
        for lang in ("", "LANG_"):
            settings[f"{kind}_{lang}SAVE_AS"] = "{hub_save_as}"
    settings["INDEX_SAVE_AS"] = HOME.save_as()
    settings["ARCHIVES_URL"] = ARCHIVES.url()
    settings["ARCHIVES_SAVE_AS"] = ARCHIVES.save_as()
    settings["TAG_URL"] = TAG.pattern
    settings["THEME_STATIC_DIR"] = THEME.pattern.rstrip("/")
    keep_out_of_sitemap(settings, [REVIEW.url(), NOT_FOUND.url(), SEARCH_MISSED.url(),
                                   FEEDBACK.url()])


def known_url(content: Any) -> None:
    """`content_object_init`: an item's address is its `hub_url` (Pelican's URL settings
    are `{hub_url}`, see `configure`). Set once on the object, so that Pelican does not
    copy its metadata and work out its relative path again at every `.url`. Its save-as
    stays Pelican's, and so does the overwrite guard, which only looks at that one."""
    url = getattr(content, "hub_url", None)
    if url is not None and not hasattr(content, "override_url"):
        content.override_url = str(url)


def keep_out_of_sitemap(settings: dict[str, Any], urls: Iterable[str]) -> None:
    """The official sitemap plugin leaves out each of `urls` and everything under it.

    One pattern for them all, a tree of their letters: the plugin searches every pattern
    against every page, so one pattern per address made 2,000 old addresses cost 40 s.
    """
    urls = sorted(set(urls))
    if urls:
        sitemap = settings.setdefault("SITEMAP", {})
        sitemap["exclude"] = [*sitemap.get("exclude", ()), "^" + prefix_pattern(urls)]


PATTERN_DEPTH = 40  # nested groups a prefix pattern may hold (Python's parser recurses)


def prefix_pattern(words: list[str]) -> str:
    """A regex matching any of `words` (sorted), as a tree of their shared beginnings:
    matching one text costs its length, not the number of words."""
    return _branches(words, 0, 0)


def _branches(words: list[str], start: int, depth: int) -> str:
    """The pattern of `words`' ends from `start` (sorted, distinct, sharing what is before)."""
    ends = [word[start:] for word in words]
    if depth >= PATTERN_DEPTH:  # rare and bounded: the rest as a plain list
        return "(?:" + "|".join(re.escape(end) for end in sorted(ends, key=len)[::-1]) + ")"
    stem = os.path.commonprefix(ends)
    if stem:
        longer = [word for word in words if len(word) > start + len(stem)]
        if not longer:
            return re.escape(stem)
        tail = _branches(longer, start + len(stem), depth)
        return re.escape(stem) + (tail if len(longer) == len(words) else f"(?:{tail})?")
    groups = [list(group) for _, group in
              itertools.groupby(words, key=lambda word: word[start:start + 1])]
    body = "(?:" + "|".join(_branches(g, start, depth + 1) for g in groups if g[0][start:]) + ")"
    return body + "?" if not groups[0][0][start:] else body


@dataclass(frozen=True)
class Urls:
    """The hub's addresses as the templates read them (`hub_urls`)."""

    home: str = HOME.url()
    archives: str = ARCHIVES.url()
    catalogue: str = CATALOGUE.url()
    catalogue_filters: str = CATALOGUE_FILTER.pattern.split("{", 1)[0]
    glossary: str = GLOSSARY.url()
    audiences: str = AUDIENCES.url()
    tags: str = TAGS.url()
    search: str = SEARCH.url()
    information: str = INFORMATION.url()
    subscribe: str = SUBSCRIBE.url()
    theme: str = THEME.url()
    palette: str = PALETTE.url()
    search_index: str = SEARCH_INDEX.url()
    opml: str = OPML_RSS.url()
    opml_atom: str = OPML_ATOM.url()
    search_words: str = SEARCH_WORDS.url()
    search_missed: str = SEARCH_MISSED.url()
    review: str = REVIEW.url()
    review_json: str = REVIEW_JSON.url()
    not_found: str = NOT_FOUND.url()
    accessibility: str = ACCESSIBILITY.url()
    posters: str = POSTERS_OF_AUDIENCE.pattern.split("{", 1)[0]
    feedback: str = FEEDBACK.url()

    def listing(self, type_id: str) -> str:
        return LISTINGS[type_id].url()


URLS = Urls()


@functools.lru_cache(maxsize=8192)
def tag_slug(name: str) -> str:
    """The address part of a tag, as Pelican makes it ("" when it has none)."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return str(slugify(name, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]))
