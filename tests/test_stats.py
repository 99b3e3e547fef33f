"""`invoke stats` on logs written by a real run: the sample site served by a small server
that logs every request as nginx (combined), Apache (combined, `-` for no byte) and IIS
(W3C extended) do, driven in headless Chromium as employees would use it.

Every figure of the JSON report must equal what the test did, in the three formats, and no
output may hold an address or a user agent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, build_site
from test_theme_support import chromium, serve

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SITE = "https://hub.exemple.intra"  # the published address the report links to
OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)"
THUNDERBIRD = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0"
FEEDLY = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers; like FeedFetcher-Google)"
ROBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
IIS_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
              "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")

SERVICE = "services/messagerie-agenda/"
UNHELPFUL = "services/partage-fichiers/"
STORY_FOLDER = "histoires/"
OLD = "services/ancienne-messagerie/"  # an old address, added by hand, leading to SERVICE
FEED = "flux/tout/rss.xml"


class LoggingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site and writes each answer in the three servers' formats."""

    logs: dict[str, Path]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        now = dt.datetime.now().astimezone()
        path, _, query = self.path.partition("?")
        agent = self.headers.get("User-Agent", "")
        client = self.client_address[0]
        status = int(code) if str(code).isdigit() else 0
        sent = str(size) if str(size).isdigit() else "0"
        request = f"{self.command} {self.path} {self.request_version}"
        stamp = now.strftime("%d/%b/%Y:%H:%M:%S %z")
        combined = f'{client} - - [{stamp}] "{request}" {status} {{size}} "-" "{agent}"\n'
        utc = now.astimezone(dt.UTC)
        iis = " ".join([utc.strftime("%Y-%m-%d"), utc.strftime("%H:%M:%S"), "127.0.0.1",
                        self.command, path, query or "-", "80", "-", client,
                        agent.replace(" ", "+") or "-", "-", str(status), "0", "0", "3"])
        with self.logs["nginx"].open("a") as log:
            log.write(combined.format(size=sent))
        with self.logs["apache"].open("a") as log:
            log.write(combined.format(size=sent if sent != "0" else "-"))
        with self.logs["iis"].open("a") as log:
            log.write(iis + "\n")


@contextlib.contextmanager
def logging_server(root: Path, logs: dict[str, Path]) -> Iterator[str]:
    logs["iis"].write_text("#Software: Microsoft Internet Information Services 10.0\n"
                           "#Version: 1.0\n#Fields: " + IIS_FIELDS + "\n")
    with serve(root, type("Handler", (LoggingHandler,), {"logs": logs})) as url:
        yield url


def fetch(url: str, agent: str, method: str = "GET") -> int:
    request = urllib.request.Request(url, headers={"User-Agent": agent}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def stats(settings: Path, content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "HUB_SETTINGS": str(settings)}
    return subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), "stats",
                           "--content", str(content), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def settings_file(folder: Path) -> Path:
    """The project's settings with the production address, as a published site has it."""
    path = folder / "statsconf.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                    "from pelicanconf import *  # noqa: F403\n"
                    f"SITEURL = {SITE!r}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One month of the sample site's life, lived in Chromium, logged three ways."""
    base = tmp_path_factory.mktemp("stats")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    old = json.loads((content / "anciennes-adresses.json").read_text(encoding="utf-8"))
    old["redirects"][OLD] = SERVICE
    (content / "anciennes-adresses.json").write_text(json.dumps(old, ensure_ascii=False))
    output = base / "output"
    done = build_site(content, output, HUB_SEARCH=True, HUB_FEED_IDS="feed-ids.json",
                      HUB_REDIRECTS="anciennes-adresses.json")
    assert done.returncode == 0, done.stderr[-3000:]
    story = sorted(p.parent.name for p in (output / STORY_FOLDER).glob("*/index.html"))[0]
    edition = sorted(p.parent.name for p in (output / "editions").glob("*/index.html"))[0]
    logs = {name: base / f"{name}.log" for name in ("nginx", "apache", "iis")}
    with logging_server(output, logs) as url, chromium() as browser:

        def visit(address: str) -> Any:
            """A reader opening a page: each visit in a browser of its own (no cache)."""
            page = browser.new_context().new_page()
            page.goto(url + address)
            return page

        for _ in range(3):
            page = visit(SERVICE)
            with page.expect_response(lambda r: "avis/" in r.url):
                page.get_by_role("link", name="Oui", exact=True).click()
            page.get_by_text("Merci pour votre réponse").wait_for()
        for _ in range(3):
            page = visit(UNHELPFUL)
            with page.expect_response(lambda r: "avis/" in r.url):
                page.get_by_role("link", name="Non", exact=True).click()
        page = visit(STORY_FOLDER + story + "/")
        with page.expect_response(lambda r: r.url.endswith(SERVICE)):
            page.goto(url + OLD)  # the old address's page sends the browser on
        for _ in range(2):
            page = visit(f"editions/{edition}/")
        page.goto(url + f"editions/{edition}/email.html")
        for query in ("zorglub", "Zorglub ", "ZORGLÜB", "kwyjibo"):
            page = visit("recherche/")
            with page.expect_request(lambda r: "sans-resultat" in r.url):
                page.locator("#q").fill(query)
        assert fetch(url + SERVICE, "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
                     method="HEAD") == 200
        assert fetch(url + SERVICE, ROBOT) == 200
        assert fetch(url + FEED, ROBOT) == 200
        for agent in (OUTLOOK, OUTLOOK, THUNDERBIRD, FEEDLY, FEEDLY):
            assert fetch(url + FEED, agent) == 200
        for _ in range(3):
            assert fetch(url + "services/inexistant/", THUNDERBIRD) == 404
    settings = settings_file(base)
    return {"base": base, "content": content, "settings": settings, "logs": logs,
            "story": f"{STORY_FOLDER}{story}/", "edition": f"editions/{edition}/"}


