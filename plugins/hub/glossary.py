"""The glossary at work: the first use of each term in a page's body links to its entry.

The marked-up term is a link to the term's page, described (`aria-describedby`) by a
short tooltip holding the definition, shown on hover and on keyboard focus by the
theme. Terms are never marked inside links, headings, code, or on the term's own page.
Acronyms (a term written all in capitals, such as « SLA ») match only in capitals.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .typography import CODE_TAGS, map_text

# No term inside these elements: a link in a link, a term in a heading or in code.
SKIP_TAGS = CODE_TAGS | {
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "dfn", "button", "label", "select",
    "option", "title", "figcaption", "summary", "sup", "sub",
}


@dataclass(frozen=True)
class Term:
    """A published glossary term and the forms of it that count in a text."""

    slug: str
    title: str
    definition: str
    url: str
    names: tuple[str, ...]  # the title and the aliases

    def accepts(self, found: str) -> bool:
        """Acronyms count only when written in capitals, other words in any case."""
        for name in self.names:
            if name.casefold() == found.casefold():
                return found == name if _is_acronym(name) else True
        return False


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


WORD_START_RE = re.compile(r"(?<![\w&#-])\w+")
FIRST_WORD_RE = re.compile(r"\w+")


class Glossary:
    """Every term of the site, found word by word: a dictionary lookup of each word of a
    text, so the work does not grow with the size of the glossary."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = list(terms)
        self._by_name: dict[str, Term] = {}
        for term in self.terms:
            for name in term.names:
                self._by_name.setdefault(name.casefold(), term)
        # names by their first word, longest first (the longest name wins at a position)
        self._by_first: dict[str, list[str]] = {}
        for name in sorted(self._by_name, key=len, reverse=True):
            first = FIRST_WORD_RE.match(name)
            if first is not None and first.start() == 0:
                self._by_first.setdefault(first.group(), []).append(name)
        self._pattern = bool(self._by_first)

    def _matches(self, text: str) -> Iterable[tuple[int, int]]:
        """(start, end) of each use of a name, left to right, never overlapping; a name
        stands alone (no letter, digit, `-` or `&#` glued before it, no letter, digit
        or `-` after it), in any letter case."""
        folded = text.casefold()
        if len(folded) != len(text):  # rare letters whose case folding is longer
            folded = "".join(c if len(c.casefold()) != 1 else c.casefold() for c in text)
        position = 0
        for word in WORD_START_RE.finditer(folded):
            start = word.start()
            if start < position:
                continue
            for name in self._by_first.get(word.group(), ()):
                end = start + len(name)
                if folded.startswith(name, start) and (
                    end == len(text) or not (text[end].isalnum() or text[end] in "_-")
                ):
                    yield start, end
                    position = end
                    break

    @classmethod
    def from_pages(cls, pages: Iterable[Any]) -> Glossary:
        """The glossary of the published term pages (title, aliases, definition)."""
        terms = []
        for page in pages:
            names = [page.title, *(getattr(page, "aliases", None) or ())]
            clean = tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))
            terms.append(Term(page.slug, page.title, getattr(page, "definition", "") or "",
                              page.url, clean))
        return cls(terms)

    def mark(self, html: str, siteurl: str, exclude: str | None = None) -> str:
        """Mark the first use of each term in `html` (a rendered page body)."""
        if not self._pattern or not html:
            return html
        seen: set[str] = set() if exclude is None else {exclude}

        def change(text: str, open_tags: tuple[str, ...]) -> str:
            if any(tag in SKIP_TAGS for tag in open_tags):
                return text

            parts: list[str] = []
            last = 0
            for start, end in self._matches(text):
                found = text[start:end]
                term = self._by_name.get(found.casefold())
                if term is None or term.slug in seen or not term.accepts(found):
                    continue
                seen.add(term.slug)
                parts += [text[last:start], self._markup(term, found, siteurl)]
                last = end
            return "".join(parts) + text[last:] if parts else text

        return map_text(html, change)

    @staticmethod
    def _markup(term: Term, found: str, siteurl: str) -> str:
        tip_id = f"def-{term.slug}"
        definition = htmllib.escape(term.definition, quote=False)
        return (
            f'<span class="gloss"><a class="gloss-term" href="{siteurl}/{term.url}" '
            f'aria-describedby="{tip_id}">{found}</a>'
            f'<span class="gloss-tip" role="tooltip" id="{tip_id}" data-pagefind-ignore>'
            f"{definition}</span></span>"
        )


def add_filter(pelican: Any) -> None:
    """Give templates the `hub_glossary(item)` filter for a page's body."""
    from jinja2 import pass_context

    @pass_context
    def hub_glossary(context: Any, html: str, item: Any = None) -> str:
        hub = context.get("hub")
        glossary = getattr(hub, "glossary", None)
        if glossary is None:
            return html
        own = item.slug if getattr(item, "hub_type", None) == "term" else None
        return glossary.mark(html, context.get("SITEURL", ""), exclude=own)

    pelican.settings.setdefault("JINJA_FILTERS", {})["hub_glossary"] = hub_glossary
