"""What a request means for the hub: which item was read, what was searched in vain,
what a reader answered, which feed or calendar was fetched.

The site's addresses come from the content folder as the build sees it (the corpus and
its old addresses) and from the hub's address declaration, never from the log.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from hub import addresses
from hub.model import SERVICE, STORY
from hub.source.corpus import Corpus
from hub.stats.logs import Request

VIEW_METHODS = ("GET", "HEAD")
VIEW_STATUSES = (200, 304)
# Robots, link checkers, monitoring and command-line tools: never a reader.
ROBOT_RE = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|preview|monitor|pingdom|"
    r"uptime|check|curl/|wget/|python-|go-http-client|java/|okhttp|libwww|httpclient|"
    r"hyperlink|pagefind|lighthouse|axe-core",
    re.IGNORECASE,
)
# "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers; )"
SUBSCRIBERS_RE = re.compile(r"(\d+)\s+(?:subscribers|readers)", re.IGNORECASE)
CLIENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Outlook", re.compile(r"outlook|microsoft office", re.IGNORECASE)),
    ("Thunderbird", re.compile(r"thunderbird", re.IGNORECASE)),
    ("Feedly", re.compile(r"feedly", re.IGNORECASE)),
)
OTHER_CLIENT = "autre"
FEED_SUFFIXES = (".xml", ".ics", ".opml")
FEEDBACK_ANSWERS = {"oui": True, "non": False}


class RequestKind(enum.Enum):
    VIEW = "view"  # an item's page
    LETTER = "letter"  # an edition's e-mail version
    SEARCH_MISS = "search-miss"
    FEEDBACK = "feedback"
    FEED = "feed"
    MISSING = "missing"  # an address the site does not have (404)
    OTHER = "other"  # the hub's own pages, theme files, robots…


@dataclass(frozen=True)
class ItemRef:
    """An item as the report names it."""

    file: str  # content/services/x.md
    url: str  # services/x/
    type_id: str
    type_label: str
    title: str
    audiences: tuple[str, ...]


@dataclass(frozen=True)
class Meaning:
    kind: RequestKind
    url: str = ""  # the item's, the feed's or the missing address
    query: str = ""  # the search typed (normalised later)
    helpful: bool | None = None
    redirected: bool = False  # an old address's page, which sends the browser on to `url`


@dataclass
class SiteAddresses:
    """The addresses of one content folder and what each holds."""

    prefix: str  # the site's path on its server: "/" or "/hub/"
    items: dict[str, ItemRef] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # old → new
    featured: set[str] = field(default_factory=set)  # services that a story features

    @classmethod
    def of(cls, corpus: Corpus, site_url: str, display: str) -> SiteAddresses:
        prefix = urlsplit(site_url).path.rstrip("/") + "/"
        site = cls(prefix=prefix)
        for item in corpus.items:
            if item.is_draft or not item.readable or item.rel in corpus.unbuilt:
                continue
            values = item.values
            url = item.ctype.url_for(item.slug)
            audiences = tuple(str(a) for a in values.get("audience") or ("all",))
            site.items[url] = ItemRef(
                file=f"{display}/{item.rel}", url=url, type_id=item.ctype.id,
                type_label=item.ctype.label, title=str(values.get("title") or item.slug),
                audiences=audiences)
        for story in corpus.of_type(STORY):
            if not story.is_draft:
                site.featured.update(SERVICE.url_for(str(s))
                                     for s in story.values.get("services") or ())
        old = corpus.old_addresses
        if old is not None and old.problem is None:
            site.redirects = dict(old.redirects)
        return site

    def relative(self, path: str) -> str | None:
        """The site-relative address of a requested path (`/hub/services/x/index.html` →
        `services/x/`), None when it is outside the site."""
        path = unquote(path)
        if path == self.prefix.rstrip("/"):
            return ""
        if not path.startswith(self.prefix):
            return None
        rel = path[len(self.prefix):]
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel.removesuffix("index.html")
        return rel

    def meaning(self, request: Request) -> Meaning:
        """What `request` means; OTHER for what the counts leave out."""
        url = self.relative(request.path)
        if url is None or request.method not in VIEW_METHODS:
            return Meaning(RequestKind.OTHER)
        if is_robot(request.agent):
            return Meaning(RequestKind.OTHER)
        if request.status == 404:
            return Meaning(RequestKind.MISSING, url=url)
        if request.status not in VIEW_STATUSES:
            return Meaning(RequestKind.OTHER)
        return self._served(url, request.query)

    def _served(self, url: str, query: str) -> Meaning:
        target = self.redirects.get(url)
        if target in self.items:
            return Meaning(RequestKind.VIEW, url=target, redirected=True)
        if url in self.items:
            return Meaning(RequestKind.VIEW, url=url)
        if url == addresses.SEARCH_MISSED.url():
            return Meaning(RequestKind.SEARCH_MISS, query=_first(query, "q"))
        if url == addresses.FEEDBACK.url():
            answer = FEEDBACK_ANSWERS.get(_first(query, "utile").lower())
            page = self.relative(self.prefix + _first(query, "page").lstrip("/"))
            page = self.redirects.get(page or "", page or "")
            if answer is None or page not in self.items:
                return Meaning(RequestKind.OTHER)
            return Meaning(RequestKind.FEEDBACK, url=page, helpful=answer)
        if url.startswith(addresses.FEEDS.url()) and url.endswith(FEED_SUFFIXES):
            return Meaning(RequestKind.FEED, url=url)
        edition = url.removesuffix("email.html")
        if edition != url and edition in self.items:
            return Meaning(RequestKind.LETTER, url=edition)
        return Meaning(RequestKind.OTHER)


def _first(query: str, name: str) -> str:
    values = parse_qs(query, keep_blank_values=True).get(name)
    return values[0] if values else ""


@functools.lru_cache(maxsize=4096)  # a log holds a few hundred user agents, repeated
def is_robot(agent: str) -> bool:
    """A robot, a checker or a tool, unless it fetches feeds for subscribers."""
    return ROBOT_RE.search(agent) is not None and subscribers_of(agent) is None


@functools.lru_cache(maxsize=4096)
def client_of(agent: str) -> str:
    """The feed reader's family as the report names it."""
    for name, pattern in CLIENTS:
        if pattern.search(agent):
            return name
    return OTHER_CLIENT


@functools.lru_cache(maxsize=4096)
def subscribers_of(agent: str) -> int | None:
    """How many readers an aggregator says it fetches for (Feedly, Inoreader…)."""
    match = SUBSCRIBERS_RE.search(agent)
    return int(match.group(1)) if match else None
