"""Checks of the Markdown bodies: links in every form, images, code that could run, jargon.

The header, value and reference checks are those of `corpus.scan()` (shared with the
build); this module adds what only reading the body can tell, at the line it is on.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from pelican.utils import slugify

from hub import findings as fd
from hub.checks import mapping
from hub.checks.mapping import SiteMap, body_lines, heading_anchors
from hub.images.decode import ImageProblem
from hub.images.uses import image_fix
from hub.model import EDITION, TERM, TYPES_BY_LINK
from hub.paths import (
    PATH_FORMS,
    SCHEME_RE,
    SCHEMELESS_URL_RE,
    is_svg,
    site_url,
    static_path,
)
from hub.site.glossary import published_terms, vet_corpus
from hub.source import mailaddress
from hub.source.corpus import Corpus, Item, unreadable_slug
from hub.source.metadata import is_url
from hub.source.sanitize import check_item, markdown_renderer
from hub.suggest import did_you_mean, nearest, ranked, write_instead

INLINE_LINK_RE = re.compile(
    r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+(?: +[^()\s>\"']+)*)>?")
REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
AUTOLINK_RE = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>", re.IGNORECASE)
TAG_RE = re.compile(r"<([a-zA-Z][\w-]*)(\s[^>]*)?>")
ATTR_RE = re.compile(r"\b(href|src)\s*=\s*([\"'])(.*?)\2", re.IGNORECASE)
PELICAN_LINK_RE = re.compile(r"^\{(?P<what>\w+)\}(?P<rest>.*)$")
NOT_TEXT_RE = re.compile(r"\]\([^)]*\)|<[^>]+>|\{\w+\}\S*|\b[a-z]+://\S+", re.IGNORECASE)
KNOWN_SCHEMES = ("http", "https", "mailto", "tel", "ftp", "sftp", "ssh", "news", "sip", "callto")


@dataclass(frozen=True)
class ExternalUse:
    """A link to another site and where a source wrote it."""

    url: str
    file: str
    line: int | None


@dataclass
class SourceReport:
    findings: list[fd.Finding] = field(default_factory=list)
    external: list[ExternalUse] = field(default_factory=list)
    # per item: (output file, fragment) of the internal links checked here already
    handled: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # output files already reported missing at their source (pages showing them skip them)
    reported: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    image: bool
    column: int | None = None  # 1-based, where the target starts


def links_of(item: Item) -> Iterator[Link]:
    """Every link target the body writes: Markdown, reference definitions, raw HTML."""
    for number, line in body_lines(item):
        if "](" in line:
            for match in INLINE_LINK_RE.finditer(line):
                yield Link(match.group(2), number, match.group(1) == "!", match.start(2) + 1)
                start = match.start() + len(match.group(1)) + 1
                text = match.group(0)[len(match.group(1)) + 1:match.group(0).rindex("](")]
                for inner in INLINE_LINK_RE.finditer(text):  # a linked image: [![…](…)](…)
                    yield Link(inner.group(2), number, inner.group(1) == "!",
                               start + inner.start(2) + 1)
        if "]:" in line:
            definition = REF_DEF_RE.match(line)
            if definition:
                yield Link(definition.group(1), number, False, definition.start(1) + 1)
        if "<" in line:
            for match in AUTOLINK_RE.finditer(line):
                yield Link(match.group(1), number, False, match.start(1) + 1)
            for tag in TAG_RE.finditer(line):
                for attr in ATTR_RE.finditer(tag.group(2) or ""):
                    yield Link(attr.group(3), number, tag.group(1).lower() == "img",
                               tag.start(2) + attr.start(3) + 1)


class SourceChecker:
    """Body-level checks of every readable item of a corpus."""

    def __init__(self, corpus: Corpus, site: SiteMap, settings: dict[str, Any]) -> None:
        self.corpus = corpus
        self.site = site
        self.settings = {**settings, "PATH": str(corpus.root)}
        self.report = SourceReport()
        self.images: dict[str, tuple[ImageProblem | None, tuple[ImageProblem, ...]]] = {}
        self.render: Callable[[str], str] = markdown_renderer(settings)
        self._known_images: list[str] | None = None
        self.anchors: dict[str, dict[str, int]] = {}
        self.avoided, self.prefer = self._avoided_terms()
        # The letter embeds images of the site only (HUB_LETTER_EMBED_IMAGES): its address.
        hub = corpus.settings
        self.letter_site = (site_url(settings, hub.HUB_FEED_SITEURL)
                            if hub.HUB_LETTER_EMBED_IMAGES else "")

    # --- driver -----------------------------------------------------------------

    def run(self) -> SourceReport:
        for item in self.corpus.items:
            if not item.readable:
                continue
            self.report.handled[item.rel] = set()
            self.check_header(item)
            for link in links_of(item):
                self.check_link(item, link)
            for number, line in body_lines(item):
                self.check_jargon(item, number, line)
            # the build's own detection, at the same lines (`sanitize`)
            self.report.findings += check_item(item, self.corpus.root, self.render)
        return self.report

    def add(self, code: str, item: Item, line: int | None, **values: object) -> None:
        self.report.findings.append(fd.make(code, item.display, line, **values))

    def add_link(self, code: str, item: Item, link: Link, **values: object) -> None:
        """A finding on a link, at its line and the column where its target starts."""
        finding = fd.make(code, item.display, link.line, **values)
        self.report.findings.append(fd.at_column(finding, link.column) if link.column
                                    else finding)

    # --- header values the build does not look at -------------------------------

    def check_header(self, item: Item) -> None:
        image = item.values.get("image")
        if image:
            self.check_image(item, item.line_of("image"), str(image), str(image))
        for name in ("title", "summary"):
            entry = item.source.first(name)
            if entry is not None:
                self.check_jargon(item, entry.line, entry.value)

    # --- jargon --------------------------------------------------------------------

    def _avoided_terms(self) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str]]]:
        prefer: dict[str, tuple[str, str]] = {}  # lowercase form → (term file, prefer)
        # only the names the glossary marks: not « le », nor a form two terms share
        usable, _ = vet_corpus(self.corpus)
        for term in published_terms(self.corpus):
            if term.values.get("avoid") is not True:
                continue
            for form in usable.get(term.rel, ()):
                if form:
                    prefer[form.lower()] = (term.rel, str(term.values.get("prefer", "")))
        if not prefer:
            return None, prefer
        alternatives = "|".join(re.escape(f) for f in sorted(prefer, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)
        return pattern, prefer

    def check_jargon(self, item: Item, line: int, text: str) -> None:
        # The glossary is where jargon is explained: its files may name it.
        if self.avoided is None or item.ctype is TERM:
            return
        plain = NOT_TEXT_RE.sub(" ", text)
        seen: set[str] = set()
        for match in self.avoided.finditer(plain):
            word = match.group(1)
            term_rel, prefer = self.prefer[word.lower()]
            if word.lower() in seen or term_rel == item.rel:
                continue
            seen.add(word.lower())
            self.add("avoided-term", item, line, value=word, prefer=prefer)

    # --- links -----------------------------------------------------------------------

    def check_link(self, item: Item, link: Link) -> None:
        target = link.target.strip()
        pelican = PELICAN_LINK_RE.match(target)
        if pelican:
            what, rest = pelican.group("what"), pelican.group("rest")
            if what in TYPES_BY_LINK:
                self.check_short(item, link, what, rest)
            elif what in PATH_FORMS:
                self.check_pelican(item, link, what, rest)
            return
        scheme = SCHEME_RE.match(target)
        if scheme:
            self.check_scheme(item, link, scheme.group(1).lower(), target)
        elif SCHEMELESS_URL_RE.match(target):
            self.add_link("malformed-url", item, link, value=target)
        elif target.startswith("//"):
            self.check_scheme(item, link, "https", "https:" + target)

    def check_scheme(self, item: Item, link: Link, scheme: str, target: str) -> None:
        if scheme in ("javascript", "data", "vbscript"):
            return  # `sanitize.check_item` reports it, as the build does
        if scheme == "mailto":
            problem = mailaddress.mailto_problem(target)
            if problem is not None:
                code = "malformed-mailto" if problem.code == "invalid-email" else problem.code
                self.add_link(code, item, link, **{**problem.values, "value": target})
        elif scheme in ("http", "https"):
            if not is_url(target):
                self.add_link("malformed-url", item, link, value=target)
                return
            self.report.external.append(ExternalUse(target, item.display, link.line))
            if link.image and self.left_out_of_letter(item, target):
                self.add("letter-image-elsewhere", item, link.line, value=target)
        elif scheme not in KNOWN_SCHEMES:
            self.add_link("malformed-url", item, link, value=target)

    def left_out_of_letter(self, item: Item, url: str) -> bool:
        """An image of an edition at another address than the site's, when the letter
        embeds images: it becomes a link in the letter (`feeds.email`), never fetched."""
        return (item.ctype is EDITION and bool(self.letter_site)
                and not url.startswith(self.letter_site + "/"))

    def check_short(self, item: Item, link: Link, what: str, rest: str) -> None:
        slug, _, anchor = rest.partition("#")
        written = f"{{{what}}}{slug}"
        ctype = TYPES_BY_LINK[what]
        target = self.corpus.get(ctype.id, slug) or self.corpus.renamed.get((ctype.id, slug))
        if target is None and unreadable_slug(self.corpus, ctype.id, slug):
            return  # the target's file cannot be read: reported there, once
        if target is None:
            self.add_link("link-broken", item, link, target=written,
                          suggestion=self.slug_fix(ctype.id, what, slug))
            return
        self.check_item_target(item, link, target, written, anchor)

    def slug_fix(self, type_id: str, what: str, written: str) -> str:
        """The short link to write: the item whose title was written in place of its slug,
        else the slugs near what was written."""
        published = {s: t for s, t in self.corpus.by_slug.get(type_id, {}).items()
                     if not t.is_draft}
        for slug, target in published.items():
            title = str(target.values.get("title") or "")
            if title and slugify(title) == slugify(written):
                return write_instead(f"{{{what}}}{slug}")
        return did_you_mean([f"{{{what}}}{s}" for s in nearest(written, published)])

    def check_item_target(self, item: Item, link: Link, target: Item, written: str,
                          anchor: str) -> None:
        out = mapping.save_as_of(target)
        self.report.handled[item.rel].add((out, anchor))
        if mapping.is_unpublished(target) and _unplaceable(target):
            return  # not built because of its own error, reported there once
        if mapping.is_unpublished(target):
            self.add_link("link-draft", item, link, target=written)
            return
        if anchor:
            anchors = self.anchors_of(target)
            if anchor not in anchors:
                self.add_link("link-anchor", item, link, anchor=anchor, target=written,
                              suggestion=did_you_mean([f"#{a}" for a in ranked(anchor,
                                                                               anchors)]))

    def anchors_of(self, item: Item) -> dict[str, int]:
        if item.rel not in self.anchors:
            self.anchors[item.rel] = heading_anchors(item)
        return self.anchors[item.rel]

    def check_pelican(self, item: Item, link: Link, what: str, rest: str) -> None:
        path, _, anchor = rest.partition("#")
        path = unquote(path.split("?", 1)[0])
        written = f"{{{what}}}{rest.partition('#')[0]}"
        base = "" if path.startswith("/") else posixpath.dirname(item.rel)
        rel = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if rel.startswith("../") or rel == "..":
            self.add("path-outside", item, link.line, value=written)
            return
        if what == "filename":
            target = self.corpus.item_at(rel) or self.corpus.renamed_at(rel)
            if target is not None and target.readable:
                self.check_item_target(item, link, target, written, anchor)
                return
        self.report.handled[item.rel].add((rel, anchor))
        if self.corpus.walk.refusal_of(rel) is not None:
            self.report.reported.add(rel)  # reported once, on the refused path itself
            return
        if self.corpus.walk.admitted(rel):
            if link.image:
                self.check_image(item, link.line, rel, written)
            return
        if link.image:
            self.check_image(item, link.line, rel, written)
            return
        self.report_missing_file(item, link.line, rel, written, what)

    def report_missing_file(self, item: Item, line: int, rel: str, written: str,
                            what: str) -> None:
        self.report.reported.add(rel)
        prefix = "/" if written.startswith(f"{{{what}}}/") else ""
        actual = self.corpus.walk.actual_case(rel)
        if actual is not None:
            self.add("link-case", item, line, target=written,
                     actual=f"{{{what}}}{prefix}{actual}")
            return
        folder = rel.split("/", 1)[0]
        if what == "filename":
            pool = [i.rel for i in self.corpus.items if i.rel.startswith(folder + "/")]
        else:
            pool = self.corpus.walk.under(folder)
        near = [f"{{{what}}}/{p}" for p in nearest(rel, pool)]
        self.add("link-broken", item, line, target=written, suggestion=did_you_mean(near))

    # --- images ----------------------------------------------------------------------

    def check_image(self, item: Item, line: int | None, path: str, written: str) -> None:
        rel = posixpath.normpath(static_path(path))
        if rel.startswith(".."):
            self.add("path-outside", item, line, value=written)
            return
        if is_svg(rel) and not written.startswith("{"):
            return  # an SVG in the Image key: one header finding, as the build has it
        self.report.handled[item.rel].add((rel, ""))
        if self.corpus.walk.refusal_of(rel) is not None:
            self.report.reported.add(rel)  # reported once, on the refused path itself
            return
        if not self.corpus.walk.admitted(rel):
            self.report.reported.add(rel)
            if written.startswith("{"):  # a body image: named and suggested as the build does
                self.add("image-missing", item, line, value=rel,
                         suggestion=image_fix(rel, self.known_images()))
                return
            self.add("image-missing", item, line, value=written,
                     suggestion=image_fix(rel, self.known_images()))
            return
        if is_svg(rel):
            return  # in a body: published as it is once cleaned (statics)
        problem, notes = self.decode(rel)
        shown = rel if written.startswith("{") else written  # as the build names it
        if problem is not None:
            self.add(problem.code, item, line, value=shown, detail=problem.detail,
                     limit=_pixel_limit(self.max_pixels))
        for note in notes:
            self.add(note.code, item, line, value=shown, detail=note.detail)

    @property
    def max_pixels(self) -> int:
        return int(self.corpus.settings.HUB_IMAGE_MAX_PIXELS)

    def known_images(self) -> list[str]:
        if self._known_images is None:
            from hub.images.uses import existing_images

            self._known_images = sorted(existing_images(self.corpus))
        return self._known_images

    def decode(self, rel: str) -> tuple[ImageProblem | None, tuple[ImageProblem, ...]]:
        """The build's verdict on an image: its image code, its settings, its cache (after
        a build nothing is decoded again)."""
        if rel not in self.images:
            from hub.images.build import processor_for  # imports Pelican: only when needed
            from hub.images.uses import all_uses

            # every image the pages use, at once, as the build does (2 threads, one cache)
            wanted = {u.rel for u in all_uses(self.corpus) if u.rel and not is_svg(u.rel)}
            wanted |= {rel}
            walked = self.corpus.walk
            wanted = {w for w in wanted if w not in self.images and walked.admitted(w)}
            sets = processor_for(self.settings, self.corpus.root).run(wanted)
            for name in wanted | {rel}:
                image = sets.get(name)
                self.images[name] = (image.problem, image.notes) if image else (None, ())
        return self.images[rel]


def _unplaceable(item: Item) -> bool:
    """Not a draft nor hidden, but left out of the site by an error of its own."""
    return item.status not in ("draft", "hidden") and any(
        f.severity is fd.Severity.ERROR for f in item.parsed.findings)


def _pixel_limit(max_pixels: int) -> str:
    from hub.images.build import pixel_limit

    return pixel_limit(max_pixels)


def check_sources(corpus: Corpus, site: SiteMap,
                  settings: dict[str, Any] | None = None) -> SourceReport:
    """Body-level findings of every source, the external links, the links checked.
    `settings` are Pelican's (Markdown and image settings, as the build reads them)."""
    return SourceChecker(corpus, site, settings or {}).run()
