"""Findings about the built site, reported where the writer (or the theme) wrote the link.

Every output problem is mapped back: to the Markdown line that wrote the link when the
page comes from a source that contains it, else to the theme template that does, once,
with the number of pages it breaks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from pelican.utils import slugify

from hub import findings as fd
from hub.addresses import HOME, holder_of, never_suggested
from hub.build.writer import address_line, shown_page
from hub.checks.mapping import (
    SiteMap,
    body_lines,
    heading_anchors,
    href_forms,
    is_unpublished,
    locate,
    place_link,
    relative_href,
    save_as_of,
    url_of,
)
from hub.checks.output import LinkProblem, Page, Site
from hub.model import CONTENT_TYPES
from hub.paths import rel_path, save_as
from hub.source.corpus import Corpus, Item
from hub.suggest import did_you_mean, nearest, ranked, write_instead

LEADING_RELATIVE_RE = re.compile(r"^(?:\.\./|\./)+|^/")
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
PELICAN_FORM_RE = re.compile(r"\{(?P<what>author|category|tag)\}(?P<value>[^\s)#\"'<>]*)")
UNKNOWN_FORMS = ("author", "category")  # Pelican's, but the hub writes no such pages
KNOWN_FORMS = ("{service}, {story}, {constraint}, {news}, {edition}, {page}, {term}, "
               "{filename} ou {static}")
LINK_CODES = ("link-broken", "link-case", "link-draft", "link-anchor")


@dataclass
class Templates:
    """The theme's templates, read once, to find the one that writes a link."""

    folder: Path | None
    display: str
    lines: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        for path in sorted(self.folder.rglob("*.html")):
            rel = rel_path(path, self.folder)
            try:
                self.lines[rel] = path.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                continue

    def find(self, needles: list[str]) -> tuple[str, int] | None:
        """(template file as findings name it, line) of the first template with a needle."""
        for rel, lines in self.lines.items():
            for number, line in enumerate(lines, start=1):
                if any(n and n in line for n in needles):
                    return f"{self.display}/{rel}", number
        return None


@dataclass
class Unmapped:
    """An output problem that no source writes: one finding for every page it is on."""

    code: str
    key: str  # what identifies it across pages
    needles: list[str]
    values: dict[str, object]
    pages: list[str] = field(default_factory=list)
    targets: set[str] = field(default_factory=set)  # the output files it leads to


