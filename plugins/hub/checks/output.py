"""Reading the built site: every HTML page and feed parsed once, on every core.

Workers parse a page with lxml and resolve its links against the list of output files
(known before they start); the main process then checks what needs the whole site
(anchors of other pages, drafts and hidden pages, pages nothing links to).
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from hub.handoff import HtmlFacts, PageFacts, html_facts
from hub.paths import PATH_FORM, SCHEME_RE, SCHEMELESS_URL_RE, rel_path
from hub.source import mailaddress

PAGE_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".atom", ".rss")
FEED_XPATH = etree.XPath(
    "//*[local-name()='link']/@href | //*[local-name()='link']/text()"
    " | //*[local-name()='loc']/text() | //*[local-name()='enclosure']/@url"
)
SOURCE_FORM_RE = re.compile(PATH_FORM + r"|%7B\w+%7D", re.IGNORECASE)


@dataclass(frozen=True)
class LinkTo:
    """A link of a page to an existing output file."""

    target: str
    fragment: str
    href: str
    line: int


@dataclass(frozen=True)
class LinkProblem:
    """A link of a page that fails on its own: missing, wrong case, malformed."""

    kind: str  # "missing" | "case" | "malformed-url" | "malformed-mailto"
    href: str
    line: int
    target: str = ""  # output file it resolves to (or the actual file for "case")
    fragment: str = ""


@dataclass
class Page:
    """What the check needs to know of one output file, gathered in a single parse."""

    rel: str
    feed: bool
    ids: frozenset[str] = frozenset()
    duplicate_ids: tuple[str, ...] = ()
    # existing files linked (first href and line of each), and the links with a #fragment:
    # kept compact, since thousands of pages travel back from the workers
    targets: dict[str, tuple[str, int]] = field(default_factory=dict)
    anchored: list[LinkTo] = field(default_factory=list)
    problems: list[LinkProblem] = field(default_factory=list)
    external: list[tuple[str, int]] = field(default_factory=list)
    recorded: bool = False  # read from the build's record (`handoff`), not parsed


@dataclass
class Site:
    """The output folder's files, shared with the workers before they start."""

    root: Path
    files: frozenset[str]
    lower: dict[str, str]
    folders: frozenset[str]
    siteurls: tuple[str, ...] = ()  # absolute addresses of the site itself (feeds use them)


LinkOutcome = tuple[str, str, str]  # (kind, target or URL, fragment); kind "" = nothing to do


@dataclass
class _Check:
    """One check of the output: the site, and the caches each worker fills while it
    resolves links. Set by `parse_all` in the parent before it forks the workers (the
    one way to hand them the site without copying it for every page)."""

    site: Site
    recorded: dict[str, PageFacts] = field(default_factory=dict)  # by the build (`handoff`)
    targets: dict[tuple[str, str], str] = field(default_factory=dict)  # → output file
    outcomes: dict[tuple[str, str], LinkOutcome] = field(
        default_factory=dict)  # (page folder or page, href) → outcome


_CHECK: _Check | None = None


