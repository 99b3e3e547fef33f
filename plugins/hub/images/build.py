"""The images step of the Pelican build, once every generator has read its content.

1. Every image a page uses (the `Image` key, `{static}` images in bodies) and every image
   of the static folders is processed through the content-hash cache (2 threads).
2. Problems become findings at the Markdown file and line that use the image.
3. The published files are copied from the cache into the output; Pelican's static
   generator no longer copies those originals (their EXIF and GPS would leak).
4. Body `<img>` become responsive `<picture>` markup; templates get `hub_picture`.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pelican.generators import StaticGenerator

from hub import faults
from hub import findings as fd
from hub.build.state import corpus_for, hub_settings_of, run_of
from hub.build.timings import timed
from hub.images.decode import Limits
from hub.images.markup import CARD_SIZES, PictureOptions, picture, resolve_root, rewrite_body
from hub.images.process import ImageProcessor, ImageSet, Stats
from hub.images.uses import (
    ImageUse,
    all_uses,
    existing_images,
    is_image_path,
    missing_or_outside,
)
from hub.images.variants import Recipe
from hub.paths import inside, is_svg
from hub.settings import HubSettings
from hub.source.corpus import Corpus
from hub.source.gate import static_rel

log = logging.getLogger(__name__)


@dataclass
class ImageRegistry:
    """The published images of one run, by path inside the content folder."""

    root: Path
    sets: dict[str, ImageSet] = field(default_factory=dict)
    sizes: str = ""
    stats: Stats = field(default_factory=Stats)

    def get(self, rel: str | None) -> ImageSet | None:
        if not rel:
            return None
        image = self.sets.get(rel.lstrip("/"))
        return image if image is not None and image.problem is None else None


REGISTRY_GLOBAL = "hub_images"  # the run's `ImageRegistry`, for the template functions below


def registry_for(settings: dict[str, Any]) -> ImageRegistry | None:
    """The images of the current run (None before the step ran)."""
    return run_of(settings).images


# --- settings ------------------------------------------------------------------------


def recipe_of(hub_settings: HubSettings) -> Recipe:
    """The recipe from the settings; an empty or unreadable one takes HubSettings' default."""
    return Recipe(
        widths=tuple(int(w) for w in hub_settings.HUB_IMAGE_WIDTHS) or HubSettings.HUB_IMAGE_WIDTHS,
        card_widths=tuple(int(w) for w in hub_settings.HUB_IMAGE_CARD_WIDTHS)
        or HubSettings.HUB_IMAGE_CARD_WIDTHS,
        card_ratio=_ratio(hub_settings.HUB_IMAGE_CARD_RATIO),
        quality=hub_settings.HUB_IMAGE_QUALITY,
        original_max=hub_settings.HUB_IMAGE_ORIGINAL_MAX,
    )


def _ratio(text: str) -> tuple[int, int]:
    """`16:9` → (16, 9); an unreadable ratio takes HubSettings' default."""
    try:
        rw, rh = (int(p) for p in text.split(":", 1))
    except ValueError:
        return _ratio(HubSettings.HUB_IMAGE_CARD_RATIO)
    return max(1, rw), max(1, rh)


def processor_for(settings: dict[str, Any], root: Path) -> ImageProcessor:
    """The image processor configured by the hub's settings (used by build and checker)."""
    hub_settings = hub_settings_of(settings)
    recipe = recipe_of(hub_settings)
    limits = Limits(hub_settings.HUB_IMAGE_MAX_PIXELS, hub_settings.HUB_IMAGE_HEAVY_PIXELS,
                    recipe.needed_width)
    cache = Path(hub_settings.HUB_IMAGE_CACHE
                 or os.path.join(settings.get("CACHE_PATH") or "cache", "images"))
    return ImageProcessor(root, cache, recipe, limits, hub_settings.HUB_IMAGE_WORKERS)


# --- findings ------------------------------------------------------------------------


def pixel_limit(max_pixels: int) -> str:
    """The refusal limit in words: "89 millions de", "5 000" (before "pixels")."""
    if max_pixels >= 1_000_000:
        return f"{max_pixels / 1_000_000:.0f} millions de"
    return f"{max_pixels:,}".replace(",", "\u202f")


def findings_for(corpus: Corpus, uses: list[ImageUse], sets: dict[str, ImageSet],
                 max_pixels: int) -> list[fd.Finding]:
    """French findings at each use of a missing, broken, refused or altered image."""
    known = set(existing_images(corpus))
    out: list[fd.Finding] = []
    for use in uses:
        if use.rel is None:
            continue  # a path out of the content folder is reported by sanitize
        if is_svg(use.rel):
            continue  # published as it is (statics); in the Image key, a header finding
        if corpus.walk.refusal_of(use.rel) is not None:
            continue  # the refused file or link is reported once, where it is
        missing = missing_or_outside(use, known)
        if missing is not None:
            out.append(missing)
            continue
        image = sets.get(use.rel)
        if image is None:
            continue
        shown = use.rel if use.in_body else use.value  # "images/x.jpg", without "{static}/"
        if image.problem is not None:
            out.append(fd.make(image.problem.code, use.file, use.line, value=shown,
                               detail=image.problem.detail,
                               limit=pixel_limit(max_pixels)))
        for note in image.notes:
            out.append(fd.make(note.code, use.file, use.line, value=shown, detail=note.detail))
    return list(dict.fromkeys(out))


# --- the Pelican step ------------------------------------------------------------------


