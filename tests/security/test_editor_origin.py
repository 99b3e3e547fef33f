"""Only the editor's own page writes into the content folder.

The real `invoke edit` stack (the preview with the editor, and decap-server) on a copy of
the mini site; a stranger's page, served by another local application (another port of
127.0.0.1, and `localhost`), is opened in headless Chromium and tries every way a page
has to send decap-server a write: a JSON fetch (CORS preflight), a "simple" fetch with no
preflight, a form posted in text/plain shaped as JSON, reading the token. None writes a
file, each refusal is one French line in the terminal, and the editor's page still saves.
"""

from __future__ import annotations

import functools
import html
import http.client
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support import FIXTURES, free_port, invoke_server
from test_theme_support import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STORY = "stories/projet-client.md"
PIRATE = "news/pirate.md"  # what the stranger's page tries to write


@dataclass
class Stack:
    port: int  # the editor's page (and the preview)
    api: str  # decap-server's API
    content: Path
    log: Path


def write_request(path: str = PIRATE) -> dict[str, Any]:
    """decap-server's call that writes a content file, as Decap's proxy backend sends it."""
    return {"branch": "main", "action": "persistEntry", "params": {
        "branch": "main",
        "entry": {"slug": "pirate", "path": path,
                  "raw": "Title: Piraté\nDate: 2026-11-20\nSummary: Écrit par une autre page.\n"
                         "Kind: info\n\nTexte.\n"},
        "assets": [],
        "options": {"collectionName": "news", "commitMessage": "x", "useWorkflow": False,
                    "status": "draft"}}}


