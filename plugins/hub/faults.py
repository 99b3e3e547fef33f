"""The file system's refusals (a full disk, a read-only folder, a missing permission, a
file where a folder should be) said in one French sentence that names the folder and
what to do, for the build, the checker and publishing alike. The technical detail goes
to the error log; anything else stays an unexpected error."""

from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hub.messages import say

# errno → the sentence of `messages.TEXTS` that says it
REFUSALS: dict[int, str] = {
    errno.ENOSPC: "fault-full",
    errno.EDQUOT: "fault-quota",
    errno.EROFS: "fault-read-only",
    errno.EACCES: "fault-permission",
    errno.EPERM: "fault-permission",
    errno.ENOTDIR: "fault-file-in-the-way",
    errno.EEXIST: "fault-file-in-the-way",
}
# a file where a folder should be (or the reverse): in the way of one path only
IN_THE_WAY = frozenset({errno.ENOTDIR, errno.EEXIST})
# a run stopped by one of them: the build's exit status, so that a caller knows the
# last line it printed is that sentence
EXIT_REFUSED = 75


def refused(exc: BaseException) -> bool:
    """An error of the file system that the writer can act on (not a bug of the hub)."""
    return isinstance(exc, OSError) and exc.errno in REFUSALS


def stops_the_run(exc: BaseException) -> bool:
    """A refusal that no other page would escape (a full disk, a read-only folder, a
    missing permission); a file in the way of one page is that page's finding."""
    return refused(exc) and getattr(exc, "errno", None) not in IN_THE_WAY


def sentence(exc: OSError, folder: Path | str | None = None) -> str:
    """« Impossible d'écrire dans « X » : le disque qui le porte est plein. Libérez… »,
    naming `folder` (the folder the person chose) or else the one where it happened."""
    where = folder if folder is not None else _folder_of(exc)
    return say(REFUSALS.get(exc.errno or 0, "fault-other"), folder=where)


def _folder_of(exc: OSError) -> str:
    """The deepest existing folder of the path the system refused (for a file where a
    folder should be: that file)."""
    name = exc.filename or exc.filename2
    if not name:
        return "le dossier de travail"
    path = Path(str(name))
    for candidate in (path, *path.parents):
        if candidate.is_dir():
            return str(candidate)
        if candidate.exists():
            in_the_way = exc.errno in (errno.ENOTDIR, errno.EEXIST)
            return str(candidate if in_the_way else candidate.parent)
    return str(path)


def guard_run(pelican: Any) -> None:
    """`initialized`: a build stopped by the file system ends on one French sentence
    naming the output folder (exit status `EXIT_REFUSED`), not on Pelican's traceback."""
    run = pelican.run
    output = Path(pelican.settings["OUTPUT_PATH"])
    if output.is_symlink() or output.exists() and not output.is_dir():
        # Pelican would delete it to make the folder (DELETE_OUTPUT_DIRECTORY): never
        stop(NotADirectoryError(errno.ENOTDIR, "output is not a folder", str(output)),
             "construction", output)

    @functools.wraps(run)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return run(*args, **kwargs)
        except OSError as exc:
            if not refused(exc):
                raise
            stop(exc, "construction", _chosen(exc, output))

    pelican.run = guarded


def _chosen(exc: OSError, output: Path) -> Path | None:
    """The output folder when the refused file is in it (the person chose that one)."""
    name = exc.filename or exc.filename2
    if name is None:
        return output
    try:
        Path(str(name)).resolve().relative_to(output.resolve())
    except ValueError:
        return None
    return output


def stop(exc: OSError, what: str, folder: Path | None = None,
         say: Callable[[str], None] | None = None) -> None:
    """Log the detail, say the sentence, and end the process with `EXIT_REFUSED`."""
    from hub.tools import errorlog

    errorlog.write(what, f"{type(exc).__name__}: {exc}")
    (say or _to_stderr)(sentence(exc, folder))
    raise SystemExit(EXIT_REFUSED)


def _to_stderr(text: str) -> None:
    print(text, file=sys.stderr)