def list_output(root: Path, siteurls: tuple[str, ...] = ()) -> Site:
    files: list[str] = []
    folders: set[str] = set()
    for dirpath, _dirnames, filenames in os.walk(root):
        rel_dir = rel_path(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir
        if rel_dir:
            folders.add(rel_dir)
        for name in filenames:
            files.append(f"{rel_dir}/{name}" if rel_dir else name)
    lower: dict[str, str] = {}
    for rel in files:
        lower.setdefault(rel.lower(), rel)
    bases = tuple(u.rstrip("/") for u in siteurls if u.startswith(("http://", "https://")))
    return Site(root, frozenset(files), lower, frozenset(folders), bases)


def pages_of(site: Site) -> list[str]:
    return sorted(f for f in site.files if f.endswith(PAGE_SUFFIXES + FEED_SUFFIXES))


def parse_all(site: Site, rels: list[str], processes: int | None = None,
              recorded: dict[str, PageFacts] | None = None) -> Iterable[Page]:
    """Parse every page on all cores (a page the build recorded as it is on disk is not
    parsed: its recorded facts stand in); the caller may work while this runs."""
    global _CHECK
    _CHECK = _Check(site, recorded or {})
    processes = processes or os.cpu_count() or 1
    if processes == 1 or len(rels) < 50:
        return [parse_page(rel) for rel in rels]
    context = multiprocessing.get_context("fork")
    pool = context.Pool(processes)
    chunk = max(16, len(rels) // (processes * 8))
    result = pool.map_async(parse_page, rels, chunksize=chunk)
    pool.close()
    return _Pending(pool, result)


class _Pending:
    """The pages being parsed by the pool; iterating waits for them."""

    def __init__(self, pool: Any, result: Any) -> None:
        self.pool = pool
        self.result = result

    def __iter__(self) -> Iterator[Page]:
        pages: list[Page] = self.result.get()
        self.pool.join()
        return iter(pages)


def parse_page(rel: str) -> Page:
    """Parse one output file and resolve its links (runs in a worker)."""
    assert _CHECK is not None
    try:
        data = (_CHECK.site.root / rel).read_bytes()
    except OSError:  # a link loop or a dangling link in the output: nothing to read
        return Page(rel=rel, feed=rel.endswith(FEED_SUFFIXES))
    feed = rel.endswith(FEED_SUFFIXES)
    page = Page(rel=rel, feed=feed)
    if not data.strip():
        return page
    if feed:
        _read_feed(page, data)
        return page
    known = _CHECK.recorded.get(rel)
    page.recorded = known is not None and known.fresh(data)
    facts = known.facts if known is not None and page.recorded else html_facts(data)
    if facts is not None:
        _read_html(page, facts)
    return page


_XML_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)


def _read_html(page: Page, facts: HtmlFacts) -> None:
    """Ids and links of a page. Findings are placed at the source line that wrote the
    link (see `site`), so the output's own line numbers are not needed."""
    ids: set[str] = set()
    duplicates: list[str] = []
    for value in facts.ids:
        if value in ids and value not in duplicates:
            duplicates.append(value)
        ids.add(value)
    _resolve_all(page, facts.links)
    page.ids = frozenset(ids)
    page.duplicate_ids = tuple(duplicates)


def _read_feed(page: Page, data: bytes) -> None:
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError:
        return
    if root is None:
        return
    urls = []
    for value in FEED_XPATH(root):
        element = value.getparent()
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        # An entry's HTML repeats its page's body, which is checked (and mapped) there.
        if tag not in ("content", "summary", "description"):
            urls.append(str(value))
    _resolve_all(page, urls)


def _from_site_root(url: str, site: Site) -> str:
    """A path from the server's root (`/hub/services/`) as one from the site's root
    (`/services/`) when the site is published under a folder: the 404 page's links."""
    for base in site.siteurls:
        folder = urlsplit(base).path.rstrip("/")
        if folder and (url == folder or url.startswith(folder + "/")):
            return url[len(folder):] or "/"
    return url


def _target(page_rel: str, path: str) -> str:
    """Output file a link path leads to from a page (`dir/` → `dir/index.html`), cached."""
    assert _CHECK is not None
    base = "" if path.startswith("/") else page_rel.rpartition("/")[0]
    # a path that climbs out of every folder of the page resolves the same from any page
    depth = base.count("/") + 1 if base else 0
    key = ("", path) if path.startswith("../" * depth) else (base, path)
    target = _CHECK.targets.get(key)
    if target is None:
        joined = posixpath.normpath(posixpath.join("/", base, path)).lstrip("/")
        if path.endswith("/") or joined in ("", "."):
            joined = (joined + "/" if joined not in ("", ".") else "") + "index.html"
        elif joined in _CHECK.site.folders:
            joined += "/index.html"
        target = _CHECK.targets[key] = joined
    return target


def _resolve_all(page: Page, urls: Iterable[str]) -> None:
    """Record what each link of a page leads to. Pages of one folder share their
    navigation, and a link climbing to the site root leads to the same place from any
    page, so each (folder, href) is classified once per worker (the hot loop of the
    check: about 150 links a page)."""
    rel = page.rel
    folder = rel.rpartition("/")[0]
    climb = "../" * (folder.count("/") + 1) if folder else ""
    assert _CHECK is not None
    outcomes = _CHECK.outcomes
    targets = page.targets
    for raw in urls:
        url = raw.strip()
        if url[:1] == "#":
            key = (rel, url)
        elif url[:1] == "/" or (climb and url.startswith(climb)):
            key = ("/", url)
        elif "://" in url or url[:7] == "mailto:":
            key = ("", url)
        else:
            key = (folder, url)
        outcome = outcomes.get(key)
        if outcome is None:
            outcome = outcomes[key] = _classify(rel, url)
        kind, target, fragment = outcome
        if kind == "target":
            if target not in targets:
                targets[target] = (url, 0)
            if fragment:
                page.anchored.append(LinkTo(target, fragment, url, 0))
        elif kind == "external":
            page.external.append((target, 0))
        elif kind:
            page.problems.append(LinkProblem(kind, url, 0, target, fragment))


def _classify(page_rel: str, url: str) -> LinkOutcome:
    """What a link leads to from a page: an output file, the outside, or a problem."""
    assert _CHECK is not None
    site = _CHECK.site
    if not url or SOURCE_FORM_RE.search(url):
        return ("", "", "")  # short and Pelican forms left unresolved: reported at the source
    scheme = SCHEME_RE.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            base = next((b for b in site.siteurls if url == b or url.startswith(b + "/")), None)
            if base is None:
                return ("external", url, "")
            url = url[len(base):] or "/"
        elif name == "mailto":
            if mailaddress.mailto_problem(url) is not None:
                return ("malformed-mailto", "", "")
            return ("", "", "")
        else:
            return ("", "", "")
    elif SCHEMELESS_URL_RE.match(url):
        return ("malformed-url", "", "")
    elif url.startswith("//"):
        return ("external", "https:" + url, "")
    elif url[:1] == "/":
        url = _from_site_root(url, site)
    path, _, fragment = url.partition("#")
    path = path.partition("?")[0]
    if "%" in url:
        path, fragment = unquote(path), unquote(fragment)
    target = _target(page_rel, path) if path else page_rel
    if target in site.files:
        return ("target", target, fragment)
    actual = site.lower.get(target.lower())
    if actual is not None:
        return ("case", actual, fragment)
    return ("missing", target, fragment)
