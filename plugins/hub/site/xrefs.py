"""Cross-references, computed once per build from the published content.

A service knows its stories, the constraints that send people to it, its news, its
successor and predecessors; an edition knows its items; an audience knows its content.
The relations are set as attributes on Pelican's content objects for the templates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hub.model import (
    CONSTRAINT,
    EDITION,
    FEED_TYPES,
    LABELS,
    NEWS,
    SERVICE,
    STORY,
    TERM,
    TYPES_BY_ID,
)
from hub.settings import HubSettings

Content = Any  # a Pelican Article or Page


@dataclass
class Audience:
    id: str
    label: str
    url: str
    items: list[Content] = field(default_factory=list)  # aimed at this audience
    services: list[Content] = field(default_factory=list)


@dataclass
class Hub:
    """Every published item of the site by type, and the relations between them."""

    settings: HubSettings
    today: dt.date
    by_type: dict[str, list[Content]]
    index: dict[tuple[str, str], Content]
    audiences: list[Audience]
    related_index: dict[tuple[str, str], list[Content]] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)  # ids of hidden items: never listed
    glossary: Any = None  # the glossary matcher (glossary.Glossary), set by the pages

    def listed(self, items: Iterable[Content]) -> list[Content]:
        """`items` without the hidden ones (a hidden page has a URL but is never listed)."""
        return [i for i in items if id(i) not in self.hidden]

    def items(self, type_id: str) -> list[Content]:
        return self.by_type.get(type_id, [])

    def get(self, type_id: str, slug: str) -> Content | None:
        return self.index.get((type_id, slug))

    @property
    def services(self) -> list[Content]:
        return self.items(SERVICE.id)

    @property
    def terms(self) -> list[Content]:
        return self.items(TERM.id)

    def news_items(self, include_expired: bool = False) -> list[Content]:
        """Dated items of the newsletter types, newest first."""
        items = [i for t in FEED_TYPES for i in self.items(t.id)]
        if not include_expired:
            items = [i for i in items if not is_expired(i, self.today)]
        return sorted(items, key=lambda i: i.date, reverse=True)

    def latest(self, type_id: str, count: int) -> list[Content]:
        items = [i for i in self.items(type_id) if not is_expired(i, self.today)]
        return sorted(items, key=lambda i: i.date, reverse=True)[:count]

    def label(self, key: str, value: str) -> str:
        return LABELS.get(key, {}).get(value, value)

    def related(self, item: Content, count: int = 3) -> list[Content]:
        """Dated items sharing services or tags with `item`, the closest first."""
        scores: dict[int, tuple[int, Content]] = {}
        for key in _related_keys(item):
            weight = 2 if key[0] == SERVICE.id else 1
            for other in self.related_index.get(key, ())[:RELATED_POOL]:
                if other is item:
                    continue
                score, _ = scores.get(id(other), (0, other))
                scores[id(other)] = (score + weight, other)
        ranked = sorted(scores.values(), key=lambda s: (-s[0], -s[1].date.timestamp()))
        return [other for _, other in ranked[:count]]

    def services_for(self, audience_id: str | None, lifecycle: str | None) -> list[Content]:
        """Services aimed at an audience (or everyone) and in a life cycle; None: any."""
        return [
            s for s in self.services
            if (lifecycle is None or getattr(s, "lifecycle", None) == lifecycle)
            and (audience_id is None or is_for(s, audience_id))
        ]

    def terms_by_letter(self) -> list[tuple[str, list[Content]]]:
        letters: dict[str, list[Content]] = {}
        for term in self.terms:
            letter = sort_key(term.title)[:1].upper() or "#"
            letters.setdefault(letter, []).append(term)
        return sorted(letters.items())


RELATED_POOL = 24  # newest items looked at per shared service or tag (bounded work)


def is_for(item: Content, audience_id: str) -> bool:
    """An item is for an audience when it names it, or names nobody (everyone)."""
    ids = getattr(item, "audience_ids", ())
    return not ids or "all" in ids or audience_id in ids


def _related_keys(item: Content) -> list[tuple[str, str]]:
    keys = [(SERVICE.id, s) for s in (getattr(item, "services", None) or ())]
    keys += [(SERVICE.id, s) for s in (getattr(item, "alternatives", None) or ())]
    if getattr(item, "hub_type", None) == SERVICE.id:
        keys.append((SERVICE.id, item.slug))
    keys += [("tag", t.slug) for t in (getattr(item, "tags", None) or ())]
    return keys


def _index_related(hub: Hub) -> None:
    for item in hub.news_items(include_expired=True):
        for key in dict.fromkeys(_related_keys(item)):
            hub.related_index.setdefault(key, []).append(item)


def sort_key(text: str) -> str:
    """French alphabetical order: accents folded, case ignored."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def is_expired(item: Content, today: dt.date) -> bool:
    expires = getattr(item, "expires", None)
    return isinstance(expires, dt.date) and expires < today


