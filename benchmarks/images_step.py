"""The images step alone, per 2000 px photo, cold: run with the checkout to measure on its path.

    PYTHONPATH=<hub>/plugins python benchmarks/images_step.py --photos DIR --cache DIR

The photos are the corpus generator's (2000 × 1333 JPEG with EXIF, `corpus.photo`); the
processor is the build's (`hub.images.process.ImageProcessor` with the default settings:
its recipe, limits and HUB_IMAGE_WORKERS threads), on a fresh cache each time. It prints
one JSON object: wall and CPU seconds per photo for all the photos at once, and for one
photo alone (what the preview does when a writer drops a photo).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402


def write_photos(folder: Path, count: int, seed: int = 1) -> list[str]:
    """`count` photos of the corpus generator under `folder` (kept when already there)."""
    rng = random.Random(seed)
    names = []
    for i in range(count):
        path = folder / f"photo-{i:02d}.jpg"
        if not path.is_file():
            corpus.photo(path, rng)
        names.append(path.name)
    return names


def timed_run(photos: Path, names: list[str], cache: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one cold run of the build's image processor on `names`."""
    from hub.images.build import recipe_of
    from hub.images.decode import Limits
    from hub.images.process import ImageProcessor
    from hub.settings import HubSettings

    defaults = HubSettings()
    recipe = recipe_of(defaults)
    limits = Limits(defaults.HUB_IMAGE_MAX_PIXELS, defaults.HUB_IMAGE_HEAVY_PIXELS,
                    recipe.needed_width)
    shutil.rmtree(cache, ignore_errors=True)
    processor = ImageProcessor(photos, cache, recipe, limits, defaults.HUB_IMAGE_WORKERS)
    start, cpu = time.perf_counter(), time.process_time()
    processor.run(names)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    if processor.stats.processed != len(names):
        raise SystemExit(f"{processor.stats.processed} of {len(names)} photos processed")
    return seconds, cpu_seconds


def measure(photos: Path, cache: Path, count: int, repeat: int) -> dict[str, float]:
    names = write_photos(photos, count)
    batch = [timed_run(photos, names, cache) for _ in range(repeat)]
    alone = [timed_run(photos, names[:1], cache) for _ in range(repeat)]
    shutil.rmtree(cache, ignore_errors=True)
    return {
        "photos": count,
        "wall_per_photo": min(w for w, _ in batch) / count,
        "cpu_per_photo": min(c for _, c in batch) / count,
        "alone_wall": min(w for w, _ in alone),
        "alone_cpu": min(c for _, c in alone),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--photos", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2, help="runs (best kept)")
    args = parser.parse_args()
    print(json.dumps(measure(args.photos, args.cache, args.count, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
