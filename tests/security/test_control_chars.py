"""No text can break a format: characters pasted from Word or a PDF (C0 controls but the
tab, DEL, C1 controls with NEL, U+2028/2029, U+FFFE/FFFF), typed or written as HTML
references (`&#x1b;`), are each an error at their line and column, and never reach the
site: a line or paragraph separator is read as a space, any other is removed, so the
page still builds and no other page is blamed.

A real build and check of a small site, then every format read by its own parser: the
feeds by feedparser, the calendars by icalendar, the letter by Python's e-mail package,
the JSON by json, the OPML and the pages by lxml.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import feedparser
import icalendar
import lxml.etree
import lxml.html
import pytest
from support import FIXTURES, check_site

pytestmark = pytest.mark.slow

# What no output may hold (a raw carriage return is the line end of .eml and .ics).
FORBIDDEN_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
REFERENCE_RE = re.compile(r"&#(x0*(1b|7f|85|8d|2028|2029)|0*(27|127|8232|8233));", re.I)
EDITION = "editions/lettre-novembre-2026.md"
NEWS = "news/coupure.md"
TITLE = "La lettre de novembre 2026"
BODY_LINE = ("Un texte\x85collé\u2029depuis un PDF, avec \x1b[31m du rouge, &#x2028;, &#133;, "
             "&#x1b; et &#127; en références.")
CUT = ("Title: Coupure\x9b de la messagerie\nDate: 2026-11-20\n"
       "Summary: La messagerie\x7f est coupée.\nKind: change\nServices: espace-projets\n"
       "Starts: 2026-12-12 07:00\nEnds: 2026-12-12 09:00\n\nPendant deux heures\ufffe.\n")
EXPECTED = {  # (file, line, column, character) of each finding
    (EDITION, 1, 20, "U+2028"),
    (EDITION, 9, 9, "U+0085"),
    (NEWS, 1, 15, "U+009B"),
    (NEWS, 3, 23, "U+007F"),
    (NEWS, 9, 20, "U+FFFE"),
}


@dataclass
class Built:
    content: Path
    output: Path
    findings: list[dict[str, object]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("controls")
    content = root / "content"
    shutil.copytree(FIXTURES / "feeds-site", content)
    edition = content / EDITION
    text = edition.read_text(encoding="utf-8")
    assert text.startswith(f"Title: {TITLE}\n")
    text = text.replace("La lettre de novembre", "La lettre de\u2028novembre", 1)
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 7
    edition.write_text(text.rstrip("\n") + "\n\n" + BODY_LINE + "\n", encoding="utf-8")
    (content / NEWS).write_text(CUT, encoding="utf-8")
    output = root / "site"
    findings = check_site(content, output, HUB_SEARCH=False, HUB_LETTER_EMBED_IMAGES=True,
                          HUB_LETTER_FROM="Communication DSI <communication-dsi@norelia.fr>",
                          HUB_LETTER_TO="Tous <tous@norelia.fr>")
    return Built(content, output, findings)


def test_each_line_is_one_error_at_its_column_and_nothing_cascades(built: Built) -> None:
    errors = [f for f in built.findings if f["severity"] == "error"]
    found = {(Path(str(f["file"])).relative_to(built.content).as_posix(), f["line"],
              f.get("column"), re.search(r"U\+[0-9A-F]{4}", str(f["message"]))[0])
             for f in errors}
    assert found == EXPECTED
    assert len(errors) == len(EXPECTED)
    assert all(f["code"] == "control-character" for f in errors)
    assert not [f for f in built.findings if f["code"] == "link-template"]


def _text_files(output: Path) -> list[Path]:
    kinds = {".html", ".xml", ".opml", ".json", ".ics", ".eml", ".txt"}
    return sorted(p for p in output.rglob("*") if p.is_file() and p.suffix in kinds)


def test_no_output_holds_the_characters(built: Built) -> None:
    files = _text_files(built.output)
    assert {p.suffix for p in files} >= {".html", ".xml", ".opml", ".json", ".ics", ".eml"}
    for path in files:
        text = path.read_bytes().decode("utf-8")
        assert not FORBIDDEN_RE.search(text), (path, FORBIDDEN_RE.search(text))
        assert not REFERENCE_RE.search(text), (path, REFERENCE_RE.search(text))


def test_the_pages_show_the_text_cleaned(built: Built) -> None:
    page = lxml.html.parse(str(built.output / "editions/lettre-novembre-2026/index.html"))
    assert page.getroot().findtext(".//h1") == TITLE  # the separator read as a space
    text = page.getroot().text_content()
    # NEL and U+2029 read as spaces, ESC removed, references to forbidden characters
    # removed (U+2028's as a space), &#133; is « … » as in HTML; the rest of the text kept.
    assert ("Un texte collé depuis un PDF, avec [31m du rouge, , …, et en références."
            in " ".join(text.split()))
    news = built.output / "actualites" / "coupure" / "index.html"
    shown = lxml.html.parse(str(news)).getroot().text_content()
    assert "Coupure de la messagerie" in shown and "La messagerie est coupée." in shown


def test_feeds_read_well_in_feedparser(built: Built) -> None:
    feeds = sorted(built.output.rglob("flux/**/*.xml"))
    assert feeds
    titles: list[str] = []
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        for entry in parsed.entries:
            titles.append(entry.title)
            assert not FORBIDDEN_RE.search(entry.title + entry.get("summary", "")), path
    assert TITLE in titles and "Coupure de la messagerie" in titles


def test_calendars_read_well_in_icalendar(built: Built) -> None:
    calendars = sorted(built.output.rglob("*.ics"))
    assert calendars
    summaries = []
    for path in calendars:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        for event in calendar.walk("VEVENT"):
            summary = str(event["summary"])
            summaries.append(summary)
            described = str(event.get("description", ""))
            assert not FORBIDDEN_RE.search(summary + described), path
    assert "Coupure de la messagerie" in summaries


def test_the_letter_reads_well_in_python_s_email_package(built: Built) -> None:
    path = built.output / "editions/lettre-novembre-2026/lettre.eml"
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert not message.defects
    assert str(message["Subject"]) == TITLE
    assert list(message.keys()) == ["X-Unsent", "Subject", "From", "To", "Date",
                                    "MIME-Version", "Content-Type"]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            assert not FORBIDDEN_RE.search(part.get_content()), part.get_content_type()


def test_json_and_opml_read_well(built: Built) -> None:
    for path in sorted(built.output.rglob("*.json")):
        def strings(value: object) -> list[str]:
            if isinstance(value, str):
                return [value]
            if isinstance(value, dict):
                return [s for v in value.values() for s in strings(v)]
            if isinstance(value, list):
                return [s for v in value for s in strings(v)]
            return []
        assert not any(FORBIDDEN_RE.search(s) for s in strings(json.loads(path.read_text(
            encoding="utf-8")))), path
    for path in sorted(built.output.rglob("*.opml")):
        lxml.etree.parse(str(path))  # strict XML: a control character is an error
