"""Accessibility of every page template with axe-core, on the real sample site.

axe-core (npm) is injected into one page of each template of the sample site (and a
few states: search results, a filtered catalogue, a service at its end of life, a
glossary tooltip shown): no WCAG 2.1 A or AA violation is allowed. While the pages
load, every request is recorded: none may leave 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from support import ROOT
from test_theme_support import (
    ARTIFACTS,
    SAMPLE_SITE,
    build,
    chromium,
    one_page_per_template,
    serve,
)

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
EXTRA_STATES = [
    "recherche/?q=donn%C3%A9es+clients",
    "catalogue/usines/tous/",
    "services/serveur-fichiers/",
    "services/fax-serveur/",
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SAMPLE_SITE, tmp_path_factory.mktemp("a11y") / "out", search=True)


@pytest.fixture(scope="module")
def pages_to_check(sample: Path) -> list[str]:
    templates = one_page_per_template(sample)
    urls = [str(p.relative_to(sample)).removesuffix("index.html") for p in templates.values()]
    return sorted(set(urls + EXTRA_STATES))


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


def test_every_template_has_no_wcag_violation(sample: Path, site_url: str,
                                              pages_to_check: list[str]) -> None:
    assert AXE.is_file(), "npm install (axe-core) first"
    assert len(pages_to_check) >= 15
    failures: dict[str, str] = {}
    hosts: set[str] = set()
    with chromium() as browser:
        # axe is injected as a script: the page's own CSP would refuse it, so it is set aside
        # for this test only (the CSP itself is tested elsewhere).
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
        for url in pages_to_check:
            page.goto(site_url + url)
            if "?q=" in url:
                page.locator(".search-results li").first.wait_for()
            violations = run_axe(page)
            if violations:
                failures[url] = describe(violations)
        # a glossary definition shown on keyboard focus must be readable too
        page.goto(site_url + "services/messagerie-agenda/")
        terms = page.locator("a.gloss-term")
        if terms.count():
            terms.first.focus()
            violations = run_axe(page)
            if violations:
                failures["infobulle du glossaire"] = describe(violations)
        context.close()
    assert not failures, "\n\n".join(f"{url}\n{text}" for url, text in failures.items())
    assert hosts == {"127.0.0.1"}, hosts


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
