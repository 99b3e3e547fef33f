"""The preview's banner: the errors of a saved file, at the top of its page as the
preview serves it (never in the built files), until a save without errors.

The page stays the last one built without errors; the banner says why it is not up to
date, with each error's line, what is wrong and how to fix it.
"""

from __future__ import annotations

import html
from collections import defaultdict

from hub import findings as fd
from hub.messages import say
from hub.paths import save_as
from hub.source.corpus import Corpus

STYLE_PATH = "/__apercu__/bandeau.css"
STYLE = b""".apercu-erreurs { position: relative; z-index: 1000; margin: 0; padding: 1rem 1.5rem;
  background: #fff4e5; color: #1d1d1d; border-bottom: 4px solid #b3261e;
  font: 1rem/1.5 system-ui, sans-serif; }
.apercu-erreurs h2 { margin: 0 0 .5rem; font-size: 1.15rem; color: #8c1d18; }
.apercu-erreurs p { margin: 0 0 .5rem; }
.apercu-erreurs ul { margin: 0; padding-left: 1.25rem; }
.apercu-erreurs .comment { display: block; color: #3b3b3b; }
"""


def pages(corpus: Corpus) -> dict[str, bytes]:
    """Output file (relative to the output folder) → the banner over that page, for every
    item whose file has errors."""
    errors: dict[str, list[fd.Finding]] = defaultdict(list)
    for finding in corpus.all_findings():
        if finding.severity is fd.Severity.ERROR:
            errors[finding.file].append(finding)
    banners = {}
    for item in corpus.items:
        found = errors.get(item.display)
        if found:
            url = str(item.values.get("url") or item.ctype.url_for(item.slug))
            banners[save_as(url)] = render(item.display, sorted(found, key=fd.sort_key))
    return banners


def render(file: str, found: list[fd.Finding]) -> bytes:
    """The banner's HTML (its style is served beside the pages, within the CSP)."""
    items = "".join(
        f"<li><strong>{html.escape(_where(f))}</strong> : {html.escape(f.message)}"
        f'<span class="comment">→ {html.escape(f.hint)}</span></li>' for f in found)
    title = html.escape(say("banner-title", file=file, count=len(found)))
    return (f'<link rel="stylesheet" href="{STYLE_PATH}">'
            '<section class="apercu-erreurs" role="alert" aria-labelledby="apercu-erreurs">'
            f'<h2 id="apercu-erreurs">{title}</h2><p>{html.escape(say("banner-intro"))}</p>'
            f"<ul>{items}</ul></section>").encode()


def _where(finding: fd.Finding) -> str:
    if finding.line:
        return say("banner-where-line", line=finding.line)
    return say("banner-where-file")


def add(page: bytes, banner: bytes | None) -> bytes:
    """The page with the banner first in its body."""
    if not banner:
        return page
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + banner + page[end:]