class SiteChecker:
    """Cross-page findings from the parsed pages."""

    def __init__(self, site: Site, pages: list[Page], sitemap: SiteMap,
                 handled: dict[str, set[tuple[str, str]]], reported: set[str],
                 output_display: str, templates: Templates,
                 explained: frozenset[str] = frozenset()) -> None:
        self.site = site
        self.pages = {p.rel: p for p in pages}
        self.sitemap = sitemap
        self.handled = handled
        self.reported = reported
        self.output_display = output_display
        self.templates = templates
        self.findings: list[fd.Finding] = []
        self.unmapped: dict[tuple[str, str], Unmapped] = {}
        self.inbound: set[str] = set()
        self._html_files: list[str] | None = None
        # Output files of items the build could not write: links to them are not the
        # theme's fault; the cause is reported once, on the item (`explained`: the files
        # that already have an error).
        self.unbuilt = unbuilt_pages(site, sitemap)
        self.explained = explained
        self.mismatched: set[str] = set()  # items cited at an address with no page
        self.old_addresses = old_address_pages(sitemap.corpus)  # reached by old links
        self.at_source: set[str] = set()  # output files whose links a source was told of

    def run(self) -> list[fd.Finding]:
        self.check_unbuilt()
        for page in self.pages.values():
            item = self.sitemap.page_items.get(page.rel)
            skip = self.handled.get(item.rel, set()) if item is not None else set()
            for target, (href, _line) in page.targets.items():
                if target == page.rel:
                    continue
                if not page.feed:
                    self.inbound.add(target)
                if target in self.sitemap.unpublished and (
                    (target, href.partition("#")[2]) not in skip
                ):
                    self.report(page, item, href, "link-draft", {"target": href}, target)
            for link in page.anchored:
                if (link.target, link.fragment) in skip or link.target in self.sitemap.unpublished:
                    continue
                self.check_anchor(page, item, link.target, link.fragment, link.href)
            for problem in page.problems:
                if problem.kind == "missing" and (
                    (problem.target, problem.fragment) in skip or problem.target in self.reported
                    or problem.target in self.unbuilt
                ):
                    continue
                self.check_problem(page, item, problem)
            for value in page.duplicate_ids:
                self.check_duplicate_id(page, item, value)
        self.check_orphans()
        self.flush_unmapped()
        return self.findings

    def check_unbuilt(self) -> None:
        """A published item without its page: the cause once, on the item's file."""
        today = self.sitemap.corpus.settings.today()
        for rel, item in sorted(self.unbuilt.items()):
            if item.display in self.explained or _scheduled(item, today):
                continue
            written = save_as_of(item)
            if written != rel and written in self.site.files:
                # written where `Save_as:` says, but cited at its address: no page there
                line = item.line_of("url") or item.line_of("save_as")
                self.findings.append(fd.make("address-mismatch", item.display, line,
                                             save_as=written, url=_page_url(rel)))
                self.mismatched.add(item.rel)
                continue
            self.findings.append(fd.make("page-not-written", item.display, address_line(item),
                                         page=shown_page(rel),
                                         detail="elle manque dans le site construit"))

    # --- links ---------------------------------------------------------------------

    def check_anchor(self, page: Page, item: Item | None, target: str, fragment: str,
                     href: str) -> None:
        other = self.pages.get(target)
        if other is None or other.feed or fragment in other.ids:
            return
        # the anchors a writer knows: the headings of the target's source, else every id
        target_item = self.sitemap.page_items.get(other.rel)
        anchors = list(heading_anchors(target_item)) if target_item is not None else []
        anchors = anchors or sorted(other.ids)
        suggestion = did_you_mean([f"#{a}" for a in ranked(fragment, anchors)])
        self.report(page, item, href, "link-anchor",
                    {"anchor": fragment, "target": href.split("#", 1)[0] or "cette page",
                     "suggestion": suggestion}, target)

    def check_problem(self, page: Page, item: Item | None, problem: LinkProblem) -> None:
        href = problem.href
        if problem.kind in ("malformed-url", "malformed-mailto"):
            self.report(page, item, href, problem.kind, {"value": href})
        elif problem.kind == "case":
            actual = relative_href(page.rel, problem.target)
            if href.startswith("/"):
                actual = "/" + problem.target.removesuffix("index.html")
            self.report(page, item, href, "link-case", {"target": href, "actual": actual},
                        problem.target)
        elif problem.target in self.sitemap.unpublished:
            self.report(page, item, href, "link-draft", {"target": href}, problem.target)
        else:
            form = short_form(self.sitemap.corpus, href)
            near = nearest(problem.target, self.html_near(problem.target))
            suggestion = (write_instead(form) if form else
                          did_you_mean([relative_href(page.rel, n) for n in near]))
            self.report(page, item, href, "link-broken",
                        {"target": href, "suggestion": suggestion}, problem.target)

    def html_near(self, target: str) -> list[str]:
        if self._html_files is None:
            self._html_files = sorted(f for f in self.site.files
                                      if f.endswith(".html") and not never_suggested(f))
        folder = target.split("/", 1)[0] + "/"
        same = [f for f in self._html_files if f.startswith(folder)]
        return same or self._html_files

    def report(self, page: Page, item: Item | None, href: str, code: str,
               values: dict[str, object], target: str | None = None) -> None:
        """At the source line that wrote `href`, else once for every page the theme breaks
        (a hub page repeating a source's link, such as an edition's e-mail, is left to
        that source: `flush_unmapped`)."""
        if item is not None and self.report_at_source(item, href, code, values):
            if target is not None:
                self.at_source.add(target)
            return
        shown = LEADING_RELATIVE_RE.sub("", href)
        key = (code, shown)
        entry = self.unmapped.get(key)
        if entry is None:
            entry = self.unmapped[key] = Unmapped(code, shown, [shown], dict(values))
        entry.pages.append(page.rel)
        if target is not None:
            entry.targets.add(target)

    def report_at_source(self, item: Item, href: str, code: str,
                         values: dict[str, object]) -> bool:
        """Report at the line (and column) of `item` that wrote `href`, if one does."""
        placed = place_link(item, href)
        if placed is not None:
            self.findings.append(fd.at_column(fd.make(code, item.display, placed[0], **values),
                                              placed[1]))
            return True
        line = locate(item, href_forms(href))
        if line is not None:
            self.findings.append(fd.make(code, item.display, line, **values))
            return True
        typed = typed_form(item, href)
        if typed is not None:
            self.report_typed(item, code, values, *typed)
            return True
        return False

    def report_typed(self, item: Item, code: str, values: dict[str, object], line: int,
                     what: str, written: str) -> None:
        """A link the writer typed in a Pelican form that the output no longer shows."""
        if what in UNKNOWN_FORMS:
            self.findings.append(fd.make("link-unknown-form", item.display, line,
                                         target=written, forms=KNOWN_FORMS))
        else:
            self.findings.append(fd.make(code, item.display, line, **{**values,
                                                                      "target": written}))

    # --- ids and orphans ---------------------------------------------------------------

    def check_duplicate_id(self, page: Page, item: Item | None, value: str) -> None:
        if item is not None:
            line = locate(item, [f'id="{value}"', f"id='{value}'"])
            if line is None:
                line = heading_anchors(item).get(value)
            if line is not None:
                self.findings.append(fd.make("duplicate-id", item.display, line, value=value,
                                             page=_page_url(page.rel)))
                return
        key = ("duplicate-id", value)
        entry = self.unmapped.get(key)
        if entry is None:
            entry = self.unmapped[key] = Unmapped(
                "duplicate-id", value, [f'id="{value}"', f"id='{value}'"], {"value": value})
        entry.pages.append(page.rel)

    def check_orphans(self) -> None:
        for rel, page in self.pages.items():
            if page.feed or rel in self.inbound or _never_linked(rel) \
                    or rel in self.old_addresses:
                continue
            if rel in self.sitemap.unpublished:
                continue  # a hidden page is meant to be reached only by its address
            item = self.sitemap.page_items.get(rel)
            if item is not None and item.rel in self.mismatched:
                continue  # the links go to its address: reported once, as a mismatch
            file = self.sitemap.display(rel, self.output_display)
            self.findings.append(fd.make("orphan-page", file, None))

    def content_targets(self) -> set[str]:
        """The output files that content links reach, judged at their sources."""
        handled = {target for pairs in self.handled.values() for target, _ in pairs}
        return handled | self.reported | self.at_source

    def flush_unmapped(self) -> None:
        from_content = self.content_targets()
        for entry in self.unmapped.values():
            if entry.code in LINK_CODES and entry.targets and entry.targets <= from_content:
                continue  # a source's link that a hub page repeats: reported at the source
            pages = sorted(set(entry.pages))
            where = self.templates.find(entry.needles)
            file, line = where if where else (
                self.sitemap.display(pages[0], self.output_display), None)
            values = dict(entry.values)
            if entry.code in LINK_CODES:
                suggestion = str(values.get("suggestion", "")).replace("../", "")
                self.findings.append(fd.make("link-template", file, line, target=entry.key,
                                             count=len(pages), suggestion=suggestion))
            elif entry.code == "duplicate-id":
                shown = _page_url(pages[0])
                if len(pages) > 1:
                    shown += f" et {len(pages) - 1} autre(s)"
                self.findings.append(fd.make("duplicate-id", file, line, value=entry.key,
                                             page=shown))
            else:
                self.findings.append(fd.make(entry.code, file, line, **values))


