"""Processing the images of a content folder: cache look-up, then decode and encode on 2 cores.

Pillow releases the GIL while it decodes, resizes and encodes, so threads keep both cores
busy without copying pixels between processes: one pool takes the images, another the
encodings of their variants (so that one image alone, as in the preview, uses both cores).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from hub.images.cache import CacheEntry, ImageCache, content_key
from hub.images.decode import Decoded, ImageProblem, Limits, bombs_as_errors, decode
from hub.images.variants import Recipe, Variant, render
from hub.paths import safe_static


@dataclass(frozen=True)
class ImageSet:
    """The published files of one source image, as templates and the feeds need them."""

    source: str  # path relative to the content folder: "images/photo.jpg"
    key: str
    entry: CacheEntry

    @property
    def problem(self) -> ImageProblem | None:
        return self.entry.problem

    @property
    def notes(self) -> tuple[ImageProblem, ...]:
        return self.entry.notes

    @property
    def width(self) -> int:
        return self.entry.width

    @property
    def height(self) -> int:
        return self.entry.height

    @property
    def folder(self) -> str:
        return str(PurePosixPath(safe_static(self.source)).parent)

    def output_name(self, variant: Variant) -> str:
        """File name in the output: the original keeps its (safe) name, variants carry
        the key."""
        name = PurePosixPath(safe_static(self.source)).name
        if variant.role == "original":
            return name
        stem = name.rsplit(".", 1)[0]
        base, ext = variant.name.rsplit(".", 1)
        return f"{stem}-{base}.{self.key[:10]}.{ext}"

    def output_path(self, variant: Variant) -> str:
        """Path of a variant relative to the output folder, with "/"."""
        folder = self.folder
        name = self.output_name(variant)
        return name if folder in ("", ".") else f"{folder}/{name}"

    def of_role(self, role: str, mime: str | None = None) -> list[Variant]:
        return sorted(
            (v for v in self.entry.variants
             if v.role == role and (mime is None or v.mime == mime)),
            key=lambda v: v.width,
        )

    @property
    def original(self) -> Variant | None:
        found = self.of_role("original")
        return found[0] if found else None

    @property
    def fallback_mime(self) -> str:
        mimes = {v.mime for v in self.of_role("responsive")} - {"image/webp"}
        return mimes.pop() if mimes else "image/jpeg"


@dataclass
class Stats:
    """What one run did: the second build of unchanged images must process none."""

    images: int = 0
    from_cache: int = 0
    processed: int = 0
    seconds: float = 0.0
    processed_paths: list[str] = field(default_factory=list)


class ImageProcessor:
    """Turns source images into published variants, through the content-hash cache."""

    def __init__(self, root: Path, cache_dir: Path, recipe: Recipe, limits: Limits,
                 workers: int = 2) -> None:
        self.root = root
        self.cache = ImageCache(cache_dir)
        self.recipe = recipe
        self.limits = limits
        self.workers = max(1, workers)
        self.fingerprint = recipe.fingerprint() + f"-{limits.max_pixels}-{limits.heavy_pixels}"
        self.stats = Stats()
        self._lock = threading.Lock()

    def run(self, sources: Iterable[str]) -> dict[str, ImageSet]:
        """The image set of every existing source (paths relative to the root)."""
        wanted = sorted({s for s in sources if (self.root / s).is_file()})
        start = time.perf_counter()
        with (bombs_as_errors(), ThreadPoolExecutor(self.workers) as pool,
              ThreadPoolExecutor(self.workers) as encoders):
            one = functools.partial(self._one, encoders=encoders)
            results = dict(zip(wanted, pool.map(one, wanted), strict=True))
        self.stats.images += len(wanted)
        self.stats.seconds += time.perf_counter() - start
        return results

    def _one(self, source: str, encoders: Executor | None = None) -> ImageSet:
        try:
            data = (self.root / source).read_bytes()
        except OSError:
            problem = ImageProblem("image-broken", "le fichier ne peut pas être ouvert")
            key = content_key(b"", self.fingerprint + source)
            return ImageSet(source, key, self.cache.store(key, 0, 0, [], [], problem))
        key = content_key(data, self.fingerprint)
        entry = self.cache.load(key)
        if entry is not None:
            with self._lock:
                self.stats.from_cache += 1
            return ImageSet(source, key, entry)
        entry = self._process(key, data, PurePosixPath(source).name, encoders)
        with self._lock:
            self.stats.processed += 1
            self.stats.processed_paths.append(source)
        return ImageSet(source, key, entry)

    def _process(self, key: str, data: bytes, name: str,
                 encoders: Executor | None) -> CacheEntry:
        decoded = decode(data, self.limits)
        if isinstance(decoded, ImageProblem):
            return self.cache.store(key, 0, 0, [], [], decoded)
        try:
            rendered = render(decoded, name, self.recipe, encoders)
        except Exception:  # noqa: BLE001 - an encoder failure is a bad image, not a crash
            problem = ImageProblem("image-broken", "le fichier est endommagé")
            return self.cache.store(key, 0, 0, [], [], problem)
        finally:
            _close(decoded)
        return self.cache.store(key, decoded.width, decoded.height, rendered, decoded.notes,
                                None)


def _close(decoded: Decoded) -> None:
    decoded.image.close()
