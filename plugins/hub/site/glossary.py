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

from hub import findings as fd
from hub.model import TERM
from hub.site.typography import CODE_TAGS, map_text

# Words too common to mark: a name made only of them would mark nearly every sentence.
STOP_WORDS = frozenset((
    "a", "à", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des",
    "du", "elle", "en", "est", "et", "il", "ils", "je", "l", "la", "le", "les", "leur",
    "leurs", "ma", "mais", "mes", "moi", "mon", "ne", "ni", "nos", "notre", "nous", "on",
    "ou", "où", "par", "pas", "plus", "pour", "qu", "que", "qui", "sa", "sans", "se", "ses",
    "si", "son", "sont", "sur", "ta", "te", "tes", "ton", "tu", "un", "une", "vos", "votre",
    "vous", "y", "an", "and", "at", "for", "in", "is", "it", "of", "on", "or", "the", "to",
))
MIN_LETTERS = 3  # a name of one or two letters only (« SI », « le ») is never used


@dataclass(frozen=True)
class NameIssue:
    """A title or alias that is not used for marking, and why."""

    key: str  # the term's source path
    code: str  # finding code
    field: str  # "title" or "aliases"
    value: str
    other: str = ""  # the source path of the term that already has the name


def name_problem(name: str) -> str | None:
    """The finding code of a name too short or too common to mark, else None."""
    compact = "".join(c for c in name if not c.isspace())
    if not any(c.isalnum() for c in compact) or (
            compact.isalpha() and len(compact) < MIN_LETTERS):
        return "glossary-name-short"  # « SI », « le », or only signs (« - » for none)
    words = re.findall(r"\w+", name.casefold())
    if words and all(w in STOP_WORDS for w in words):
        return "glossary-name-common"
    return None


def vet_names(
    entries: Iterable[tuple[str, str, Iterable[str]]],
) -> tuple[dict[str, tuple[str, ...]], list[NameIssue]]:
    """The names each term may mark, and the issues of the others.

    `entries` are (source path, title, aliases). A name too short or too common is
    dropped; an alias that is another term's title is dropped from the alias; an alias
    (or title) that two terms share is dropped from both, reported on the later file.
    """
    ordered = sorted((key, title.strip(), [a.strip() for a in aliases if a and a.strip()])
                     for key, title, aliases in entries)
    issues: list[NameIssue] = []
    titles: dict[str, str] = {}
    for key, title, _ in ordered:
        if title:
            titles.setdefault(title.casefold(), key)
    kept: dict[str, list[str]] = {}
    owner: dict[str, str] = {}  # folded alias → first term that has it
    banned: set[str] = set()  # folded names shared by two terms
    for key, title, aliases in ordered:
        names: list[str] = []
        if title:
            code = name_problem(title)
            first = titles[title.casefold()]
            if code is not None:
                issues.append(NameIssue(key, code, "title", title))
            elif first != key:
                issues.append(NameIssue(key, "glossary-title-shared", "title", title, first))
                banned.add(title.casefold())
            else:
                names.append(title)
        seen = {title.casefold()}
        for alias in aliases:
            folded = alias.casefold()
            if folded in seen:
                continue
            seen.add(folded)
            code = name_problem(alias)
            if code is not None:
                issues.append(NameIssue(key, code, "aliases", alias))
            elif folded in titles and titles[folded] != key:
                issues.append(NameIssue(key, "glossary-name-title", "aliases", alias,
                                        titles[folded]))
            elif folded in owner:
                issues.append(NameIssue(key, "glossary-name-shared", "aliases", alias,
                                        owner[folded]))
                banned.add(folded)
            else:
                owner[folded] = key
                names.append(alias)
        kept[key] = names
    usable = {key: tuple(n for n in names if n.casefold() not in banned)
              for key, names in kept.items()}
    return usable, issues


def published_terms(corpus: Any) -> list[Any]:
    """The corpus's term files that the glossary of the site holds."""
    return [i for i in corpus.items if i.ctype.id == TERM.id and i.readable
            and i.status not in ("draft", "hidden")]


def vet_corpus(corpus: Any) -> tuple[dict[str, tuple[str, ...]], list[NameIssue]]:
    """`vet_names` of the corpus's published terms, by source path."""
    return vet_names((i.rel, str(i.values.get("title") or ""), i.values.get("aliases") or ())
                     for i in published_terms(corpus))


