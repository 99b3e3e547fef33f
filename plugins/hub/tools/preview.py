"""The writer's preview: a local server whose pages follow every save within seconds.

One Pelican instance stays in memory. The first run builds everything; then a watcher
polls the content folder, the theme, the plugins and the settings. A content change
runs Pelican again in incremental mode: unchanged files are neither read nor rendered
again, and only the pages the change touches are written (see `incremental`). A theme
or settings change runs a full build; a plugin change restarts the process. Open pages
reload themselves: the server adds a small script to the HTML it serves (never to the
files of the site).

What stands between a save and its page: the poll (every 0.1 s), then the run up to
that page. The run writes the saved items' own pages before any other page, and the
server serves a file as soon as it is written; the pages that list the item follow,
then the version that reloads open pages. A change of a body alone writes no list (what
lists show comes from the header). The run's own writes into the content folder (feed
identities, old addresses) are not taken for a writer's change; the saved files are
proofread in a child process, on the other core; and what every run keeps is set aside
from Python's cycle collector.
"""

from __future__ import annotations

import gc
import http.server
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from hub.build import state
from hub.paths import PLUGINS_DIR, proofread_cache, rel_path
from hub.source import sitefile
from hub.tools import banner, errorlog, loopback

RELOAD_PATH = "/__apercu__/"
RELOAD_SCRIPT = b"""(function () {
  var seen = null;
  function poll() {
    fetch('/__apercu__/version', {cache: 'no-store'}).then(function (r) { return r.text(); })
      .then(function (v) { if (seen !== null && v !== seen) { location.reload(); } seen = v; })
      .catch(function () {}).then(function () { setTimeout(poll, 400); });
  }
  poll();
})();
"""
RELOAD_TAG = b'<script src="/__apercu__/reload.js" defer></script>'
REVIEW_EVERY = 20  # runs between two full collections of what the preview keeps
SERVE_SWITCH = 0.001  # seconds a run holds the interpreter before a request may answer

logger = logging.getLogger(__name__)


