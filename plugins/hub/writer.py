"""The hub's writer: one page that cannot be rendered never stops the others, and the
preview server's runs write only the pages a change touches (see `incremental`).

A template error on one page becomes a French finding on the source that page comes
from (or on the template), and the build goes on with every other page.
"""

from __future__ import annotations

import logging
import os
import traceback
from typing import Any

from jinja2 import TemplateError
from pelican.writers import FileOverwriteFailedError, Writer

from . import findings as fd
from . import incremental
from .state import corpus_for

logger = logging.getLogger(__name__)


class HubWriter(Writer):
    """Pelican's writer, collecting page failures as findings instead of aborting."""

    def write_file(self, name: str, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> Any:
        selection = incremental.selection()
        if selection is not None and not selection.wants(kwargs):
            return None  # unchanged since the preview server's previous run
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        except FileOverwriteFailedError:
            self._report_overwrite(name, kwargs)
            return None
        except (TemplateError, AttributeError, TypeError, ValueError, KeyError) as exc:
            self._report(name, template, kwargs, exc)
            return None

    def _report_overwrite(self, name: str, kwargs: dict[str, Any]) -> None:
        """Two writes to one file that the corpus did not foresee: a finding, not a crash."""
        corpus = corpus_for(self.settings)
        item = kwargs.get("article") or kwargs.get("page")
        source = getattr(item, "source_path", None)
        where: str = name
        if source:
            rel = os.path.relpath(source, corpus.root).replace(os.sep, "/")
            known = corpus.item_at(rel)
            where = known.display if known else rel
        corpus.findings.append(fd.make("file-overwritten", where, None, page=name))

    def _report(self, name: str, template: Any, kwargs: dict[str, Any], exc: Exception) -> None:
        corpus = corpus_for(self.settings)
        item = kwargs.get("article") or kwargs.get("page")
        source = getattr(item, "source_path", None)
        where, line = None, None
        if source:
            rel = os.path.relpath(source, corpus.root).replace(os.sep, "/")
            known = corpus.item_at(rel)
            where = known.display if known else rel
        template_file, template_line = _template_frame(exc, getattr(template, "filename", None))
        if where is None:
            where, line = template_file or name, template_line
        corpus.findings.append(
            fd.make("page-not-built", where, line, page=name, detail=_detail(exc),
                    template=os.path.basename(template_file or "?"), at=template_line or "?")
        )
        logger.debug("Page %s not built", name, exc_info=exc)


def _template_frame(exc: Exception, fallback: str | None) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame of the error."""
    found: tuple[str | None, int | None] = (fallback, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".html"):
            found = (frame.filename, frame.lineno)
    return found


def _detail(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__)[:200]


def provide(pelican: Any) -> type[Writer]:
    return HubWriter
