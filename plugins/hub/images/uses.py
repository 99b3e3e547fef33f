"""Where the content uses images: the `Image` key and `{static}` images in bodies, with lines.

A problem with an image is reported where the writer can fix it: at the Markdown file
and line that use the image, once per use.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from hub import findings as fd
from hub.paths import PATH_FORM
from hub.source.corpus import Corpus, Item
from hub.suggest import suggest, write_instead

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp")
BODY_IMAGE_RE = re.compile(
    PATH_FORM + r"(?P<path>[^\n)\"'<>#?]+?\.(?:"  # spaces allowed: « Salle été.jpg »
    + "|".join(s.lstrip(".") for s in IMAGE_SUFFIXES)
    + r"))(?=[\s)\"'<>#?]|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ImageUse:
    """One place where a Markdown file uses an image."""

    item: Item
    line: int | None
    value: str  # as the writer typed it
    rel: str | None  # path inside the content folder; None when it climbs out of it
    in_body: bool

    @property
    def file(self) -> str:
        return self.item.display


def is_image_path(path: str) -> bool:
    return path.lower().endswith(IMAGE_SUFFIXES)


def resolve(item_rel: str, path: str) -> str | None:
    """Path inside the content folder of a link written in `item_rel`; None if outside."""
    if path.startswith("/"):
        joined = posixpath.normpath(path.lstrip("/"))
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(item_rel), path))
    if joined.startswith("../") or joined == ".." or joined.startswith("/"):
        return None
    return joined


def image_key_path(value: str) -> str | None:
    """The `Image` key's path inside the content folder (relative to it, per the contract)."""
    value = value.strip()
    if "://" in value or value.startswith("//"):
        return None
    joined = posixpath.normpath(value.lstrip("/"))
    if joined.startswith("../") or joined == "..":
        return None
    return joined


def uses_of(item: Item) -> Iterator[ImageUse]:
    """Every image `item` uses: its `Image` key first, then its body in reading order."""
    if not item.readable:
        return
    value = item.values.get("image")
    if isinstance(value, str) and value.strip() and "://" not in value:
        yield ImageUse(item, item.line_of("image"), value, image_key_path(value), False)
    body = item.source.body
    for match in BODY_IMAGE_RE.finditer(body):
        line = item.source.body_line + body.count("\n", 0, match.start())
        raw = match.group("path")
        yield ImageUse(item, line, raw, resolve(item.rel, raw), True)


def all_uses(corpus: Corpus) -> list[ImageUse]:
    return [use for item in corpus.items for use in uses_of(item)]


def existing_images(corpus: Corpus) -> list[str]:
    """Image files of the content folder the gate lets through, for "did you mean"."""
    return [rel for rel in corpus.walk.files if is_image_path(rel)]


def missing_or_outside(use: ImageUse, known: set[str]) -> fd.Finding | None:
    """The finding for a use whose file is outside the content folder or absent."""
    if use.rel is None:
        return fd.make("path-outside", use.file, use.line, value=use.value)
    if use.rel in known:  # listed from the disk: exists with this exact letter case
        return None
    shown = use.rel if use.in_body else use.value
    return fd.make("image-missing", use.file, use.line, value=shown,
                   suggestion=image_fix(use.rel, sorted(known)))


def image_fix(rel: str, known: list[str]) -> str:
    """The path to write when only the folder is missing (`photo.jpg` for
    `images/photo.jpg`), else the images whose path is near."""
    if "/" not in rel:
        in_folder = [k for k in known if k.rsplit("/", 1)[-1] == rel]
        if in_folder:
            return write_instead(in_folder[0])
    return suggest(rel, known)