@timed("images")
def process_images(generators: list[Any]) -> None:
    """`all_generators_finalized`: process, report, publish and mark up every image."""
    first = generators[0]
    settings, context = first.settings, first.context
    corpus = corpus_for(settings)
    statics = [g for g in generators if isinstance(g, StaticGenerator)]
    static_images = {
        static_rel(sf): sf for g in statics for sf in g.staticfiles
        if is_image_path(str(sf.source_path))
    }
    uses = all_uses(corpus)
    processor = processor_for(settings, corpus.root)
    sets = processor.run({u.rel for u in uses
                          if u.rel and not is_svg(u.rel) and corpus.walk.admitted(u.rel)}
                         | set(static_images))
    hub_settings = hub_settings_of(settings)
    new = findings_for(corpus, uses, sets, hub_settings.HUB_IMAGE_MAX_PIXELS)
    known = set(corpus.findings)
    corpus.findings.extend(f for f in new if f not in known)

    registry = ImageRegistry(corpus.root, sets, hub_settings.HUB_IMAGE_SIZES, processor.stats)
    run_of(settings).images = registry
    written = publish(registry, Path(first.output_path))
    for g in statics:  # we publish these ourselves, stripped; broken ones not at all
        g.staticfiles[:] = [sf for sf in g.staticfiles if static_rel(sf) not in sets]
    if isinstance(context.get("staticfiles"), list):
        context["staticfiles"][:] = [
            sf for sf in context["staticfiles"] if static_rel(sf) not in sets
        ]
    for g in generators:
        env = getattr(g, "env", None)
        if env is not None:
            env.globals["hub_picture"] = hub_picture
            env.globals["hub_image"] = hub_image
            env.globals[REGISTRY_GLOBAL] = registry  # what those two read
    _mark_up_bodies(context, registry)
    stats = processor.stats
    log.info("images: %d in %.2f s (%d from cache, %d processed), %d files written",
             stats.images, stats.seconds, stats.from_cache, stats.processed, written)



def publish(registry: ImageRegistry, output: Path) -> int:
    """Copy every published file from the cache into `output`; unchanged files are skipped."""
    written = 0
    for image in registry.sets.values():
        if image.problem is not None:
            continue
        for variant in image.entry.variants:
            target = output / image.output_path(variant)
            source = image.entry.path_of(variant)
            if _same(source, target, exact=variant.role == "original"):
                continue
            temporary = target.with_name(f".{target.name}.tmp")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, temporary)
                os.replace(temporary, target)  # never writes through a hard link to a source
            except OSError as exc:
                temporary.unlink(missing_ok=True)
                if faults.refused(exc):
                    raise  # the run stops on one French sentence (faults.guard_run)
                log.warning("image %s not written: %s", target, exc)
                continue
            written += 1
    return written


def _same(source: Path, target: Path, exact: bool) -> bool:
    try:
        if target.is_symlink() or target.stat().st_size != source.stat().st_size:
            return False
    except OSError:
        return False
    if not exact:
        return True  # variant names carry the content key: same name and size, same file
    return source.read_bytes() == target.read_bytes()


def _mark_up_bodies(context: dict[str, Any], registry: ImageRegistry) -> None:
    seen: set[int] = set()
    for content in list(context.get("generated_content", {}).values()):
        if id(content) in seen or not hasattr(content, "_content"):
            continue
        seen.add(id(content))
        body = content._content
        if not isinstance(body, str) or "<img" not in body.lower():
            continue
        rel = _source_rel(content, registry.root)
        new = rewrite_body(body, rel, registry.get, registry.sizes)
        if new != body:
            content._content = new
            _resolve_root_when_rendered(content)


def _source_rel(content: Any, root: Path) -> str:
    try:
        rel = inside(Path(content.source_path), root)
    except (TypeError, AttributeError):
        rel = None
    return rel if rel is not None else str(getattr(content, "relative_source_path", ""))


def _resolve_root_when_rendered(content: Any) -> None:
    """Resolve the image root placeholder with the site URL Pelican renders the body with."""
    original = content._update_content

    def update(text: str, siteurl: str) -> str:
        return original(resolve_root(text, siteurl), siteurl)

    content._update_content = update


# --- templates -----------------------------------------------------------------------


@pass_context
def hub_picture(ctx: Context, item: Any, sizes: str | None = None, card: bool = False,
                eager: bool | None = None, alt: str | None = None) -> Markup:
    """Responsive `<picture>` of an item's `Image` (or of a path), for the theme.

    The page's own image is on the first screen (loaded at once); cards are lazy.
    """
    registry = _registry_of(ctx)
    if registry is None:
        return Markup("")
    path = item if isinstance(item, str) else getattr(item, "image", None)
    image = registry.get(str(path)) if path else None
    if image is None:
        return Markup("")
    text = alt if alt is not None else str(getattr(item, "image_alt", "") or "")
    options = PictureOptions(
        alt=text,
        sizes=sizes or (CARD_SIZES if card else registry.sizes),
        card=card,
        eager=(not card) if eager is None else eager,
    )
    siteurl = ctx.get("SITEURL")
    return Markup(resolve_root(picture(image, options), siteurl))


@pass_context
def hub_image(ctx: Context, path: str | None) -> ImageSet | None:
    """The published files of an image (for `og:image`, e-mails…), or None."""
    registry = _registry_of(ctx)
    return registry.get(path) if registry is not None and path else None


def _registry_of(ctx: Context) -> ImageRegistry | None:
    registry: ImageRegistry | None = ctx.get(REGISTRY_GLOBAL)
    return registry
