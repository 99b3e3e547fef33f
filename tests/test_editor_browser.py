"""The web editor end to end: `invoke edit` on a copy of the sample content, driven in
headless Chromium as a writer would, then the files on disk, the build and the checker.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_theme_support import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120.0  # seconds: the first build of the sample site, then the server
STORY_TITLE = "À Lyon, l'équipe signe ses contrats en ligne"
STORY_FILE = "a-lyon-lequipe-signe-ses-contrats-en-ligne.md"  # ASCII, from the title


@dataclass
class Editor:
    url: str  # http://127.0.0.1:PORT/
    port: int
    api_port: int
    content: Path
    output: Path
    page: Any  # the editor's page, logged in
    outside: list[str]  # requests that left 127.0.0.1
    login: str  # the login page's visible text
    login_logo: str  # the address of the login page's logo


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("invoke edit did not start:\n" + log.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    root = tmp_path_factory.mktemp("editor")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    output = root / "output"
    port, api_port = _free_port(), _free_port()
    log = root / "edit.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "-r", str(ROOT), "edit", "--content", str(content),
             "--output", str(output), "--port", str(port), "--api-port", str(api_port)],
            cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url + "admin/", process, log)
        with chromium() as browser:
            context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                          locale="fr-FR")  # a French writer's browser
            outside: list[str] = []
            context.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
                (url, f"http://127.0.0.1:{api_port}/", "data:", "blob:", "about:")) else None)
            page = context.new_page()
            page.on("dialog", lambda dialog: dialog.accept())
            page.goto(url + "admin/")
            login = page.get_by_role("button", name="Se connecter")
            login.wait_for()
            login_text = page.inner_text("body")
            logo = page.locator("img").first.get_attribute("src") or ""
            login.click()  # no credentials locally
            page.get_by_text("Histoires d'usage").first.wait_for()
            yield Editor(url, port, api_port, content, output, page, outside, login_text, logo)
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert not _listening(api_port), "decap-server outlived invoke edit"


def _listening(port: int) -> list[str]:
    """The local addresses (hex, as /proc/net/tcp gives them) listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                found.append(local.rsplit(":", 1)[0])
    return found


def _open(editor: Editor, route: str) -> Any:
    """The editor at `route`, moved to within the page (the session stays logged in; a
    form left unsaved is left without asking)."""
    page = editor.page
    page.evaluate("() => { location.hash = '#/collections/page'; }")
    page.locator("[id^=title-field]").wait_for(state="detached")
    page.evaluate("route => { location.hash = '#/' + route; }", route)
    page.locator("[id^=title-field]").wait_for()
    return page


def _publish(page: Any) -> None:
    page.get_by_role("button", name="Publier").first.click()
    page.get_by_text("Publier maintenant").click()


def _written(page: Any, path: Path, before: str | None = None) -> str:
    """The file once the editor has written it (changed, and whole: decap-server writes in
    place, so a read can fall between its truncation and its write)."""
    seen = None
    for _ in range(200):
        text = path.read_text(encoding="utf-8") if path.is_file() else None
        if text and text != before and text == seen:
            return text
        seen = text
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was not written")


def _pick(page: Any, field: str, typed: str, shown: str) -> None:
    """Choose `shown` in a select or relation widget by typing `typed`."""
    page.locator(f"[id^={field}-field]").fill(typed)
    page.get_by_text(shown, exact=True).last.click()


def test_a_story_written_in_the_form_follows_the_contract_and_builds(editor: Editor,
                                                                     tmp_path: Path) -> None:
    page = _open(editor, "collections/story/new")
    page.locator("[id^=title-field]").fill(STORY_TITLE)
    page.locator("[id^=date-field]").fill("30/11/2026 09:30")
    page.locator("[id^=summary-field]").fill(
        "À Lyon, l'équipe\ndes achats signe ses contrats en ligne, sans papier.")
    page.locator("[id^=services-field]").fill("Fax")  # retired: never offered
    page.wait_for_timeout(500)
    assert page.get_by_text("Fax serveur", exact=True).count() == 0
    _pick(page, "services", "Signature", "Signature électronique")
    _pick(page, "services", "Messagerie", "Messagerie et agenda")
    page.locator("[id^=feature-field]").fill("Signature d'un contrat en ligne")
    page.locator("[data-slate-editor]").last.click()
    page.keyboard.press("Control+End")
    for line in ("", "## En bref", "", "Les contrats partent signés le jour même."):
        page.keyboard.press("Enter")
        page.keyboard.insert_text(line) if line else None
    _publish(page)
    text = _written(page, editor.content / "stories" / STORY_FILE)
    header, body = text.split("\n\n", 1)
    assert header.split("\n") == [
        f"Title: {STORY_TITLE}",
        "Date: 2026-11-30 09:30",
        "Summary: À Lyon, l'équipe des achats signe ses contrats en ligne, sans papier.",
        "Services: signature-electronique, messagerie-agenda",
        "Feature: Signature d'un contrat en ligne",
    ]
    assert body.startswith("## Avant\n")  # the type's outline, then the writer's text
    assert "## En bref\n\nLes contrats partent signés le jour même." in body
    assert text.endswith("\n") and "---" not in header

    # The preview has built the new page (and written the content folder's registries)
    # before the checker builds its own copy of the site.
    previewed = editor.output / "histoires" / STORY_FILE.removesuffix(".md") / "index.html"
    for _ in range(200):
        if previewed.is_file():
            break
        page.wait_for_timeout(100)
    assert previewed.is_file()
    page.wait_for_timeout(500)
    built, report = tmp_path / "site", tmp_path / "check.json"
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(ROOT), "check", "--content",
         str(editor.content), "--output", str(built), "--format", "json", "--report",
         str(report), "--no-proofread"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    found = json.loads(report.read_text(encoding="utf-8"))
    errors = [f for f in found["findings"] if f["severity"] == "error"]
    assert (done.returncode, errors) == (0, []), done.stdout[-3000:] + done.stderr[-3000:]
    page_html = (built / "histoires" / STORY_FILE.removesuffix(".md") / "index.html")
    shown = page_html.read_text(encoding="utf-8")
    assert "Signature électronique" in shown and "Messagerie et agenda" in shown
    assert not (built / "admin").exists()


