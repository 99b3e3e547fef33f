"""Which feeds the hub publishes and what each one holds.

Every feed exists in RSS 2.0 and in Atom: everything, one per content type, one per
audience (its items plus those for everyone), one per service (its stories, explainers
and announcements) and the editions. An item enters the feeds on its date and leaves
them when it expires; each feed holds the newest `HUB_FEED_ITEMS`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hub import addresses
from hub.feeds.urls import absolutize_html
from hub.images import enclosure_for
from hub.model import (
    CONTENT_TYPES,
    EDITION,
    FEED_TYPES,
    GENERAL_FEEDS,
    SERVICE,
    TYPE_FEEDS,
    TYPES_BY_ID,
)
from hub.paths import absolute
from hub.site.typography import french_spaces, typeset
from hub.site.xrefs import Content, Hub, is_expired

EVERYONE = "all"
AUDIENCE_FEEDS = "audience"  # the group of the feeds of each audience
SERVICE_FEEDS = SERVICE.id  # the group of the feeds of each service


def listing_url(type_id: str) -> str:
    """The listing page of a dated type; "" (the home) for the other types."""
    listing = addresses.LISTINGS.get(type_id)
    return listing.url() if listing is not None else ""


# A feed's key is the address of the page showing the same items, without slashes.
def audience_key(audience_id: str) -> str:
    return addresses.AUDIENCE.url(slug=audience_id).strip("/")


def listing_key(type_id: str) -> str:
    return listing_url(type_id).strip("/")


def service_key(slug: str) -> str:
    return SERVICE.url_for(slug).strip("/")


@dataclass(frozen=True)
class Category:
    term: str
    scheme: str  # absolute URL of the page listing that kind of category


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str


@dataclass
class FeedItem:
    """One item as the feeds show it, every URL absolute."""

    content: Content
    guid: str
    title: str
    url: str
    html: str
    summary: str
    published: dt.datetime
    updated: dt.datetime
    author: str
    categories: list[Category]
    enclosure: Enclosure | None
    image_alt: str = ""


@dataclass
class Channel:
    """One feed, published as `flux/<key>/rss.xml` and `flux/<key>/atom.xml`."""

    key: str
    group: str  # GENERAL_FEEDS, TYPE_FEEDS, AUDIENCE_FEEDS or SERVICE_FEEDS
    title: str
    description: str  # French: what the feed contains
    page_url: str  # the site page showing the same items (site-relative)
    guid: str
    items: list[FeedItem] = field(default_factory=list)

    @property
    def rss_path(self) -> str:
        return addresses.FEED_RSS.url(key=self.key)

    @property
    def atom_path(self) -> str:
        return addresses.FEED_ATOM.url(key=self.key)


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    intro: str
    channels: list[Channel]


GROUPS = (
    (GENERAL_FEEDS, "L'essentiel",
     "Pour ne rien manquer : tout ce que publie {department}, ou seulement la lettre."),
    (AUDIENCE_FEEDS, "Par public",
     "Ce qui concerne votre métier ou votre site, plus ce qui s'adresse à tout le monde."),
    (TYPE_FEEDS, "Par type de contenu", "Un seul genre d'article."),
    (SERVICE_FEEDS, "Par service",
     "Tout ce qui parle d'un service : histoires d'usage, contraintes qui y renvoient, "
     "actualités."),
)


class FeedDirectory:
    """Every feed of the site, for the writer and the templates: absolute URLs for what
    leaves the site (feeds, OPML, the letter, the addresses shown to copy); pages link to
    a feed by its site-relative `rss_path` or `atom_path`."""

    def __init__(self, site: str, channels: list[Channel], sitename: str) -> None:
        self.site = site
        self.channels = channels
        self.sitename = sitename
        self.by_key = {c.key: c for c in channels}
        self.subscribe_url = absolute(site, addresses.SUBSCRIBE.url())

    def url(self, path: str) -> str:
        return absolute(self.site, path)

    def rss_url(self, channel: Channel) -> str:
        return self.url(channel.rss_path)

    def atom_url(self, channel: Channel) -> str:
        return self.url(channel.atom_path)

    def groups(self) -> list[Group]:
        return [
            Group(gid, title, intro, [c for c in self.channels if c.group == gid])
            for gid, title, intro in GROUPS
        ]

    def discovery(self, page: Content = None, article: Content = None,
                  audience: Any = None, listing: Any = None) -> list[Channel]:
        """The feeds a page announces in its head: its own first, then everything."""
        own: Channel | None = None
        if audience is not None and getattr(audience, "id", None):
            own = self.by_key.get(audience_key(audience.id))
        elif listing is not None and getattr(listing, "type_id", None):
            own = self.by_key.get(listing_key(listing.type_id))
        elif page is not None and getattr(page, "hub_type", None) == SERVICE.id:
            own = self.by_key.get(service_key(page.slug))
        elif article is not None and getattr(article, "hub_type", None) == EDITION.id:
            own = self.by_key.get(listing_key(EDITION.id))
        found = [own] if own is not None else []
        everything = self.by_key.get("tout")
        if everything is not None and everything is not own:
            found.append(everything)
        return found


def in_zone(value: dt.datetime | dt.date, zone: ZoneInfo) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def is_due(item: Content, now: dt.datetime, today: dt.date, zone: ZoneInfo) -> bool:
    """In the feeds: its date has come and it has not expired."""
    return in_zone(item.date, zone) <= now and not is_expired(item, today)


def enclosure_of(item: Content, settings: dict[str, Any], site: str) -> Enclosure | None:
    """The item's `Image` as an enclosure: its published, stripped JPEG/PNG variant.

    Available once the images step has run (after every generator's context).
    """
    image = getattr(item, "image", None)
    found = enclosure_for(settings, str(image)) if image else None
    if found is None or found.length <= 0:
        return None
    return Enclosure(absolute(site, found.path), found.length, found.type)


def categories_of(item: Content, hub: Hub, site: str) -> list[Category]:
    """Type, tags and audiences, each with the page listing that kind of category."""
    ctype = TYPES_BY_ID[item.hub_type]
    cats = [Category(ctype.label, absolute(site, listing_url(ctype.id)))]
    for tag in getattr(item, "tags", None) or []:
        cats.append(Category(str(tag.name), absolute(site, addresses.URLS.tags)))
    for label in item.audience_labels:
        cats.append(Category(label, absolute(site, addresses.URLS.audiences)))
    return cats


def feed_item(item: Content, guid: str, hub: Hub, site: str, content_root: Path,
              default_author: str, zone: ZoneInfo) -> FeedItem:
    """An item with its image, categories and dates; its HTML comes with `fill_html`."""
    author = getattr(item, "author", None)
    published = in_zone(item.date, zone)
    modified = getattr(item, "modified", None)
    updated = max(published, in_zone(modified, zone)) if modified else published
    return FeedItem(
        content=item,
        guid=guid,
        title=french_spaces(str(item.title)),
        url=absolute(site, item.url),
        html="",
        summary=french_spaces(str(getattr(item, "summary_text", "") or "")),
        published=published,
        updated=updated,
        author=str(author.name) if author else default_author,
        categories=[],  # set at writing time, for the feeds written
        enclosure=None,  # set at writing time, once images are processed
        image_alt=str(getattr(item, "image_alt", "") or ""),
    )


def fill_html(item: FeedItem, body: str) -> None:
    """The item's full HTML: its image first, every address absolute, French spacing.

    Called once every generator has read its content (Pelican resolves `{static}`
    links only then).
    """
    if item.enclosure is not None:
        image = (f'<p><img src="{html.escape(item.enclosure.url)}" '
                 f'alt="{html.escape(item.image_alt)}"></p>\n')
        body = image + body
    item.html = typeset(absolutize_html(body, item.url))


def newest(items: Iterable[FeedItem], count: int) -> list[FeedItem]:
    """Newest first (ties by GUID, so the order never depends on reading order)."""
    ordered = sorted(items, key=lambda i: i.guid)
    return sorted(ordered, key=lambda i: i.published, reverse=True)[:count]


def for_everyone_or(audience_id: str, item: FeedItem) -> bool:
    ids = item.content.audience_ids
    return not ids or EVERYONE in ids or audience_id in ids


def build_channels(hub: Hub, items: dict[int, FeedItem], services: list[Content],
                   count: int, sitename: str, guid_of: Callable[[str], str]) -> list[Channel]:
    """Every feed of the site with its newest items; `items` maps id(content) to FeedItem.

    Only the items of `items` (published, listed and due) enter a feed; `services` are
    the listed services, each with its own feed.
    """

    def pick(contents: Iterable[Content]) -> list[FeedItem]:
        return newest((items[id(c)] for c in contents if id(c) in items), count)

    everything = [c for t in FEED_TYPES for c in hub.items(t.id)]
    kinds = and_list([t.plural.lower() for t in FEED_TYPES])
    channels = [
        Channel("tout", GENERAL_FEEDS, f"{sitename} : tout",
                f"Toutes les {kinds}, pour tous les publics.", "", guid_of("tout"),
                pick(everything)),
        *type_channels(hub, GENERAL_FEEDS, sitename, guid_of, pick),
    ]
    for audience in hub.audiences:
        key = audience_key(audience.id)
        mine = [c for c in everything
                if id(c) in items and for_everyone_or(audience.id, items[id(c)])]
        channels.append(Channel(
            key, AUDIENCE_FEEDS, f"{sitename} : {audience.label}",
            f"Ce qui s'adresse aux « {audience.label} », plus ce qui s'adresse à tout le "
            "monde.", audience.url, guid_of(key), pick(mine)))
    channels += type_channels(hub, TYPE_FEEDS, sitename, guid_of, pick)
    for service in services:
        key = service_key(service.slug)
        channels.append(Channel(
            key, SERVICE_FEEDS, f"{sitename} : {service.title}",
            f"Histoires d'usage, contraintes expliquées et actualités qui parlent de "
            f"« {service.title} ».", service.url, guid_of(key),
            pick([*service.stories, *service.constraints, *service.news])))
    return channels


def type_channels(hub: Hub, group: str, sitename: str, guid_of: Callable[[str], str],
                  pick: Callable[[Iterable[Content]], list[FeedItem]]) -> list[Channel]:
    """The feeds of the content types whose feed is in `group`, in the model's order."""
    channels = []
    for ctype in CONTENT_TYPES:
        if ctype.feed is None or ctype.feed.group != group:
            continue
        key = listing_key(ctype.id)
        channels.append(Channel(
            key, group, f"{sitename} : {ctype.feed_title}",
            hub.settings.department().fill(ctype.feed_description),
            listing_url(ctype.id), guid_of(key), pick(hub.items(ctype.id))))
    return channels


def and_list(words: list[str]) -> str:
    """« a, b et c »."""
    return ", ".join(words[:-1]) + " et " + words[-1] if len(words) > 1 else "".join(words)
