"""The hub's writer: one page that cannot be rendered or written never stops the others,
and the preview server's runs write only the pages a change touches (see `incremental`).

Whatever goes wrong for one page (a template error, a file name the disk refuses, a
folder where the page should go) becomes a French finding on the source that page comes
from (at the key that decides its address, when it has one), and the build goes on.
"""

from __future__ import annotations

import errno
import logging
import os
import traceback
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError
from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from hub import faults, handoff
from hub import findings as fd
from hub.addresses import tag_slug
from hub.build import incremental, workers
from hub.build.state import KEPT, corpus_for, kept_of, run_of
from hub.build.timings import timed
from hub.messages import say
from hub.paths import rel_path
from hub.source.corpus import Corpus, Item

logger = logging.getLogger(__name__)

ADDRESS_KEYS = ("save_as", "url", "slug")  # the keys that decide where a page is written

# What the disk said, in the writer's words (errno → French detail).
DISK_ERRORS = {
    errno.ENAMETOOLONG: "disk-name-too-long",
    errno.EEXIST: "disk-exists",
    errno.ENOTDIR: "disk-not-a-folder",
    errno.EISDIR: "disk-a-folder",
    errno.EACCES: "disk-refused",
    errno.EPERM: "disk-refused",
    errno.EROFS: "disk-read-only",
    errno.ENOSPC: "disk-full",
}  # their texts: messages.py


