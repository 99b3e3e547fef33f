"""`invoke edit`: the writer's preview with the editor at /admin/, and `decap-server`.

The preview (`tools/preview.py`) serves the site and follows every save; this module adds
the editor's page to what it serves, never to the output folder, so the editor is never
published. Decap's bundle comes from `node_modules/` (no network). `decap-server` writes
the content folder in place (`MODE=fs`, no git) and has no authentication of its own: it
listens on 127.0.0.1 only, on its own port, and `decap-server.js` answers only JSON
requests addressed to that host and port, sent by the editor's own page (its origins) with
the token made at start (`TOKEN`), which only that page receives (in its HTML, that no
other page can read); it stops with the preview.
"""

from __future__ import annotations

import html
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from hub.addresses import EDITOR, URLS
from hub.build import state
from hub.editor import config
from hub.messages import EDITOR_PHRASES, EDITOR_TEXTS, TEXTS
from hub.paths import REPO_ROOT
from hub.source import gate
from hub.tools import loopback, preview

THEME_LOGO = "img/favicon.svg"  # the hub's mark, in the theme's static files
HOST = loopback.LOOPBACK  # the editor and decap-server listen here only
ADMIN = "/" + EDITOR.url()  # reserved: no writer's page can take it
STATIC = Path(__file__).resolve().parent / "static"
NODE_MODULES = REPO_ROOT / "node_modules"
DECAP_DIST = NODE_MODULES / "decap-cms" / "dist"
DECAP_SERVER = NODE_MODULES / "decap-server" / "dist" / "middlewares.js"
SERVER_SCRIPT = Path(__file__).resolve().parent / "decap-server.js"  # with a Host check
MODEL_SCRIPT = "hub-model.js"  # generated: the format tables, read before Decap loads
OWN_FILES = ("index.html", "hub-format.js", "hub-editor.js")
KINDS = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".yml": "text/yaml; charset=utf-8",
         ".wasm": "application/wasm", ".txt": "text/plain; charset=utf-8"}
START_TIMEOUT = 20.0  # seconds for decap-server to listen
RUNNING = "HUB_EDITOR_API_PORT"  # set once this process has started decap-server
TOKEN = "HUB_EDITOR_TOKEN"  # the API's token, kept when the preview restarts itself
TOKEN_BYTES = 32  # of randomness: unguessable
PAGE = "index.html"  # the editor's page, the one file that receives the token


class EditorUnavailable(Exception):
    """What the writer must do before the editor can start (French)."""


def policy(backend: str) -> str:
    """The editor page's own Content-Security-Policy (Decap needs eval and inline styles);
    `backend` is the origin it reads and writes through (decap-server, or the GitLab)."""
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src 'self' {backend}",
        "frame-src 'self' blob: about:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ))


def stylesheet() -> str:
    """The hub's stylesheet as the preview serves it, for Decap's preview pane."""
    return f"/{URLS.theme}css/hub.css"


def model_script(css: str) -> bytes:
    """hub-model.js: the format tables, the preview pane's stylesheet (its URL, from the
    editor's page) and the manual start of Decap (hub-editor.js)."""
    data = {"formats": config.formats(), "stylesheet": css, "phrases": EDITOR_PHRASES,
            "texts": {key: TEXTS[key] for key in EDITOR_TEXTS}}
    return ("window.CMS_MANUAL_INIT = true;\nwindow.HUB_EDITOR = "
            + json.dumps(data, ensure_ascii=False) + ";\n").encode()


