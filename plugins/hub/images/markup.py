"""Responsive image markup: `<picture>` with WebP and fallback `srcset`, sizes, width/height.

URLs are written with a `{hub-image}` placeholder for the site root; it is resolved with
the same site URL Pelican uses for the page being written (relative in preview, absolute
in feeds and when publishing), so the same content renders right everywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from hub.images.process import ImageSet
from hub.images.uses import is_image_path, resolve
from hub.images.variants import Variant
from hub.paths import PATH_FORM
from hub.settings import HubSettings

ROOT_TOKEN = "{hub-image}/"
CARD_SIZES = "(min-width: 60rem) 18rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)"
IMG_TAG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
PICTURE_RE = re.compile(r"<picture\b.*?</picture>", re.IGNORECASE | re.DOTALL)
STATIC_PREFIX_RE = re.compile("^" + PATH_FORM)


@dataclass(frozen=True)
class PictureOptions:
    """How one image is shown: crop, sizes, loading."""

    alt: str
    sizes: str = HubSettings.HUB_IMAGE_SIZES
    card: bool = False
    eager: bool = False  # the image is on the first screen: load it at once
    extra: str = ""  # other attributes of the writer's <img> (title, class)


def picture(image: ImageSet, options: PictureOptions, root: str = ROOT_TOKEN) -> str:
    """The `<picture>` element for `image`; `root` prefixes every URL (site root)."""
    role = "card" if options.card else "responsive"
    webp = image.of_role(role, "image/webp")
    fallback = image.of_role(role, image.fallback_mime)
    if not fallback:
        return ""
    largest = fallback[-1]
    default = _default_candidate(fallback)

    def srcset(variants: list[Variant]) -> str:
        return ", ".join(f"{root}{image.output_path(v)} {v.width}w" for v in variants)

    sizes = html.escape(options.sizes, quote=True)
    loading = 'fetchpriority="high"' if options.eager else 'loading="lazy"'
    img = (
        f'<img src="{root}{image.output_path(default)}" srcset="{srcset(fallback)}" '
        f'sizes="{sizes}" width="{largest.width}" height="{largest.height}" '
        f'alt="{html.escape(options.alt, quote=True)}" {loading} decoding="async"'
        f"{options.extra}>"
    )
    source = (
        f'<source type="image/webp" srcset="{srcset(webp)}" sizes="{sizes}">' if webp else ""
    )
    css = "hub-picture hub-card-picture" if options.card else "hub-picture"
    return f'<picture class="{css}">{source}{img}</picture>'


def _default_candidate(variants: list[Variant]) -> Variant:
    """The `src` for browsers without `srcset`: a middle width (800 px when it exists)."""
    for variant in variants:
        if variant.width >= 800:
            return variant
    return variants[-1]


def resolve_root(text: str, siteurl: str | None) -> str:
    """Replace the root placeholder by Pelican's site URL for the page being written."""
    if ROOT_TOKEN not in text:
        return text
    if siteurl is None:
        prefix = "/"
    elif siteurl in ("", "."):
        prefix = "" if siteurl == "" else "./"
    else:
        prefix = siteurl.rstrip("/") + "/"
    return text.replace(ROOT_TOKEN, prefix)


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = {k: v or "" for k, v in attrs}

    handle_startendtag = handle_starttag


def img_attributes(tag: str) -> dict[str, str]:
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.attrs


KEPT_ATTRIBUTES = ("title", "class", "id")


def rewrite_body(content: str, source_rel: str, lookup: Callable[[str], ImageSet | None],
                 sizes: str = HubSettings.HUB_IMAGE_SIZES) -> str:
    """Every `<img src="{static}/…">` of a body replaced by responsive, lazy markup."""
    if "<img" not in content.lower():
        return content
    protected = [(m.start(), m.end()) for m in PICTURE_RE.finditer(content)]

    def replace(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in protected):
            return match.group(0)  # already inside a writer's own <picture>
        attrs = img_attributes(match.group(0))
        src = attrs.get("src", "")
        if not STATIC_PREFIX_RE.match(src):
            return match.group(0)
        path = STATIC_PREFIX_RE.sub("", src).split("#", 1)[0].split("?", 1)[0]
        if not is_image_path(path):
            return match.group(0)
        rel = resolve(source_rel, path)
        image = lookup(rel) if rel else None
        if image is None:
            return match.group(0)
        extra = "".join(
            f' {name}="{html.escape(attrs[name], quote=True)}"'
            for name in KEPT_ATTRIBUTES if name in attrs
        )
        return picture(image, PictureOptions(alt=attrs.get("alt", ""), sizes=sizes, extra=extra))

    return IMG_TAG_RE.sub(replace, content)
