"""The counts of one reading of the logs, and the JSON report made of them.

Who read a feed is counted as a set of short digests of (address, user agent) held in
memory for the run and never written; a search or a page's answers seen fewer than
`min_count` times are counted in the totals but not named (nothing said by one person is
shown).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from hub.model import EDITION
from hub.stats.logs import Request, UnreadableLine
from hub.stats.meaning import (
    OTHER_CLIENT,
    ItemRef,
    RequestKind,
    SiteAddresses,
    client_of,
    subscribers_of,
)


def normalise_query(query: str) -> str:
    """Case, accents and spaces folded: « Télétravail  VPN » → « teletravail vpn »."""
    folded = unicodedata.normalize("NFKD", query.casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(bare.split())


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


FORWARD_SECONDS = 30  # an old address's page sends the browser on at once
FORWARD_MEMORY = 100_000


def reader(request: Request) -> bytes:
    """A short digest of who asked (address and user agent), held in memory only."""
    return hashlib.blake2b(f"{request.client}\0{request.agent}".encode(),
                           digest_size=8).digest()


@dataclass
class Followers:
    """One feed or calendar: who fetches it, never who they are."""

    readers: set[bytes] = field(default_factory=set)  # digests, in memory only
    clients: dict[str, set[bytes]] = field(default_factory=lambda: defaultdict(set))
    aggregators: dict[str, int] = field(default_factory=dict)  # family → most subscribers

    def add(self, request: Request) -> None:
        client = client_of(request.agent)
        reported = subscribers_of(request.agent)
        if reported is not None:
            family = request.agent.split("/", 1)[0].split(" ", 1)[0] or OTHER_CLIENT
            self.aggregators[family] = max(self.aggregators.get(family, 0), reported)
            return
        who = reader(request)
        self.readers.add(who)
        self.clients[client].add(who)

    def as_json(self, url: str) -> dict[str, Any]:
        clients: Counter[str] = Counter({k: len(v) for k, v in self.clients.items()})
        for family, count in self.aggregators.items():
            clients[client_of(family) if client_of(family) != OTHER_CLIENT else family] += count
        return {"url": url, "readers": len(self.readers),
                "subscribers": sum(self.aggregators.values()),
                "clients": dict(sorted(clients.items(), key=lambda kv: (-kv[1], kv[0])))}


@dataclass
class Tally:
    """Everything counted from the logs of one period."""

    site: SiteAddresses
    since: dt.date | None = None
    until: dt.date | None = None
    min_count: int = 3
    read: int = 0
    unreadable: int = 0
    first_unreadable: UnreadableLine | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    views: Counter[str] = field(default_factory=Counter)
    weeks: Counter[str] = field(default_factory=Counter)
    letters: Counter[str] = field(default_factory=Counter)
    helpful: dict[str, Counter[bool]] = field(default_factory=lambda: defaultdict(Counter))
    searches: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)
    followers: dict[str, Followers] = field(default_factory=lambda: defaultdict(Followers))
    # (reader, target) → when an old address's page sent that reader on: the request that
    # follows is the same reading (in memory only, the last minute's)
    _forwarded: dict[tuple[bytes, str], dt.datetime] = field(default_factory=dict)

    def add(self, entry: Request | UnreadableLine) -> None:
        self.read += 1
        if isinstance(entry, UnreadableLine):
            self.unreadable += 1
            self.first_unreadable = self.first_unreadable or entry
            return
        day = entry.when.date()
        if (self.since and day < self.since) or (self.until and day > self.until):
            return
        meaning = self.site.meaning(entry)
        if meaning.kind is RequestKind.OTHER:
            return
        self.first_day = min(self.first_day or day, day)
        self.last_day = max(self.last_day or day, day)
        if meaning.kind is RequestKind.VIEW:
            if self._followed(entry, meaning.url, meaning.redirected):
                return
            self.views[meaning.url] += 1
            self.weeks[week_of(day)] += 1
        elif meaning.kind is RequestKind.LETTER:
            self.letters[meaning.url] += 1
        elif meaning.kind is RequestKind.SEARCH_MISS:
            query = normalise_query(meaning.query)
            if query:
                self.searches[query] += 1
        elif meaning.kind is RequestKind.FEEDBACK and meaning.helpful is not None:
            self.helpful[meaning.url][meaning.helpful] += 1
        elif meaning.kind is RequestKind.FEED:
            self.followers[meaning.url].add(entry)
        elif meaning.kind is RequestKind.MISSING:
            self.missing[meaning.url] += 1

    def _followed(self, request: Request, url: str, redirected: bool) -> bool:
        """Whether this view is the browser following an old address's page just counted."""
        key = (reader(request), url)
        if redirected:
            if len(self._forwarded) > FORWARD_MEMORY:
                self._forwarded.clear()
            self._forwarded[key] = request.when
            return False
        sent = self._forwarded.pop(key, None)
        return sent is not None and abs((request.when - sent).total_seconds()) <= FORWARD_SECONDS

    # what the report names -------------------------------------------------------------

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        return (self.since or self.first_day, self.until or self.last_day)

    def answers(self, url: str) -> tuple[int, int]:
        """(yes, no) for a page, or (0, 0) when too few answered to show them."""
        counts = self.helpful.get(url, Counter())
        yes, no = counts[True], counts[False]
        return (yes, no) if yes + no >= self.min_count else (0, 0)

    def named(self, counter: Counter[str]) -> list[tuple[str, int]]:
        """The entries seen at least `min_count` times, most first."""
        return sorted(((k, n) for k, n in counter.items() if n >= self.min_count),
                      key=lambda kv: (-kv[1], kv[0]))

    def unnamed(self, counter: Counter[str]) -> int:
        return sum(n for n in counter.values() if n < self.min_count)

    def items(self) -> list[tuple[ItemRef, int]]:
        return sorted(((ref, self.views[url]) for url, ref in self.site.items.items()),
                      key=lambda pair: (-pair[1], pair[0].url))

    def weekly(self) -> list[tuple[str, int]]:
        """Every week of the period, those without a view included."""
        start, end = self.period
        if start is None or end is None:
            return []
        weeks = {week_of(start + dt.timedelta(days=n))
                 for n in range((end - start).days + 1)}
        return [(w, self.weeks[w]) for w in sorted(weeks)]

    def by(self, key: str) -> list[dict[str, Any]]:
        """Views per type (`key="type"`) or per audience."""
        totals: Counter[str] = Counter()
        for ref, views in self.items():
            for name in (ref.type_id,) if key == "type" else ref.audiences:
                totals[name] += views
        return [{key: name, "views": n} for name, n in sorted(totals.items())]

    def as_json(self) -> dict[str, Any]:
        start, end = self.period
        return {
            "period": {"from": start.isoformat() if start else None,
                       "to": end.isoformat() if end else None},
            "lines": {"read": self.read, "unreadable": self.unreadable},
            "items": [self._item_json(ref, views) for ref, views in self.items()],
            "searches_without_result": [{"query": q, "count": n}
                                        for q, n in self.named(self.searches)],
            "searches_without_result_unnamed": self.unnamed(self.searches),
            "followers": [f.as_json(url) for url, f in sorted(self.followers.items())],
            "weeks": [{"week": w, "views": n} for w, n in self.weekly()],
            "types": self.by("type"),
            "audiences": self.by("audience"),
            "letter": [{"url": url, "views": self.views[url], "email_views": self.letters[url]}
                       for url, ref in sorted(self.site.items.items())
                       if ref.type_id == EDITION.id],
            "missing_pages": [{"url": u, "count": n} for u, n in self.named(self.missing)],
        }

    def _item_json(self, ref: ItemRef, views: int) -> dict[str, Any]:
        yes, no = self.answers(ref.url)
        return {"file": ref.file, "url": ref.url, "type": ref.type_id, "title": ref.title,
                "views": views, "helpful": {"yes": yes, "no": no}}
