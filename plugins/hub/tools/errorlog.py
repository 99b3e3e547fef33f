"""The error log: where the technical detail of an unexpected failure goes, so that the
writer sees one French sentence naming it, never a Python traceback."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from hub.paths import REPO_ROOT, inside


def log_path() -> Path:
    """`cache/hub-erreur.log` of the project (HUB_ERROR_LOG: elsewhere, for tests)."""
    return Path(os.environ.get("HUB_ERROR_LOG") or REPO_ROOT / "cache" / "hub-erreur.log")


def write(what: str, detail: str) -> Path:
    """Write `detail` to the error log (the temporary folder if the log cannot be written)."""
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    text = f"{stamp} {what}\n{detail.rstrip()}\n"
    for path in (log_path(), Path(tempfile.gettempdir()) / "hub-erreur.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return log_path()


def shown(path: Path) -> str:
    """The log as the writer types it: relative to the project when inside it."""
    return inside(path, REPO_ROOT) or str(path)
