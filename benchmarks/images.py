"""The images figure: what a phone downloads, time per image, and the cache's effect.

On realistic generated photos (4,000-pixel phone JPEGs with GPS) and a multi-MB PNG
screenshot (scripts/sample_images.py), measured side by side in the same run:

- bytes a phone downloads for the image of a page, versus the original file (target ≤ 20 %):
  real headless Chromium, 390 × 844 CSS px at device pixel ratio 3, loading the markup the
  site publishes (falls back to the browser's selection rule computed here if Chromium
  is missing);
- time per image, cold (fresh cache), one image at a time and all on 2 threads;
- the image work of a second build over the same cache (target: none).

Run on its own: `.venv/bin/python -m benchmarks.images` (files in benchmarks/out/).
"""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "scripts"))

from hub.images.build import recipe_of  # noqa: E402
from hub.images.decode import Limits  # noqa: E402
from hub.images.markup import PictureOptions, picture  # noqa: E402
from hub.images.process import ImageProcessor, ImageSet  # noqa: E402
from hub.settings import HubSettings  # noqa: E402
from sample_images import write_benchmark_images  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "images"
PHONE = {"width": 390, "height": 844, "dpr": 3}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Row:
    name: str
    original: int  # bytes of the writer's file
    phone: int  # bytes the phone downloads
    chosen: str  # the file the phone picked
    seconds: float  # cold processing time of this image alone (wall clock)
    cpu: float  # the same in CPU seconds (steady when the machine is busy)


def processor(root: Path, cache: Path, workers: int) -> ImageProcessor:
    defaults = HubSettings()
    recipe = recipe_of(defaults)
    return ImageProcessor(root, cache, recipe, Limits(defaults.HUB_IMAGE_MAX_PIXELS,
                                                      defaults.HUB_IMAGE_HEAVY_PIXELS,
                                                      recipe.needed_width), workers)


def phone_pick(image: ImageSet, sizes_px: float, dpr: float) -> tuple[str, int]:
    """The browser's pick among the WebP candidates: the smallest covering sizes × DPR."""
    webp = image.of_role("responsive", "image/webp")
    need = sizes_px * dpr
    chosen = next((v for v in webp if v.width >= need), webp[-1])
    return image.output_path(chosen), chosen.size


