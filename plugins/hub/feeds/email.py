"""The e-mail edition: the HTML that comms paste into a mail, and the same letter as a
draft ready to send (`lettre.eml`).

Mail programs ignore `<style>` and external style sheets and Outlook lays out tables,
not blocks: the template is a 600 px table whose CSS css-inline moves into `style`
attributes; every address is absolute and every image has a text alternative.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import css_inline
import lxml.html

from hub.addresses import EDITION_EMAIL, EDITION_LETTER
from hub.feeds.urls import html_text
from hub.images import FeedImage
from hub.paths import absolute
from hub.site.typography import typeset

# Beside the edition's page: editions/<slug>/email.html (declared in addresses).
EMAIL_NAME = EDITION_EMAIL.pattern.rsplit("/", 1)[-1]
WIDTH = 600


def email_path(edition_url: str) -> str:
    return edition_url + EMAIL_NAME if edition_url.endswith("/") else edition_url + "-" + EMAIL_NAME


def inline(document: str) -> str:
    """The document with its CSS in `style` attributes and no `<style>` or CSS link left."""
    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False,
                                    load_remote_stylesheets=False, apply_width_attributes=True)
    return inliner.inline(document)


def with_alt_text(document: str, fallback: str) -> str:
    """Images without a text alternative get `fallback`, so no mail shows a bare image."""
    root = lxml.html.document_fromstring(document)
    changed = False
    for image in root.iter("img"):
        if not (image.get("alt") or "").strip():
            image.set("alt", fallback)
            changed = True
        if image.get("width") is None and "max-width" not in (image.get("style") or ""):
            image.set("style", (image.get("style") or "") + "max-width:100%;height:auto;")
            changed = True
    if not changed:
        return document
    return html_text(root, doctype="<!DOCTYPE html>")


def render(template: Any, context: dict[str, Any], fallback_alt: str) -> str:
    """The e-mail-ready HTML of an edition, with the site's French typography."""
    document = inline(template.render(**context))
    return typeset(with_alt_text(document, fallback_alt))


# --- the letter ready to send: editions/<slug>/lettre.eml -------------------------------

LETTER_NAME = EDITION_LETTER.pattern.rsplit("/", 1)[-1]
GUTTER = 28  # the template's side padding: images are WIDTH - 2 * GUTTER wide at most
BLOCKS = ("p", "h1", "h2", "h3", "h4", "li", "tr", "div", "blockquote", "table", "ul", "ol")


def letter_path(edition_url: str) -> str:
    return (edition_url + LETTER_NAME if edition_url.endswith("/")
            else edition_url + "-" + LETTER_NAME)


@dataclass(frozen=True)
class MailImage:
    """An image as the e-mail shows it: the file, and the size it is displayed at."""

    url: str  # absolute
    path: str  # site-relative, to embed the file
    mime: str
    width: int  # displayed, never more than the file's own width
    height: int


def mail_image(found: FeedImage | None, site: str, display_width: int) -> MailImage | None:
    if found is None or found.width <= 0:
        return None
    width = min(display_width, found.width)
    height = max(1, round(found.height * width / found.width))
    return MailImage(absolute(site, found.path), found.path, found.type, width, height)


def site_images(document: str, site: str, output: Path) -> dict[str, tuple[bytes, str]]:
    """Every image of the document published by this site: its bytes and MIME type, by
    absolute URL (items' pictures and images of the editorial alike). Only files of the
    built site are read, never fetched: an address that leaves the output folder (`..`,
    a link) or is not an image file there is left out."""
    found: dict[str, tuple[bytes, str]] = {}
    for image in lxml.html.document_fromstring(document).iter("img"):
        url = image.get("src") or ""
        path = built_file(url, site, output)
        if path is None or url in found:
            continue
        mime = mimetypes.guess_type(path.name)[0] or ""
        if mime.startswith("image/"):
            found[url] = (path.read_bytes(), mime)
    return found


