"""After a full build, the files of items that no longer exist leave the output folder.

The output folder is never emptied by a build (the checker reuses the build's hand-off for
the pages that did not change, and a rebuild rewrites only what differs). Instead, a full
build removes what the previous full build of the same folder wrote and this one did not:
the pages of a removed or renamed item, its feeds, calendars and cards. What the build did
not write (the theme, images, the search index, a file someone put there) is never touched,
and neither is a file something else wrote during this build. The preview server's runs
write only what a change touches, so they remove nothing (its first run starts empty).
`invoke clean` still empties everything.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from hub import handoff
from hub.build.state import run_of

# A file written by this build may carry a time slightly before the run's start (the
# file system's clock is coarser than `time.time`): such a file is kept.
CLOCK_MARGIN = 0.05


def remove(pelican: Any) -> None:
    """`finalized`, after the pages are written: remove the previous build's leftovers,
    then keep what this build wrote for the next one."""
    run = run_of(pelican.settings)
    writer = run.writer
    log = writer.handoff if writer is not None else None
    if log is None:  # the preview server's runs, or a run that wrote nothing
        return
    output = Path(log.output)
    now = written_by(writer, run.files)
    for rel in sorted(log.previous - now):
        _remove_file(output, rel, run.began - CLOCK_MARGIN)
    handoff.write_written(output, now)


def written_by(writer: Any, files: set[str]) -> frozenset[str]:
    """Every file this run wrote, relative to the output folder: the writer's pages (a
    page another overrides included) and the files written beside it (`Run.files`)."""
    base = os.path.abspath(writer.output_path)
    paths = {*writer._written_files, *writer._overridden_files, *files}
    rels = (os.path.relpath(p, base) for p in paths if p != os.devnull)
    return frozenset(rel.replace(os.sep, "/") for rel in rels if not rel.startswith(".."))


def _remove_file(output: Path, rel: str, began: float) -> None:
    """Remove one leftover file (never a folder, never one written during this run), then
    the folders it leaves empty, up to the output folder."""
    path = output / rel
    with contextlib.suppress(OSError):
        if path.is_symlink() or not path.is_file() or path.stat().st_mtime >= began:
            return
        path.unlink()
        folder = path.parent
        while folder != output and output in folder.parents:
            folder.rmdir()  # refused when not empty: the loop ends there
            folder = folder.parent
