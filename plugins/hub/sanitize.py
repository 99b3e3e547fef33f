"""Safe HTML: content can show text, links and images, never run code in a reader's browser.

Every rendered body, summary and text value of a page goes through `clean()` before
Pelican resolves its links (`content_object_init`): `<script>`, `<iframe>`, `<object>`,
`<embed>`, `<style>` and their kin are removed, `on…=` handlers dropped, `javascript:`
and `data:` URLs taken out, and `{static}` / `{filename}` / `{attach}` paths that climb
out of the content folder cut (Pelican would otherwise copy a file from outside it).
The checker rejects the same things at their source line (`findings_for`), so this is a
second line of defence: what reaches the output is safe even if a check was skipped.
"""

from __future__ import annotations

import functools
import html as html_lib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree
from lxml import html as lxml_html

from . import findings as fd
from .model import Kind

UNSAFE_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style",
    "base", "link", "meta", "noscript", "template", "portal",
})
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "background", "cite", "poster", "data",
    "codebase", "longdesc", "usemap", "dynsrc", "lowsrc", "ping", "xlink:href", "manifest",
})
LIST_URL_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
ALWAYS_UNSAFE_ATTRIBUTES = frozenset({"srcdoc"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
PATH_PLACEHOLDERS = ("static", "filename", "attach")

SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
PLACEHOLDER_RE = re.compile(r"^[{|](?P<what>[a-z]+)[}|](?P<path>.*)$", re.DOTALL)
STRIPPED_FROM_URLS = dict.fromkeys(range(0x21), None)  # browsers ignore controls and spaces
STYLE_RISK_RE = re.compile(r"(?i)expression\s*\(|url\s*\(|javascript:|@import")
_PARSER = lxml_html.HTMLParser(huge_tree=True, remove_comments=False)
TEXT_KINDS = (Kind.TEXT, Kind.SUMMARY, Kind.URL_OR_TEXT, Kind.CONTACT, Kind.URL)


@dataclass(frozen=True)
class Unsafe:
    """One thing in a piece of HTML that could run code, or a path out of the content."""

    kind: str  # "element", "attribute", "url" or "path"
    name: str  # tag or attribute name
    value: str = ""  # the URL or path, for "url" and "path"

    @property
    def detail(self) -> str:
        """French words for the finding message."""
        if self.kind == "element":
            return f"une balise <{self.name}>"
        if self.kind == "attribute":
            return f"un attribut « {self.name} »"
        scheme = (_scheme(self.value) or "").lower()
        return f"une adresse « {scheme}: » dans « {self.name} »"

    @property
    def needle(self) -> str:
        """Text to look for in the Markdown source to find the line."""
        if self.kind == "element":
            return f"<{self.name}"
        if self.kind == "attribute":
            return self.name
        return self.value[:40]


@dataclass(frozen=True)
class Place:
    """Where a piece of HTML comes from, to judge relative `{static}` paths."""

    root: Path  # the content folder
    rel_dir: str  # folder of the source, relative to `root` ("" at the top)


# --- finding and removing --------------------------------------------------------------


def find_unsafe(html: str, place: Place | None = None) -> list[Unsafe]:
    """Everything in `html` that could run code (and paths out of the content)."""
    root = _parse(html)
    if root is None:
        return []
    return _walk(root, place, fix=False)


def clean(html: str, place: Place | None = None) -> tuple[str, list[Unsafe]]:
    """`html` without anything that could run code; unchanged when nothing is unsafe."""
    if not html or not _may_be_unsafe(html):
        return html, []
    cleaned, found = _clean_cached(html, place)
    return cleaned, list(found)


@functools.lru_cache(maxsize=16384)  # the preview server cleans unchanged bodies again
def _clean_cached(html: str, place: Place | None) -> tuple[str, tuple[Unsafe, ...]]:
    cleaned, found = _clean(html, place)
    return cleaned, tuple(found)


def _clean(html: str, place: Place | None) -> tuple[str, list[Unsafe]]:
    root = _parse(html)
    if root is None:
        return html, []
    found = _walk(root, place, fix=True)
    if not found:
        return html, []
    return _serialise(root), found


def _may_be_unsafe(html: str) -> bool:
    return "<" in html or "&" in html or ":" in html


def _parse(html: str) -> Any:
    if not html or not html.strip():
        return None
    try:
        return lxml_html.fragment_fromstring(html, create_parent="div", parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _serialise(root: Any) -> str:
    parts = [_escape_text(root.text or "")]
    parts += [lxml_html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _walk(root: Any, place: Place | None, fix: bool) -> list[Unsafe]:
    found: list[Unsafe] = []
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        tag = element.tag.lower()
        if tag in UNSAFE_ELEMENTS:
            found.append(Unsafe("element", tag))
            doomed.append(element)
            continue
        for name in list(element.attrib):
            problem = _attribute_problem(name.lower(), element.attrib[name], place)
            if problem is not None:
                found.append(problem)
                if fix:
                    del element.attrib[name]
    if fix:
        for element in doomed:
            if element.getparent() is not None:
                element.drop_tree()
    return found


def _attribute_problem(name: str, value: str, place: Place | None) -> Unsafe | None:
    if name.startswith("on") or name in ALWAYS_UNSAFE_ATTRIBUTES:
        return Unsafe("attribute", name)
    if name == "style" and STYLE_RISK_RE.search(value):
        return Unsafe("attribute", name)
    if name in URL_ATTRIBUTES:
        urls = [value]
    elif name in LIST_URL_ATTRIBUTES:
        urls = [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    else:
        return None
    for url in urls:
        if not is_safe_url(url):
            return Unsafe("url", name, url)
        if place is not None and leaves_content(url, place):
            return Unsafe("path", name, url)
    return None


def _scheme(url: str) -> str | None:
    match = SCHEME_RE.match(url.translate(STRIPPED_FROM_URLS))
    return match.group(1) if match else None


def is_safe_url(url: str) -> bool:
    """A relative URL, a fragment or one of the web, e-mail and telephone schemes."""
    scheme = _scheme(url)
    return scheme is None or scheme.lower() in SAFE_SCHEMES


# --- paths out of the content folder -------------------------------------------------------


def leaves_content(url: str, place: Place) -> bool:
    """True when a `{static}`/`{filename}`/`{attach}` URL names a file outside the content."""
    match = PLACEHOLDER_RE.match(url.strip())
    if not match or match.group("what") not in PATH_PLACEHOLDERS:
        return False
    path = unquote(re.split(r"[?#]", match.group("path"), maxsplit=1)[0])
    return path_outside(path, place)


def path_outside(path: str, place: Place) -> bool:
    """True when `path` (from the source's folder, or the content root if it starts with /)
    is not inside the content folder, following `..` and symbolic links."""
    if "\x00" in path:
        return True
    rel = path.lstrip("/") if path.startswith("/") else posixpath.join(place.rel_dir, path)
    normal = posixpath.normpath(rel) if rel else "."
    if normal == ".." or normal.startswith("../") or posixpath.isabs(normal):
        return True
    return not _inside(place.root, normal)


@functools.lru_cache(maxsize=65536)
def _inside(root: Path, normal: str) -> bool:
    """True when `root/normal`, symbolic links followed, stays inside `root` (cached:
    bodies link to the same few targets again and again)."""
    resolved_root = root.resolve()
    try:
        (resolved_root / normal).resolve().relative_to(resolved_root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


# --- findings at the source line (for the checker and the publish gate) ---------------------


def findings_for(item: Any, unsafe: list[Unsafe], key: str | None = None) -> list[fd.Finding]:
    """One French finding per unsafe thing of a corpus item, at the line that shows it:
    the header line of `key` when the value came from the header, else the body line."""
    out: list[fd.Finding] = []
    seen: set[tuple[str, int | None, str]] = set()
    body = item.source.body.lower() if item.readable else ""
    for thing in unsafe:
        if key is not None:
            line = item.line_of(key)
        else:
            line = _line_of(body, thing.needle.lower(), item.source.body_line)
        if thing.kind == "path":
            finding = fd.make("path-outside", item.display, line, value=_path_of(thing.value))
        else:
            finding = fd.make("unsafe-html", item.display, line, detail=thing.detail)
        if (finding.code, finding.line, finding.message) not in seen:
            seen.add((finding.code, finding.line, finding.message))
            out.append(finding)
    return out


def check_item(item: Any, root: Path, render: Any) -> list[fd.Finding]:
    """Every unsafe thing of one source: body (rendered by `render`), header values, image."""
    if not item.readable:
        return []
    place = Place(root, posixpath.dirname(item.rel))
    out = findings_for(item, find_unsafe(render(item.source.body), place))
    for key, value in _header_texts(item):
        out += findings_for(item, find_unsafe(value), key)
    image = item.values.get("image")
    if isinstance(image, str) and path_outside(image, Place(root, "")):
        out += findings_for(item, [Unsafe("path", "Image", image)], "image")
    return out


def _header_texts(item: Any) -> list[tuple[str, str]]:
    names = {spec.name for spec in item.ctype.fields if spec.kind in TEXT_KINDS}
    return [(n, v) for n, v in item.values.items() if n in names and isinstance(v, str)]


def _line_of(lowered_body: str, needle: str, body_line: int) -> int | None:
    position = lowered_body.find(needle) if needle else -1
    if position < 0:
        return None
    return body_line + lowered_body.count("\n", 0, position)


def _path_of(url: str) -> str:
    match = PLACEHOLDER_RE.match(url.strip())
    return match.group("path") if match else url


# --- in the build --------------------------------------------------------------------------


def neutralise(content: Any) -> None:
    """`content_object_init`: make a page's body, summary and text values safe to show."""
    settings = getattr(content, "settings", None) or {}
    source = getattr(content, "source_path", None)
    if getattr(content, "_content", None) is None or not settings.get("PATH") or not source:
        return
    place = Place(Path(settings["PATH"]), _rel_dir(content))
    in_body: list[Unsafe] = []
    in_header: list[tuple[str, Unsafe]] = []
    content._content, unsafe = clean(content._content, place)
    in_body += unsafe
    if isinstance(content.metadata.get("summary"), str):
        summary, unsafe = clean(content.metadata["summary"], place)
        content.metadata["summary"] = summary
        content._summary = summary
        in_header += [("summary", u) for u in unsafe]
    for attr, key in _text_attributes(content):
        value = getattr(content, attr, None)
        if isinstance(value, str):
            unsafe = find_unsafe(value) if _may_be_unsafe(value) else []
            if unsafe:  # shown as the text the writer typed, never as markup
                setattr(content, attr, html_lib.escape(value))
                in_header += [(key, u) for u in unsafe]
    image = getattr(content, "image", None)
    if isinstance(image, str) and path_outside(image, Place(place.root, "")):
        content.image = None  # never read nor copy a file from outside the content
        in_header.append(("image", Unsafe("path", "Image", image)))
    if in_body or in_header:
        _report(content, in_body, in_header)


def _rel_dir(content: Any) -> str:
    try:
        return str(content.relative_dir)
    except (AttributeError, ValueError, TypeError):
        return ""


def _text_attributes(content: Any) -> list[tuple[str, str]]:
    """(attribute, header key) of the text values of a page."""
    from .model import TYPES_BY_ID

    pairs = [("title", "title"), ("summary_text", "summary")]
    ctype = TYPES_BY_ID.get(getattr(content, "hub_type", "") or "")
    if ctype is not None:
        pairs += [(s.attr, s.name) for s in ctype.fields if s.kind in TEXT_KINDS]
    return pairs


def _report(content: Any, in_body: list[Unsafe], in_header: list[tuple[str, Unsafe]]) -> None:
    """Add the build's findings for this file to the run's report (once per finding)."""
    from .state import corpus_for

    corpus = corpus_for(content.settings)
    item = corpus.item_at(str(content.relative_source_path or ""))
    if item is None:
        return
    new = findings_for(item, in_body)
    for key, thing in in_header:
        new += findings_for(item, [thing], key)
    known = {(f.code, f.file, f.line, f.message) for f in corpus.all_findings()}
    corpus.findings.extend(f for f in new if (f.code, f.file, f.line, f.message) not in known)