def test_editing_a_price_changes_that_line_only(editor: Editor) -> None:
    sheet = editor.content / "services" / "messagerie-agenda.md"
    # A key the form does not know, a list written tightly: both must stay as they are.
    header, rest = sheet.read_text(encoding="utf-8").split("\n\n", 1)
    header = header.replace("Tags: messagerie, agenda, collaboration",
                            "Tags:messagerie,agenda,collaboration")
    before = f"{header}\nStatus: published\n\n{rest}"
    sheet.write_text(before, encoding="utf-8")
    page = _open(editor, "collections/service/entries/messagerie-agenda")
    price = page.locator("[id^=price-field]")
    assert price.input_value() == "Inclus"
    price.fill("2 € HT par utilisateur et par mois")
    _publish(page)
    after = _written(page, sheet, before)
    changed = [(a, b) for a, b in zip(before.split("\n"), after.split("\n"), strict=True)
               if a != b]
    assert changed == [("Price: Inclus", "Price: 2 € HT par utilisateur et par mois")]


def test_an_image_from_the_library_is_written_with_its_alternative_text(
        editor: Editor) -> None:
    story = editor.content / "stories" / "bureau-etudes-plans-architecte.md"
    before = story.read_text(encoding="utf-8").split("\n")
    page = _open(editor, "collections/story/entries/bureau-etudes-plans-architecte")
    page.get_by_text("Choisir une image").click()
    page.get_by_text("salle-visio-roanne.jpg").first.click()
    page.get_by_role("button", name="Choisir les éléments sélectionnés").click()
    page.locator("[id^=image-alt-field]").fill("Une salle de visioconférence")
    _publish(page)
    after = _written(page, story, "\n".join(before)).split("\n")
    blank = before.index("")
    assert after == [*before[:blank], "Image: images/salle-visio-roanne.jpg",
                     "Image-alt: Une salle de visioconférence", *before[blank:]]


def test_a_story_with_typical_mistakes_is_refused_in_french(editor: Editor) -> None:
    before = sorted(p.name for p in (editor.content / "stories").iterdir())
    page = _open(editor, "collections/story/new")
    page.locator("[id^=title-field]").fill("Une histoire trop vite écrite")
    page.locator("[id^=feature-field]").fill("Une fonction")
    _publish(page)
    page.get_by_text("Il manque un champ obligatoire", exact=False).wait_for()
    shown = page.locator("body").text_content() or ""
    for message in ("Le champ « Résumé » est obligatoire.",
                    "Le champ « Services utilisés » est obligatoire.",
                    "Le champ « Date de publication » est obligatoire."):
        assert message in shown
    page.wait_for_timeout(500)
    assert sorted(p.name for p in (editor.content / "stories").iterdir()) == before


def test_a_key_required_by_a_condition_is_asked_for_before_saving(editor: Editor) -> None:
    sheet = editor.content / "services" / "wifi-invites.md"
    before = sheet.read_text(encoding="utf-8")
    page = _open(editor, "collections/service/entries/wifi-invites")
    _pick(page, "lifecycle", "fin", "En fin de vie")
    _publish(page)
    message = ("« Remplacé par » est obligatoire quand le cycle de vie est « En fin de vie » "
               "ou « Retiré ». « Fin du service » est obligatoire quand le cycle de vie est "
               "« En fin de vie ».")
    page.get_by_text(message, exact=False).wait_for()
    assert page.get_by_text("Error:", exact=False).count() == 0
    assert sheet.read_text(encoding="utf-8") == before


