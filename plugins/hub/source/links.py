"""Short link forms: `{service}slug`, `{story}slug`, `{constraint}slug`, `{term}slug`.

They are rewritten into Pelican's own `{filename}/folder/file.md` form before the
Markdown is rendered, so Pelican resolves them like any other internal link.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from hub.model import TYPES_BY_LINK
from hub.source.corpus import Corpus

SHORT_LINK_RE = re.compile(
    r"\{(?P<what>" + "|".join(TYPES_BY_LINK) + r")\}(?P<slug>[^\s)#\"'<>]*)"
)


def target_path(corpus: Corpus, what: str, slug: str) -> str | None:
    """Source path (relative to the content folder) of the item a short link names."""
    ctype = TYPES_BY_LINK.get(what)
    if ctype is None:
        return None
    item = corpus.get(ctype.id, slug) or corpus.renamed.get((ctype.id, slug))
    if item is None or item.is_draft:
        return None
    return item.rel


def rewrite(text: str, corpus: Corpus, source: str = "") -> str:
    """Replace every short form by `{filename}/…`; unknown targets stay visibly broken."""

    def replace(match: re.Match[str]) -> str:
        rel = target_path(corpus, match.group("what"), match.group("slug"))
        if rel is None:
            # Left as a plain, broken relative link that the checker reports at its line.
            return f"%7B{match.group('what')}%7D{match.group('slug')}"
        return "{filename}/" + rel

    text = SHORT_LINK_RE.sub(replace, text)
    if corpus.renamed:
        text = _follow_renames(text, source, corpus)
    return text


def _follow_renames(text: str, source: str, corpus: Corpus) -> str:
    """`{filename}` links to the old file of a renamed item lead to it (the renamed file
    carries the one finding: `source/renames.py`)."""
    from hub.source.renames import FILENAME_LINK_RE, linked_file

    def replace(match: re.Match[str]) -> str:
        item = corpus.renamed_at(linked_file(source, match.group("path")))
        return "{filename}/" + quote(item.rel) if item is not None else match.group(0)

    return FILENAME_LINK_RE.sub(replace, text)
