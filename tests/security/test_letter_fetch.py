"""The letter fetches nothing: with `HUB_LETTER_EMBED_IMAGES = True`, the `.eml` embeds
files of the built site only. An image at any other address in an edition (an internal
server, here a local one that records every request) is left a link in the letter, never
fetched; a path that climbs out of the output folder is not read; the checker warns at
the edition's line.
"""

from __future__ import annotations

import email
import email.policy
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from support import FIXTURES, check_site

pytestmark = pytest.mark.slow

SITE = "https://hub.exemple.intra"  # the site's address: never resolved, never fetched
EDITION = "editions/lettre-novembre-2026.md"
SECRET = b"\x89PNG\r\n\x1a\n un fichier hors du site"


class Recorder(http.server.BaseHTTPRequestHandler):
    """An internal server: records every request it receives, answers an image."""

    seen: list[str]

    def do_GET(self) -> None:  # noqa: N802
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(SECRET)

    do_HEAD = do_GET  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@dataclass
class Letter:
    content: Path
    output: Path
    server: str
    seen: list[str]
    findings: list[dict[str, object]]
    lines: dict[str, int]  # what the edition's text holds → its line


@pytest.fixture(scope="module")
def recorder() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Recording", (Recorder,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def _site(root: Path, server: str) -> tuple[Path, dict[str, int]]:
    content = root / "content"
    shutil.copytree(FIXTURES / "feeds-site", content)
    (root / "secret.png").write_bytes(SECRET)  # beside the output folder, never read
    added = {
        "markdown": f"![Le schéma du réseau]({server}/interne/schema.png)",
        "html": f'<p><img src="{server}/interne/plan.png" alt="Le plan"></p>',
        "climbing": f"![Un fichier hors du site]({SITE}/../secret.png)",
        "linked": f"[![Logo lié]({server}/interne/logo.png)](https://www.exemple.fr/)",
    }
    path = content / EDITION
    text = path.read_text(encoding="utf-8").rstrip("\n")
    first = len(text.split("\n")) + 2
    path.write_text(text + "\n\n" + "\n\n".join(added.values()) + "\n", encoding="utf-8")
    return content, {name: first + 2 * n for n, name in enumerate(added)}


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory,
           recorder: tuple[str, list[str]]) -> Letter:
    server, seen = recorder
    root = tmp_path_factory.mktemp("letter-fetch")
    content, lines = _site(root, server)
    output = root / "site"
    findings = check_site(content, output, HUB_SEARCH=False, HUB_LETTER_EMBED_IMAGES=True,
                          HUB_FEED_SITEURL=SITE)
    return Letter(content, output, server, seen, findings, lines)


def _read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_no_request_reaches_another_server(letter: Letter) -> None:
    assert (letter.output / "editions/lettre-novembre-2026/lettre.eml").is_file()
    assert letter.seen == []


def test_the_letter_embeds_the_site_s_own_image_only(letter: Letter) -> None:
    message = _read(letter.output / "editions/lettre-novembre-2026/lettre.eml")
    parts = [p for p in message.walk() if p.get_content_maintype() == "image"]
    assert parts, "the edition's own image (images/atelier.png) is embedded"
    for part in parts:
        data = part.get_content()
        assert SECRET not in data
        assert str(part["Content-ID"]).startswith("<")
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    tree = lxml.html.document_fromstring(str(html.get_content()))
    sources = [img.get("src") for img in tree.iter("img")]
    assert sources and all(src.startswith("cid:") for src in sources), sources
    links = {a.get("href"): a.text_content() for a in tree.iter("a")}
    assert links[f"{letter.server}/interne/schema.png"] == "Le schéma du réseau"
    assert links[f"{letter.server}/interne/plan.png"] == "Le plan"
    assert links[f"{SITE}/../secret.png"] == "Un fichier hors du site"
    assert "Logo lié" in links["https://www.exemple.fr/"]  # a linked image: its text


def test_the_checker_warns_at_each_image_line(letter: Letter) -> None:
    warned = sorted((f["line"], f["message"]) for f in letter.findings
                    if f["code"] == "letter-image-elsewhere")
    expected = {name: line for name, line in letter.lines.items() if name != "climbing"}
    assert [line for line, _ in warned] == sorted(expected.values())
    assert all(str(f["file"]).endswith(EDITION) for f in letter.findings
               if f["code"] == "letter-image-elsewhere")
    assert "la lettre ne l'intègre pas" in str(warned[0][1])
    assert letter.seen == []


def test_without_embedding_the_checker_says_nothing_of_it(
        tmp_path: Path, recorder: tuple[str, list[str]]) -> None:
    server, seen = recorder
    content, _ = _site(tmp_path, server)
    findings = check_site(content, tmp_path / "site", HUB_SEARCH=False, HUB_FEED_SITEURL=SITE)
    assert [f for f in findings if f["code"] == "letter-image-elsewhere"] == []
    assert seen == []