def report_of(month: dict[str, Any], log: Path, *args: str) -> dict[str, Any]:
    target = log.with_suffix(".json")
    done = stats(month["settings"], month["content"], "--log", str(log), "--format", "json",
                 "--report", str(target), *args)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(target.read_text(encoding="utf-8")))


@pytest.mark.parametrize("server", ["nginx", "apache", "iis"])
def test_every_figure_is_what_the_readers_did(month: dict[str, Any], server: str) -> None:
    data = report_of(month, month["logs"][server])
    views = {i["url"]: i["views"] for i in data["items"] if i["views"]}
    assert views == {SERVICE: 5, UNHELPFUL: 3, month["story"]: 1, month["edition"]: 2}
    helpful = {i["url"]: i["helpful"] for i in data["items"] if any(i["helpful"].values())}
    assert helpful == {SERVICE: {"yes": 3, "no": 0}, UNHELPFUL: {"yes": 0, "no": 3}}
    assert data["searches_without_result"] == [{"query": "zorglub", "count": 3}]
    assert data["searches_without_result_unnamed"] == 1  # « kwyjibo », asked once
    assert data["followers"] == [{"url": FEED, "readers": 2, "subscribers": 12,
                                  "clients": {"Feedly": 12, "Outlook": 1, "Thunderbird": 1}}]
    letter = [e for e in data["letter"] if e["url"] == month["edition"]]
    assert letter == [{"url": month["edition"], "views": 2, "email_views": 1}]
    assert data["missing_pages"] == [{"url": "services/inexistant/", "count": 3}]
    assert sum(w["views"] for w in data["weeks"]) == 11
    today = dt.date.today().isoformat()
    assert data["period"] == {"from": today, "to": today} or server == "iis"
    assert data["lines"]["unreadable"] == 0
    by_type = {t["type"]: t["views"] for t in data["types"]}
    assert by_type["service"] == 8 and by_type["edition"] == 2


def test_nothing_written_names_a_reader(month: dict[str, Any]) -> None:
    log = month["logs"]["nginx"]
    html = month["base"] / "rapport"
    text = stats(month["settings"], month["content"], "--log", str(log), "--html", str(html))
    assert text.returncode == 0, text.stderr
    written = [text.stdout, text.stderr, (html / "index.html").read_text(encoding="utf-8"),
               json.dumps(report_of(month, log))]
    agents = {line.rsplit('"', 2)[-2] for line in log.read_text().splitlines()}
    assert any("HeadlessChrome" in a for a in agents)
    for output in written:
        assert "127.0.0.1" not in output
        for agent in agents:
            assert agent not in output
        for fragment in ("HeadlessChrome", "Mozilla/5.0", "Microsoft Office/16.0",
                         "fetcher.html", "Googlebot"):
            assert fragment not in output


def write_log(path: Path, lines: list[str], compress: bool = False) -> Path:
    text = "".join(line + "\n" for line in lines)
    if compress:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def line(day: str, target: str, status: int = 200, agent: str = "Mozilla/5.0 Firefox/130.0",
         method: str = "GET", client: str = "10.1.2.3") -> str:
    when = dt.datetime.fromisoformat(day + "T09:30:00+01:00").strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'{client} - - [{when}] "{method} {target} HTTP/1.1" {status} 123 "-" "{agent}"'


