"""Old names still cited: a file renamed (Windows' « Enregistrer sous », `mv`, a new
`Slug:`) whose old slug other files still cite.

What the last build knew (the file of old addresses: the items it published and the
addresses that moved since) tells which current item had that slug. Without it, a file
whose name is not a slug (spaces, capitals, accents: the name Windows proposes from the
title) is recognised when the cited slug is its slug or its title's, hyphens aside.

One cause, one finding: the renamed file gets it, with both fixes; the citing files get
none for it, and their links lead to the renamed item meanwhile.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from hub import findings as fd
from hub.model import TYPES_BY_LINK, ContentType, Kind, type_of_path
from hub.source import oldaddresses
from hub.source.corpus import Corpus, Item, slug_of
from hub.source.links import SHORT_LINK_RE
from hub.source.tracking import Record, renamed_pairs

CitedSlug = tuple[str, str]  # (type id, slug)
FILENAME_LINK_RE = re.compile(r"\{filename\}(?P<path>[^\s)#?\"'<>]+)")


def citations(corpus: Corpus) -> tuple[dict[CitedSlug, set[str]], set[CitedSlug]]:
    """Every slug cited (header keys, short links, `{filename}` links) → the files citing
    it; and the slugs cited by their file's name."""
    cited: dict[CitedSlug, set[str]] = {}
    by_file: set[CitedSlug] = set()
    for item in corpus.items:
        if not item.readable:
            continue
        for key in _header_citations(item):
            cited.setdefault(key, set()).add(item.display)
        for match in SHORT_LINK_RE.finditer(item.source.body):
            ctype = TYPES_BY_LINK[match.group("what")]
            slug = match.group("slug").partition("#")[0]
            cited.setdefault((ctype.id, slug), set()).add(item.display)
        for match in FILENAME_LINK_RE.finditer(item.source.body):
            rel = linked_file(item.rel, match.group("path"))
            named = key_of_file(rel) if corpus.item_at(rel) is None else None
            if named is not None:
                cited.setdefault(named, set()).add(item.display)
                by_file.add(named)
    return cited, by_file


def linked_file(source: str, path: str) -> str:
    """The file a `{filename}` link of `source` names, relative to the content folder."""
    base = "" if path.startswith("/") else posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(base, path.lstrip("/")))


def key_of_file(rel: str) -> CitedSlug | None:
    """(type, slug) of a content file named by its path (its slug is its name)."""
    ctype = type_of_path(rel)
    folder, _, name = rel.partition("/")
    stem, dot, _ext = name.rpartition(".")
    if ctype is None or not dot or "/" in stem:
        return None
    return (ctype.id, stem)


def _header_citations(item: Item) -> Iterator[CitedSlug]:
    for spec in item.ctype.fields:
        if spec.kind not in (Kind.SLUG, Kind.SLUGS) or spec.target is None:
            continue
        value = item.values.get(spec.name)
        for slug in ((value,) if isinstance(value, str) else value or ()):
            yield (spec.target, str(slug))


def find(corpus: Corpus, book: oldaddresses.OldAddresses) -> dict[CitedSlug, Item]:
    """Old slugs still cited → the item that had that slug; one finding on each such
    item (added to the corpus's findings)."""
    cited, by_file = citations(corpus)
    missing = {key: files for key, files in cited.items() if corpus.get(*key) is None}
    if not missing:
        return {}
    known = {k: v for k, v in _known_renames(corpus, book).items() if k in missing}
    for key in missing.keys() - known.keys():
        item = _by_title(corpus, *key)
        if item is not None:
            known[key] = item
    for (_type, slug), item in sorted(known.items(), key=lambda kv: (kv[1].display, kv[0])):
        files = sorted(missing[(_type, slug)])
        code = "renamed-file-still-linked" if (_type, slug) in by_file else "renamed-still-cited"
        corpus.findings.append(fd.make(
            code, item.display, item.line_of("slug") or 1, old=slug,
            count=len(files), files=", ".join(files), name=item.rel.rsplit("/", 1)[-1],
            folder=item.ctype.folder))
    return known


def _known_renames(corpus: Corpus, book: oldaddresses.OldAddresses) -> dict[CitedSlug, Item]:
    """Old slugs of current items, from what the last build published."""
    found: dict[CitedSlug, Item] = {}
    now = oldaddresses.published(corpus)
    for old in book.redirects:  # addresses that moved: old → the item's address now
        item = now.get(oldaddresses.resolve(book.redirects, old) or "")
        slug = _slug_at(item.ctype, old) if item is not None else None
        if item is not None and slug:
            found[(item.ctype.id, slug)] = item
    before = {p.tracked.source: p for p in book.items}
    pending = []
    for item in now.values():
        was = before.get(item.rel)
        if was is None:
            pending.append(item)
        elif was.tracked.type == item.ctype.id and was.tracked.slug != item.slug:
            found[(item.ctype.id, was.tracked.slug)] = item  # a new `Slug:`
    vanished = [p for p in book.items if corpus.item_at(p.tracked.source) is None]
    if pending and vanished:
        by_source = {item.rel: item for item in pending}
        pairs = renamed_pairs([oldaddresses.tracked(i) for i in pending],
                              [Record(p.url, p.tracked) for p in vanished])
        for tracked, record in pairs:
            found[(tracked.type, record.item.slug)] = by_source[tracked.source]
    return found


def _slug_at(ctype: ContentType, url: str) -> str | None:
    """The slug whose address in `ctype` is `url`, if it is one."""
    prefix, _, suffix = ctype.url.partition("{slug}")
    if url.startswith(prefix) and url.endswith(suffix) and len(url) > len(prefix + suffix):
        slug = url[len(prefix):len(url) - len(suffix)]
        return slug if "/" not in slug else None
    return None


def _by_title(corpus: Corpus, type_id: str, slug: str) -> Item | None:
    """The one item of that type saved under a name that is not a slug, whose slug or
    title is `slug` but for hyphens."""
    wanted = _compact(slug)
    found = [
        item for item in corpus.by_slug.get(type_id, {}).values()
        if _stem(item) != item.slug and wanted in (
            _compact(item.slug), _compact(slug_of(str(item.values.get("title") or ""))))
    ]
    return found[0] if len(found) == 1 else None


def _stem(item: Item) -> str:
    return item.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _compact(slug: str) -> str:
    return slug.replace("-", "").replace("_", "")
