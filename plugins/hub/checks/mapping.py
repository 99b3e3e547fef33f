"""From the built site back to the sources: which Markdown file wrote a page, on which line.

A writer never sees `output/`; every finding about a page is reported at the file and
line they typed, with "Vouliez-vous dire …?" (`hub.suggest`) built from what really exists.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique

from hub.paths import url_of_file
from hub.source.collisions import targets
from hub.source.corpus import Corpus, Item

FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
ATX_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
INLINE_MARKUP_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`]")
DRAFT_PATTERNS = ("drafts/{slug}.html", "drafts/pages/{slug}.html")


def body_lines(item: Item) -> Iterable[tuple[int, str]]:
    """(line number, text) of the body outside fenced code, inline code blanked out."""
    fence: str | None = None
    for offset, line in enumerate(item.source.body.split("\n")):
        match = FENCE_RE.match(line)
        if match:
            marker = match.group(1)[0]
            if fence is None:
                fence = marker
                continue
            if fence == marker:
                fence = None
                continue
        if fence is not None:
            continue
        if "`" in line:
            line = CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)
        yield item.source.body_line + offset, line


def heading_anchors(item: Item) -> dict[str, int]:
    """The ids Python-Markdown's `toc` gives the body's headings, in order, with their line."""
    anchors: dict[str, int] = {}
    seen: set[str] = set()
    previous = ""
    for number, line in body_lines(item):
        match = ATX_RE.match(line)
        text = match.group(1) if match else None
        where = number
        if text is None and previous.strip() and SETEXT_RE.match(line):
            text, where = previous.strip(), number - 1
        previous = "" if text else line
        if text is None:
            continue
        plain = INLINE_MARKUP_RE.sub(lambda m: m.group(1) or "", text)
        anchors[unique(toc_slugify(plain, "-"), seen)] = where
    return anchors


@dataclass
class SiteMap:
    """Where each source item lands in the output, and which URLs must not be linked."""

    corpus: Corpus
    page_items: dict[str, Item] = field(default_factory=dict)  # output file → item
    unpublished: dict[str, Item] = field(default_factory=dict)  # output file → draft/hidden

    def display(self, rel: str, output_display: str) -> str:
        """How findings name an output file: its item, its static source, else itself."""
        item = self.page_items.get(rel)
        if item is not None:
            return item.display
        if self.corpus.walk.admitted(rel):  # a static file copied as is
            return f"{self.corpus.label}/{rel}" if self.corpus.label else rel
        return f"{output_display}/{rel}"


def url_of(item: Item) -> str:
    """The address the site links the item by (its `Url:`, else where it is written)."""
    return str(item.values.get("url") or url_of_file(targets(item)[0].file))


def save_as_of(item: Item) -> str:
    return targets(item)[0].file  # where the build writes it (collisions.targets)


def site_map(corpus: Corpus) -> SiteMap:
    """Output file of every published item; drafts and hidden pages by their would-be URL."""
    site = SiteMap(corpus)
    hidden = []
    for item in corpus.items:
        if not item.readable or item.rel in corpus.unbuilt:
            continue  # not built: its would-be address is another page's
        if is_unpublished(item):
            hidden.append(item)
        else:
            site.page_items.setdefault(save_as_of(item), item)
    for item in hidden:  # a draft never hides the published page at the same address
        for target in (save_as_of(item), *(p.format(slug=item.slug) for p in DRAFT_PATTERNS)):
            if target not in site.page_items:
                site.unpublished.setdefault(target, item)
    return site


def is_unpublished(item: Item) -> bool:
    """Drafts, hidden pages and items the reader cannot place (a dated type without a
    valid date). An item without a title is built under its slug (reader)."""
    if item.status in ("draft", "hidden") or not item.readable:
        return True
    return item.ctype.dated and "date" not in item.values


def locate(item: Item, needles: Iterable[str]) -> int | None:
    """Line of the item's source (header or body) that contains one of `needles`."""
    wanted = [n for n in dict.fromkeys(needles) if n]
    for entry in item.source.entries:
        if any(n in entry.value for n in wanted):
            return entry.line
    for number, line in enumerate(item.source.body.split("\n")):
        if any(n in line for n in wanted):
            return item.source.body_line + number
    return None


LINK_WRAPPERS = (("](", ""), ("](<", ""), ('="', '"'), ("='", "'"), ("=", " "), ("=", ">"),
                 ("<", ">"))


def place_link(item: Item, href: str) -> tuple[int, int] | None:
    """(line, column of the target) where the body writes `href` as a link (`](href`,
    `="href"`, `=href`, `<href>`), never a word of the header that merely contains it."""
    forms = [f for f in dict.fromkeys(href_forms(href)) if f]
    for number, line in body_lines(item):
        for form in forms:
            if form not in line:
                continue
            for before, after in LINK_WRAPPERS:
                at = line.find(before + form + after)
                if at >= 0:
                    return number, at + len(before) + 1
    return None


def href_forms(href: str) -> list[str]:
    """How a link of the output may have been typed in the source."""
    forms = [href, unquote(href), href.replace("&", "&amp;")]
    path = href.split("#", 1)[0]
    if path:
        forms.append(path)
    return forms


def relative_href(from_file: str, to_file: str) -> str:
    """The relative link a writer would type on page `from_file` to reach `to_file`."""
    start = posixpath.dirname(from_file) or "."
    target = to_file[: -len("index.html")] if to_file.endswith("index.html") else to_file
    rel = posixpath.relpath(target or ".", start)
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/"
    return "./" if rel == "./" else rel