class EditorHandler(preview.Handler):
    """The preview's handler, plus the editor's files under /admin/."""

    port: int  # the editor's and the preview's
    api_port: int  # decap-server's
    token: str  # what decap-server asks of every call (`api_meta`)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == ADMIN.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", ADMIN)
            self.end_headers()
            return
        if not path.startswith(ADMIN):
            super().do_GET()
            return
        found = self.admin_file(path.removeprefix(ADMIN) or "index.html")
        if found is None:
            self.send_error(404)
            return
        data, suffix = found
        self.send_response(200)
        self.send_header("Content-Type", KINDS.get(suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", policy(f"http://{HOST}:{self.api_port}"))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(data)

    def admin_file(self, name: str) -> tuple[bytes, str] | None:
        """The bytes of one file of the editor, by name (never a path outside its folders)."""
        if name == "config.yml":
            return self.config_file(), ".yml"
        if name == MODEL_SCRIPT:
            return model_script(stylesheet()), ".js"
        if name == PAGE:
            return with_api(self.api_url(), self.token), ".html"
        if name in OWN_FILES:
            return (STATIC / name).read_bytes(), Path(name).suffix
        if "/" not in name and name in bundle_files():
            return (DECAP_DIST / name).read_bytes(), Path(name).suffix
        return None

    def config_file(self) -> bytes:
        settings = self.preview.pelican.settings
        backend = config.Backend(api_url=self.api_url())
        site = f"http://{HOST}:{self.port}/"
        audiences = dict(settings.get("AUDIENCES") or {})
        hub = state.hub_settings_of(settings)
        # the site's logo, else the hub's own mark (never Decap's on the login page)
        logo = site + (hub.logo_url if hub.HUB_LOGO else URLS.theme + THEME_LOGO)
        return config.config_yml(config.config(audiences, backend, site, hub.department(),
                                               logo)).encode()

    def api_url(self) -> str:
        return f"http://{HOST}:{self.api_port}/api/v1"


def with_api(api_url: str, token: str) -> bytes:
    """The editor's page with decap-server's address and token, for hub-editor.js to send
    with every call (a page of another origin cannot read this HTML)."""
    meta = (f'  <meta name="hub-api" content="{html.escape(api_url)}" '
            f'data-token="{html.escape(token)}">\n</head>')
    return (STATIC / PAGE).read_text(encoding="utf-8").replace("</head>", meta, 1).encode()


def editor_token() -> str:
    """The token of this editor's decap-server: made at the first start, the same after
    the preview restarts itself (decap-server keeps running then)."""
    token = os.environ.get(TOKEN) or secrets.token_urlsafe(TOKEN_BYTES)
    os.environ[TOKEN] = token
    return token


def bundle_files() -> frozenset[str]:
    """The files of Decap's bundle that the page loads (its source maps left out)."""
    if not DECAP_DIST.is_dir():
        return frozenset()
    return frozenset(p.name for p in DECAP_DIST.iterdir() if not p.name.endswith(".map"))


def check_tools() -> str:
    """The `node` program to run decap-server with; EditorUnavailable when something lacks."""
    node = shutil.which("node")
    if node is None:
        raise EditorUnavailable("L'éditeur a besoin de Node.js : installez le paquet « nodejs », "
                                "puis relancez « ./hub edit ».")
    if not DECAP_SERVER.is_file() or not (DECAP_DIST / "decap-cms.js").is_file():
        raise EditorUnavailable("Les fichiers de l'éditeur ne sont pas installés : lancez "
                                "« ./hub edit », qui les installe (npm ci).")
    return node


def _taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def start_decap_server(node: str, content: Path, port: int, editor_port: int,
                       token: str) -> subprocess.Popen[bytes] | None:
    """decap-server writing `content` in place, on 127.0.0.1:port, for the editor's page
    on `editor_port` with `token`, ready when this returns (None: the one this process
    started before the preview restarted itself, still there)."""
    if os.environ.get(RUNNING) == str(port) and _taken(port):
        return None
    if _taken(port):
        raise EditorUnavailable(f"Le port {port} est déjà pris : choisissez-en un autre avec "
                                "--api-port (ou arrêtez l'éditeur déjà ouvert).")
    env = {**os.environ, "MODE": "fs", "BIND_HOST": HOST, "PORT": str(port),
           "GIT_REPO_DIRECTORY": str(content.resolve()), "LOG_LEVEL": "warn",
           "HUB_NODE_MODULES": str(NODE_MODULES), TOKEN: token,
           "HUB_API_HOSTS": ",".join(sorted(loopback.hosts(port))),
           "HUB_EDITOR_ORIGINS": ",".join(loopback.origins(editor_port))}
    process = subprocess.Popen([node, str(SERVER_SCRIPT)], env=env, cwd=str(content),
                               stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + START_TIMEOUT
    while not _taken(port):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise EditorUnavailable("Le serveur d'écriture de l'éditeur (decap-server) n'a pas "
                                    "démarré : relancez « ./hub edit ».")
        time.sleep(0.1)
    os.environ[RUNNING] = str(port)  # kept when the preview restarts itself (os.execv)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def check_content(content: Path) -> None:
    """decap-server writes through whatever the folder holds: the editor does not start
    while a link leads out of the content folder (or loops, or dangles), or while a special
    file would stall it; the gate's finding says which and what to do."""
    refused = [r for r in gate.walk(content).refused if r.code != "name-twins"]
    if refused:
        finding = refused[0].finding(str(content))
        raise EditorUnavailable(f"L'éditeur ne démarre pas : {finding.file} : "
                                f"{finding.message} {finding.hint}")


def serve(settings_file: Path, overrides: dict[str, Any], content: Path, port: int,
          api_port: int) -> None:
    """The editor on http://127.0.0.1:port/admin/ and the preview at /, until Ctrl+C."""
    node = check_tools()
    if _taken(port):
        raise EditorUnavailable(f"Le port {port} est déjà pris : choisissez-en un autre avec "
                                "--port.")
    check_content(content)
    token = editor_token()
    process = start_decap_server(node, content, api_port, port, token)
    # A stop asked by the system (kill, a closed terminal) stops decap-server too.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    handler = type("EditorPreviewHandler", (EditorHandler,), {"port": port, "api_port": api_port,
                                                             "token": token})
    print(f"Éditeur sur http://{HOST}:{port}{ADMIN} (le site est à http://{HOST}:{port}/).",
          file=sys.stderr)
    try:
        preview.serve(settings_file, overrides, HOST, port, handler=handler)
    finally:
        if process is not None:
            stop(process)