def files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    root = tmp_path_factory.mktemp("edit")
    content = root / "content"
    shutil.copytree(FIXTURES / "mini-site", content)
    port, api_port = free_port(), free_port()
    log = root / "terminal.txt"
    args = ["edit", "--content", str(content), "--output", str(root / "site"), "--port",
            str(port), "--api-port", str(api_port)]
    with invoke_server(args, f"http://127.0.0.1:{port}/admin/", log):
        yield Stack(port, f"http://127.0.0.1:{api_port}/api/v1", content, log)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def stranger(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Another local application: its page tries to write through decap-server."""
    root = tmp_path_factory.mktemp("stranger")
    body = json.dumps(write_request())
    (root / "page.html").write_text(STRANGER_PAGE.replace("API", stack.api).replace(
        "EDITOR", f"http://127.0.0.1:{stack.port}").replace("BODY", json.dumps(body)),
        encoding="utf-8")
    # A text/plain form sends `name=value`: the name opens the JSON, the value closes it.
    (root / "form.html").write_text(FORM_PAGE.replace("API", stack.api).replace(
        "NAME", html.escape(body[:-1] + ',"x":"')), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


# Each attempt resolves to what the page could see: "refused" when the browser or the
# server stopped it, else the status the page read.
STRANGER_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body><script>
function attempt(options) {
  return fetch('API', options).then(function (r) { return r.type === 'opaque' ? 'sent'
    : String(r.status); }).catch(function () { return 'refused'; });
}
window.attempts = Promise.all([
  attempt({method: 'POST', headers: {'Content-Type': 'application/json'}, body: BODY}),
  attempt({method: 'POST', headers: {'Content-Type': 'application/json',
           'X-Hub-Token': 'devine'}, body: BODY}),
  attempt({method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'},
           body: BODY}),
  attempt({method: 'POST', mode: 'no-cors', body: new Blob([BODY])}),
  fetch('EDITOR/admin/').then(function (r) { return r.text(); })
    .then(function (t) { return /data-token/.test(t) ? 'read' : 'unread'; })
    .catch(function () { return 'refused'; }),
]);
</script><script src="EDITOR/admin/hub-model.js"></script></body></html>
"""
FORM_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<form method="post" action="API" enctype="text/plain">
<input type="hidden" name="NAME" value='"}'></form>
<script>document.forms[0].submit();</script></body></html>
"""


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_a_page_of_another_local_origin_writes_nothing(stack: Stack, stranger: int,
                                                       name: str) -> None:
    before = files(stack.content)
    lines = len(stack.log.read_text(encoding="utf-8").splitlines())
    origin = f"http://{name}:{stranger}"
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{origin}/page.html")
        results = page.evaluate("() => window.attempts")
        # The page can neither read the editor's page nor find the token in its scripts.
        assert results == ["refused", "refused", "sent", "sent", "refused"]
        scripts = page.evaluate("() => JSON.stringify(window.HUB_EDITOR)")
        assert '"formats"' in scripts and _token(stack) not in scripts
        answer = page.goto(f"{origin}/form.html")
        page.wait_for_url(stack.api)
        assert answer is not None
        assert "seule la page de l'éditeur" in page.content()
        page.wait_for_timeout(300)
    assert files(stack.content) == before
    refusals = stack.log.read_text(encoding="utf-8").splitlines()[lines:]
    refused = [line for line in refusals if line.startswith("Éditeur : requête refusée")]
    assert refused and all(f"de la page {origin} et non de l'éditeur" in line
                           for line in refused), refusals
    assert len(refused) == 5  # two preflights, two simple requests, the form


def _post(stack: Stack, body: object, headers: dict[str, str]) -> int:
    api = stack.api.removeprefix("http://")
    host, path = api.split("/", 1)
    connection = http.client.HTTPConnection(*host.split(":"), timeout=10)
    try:
        connection.request("POST", "/" + path, body=json.dumps(body), headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def _token(stack: Stack) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
    connection.request("GET", "/admin/")
    page = connection.getresponse().read().decode("utf-8")
    connection.close()
    found = re.search(r'data-token="([^"]+)"', page)
    assert found
    return found.group(1)


def test_each_condition_alone_refuses_a_write(stack: Stack) -> None:
    """The stranger's request is the editor's one but for one detail: each is refused;
    the editor's own request, the same body, writes (so the refusals are not an error of
    the request)."""
    own = {"Origin": f"http://127.0.0.1:{stack.port}", "Content-Type": "application/json",
           "X-Hub-Token": _token(stack), "Host": stack.api.split("/")[2]}
    other_port = free_port()
    for change in ({"Origin": f"http://127.0.0.1:{other_port}"},
                   {"Origin": f"http://localhost:{other_port}"},
                   {"Origin": "null"},
                   {"Content-Type": "text/plain"},
                   {"Content-Type": "application/x-www-form-urlencoded"},
                   {"X-Hub-Token": own["X-Hub-Token"][:-1] + "A"},
                   {"X-Hub-Token": ""},
                   {"Host": "rebound.example:" + stack.api.split(":")[2].split("/")[0]}):
        assert _post(stack, write_request(), {**own, **change}) == 403, change
        assert not (stack.content / PIRATE).exists(), change
    missing = {k: v for k, v in own.items() if k != "Origin"}
    assert _post(stack, write_request(), missing) == 403
    assert not (stack.content / PIRATE).exists()
    assert _post(stack, write_request("news/permis.md"), own) == 200
    assert (stack.content / "news" / "permis.md").read_text(encoding="utf-8").startswith(
        "Title: Piraté")
    (stack.content / "news" / "permis.md").unlink()


def test_the_editor_s_own_page_still_saves_a_story(stack: Stack) -> None:
    story = stack.content / STORY
    before = story.read_text(encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"http://127.0.0.1:{stack.port}/admin/")
        page.get_by_role("button", name="Se connecter").click()
        page.evaluate("() => { location.hash = '#/collections/story/entries/projet-client'; }")
        title = page.locator("[id^=title-field]")
        title.wait_for()
        title.fill("Un dossier client partagé en un clic")
        page.get_by_role("button", name="Publier").first.click()
        page.get_by_text("Publier maintenant").click()
        for _ in range(200):
            if story.read_text(encoding="utf-8") != before:
                break
            page.wait_for_timeout(100)
    after = story.read_text(encoding="utf-8")
    assert after.splitlines()[0] == "Title: Un dossier client partagé en un clic"
    assert after.splitlines()[1:] == before.splitlines()[1:]


def test_a_rebound_name_never_gets_the_editor_s_page_or_its_token(stack: Stack) -> None:
    token = _token(stack)
    for host in ("rebound.example", f"rebound.example:{stack.port}", f"127.0.0.1:{stack.port + 1}"):
        connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
        connection.request("GET", "/admin/", headers={"Host": host})
        answer = connection.getresponse()
        body = answer.read().decode("utf-8", errors="replace")
        connection.close()
        assert answer.status == 403 and token not in body, host
    log = stack.log.read_text(encoding="utf-8")
    assert f"Requête refusée : elle était adressée à « rebound.example:{stack.port} »" in log