def built_file(url: str, site: str, output: Path) -> Path | None:
    """The file of the built site that `url` (absolute) names, or None: another address,
    a path with `..` or a backslash, anything that resolves outside `output`."""
    prefix = site.rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    rel = unquote(urlsplit(url[len(prefix):]).path)
    parts = rel.split("/")
    if not rel or "\\" in rel or any(part in ("", ".", "..") for part in parts):
        return None
    root = output.resolve()
    path = (root / rel).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def foreign_images_as_links(document: str, site: str, output: Path) -> str:
    """The letter's HTML with every image that is not a file of the built site turned
    into a link to it (its text alternative as the text): the letter embeds nothing it
    would have to fetch, and no mail program fetches another server's file on opening."""
    root = lxml.html.document_fromstring(document)
    changed = False
    for image in list(root.iter("img")):
        url = image.get("src") or ""
        if built_file(url, site, output) is not None:
            continue
        text = (image.get("alt") or "").strip() or url
        inside_link = any(a.tag == "a" for a in image.iterancestors())
        replacement = lxml.html.Element("span" if inside_link else "a")
        if not inside_link:
            replacement.set("href", url)
        replacement.text = text
        replacement.tail = image.tail
        parent = image.getparent()
        if parent is not None:
            parent.replace(image, replacement)
            changed = True
    if not changed:
        return document
    return lxml.html.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


def plain_text(document: str) -> str:
    """The readable text of the e-mail HTML: blocks on their own lines, each link's
    address listed at the end under its number ("Lire la suite [3]")."""
    root = lxml.html.document_fromstring(document)
    for hidden in root.xpath('//*[contains(concat(" ", @class, " "), " preheader ")]'):
        hidden.drop_tree()
    links: list[str] = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        if href not in links:
            links.append(href)
        anchor.tail = f" [{links.index(href) + 1}]" + (anchor.tail or "")
    for element in root.iter(*BLOCKS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    for image in root.iter("img"):
        image.drop_tree()
    body = root.find("body")
    raw = (body if body is not None else root).text_content()
    # Only ASCII blanks collapse: the no-break spaces of French typography stay.
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip(" ") for line in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if links:
        text += "\n\nLiens\u00a0:\n" + "\n".join(f"[{n}] {url}" for n, url in enumerate(links, 1))
    return text + "\n"


def letter(html_document: str, subject: str, sender: str, recipients: str,
           date: dt.datetime, embedded: dict[str, tuple[bytes, str]]) -> bytes:
    """The edition as a draft Outlook opens ready to send (`X-Unsent: 1`).

    multipart/alternative: the plain text, then the HTML; with `embedded` (absolute image
    URL → its bytes and MIME type) the HTML becomes multipart/related and its images
    refer to inline parts (Content-ID). Boundaries derive from the content: the same
    edition gives the same bytes.
    """
    cids = {url: f"{hashlib.blake2b(data, digest_size=8).hexdigest()}@hub"
            for url, (data, _mime) in sorted(embedded.items())}
    for url, cid in cids.items():
        html_document = html_document.replace(f'src="{url}"', f'src="cid:{cid}"')
    message = EmailMessage(policy=SMTP)
    message["X-Unsent"] = "1"
    message["Subject"] = subject
    if sender:
        message["From"] = sender
    if recipients:
        message["To"] = recipients
    message["Date"] = format_datetime(date)
    message.set_content(plain_text(html_document), cte="quoted-printable")
    message.add_alternative(html_document, subtype="html", cte="quoted-printable")
    html_part = message.get_body(preferencelist=("html",))
    assert isinstance(html_part, EmailMessage)  # the alternative just added
    for url, cid in cids.items():
        data, mime = embedded[url]
        maintype, subtype = mime.split("/", 1)
        html_part.add_related(data, maintype, subtype, cid=f"<{cid}>",
                              filename=url.rsplit("/", 1)[-1], disposition="inline")
    seed = hashlib.blake2b(html_document.encode("utf-8"), digest_size=8).hexdigest()
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_hub-{seed}-{number}")
    return message.as_bytes()