def check_names(corpus: Any) -> list[fd.Finding]:
    """Findings on glossary titles and aliases that are not used for marking."""
    by_rel = {i.rel: i for i in published_terms(corpus)}
    _, issues = vet_corpus(corpus)
    out = []
    for issue in issues:
        item = by_rel[issue.key]
        other = by_rel.get(issue.other)
        named = (f"« {other.values.get('title')} » ({other.display})"
                 if other is not None else "")
        out.append(fd.make(issue.code, item.display, item.line_of(issue.field),
                           value=issue.value, key=issue.field.capitalize(), other=named,
                           count=sum(c.isalnum() for c in issue.value)))
    return out

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


# A name starts at a word not glued to a letter, `-`, `+`, `@`, `.` or an entity's `&#`.
WORD_START_RE = re.compile(r"(?<![\w&#@.+-])\w+")
GLUED_AFTER = "_-+&@"  # after a name, these make it part of a longer word
FIRST_WORD_RE = re.compile(r"\w+")


def _alone_after(text: str, end: int) -> bool:
    if end == len(text):
        return True
    after = text[end]
    if after.isalnum() or after in GLUED_AFTER:
        return False
    return not (after == "." and end + 1 < len(text) and text[end + 1].isalnum())


class Glossary:
    """Every term of the site, found word by word: a dictionary lookup of each word of a
    text, so the work does not grow with the size of the glossary."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = list(terms)
        self._by_name: dict[str, Term] = {}
        for term in self.terms:
            for name in term.names:
                # as written, and as it is in HTML text (« R&D » is « R&amp;D » there)
                for form in dict.fromkeys((name, htmllib.escape(name, quote=False))):
                    self._by_name.setdefault(form.casefold(), term)
        # names by their first word, longest first (the longest name wins at a position)
        self._by_first: dict[str, list[str]] = {}
        for name in sorted(self._by_name, key=len, reverse=True):
            first = FIRST_WORD_RE.match(name)
            if first is not None and first.start() == 0:
                self._by_first.setdefault(first.group(), []).append(name)
        self._has_terms = bool(self._by_first)

    def _matches(self, text: str) -> Iterable[tuple[int, int]]:
        """(start, end) of each use of a name, left to right, never overlapping; a name
        stands alone (nothing of `WORD_START_RE` glued before it, no letter, digit or
        `GLUED_AFTER` sign after it, nor a dot that goes on with a word), in any case."""
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
                if folded.startswith(name, start) and _alone_after(text, end):
                    yield start, end
                    position = end
                    break

    @classmethod
    def from_pages(cls, pages: Iterable[Any]) -> Glossary:
        """The glossary of the published term pages (title, aliases, definition)."""
        pages = list(pages)
        keys = [str(getattr(p, "hub_rel", None) or getattr(p, "relative_source_path", "")
                    or p.slug) for p in pages]
        usable, _ = vet_names(
            (key, str(p.title), getattr(p, "aliases", None) or ())
            for key, p in zip(keys, pages, strict=True))
        terms = []
        for key, page in zip(keys, pages, strict=True):
            terms.append(Term(page.slug, page.title, getattr(page, "definition", "") or "",
                              page.url, usable.get(key, ())))
        return cls(terms)

    def terms_in(self, text: str) -> list[Term]:
        """The terms a plain text names (its title, say), in order, each once."""
        found: dict[str, Term] = {}
        for start, end in self._matches(text):
            term = self._by_name.get(text[start:end].casefold())
            if term is not None and term.accepts(text[start:end]):
                found.setdefault(term.slug, term)
        return list(found.values())

    def mark(self, html: str, siteurl: str, exclude: str | None = None) -> str:
        """Mark the first use of each term in `html` (a rendered page body)."""
        if not self._has_terms or not html:
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
                if (term is None or term.slug in seen
                        or not term.accepts(htmllib.unescape(found))):
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
        own = item.slug if getattr(item, "hub_type", None) == TERM.id else None
        return glossary.mark(html, context.get("SITEURL", ""), exclude=own)

    pelican.settings.setdefault("JINJA_FILTERS", {})["hub_glossary"] = hub_glossary
