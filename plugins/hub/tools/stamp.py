"""Nothing changed, nothing to do: the fingerprint of everything a build reads.

`invoke build` records, after a successful build, the fingerprint of the content
folder, the theme, the plugins, the settings and the day (future-dated content and
expiries depend on it). When the next build of the same output finds the same
fingerprint and the output as it left it, there is nothing to rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from hub.addresses import HOME
from hub.paths import folder_key

SKIPPED = {"__pycache__", ".git", ".pytest_cache"}


def _files(path: Path, ignored: frozenset[str]) -> Iterable[tuple[str, int, int]]:
    if path.is_file():
        stat = path.stat()
        yield (str(path), stat.st_mtime_ns, stat.st_size)
        return
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED)
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if full in ignored:
                continue
            try:
                stat = os.stat(full)
            except OSError:
                continue
            yield (full, stat.st_mtime_ns, stat.st_size)


def fingerprint(inputs: Iterable[Path], extra: dict[str, str],
                ignored: Iterable[Path] = ()) -> str:
    """Of every file under `inputs` (but `ignored`: files the build itself writes)."""
    skip = frozenset(str(p) for p in ignored)
    digest = hashlib.sha256()
    for path in inputs:
        for entry in _files(path, skip):
            digest.update(repr(entry).encode())
    digest.update(json.dumps({**extra, "day": dt.date.today().isoformat()},
                             sort_keys=True).encode())
    return digest.hexdigest()


def _output_summary(output: Path) -> list[int]:
    count = sum(len(files) for _, _, files in os.walk(output))
    index = output / HOME.save_as()
    return [count, index.stat().st_mtime_ns if index.is_file() else 0]


def _stamp_file(cache: Path, output: Path) -> Path:
    name = folder_key(output)
    return cache / "builds" / f"{name}.json"


def unchanged(cache: Path, output: Path, inputs_fingerprint: str) -> bool:
    """True when `output` was built from exactly these inputs and is still as left."""
    stamp = _stamp_file(cache, output)
    if not stamp.is_file() or not (output / HOME.save_as()).is_file():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == {"inputs": inputs_fingerprint, "output": _output_summary(output)}


def record(cache: Path, output: Path, inputs_fingerprint: str) -> None:
    stamp = _stamp_file(cache, output)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    data = {"inputs": inputs_fingerprint, "output": _output_summary(output)}
    stamp.write_text(json.dumps(data), encoding="utf-8")


def forget(cache: Path, output: Path) -> None:
    _stamp_file(cache, output).unlink(missing_ok=True)
