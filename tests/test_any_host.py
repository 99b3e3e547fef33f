"""The published site works under any host name, and a missing address shows the 404 page.

The sample is built with `publishconf.py` (its production address), then served by a local
server that answers a missing address with `404.html`, as nginx's `error_page`, Apache's
`ErrorDocument` or IIS's `httpErrors` do (docs/publier.md). Headless Chromium opens it as
`127.0.0.1` and as `localhost`: every page loads its styles and scripts from the host it
was opened with, no request fails and no link leads to the production address.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hub.addresses import NOT_FOUND, URLS
from lxml import html as lxml_html
from support import build_site
from test_theme_support import SAMPLE_SITE, chromium, html_pages, one_page_per_template

pytestmark = pytest.mark.browser

# publishconf.py takes the production address from the content folder's site.toml
PRODUCTION = tomllib.loads((SAMPLE_SITE / "site.toml").read_text("utf-8"))["site"]["url"].rstrip("/")
HOSTS = ("127.0.0.1", "localhost")
DEEP_MISSING = "services/un/deux/trois/page-disparue/"
EXTRA_PAGES = ["recherche/?q=messagerie", "s-abonner/", NOT_FOUND.url()]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("any-host") / "output"
    done = build_site(SAMPLE_SITE, output, conf="publishconf.py", HUB_SEARCH=True)
    assert done.returncode == 0, done.stderr[-4000:]
    return output


class _Server(http.server.SimpleHTTPRequestHandler):
    """A static server that answers a missing address with the site's 404 page."""

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / NOT_FOUND.save_as()
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve_with_404(root: Path) -> Iterator[int]:
    """Serve `root` on 127.0.0.1 (a free port); yields the port."""
    handler = functools.partial(_Server, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def port(published: Path) -> Iterator[int]:
    with serve_with_404(published) as found:
        yield found


def links_to_production(page: Path) -> list[str]:
    """Every address of a page that points to the production site, but its canonical."""
    tree = lxml_html.fromstring(page.read_bytes())
    found = []
    for element, attribute, link, _ in tree.iterlinks():
        if not link.startswith(PRODUCTION):
            continue
        if element.tag == "link" and element.get("rel") == "canonical":
            continue
        found.append(f"<{element.tag} {attribute}={link}>")
    return found


def test_the_production_address_is_one_the_site_is_built_with(published: Path) -> None:
    """The build does know the production address: the feeds and the sitemap use it."""
    assert PRODUCTION.startswith("https://")
    assert PRODUCTION + "/" in (published / "flux" / "tout" / "rss.xml").read_text("utf-8")
    assert PRODUCTION + "/" in (published / "sitemap.xml").read_text("utf-8")


def test_no_page_links_to_the_production_address(published: Path) -> None:
    pages = html_pages(published)
    assert len(pages) > 50
    found = {}
    for page in pages:
        if page.name == "email.html":  # an e-mail: read far from the site, links absolute
            continue
        links = links_to_production(page)
        if links:
            found[str(page.relative_to(published))] = links[:3]
    assert not found, found


def pages_to_open(published: Path) -> list[str]:
    """One page of each template (every depth of the site) and a few states; not the
    e-mail version of an edition, whose links are absolute (it is sent, not served)."""
    urls = [str(p.relative_to(published)).removesuffix("index.html")
            for p in one_page_per_template(published).values() if p.name != "email.html"]
    return sorted(set(urls + EXTRA_PAGES))


def visit(page: Any, url: str) -> dict[str, Any]:
    """Open `url` and say what the page loaded and where its links lead."""
    page.goto(url)
    if "?q=" in url:
        page.locator(".search-results li").first.wait_for()
    result: dict[str, Any] = page.evaluate("""() => ({
        styled: [...document.querySelectorAll('link[rel=stylesheet]')]
            .every(l => l.sheet !== null) && document.styleSheets.length > 0,
        scripts: [...document.scripts].map(s => s.src).filter(Boolean),
        links: [...document.querySelectorAll('a[href], link[href], form[action]')]
            .map(e => e.href || e.action),
    })""")
    return result


def problems_under(browser: Any, host: str, port: int, urls: list[str]) -> list[str]:
    """What goes wrong when every page of `urls` is opened as `host`."""
    origin = f"http://{host}:{port}"
    problems: list[str] = []
    seen: list[str] = []

    def failed(request: Any) -> None:
        # a request cut short by leaving the page (the favicon, the search worker) is not
        # a failure; a missing file answers 404 and an unknown host fails otherwise
        if "ERR_ABORTED" not in str(request.failure):
            problems.append(f"échec : {request.url} ({request.failure})")

    def answered(response: Any) -> None:
        if response.status >= 400 and not response.url.endswith(URLS.not_found):
            problems.append(f"{response.status} : {response.url}")

    context = browser.new_context()
    page = context.new_page()
    page.on("request", lambda request: seen.append(request.url))
    page.on("requestfailed", failed)
    page.on("response", answered)
    for url in urls:
        found = visit(page, f"{origin}/{url}")
        if not found["styled"]:
            problems.append(f"{host} {url} : pas de styles")
        if not found["scripts"] and "affiche" not in url:  # a poster is a sheet, no script
            problems.append(f"{host} {url} : pas de script")
        problems += [f"{host} {url} : lien vers {link}" for link in found["links"]
                     if link.startswith(PRODUCTION)]
    context.close()
    return problems + [f"{host} : requête vers {u}" for u in seen
                       if urlsplit(u).scheme in ("http", "https")
                       and urlsplit(u).netloc != f"{host}:{port}"]


def test_every_page_works_under_two_host_names(published: Path, port: int) -> None:
    urls = pages_to_open(published)
    assert len(urls) >= 15
    with chromium() as browser:
        problems = [p for host in HOSTS for p in problems_under(browser, host, port, urls)]
    assert not problems, "\n".join(problems[:30])


def test_a_missing_address_at_any_depth_shows_the_404_page(port: int) -> None:
    origin = f"http://localhost:{port}"
    with chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        response = page.goto(f"{origin}/{DEEP_MISSING}")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Page introuvable"
        assert page.evaluate("document.styleSheets.length > 0 && "
                             "getComputedStyle(document.querySelector('.skip-link')).position"
                             " === 'absolute'")
        page.get_by_role("link", name="Le catalogue des services").click()
        page.wait_for_load_state()
        assert page.url == f"{origin}/{URLS.catalogue}"
        assert page.locator("h1").count() == 1

        page.goto(f"{origin}/{DEEP_MISSING}")
        search = page.get_by_role("search", name="Chercher la page voulue")
        search.get_by_role("searchbox").fill("messagerie")
        search.get_by_role("button", name="Rechercher").click()
        page.locator(".search-results li").first.wait_for()
        assert page.url.startswith(f"{origin}/{URLS.search}?q=messagerie")
        context.close()


def test_a_site_published_under_a_folder_checks_clean(tmp_path: Path) -> None:
    """Published at `https://intranet.exemple.fr/hub/`, the 404 page's links start with
    `/hub/`, and the checker resolves them from the site's root: no finding."""
    from hub import findings as fd
    from hub.publish.gate import BuildSpec, run_checker
    from support import FIXTURES, TODAY

    spec = BuildSpec(content=FIXTURES / "mini-site", today=TODAY, settings=(
        ("SITEURL", "https://intranet.exemple.fr/hub"), ("HUB_SEARCH", False)))
    output = tmp_path / "output"
    done = build_site(spec.content, output, conf="publishconf.py", **dict(spec.settings))
    assert done.returncode == 0, done.stderr[-3000:]
    tree = lxml_html.fromstring((output / NOT_FOUND.save_as()).read_bytes())
    links = [link for _, attribute, link, _ in tree.iterlinks()
             if attribute in ("href", "src", "action") and not link.startswith("#")]
    inside = [link for link in links if not urlsplit(link).scheme]  # the footer's help desk
    assert inside and all(link.startswith("/hub/") for link in inside), links
    findings = run_checker(spec, output)
    assert [f for f in findings if f.severity is fd.Severity.ERROR] == []
