"""Accessibility of every page with axe-core, on the real sample site and an outside folder.

axe-core (npm) is injected into every page of the sample site and of `tests/unseen/content`
(the e-mail version of each edition and the review list included), at 1280 and 375 px, and
into a few states (search results, a filtered catalogue, a glossary tooltip shown): no WCAG
2.1 A or AA violation is allowed, and no page scrolls sideways. On each page the keyboard
reaches the skip link first, which leads into the main content. While the pages load, every
request is recorded: none may leave 127.0.0.1. Every feed item of both folders is parsed as
the W3C feed validator parses it (html5lib, strict): no warning.

With `HUB_A11Y_RESULTS=1`, these tests write what they measured into the results file the
accessibility statement is built from (`accessibility-results.json`, see a11y_results.py).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from a11y_results import record
from support import ROOT
from test_theme_support import (
    ARTIFACTS,
    SAMPLE_SITE,
    build,
    chromium,
    html_pages,
    serve,
)

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
UNSEEN_SITE = ROOT / "tests" / "unseen" / "content"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 375)
EXTRA_STATES = [
    "recherche/?q=donn%C3%A9es+clients",
    "catalogue/usines/tous/",
    "services/serveur-fichiers/",
    "services/fax-serveur/",
]
FOLDERS = {"sample": SAMPLE_SITE, "unseen": UNSEEN_SITE}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SAMPLE_SITE, tmp_path_factory.mktemp("a11y") / "out", search=True)


@pytest.fixture(scope="module")
def unseen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(UNSEEN_SITE, tmp_path_factory.mktemp("a11y-unseen") / "out", search=True)


def every_page(output: Path) -> list[str]:
    """The address of every page of a built site (its e-mail versions and 404 included)."""
    return [str(p.relative_to(output)).removesuffix("index.html") for p in html_pages(output)]


@pytest.fixture(scope="module")
def site_url(sample: Path) -> Iterator[str]:
    with serve(sample) as url:
        yield url


def run_axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} → {targets}")
    return "\n".join(lines)


def test_axe_reports_a_violation_when_there_is_one(site_url: str) -> None:
    """The check itself can fail: an image without a text alternative is caught."""
    with chromium() as browser:
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        page.goto(site_url)
        page.evaluate("document.querySelector('main').append(document.createElement('img'))")
        assert "image-alt" in {v["id"] for v in run_axe(page)}
        context.close()


@dataclass
class Audit:
    """What one pass over a site found, page by page."""

    pages: int = 0
    violations: dict[str, str] = field(default_factory=dict)
    wide: list[str] = field(default_factory=list)
    keyboard: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)

    def report(self) -> str:
        lines = [f"{url}\n{text}" for url, text in self.violations.items()]
        lines += [f"{url} déborde sur le côté" for url in self.wide]
        lines += [f"{url} : clavier — {problem}" for url, problem in self.keyboard]
        return "\n\n".join(lines[:40])


def keyboard_problem(page: Any) -> str:
    """"" when Tab reaches the skip link first and Enter moves into the main content."""
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.className") != "skip-link":
        return "le premier arrêt n'est pas le lien « Aller au contenu »"
    if page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "none":
        return "le focus ne se voit pas"
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "contenu":
        return "le lien d'évitement ne mène pas au contenu"
    return ""


def audit(base: str, urls: list[str], width: int) -> Audit:
    """axe-core, sideways scrolling and (at the widest) the keyboard on every page."""
    found = Audit(pages=len(urls))
    with chromium() as browser:
        # axe is injected as a script: the page's own CSP would refuse it, so it is set aside
        # for this test only (the CSP itself is tested elsewhere).
        context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.on("request", lambda request: found.hosts.add(urlsplit(request.url).hostname or ""))
        for url in urls:
            page.goto(base + url)
            if "?q=" in url:
                page.locator(".search-results li").first.wait_for()
            violations = run_axe(page)
            if violations:
                found.violations[f"{url} ({width} px)"] = describe(violations)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                found.wide.append(f"{url} ({width} px)")
            if width == max(WIDTHS) and not url.endswith("email.html"):
                problem = keyboard_problem(page)
                if problem:
                    found.keyboard.append((url, problem))
        context.close()
    return found


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_page_has_no_wcag_violation_at_two_widths(
        folder: str, request: pytest.FixtureRequest) -> None:
    assert AXE.is_file(), "npm install (axe-core) first"
    output: Path = request.getfixturevalue(folder)
    urls = sorted(set(every_page(output) + (EXTRA_STATES if folder == "sample" else [])))
    assert len(urls) >= 50
    assert any(u.endswith("email.html") for u in urls) and "revue/" in urls
    with serve(output) as base:
        audits = [audit(base, urls, width) for width in WIDTHS]
    record(f"axe-{folder}", pages=len(urls), widths=list(WIDTHS),
           violations=sum(len(a.violations) for a in audits),
           sideways=sum(len(a.wide) for a in audits),
           keyboard_pages=len([u for u in urls if not u.endswith("email.html")]),
           keyboard=sum(len(a.keyboard) for a in audits))
    failures = "\n\n".join(a.report() for a in audits if a.report())
    assert not failures, failures
    assert set().union(*(a.hosts for a in audits)) == {"127.0.0.1"}


def test_a_glossary_definition_shown_on_focus_has_no_violation(site_url: str) -> None:
    with chromium() as browser:
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(site_url + "services/messagerie-agenda/")
        terms = page.locator("a.gloss-term")
        assert terms.count()
        terms.first.focus()
        violations = run_axe(page)
        context.close()
    assert not violations, describe(violations)


FEED_HTML = (".//item/description", ".//item/{http://purl.org/rss/1.0/modules/content/}encoded",
             ".//{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content",
             ".//{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary")


def feed_warnings(output: Path) -> tuple[int, int, list[str]]:
    """Feeds, items' HTML checked, and the warnings of the W3C feed validator's HTML check
    (it parses each item's HTML with html5lib, strict, and warns on any parse error)."""
    import html5lib
    from html5lib.html5parser import ParseError

    files = sorted(output.glob("flux/**/*.xml"))
    checked, warnings = 0, []
    for path in files:
        for element in (e for xpath in FEED_HTML for e in ET.parse(path).iterfind(xpath)):
            if not (element.text or "").strip():
                continue
            checked += 1
            try:
                html5lib.HTMLParser(strict=True).parseFragment(element.text)
            except ParseError as error:
                warnings.append(f"{path.relative_to(output)}: {error}")
    return len(files), checked, warnings


def test_the_feed_html_check_reports_a_stray_end_tag() -> None:
    """The check itself can fail: the end tag libxml2 once wrote after `<source>`."""
    import html5lib
    from html5lib.html5parser import ParseError

    with pytest.raises(ParseError):
        html5lib.HTMLParser(strict=True).parseFragment(
            '<picture><source srcset="a.webp"></source><img src="a.jpg" alt="a"></picture>')


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_feed_item_is_html_the_w3c_feed_validator_accepts(
        folder: str, request: pytest.FixtureRequest) -> None:
    output: Path = request.getfixturevalue(folder)
    files, checked, warnings = feed_warnings(output)
    record(f"feeds-{folder}", files=files, items=checked, warnings=len(warnings))
    assert files >= 10 and checked >= 50
    assert not warnings, "\n".join(warnings[:20])


def test_mobile_and_desktop_screenshots_of_the_sample(site_url: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {"accueil": "", "catalogue": "services/", "service": "services/messagerie-agenda/",
             "contrainte": "contraintes/drive-grand-public-donnees-clients/",
             "glossaire": "glossaire/", "recherche": "recherche/?q=messagerie"}
    with chromium() as browser:
        for width in (375, 1280):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for name, url in shots.items():
                page.goto(site_url + url)
                if "?q=" in url:
                    page.locator(".search-results li").first.wait_for()
                page.screenshot(path=str(ARTIFACTS / f"sample-{name}-{width}.png"), full_page=True)
                wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
                assert not wide, f"{url} déborde à {width} px"
            context.close()
