"""Posters and print: every service's and constraint's poster printed to PDF by headless
Chromium is one A4 page with nothing cut, its QR code (read back by zbarimg) opens the
item's absolute address, and its text passes axe-core's contrast rule; the pages of the
site print without navigation and without a card cut across two pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import ROOT
from test_theme_support import ARTIFACTS, build, chromium, serve

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SITE = "http://127.0.0.1:8000"  # the sample's address in the build the tests make
RETIRING = "services/serveur-fichiers/"
PAGE_RE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(pdf: bytes) -> int:
    return len(PAGE_RE.findall(pdf))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    output = build(ROOT / "content", tmp_path_factory.mktemp("posters") / "out")
    with serve(output) as url:
        yield output, url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def posters_of(output: Path) -> list[str]:
    found = sorted(p.parent.relative_to(output).as_posix() + "/"
                   for p in output.glob("*/*/affiche/index.html"))
    assert any(f.startswith("services/") for f in found)
    assert any(f.startswith("contraintes/") for f in found)
    return found


def decode_qr(page: Any, path: Path) -> str:
    page.locator(".poster-qr").first.screenshot(path=str(path))
    done = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_every_poster_is_one_a4_page_whose_code_opens_its_page(
        site: tuple[Path, str], browser: Any, tmp_path: Path) -> None:
    assert shutil.which("zbarimg"), "apt install zbar-tools first"
    output, url = site
    context = browser.new_context(device_scale_factor=2, bypass_csp=True)
    page = context.new_page()
    for poster in posters_of(output):
        item = poster.removesuffix("affiche/")
        page.goto(url + poster)
        assert decode_qr(page, tmp_path / "qr.png") == f"{SITE}/{item}"
        page.emulate_media(media="print")
        cut = page.evaluate("""[...document.querySelectorAll('.poster')].filter(
            p => p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1).length""")
        assert cut == 0, poster
        assert pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True)) == 1, poster
        page.add_script_tag(path=str(AXE))
        contrast = page.evaluate("""axe.run(document, {runOnly: {type: 'rule',
            values: ['color-contrast', 'document-title', 'html-has-lang', 'image-alt']}})
            .then(r => r.violations.map(v => v.id))""")
        assert contrast == [], poster
        page.emulate_media(media="screen")
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(url + "services/messagerie-agenda/affiche/")
    page.emulate_media(media="print")
    (ARTIFACTS / "affiche-service.pdf").write_bytes(page.pdf(prefer_css_page_size=True,
                                                             print_background=True))
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=str(ARTIFACTS / "affiche-service.png"), full_page=True)
    context.close()


def test_a_retiring_service_says_when_it_ends_and_what_replaces_it(
        site: tuple[Path, str], browser: Any) -> None:
    output, url = site
    page = browser.new_page()
    page.goto(url + RETIRING + "affiche/")
    end = page.locator(".poster-end").inner_text()
    assert end.startswith("Ce service prend fin le ") and "Il est remplacé par" in end
    page.close()


def test_an_audiences_posters_print_together(site: tuple[Path, str], browser: Any) -> None:
    output, url = site
    page = browser.new_page()
    page.goto(url + "services/")
    links = page.locator("#affiches ~ ul a")
    assert links.count() >= 2
    href = links.first.get_attribute("href")
    page.goto(url + "services/" + href)
    count = page.locator(".poster").count()
    assert count >= 2
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(prefer_css_page_size=True)) == count
    page.close()


def test_service_page_links_its_poster(site: tuple[Path, str], browser: Any) -> None:
    output, url = site
    page = browser.new_page()
    page.goto(url + "services/messagerie-agenda/")
    page.get_by_role("link", name="Imprimer l'affiche de ce service").click()
    assert page.url.endswith("services/messagerie-agenda/affiche/")
    assert page.locator("h1").inner_text() == "Messagerie et agenda"
    page.close()


@pytest.mark.parametrize("address", ["services/messagerie-agenda/", "histoires/",
                                     "editions/lettre-novembre-2026/"])
def test_pages_print_without_navigation_or_cut_cards(site: tuple[Path, str], browser: Any,
                                                     address: str) -> None:
    output, url = site
    page = browser.new_page()
    page.goto(url + address)
    page.emulate_media(media="print")
    hidden = page.evaluate("""['.site-header', '.site-nav', '.site-footer', '.feedback',
        '.report', '.breadcrumb'].filter(s => document.querySelector(s)).map(
        s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden and set(hidden) == {"none"}
    cards = page.evaluate("""[...document.querySelectorAll('.card')].map(
        c => getComputedStyle(c).breakInside)""")
    assert all(value == "avoid" for value in cards)
    shown = page.evaluate("""[...document.querySelectorAll('.prose a[href^="http"]')].map(
        a => getComputedStyle(a, '::after').content)""")
    assert all(value.startswith('" (') for value in shown)
    assert pdf_pages(page.pdf()) >= 1
    page.close()
