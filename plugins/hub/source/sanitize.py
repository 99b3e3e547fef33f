"""Safe HTML: content can show text, links and images, never run code in a reader's browser.

Every rendered body, summary and text value of a page goes through `clean()` before
Pelican resolves its links (`content_object_init`): `<script>`, `<iframe>`, `<object>`,
`<embed>`, `<style>` and their kin are removed, `on…=` handlers dropped, `javascript:`
and `data:` URLs taken out, and `{static}` / `{filename}` / `{attach}` paths that climb
out of the content folder cut (Pelican would otherwise copy a file from outside it).
The build (`neutralise`) and the checker (`check_item`) call the same detection and
report at the same line. Detection is lxml's (what and where, in the writer's words);
the output of every body is produced by nh3 with the allow list below, so safety does
not rest on the detection alone (Markdown's own output comes out byte for byte).
Header values are plain text: any tag in one is a finding at the key's line, and the
page shows the text without it.
"""

from __future__ import annotations

import functools
import html as html_lib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import nh3
from lxml import etree
from lxml import html as lxml_html

from hub import findings as fd
from hub.model import Kind
from hub.paths import PATH_FORMS, SCHEME_RE

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
# A header value that is such an address (not a title such as "JavaScript : les bases").
RISKY_VALUE_RE = re.compile(r"^\s*(javascript|vbscript|livescript|data):(?:(?<=a:)[\w.+-]+/|"
                            r"(?<!a:)\S)", re.IGNORECASE)
CONTROLS = dict.fromkeys(range(0x20), None)

PLACEHOLDER_RE = re.compile(r"^[{|](?P<what>[a-z]+)[}|](?P<path>.*)$", re.DOTALL)
STRIPPED_FROM_URLS = dict.fromkeys(range(0x21), None)  # browsers ignore controls and spaces
STYLE_RISK_RE = re.compile(r"(?i)expression\s*\(|url\s*\(|javascript:|@import")
_PARSER = lxml_html.HTMLParser(huge_tree=True, remove_comments=False)
TEXT_KINDS = (Kind.TEXT, Kind.SUMMARY, Kind.URL_OR_TEXT, Kind.CONTACT, Kind.URL)

# What Markdown (toc, tables, footnotes, fenced code), the glossary and the images step
# write, and what a writer may add by hand. Anything else is removed from the page.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "picture", "pre", "q", "s", "samp", "small", "source", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr",
})
COMMON_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "srcset",
                      "sizes"}),
    "source": frozenset({"srcset", "sizes", "type", "media", "width", "height"}),
    "th": frozenset({"style", "colspan", "rowspan", "align", "scope"}),
    "td": frozenset({"style", "colspan", "rowspan", "align"}),
    "col": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}
ALLOWED_STYLES = frozenset({"text-align"})
# Elements whose content is dropped with them (the rest keep their text when removed).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe",
                                  "object", "embed", "applet", "frameset", "title",
                                  "textarea", "select", "svg", "math"})
MARKUP_RE = re.compile(r"</?[a-zA-Z!?]")  # as browsers open a tag: no space after <
AUTOLINK_VALUE_RE = re.compile(r"<(?:[^<>\s@]+@[^<>\s]+|https?://[^<>\s]*)>", re.IGNORECASE)
ENTITY_RE = re.compile(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);?")


@dataclass(frozen=True)
class Unsafe:
    """One thing in a piece of HTML that could run code, or a path out of the content."""

    kind: str  # "element", "attribute", "url", "path", or "other" (harmless, not kept)
    name: str  # tag or attribute name
    value: str = ""  # the URL or path, for "url" and "path"

    @property
    def detail(self) -> str:
        """French words for the finding message."""
        if self.kind in ("element", "other") and not self.value:
            return f"une balise <{self.name}>"
        if self.kind == "other":
            return f"un attribut « {self.value} » de <{self.name}>"
        if self.kind == "attribute":
            return f"un attribut « {self.name} »"
        scheme = (_scheme(self.value) or "").lower()
        return f"une adresse « {scheme}: » dans « {self.name} »"

    @property
    def needle(self) -> str:
        """Text to look for in the Markdown source to find the line."""
        if self.kind == "element" or (self.kind == "other" and not self.value):
            return f"<{self.name}"
        if self.kind == "attribute":
            return self.name
        if self.kind == "other":
            return self.value
        return self.value[:40]

    @property
    def unsafe(self) -> bool:
        """True when it could run code or read outside the content (an error)."""
        return self.kind != "other"


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
    """`html` without anything that could run code, as nh3 writes it with the allow list."""
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
        return allowed_only(html), []
    return allowed_only(_serialise(root)), found


