"""Images with Pillow: light, responsive, private, and never a crash.

Modules, in pipeline order:
  uses      where the content uses images (`Image` key, `{static}` in bodies), with lines
  decode    opening a file safely: upright, sRGB, no metadata, or an `ImageProblem`
  variants  the published files: widths in WebP and the original format, card crops
  cache     the content-hash cache (an unchanged image is never processed twice)
  process   cache look-up, then decoding and encoding on 2 threads
  markup    `<picture>` with `srcset`, `sizes`, `width`/`height`, lazy loading
  build     the Pelican step: process, report, publish, mark up bodies, template globals

For the other parts of the hub:
  check_image(path)            the problem of one image file, or None (the checker)
  enclosure_for(conf, path)    a feed enclosure: a light JPEG/PNG with its true length
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.images.build import hub_image, hub_picture, process_images
from hub.images.build import registry_for as registry_for
from hub.images.decode import ImageProblem, Limits, bombs_as_errors, decode
from hub.settings import HubSettings

__all__ = [
    "FeedImage",
    "check_image",
    "email_image_for",
    "enclosure_for",
    "hub_image",
    "hub_picture",
    "process_images",
    "registry_for",
]

def check_image(path: Path | str,
                max_pixels: int = HubSettings.HUB_IMAGE_MAX_PIXELS) -> ImageProblem | None:
    """The problem that keeps an image file from being published, or None.

    `ImageProblem.code` is a findings code (`image-broken`, `image-too-large`) and
    `ImageProblem.detail` a French reason for `image-broken` ("le fichier est incomplet…").
    Every pixel is decoded (a JPEG at 1/8 scale: all its data is still read).
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        return ImageProblem("image-broken", "le fichier ne peut pas être ouvert")
    with bombs_as_errors():
        result = decode(data, Limits(max_pixels, max_pixels, needed_width=1))
    if isinstance(result, ImageProblem):
        return result
    result.image.close()
    return None


@dataclass(frozen=True)
class FeedImage:
    """An image for feeds and e-mails: a JPEG or PNG (Outlook shows no WebP)."""

    path: str  # relative to the site root: "images/photo-800w.1a2b3c4d5e.jpg"
    length: int  # bytes, as published
    type: str  # MIME type
    width: int
    height: int


def enclosure_for(settings: dict[str, Any], image: str | None,
                  max_width: int = 800) -> FeedImage | None:
    """The published fallback variant of `image` (at most `max_width` wide), or None.

    Available once the images step of the build has run (all generators finalized).
    """
    registry = registry_for(settings)
    found = registry.get(image) if registry is not None and image else None
    if found is None:
        return None
    candidates = found.of_role("responsive", found.fallback_mime)
    if not candidates:
        return None
    fitting = [v for v in candidates if v.width <= max_width] or candidates[:1]
    variant = fitting[-1]
    return FeedImage(found.output_path(variant), variant.size, variant.mime, variant.width,
                     variant.height)


def email_image_for(settings: dict[str, Any], image: str | None,
                    display_width: int) -> FeedImage | None:
    """The JPEG/PNG variant of `image` for a mail showing it `display_width` wide: the
    smallest that covers it at 2x (sharp on a phone's screen), else the widest there is.

    Available once the images step of the build has run (all generators finalized).
    """
    registry = registry_for(settings)
    found = registry.get(image) if registry is not None and image else None
    if found is None:
        return None
    candidates = sorted(found.of_role("responsive", found.fallback_mime), key=lambda v: v.width)
    if not candidates:
        return None
    covering = [v for v in candidates if v.width >= 2 * display_width]
    variant = covering[0] if covering else candidates[-1]
    return FeedImage(found.output_path(variant), variant.size, variant.mime, variant.width,
                     variant.height)
