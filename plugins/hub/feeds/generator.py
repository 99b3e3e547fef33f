"""The Pelican generator of the feeds, the OPML files, the S'abonner page and the e-mails.

Runs after the hub's pages generator (it needs `hub`). In `generate_context` it gives
every item its permanent GUID, builds the feeds and shares them with every template as
`hub_feeds` (the `<link rel="alternate">` tags of page heads); `generate_output` writes
them.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from hub import addresses, faults
from hub.build import incremental, prerender
from hub.build.state import corpus_for, hub_settings_of, kept_of, run_of
from hub.build.timings import timed
from hub.build.writer import HubWriter
from hub.feeds import calendar, cards, email, identity, render
from hub.feeds.channels import (
    AUDIENCE_FEEDS,
    SERVICE_FEEDS,
    Channel,
    FeedDirectory,
    FeedItem,
    build_channels,
    categories_of,
    enclosure_of,
    feed_item,
    fill_html,
    in_zone,
    is_due,
)
from hub.feeds.channels import audience_key as channels_audience_key
from hub.feeds.channels import service_key as channels_service_key
from hub.feeds.urls import absolutize_html
from hub.images import email_image_for
from hub.model import CONTENT_TYPES, EDITION, GENERAL_FEEDS, NEWS, PAGE, SERVICE
from hub.paths import absolute, rel_path, site_url
from hub.search import index as search_index
from hub.site import redirects
from hub.source import tracking

log = logging.getLogger(__name__)
IDENTIFIED_TYPES = [t.id for t in CONTENT_TYPES if t.feed is not None]  # in the feeds
TRACKED_TYPES = [*IDENTIFIED_TYPES, SERVICE.id]  # with a GUID (services: their events)
SUBSCRIBE_SLUG = addresses.SUBSCRIBE_SLUG  # a plain page with this slug gives the intro
SUBSCRIBE_URL = addresses.SUBSCRIBE.url()


@dataclass(frozen=True)
class FooterLink:
    """The S'abonner page as the footer's list of plain pages sees it."""

    title: str
    url: str
    slug: str
    hub_type: str = PAGE.id


def channel_guid(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(identity.NAMESPACE, 'feed/' + key)}"


class FeedsGenerator(Generator):
    """Feeds (RSS and Atom), OPML, the S'abonner page and the e-mail editions."""

    @timed("feeds")
    def generate_context(self) -> None:
        settings = hub_settings_of(self.settings)
        hub = self.context["hub"]
        self.zone = ZoneInfo(self.settings.get("TIMEZONE") or "Europe/Paris")
        self.site = site_url(self.settings, settings.HUB_FEED_SITEURL)
        self.author = str(self.settings.get("AUTHOR") or settings.department().comms_team)
        self.content_root = Path(self.settings["PATH"])
        registry_path = (self.content_root / settings.HUB_FEED_IDS
                         if settings.HUB_FEED_IDS else None)
        registry = identity.IdentityRegistry.load(registry_path,
                                                  corpus_for(self.settings).by_rel)
        guids = self._guids(registry)
        today = settings.today()
        now = (dt.datetime.combine(today, dt.time.max, self.zone) if settings.HUB_TODAY
               else dt.datetime.now(self.zone))
        self.items: dict[int, FeedItem] = {}
        for type_id in IDENTIFIED_TYPES:
            for content in hub.listed(hub.items(type_id)):
                guid = guids.get(self._source_of(content))
                if guid is None:
                    continue
                self.items[id(content)] = feed_item(
                    content, guid, hub, self.site, self.content_root, self.author,
                    self.zone)
        due = {key: item for key, item in self.items.items()
               if is_due(item.content, now, today, self.zone)}
        sitename = str(self.settings.get("SITENAME", ""))
        channels = build_channels(hub, due, hub.listed(hub.services), settings.HUB_FEED_ITEMS,
                                  sitename, channel_guid)
        self.feeds = FeedDirectory(self.site, channels, sitename)
        self.fallback = max((i.updated for i in due.values()), default=render.EPOCH)
        self.context["hub_feeds"] = self.feeds
        self._link_from_footer()
        self.editions = [self.items[id(e)] for e in hub.listed(hub.items(EDITION.id))
                         if id(e) in self.items]
        self.calendars = self._calendars(hub, guids, registry, settings)
        self.context["hub_calendars"] = self.calendars
        self.registry, self.registry_path = registry, registry_path  # saved after the pages

    def _save_registry(self) -> None:
        """The identities, recorded once the pages are written (the preview shows a saved
        page sooner)."""
        kept = kept_of(self.settings)
        saved = kept.saved_records if kept is not None else None
        path = self.registry_path
        if path is not None and self.registry.save(path, saved):
            log.info("Feed identities recorded in %s", path)

    def _link_from_footer(self) -> None:
        """The footer lists plain pages: the S'abonner page joins them unless written."""
        pages = self.context.setdefault("plain_pages", [])
        if not any(getattr(p, "slug", None) == SUBSCRIBE_SLUG for p in pages):
            pages.insert(0, FooterLink("S'abonner", SUBSCRIBE_URL, SUBSCRIBE_SLUG))

    def _source_of(self, content: Any) -> str:
        rel = getattr(content, "hub_rel", None)
        if rel is not None:
            return str(rel)
        root = corpus_for(self.settings).root  # already resolved
        return rel_path(content.source_path, root)

    def _guids(self, registry: identity.IdentityRegistry) -> dict[str, str]:
        """GUID of every dated source and service (drafts too, so they keep theirs when
        published); the registry is saved once the calendars' events are recorded."""
        corpus = corpus_for(self.settings)
        sources = []
        for item in corpus.items:
            if item.ctype.id not in TRACKED_TYPES or not item.readable:
                continue
            values = item.values
            sources.append(tracking.TrackedItem(
                type=item.ctype.id, source=item.rel, slug=item.slug,
                date=tracking.date_text(values.get("date")),
                title=str(values.get("title") or ""),
                summary=str(values.get("summary") or ""),
                fingerprint=prerender.fingerprint(self.settings, item),
            ))
        return registry.assign(sources)

    def _calendars(self, hub: Any, guids: dict[str, str], registry: identity.IdentityRegistry,
                   settings: Any) -> calendar.CalendarDirectory:
        """Every event of the listed items, tracked in the registry, and the calendars."""
        events: list[calendar.Event] = []
        pages: dict[str, str] = {}  # page URL → UID of its event (one-event files)

        def source(content: Any, services: list[Any]) -> calendar.EventSource | None:
            guid = guids.get(self._source_of(content))
            if guid is None:
                return None
            return calendar.EventSource(
                guid=guid, type_id=content.hub_type, title=str(content.title),
                summary=str(getattr(content, "summary_text", "") or ""),
                url=str(content.url),
                audiences=tuple(getattr(content, "audience_ids", ()) or ()),
                services=tuple(channels_service_key(s.slug) for s in services))

        for service in hub.listed(hub.services):
            day = getattr(service, "retirement", None)
            successor = getattr(service, "successor_page", None)
            # in the successor's calendar too: its future users see the move coming
            both = [service, *([successor] if successor not in (None, service) else [])]
            found = source(service, both) if day else None
            if found is None or day is None:
                continue
            named = (str(successor.title)
                     if successor is not None and successor is not service else None)
            events.append(calendar.retirement_event(found, day, named))
            pages[service.url] = events[-1].uid
        for news in hub.listed(hub.items(NEWS.id)):
            starts = getattr(news, "starts", None)
            concerned = [s for s in (hub.get(SERVICE.id, slug)
                                     for slug in getattr(news, "services", None) or [])
                         if s is not None]
            found = source(news, concerned) if starts else None
            if found is None or starts is None:
                continue
            events.append(calendar.happening_event(found, starts,
                                                   getattr(news, "ends", None)))
            pages[news.url] = events[-1].uid
        for edition in hub.listed(hub.items(EDITION.id)):
            found = source(edition, [])
            if found is not None:
                events.append(calendar.publication_event(
                    found, in_zone(edition.date, self.zone).date()))
        records = calendar.track(events, registry.events, settings.today(),
                                 settings.HUB_CALENDAR_CANCELLED_DAYS)
        if registry.problem is None:
            registry.events = records
        sitename = str(self.settings.get("SITENAME", ""))
        audience_keys = {channels_audience_key(a.id) for a in hub.audiences}
        specs = [(calendar.EVERYTHING, GENERAL_FEEDS, f"{sitename} : tous les événements",
                  "Fins de service, coupures prévues, migrations, formations et parutions "
                  "de la lettre, pour tous les publics.")]
        for audience in hub.audiences:
            specs.append((channels_audience_key(audience.id), AUDIENCE_FEEDS,
                          f"{sitename} : {audience.label}",
                          f"Les événements qui concernent les « {audience.label} », plus "
                          "ceux de tout le monde."))
        for service in hub.listed(hub.services):
            specs.append((channels_service_key(service.slug), SERVICE_FEEDS,
                          f"{sitename} : {service.title}",
                          f"Les événements du service « {service.title} »."))
        calendars = [
            calendar.Calendar(key, group, title, description, tuple(
                r for r in records.values() if calendar.holds(r, key, audience_keys)))
            for key, group, title, description in specs
        ]
        by_uid = records
        files = {url: by_uid[uid] for url, uid in pages.items() if uid in by_uid}
        return calendar.CalendarDirectory(self.site, calendars, files)

    def _edition_body(self, edition: Any) -> str:
        """The edition as a feed item: its editorial, then what it gathers."""
        parts = [edition.get_content(self.site)]
        items = [i for i in getattr(edition, "items", [])]
        if items:
            parts.append("<h2>Dans cette édition</h2>\n<ul>")
            for item in items:
                url = absolute(self.site, item.url)
                summary = html.escape(str(getattr(item, "summary_text", "") or ""))
                parts.append(
                    f'<li><a href="{html.escape(url)}">{html.escape(str(item.title))}</a>'
                    f" ({html.escape(item.type_label)}) : {summary}</li>")
            parts.append("</ul>")
        return "\n".join(parts)

    # --- output -------------------------------------------------------------------

    @timed("feeds")
    def generate_output(self, writer: Any) -> None:
        # The last HTML page first: then every page is written, and the search index
        # is made while the feeds, e-mails and calendars are.
        self._write_subscribe_page(writer)
        if isinstance(writer, HubWriter):
            writer.write_pages()
        search_index.start_index(self.settings, self.output_path)
        channels = self._channels_to_write()
        editions = [e for e in self.editions if self._wanted([e])]
        wanted = {id(i.content): i for c in channels for i in c.items}
        wanted.update({id(e.content): e for e in editions})
        for edition in editions:
            wanted.update({id(i): self.items[id(i)] for i in getattr(edition.content, "items", [])
                           if id(i) in self.items})
        for item in wanted.values():
            content = item.content
            item.enclosure = enclosure_of(content, self.settings, self.site)
            item.categories = categories_of(content, self.context["hub"], self.site)
            fill_html(item, self._edition_body(content) if content.hub_type == EDITION.id
                      else content.get_content(self.site))
        for channel in channels:
            page = absolute(self.site, channel.page_url)
            rss, atom = render.render(channel, self.feeds.rss_url(channel),
                                      self.feeds.atom_url(channel), page, self.author,
                                      self.fallback)
            self._write(channel.rss_path, rss)
            self._write(channel.atom_path, atom)
        read: dict[Path, bytes] = {}  # many old addresses may lead to one feed
        for written, copy in redirects.feed_copies(self.settings, Path(self.output_path),
                                                   set(self.feeds.by_key)):
            data = read[written] if written in read else read.setdefault(
                written, written.read_bytes())
            self._write(str(copy.relative_to(self.output_path)), data)
        self._write(addresses.OPML_RSS.url(), self._opml(atom=False))
        self._write(addresses.OPML_ATOM.url(), self._opml(atom=True))
        self._write_emails(editions)
        self._write_cards()
        self._write_calendars()
        self._save_registry()

    def _write_calendars(self) -> None:
        """Every calendar and the one-event file of each page carrying an event (in the
        preview server's incremental runs, only those whose events or names changed)."""
        hours = hub_settings_of(self.settings).HUB_CALENDAR_REFRESH_HOURS
        files = [(cal.path, tuple(cal.records), cal.title, cal.description)
                 for cal in self.calendars.calendars]
        files += [(self.calendars.event_path(page_url), (record,), record.summary,
                   record.description) for page_url, record in self.calendars.event_files.items()]
        kept = kept_of(self.settings)
        last = kept.calendars if kept is not None else None
        if incremental.selection(self.settings) is None:
            last = None  # a full run writes every file
        for path, records, title, description in files:
            made = (records, title, description, hours, self.site)
            if last is not None and last.get(path) == made \
                    and (Path(self.output_path) / path).is_file():
                continue  # as the preview server's previous run wrote it
            self._write(path, calendar.render(records, title, description, hours, self.site))
            if kept is not None:
                kept.calendars[path] = made

    def _write_cards(self) -> None:
        """Each item's Teams card (changed ones only in an incremental run), and the list
        of all of them for `invoke announce`."""
        entries = []
        for item in sorted(self.items.values(), key=lambda i: (i.published, i.guid)):
            path = cards.card_path(item)
            if self._wanted([item]):
                image = enclosure_of(item.content, self.settings, self.site)
                card = cards.card(item, image.url if image else None)
                self._write(path, cards.dumps(cards.message(card)))
            entries.append(cards.CardEntry(item.guid, item.content.hub_type, item.title,
                                           item.published.isoformat(), item.url, path))
        self._write(addresses.TEAMS_CARD_LIST.url(),
                    cards.dumps([e.as_json() for e in entries]))

    def _wanted(self, items: list[FeedItem]) -> bool:
        selection = incremental.selection(self.settings)
        return selection is None or selection.touches(incremental.key_of(i.content)
                                                      for i in items)

    def _channels_to_write(self) -> list[Channel]:
        """Every feed, or in an incremental run those that held or hold a changed item."""
        members = {c.key: [incremental.key_of(i.content) for i in c.items]
                   for c in self.feeds.channels}
        selection = incremental.selection(self.settings)
        kept = kept_of(self.settings)
        previous: dict[str, list[incremental.Key]] = {}
        if kept is not None:  # the preview server: its next run compares with these
            previous, kept.feed_members = kept.feed_members, members
        if selection is None:
            return list(self.feeds.channels)
        return [c for c in self.feeds.channels
                if selection.touches([*members[c.key], *previous.get(c.key, [])])]

    def _write(self, path: str, data: bytes) -> None:
        """Write one file; a file in the way of an item's folder is said once, by the
        item's page (`build/writer`), and only stops this file."""
        target = Path(self.output_path) / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            if not faults.refused(exc) or faults.stops_the_run(exc):
                raise
            log.debug("%s not written (%s)", path, exc)
            return
        run_of(self.settings).files.add(str(target))

    def _opml(self, atom: bool) -> bytes:
        """Every feed, grouped as on the S'abonner page, for a reader's or Outlook's import."""
        root = ET.Element("opml", version="2.0")
        head = ET.SubElement(root, "head")
        ET.SubElement(head, "title").text = f"{self.feeds.sitename} : tous les flux"
        ET.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
        body = ET.SubElement(root, "body")
        for group in self.feeds.groups():
            if not group.channels:
                continue
            folder = ET.SubElement(body, "outline", text=group.title, title=group.title)
            for channel in group.channels:
                ET.SubElement(folder, "outline", {
                    "type": "rss", "text": channel.title, "title": channel.title,
                    "description": channel.description,
                    "xmlUrl": (self.feeds.atom_url(channel) if atom
                               else self.feeds.rss_url(channel)),
                    "htmlUrl": absolute(self.site, channel.page_url),
                })
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

    def _write_subscribe_page(self, writer: Any) -> None:
        intro = next((p for p in self.context.get("pages", []) if p.slug == SUBSCRIBE_SLUG), None)
        writer.write_file(
            addresses.SUBSCRIBE.save_as(), self.get_template("subscribe"), self.context,
            hub_feeds=self.feeds, hub_calendars=self.calendars, intro_page=intro,
            editions=self.editions, email_url=self.email_url, letter_url=self.letter_url,
            page_name=SUBSCRIBE_URL + "index", url=SUBSCRIBE_URL,
            relative_urls=self.settings["RELATIVE_URLS"], override_output=True)

    def email_url(self, edition: FeedItem) -> str:
        """The edition's e-mail version, site-relative (the S'abonner page links to it)."""
        return email.email_path(edition.content.url)

    def letter_url(self, edition: FeedItem) -> str:
        """The edition's letter ready to send, site-relative."""
        return email.letter_path(edition.content.url)

    def _write_emails(self, editions: list[FeedItem]) -> None:
        """Each edition's `email.html` and the same letter ready to send, `lettre.eml`."""
        template = self.env.get_template("edition_email.html")
        settings = hub_settings_of(self.settings)
        display = email.WIDTH - 2 * email.GUTTER
        for edition in editions:
            content = edition.content
            items = [self.items[id(i)] for i in getattr(content, "items", [])
                     if id(i) in self.items]
            images = {}
            for item in items:
                source = str(getattr(item.content, "image", "") or "")
                found = email.mail_image(email_image_for(self.settings, source or None, display),
                                         self.site, display)
                if found is not None:
                    images[item.guid] = found
            editorial = absolutize_html(content.get_content(self.site), edition.url)
            document = email.render(template, {
                **self.context, "SITEURL": self.site, "edition": edition,
                "editorial": editorial, "items": items, "hub_feeds": self.feeds,
                "images": images,
                "date_label": in_zone(content.date, self.zone).strftime("%d/%m/%Y"),
                "width": email.WIDTH, "gutter": email.GUTTER,
            }, fallback_alt=edition.title)
            folder = content.save_as.removesuffix("index.html")
            self._write(email.email_path(folder), document.encode("utf-8"))
            letter, embedded = document, {}
            if settings.HUB_LETTER_EMBED_IMAGES:  # files of the built site only, never fetched
                output = Path(self.output_path)
                letter = email.foreign_images_as_links(document, self.site, output)
                embedded = email.site_images(letter, self.site, output)
            self._write(email.letter_path(folder), email.letter(
                letter, edition.title, settings.HUB_LETTER_FROM, settings.HUB_LETTER_TO,
                in_zone(content.date, self.zone), embedded))