def allowed_only(html: str) -> str:
    """`html` cleaned by nh3 with the hub's allow list (what the output may hold)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT - ALLOWED_TAGS),
        attributes={"*": set(COMMON_ATTRIBUTES | {"role"}),
                    **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        generic_attribute_prefixes={"aria-", "data-"},
        filter_style_properties=set(ALLOWED_STYLES),
        strip_comments=False,
    )


def has_markup(value: str) -> bool:
    """True when a header value holds a tag (« Claire <claire@exemple.fr> » does not)."""
    return bool(MARKUP_RE.search(AUTOLINK_VALUE_RE.sub(" ", value)))


def plain_text(value: str) -> str:
    """A header value as the text it shows: tags removed, `<` never left as markup."""
    text = html_lib.unescape(nh3.clean(value, tags=set(),
                                       clean_content_tags=set(DROPPED_WITH_CONTENT)))
    if not text.strip():  # nothing but markup: show it as harmless text, never empty
        return value.replace("<", "‹").replace(">", "›")
    return html_lib.escape(text, quote=False) if MARKUP_RE.search(text) else text


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
    outside: set[Any] = set()  # elements under one that is not allowed (reported once)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        tag = element.tag.lower()
        parent = element.getparent()
        under = parent is not None and parent in outside
        if tag in UNSAFE_ELEMENTS:
            found.append(Unsafe("element", tag))
            doomed.append(element)
            continue
        risky = False
        for name in list(element.attrib):
            lowered = name.lower()
            problem = _attribute_problem(lowered, element.attrib[name], place)
            if problem is not None:
                risky = True
                found.append(problem)
                if fix:
                    del element.attrib[name]
            elif tag in ALLOWED_TAGS and not _attribute_allowed(tag, lowered,
                                                                 element.attrib[name]):
                found.append(Unsafe("other", tag, lowered))
        if element is not root and tag not in ALLOWED_TAGS:
            outside.add(element)
            if not risky and not under:
                found.append(Unsafe("other", tag))
        elif under:
            outside.add(element)
    if fix:
        for element in doomed:
            if element.getparent() is not None:
                element.drop_tree()
    return found


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    if name.startswith(("aria-", "data-")) or name in COMMON_ATTRIBUTES or name == "role":
        return True
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    if name == "style":
        properties = {p.split(":", 1)[0].strip().lower() for p in value.split(";") if p.strip()}
        return properties <= ALLOWED_STYLES
    return True


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
    if not match or match.group("what") not in PATH_FORMS:
        return False
    path = unquote(re.split(r"[?#]", match.group("path"), maxsplit=1)[0])
    return path_outside(path, place)


def path_outside(path: str, place: Place) -> bool:
    """True when `path` (from the source's folder, or the content root if it starts with /)
    climbs out of the content folder (`..`, an absolute path). Symbolic links are the
    gate's (`source/gate.py`): a link that leads out is reported once, on the link, and
    nothing behind it is listed, read or copied."""
    if "\x00" in path:
        return True
    rel = path.lstrip("/") if path.startswith("/") else posixpath.join(place.rel_dir, path)
    normal = posixpath.normpath(rel) if rel else "."
    return normal == ".." or normal.startswith("../") or posixpath.isabs(normal)


# --- findings at the source line (shared by the build, the checker and the publish gate) -----


def findings_for(item: Any, unsafe: list[Unsafe], key: str | None = None) -> list[fd.Finding]:
    """One French finding per unsafe thing of a corpus item, at the line that shows it:
    the header line of `key` when the value came from the header, else the body line."""
    out: list[fd.Finding] = []
    if not unsafe:
        return out  # the body is read for lines only when something is to be placed
    seen: set[tuple[str, int | None, str]] = set()
    body = (SourceText(item.source.body, item.source.body_line)
            if item.readable and key is None else None)
    for thing in unsafe:
        if key is not None:
            line = item.line_of(key)
        else:
            line = body.line_of(thing) if body is not None else None
        if thing.kind == "path":
            finding = fd.make("path-outside", item.display, line, value=_path_of(thing.value))
        elif thing.kind == "other":
            finding = fd.make("html-not-allowed", item.display, line, detail=thing.detail)
        else:
            finding = fd.make("unsafe-html", item.display, line, detail=thing.detail)
        if (finding.code, finding.line, finding.message) not in seen:
            seen.add((finding.code, finding.line, finding.message))
            out.append(finding)
    return out


CODE_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)",
                           re.MULTILINE | re.DOTALL)
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
INDENTED_CODE_RE = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+")


class SourceText:
    """A Markdown body as the line finder reads it: code blocks and code spans blanked
    (their markup is text), entities decoded, spaces and controls left out of URLs."""

    def __init__(self, body: str, first_line: int) -> None:
        self.first_line = first_line
        masked = body
        for pattern in (CODE_FENCE_RE, INDENTED_CODE_RE, CODE_SPAN_RE):
            masked = pattern.sub(_blank, masked)
        self.lowered = masked.lower()
        chars: list[str] = []
        lines: list[int] = []
        line, position = 0, 0
        while position < len(masked):
            char = masked[position]
            entity = ENTITY_RE.match(masked, position) if char == "&" else None
            if entity is not None:
                decoded = html_lib.unescape(entity.group(0))
                if decoded != entity.group(0):
                    for part in decoded:
                        if ord(part) > 0x20:
                            chars.append(part.lower())
                            lines.append(line)
                    position = entity.end()
                    continue
            if char == "\n":
                line += 1
            elif ord(char) > 0x20:
                chars.append(char.lower())
                lines.append(line)
            position += 1
        self.squeezed = "".join(chars)
        self.lines = lines

    def line_of(self, thing: Unsafe) -> int | None:
        needle = thing.needle.lower()
        if not needle:
            return None
        at = self.lowered.find(needle)
        if at >= 0:
            return self.first_line + self.lowered.count("\n", 0, at)
        squeezed = needle.translate(STRIPPED_FROM_URLS)
        at = self.squeezed.find(squeezed) if squeezed else -1
        if at >= 0:
            return self.first_line + self.lines[at]
        return None


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def header_findings(item: Any) -> list[fd.Finding]:
    """Markup in any header value, at the key's line: `unsafe-html` when it could run
    code (a tag, or a value that is a `javascript:` address), else `header-markup`
    (header values are plain text). A line that already has
    an error (a value that is not valid at all) is left to that error."""
    if not item.readable:
        return []
    taken = {f.line for f in item.parsed.findings if f.severity is fd.Severity.ERROR}
    out: list[fd.Finding] = []
    for entry in item.source.entries:
        if entry.line in taken:
            continue
        address = RISKY_VALUE_RE.match(html_lib.unescape(entry.value).translate(CONTROLS))
        if address is not None:
            out.append(fd.make("unsafe-html", item.display, entry.line,
                               detail=f"une adresse « {address.group(1).lower()}: »"))
            continue
        if not has_markup(entry.value):
            continue
        found = find_unsafe(entry.value)
        risky = [thing for thing in found if thing.unsafe]
        if risky:
            out.append(fd.make("unsafe-html", item.display, entry.line, detail=risky[0].detail))
        else:
            tag = _first_tag(entry.value)
            out.append(fd.make("header-markup", item.display, entry.line, key=entry.key,
                               detail=f"une balise <{tag}>" if tag else "une balise"))
    return out


def _first_tag(value: str) -> str:
    match = re.search(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)", value)
    return match.group(1).lower() if match else ""


# Markdown without any of these renders to allowed tags with safe URLs only: such a body
# need not be rendered to be judged (the checker's cost on thousands of items).
SCHEME_WORD_RE = re.compile(r"(?:script|data)\s*:")


def may_render_unsafe(body: str) -> bool:
    if "<" in body or "&" in body or ".." in body:
        return True
    lowered = body.lower()
    return ("script" in lowered or "data" in lowered) and bool(SCHEME_WORD_RE.search(lowered))


def check_item(item: Any, root: Path, render: Any) -> list[fd.Finding]:
    """Every unsafe thing of one source: body (rendered by `render`), header values, image."""
    if not item.readable:
        return []
    place = Place(root, posixpath.dirname(item.rel))
    body = item.source.body
    out = []
    if may_render_unsafe(body):
        out += findings_for(item, find_unsafe(render(body), place))
    out += header_findings(item)
    image = item.values.get("image")
    if isinstance(image, str) and path_outside(image, Place(root, "")):
        out += findings_for(item, [Unsafe("path", "Image", image)], "image")
    return out


def markdown_renderer(settings: dict[str, Any]) -> Callable[[str], str]:
    """Markdown to HTML with the site's `MARKDOWN` settings, as the build renders bodies."""
    from markdown import Markdown

    config = dict(settings.get("MARKDOWN") or {})
    named = [*config.get("extensions", []), *config.get("extension_configs", {})]
    config["extensions"] = [e for e in dict.fromkeys(named) if e != "markdown.extensions.meta"]
    md = Markdown(**config)

    def render(text: str) -> str:
        md.reset()
        try:
            return md.convert(text)
        except (RecursionError, ValueError):
            return ""

    return render


def _path_of(url: str) -> str:
    match = PLACEHOLDER_RE.match(url.strip())
    return match.group("path") if match else url


# --- in the build --------------------------------------------------------------------------


def neutralise(content: Any) -> None:
    """`content_object_init`: make a page's body, summary and text values safe to show,
    and report what was taken out (the same findings as the checker's)."""
    settings = getattr(content, "settings", None) or {}
    source = getattr(content, "source_path", None)
    if getattr(content, "_content", None) is None or not settings.get("PATH") or not source:
        return
    from hub.build import prerender  # the build's, done ahead on every core

    place = Place(Path(settings["PATH"]), _rel_dir(content))
    rel = str(getattr(content, "relative_source_path", "") or "")
    done = prerender.cleaned(settings, rel, content._content, place)
    content._content, in_body = done or clean(content._content, place)
    if isinstance(content.metadata.get("summary"), str):
        raw = content.metadata["summary"]
        summary = prerender.cleaned_summary(settings, rel, raw, place)
        if summary is None:
            summary, _ = clean(raw, place)
        content.metadata["summary"] = summary
        content._summary = summary
    for attr in _text_attributes(content):
        value = getattr(content, attr, None)
        if isinstance(value, str) and has_markup(value):
            setattr(content, attr, plain_text(value))  # the text, never markup
    image = getattr(content, "image", None)
    outside = isinstance(image, str) and path_outside(image, Place(place.root, ""))
    if outside:
        content.image = None  # never read nor copy a file from outside the content
    _report(content, in_body, outside)


def _rel_dir(content: Any) -> str:
    try:
        return str(content.relative_dir)
    except (AttributeError, ValueError, TypeError):
        return ""


def _text_attributes(content: Any) -> list[str]:
    """The text values of a page (attributes)."""
    from hub.model import TYPES_BY_ID

    names = ["title", "summary_text"]
    ctype = TYPES_BY_ID.get(getattr(content, "hub_type", "") or "")
    if ctype is not None:
        names += [s.attr for s in ctype.fields if s.kind in TEXT_KINDS]
    return names


def _report(content: Any, in_body: list[Unsafe], outside: bool) -> None:
    """Add the build's findings for this file to the run's report (once per finding)."""
    from hub.build.state import corpus_for

    corpus = corpus_for(content.settings)
    item = corpus.item_at(str(content.relative_source_path or ""))
    if item is None:
        return
    new = findings_for(item, in_body) + header_findings(item)
    if not new and not outside:
        return
    if outside:
        new += findings_for(item, [Unsafe("path", "Image", str(item.values.get("image")))],
                            "image")
    known = {(f.code, f.file, f.line, f.message) for f in corpus.all_findings()}
    corpus.findings.extend(f for f in new if (f.code, f.file, f.line, f.message) not in known)