def short_form(corpus: Corpus, href: str) -> str | None:
    """The short link (`{service}slug#anchor`) a bare relative link meant: its last part
    is the slug of a published item."""
    if SCHEME_RE.match(href) or href.startswith(("/", "#", "{")):
        return None
    path, _, anchor = href.partition("#")
    slug = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html").removesuffix(".md")
    for ctype in CONTENT_TYPES:
        target = corpus.get(ctype.id, slug)
        if ctype.link_prefix and target is not None and not is_unpublished(target):
            return f"{{{ctype.link_prefix}}}{slug}" + (f"#{anchor}" if anchor else "")
    return None


def typed_form(item: Item, href: str) -> tuple[int, str, str] | None:
    """(line, form, as written) of a `{author}x`, `{category}x` or `{tag}x` link of the
    source that Pelican turned into `href` (the last part of its path is the value)."""
    path = href.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    last = unquote(path.rsplit("/", 1)[-1]).removesuffix(".html")
    if not last:
        return None
    for number, text in body_lines(item):
        for match in PELICAN_FORM_RE.finditer(text):
            value = match.group("value")
            if value and (value == last or slugify(value) == last):
                return number, match.group("what"), match.group(0)
    return None


def unbuilt_pages(site: Site, sitemap: SiteMap) -> dict[str, Item]:
    """Output file → item, for the published items whose page the build did not write,
    or whose address (what the lists and cards link to) has no page."""
    missing: dict[str, Item] = {}
    for rel, item in sitemap.page_items.items():
        for wanted in dict.fromkeys((rel, save_as(url_of(item).lstrip("/")))):
            if wanted not in site.files:
                missing.setdefault(wanted, item)
    return missing


def old_address_pages(corpus: Corpus) -> set[str]:
    """Output files of the redirect pages at old addresses (source/oldaddresses.py)."""
    return {save_as(url) for url in corpus.old_addresses.redirects}


def _scheduled(item: Item, today: dt.date) -> bool:
    """Dated after today: the build holds it back for its day (schedule.hold_future)."""
    date = item.values.get("date")
    if not isinstance(date, dt.date):
        return False
    day = date.date() if isinstance(date, dt.datetime) else date
    return day > today


def _page_url(rel: str) -> str:
    return "/" + rel.removesuffix("index.html")


def _never_linked(rel: str) -> bool:
    """Pages that are entry points, not linked to: the home page, error pages."""
    name = rel.rsplit("/", 1)[-1]
    holder = holder_of(rel)
    return (rel == HOME.save_as() or name.startswith("404.") or rel.startswith("404/")
            or (holder is not None and holder.unlinked))