@dataclass
class RecordedPage:
    """A page to write: Pelican's `write_file` call, and the file it claimed."""

    name: str
    template: Any
    context: dict[str, Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    path: str  # the file it writes (os.devnull: a file another page overrides)


class HubWriter(Writer):
    """Pelican's writer, collecting page failures as findings instead of aborting, and
    keeping for `invoke check` the ids and links of every page it writes (`handoff`).

    In a full build (`provide`), pages are not rendered when the generators ask: each is
    recorded with the file it claims (in the order asked, so that two pages for one file
    are judged as Pelican judges them), and `write_pages` renders and writes them all at
    `finalized`, shared between forked workers when there are enough. Every page goes
    through `_write_now`, in whichever process renders it, and every file it writes through
    `_open_w`, where the hand-off records it (one shard per process).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending: list[RecordedPage] | None = None  # recorded pages; None: written at once
        self._claimed: set[str] | None = None  # while writing recorded pages
        self._pending_files: set[str] = set()  # the files the recorded pages claimed
        # not for the preview server's runs: nothing checks them, and they must be quick
        self.handoff = (handoff.HandoffLog(self.output_path)
                        if self.settings.get(KEPT) is None else None)
        if self.handoff is not None:
            self.handoff.start(corpus_for(self.settings))

    def write_file(self, name: str, template: Any, context: dict[str, Any], *args: Any,
                   page_key: incremental.PageKey | None = None, **kwargs: Any) -> Any:
        """`page_key` says what the page is about (the hub's own pages pass it; an item
        page written by Pelican is known by its `article=` or `page=` object)."""
        selection = incremental.selection(self.settings)
        if page_key is None:
            page_key = incremental.item_page(kwargs.get("article") or kwargs.get("page"))
        if selection is not None and not selection.wants(page_key):
            return None  # unchanged since the preview server's previous run
        if self.pending is not None and name:
            page = self._recorded(name, template, context, args, kwargs)
            if page is not None:
                self.pending.append(page)
                return None
        return self._write_now(name, template, context, args, kwargs)

    def _write_now(self, name: str, template: Any, context: dict[str, Any],
                   args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        """Render and write one page (True: written); a failure is a finding."""
        try:
            super().write_file(name, template, context, *args, **kwargs)
            return True
        except FileOverwriteFailedError:
            self._report_overwrite(name, kwargs)
        except OSError as exc:
            if faults.stops_the_run(exc):
                raise  # a full or read-only disk: one sentence for the run (faults.guard_run)
            self._report(name, template, kwargs, exc)
        except Exception as exc:  # one page, whatever happened: a finding, never a crash
            self._report(name, template, kwargs, exc)
        return False

    def _recorded(self, name: str, template: Any, context: dict[str, Any],
                  args: tuple[Any, ...], kwargs: dict[str, Any]) -> RecordedPage | None:
        """The page recorded with the file it claims, or None when it is written now:
        paginated pages, pages that override another's file, and pages whose file
        cannot even be named. Written now, a page claims its file as Pelican does; one
        that overrides a recorded page's file waits until that page is written."""
        try:
            path = sanitised_join(self.output_path, name)
        except RuntimeError:
            return None
        if args or kwargs.get("override_output") or self._paginated(kwargs):
            if kwargs.get("override_output") and path in self._pending_files:
                self.write_pages()
            return None
        if path in self._overridden_files:
            path = os.devnull  # Pelican's "Skipping": rendered, written nowhere
        elif path in self._written_files:
            return None  # Pelican refuses it (a finding): left to `_write_now`
        else:
            self._written_files.add(path)
            self._pending_files.add(path)
        return RecordedPage(name, template, context, args, kwargs, path)

    def _paginated(self, kwargs: dict[str, Any]) -> bool:
        paginated = kwargs.get("paginated")
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        return bool(paginated) and (kwargs.get("template_name")
                                    in self.settings["PAGINATED_TEMPLATES"])

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Every written file passes here (pages of a pagination too), in the process
        that writes it."""
        if self._claimed is not None and filename in self._claimed:
            file = open(filename, "w", encoding=encoding)  # noqa: SIM115
        else:
            file = super()._open_w(filename, encoding, override)
        return self.handoff.wrap(file, filename) if self.handoff is not None else file

    def write_pages(self) -> None:
        """Render and write every recorded page, on every core when they are many; the
        findings of pages written by a worker come back to the run's corpus, and the
        pages' `content_written` signal is sent here (the sitemap listens to it)."""
        pages, self.pending = self.pending, [] if self.pending is not None else None
        self._pending_files = set()
        if not pages:
            return
        corpus = corpus_for(self.settings)
        known = len(corpus.findings)
        self._claimed = {page.path for page in pages}
        parent = os.getpid()

        def work(share: list[tuple[int, RecordedPage]]) -> tuple[list[int], list[fd.Finding]]:
            written = [n for n, page in share if self._write_now(
                page.name, page.template, page.context, page.args, page.kwargs)]
            if os.getpid() == parent:  # findings and signals already here
                return [], []
            return written, corpus.findings[known:]

        try:
            done = workers.in_parallel(list(enumerate(pages)), work)
        finally:
            self._claimed = None
        for written, found in done:
            corpus.findings.extend(found)
            for n in written:
                page = pages[n]
                signals.content_written.send(
                    sanitised_join(self.output_path, page.name),
                    context={**page.context, "output_file": page.name, **page.kwargs})

    def _report_overwrite(self, name: str, kwargs: dict[str, Any]) -> None:
        """Two writes to one file that the corpus did not foresee: a finding, not a crash."""
        corpus = corpus_for(self.settings)
        _, where = _written_from(corpus, kwargs)
        corpus.findings.append(fd.make("file-overwritten", where or name, None, page=name))

    def _report(self, name: str, template: Any, kwargs: dict[str, Any], exc: Exception) -> None:
        corpus = corpus_for(self.settings)
        tag = kwargs.get("tag")
        if tag is not None and not tag_slug(str(tag)):
            return  # a tag that cannot have a page: reported at its `Tags:` line
        known, where = _written_from(corpus, kwargs)
        line = None
        template_file, template_line = _template_frame(exc, getattr(template, "filename", None))
        if isinstance(exc, OSError):
            if known is not None:
                line = address_line(known)
            corpus.findings.append(fd.make(
                "page-not-written", where or name, line, page=shown_page(name),
                detail=disk_detail(exc)))
        else:
            if where is None:
                where, line = template_file or name, template_line
            corpus.findings.append(fd.make(
                "page-not-built", where, line, page=shown_page(name), detail=_detail(exc),
                template=os.path.basename(template_file or "?"), at=template_line or "?"))
        logger.debug("Page %s not built", name, exc_info=exc)


def _written_from(corpus: Corpus, kwargs: dict[str, Any]) -> tuple[Item | None, str | None]:
    """The item a page is written from, and how findings name its file (None: no source)."""
    source = getattr(kwargs.get("article") or kwargs.get("page"), "source_path", None)
    if not source:
        return None, None
    rel = rel_path(source, corpus.root)
    known = corpus.item_at(rel)
    return known, known.display if known else rel


def address_line(item: Item) -> int | None:
    """Line of the key that decides where the item is written (None: its file name)."""
    for key in ADDRESS_KEYS:
        line = item.line_of(key)
        if line is not None:
            return line
    return None


def disk_detail(exc: OSError) -> str:
    return say(DISK_ERRORS.get(exc.errno or 0, "disk-other"))


def shown_page(name: str) -> str:
    """A page's output file, shortened when it is too long to read."""
    return name if len(name) <= 80 else name[:60] + "…" + name[-15:]


def _template_frame(exc: Exception, fallback: str | None) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame of the error."""
    found: tuple[str | None, int | None] = (fallback, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".html"):
            found = (frame.filename, frame.lineno)
    return found


def _detail(exc: Exception) -> str:
    if isinstance(exc, TemplateError):
        return (str(exc) or type(exc).__name__)[:200]
    return "erreur inattendue du gabarit"


def provide(pelican: Any) -> type[Writer]:
    return RecordingWriter if kept_of(pelican.settings) is None else HubWriter


class RecordingWriter(HubWriter):
    """The writer of a full build: pages recorded, then written together (`written`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending = []
        run_of(self.settings).writer = self


@timed("pages")
def written(pelican: Any) -> None:
    """`finalized`, first: every page recorded by the run's writer, written."""
    writer = run_of(pelican.settings).writer
    if writer is not None:
        writer.write_pages()