class Watcher:
    """Polls files for changes (mtime and size), cheaply enough for thousands of files."""

    def __init__(self, folders: Iterable[Path], files: Iterable[Path] = ()) -> None:
        self.folders = [f for f in folders if f.is_dir()]
        self.files = list(files)
        self.stamps = self.snapshot()

    def snapshot(self) -> dict[str, tuple[int, int]]:
        stamps: dict[str, tuple[int, int]] = {}
        for folder in self.folders:
            self._walk(str(folder), stamps)
        for file in self.files:
            try:
                stat = file.stat()
            except OSError:
                continue
            stamps[str(file)] = (stat.st_mtime_ns, stat.st_size)
        return stamps

    def _walk(self, folder: str, stamps: dict[str, tuple[int, int]]) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                self._walk(entry.path, stamps)
            else:
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                stamps[entry.path] = (stat.st_mtime_ns, stat.st_size)

    def changes(self) -> set[str]:
        now = self.snapshot()
        changed = {p for p in set(now) | set(self.stamps) if now.get(p) != self.stamps.get(p)}
        self.stamps = now
        return changed

    def accept(self, files: Iterable[Path]) -> None:
        """Take these files as they are now: the build itself wrote them, and its own
        writes are not a writer's change (they would start a second, useless run)."""
        for file in files:
            try:
                stat = file.stat()
            except OSError:
                self.stamps.pop(str(file), None)
                continue
            self.stamps[str(file)] = (stat.st_mtime_ns, stat.st_size)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept between runs (in `Kept.bytecode`): Pelican makes new
    template environments at every run, and compiling the theme again is wasted work."""

    def __init__(self, store: dict[str, bytes]) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class Preview:
    """Keeps Pelican in memory and rebuilds what each change needs."""

    def __init__(self, settings_file: Path, overrides: dict[str, Any]) -> None:
        from pelican.settings import DEFAULT_CONFIG

        self.settings_file = settings_file
        self.kept = state.Kept()  # what every run hands to the next one
        jinja = {**DEFAULT_CONFIG["JINJA_ENVIRONMENT"],
                 "bytecode_cache": MemoryBytecodeCache(self.kept.bytecode)}
        self.overrides = {"JINJA_ENVIRONMENT": jinja, **overrides}
        self.version = 0
        self.banners: dict[str, bytes] = {}  # output file → its page's banner of errors
        self.proofreading: int | None = None  # the child proofreading the last save
        self.runs = 0
        self.pelican = self._pelican()
        self.plugins = PLUGINS_DIR
        theme = Path(self.pelican.settings["THEME"])
        self.content = Path(self.pelican.settings["PATH"])
        self.watch_content = Watcher([self.content])
        self.watch_theme = Watcher([theme])
        self.watch_code = Watcher([self.plugins])
        # the site file is a settings file too: its change re-reads the settings
        self.watch_settings = Watcher([], [settings_file, sitefile.path_of(self.content)])

    def _pelican(self) -> Any:
        from pelican import Pelican
        from pelican.settings import read_settings

        pelican = Pelican(read_settings(str(self.settings_file), override=self.overrides))
        pelican.settings[state.KEPT] = self.kept
        return pelican

    @property
    def output(self) -> Path:
        return Path(self.pelican.output_path)

    def build(self, incremental: bool, changes: set[str] | None = None) -> float:
        start = time.perf_counter()
        self.kept.allow_incremental(incremental, changes)
        # the first build starts from an empty output folder; the next ones write into it
        self.pelican.delete_outputdir = self.version == 0
        switch = sys.getswitchinterval()
        sys.setswitchinterval(SERVE_SWITCH)  # a page written first is served while the run goes on
        try:
            self.pelican.run()
        except Exception:  # keep serving the last good site
            log = errorlog.write("invoke livereload", traceback.format_exc())
            print("La construction a échoué sur une erreur inattendue : l'aperçu montre la "
                  f"dernière version réussie (détail technique dans {errorlog.shown(log)}).",
                  file=sys.stderr)
        finally:
            sys.setswitchinterval(switch)
            self.kept.allow_incremental(False)
        self.watch_content.accept(self.written_in_content())
        self.banners = self.banners_now()
        self.version += 1
        seconds = time.perf_counter() - start
        self.set_aside()
        return seconds

    def banners_now(self) -> dict[str, bytes]:
        """The banner over each page whose file has errors, after this run."""
        try:
            return banner.pages(state.corpus_for(self.pelican.settings))
        except Exception:  # a run that stopped early has no corpus: no banner
            return {}

    def set_aside(self) -> None:
        """Python's cycle collector walks every tracked object at each full collection,
        and the preview keeps a whole site of them between runs. What is alive after a
        run is set aside (`gc.freeze`), so the next run's collections only look at what
        that run made; every `REVIEW_EVERY` runs everything is looked at again, so that
        what no run keeps any more is freed."""
        self.runs += 1
        if self.runs % REVIEW_EVERY == 0:
            gc.unfreeze()
        gc.collect()
        gc.freeze()

    def written_in_content(self) -> list[Path]:
        """The files a build writes into the content folder: the feed identity registry
        and the file of old addresses."""
        hub = state.hub_settings_of(self.pelican.settings)
        return [self.content / name for name in (hub.HUB_FEED_IDS, hub.HUB_REDIRECTS) if name]

    def step(self) -> str | None:
        """One poll: rebuild if something changed; returns what was done, for the log
        (when not already printed)."""
        self.reap()
        if self.watch_code.changes():
            print("Extensions modifiées : redémarrage de l'aperçu…", file=sys.stderr)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        settings = self.watch_settings.changes()
        theme = self.watch_theme.changes()
        content = self.watch_content.changes()
        if not (settings or theme or content):
            return None
        if settings:
            self.kept.ended(self.pelican.settings.get(state.RUN))
            self.pelican = self._pelican()
        root = self.content.resolve()
        rels = {rel_path(Path(p).resolve(), root) for p in content}
        seconds = self.build(incremental=not (settings or theme), changes=rels)
        names = sorted(os.path.relpath(p) for p in settings | theme | content)
        shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        done = f"{shown} → site mis à jour en {seconds:.1f} s"
        if not hasattr(os, "fork"):
            return done + self.proofread(rels)
        print(done, file=sys.stderr, flush=True)
        self.proofread_aside(rels)
        return None

    def proofread_aside(self, rels: set[str]) -> None:
        """Proofread the saved files in a child process, on the other core: the watcher
        is back at once, and the next save is not kept waiting for Grammalecte. One
        child at a time (they share the cache file); its lines go to the log."""
        self.reap(wait=True)
        if not rels:
            return
        pid = os.fork()
        if pid == 0:  # the child: this run's corpus is already in its memory
            code = 0
            try:
                lines = self.proofread(rels)
                if lines:
                    print(lines.lstrip("\n"), file=sys.stderr, flush=True)
            except BaseException:  # never a traceback in the writer's log
                code = 1
            finally:
                os._exit(code)
        self.proofreading = pid

    def reap(self, wait: bool = False) -> None:
        """The proofreading child, once it is done (`wait`: until it is)."""
        if self.proofreading is None:
            return
        try:
            pid, _ = os.waitpid(self.proofreading, 0 if wait else os.WNOHANG)
        except ChildProcessError:
            pid = self.proofreading
        if pid:
            self.proofreading = None

    def proofread(self, rels: set[str]) -> str:
        """The proofreading warnings of the saved files, as lines for the log."""
        from hub.build.report import finding_lines
        from hub.checks import proofread

        settings = self.pelican.settings
        if not rels or not proofread.available():
            return ""
        corpus = state.corpus_for(settings)
        found = proofread.proofread(corpus, proofread.site_names(settings),
                                    proofread_cache(corpus.root), 1,
                                    only=rels)
        lines = [""]
        for finding in found:
            lines += [finding.file, *finding_lines(finding)]
        return "\n".join(lines) if found else ""


class Quiet(loopback.HostChecked, http.server.SimpleHTTPRequestHandler):
    """Serves the output folder to this computer's browser only, with no log line per
    request (the terminal is the writer's)."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class Handler(Quiet):
    """Serves the output folder; adds the reload script to HTML pages."""

    preview: Preview

    def do_GET(self) -> None:
        if self.path == RELOAD_PATH + "version":
            self._send(str(self.preview.version).encode(), "text/plain")
            return
        if self.path == RELOAD_PATH + "reload.js":
            self._send(RELOAD_SCRIPT, "text/javascript")
            return
        if self.path == banner.STYLE_PATH:
            self._send(banner.STYLE, "text/css")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            data = banner.add(path.read_bytes(), self.preview.banners.get(
                rel_path(path.resolve(), self.preview.output.resolve())))
            index = data.rfind(b"</body>")
            data = data[:index] + RELOAD_TAG + data[index:] if index >= 0 else data + RELOAD_TAG
            self._send(data, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def serve(settings_file: Path, overrides: dict[str, Any], bind: str, port: int,
          interval: float = 0.1, handler: type[Handler] = Handler) -> None:
    """Build, serve on bind:port, and follow changes until Ctrl+C (`handler`: a subclass
    of `Handler` that serves more, like the editor of `invoke edit`)."""
    loopback.bind_address(bind)  # NotLoopback before a build, not after
    preview = Preview(settings_file, overrides)
    seconds = preview.build(incremental=False)
    print(f"Site construit en {seconds:.1f} s.", file=sys.stderr)
    served = type("PreviewHandler", (handler,), {"preview": preview})
    server = loopback.listen(bind, port, partial(served, directory=str(preview.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Aperçu sur {loopback.address_url(bind, port)} : les pages se rechargent à chaque "
          "enregistrement (Ctrl+C pour arrêter).", file=sys.stderr)
    try:
        while True:
            time.sleep(interval)
            done = preview.step()
            if done:
                print(done, file=sys.stderr)
    except KeyboardInterrupt:
        server.shutdown()


def serve_built(output: Path, bind: str, port: int) -> None:
    """`invoke serve`: the built site as it is, on this computer only, until Ctrl+C."""
    server = loopback.listen(bind, port, partial(Quiet, directory=str(output)))
    print(f"Le site est servi sur {loopback.address_url(bind, port)} (Ctrl+C pour arrêter).",
          file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
