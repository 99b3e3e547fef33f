"""The files published for one image: widths in WebP and in the original format, card crops.

Nothing is ever upscaled. Every file is encoded from pixels only (no EXIF, GPS, XMP,
comments or colour profile), so nothing about where or how a photo was taken leaks.
"""

from __future__ import annotations

import hashlib
import io
import json
from concurrent.futures import Executor, Future
from dataclasses import asdict, dataclass

from PIL import Image

from hub.images.decode import Decoded

LANCZOS = Image.Resampling.LANCZOS
MIME = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}
EXTENSION = {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
RECIPE_VERSION = 4  # bump when the encoding changes, so cached variants are redone


@dataclass(frozen=True)
class Recipe:
    """The settings that shape the output files (part of the cache key)."""

    widths: tuple[int, ...]  # their defaults: HubSettings' HUB_IMAGE_*
    card_widths: tuple[int, ...]
    card_ratio: tuple[int, int]
    quality: int
    original_max: int

    def fingerprint(self) -> str:
        data = json.dumps({"v": RECIPE_VERSION, **asdict(self)}, sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:16]

    @property
    def needed_width(self) -> int:
        return max(self.original_max, *self.widths, *self.card_widths)


@dataclass(frozen=True)
class Variant:
    """One published file of an image."""

    name: str  # file name in the cache entry: "original.jpg", "800w.webp", "carte-320w.jpg"
    width: int
    height: int
    mime: str
    size: int  # bytes
    role: str  # "original", "responsive" or "card"


@dataclass(frozen=True)
class Rendered:
    variant: Variant
    data: bytes


def fallback_format(decoded: Decoded) -> str:
    """The original's format for browsers and mail readers without WebP (JPEG or PNG)."""
    if decoded.format in ("JPEG", "MPO"):
        return "JPEG"
    if decoded.has_alpha or decoded.format in ("PNG", "GIF"):
        return "PNG"
    return "JPEG"


def original_format(name: str, decoded: Decoded) -> str:
    """The format the original's file name promises (a `.png` stays a PNG)."""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return Image.registered_extensions().get(ext, decoded.format)


def responsive_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """Candidate widths for an image `width` pixels wide: the smaller ones, then the image."""
    below = {w for w in widths if w < width}
    return sorted(below | {min(width, max(widths))})


def render(decoded: Decoded, name: str, recipe: Recipe,
           pool: Executor | None = None) -> list[Rendered]:
    """Every file published for the image file `name`, named by role and width.

    Resizing goes down a ladder (each width from the previous one, each card from the
    smallest rung still 1.5 times wider than it); with a `pool`, the encoding of each rung
    runs there while the next one is resized, so one image alone uses both cores.
    """
    image = decoded.image
    fallback = fallback_format(decoded)
    original = original_format(name, decoded)
    encoding = _Encoding(recipe.quality, pool)
    original_width = min(decoded.width, recipe.original_max, image.width)
    current = _resize(image, original_width)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else EXTENSION.get(original, "img")
    encoding.add(current, [(f"original.{ext}", original, "original")])
    ladder = [image, current]
    for width in sorted(responsive_widths(decoded.width, recipe.widths), reverse=True):
        width = min(width, image.width)
        current = _resize(current if current.width >= width else image, width)
        ladder.append(current)
        encoding.add(current, [(f"{width}w.{EXTENSION[fmt]}", fmt, "responsive")
                               for fmt in ("WEBP", fallback)])
    for width, height, box in _card_boxes(image, recipe):
        source, scaled = _card_source(ladder, image, width, box)
        card = source.resize((width, height), LANCZOS, box=scaled, reducing_gap=3.0)
        encoding.add(card, [(f"carte-{width}w.{EXTENSION[fmt]}", fmt, "card")
                            for fmt in ("WEBP", fallback)])
    return encoding.results()


Job = tuple[str, str, str]  # file name, format, role


class _Encoding:
    """The encodings of one image, in order, inline or on a pool.

    Pillow keeps the save options on the image object, so one object is never saved by
    two threads at once: an object handed in twice is encoded from a copy.
    """

    def __init__(self, quality: int, pool: Executor | None) -> None:
        self.quality = quality
        self.pool = pool
        self.taken: list[Image.Image] = []
        self.pending: list[Future[list[Rendered]] | list[Rendered]] = []

    def add(self, image: Image.Image, jobs: list[Job]) -> None:
        if any(image is seen for seen in self.taken):
            image = image.copy()
        self.taken.append(image)
        image.info = {}  # nothing of the source's metadata may reach the file
        if self.pool is None:
            self.pending.append(_encode_all(image, jobs, self.quality))
        else:
            self.pending.append(self.pool.submit(_encode_all, image, jobs, self.quality))

    def results(self) -> list[Rendered]:
        return [r for p in self.pending for r in (p if isinstance(p, list) else p.result())]


def _encode_all(image: Image.Image, jobs: list[Job], quality: int) -> list[Rendered]:
    return [_encode(image, name, fmt, quality, role) for name, fmt, role in jobs]


def _resize(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), LANCZOS, reducing_gap=3.0)


CARD_SOURCE_MARGIN = 1.5  # a card is resized from a rung at least this much wider


def _card_source(
    ladder: list[Image.Image], image: Image.Image, width: int,
    box: tuple[float, float, float, float],
) -> tuple[Image.Image, tuple[float, float, float, float]]:
    """The smallest rung whose crop is still 1.5 × the card's width, and the box on it."""
    crop_w = box[2] - box[0]
    source = image
    for rung in ladder:
        if rung.width < source.width and crop_w * rung.width / image.width >= (
                CARD_SOURCE_MARGIN * width):
            source = rung
    sx, sy = source.width / image.width, source.height / image.height
    return source, (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)


def _card_boxes(
    image: Image.Image, recipe: Recipe
) -> list[tuple[int, int, tuple[float, float, float, float]]]:
    """(width, height, crop box) of each card thumbnail: fixed ratio, centred, never upscaled."""
    rw, rh = recipe.card_ratio
    crop_w = min(image.width, image.height * rw / rh)
    crop_h = crop_w * rh / rw
    left = (image.width - crop_w) / 2
    top = (image.height - crop_h) * 0.4  # a little above centre: faces and titles
    box = (left, top, left + crop_w, top + crop_h)
    widths = sorted({min(w, int(crop_w)) for w in recipe.card_widths})
    return [(w, max(1, round(w * rh / rw)), box) for w in widths]


def _encode(image: Image.Image, name: str, fmt: str, quality: int, role: str) -> Rendered:
    image.info = {}  # nothing of the source's metadata may reach the file
    buffer = io.BytesIO()
    if fmt == "WEBP":
        image.save(buffer, "WEBP", quality=quality, method=3)
    elif fmt == "JPEG":
        flat = _flatten(image)
        flat.save(buffer, "JPEG", quality=min(95, quality + 2), optimize=True, progressive=True)
    elif fmt == "PNG":
        image.save(buffer, "PNG", compress_level=3)
    else:
        image.save(buffer, fmt)
    data = buffer.getvalue()
    mime = MIME.get(fmt) or Image.MIME.get(fmt, "application/octet-stream")
    return Rendered(Variant(name, image.width, image.height, mime, len(data), role), data)


def _flatten(image: Image.Image) -> Image.Image:
    """An image JPEG can hold: transparency laid on white."""
    if image.mode in ("RGB", "L"):
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