def chromium_downloads(site: Path, pages: list[str]) -> dict[str, tuple[str, int]] | None:
    """Per page: (file, bytes) of the image Chromium downloads as a phone; None if no browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    out: dict[str, tuple[str, int]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": PHONE["width"], "height": PHONE["height"]},
            device_scale_factor=PHONE["dpr"], is_mobile=True, has_touch=True)
        for page_name in pages:
            page = context.new_page()
            got: list[tuple[str, int]] = []
            page.on("requestfinished", lambda r, got=got: got.append(
                (r.url.rsplit("/", 1)[-1], r.sizes()["responseBodySize"]))
                if r.resource_type == "image" else None)
            page.goto((site / page_name).as_uri())
            page.wait_for_load_state("load")
            page.close()
            out[page_name] = (", ".join(n for n, _ in got), sum(s for _, s in got))
        browser.close()
    return out


def write_pages(site: Path, sets: dict[str, ImageSet]) -> list[str]:
    """One page per image with the markup the site publishes (the page's image)."""
    pages = []
    for rel, image in sets.items():
        name = Path(rel).stem + ".html"
        options = PictureOptions(alt="photo", sizes=HubSettings.HUB_IMAGE_SIZES, eager=True)
        markup = picture(image, options, root="")
        (site / name).write_text(
            '<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width, initial-scale=1"><title>x</title><style>body{margin:0;'
            "padding:1rem}img{max-width:100%;height:auto}</style></head><body>"
            f"{markup}</body></html>", encoding="utf-8")
        pages.append(name)
    return pages


def publish_files(site: Path, sets: dict[str, ImageSet]) -> None:
    for image in sets.values():
        for variant in image.entry.variants:
            target = site / image.output_path(variant)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(image.entry.path_of(variant), target)


def measure(out: Path = OUT) -> dict[str, object]:
    """Every figure of the images section, as a dict (printed by `report`)."""
    sources = out / "sources"
    files = write_benchmark_images(sources)
    names = [p.name for p in files]
    rows: list[Row] = []
    for name in names:  # cold, one image alone
        cache = out / "cache-single"
        shutil.rmtree(cache, ignore_errors=True)
        single = processor(sources, cache, workers=1)
        start, cpu = time.perf_counter(), time.process_time()
        single.run([name])
        rows.append(Row(name, (sources / name).stat().st_size, 0, "",
                        time.perf_counter() - start, time.process_time() - cpu))

    cache = out / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cold = processor(sources, cache, workers=2)
    sets = cold.run(names)
    warm = processor(sources, cache, workers=2)
    warm.run(names)

    site = out / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    publish_files(site, sets)
    pages = dict(zip(sets, write_pages(site, sets), strict=True))
    browser = chromium_downloads(site, list(pages.values()))
    sizes_px = PHONE["width"] - 32  # calc(100vw - 2rem)
    for row in rows:
        page = pages[row.name]
        if browser is not None:
            row.chosen, row.phone = browser[page]
        else:
            path, row.phone = phone_pick(sets[row.name], sizes_px, PHONE["dpr"])
            row.chosen = Path(path).name
    total_original = sum(r.original for r in rows)
    total_phone = sum(r.phone for r in rows)
    return {
        "rows": rows,
        "measured_by": "chromium" if browser is not None else "computed",
        "ratio": total_phone / total_original if total_original else 0.0,
        "cold_seconds": cold.stats.seconds,
        "cold_processed": cold.stats.processed,
        "warm_seconds": warm.stats.seconds,
        "warm_processed": warm.stats.processed,
        "warm_from_cache": warm.stats.from_cache,
    }


def report(figures: dict[str, object]) -> str:
    rows: list[Row] = figures["rows"]  # type: ignore[assignment]
    lines = [
        "Images — phone 390 px @3x, bytes downloaded for the page's image vs the original "
        f"(measured by {figures['measured_by']})",
        f"{'image':<18}{'original':>12}{'phone':>10}{'ratio':>8}{'s/image':>9}{'cpu s':>7}"
        "  file picked",
    ]
    for r in rows:
        lines.append(f"{r.name:<18}{r.original / 1000:>10.0f}kB{r.phone / 1000:>8.0f}kB"
                     f"{r.phone / r.original:>8.1%}{r.seconds:>9.2f}{r.cpu:>7.2f}  {r.chosen}")
    n = len(rows)
    lines += [
        f"all images: phone downloads {figures['ratio']:.1%} of the originals (target ≤ 20 %)",
        f"cold, 2 threads: {n} images in {figures['cold_seconds']:.2f} s "
        f"({figures['cold_seconds'] / max(1, n):.2f} s per image)",
        f"second build: {figures['warm_processed']} image(s) processed, "
        f"{figures['warm_from_cache']} from cache, {figures['warm_seconds'] * 1000:.0f} ms "
        "(target: none processed)",
    ]
    return "\n".join(lines)


def rows(figures: dict[str, object]) -> list[tuple[str, str, str, str]]:
    """(measure, value, baseline, note) lines for benchmarks/run.py."""
    items: list[Row] = figures["rows"]  # type: ignore[assignment]
    out = []
    for r in items:
        share = r.phone / r.original
        out.append((f"phone bytes, {r.name}", f"{r.phone / 1000:.0f} kB ({share:.1%})",
                    f"original {r.original / 1000:.0f} kB", r.chosen))
    out.append(("phone bytes, all images", f"{figures['ratio']:.1%} of the originals",
                "target ≤ 20 %", f"measured by {figures['measured_by']}, 390 px @3x"))
    for r in items:
        out.append((f"cold processing, {r.name}", f"{r.seconds:.2f} s",
                    f"{r.cpu:.2f} s CPU", "alone, fresh cache"))
    n = max(1, len(items))
    out.append(("cold processing, 2 threads", f"{figures['cold_seconds'] / n:.2f} s per image",
                f"{n} images in {figures['cold_seconds']:.2f} s", ""))
    out.append(("second build: images processed", str(figures["warm_processed"]),
                "target 0", f"{figures['warm_from_cache']} from cache in "
                f"{figures['warm_seconds'] * 1000:.0f} ms"))
    return out


def main() -> int:
    print(report(measure()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
