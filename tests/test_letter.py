"""The letter ready to send (`editions/<slug>/lettre.eml`), read by Python's `email`
package and its HTML part rendered in headless Chromium at a phone's and a desktop
mail's width.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import lxml.html
import pytest
from hub.source import sitefile
from PIL import Image
from support import FIXTURES, ROOT, build_site
from test_theme_support import chromium, serve

SENDER = "Communication DSI <communication-dsi@norelia.fr>"
LIST = "Tous les salariés <tous@norelia.fr>"
NBSP, NNBSP = "\u00a0", "\u202f"


@dataclass
class Served:
    output: Path
    url: str  # the site's address, as the build's absolute links use it


def build(content: Path, output: Path, **settings: object) -> Path:
    done = build_site(content, output, HUB_SEARCH=False, HUB_LETTER_FROM=SENDER,
                      HUB_LETTER_TO=LIST, **settings)
    assert done.returncode == 0, done.stderr[-3000:]
    return output


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample site, served, its absolute links pointing at the server."""
    output = tmp_path_factory.mktemp("letter") / "site"
    output.mkdir()
    with serve(output) as url:
        build(ROOT / "content", output, HUB_FEED_SITEURL=url.rstrip("/"))
        yield Served(output, url.rstrip("/"))


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("letter-embedded")
    shutil.copytree(FIXTURES / "feeds-site", root / "content")
    return build(root / "content", root / "site", HUB_LETTER_EMBED_IMAGES=True)


def read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def test_the_letter_is_a_draft_with_text_and_html(sample: Served) -> None:
    letters = sorted(sample.output.glob("editions/*/lettre.eml"))
    assert letters
    # the list given to the build wins over the one the sample's site file names
    assert sitefile.read(ROOT / "content").settings["HUB_LETTER_TO"] != LIST
    for path in letters:
        message = read(path)
        page = lxml.html.parse(str(path.parent / "index.html")).getroot()
        title = page.findtext(".//h1").replace(NNBSP, " ").replace(NBSP, " ")
        assert message["X-Unsent"] == "1"
        assert str(message["Subject"]) == title
        assert str(message["From"]) == SENDER and str(message["To"]) == LIST
        assert message.get_content_type() == "multipart/alternative"
        parts = list(message.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        assert all(p.get_content_charset() == "utf-8" for p in parts)
        html = html_of(message)
        same = (path.parent / "email.html").read_text(encoding="utf-8")
        assert html.replace("\r\n", "\n").rstrip("\n") == same.rstrip("\n")
        text = str(parts[0].get_content()).replace("\r\n", "\n")
        links = re.findall(r"^\[(\d+)\] (\S+)$", text, re.MULTILINE)
        hrefs = {a.get("href") for a in lxml.html.document_fromstring(html).iter("a")}
        assert {url for _n, url in links} == hrefs
        assert [int(n) for n, _url in links] == list(range(1, len(links) + 1))
        assert "Lire la suite [" in text and "<" not in text
        assert f"{NBSP}:" in text and " :" not in text  # the site's French spacing
        assert f"{NBSP}:" in html and re.search(r"\w :", html) is None


def test_the_letter_has_the_same_bytes_at_every_build(sample: Served, tmp_path: Path) -> None:
    again = build(ROOT / "content", tmp_path / "again", HUB_FEED_SITEURL=sample.url)
    for path in sorted(sample.output.glob("editions/*/lettre.eml")):
        rel = path.relative_to(sample.output)
        assert (again / rel).read_bytes() == path.read_bytes(), rel


def test_embedded_images_travel_as_inline_parts(embedded: Path) -> None:
    found = 0
    for path in sorted(embedded.glob("editions/*/lettre.eml")):
        message = read(path)
        html = html_of(message)
        sources = [i.get("src") for i in lxml.html.document_fromstring(html).iter("img")]
        related = [p for p in message.walk() if p.get("Content-ID")]
        assert all(s.startswith("cid:") for s in sources), sources
        ids = {str(p["Content-ID"]).strip("<>"): p for p in related}
        for source in sources:
            part = ids[source.removeprefix("cid:")]
            assert part.get_content_maintype() == "image"
            with Image.open(io.BytesIO(part.get_content())) as image:
                assert image.width > 0
            found += 1
    assert found >= 1
    # the e-mail HTML itself keeps absolute addresses (it is opened in a browser)
    mails = list(embedded.glob("editions/*/email.html"))
    assert all("cid:" not in m.read_text(encoding="utf-8") for m in mails)


@pytest.mark.parametrize("width", [375, 600])
def test_the_html_part_fits_a_phone_and_a_desktop_mail(sample: Served, width: int) -> None:
    letters = sorted(sample.output.glob("editions/*/lettre.eml"))
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 800})
        for path in letters:
            page.set_content(html_of(read(path)), wait_until="load")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (path, scroll)
            images = page.evaluate(
                "[...document.images].map(i => [i.src, i.complete, i.naturalWidth, "
                "i.getBoundingClientRect().width, +i.getAttribute('width')])")
            assert images, path
            for src, complete, natural, shown, declared in images:
                assert complete and natural > 0, src
                assert shown <= natural, (src, shown, natural)  # never stretched
                assert 0 < declared <= natural, src
            sheet = page.evaluate("document.querySelector('table.sheet')"
                                  ".getBoundingClientRect().width")
            assert sheet == min(width, 600)
            hidden = page.evaluate("document.querySelector('.preheader').offsetHeight")
            assert hidden == 0
    assert letters


def test_an_image_is_taken_at_twice_its_displayed_width(sample: Served) -> None:
    """The sample's 1800 px photo, shown 544 px wide, comes from its 1200 px variant."""
    html = html_of(read(sample.output / "editions/lettre-novembre-2026/lettre.eml"))
    images = list(lxml.html.document_fromstring(html).iter("img"))
    assert images
    for image in images:
        name = image.get("src").rsplit("/", 1)[-1]
        with Image.open(sample.output / "images" / name) as file:
            assert file.width >= 2 * int(image.get("width")) or file.width == int(
                image.get("width"))
            assert int(image.get("height")) == round(file.height * int(image.get("width"))
                                                     / file.width)
