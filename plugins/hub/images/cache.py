"""The content-hash cache: an image whose bytes and recipe did not change is never redone.

An entry lives in `<cache>/<key[:2]>/<key>/`: the encoded files and a `manifest.json`
describing them (or the problem found in the file). The key is the SHA-256 of the recipe
and the file's bytes, so renaming or moving an image costs nothing either. Entries are
written to a temporary folder first and renamed, so a killed build never leaves half an
entry behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from hub.images.decode import ImageProblem
from hub.images.variants import Rendered, Variant


def content_key(data: bytes, fingerprint: str) -> str:
    """The cache key of an image file's bytes under a recipe."""
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(data)
    return digest.hexdigest()


class CacheEntry:
    """What the cache knows about one image: its files, upright size and problems."""

    def __init__(self, folder: Path, manifest: dict[str, Any]) -> None:
        self.folder = folder
        self.width: int = manifest.get("width", 0)
        self.height: int = manifest.get("height", 0)
        self.variants = tuple(Variant(**v) for v in manifest.get("variants", ()))
        self.notes = tuple(ImageProblem(**n) for n in manifest.get("notes", ()))
        problem = manifest.get("problem")
        self.problem = ImageProblem(**problem) if problem else None

    def path_of(self, variant: Variant) -> Path:
        return self.folder / variant.name


class ImageCache:
    """Entries keyed by content hash under one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry_dir(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def load(self, key: str) -> CacheEntry | None:
        folder = self._entry_dir(key)
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            entry = CacheEntry(folder, manifest)
        except (OSError, ValueError, TypeError):
            return None
        if any(not entry.path_of(v).is_file() for v in entry.variants):
            return None
        return entry

    def store(self, key: str, width: int, height: int, rendered: list[Rendered],
              notes: list[ImageProblem], problem: ImageProblem | None) -> CacheEntry:
        manifest = {
            "width": width,
            "height": height,
            "variants": [asdict(r.variant) for r in rendered],
            "notes": [asdict(n) for n in notes],
            "problem": asdict(problem) if problem else None,
        }
        final = self._entry_dir(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=final.parent))
        try:
            for item in rendered:
                (staging / item.variant.name).write_bytes(item.data)
            (staging / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            if final.exists():
                existing = self.load(key)  # another build wrote it meanwhile: same bytes
                if existing is not None:
                    shutil.rmtree(staging, ignore_errors=True)
                    return existing
                shutil.rmtree(final, ignore_errors=True)
            os.replace(staging, final)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            # An unwritable cache must not stop the build: keep the entry in memory only.
            return _MemoryEntry(manifest, rendered)
        return CacheEntry(final, manifest)


class _MemoryEntry(CacheEntry):
    """An entry that could not be written to disk (read-only cache): files kept in memory."""

    def __init__(self, manifest: dict[str, Any], rendered: list[Rendered]) -> None:
        self._memory_dir = Path(tempfile.mkdtemp(prefix="hub-images-"))
        super().__init__(self._memory_dir, manifest)
        for item in rendered:
            (self._memory_dir / item.variant.name).write_bytes(item.data)
