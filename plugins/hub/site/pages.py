"""The hub's own pages: catalogue, glossary, audiences, listings per type, tags, search.

Runs after Pelican's article and page generators: it builds the cross-references once
(`xrefs.build`), shares them with every template as `hub`, then writes the pages that
gather content across types. The catalogue also exists as static filtered pages (by
audience and by life cycle), so that it can be filtered without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from hub import addresses, colours, model
from hub.addresses import URLS
from hub.build import incremental
from hub.build.incremental import PageKey, PageKind
from hub.build.state import corpus_for, hub_settings_of
from hub.model import CONTENT_TYPES, LABELS, PAGE, TYPES_BY_ID
from hub.paths import site_path, site_url
from hub.site import accessibility, posters, redirects, report, review, xrefs
from hub.site.glossary import Glossary
from hub.site.searchwords import SearchWords
from hub.site.xrefs import is_for

ANY = "tous"  # the "any value" part of a filtered catalogue URL


@dataclass(frozen=True)
class ListingPage:
    """The page listing every published item of one type (the model's `listing`)."""

    type_id: str
    url: str
    title: str
    intro: str


LISTINGS = tuple(
    ListingPage(t.id, URLS.listing(t.id), t.index_title, t.listing.intro)
    for t in CONTENT_TYPES if t.listing
)


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail."""

    title: str
    url: str


# Where each type's pages sit in the site, for breadcrumbs and the main navigation.
PARENTS: dict[str, Crumb] = {
    t.id: Crumb(t.index_title, t.index_url) for t in CONTENT_TYPES if t.index_url
}
NAV: tuple[Crumb, ...] = tuple(
    Crumb(t.nav_label, t.index_url)
    for t in sorted((t for t in CONTENT_TYPES if t.nav), key=lambda t: t.nav.order if t.nav else 0)
)
DATED_TYPES = frozenset(t.id for t in CONTENT_TYPES if t.dated)


@dataclass(frozen=True)
class FilterChoice:
    """One value of a catalogue filter: an audience or a life cycle (id None: any)."""

    id: str | None
    label: str
    slug: str


@dataclass(frozen=True)
class CatalogueView:
    """The catalogue as shown for one audience and one life cycle (None: any)."""

    audience: FilterChoice
    lifecycle: FilterChoice
    url: str
    groups: list[tuple[str, str, list[Any]]]  # (life cycle id, label, services)
    count: int

    @property
    def filtered(self) -> bool:
        return self.audience.id is not None or self.lifecycle.id is not None

    @property
    def title(self) -> str:
        parts = [c.label for c in (self.audience, self.lifecycle) if c.id is not None]
        return "Services · " + " · ".join(parts) if parts else "Le catalogue des services"


class ServiceCatalogue:
    """Every combination of the catalogue's two filters, with its URL."""

    def __init__(self, hub: xrefs.Hub) -> None:
        self.hub = hub
        every = FilterChoice(None, "Tous", ANY)
        self.audiences = [every] + [
            FilterChoice(a_id, label, a_id)
            for a_id, label in hub.settings.AUDIENCES.items() if a_id != "all"
        ]
        self.lifecycles = [FilterChoice(None, "Tous", ANY)] + [
            FilterChoice(lc_id, label, url_slug(label))
            for lc_id, label in LABELS["lifecycle"].items()
        ]

    @staticmethod
    def url(audience: FilterChoice, lifecycle: FilterChoice) -> str:
        if audience.id is None and lifecycle.id is None:
            return URLS.catalogue
        return addresses.CATALOGUE_FILTER.url(audience=audience.slug, lifecycle=lifecycle.slug)

    def view(self, audience: FilterChoice, lifecycle: FilterChoice) -> CatalogueView:
        services = self.hub.listed(self.hub.services_for(audience.id, lifecycle.id))
        groups = []
        for lc_id, label in LABELS["lifecycle"].items():
            group = [s for s in services if getattr(s, "lifecycle", None) == lc_id]
            if group:
                groups.append((lc_id, label, group))
        return CatalogueView(audience, lifecycle, self.url(audience, lifecycle), groups,
                             len(services))

    def views(self) -> list[CatalogueView]:
        return [self.view(a, lc) for a in self.audiences for lc in self.lifecycles]


def url_slug(label: str) -> str:
    """« En fin de vie » → `en-fin-de-vie`: lowercase ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", xrefs.sort_key(label)).strip("-")


_URL_RE = re.compile(r"^(https?://[^\s,;]+)(.*)$", re.DOTALL)
_EMAIL_RE = re.compile(r"^([\w.+-]+@[\w-]+(?:\.[\w-]+)+)(.*)$", re.DOTALL)
_PHONE_RE = re.compile(r"^(\+?[\d .]{6,}\d)(.*)$", re.DOTALL)


def contact_html(value: str | None) -> str:
    """A service's `Access` or `Support` as HTML: a link when it starts with a URL, an
    e-mail address or a phone number (the words after it kept as text)."""
    text = (value or "").strip()
    for pattern, href in ((_URL_RE, "{}"), (_EMAIL_RE, "mailto:{}"), (_PHONE_RE, "tel:{}")):
        match = pattern.match(text)
        if match is None:
            continue
        target, rest = match.group(1), match.group(2)
        shown = target.split("://", 1)[-1].rstrip("/") if href == "{}" else target
        link_to = href.format(re.sub(r"[ .]", "", target) if href.startswith("tel") else target)
        return (f'<a href="{html.escape(link_to)}">{html.escape(shown)}</a>'
                + html.escape(rest, quote=False))
    return html.escape(text, quote=False)


def pin_sitemap_clock(today: dt.date) -> None:
    """Date the sitemap's undated pages with the build's day, not the clock's second.

    The official sitemap plugin uses the time of the run for pages without a date,
    which would make two builds of the same content differ.
    """
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:
        return
    sitemap.generator.now = dt.datetime(today.year, today.month, today.day)


class HubPagesGenerator(Generator):
    """Builds the cross-references and writes the pages that span content types."""

    def generate_context(self) -> None:
        context = self.context
        contents = [
            *context.get("articles", []),
            *context.get("hidden_articles", []),
            *context.get("pages", []),
            *context.get("hidden_pages", []),
        ]
        settings = hub_settings_of(self.settings)
        hub = xrefs.build(contents, settings, addresses.AUDIENCE.pattern)
        hidden = {
            id(c) for c in [*context.get("hidden_articles", []), *context.get("hidden_pages", [])]
        }
        hub.hidden = hidden
        hub.glossary = Glossary.from_pages(hub.listed(hub.terms))
        context["hub"] = hub
        # the pages that link their poster: exactly the items that get one
        context["hub_poster_pages"] = frozenset(str(i.url) for i in posters.printed_items(hub))
        context["hub_urls"] = URLS
        context["hub_parents"] = PARENTS
        context["hub_nav"] = NAV
        context["hub_model"] = model  # templates name a type as `hub_model.STORY.id`
        context["hub_dated_types"] = DATED_TYPES
        context["hub_settings"] = settings
        context["hub_department"] = settings.department()  # « de la DSI »… (department.py)
        context["hub_accessibility"] = accessibility.build(settings)  # the footer's status
        context["hub_palette"] = colours.palette(settings.HUB_COLOUR) if settings.HUB_COLOUR \
            else None
        context["hub_search"] = settings.HUB_SEARCH
        context["hub_search_words"] = SearchWords(hub)
        context["hub_contact"] = contact_html
        context["plain_pages"] = [p for p in context.get("pages", []) if p.hub_type == PAGE.id]
        pin_sitemap_clock(hub.today)
        self.catalogue = ServiceCatalogue(hub)
        context["catalogue"] = self.catalogue
        self.tags = self._tags(contents, hidden)
        context["hub_tags"] = self.tags

    def _tags(self, contents: list[Any], hidden: set[int]) -> list[tuple[Any, list[Any]]]:
        tags: dict[Any, list[Any]] = {}
        for item in contents:
            if id(item) in hidden:
                continue
            for tag in getattr(item, "tags", []) or []:
                tags.setdefault(tag, []).append(item)
        return sorted(tags.items(), key=lambda kv: xrefs.sort_key(kv[0].name))

    def generate_output(self, writer: Any) -> None:
        hub = self.context["hub"]
        common = {"relative_urls": self.settings["RELATIVE_URLS"]}

        def write(url: str, template: str, key: PageKey | None = None, **values: Any) -> None:
            writer.write_file(addresses.save_as(url), self.get_template(template), self.context,
                              page_name=url + "index", url=url, page_key=key, **common,
                              **values)

        printed = self._posters(hub)
        self.context["hub_poster_audiences"] = [audience for audience, _ in printed.groups]
        for view in self.catalogue.views():
            write(view.url, "catalogue", PageKey(PageKind.SERVICE_CATALOGUE), view=view)
        write(URLS.glossary, "glossary")
        write(URLS.audiences, "audiences")
        for audience in hub.audiences:
            write(audience.url, "audience", PageKey(PageKind.AUDIENCE, str(audience.id)),
                  audience=audience)
        for listing in LISTINGS:
            items = hub.listed(hub.items(listing.type_id))
            write(listing.url, "listing", PageKey(PageKind.LISTING, listing.type_id),
                  listing=listing, items=items, ctype=TYPES_BY_ID[listing.type_id])
        write(URLS.tags, "tags")
        for tag, items in self.tags:
            write(addresses.TAG.url(slug=tag.slug), "tag", PageKey(PageKind.TAG, str(tag.slug)),
                  tag=tag, items=items)
        write(URLS.search, "search")
        write(URLS.accessibility, "accessibility")
        self._write_posters(write, printed)
        self._write_not_found(writer)
        self._write_palette()
        write(URLS.search_missed, "search_missed")
        write(URLS.feedback, "feedback", feedback_mailto=report.feedback_href(self.settings))
        self._write_review(write)
        redirects.write_pages(self, writer)
        write(URLS.information, "information")  # every plain page, and what is measured

    def _write_not_found(self, writer: Any) -> None:
        """`404.html`: the web server serves it at any missing address, at any depth, so
        its links are absolute paths from the site's root, whatever the host name."""
        root = site_path(self.settings, hub_settings_of(self.settings).HUB_FEED_SITEURL)
        writer.write_file(URLS.not_found, self.get_template("404"), self.context,
                          page_name="404", url=URLS.not_found, relative_urls=False,
                          SITEURL=root)

    def _write_palette(self) -> None:
        """The theme's colour variables from site.toml's `colour` (`theme/css/couleurs.css`,
        linked after the theme's stylesheet)."""
        palette = self.context.get("hub_palette")
        if palette is None:
            return
        target = Path(self.output_path) / URLS.palette
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("/* Couleurs du site, tirées de site.toml (colour). */\n"
                          + palette.css(), encoding="utf-8")

    def _posters(self, hub: Any) -> posters.Printed:
        """Every poster, and the audiences whose services have one (the catalogue links
        exactly those)."""
        site = site_url(self.settings, hub_settings_of(self.settings).HUB_FEED_SITEURL)
        services = posters.printable(hub.listed(hub.services))
        made = {id(s): posters.poster_of(s, site) for s in posters.printed_items(hub)}
        groups = [(audience, [made[id(s)] for s in services if is_for(s, str(audience.id))])
                  for audience in hub.audiences]
        return posters.Printed(list(made.values()), [(a, g) for a, g in groups if g])

    def _write_posters(self, write: Any, printed: posters.Printed) -> None:
        """An A4 poster per service and constraint, and each audience's posters together."""
        for poster in printed.single:
            write(poster.url, "poster", incremental.poster_page(poster.item), posters=[poster],
                  title=poster.item.title)
        for audience, shown in printed.groups:
            write(addresses.POSTERS_OF_AUDIENCE.url(audience=audience.id), "poster",
                  PageKey(PageKind.AUDIENCE, str(audience.id)), posters=shown,
                  title=f"Affiches : {audience.label}")

    def _write_review(self, write: Any) -> None:
        """The comms team's review list, `revue/` and `revue/pages.json` (never linked)."""
        settings = hub_settings_of(self.settings)
        due = review.review_list(corpus_for(self.settings), settings.HUB_REVIEW_DAYS,
                                 published=True)
        write(URLS.review, "review", review=due)
        site = site_url(self.settings, settings.HUB_FEED_SITEURL)
        target = Path(self.output_path) / URLS.review_json
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(due.as_json(site), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
