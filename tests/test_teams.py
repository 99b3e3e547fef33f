"""Teams: every card the build writes is read by the Adaptive Cards library's own parser
and renderer (npm `adaptivecards`, in headless Chromium), and `invoke announce` posts each
new item exactly once to a local server standing in for the Workflows webhook.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, build_site
from test_theme_support import ARTIFACTS, chromium

pytestmark = pytest.mark.browser

ADAPTIVECARDS = ROOT / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.min.js"
TEAMS_WIDTH = 360  # a Teams channel's card column on a laptop, and Teams mobile
REGISTRY = "annonces-teams.json"


@contextlib.contextmanager
def webhook(answers: list[tuple[int, dict[str, str], float]]) -> Iterator[tuple[str, list]]:
    """A local server standing in for Teams: answers in turn (status, headers, delay),
    then 202; yields its address and the list of JSON bodies it received and answered 2xx
    (with every attempt recorded as (status, body))."""
    received: list[tuple[int, Any]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            status, headers, delay = answers.pop(0) if answers else (202, {}, 0.0)
            time.sleep(delay)
            received.append((status, body))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/workflows/abc", received
    finally:
        server.shutdown()
        server.server_close()


def posted(received: list[tuple[int, Any]]) -> list[str]:
    """The titles of the cards Teams accepted, in order."""
    return [body["attachments"][0]["content"]["body"][1]["text"]
            for status, body in received if 200 <= status < 300]


class Folder:
    """A copy of the sample content, built with its registries, announced from."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.content = base / "content"
        shutil.copytree(ROOT / "content", self.content)
        self.output = base / "output"
        self.settings = base / "teamsconf.py"
        self.settings.write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
            "from pelicanconf import *  # noqa: F403\n"
            "HUB_TEAMS_TIMEOUT = 1\nHUB_TEAMS_RETRIES = 2\nHUB_TEAMS_RETRY_AFTER_MAX = 3\n",
            encoding="utf-8")
        self.build()

    def build(self) -> None:
        today = dt.date.today().isoformat()
        done = build_site(self.content, self.output, HUB_SEARCH=False, HUB_TODAY=today,
                          HUB_FEED_IDS="feed-ids.json", HUB_REDIRECTS="anciennes-adresses.json")
        assert done.returncode == 0, done.stderr[-3000:]

    def announce(self, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"),
               "HUB_SETTINGS": str(self.settings)}
        env.pop("HUB_TEAMS_WEBHOOK", None)
        return subprocess.run(
            [sys.executable, "-m", "invoke", "-r", str(ROOT), "announce", "--webhook", url,
             "--content", str(self.content), "--site", str(self.output), *extra],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300)

    def add_news(self, slug: str, title: str) -> None:
        (self.content / "news" / f"{slug}.md").write_text(
            f"Title: {title}\nDate: {dt.date.today().isoformat()}\nSummary: Une nouvelle "
            "à annoncer aux équipes.\nKind: info\n\nLe texte de la nouvelle.\n",
            encoding="utf-8")
        self.build()

    def cards(self) -> list[dict[str, Any]]:
        return list(json.loads((self.output / "flux" / "cartes.json").read_text()))


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Folder:
    return Folder(tmp_path_factory.mktemp("teams"))


@pytest.fixture
def folder(shared: Folder) -> Folder:
    """The shared folder with everything published so far already announced, so that each
    test sees only what it adds, whatever ran before it on this worker."""
    with webhook([]) as (url, _):
        done = shared.announce(url)
        assert done.returncode == 0, done.stderr
    return shared


@pytest.fixture
def fresh(tmp_path: Path) -> Folder:
    """A folder never announced before."""
    return Folder(tmp_path)


def expected_first_run(cards: list[dict[str, Any]]) -> list[str]:
    now = dt.datetime.now(dt.UTC)
    due = sorted((c for c in cards if dt.datetime.fromisoformat(c["date"]) <= now),
                 key=lambda c: (c["date"], c["id"]))
    editions = [c for c in due if c["type"] == "edition"]
    recent = [c for c in due if dt.datetime.fromisoformat(c["date"]) >= now - dt.timedelta(days=14)
              or (editions and c is editions[-1])]
    return [c["title"] for c in recent]


