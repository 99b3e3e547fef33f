"""Where each item will be written, checked before anything is: reserved addresses,
two items on one file, file-system limits, tags without an address.

Called by `corpus.scan`, so the build and `invoke check` report the same findings. An
item reported here is not built (`Corpus.unbuilt`); the hub's page, or the first item,
keeps the address.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hub import addresses
from hub import findings as fd
from hub.model import IMAGES_FOLDER, PAGE
from hub.paths import file_of_url

if TYPE_CHECKING:
    from hub.source.corpus import Corpus, Item

MAX_SLUG = 100  # CONTENT_MODEL.md, "Addresses"
MAX_SEGMENT_BYTES = 255  # a file or folder name on the usual file systems

# How the writer changes what decides the address, by the key that decides it.
HOW = {
    None: "Renommez le fichier",
    "slug": "Changez la ligne « Slug: »",
    "save_as": "Changez ou retirez la ligne « Save_as: »",
    "url": "Changez ou retirez la ligne « Url: »",
}


@dataclass(frozen=True)
class Target:
    """One place an item takes: the output file, and the key that decides it."""

    file: str  # output file, relative to the output folder
    shown: str  # as the writer typed it (or the item's URL)
    key: str | None  # "slug", "save_as", "url"; None: the file name

    @property
    def explicit(self) -> bool:
        return self.key in ("save_as", "url")


def targets(item: Item) -> list[Target]:
    """Where the item is written (its `Save_as:`, else its `Url:`, else its type's address
    for its slug), then where its `Url:` points when both are given."""
    values = item.values
    out = []
    if "save_as" in values:
        path = str(values["save_as"])
        out.append(Target(posixpath.normpath(path), path, "save_as"))
    if "url" in values:
        url = str(values["url"])
        out.append(Target(file_of_url(url), url, "url"))
    if not out:
        key = "slug" if "slug" in values else None
        out.append(Target(item.ctype.save_as_for(item.slug), item.ctype.url_for(item.slug), key))
    return out


def is_subscribe_intro(item: Item, target: Target) -> bool:
    """`pages/s-abonner.md`: introduces the hub's S'abonner page (the one exception)."""
    return item.ctype is PAGE and item.slug == addresses.SUBSCRIBE_SLUG and not target.explicit


def written(item: Item) -> bool:
    """Whether Pelican writes the item at all (drafts only at an explicit `Save_as:`)."""
    return item.readable and (not item.is_draft or "save_as" in item.values)


def static_files(corpus: Corpus) -> dict[str, str]:
    """Output file → how findings name it, for the files copied from `content/images/`."""
    found = {}
    for rel in corpus.walk.under(IMAGES_FOLDER):
        if not any(p.startswith(".") for p in rel.split("/")):
            found[rel] = f"{corpus.label}/{rel}" if corpus.label else rel
    return found


def check(corpus: Corpus) -> None:
    """Report every item that cannot be written where it says, and keep it from the build."""
    taken: dict[str, str] = static_files(corpus)  # output file → who has it (as shown)
    candidates = [i for i in corpus.items
                  if written(i) and corpus.get(i.ctype.id, i.slug) is i]
    for item in candidates:
        _check_tags(corpus, item)
    # An address the writer typed gives way to one that comes from a file name or slug.
    ordered = sorted(candidates, key=lambda i: any(t.explicit for t in targets(i)))
    for item in ordered:
        finding = _problem(item, taken)
        if finding is not None:
            corpus.findings.append(finding)
            corpus.unbuilt.add(item.rel)
            continue
        taken[targets(item)[0].file] = item.display


def _line(item: Item, key: str | None) -> int:
    return (item.line_of(key) if key else None) or 1


def _problem(item: Item, taken: dict[str, str]) -> fd.Finding | None:
    slug_key = "slug" if "slug" in item.values else None
    if not item.slug:
        return fd.make("slug-empty", item.display, 1, value=item.rel.rsplit("/", 1)[-1])
    if len(item.slug) > MAX_SLUG:
        return fd.make("slug-too-long", item.display, _line(item, slug_key),
                       length=len(item.slug), how=HOW[slug_key])
    for target in targets(item):
        line = _line(item, target.key)
        for segment in target.file.split("/"):
            size = len(segment.encode("utf-8"))
            if size > MAX_SEGMENT_BYTES:
                return fd.make("name-too-long", item.display, line, size=size,
                               value=segment[:40] + "…", how=HOW[target.key])
        holder = addresses.holder_of(target.file)
        if holder is not None and not is_subscribe_intro(item, target):
            return fd.make("address-reserved", item.display, line, url=target.shown,
                           holder=holder.of_holder, how=HOW[target.key])
    first = targets(item)[0]
    other = taken.get(first.file)
    if other is not None:
        return fd.make("address-taken", item.display, _line(item, first.key), url=first.shown,
                       other=other, how=HOW[first.key])
    return None


def _check_tags(corpus: Corpus, item: Item) -> None:
    for tag in item.values.get("tags") or ():
        if not addresses.tag_slug(str(tag)):
            corpus.findings.append(fd.make("tag-without-address", item.display,
                                           item.line_of("tags"), value=tag))
