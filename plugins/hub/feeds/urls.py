"""Absolute links in HTML fragments that leave the site: feed items and the e-mail edition.

A feed item is read far from the site (Outlook, a reader, a mail), where a relative link
such as `../../services/x/` means nothing. The site's own address is `paths.site_url`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

import lxml.html

from hub.paths import is_absolute

# libxml2 writes HTML 4's empty elements only: it closes HTML5's (`<source></source>`), an
# end tag that HTML parsers, and the W3C feed validator, report and ignore
HTML5_VOID_END_RE = re.compile(r"</(?:source|track|wbr)>", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "data", "longdesc", "background")


def absolutize_html(html: str, base: str) -> str:
    """Every link and image address of an HTML fragment resolved against `base`."""
    if not html.strip():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None and not is_absolute(value):
                element.set(name, urljoin(base, value.strip()))
        srcset = element.get("srcset")
        if srcset is not None:
            element.set("srcset", _absolute_srcset(srcset, base))
    text = html_text(root)
    return text[len("<div>"):-len("</div>")]


def html_text(root: Any, doctype: str | None = None) -> str:
    """An lxml HTML tree as HTML5 text (no end tag for HTML5's empty elements)."""
    text = lxml.html.tostring(root, encoding="unicode", method="html", doctype=doctype)
    return HTML5_VOID_END_RE.sub("", text)


def _absolute_srcset(srcset: str, base: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.strip().split(None, 1)
        if not parts:
            continue
        url = parts[0] if is_absolute(parts[0]) else urljoin(base, parts[0])
        candidates.append(" ".join([url, *parts[1:]]))
    return ", ".join(candidates)
