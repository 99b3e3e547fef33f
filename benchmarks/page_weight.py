"""Page weight of a built site: HTML + the CSS and JS each page links to, per page.

The budget of the reader-experience issue is a median page of at most 50 KB. Images
are not counted (the images work has its own figure). Run on its own:
`.venv/bin/python -m benchmarks.page_weight [OUTPUT_DIR]` (default: output/).
"""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ASSET_RE = re.compile(
    r"<(?:script[^>]*\ssrc|link[^>]*rel=\"stylesheet\"[^>]*\shref)=\"([^\"]+)\"", re.IGNORECASE
)


def _local_file(page: Path, site: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    target = target.resolve()
    return target if target.is_file() else None


def page_bytes(page: Path, site: Path) -> int:
    """The bytes a first visit to `page` downloads, images aside."""
    html = page.read_bytes()
    total = len(html)
    for url in dict.fromkeys(_ASSET_RE.findall(html.decode("utf-8", errors="replace"))):
        asset = _local_file(page, site, url)
        if asset is not None:
            total += asset.stat().st_size
    return total


def measure(site: Path) -> dict[str, int]:
    """Bytes per page (path relative to `site`), for every page outside the search bundle."""
    site = site.resolve()
    return {
        str(page.relative_to(site)): page_bytes(page, site)
        for page in sorted(site.rglob("*.html"))
        if "pagefind" not in page.relative_to(site).parts
    }


def summary(site: Path) -> dict[str, float]:
    """Median and max page weight in KB (1 KB = 1,000 bytes), and the page count."""
    weights = measure(site)
    if not weights:
        return {"pages": 0, "median_kb": 0.0, "max_kb": 0.0}
    return {
        "pages": len(weights),
        "median_kb": round(statistics.median(weights.values()) / 1000, 1),
        "max_kb": round(max(weights.values()) / 1000, 1),
    }


def run(site: Path | None = None) -> list[tuple[str, str]]:
    """Rows for the benchmark table: (figure, value)."""
    site = site or Path(__file__).resolve().parent.parent / "output"
    figures = summary(site)
    weights = measure(site)
    heaviest = max(weights, key=weights.__getitem__) if weights else "-"
    return [
        ("page-weight: pages", str(figures["pages"])),
        ("page-weight: median HTML+CSS+JS", f"{figures['median_kb']} KB (budget 50 KB)"),
        ("page-weight: max HTML+CSS+JS", f"{figures['max_kb']} KB ({heaviest})"),
    ]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    for name, value in run(target):
        print(f"{name:<36} {value}")
