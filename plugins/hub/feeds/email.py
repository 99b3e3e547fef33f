"""The e-mail edition: one HTML file per edition that comms paste into a mail.

Mail programs ignore `<style>` and external style sheets and Outlook lays out tables,
not blocks: the template is a 600 px table whose CSS css-inline moves into `style`
attributes; every address is absolute and every image has a text alternative.
"""

from __future__ import annotations

from typing import Any

import css_inline
import lxml.html

from hub.addresses import EDITION_EMAIL

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
    return lxml.html.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


def render(template: Any, context: dict[str, Any], fallback_alt: str) -> bytes:
    """The e-mail-ready HTML bytes of an edition."""
    document = inline(template.render(**context))
    return with_alt_text(document, fallback_alt).encode("utf-8")
