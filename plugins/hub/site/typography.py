"""French typography in rendered text: non-breaking spaces before ; : ! ? and inside « ».

Works on HTML fragments without parsing them into a tree: the text between tags is
rewritten, tags and their attributes are copied as they are, and nothing changes inside
code, preformatted text, scripts or styles. URLs are safe because only a space that the
writer typed before the sign is turned into a non-breaking one (`http://x?y` has none).
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from collections.abc import Callable, Collection
from typing import Any

from hub.department import of_settings

NBSP = "\u00a0"  # before « : » and inside guillemets
NNBSP = "\u202f"  # narrow no-break space, before ; ! ?

# Elements whose text is never touched by any text rewriting.
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)

_TOKEN_RE = re.compile(r"(<!--.*?-->|<![^>]*>|<[^>]*>)", re.DOTALL)
_TAG_NAME_RE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")

_SPACES = r"[ \t\u00a0\u202f]+"
_TIGHT_RE = re.compile(_SPACES + r"([;!?])")
_COLON_RE = re.compile(_SPACES + r":(?=\s|$|<|[»\"')\]])")
_OPEN_QUOTE_RE = re.compile(r"«" + r"[ \t\u00a0\u202f]*")
_CLOSE_QUOTE_RE = re.compile(r"[ \t\u00a0\u202f]*" + r"»")


def map_text(html: str, change: Callable[[str, tuple[str, ...]], str],
             skip: Collection[str] = CODE_TAGS) -> str:
    """Apply `change(text, open_tags)` to every text node of `html` outside `skip` tags."""
    if "<" not in html:
        return change(html, ())
    out: list[str] = []
    stack: list[str] = []
    skipping = 0
    for index, token in enumerate(_TOKEN_RE.split(html)):
        if index % 2:  # a tag, a comment or a doctype
            out.append(token)
            match = _TAG_NAME_RE.match(token)
            if match is None:
                continue
            closing, name = match.group(1) == "/", match.group(2).lower()
            if closing:
                if name in stack:
                    while stack:
                        top = stack.pop()
                        if top in skip:
                            skipping -= 1
                        if top == name:
                            break
            elif name not in VOID_TAGS and not token.rstrip(">").endswith("/"):
                stack.append(name)
                if name in skip:
                    skipping += 1
        elif token:
            out.append(token if skipping else change(token, tuple(stack)))
    return "".join(out)


def french_spaces(text: str) -> str:
    """The French spacing rules on plain text (entities and all)."""
    if not any(sign in text for sign in ";:!?«»"):
        return text
    text = _TIGHT_RE.sub(NNBSP + r"\1", text)
    text = _COLON_RE.sub(NBSP + ":", text)
    text = _OPEN_QUOTE_RE.sub("«" + NBSP, text)
    return _CLOSE_QUOTE_RE.sub(NBSP + "»", text)


def typeset(html: str | None) -> str:
    """French typography on an HTML fragment (a page body, a title, a summary)."""
    if not html:
        return html or ""
    return map_text(str(html), lambda text, _tags: french_spaces(text))


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def text(value: object) -> str:
    """Plain text (a title, a summary) escaped for HTML, with French spacing."""
    return typeset(htmllib.escape("" if value is None else str(value), quote=False))


def french_date(value: dt.date | None) -> str:
    """« 2 novembre 2026 », whatever the machine's locale."""
    if value is None:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day}{NBSP}{MONTHS[value.month - 1]}{NBSP}{value.year}"


def french_moment(value: dt.date | None) -> str:
    """« 12 décembre 2026 à 7 h 00 » for a date-time, the date alone otherwise."""
    if not isinstance(value, dt.datetime):
        return french_date(value)
    return f"{french_date(value)} à {value.hour}{NBSP}h{NBSP}{value.minute:02d}"


def add_filter(pelican: Any) -> None:
    """Give templates the French text filters: `hub_typo` (HTML), `hub_text`, `hub_date`."""
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["hub_typo"] = typeset
    filters["hub_text"] = text
    # the model's and the theme's words naming the IT department (department.py)
    filters["hub_words"] = of_settings(pelican.settings).fill
    filters["hub_date"] = french_date
    filters["hub_moment"] = french_moment