def build(contents: Iterable[Content], settings: HubSettings, audience_url: str) -> Hub:
    """Index the published content and link every relation once."""
    today = settings.today()
    by_type: dict[str, list[Content]] = {t: [] for t in TYPES_BY_ID}
    index: dict[tuple[str, str], Content] = {}
    for item in contents:
        type_id = getattr(item, "hub_type", None)
        if type_id is None:
            continue
        by_type[type_id].append(item)
        index[(type_id, item.slug)] = item
    for type_id, items in by_type.items():
        if TYPES_BY_ID[type_id].dated:
            items.sort(key=lambda i: i.date, reverse=True)
        else:
            items.sort(key=lambda i: sort_key(i.title))
    hub = Hub(settings, today, by_type, index, [])
    _annotate(hub)
    _link_services(hub)
    _link_editions(hub)
    hub.audiences = _audiences(hub, audience_url)
    _index_related(hub)
    return hub


def _annotate(hub: Hub) -> None:
    for type_id, items in hub.by_type.items():
        ctype = TYPES_BY_ID[type_id]
        for item in items:
            item.type_label = ctype.label
            item.audience_ids = tuple(getattr(item, "audience", ()) or ())
            item.audience_labels = [
                hub.settings.audience_label(a) for a in item.audience_ids
            ] or [hub.settings.audience_label("all")]
            item.expired = is_expired(item, hub.today)
            for key in ("lifecycle", "reason", "kind"):
                if getattr(item, key, None):
                    setattr(item, key + "_label", hub.label(key, getattr(item, key)))


def _resolve(hub: Hub, slugs: Iterable[str]) -> list[Content]:
    return [s for s in (hub.get(SERVICE.id, slug) for slug in slugs) if s is not None]


def _link_services(hub: Hub) -> None:
    max_age = hub.settings.REVIEW_MAX_AGE_DAYS
    for service in hub.services:
        service.stories, service.constraints, service.news = [], [], []
        service.predecessors = []
        reviewed = getattr(service, "reviewed", None)
        service.stale = isinstance(reviewed, dt.date) and (hub.today - reviewed).days > max_age
    for story in hub.items(STORY.id):
        story.service_pages = _resolve(hub, getattr(story, "services", None) or ())
        for service in story.service_pages:
            service.stories.append(story)
    for constraint in hub.items(CONSTRAINT.id):
        alternatives = getattr(constraint, "alternatives", None) or ()
        constraint.alternative_pages = _resolve(hub, alternatives)
        for service in constraint.alternative_pages:
            service.constraints.append(constraint)
    for news in hub.items(NEWS.id):
        news.service_pages = _resolve(hub, getattr(news, "services", None) or ())
        for service in news.service_pages:
            service.news.append(news)
    for service in hub.services:
        successor = getattr(service, "successor", None)
        service.successor_page = hub.get(SERVICE.id, successor) if successor else None
        if service.successor_page is not None and service.successor_page is not service:
            service.successor_page.predecessors.append(service)


def _source_key(item: Content) -> str:
    return str(getattr(item, "hub_rel", None) or getattr(item, "relative_source_path", ""))


def _link_editions(hub: Hub) -> None:
    """Each edition gathers the items after the previous edition's date, up to its own.
    Of two editions on one day, the first in file name order gathers them; the later
    one stays empty (`check_edition_dates` reports it), so no item is in two editions."""
    editions = sorted(hub.items(EDITION.id), key=lambda e: (e.date, _source_key(e)))
    news = hub.news_items(include_expired=True)  # newest first
    oldest_first = news[::-1]
    dates = [i.date for i in oldest_first]
    previous = None
    taken = 0  # items before this index already belong to an edition
    for edition in editions:
        high = max(bisect.bisect_right(dates, edition.date), taken)
        edition.items = oldest_first[taken:high][::-1]
        taken = high
        edition.previous_edition = previous
        edition.next_edition = None
        if previous is not None:
            previous.next_edition = edition
        previous = edition


def check_edition_dates(corpus: Any) -> list[Any]:
    """Two editions on one day: a finding on the later file (name order) at `Date:`."""
    from hub import findings as fd

    first: dict[dt.datetime, Any] = {}
    out = []
    editions = sorted((i for i in corpus.items if i.ctype.id == EDITION.id and i.readable
                       and i.status != "draft"), key=lambda i: i.rel)
    for item in editions:
        date = item.values.get("date")
        if not isinstance(date, dt.date):
            continue
        when = (date.replace(tzinfo=None) if isinstance(date, dt.datetime)
                else dt.datetime.combine(date, dt.time()))
        other = first.setdefault(when, item)
        if other is not item:
            out.append(fd.make("edition-same-date", item.display, item.line_of("date"),
                               value=when.strftime("%d/%m/%Y"), other=other.display))
    return out


def _audiences(hub: Hub, url_pattern: str) -> list[Audience]:
    audiences = []
    for audience_id, label in hub.settings.AUDIENCES.items():
        if audience_id == "all":
            continue
        audience = Audience(audience_id, label, url_pattern.format(slug=audience_id))
        for type_id, items in hub.by_type.items():
            for item in items:
                if audience_id not in item.audience_ids:
                    continue
                if type_id == SERVICE.id:
                    audience.services.append(item)
                elif TYPES_BY_ID[type_id].in_feeds:
                    audience.items.append(item)
        audience.items.sort(key=lambda i: i.date, reverse=True)
        audiences.append(audience)
    return audiences
