"""Helpers of the theme, browser, accessibility and HTML validity tests (no tests here).

Sites are built for real (Pelican in a subprocess), served by a local http.server on
127.0.0.1 and a free port, and opened in Debian's Chromium through Playwright.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from support import FIXTURES, ROOT, build_site

THEME_SITE = FIXTURES / "theme-site"
SAMPLE_SITE = ROOT / "content"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def build(content: Path, output: Path, search: bool = False) -> Path:
    """Build `content` into `output` with the project's settings; fail with the log."""
    done = build_site(content, output, HUB_SEARCH=search, HUB_FEED_IDS="")
    assert done.returncode == 0, done.stderr[-4000:]
    return output


def html_pages(output: Path) -> list[Path]:
    """Every page of the site (the search bundle has none)."""
    return sorted(p for p in output.rglob("*.html") if "pagefind" not in p.parts)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(root: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler
          ) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port); yields the base URL, ending with '/'."""
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's), closed at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def one_page_per_template(output: Path) -> dict[str, Path]:
    """A page of each template, found by the `page-…` class the theme puts on <body>."""
    import re

    found: dict[str, Path] = {}
    pattern = re.compile(r'<body class="([^"]+)"')
    for path in html_pages(output):
        match = pattern.search(path.read_text(encoding="utf-8", errors="replace"))
        key = match.group(1) if match else "no-body-class:" + path.name
        found.setdefault(key, path)
    return found
