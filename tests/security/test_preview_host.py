"""The preview serves its writer only: a page whose name is made to point at 127.0.0.1
(DNS rebinding) reaches the preview with its own name as `Host` and is refused, so it
never reads the unpublished site; the preview listens on this computer only.

Real servers (`invoke livereload` and `invoke serve` on a copy of the mini site), raw HTTP
requests, and headless Chromium told that `rebound.example` is 127.0.0.1.
"""

from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import FIXTURES, ROOT, free_port, invoke_server
from test_theme_support import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow

PAGE = "/services/messagerie/"
SHOWN = "Messagerie"  # on that page: what a stranger's page must never read
REFUSED = "Requête refusée : elle était adressée à « {host} » et non à http://127.0.0.1:{port}/"


@dataclass
class Served:
    port: int
    log: Path


def _get(port: int, host: str, path: str = PAGE, method: str = "GET") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers={"Host": host})
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def _listening(port: int) -> list[str]:
    """The local addresses (hex, as /proc/net/tcp gives them) listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                found.append(local.rsplit(":", 1)[0])
    return found


@pytest.fixture(scope="module", params=["livereload", "serve"])
def served(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp(request.param)
    shutil.copytree(FIXTURES / "mini-site", root / "content")
    port = free_port()
    log = root / "terminal.txt"
    args = [request.param, "--content", str(root / "content"), "--output", str(root / "site"),
            "--port", str(port)]
    with invoke_server(args, f"http://127.0.0.1:{port}{PAGE}", log):
        yield Served(port, log)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io:{port}",
                                  "127.0.0.1:1", "localhost", ""])
def test_a_request_addressed_to_another_name_is_refused(served: Served, host: str) -> None:
    host = host.format(port=served.port)
    for method, path in (("GET", PAGE), ("HEAD", PAGE), ("GET", "/__apercu__/version")):
        status, body = _get(served.port, host, path, method)
        assert status == 403, (host, method, path)
        assert SHOWN not in body
    shown = host or "(aucun nom)"
    assert REFUSED.format(host=shown, port=served.port) in served.log.read_text(encoding="utf-8")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}",
                                  "[::1]:{port}"])
def test_this_computer_s_names_are_served(served: Served, host: str) -> None:
    status, body = _get(served.port, host.format(port=served.port))
    assert status == 200 and SHOWN in body


def test_a_rebound_name_in_a_browser_reads_nothing(served: Served) -> None:
    from playwright.sync_api import sync_playwright

    rule = "--host-resolver-rules=MAP rebound.example 127.0.0.1"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=[*CHROMIUM_ARGS, rule])
        try:
            page = browser.new_page()
            answer = page.goto(f"http://rebound.example:{served.port}{PAGE}")
            assert answer is not None and answer.status == 403
            assert SHOWN not in page.content()
            own = page.goto(f"http://127.0.0.1:{served.port}{PAGE}")
            assert own is not None and own.status == 200 and SHOWN in page.content()
        finally:
            browser.close()
    log = served.log.read_text(encoding="utf-8")
    assert REFUSED.format(host=f"rebound.example:{served.port}", port=served.port) in log


def test_it_listens_on_this_computer_only(served: Served) -> None:
    assert _listening(served.port) == ["0100007F"]  # 127.0.0.1


@pytest.mark.parametrize("task", ["livereload", "serve"])
def test_an_address_off_this_computer_is_refused_before_anything(task: str,
                                                                 tmp_path: Path) -> None:
    port = free_port()
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(ROOT), task, "--bind", "0.0.0.0",
         "--content", str(FIXTURES / "mini-site"), "--output", str(tmp_path / "site"),
         "--port", str(port)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "L'aperçu n'écoute que sur cet ordinateur : « 0.0.0.0 » n'est pas accepté "
        "(127.0.0.1, localhost ou ::1). Pour montrer le site à un collègue, publiez-le "
        "(./hub publish)."]
    assert not (tmp_path / "site").exists() and not _listening(port)
