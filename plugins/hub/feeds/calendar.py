"""Calendars of what is coming: iCalendar files written with the `icalendar` library.

Events come from a service's `Retirement` (all day, "Fin du service …"), a news item's
`Starts`/`Ends` (Europe/Paris) and each edition's date. Like feed items, an event keeps
its identity: its `UID` is derived from the item's permanent GUID (feed-ids.json), its
`SEQUENCE` goes up when it changes and an event that disappears is published for a while
as `STATUS:CANCELLED`, so that subscribed calendars drop it. The registry keeps each
event's last state (`EventRecord`); the same content and registry give the same bytes.

Traps of calendar clients handled here:
- Outlook needs a VTIMEZONE for every TZID: a compact one with the EU rules is written
  (icalendar's generated one lists every change up to 2038 only).
- An all-day event's DTEND is exclusive: `Ends: 2027-01-01` ends on 2 January at 00:00.
- DTSTAMP must not be the build's clock (same bytes at every build): it is the day the
  event last changed, kept in the registry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import icalendar

from hub import addresses
from hub.feeds.channels import EVERYONE as EVERYONE_ID
from hub.feeds.channels import audience_key
from hub.feeds.identity import NAMESPACE, EventRecord, moment_text, parse_moment
from hub.paths import absolute
from hub.site.typography import french_date

PRODID = "-//Hub//Pelican//FR"  # the software, never the company
ZONE_ID = "Europe/Paris"

# Milestones of an item: the part of the UID that says which of its events it is.
RETIREMENT = "fin-de-service"
HAPPENING = "evenement"
PUBLICATION = "parution"


@dataclass(frozen=True)
class Event:
    """One event as the calendars show it; `start`/`end` are dates (all day) or naive
    Europe/Paris datetimes; `end` is exclusive for all-day events."""

    uid: str
    summary: str
    description: str
    url: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    calendars: tuple[str, ...]  # keys of the calendars that hold it (feed keys)

    def signature(self) -> str:
        """What subscribers see of the event: a change raises its SEQUENCE."""
        text = "\n".join([self.summary, self.description, self.url, moment_text(self.start),
                          moment_text(self.end)])
        return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


UID_DOMAIN = "hub-dsi"  # never the site's address: moving the site keeps every UID


def event_uid(guid: str, milestone: str) -> str:
    """An item's event UID: from its permanent GUID, so a rename keeps it."""
    return f"{uuid.uuid5(NAMESPACE, guid + '#' + milestone)}@{UID_DOMAIN}"


def track(events: Iterable[Event], known: dict[str, EventRecord], today: dt.date,
          keep_days: int) -> dict[str, EventRecord]:
    """The registry's events after this build: new ones at SEQUENCE 0, changed ones one
    higher, vanished ones cancelled (and forgotten `keep_days` after they vanished)."""
    day = today.isoformat()
    records: dict[str, EventRecord] = {}
    for event in events:
        old = known.get(event.uid)
        signature = event.signature()
        if old is not None and old.signature == signature and not old.cancelled:
            records[event.uid] = replace(old, calendars=list(event.calendars))
            continue
        sequence = 0 if old is None else old.sequence + 1
        records[event.uid] = EventRecord(
            uid=event.uid, sequence=sequence, signature=signature, changed=day,
            summary=event.summary, description=event.description, url=event.url,
            start=moment_text(event.start), end=moment_text(event.end),
            calendars=list(event.calendars))
    for uid, old in known.items():
        if uid in records:
            continue
        if not old.cancelled:
            records[uid] = replace(old, cancelled=day, changed=day, sequence=old.sequence + 1)
        elif (today - dt.date.fromisoformat(old.cancelled)).days <= keep_days:
            records[uid] = old
    return records


@dataclass(frozen=True)
class CalendarSpec:
    """One calendar file: its feed key, its name and what it holds (French)."""

    key: str
    name: str
    description: str


