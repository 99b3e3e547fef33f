"""External links (`--external`), against a local web server on 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hub.checks.external import BROKEN, OK, UNVERIFIED, Fetcher, check_urls, is_internal
from hub.settings import HubSettings
from support import ROOT, TODAY

STATUS = {"/ok": 200, "/missing": 404, "/gone": 410, "/forbidden": 403, "/busy": 429,
          "/head-refused": 200}


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    active = 0
    peak = 0
    lock = threading.Lock()

    def _answer(self, head: bool) -> None:
        with Handler.lock:
            Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
            Handler.active += 1
            Handler.peak = max(Handler.peak, Handler.active)
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path.startswith("/many/"):
            time.sleep(0.2)
        with Handler.lock:  # before answering: the client may start its next request then
            Handler.active -= 1
        if self.path == "/head-refused" and head:
            self.send_response(405)
        else:
            self.send_response(STATUS.get(self.path, 200))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.hits, Handler.active, Handler.peak = {}, 0, 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def settings(tmp_path: Path, **values: object) -> HubSettings:
    base = HubSettings(HUB_EXTERNAL_CACHE=str(tmp_path / "cache.json"), HUB_EXTERNAL_TIMEOUT=1,
                       HUB_EXTERNAL_RETRIES=1, HUB_EXTERNAL_PER_HOST=2)
    return replace(base, **values)


def test_outcomes_broken_unverified_ok(server: str, tmp_path: Path) -> None:
    urls = [f"{server}{p}" for p in ("/ok", "/missing", "/gone", "/forbidden", "/busy",
                                      "/slow", "/head-refused")]
    outcomes = check_urls(urls, settings(tmp_path), ROOT)
    status = {u.removeprefix(server): (o.status, o.detail) for u, o in outcomes.items()}
    assert status == {
        "/ok": (OK, "200"),
        "/missing": (BROKEN, "page introuvable (404)"),
        "/gone": (BROKEN, "page supprimée (410)"),
        "/forbidden": (UNVERIFIED, "accès refusé (403)"),
        "/busy": (UNVERIFIED, "trop de requêtes (429)"),
        "/slow": (UNVERIFIED, "délai dépassé"),
        "/head-refused": (OK, "200"),
    }
    # 429 and timeouts are retried (once here), a 404 is not
    assert Handler.hits["/busy"] == 2
    assert Handler.hits["/missing"] == 1


def test_cache_is_used_until_it_expires(server: str, tmp_path: Path) -> None:
    url = f"{server}/missing"
    check_urls([url], settings(tmp_path), ROOT)
    check_urls([url], settings(tmp_path), ROOT)
    assert Handler.hits[url.removeprefix(server)] == 1
    cache = json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))
    assert cache[url]["status"] == BROKEN
    cache[url]["checked"] -= 25 * 3600  # older than the 24 h expiry
    (tmp_path / "cache.json").write_text(json.dumps(cache), encoding="utf-8")
    check_urls([url], settings(tmp_path), ROOT)
    assert Handler.hits[url.removeprefix(server)] == 2


def test_internal_hosts_are_never_fetched(server: str, tmp_path: Path) -> None:
    outcomes = check_urls([f"{server}/ok"], settings(tmp_path, HUB_INTERNAL_HOSTS=("127.0.0.1",)),
                          ROOT)
    assert outcomes == {}
    assert Handler.hits == {}
    assert is_internal("https://hub-dsi.norelia.intra/x", ("norelia.intra",))
    assert not is_internal("https://norelia.intra.example.com/", ("norelia.intra",))


def test_per_host_limit(server: str) -> None:
    urls = [f"{server}/many/{i}" for i in range(8)]
    outcomes = Fetcher(timeout=5, retries=0, per_host=2, workers=8).check_all(urls)
    assert all(o.status == OK for o in outcomes.values())
    assert Handler.peak == 2


def test_external_findings_at_the_source_line(server: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "liens.md").write_text(
        f"Title: Liens\n\nUn [bon lien]({server}/ok).\n\nUn [lien mort]({server}/gone).\n"
        f"Un [lien refusé]({server}/forbidden).\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    cmd = [sys.executable, "-m", "hub.checks", "--content", str(content), "--sources-only",
           "--format", "json", "-e", f'HUB_TODAY="{TODAY}"', "-e", "HUB_INTERNAL_HOSTS=[]",
           "-e", f'HUB_EXTERNAL_CACHE="{tmp_path / "cache.json"}"', "-e",
           "HUB_EXTERNAL_TIMEOUT=1"]
    without = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert json.loads(without.stdout)["findings"] == []
    assert Handler.hits == {}, "external links are never fetched without --external"
    result = subprocess.run([*cmd, "--external"], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["line"], f["message"]) for f in findings] == [
        ("external-broken", 5,
         f"Le lien externe « {server}/gone » est cassé (page supprimée (410))."),
        ("external-unverified", 6,
         f"Le lien externe « {server}/forbidden » n'a pas pu être vérifié (accès refusé (403))."),
    ]
    assert findings[0]["file"] == f"{content}/pages/liens.md"
