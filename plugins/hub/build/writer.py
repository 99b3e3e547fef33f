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
from typing import Any

from jinja2 import TemplateError
from pelican.writers import FileOverwriteFailedError, Writer

from hub import findings as fd
from hub import handoff
from hub.addresses import tag_slug
from hub.build import incremental
from hub.build.state import KEPT, corpus_for
from hub.paths import rel_path
from hub.source.corpus import Corpus, Item

logger = logging.getLogger(__name__)

ADDRESS_KEYS = ("save_as", "url", "slug")  # the keys that decide where a page is written

# What the disk said, in the writer's words (errno → French detail).
DISK_ERRORS = {
    errno.ENAMETOOLONG: "son adresse est trop longue pour le disque",
    errno.EEXIST: "un dossier ou un fichier occupe déjà son adresse",
    errno.ENOTDIR: "un fichier occupe déjà son adresse",
    errno.EISDIR: "un dossier occupe déjà son adresse",
    errno.EACCES: "le dossier de sortie refuse l'écriture",
    errno.EPERM: "le dossier de sortie refuse l'écriture",
    errno.EROFS: "le dossier de sortie est en lecture seule",
    errno.ENOSPC: "le disque est plein",
}


class HubWriter(Writer):
    """Pelican's writer, collecting page failures as findings instead of aborting, and
    keeping for `invoke check` the ids and links of every page it writes (`handoff`)."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings)
        # not for the preview server's runs: nothing checks them, and they must be quick
        self.handoff = (handoff.HandoffLog(output_path) if self.settings.get(KEPT) is None
                        else None)
        if self.handoff is not None:
            self.handoff.start(corpus_for(self.settings))

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Every written file passes here (pages of a pagination too)."""
        file = super()._open_w(filename, encoding, override)
        return self.handoff.wrap(file, filename) if self.handoff is not None else file

    def write_file(self, name: str, template: Any, context: dict[str, Any], *args: Any,
                   page_key: incremental.PageKey | None = None, **kwargs: Any) -> Any:
        """`page_key` says what the page is about (the hub's own pages pass it; an item
        page written by Pelican is known by its `article=` or `page=` object)."""
        selection = incremental.selection(self.settings)
        if page_key is None:
            page_key = incremental.item_page(kwargs.get("article") or kwargs.get("page"))
        if selection is not None and not selection.wants(page_key):
            return None  # unchanged since the preview server's previous run
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        except FileOverwriteFailedError:
            self._report_overwrite(name, kwargs)
            return None
        except Exception as exc:  # one page, whatever happened: a finding, never a crash
            self._report(name, template, kwargs, exc)
            return None

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
    return DISK_ERRORS.get(exc.errno or 0, "le disque a refusé de l'écrire")


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
    return HubWriter
