"""Nothing changed, nothing to do: the fingerprint of everything a build reads.

`invoke build` (and `invoke check`, which builds first) records, after a successful
build, the fingerprint of the content folder, the theme, the plugins, the settings and
the day (future-dated content and expiries depend on it). The fingerprint is made of what
the files are, their names and the digests of their contents, never of their dates: a
rename (`mv` keeps the date), a copy that keeps dates or a `git checkout` of an older
version is a change; a file touched but left as it was is not. When the next build of
the same output finds the same fingerprint and the output as it left it, there is
nothing to rebuild.

Reading every file again at each call would be the slow part: a file's digest is kept
beside the stamp with the file's status (size, inode, modification and change times) and
reused while that status is the same. The change time (`ctime`) is set by the system at
every write or rename and cannot be set back, so a kept digest is never stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISREG

from hub.addresses import HOME
from hub.paths import folder_key, write_text_atomic

SKIPPED = {"__pycache__", ".git", ".pytest_cache"}
Status = tuple[int, int, int, int]  # (size, inode, mtime_ns, ctime_ns)


def written_by_build(content: Path) -> list[Path]:
    """The files of the content folder that the build itself writes (the feed identity
    registry, the old addresses: docs/flux-rss.md), so that its own writes do not count as
    a writer's change. One that cannot be read does count, so that the build reports it."""
    from hub.feeds.identity import problem_of
    from hub.settings import HubSettings
    from hub.source import oldaddresses

    written = []
    registry = content / HubSettings.HUB_FEED_IDS
    if not problem_of(registry):
        written.append(registry)
    old = content / HubSettings.HUB_REDIRECTS
    if not oldaddresses.load(old, HubSettings.HUB_MAX_REDIRECTS).unusable:
        written.append(old)
    return written


def _files(path: Path, ignored: frozenset[str]) -> Iterator[tuple[str, os.stat_result]]:
    if path.is_file():
        yield (str(path), path.stat())
        return
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED)
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if full in ignored:
                continue
            try:
                status = os.stat(full)
            except OSError:
                continue  # a dangling link: the gate reports it
            if S_ISREG(status.st_mode):  # a pipe is never opened (it would wait forever)
                yield (full, status)


class Digests:
    """Content digests of files, kept between calls while a file's status is the same."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known: dict[str, tuple[Status, str]] = {}
        self.used: dict[str, tuple[Status, str]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.known = {k: (tuple(v[0]), v[1]) for k, v in data.items()}  # type: ignore[misc]
        except (OSError, ValueError, TypeError, IndexError, AttributeError):
            self.known = {}

    def of(self, full: str, stat: os.stat_result) -> str:
        status: Status = (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)
        kept = self.known.get(full)
        if kept is not None and kept[0] == status:
            self.used[full] = kept
            return kept[1]
        try:
            with open(full, "rb") as handle:
                digest = hashlib.file_digest(handle, "blake2b").hexdigest()
        except OSError:
            return "absent"
        self.used[full] = (status, digest)
        return digest

    def save(self) -> None:
        if self.used != self.known:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path, json.dumps(self.used))


def fingerprint(inputs: Iterable[Path], extra: dict[str, str],
                ignored: Iterable[Path] = (), digests: Digests | None = None) -> str:
    """Of the names and contents of every file under `inputs` (but `ignored`: files the
    build itself writes)."""
    skip = frozenset(str(p) for p in ignored)
    digests = digests or Digests(Path(os.devnull))
    digest = hashlib.sha256()
    for path in inputs:
        for full, stat in _files(path, skip):
            digest.update(f"{full}\0{digests.of(full, stat)}\n".encode())
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


def digests_for(cache: Path, output: Path) -> Digests:
    """The digests kept for the builds of `output`."""
    return Digests(cache / "builds" / f"{folder_key(output)}.digests.json")


def sources_fingerprint(cache: Path, output: Path, inputs: list[Path], content: Path) -> str:
    """The fingerprint of a build of `content` into `output` from `inputs` (the content
    folder, theme, plugins, settings…), the build's own writes left out."""
    digests = digests_for(cache, output)
    found = fingerprint(inputs, {"content": str(content.resolve())},
                        ignored=written_by_build(content), digests=digests)
    digests.save()
    return found


def unchanged(cache: Path, output: Path, inputs_fingerprint: str) -> bool:
    """True when `output` was built from exactly these inputs and is still as left."""
    stamp = _stamp_file(cache, output)
    if not stamp.is_file() or not (output / HOME.save_as()).is_file():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded == {"inputs": inputs_fingerprint, "output": _output_summary(output)})


def record(cache: Path, output: Path, inputs_fingerprint: str) -> None:
    stamp = _stamp_file(cache, output)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    data = {"inputs": inputs_fingerprint, "output": _output_summary(output)}
    stamp.write_text(json.dumps(data), encoding="utf-8")


def forget(cache: Path, output: Path) -> None:
    _stamp_file(cache, output).unlink(missing_ok=True)