def test_rotated_garbage_truncated_robots_and_period(month: dict[str, Any],
                                                      tmp_path: Path) -> None:
    current = write_log(tmp_path / "access.log", [
        line("2026-11-02", "/" + SERVICE),
        "ceci n'est pas une ligne de journal",
        line("2026-11-03", "/" + SERVICE, method="HEAD"),
        line("2026-11-03", "/" + SERVICE, status=304),
        line("2026-11-03", "/" + SERVICE, status=500),
        line("2026-11-03", "/" + SERVICE, method="POST"),
        line("2026-11-03", "/" + SERVICE, agent="curl/8.5.0"),
        line("2026-11-03", "/" + SERVICE, agent="Mozilla/5.0 (compatible; bingbot/2.0)"),
        line("2026-11-04", "/" + OLD, client="10.9.9.9"),
        line("2026-12-15", "/" + SERVICE),
        '10.1.2.3 - - [04/Nov/2026:10:00:00 +0100] "GET /servi',
    ])
    rotated = write_log(tmp_path / "access.log.1.gz", [
        line("2026-10-30", "/" + SERVICE), line("2026-10-31", "/" + UNHELPFUL)], compress=True)
    data = report_of(month, current, "--log", str(rotated), "--since", "2026-10-31",
                     "--until", "2026-11-30")
    views = {i["url"]: i["views"] for i in data["items"] if i["views"]}
    assert views == {SERVICE: 4, UNHELPFUL: 1}  # GET, HEAD, 304, the old address
    assert data["lines"] == {"read": 13, "unreadable": 2}
    assert data["period"] == {"from": "2026-10-31", "to": "2026-11-30"}
    assert [w["week"] for w in data["weeks"]][:2] == ["2026-W44", "2026-W45"]
    done = stats(month["settings"], month["content"], "--log", str(current))
    assert "2 lignes illisibles ignorées (la première : access.log, ligne 2)" in done.stderr
    assert "ceci n'est pas" not in done.stderr + done.stdout


def test_iis_fields_line_decides_the_columns(month: dict[str, Any], tmp_path: Path) -> None:
    log = write_log(tmp_path / "u_ex261103.log", [
        "#Software: Microsoft Internet Information Services 10.0",
        "#Fields: date time cs-method cs-uri-stem cs-uri-query c-ip cs(User-Agent) sc-status",
        f"2026-11-03 08:00:00 GET /{SERVICE} - 10.0.0.1 Mozilla/5.0+Firefox 200",
        "#Fields: date time c-ip cs(User-Agent) sc-status cs-method cs-uri-stem cs-uri-query",
        f"2026-11-03 08:01:00 10.0.0.2 Mozilla/5.0+Edge 200 GET /{SERVICE} -",
        "2026-11-03 08:02:00 10.0.0.2 Mozilla/5.0+Edge 200 GET /recherche/sans-resultat/ q=wifi",
    ])
    data = report_of(month, log)
    assert [i["views"] for i in data["items"] if i["url"] == SERVICE] == [2]
    assert data["searches_without_result_unnamed"] == 1


def test_a_missing_log_or_bad_date_is_one_french_sentence(month: dict[str, Any],
                                                           tmp_path: Path) -> None:
    done = stats(month["settings"], month["content"], "--log", str(tmp_path / "absent.log"))
    assert done.returncode == 2
    assert done.stderr.strip().startswith("Impossible de produire les statistiques : le journal")
    log = write_log(tmp_path / "a.log", [line("2026-11-03", "/")])
    done = stats(month["settings"], month["content"], "--log", str(log), "--since", "03/11")
    assert done.returncode == 2 and "AAAA-MM-JJ" in done.stderr
    assert "Traceback" not in done.stderr


def test_review_shows_each_pages_views(month: dict[str, Any], tmp_path: Path) -> None:
    report = tmp_path / "stats.json"
    data = report_of(month, month["logs"]["nginx"])
    report.write_text(json.dumps(data))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    done = subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), "review",
                           "--content", str(month["content"]), "--days", "3650",
                           "--stats", str(report)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    views = {i["url"]: i["views"] for i in data["items"]}
    shown = [line for line in done.stdout.splitlines() if "Lue " in line or "Jamais lue" in line]
    assert shown and len(shown) == done.stdout.count("Adresse :")
    assert f"Lue {views[SERVICE]} fois" in done.stdout or SERVICE not in done.stdout


@pytest.mark.parametrize("width", [1280, 375])
def test_html_report_reads_well_at_every_width(month: dict[str, Any], width: int) -> None:
    folder = month["base"] / f"rapport-{width}"
    done = stats(month["settings"], month["content"], "--log", str(month["logs"]["nginx"]),
                 "--html", str(folder))
    assert done.returncode == 0, done.stderr
    with chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      java_script_enabled=True)
        page = context.new_page()
        page.goto((folder / "index.html").as_uri())
        charts = page.locator("svg[role=img]")
        assert charts.count() >= 3
        for n in range(charts.count()):
            label = charts.nth(n).get_attribute("aria-labelledby")
            assert label and page.locator(f"#{label}").text_content().strip()
        assert "zorglub" in page.locator("#recherches ~ table").first.inner_text()
        scroll = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert scroll <= 0
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', "
            "'wcag21a', 'wcag21aa', 'best-practice']}}).then(r => r.violations.map(v => v.id))")
        assert violations == []
        context.close()