def test_the_editor_is_local_offline_and_never_published(editor: Editor) -> None:
    assert editor.outside == []
    with urllib.request.urlopen(editor.url + "admin/") as answer:
        csp = answer.headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-eval'" in csp and "style-src 'self' 'unsafe-inline'" in csp
    with urllib.request.urlopen(editor.url) as answer:  # the site keeps its own policy
        assert answer.headers["Content-Security-Policy"] is None
    with urllib.request.urlopen(editor.url + "admin/config.yml") as answer:
        settings = json.loads(answer.read().decode().split("\n", 1)[1])
    from pelican.settings import read_settings

    audiences = read_settings(str(ROOT / "pelicanconf.py"))["AUDIENCES"]
    story = next(c for c in settings["collections"] if c["name"] == "story")
    offered = next(f for f in story["fields"] if f["name"] == "audience")["options"]
    assert [(o["value"], o["label"]) for o in offered] == list(audiences.items())
    for port in (editor.port, editor.api_port):
        assert _listening(port) == ["0100007F"], port  # 127.0.0.1 only
    assert not (editor.output / "admin").exists()
    assert (editor.output / "index.html").is_file()
    # decap-server answers only requests addressed to it (not a name rebound to 127.0.0.1),
    # from the editor's page with its token (tests/security/test_editor_origin.py).
    with urllib.request.urlopen(editor.url + "admin/") as answer:
        token = re.search(r'data-token="([^"]+)"', answer.read().decode()).group(1)
    for host, status in ((f"127.0.0.1:{editor.api_port}", 200),
                         (f"attaquant.exemple:{editor.api_port}", 403)):
        connection = http.client.HTTPConnection("127.0.0.1", editor.api_port, timeout=10)
        connection.request("POST", "/api/v1", body=json.dumps({"action": "info"}),
                           headers={"Host": host, "Content-Type": "application/json",
                                    "Origin": editor.url.rstrip("/"), "X-Hub-Token": token})
        assert connection.getresponse().status == status, host
        connection.close()


def test_the_preview_pane_uses_the_hub_stylesheet(editor: Editor) -> None:
    page = _open(editor, "collections/story/entries/agence-nantes-devis-signes")
    frame = page.frame_locator("iframe").first
    frame.locator("body").wait_for()
    sheet = frame.locator("link[rel=stylesheet][href$='/theme/css/hub.css']")
    sheet.wait_for(state="attached")
    assert sheet.get_attribute("href") == editor.url + "theme/css/hub.css"
    rules = frame.locator("body").evaluate(
        "b => [...document.styleSheets].filter(s => (s.href || '').endsWith('/hub.css'))"
        ".map(s => s.cssRules.length)")
    assert rules and rules[0] > 50  # loaded and applied, not blocked by the page's policy
    # The entry in the hub's own markup: title, lead, facts with French labels, the text.
    assert frame.locator("article.story h1").text_content() == (
        "À Nantes, le devis est signé avant la fin du café")
    assert frame.locator(".item-header .lead").text_content().startswith("Les commerciaux")
    facts = frame.locator("dl.story-facts").text_content() or ""
    assert "La fonction utilisée" in facts and "Agences régionales" in facts
    assert frame.locator(".prose h2").first.text_content() == "Avant : trois semaines pour une signature"


# Words of Decap's English interface that a French writer must never see.
ENGLISH = re.compile(
    r"\b(Media|Strikethrough|Oops|Quick add|Log ?in|Login with|Entries|Workflow|Save|"
    r"Publish|Delete|Cancel|Search|Sort by|View as|Drafts?|Toggle|Rich text|Choose|"
    r"Add more|Remove|to now|Expand|Collapse|Close|launch|retirement|Unpublished|"
    r"Required|required|is invalid)\b")


def test_no_english_on_the_login_page_the_entries_and_a_story_form(editor: Editor) -> None:
    assert ENGLISH.findall(editor.login) == []
    assert editor.login_logo == editor.url + "theme/img/favicon.svg"  # the hub's, not Decap's
    page = editor.page
    page.evaluate("() => { location.hash = '#/collections/story'; }")
    page.get_by_text("Histoires d'usage").first.wait_for()
    page.wait_for_timeout(500)
    assert ENGLISH.findall(page.inner_text("body")) == []
    page = _open(editor, "collections/news/new")
    assert ENGLISH.findall(page.inner_text("body")) == []
    assert "obligatoire pour une annonce « Nouveau service », « Évolution »" in page.inner_text(
        "body")
    page = _open(editor, "collections/story/new")
    page.get_by_role("button", name="Publier").first.click()
    page.get_by_text("Publier maintenant").click()  # required keys left empty
    page.wait_for_timeout(800)
    body = page.inner_text("body")
    assert ENGLISH.findall(body) == [], body
    assert "Barré" in page.content() or "Barré" in body


def test_a_date_typed_day_first_lands_as_the_contract_writes_it(editor: Editor) -> None:
    sheet = editor.content / "services" / "wifi-invites.md"
    before = sheet.read_text(encoding="utf-8")
    page = _open(editor, "collections/service/entries/wifi-invites")
    date = page.locator("[id^=reviewed-field]")
    assert date.input_value() == "24/08/2026"  # shown day first, as French writes it
    date.fill("")
    date.type("05/12/2026")
    _publish(page)
    text = _written(page, sheet, before)
    assert "Reviewed: 2026-12-05\n" in text
    assert text.replace("Reviewed: 2026-12-05", "Reviewed: 2026-08-24") == before