def test_every_card_parses_and_renders_at_teams_width(shared: Folder) -> None:
    folder = shared
    assert ADAPTIVECARDS.is_file(), "npm ci (adaptivecards) first"
    cards = folder.cards()
    assert {c["type"] for c in cards} == {"news", "story", "constraint", "edition"}
    with chromium() as browser:
        page = browser.new_page(viewport={"width": TEAMS_WIDTH, "height": 800})
        page.set_content("<!doctype html><html lang=fr><body><div id=card></div></body></html>")
        page.add_script_tag(path=str(ADAPTIVECARDS))
        for entry in cards:
            message = json.loads((folder.output / entry["card"]).read_text(encoding="utf-8"))
            assert message["type"] == "message"
            attachment = message["attachments"][0]
            assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
            card = attachment["content"]
            assert card["version"] == "1.4"
            problems = page.evaluate("""card => {
                const context = new AdaptiveCards.SerializationContext();
                const parsed = new AdaptiveCards.AdaptiveCard();
                parsed.parse(card, context);
                const out = [];
                for (let i = 0; i < context.eventCount; i++) out.push(context.getEventAt(i).message);
                for (const e of parsed.validateProperties().validationEvents) out.push(e.message);
                const host = document.getElementById("card");
                host.replaceChildren(parsed.render());
                return out;
            }""", card)
            assert problems == [], (entry["card"], problems)
            action = card["actions"][0]
            assert action["title"] == "Lire sur le hub"
            assert action["url"] == entry["url"] and action["url"].startswith("http")
            local = action["url"].split("://", 1)[1].split("/", 1)[1]
            assert (folder.output / local / "index.html").is_file(), local
            shown = page.locator("#card").inner_text()
            assert entry["title"].split(" ")[0] in shown and "Lire sur le hub" in shown
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= TEAMS_WIDTH
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "carte-teams.png"), full_page=True)


def test_a_news_card_says_when_it_happens(shared: Folder) -> None:
    folder = shared
    planned = [c for c in folder.cards() if c["card"].startswith("actualites/coupure-messagerie")]
    assert planned
    card = json.loads((folder.output / planned[0]["card"]).read_text())
    facts = [b for b in card["attachments"][0]["content"]["body"] if b["type"] == "FactSet"]
    values = {f["title"]: f["value"] for f in facts[0]["facts"]}
    assert values["Quand"].startswith("du 12\u00a0décembre\u00a02026 à 7\u00a0h\u00a000")


def test_announce_posts_each_item_once_whatever_happens(fresh: Folder) -> None:
    folder = fresh
    registry = folder.content / REGISTRY
    with webhook([]) as (url, received):
        dry = folder.announce(url, "--dry-run")
        assert dry.returncode == 0 and received == [] and not registry.exists()
        first = folder.announce(url)
        assert first.returncode == 0, first.stderr
        assert posted(received) == expected_first_run(folder.cards())
        assert posted(received), "the latest edition at least"
        second = folder.announce(url)
        assert second.returncode == 0 and len(posted(received)) == len(expected_first_run(
            folder.cards()))
        assert "Rien de nouveau" in second.stdout
    folder.add_news("nouvelle-teams", "Une nouvelle pour Teams")
    with webhook([]) as (url, received):
        assert folder.announce(url).returncode == 0
        assert posted(received) == ["Une nouvelle pour Teams"]
    (folder.content / "news" / "nouvelle-teams.md").rename(
        folder.content / "news" / "nouvelle-teams-renommee.md")
    folder.build()
    with webhook([]) as (url, received):
        assert folder.announce(url).returncode == 0
        assert posted(received) == []  # renamed: the same item, already announced


def test_a_failed_post_waits_for_the_next_run(folder: Folder) -> None:
    folder.add_news("panne-teams", "Une nouvelle que Teams refuse d'abord")
    with webhook([(500, {}, 0.0)] * 3) as (url, received):
        done = folder.announce(url)
        assert done.returncode == 1
        assert len(received) == 3 and posted(received) == []
        assert ("« Une nouvelle que Teams refuse d'abord » n'a pas été annoncé (Teams a "
                "répondu 500) : il le sera au prochain « ./hub announce ».") in done.stderr
        assert "Traceback" not in done.stderr
    with webhook([]) as (url, received):
        assert folder.announce(url).returncode == 0
        assert posted(received) == ["Une nouvelle que Teams refuse d'abord"]


def test_teams_asking_to_wait_is_obeyed(folder: Folder) -> None:
    folder.add_news("attente-teams", "Une nouvelle après une attente")
    with webhook([(429, {"Retry-After": "2"}, 0.0)]) as (url, received):
        start = time.monotonic()
        done = folder.announce(url)
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - start >= 2
        assert [s for s, _ in received] == [429, 202]
        assert posted(received) == ["Une nouvelle après une attente"]


def test_a_webhook_that_never_answers_in_time(folder: Folder) -> None:
    folder.add_news("lente-teams", "Une nouvelle sans réponse à temps")
    with webhook([(202, {}, 3.0)] * 3) as (url, received):
        done = folder.announce(url)
        assert done.returncode == 1
        assert "pas de réponse de Teams à temps" in done.stderr
    with webhook([]) as (url, received):
        assert folder.announce(url).returncode == 0
        assert posted(received) == ["Une nouvelle sans réponse à temps"]


def test_without_a_webhook_one_french_sentence(shared: Folder) -> None:
    folder = shared
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    env.pop("HUB_TEAMS_WEBHOOK", None)
    done = subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), "announce",
                           "--content", str(folder.content), "--site", str(folder.output)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("Annonce impossible : donnez l'adresse du flux Workflows")