def _timezone() -> icalendar.Timezone:
    """Europe/Paris with the EU rules since 1996 (last Sundays of March and October)."""
    zone = icalendar.Timezone()
    zone.add("tzid", ZONE_ID)
    for kind, name, start, month, before, after in (
        (icalendar.TimezoneDaylight, "CEST", dt.datetime(1996, 3, 31, 2), 3, 1, 2),
        (icalendar.TimezoneStandard, "CET", dt.datetime(1996, 10, 27, 3), 10, 2, 1),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", dt.timedelta(hours=before))
        part.add("tzoffsetto", dt.timedelta(hours=after))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def _stamp(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.UTC)


def _moment(value: dt.date | dt.datetime) -> icalendar.prop.vDDDTypes:
    if isinstance(value, dt.datetime):
        prop = icalendar.prop.vDDDTypes(value.replace(tzinfo=None))
        prop.params["TZID"] = ZONE_ID
        return prop
    return icalendar.prop.vDDDTypes(value)


def _component(record: EventRecord, site: str) -> icalendar.Event:
    start = parse_moment(record.start) or dt.date(1970, 1, 1)
    end = parse_moment(record.end)
    component = icalendar.Event()
    component.add("uid", record.uid)
    component.add("dtstamp", _stamp(record.changed))
    component.add("last-modified", _stamp(record.changed))
    component.add("sequence", record.sequence)
    component["dtstart"] = _moment(start)
    if end is not None:
        component["dtend"] = _moment(end)
    elif not isinstance(start, dt.datetime):
        component["dtend"] = _moment(start + dt.timedelta(days=1))
    component.add("summary", record.summary)
    url = absolute(site, record.url)
    component.add("description", f"{record.description}\n\n{url}".strip())
    component.add("url", url)
    component.add("transp", "TRANSPARENT")  # an announcement, not a meeting: stays free
    component.add("status", "CANCELLED" if record.cancelled else "CONFIRMED")
    return component


def render(records: Iterable[EventRecord], name: str, description: str,
           refresh_hours: int, site: str) -> bytes:
    """The calendar's bytes: its events by start then UID, the same for the same records."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", ZONE_ID)
    ttl = dt.timedelta(hours=refresh_hours)
    calendar.add("refresh-interval", ttl, parameters={"VALUE": "DURATION"})
    calendar["x-published-ttl"] = icalendar.prop.vDuration(ttl)
    ordered = sorted(records, key=lambda r: (r.start, r.uid))
    # RFC 5545 wants at least one component: a calendar with nothing planned yet holds its
    # time zone, so that it can be subscribed to before its first event
    if not ordered or any(" " in r.start or " " in r.end for r in ordered):
        calendar.add_component(_timezone())
    for record in ordered:
        calendar.add_component(_component(record, site))
    return bytes(calendar.to_ical())


EVERYTHING = "tout"  # the key of the calendar (and feed) of everything


@dataclass(frozen=True)
class EventSource:
    """An item that carries an event, as the calendars need it."""

    guid: str
    type_id: str
    title: str
    summary: str
    url: str  # site-relative: the registry must not change when the site moves
    audiences: tuple[str, ...]  # () or ("all", …) means everyone
    services: tuple[str, ...]  # calendar keys of the services it concerns


def retirement_event(source: EventSource, day: dt.date, successor: str | None) -> Event:
    """A service's last day, all day, with its successor in the description."""
    text = f"« {source.title} » s'arrête le {french_date(day)}."
    if successor is not None:
        text += f" Il est remplacé par « {successor} »."
    return Event(event_uid(source.guid, RETIREMENT), f"Fin du service « {source.title} »",
                 text, source.url, day, day + dt.timedelta(days=1),
                 calendars_of(source))


def happening_event(source: EventSource, starts: dt.date | dt.datetime,
                    ends: dt.date | dt.datetime | None) -> Event:
    """What a news item announces (a cut, a migration, a training), Europe/Paris."""
    end = ends
    if isinstance(starts, dt.datetime) and end is not None and not isinstance(end,
                                                                             dt.datetime):
        end = dt.datetime.combine(end, dt.time()) + dt.timedelta(days=1)
    elif not isinstance(starts, dt.datetime):
        last = ends.date() if isinstance(ends, dt.datetime) else ends
        end = (last or starts) + dt.timedelta(days=1)
    return Event(event_uid(source.guid, HAPPENING), source.title, source.summary,
                 source.url, naive(starts), naive(end) if end is not None else None,
                 calendars_of(source))


def publication_event(source: EventSource, day: dt.date) -> Event:
    """An edition of the letter, all day on its date."""
    return Event(event_uid(source.guid, PUBLICATION),
                 f"Parution de la lettre : {source.title}", source.summary, source.url, day,
                 day + dt.timedelta(days=1), calendars_of(source))


def naive(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(ZoneInfo(ZONE_ID)).replace(tzinfo=None)
    return value


def calendars_of(source: EventSource) -> tuple[str, ...]:
    """Everything, the audiences' calendars (all of them for everyone: marked "*") and
    the services'."""
    audiences = source.audiences
    everyone = not audiences or EVERYONE_ID in audiences
    keys = [EVERYTHING, *(["*"] if everyone else [audience_key(a) for a in audiences])]
    return tuple(keys + list(source.services))


def holds(record: EventRecord, key: str, audience_keys: set[str]) -> bool:
    """Whether the calendar `key` shows the event."""
    return key in record.calendars or ("*" in record.calendars and key in audience_keys)


@dataclass(frozen=True)
class Calendar:
    """One published calendar: `flux/<key>/agenda.ics`."""

    key: str
    group: str  # the feeds' group: GENERAL_FEEDS, AUDIENCE_FEEDS or SERVICE_FEEDS
    title: str
    description: str
    records: tuple[EventRecord, ...]

    @property
    def path(self) -> str:
        return addresses.FEED_CALENDAR.url(key=self.key)

    @property
    def count(self) -> int:
        """Its events that are not cancelled."""
        return sum(1 for r in self.records if not r.cancelled)


def event_file_key(page_url: str) -> str:
    """The one-event file's name from its page's address: `actualites-coupure`."""
    return page_url.strip("/").replace("/", "-")


class CalendarDirectory:
    """Every calendar of the site and the one-event files, for the writer and templates."""

    def __init__(self, site: str, calendars: list[Calendar],
                 event_files: dict[str, EventRecord]) -> None:
        self.site = site
        self.calendars = calendars
        self.event_files = event_files  # page URL (site-relative) → its event

    def url(self, calendar: Calendar) -> str:
        return absolute(self.site, calendar.path)

    def webcal_url(self, calendar: Calendar) -> str:
        """The same address as `webcal://`, which opens the subscription in Outlook."""
        return "webcal://" + self.url(calendar).split("://", 1)[-1]

    def in_group(self, group: str) -> list[Calendar]:
        return [c for c in self.calendars if c.group == group]

    def event_path(self, page_url: str) -> str:
        return addresses.FEED_EVENT.url(key=event_file_key(page_url))

    def event_of(self, content: object) -> str:
        """The "Ajouter à mon agenda" file of a page (site-relative), "" when it carries
        no event."""
        page_url = str(getattr(content, "url", "") or "")
        return self.event_path(page_url) if page_url in self.event_files else ""
