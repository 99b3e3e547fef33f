"""RSS 2.0 and Atom bytes of a channel, with feedgen, around feedgen 1.0.0's traps.

- The RSS channel `<link>` is the *last* link given to `FeedGenerator.link()`, whatever
  its `rel`: the self link is given first, the site page last.
- `add_entry()` prepends by default, which would reverse the order: we append.
- Atom entry links lose `rel`, `type` and `length` (feedgen issue #135: a loop variable
  shadows the link's data), turning an enclosure into a second alternate link:
  `HubEntry` writes the entry links itself.
- An enclosure without a length gets `length="0"`: we always pass the file's size.
- No `media:` extension, so no `media:group` wrapper that some readers skip.
- Nothing depends on the clock: `lastBuildDate` and `updated` come from the content.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from hub.feeds.channels import Channel, FeedItem

LINK_FIELDS = ("href", "rel", "type", "hreflang", "title", "length")
GENERATOR = "Le hub (Pelican, feedgen)"  # the software, never the company
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # `updated` of a feed that never had an item


class HubEntry(FeedEntry):
    """A feedgen entry whose Atom links keep their `rel`, `type` and `length`."""

    def atom_entry(self, extensions: bool = True) -> Any:
        entry = super().atom_entry(extensions)
        for broken in entry.findall("link"):
            entry.remove(broken)
        for link in self.link() or []:
            attributes = {name: str(link[name]) for name in LINK_FIELDS if link.get(name)}
            xml_elem("link", entry, **attributes)
        return entry


def _entry(item: FeedItem) -> HubEntry:
    entry = HubEntry()
    entry.id(item.guid)
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate", type="text/html")
    if item.enclosure is not None:
        entry.link(href=item.enclosure.url, rel="enclosure", type=item.enclosure.type,
                   length=str(item.enclosure.length), title=item.image_alt or None)
    entry.content(item.html, type="html")
    if item.summary:
        entry.summary(item.summary)
    entry.published(item.published)
    entry.updated(item.updated)
    entry.author({"name": item.author})
    for cat in item.categories:
        entry.category(term=cat.term, scheme=cat.scheme, label=cat.term)
    return entry


def _generator(channel: Channel, page_url: str, updated: dt.datetime, author: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    feed.id(channel.guid)
    feed.title(channel.title)
    feed.subtitle(channel.description)
    feed.language("fr")
    feed.author({"name": author})
    feed.generator(GENERATOR)
    feed.updated(updated)
    feed.lastBuildDate(updated)
    for item in channel.items:
        entry = _entry(item)
        feed.add_entry(entry, order="append")
        entry.dc.dc_creator(item.author)  # RSS <author> needs an e-mail address
    return feed


def feed_updated(channel: Channel, fallback: dt.datetime) -> dt.datetime:
    """The newest change of the channel's items, else `fallback` (never the clock)."""
    return max((i.updated for i in channel.items), default=fallback)


def render(channel: Channel, rss_url: str, atom_url: str, page_url: str, author: str,
           fallback: dt.datetime = EPOCH) -> tuple[bytes, bytes]:
    """(RSS 2.0 bytes, Atom bytes) of a channel."""
    feed = _generator(channel, page_url, feed_updated(channel, fallback), author)
    # The RSS <link> is the last link added: self first, then the site page.
    feed.link([{"href": rss_url, "rel": "self", "type": "application/rss+xml"},
               {"href": page_url, "rel": "alternate", "type": "text/html"}], replace=True)
    rss = feed.rss_str(pretty=True)
    feed.link([{"href": page_url, "rel": "alternate", "type": "text/html"},
               {"href": atom_url, "rel": "self", "type": "application/atom+xml"}], replace=True)
    atom = feed.atom_str(pretty=True)
    return rss, atom
