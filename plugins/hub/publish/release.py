"""Publishing: build into a fresh release, let the gate refuse it, then switch atomically.

The target folder holds every release side by side and one symbolic link, `current`,
that the web server serves:

    TARGET/current -> releases/20261123T080000-000001
    TARGET/releases/20261123T080000-000001/   complete sites only
    TARGET/.staging-…/                         a release being built and checked

A release enters `releases/` by one `rename()` once it is built and checked, and goes
live by one `rename()` of a new link over `current`: a process killed at any moment
leaves the target serving the complete old site or the complete new one. Old releases
leave by a rename into `.trash-…` before they are deleted, so a release that is half
deleted is never one that `rollback` can choose.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hub import faults
from hub import findings as fd
from hub.messages import say
from hub.paths import REPO_ROOT
from hub.publish.gate import BuildSpec, CheckerError, Gate, blocking, build, run_checker

CURRENT = "current"
RELEASES = "releases"
STAGING_PREFIX = ".staging-"
TRASH_PREFIX = ".trash-"
RELEASE_RE = re.compile(r"^\d{8}T\d{6}-\d{6}$")
DEFAULT_KEEP = 5


class PublishError(Exception):
    """Publishing cannot go on; the French message says why and what to do."""


@dataclass
class PublishOutcome:
    """What a publish did: the release made live, or why the target was left alone."""

    published: bool
    release: str | None = None
    findings: list[fd.Finding] = field(default_factory=list)
    reason: str = ""

    @property
    def errors(self) -> list[fd.Finding]:
        return [f for f in self.findings if f.severity is fd.Severity.ERROR]


# --- the target ------------------------------------------------------------------


@dataclass(frozen=True)
class PublishTarget:
    """A publish target folder: releases, the `current` link and work folders."""

    root: Path

    @property
    def current_link(self) -> Path:
        return self.root / CURRENT

    @property
    def releases_dir(self) -> Path:
        return self.root / RELEASES

    def releases(self) -> list[str]:
        """Complete releases, oldest first (names sort by time)."""
        if not self.releases_dir.is_dir():
            return []
        return sorted(
            p.name for p in self.releases_dir.iterdir() if RELEASE_RE.match(p.name) and p.is_dir()
        )

    def current(self) -> str | None:
        """Name of the live release, or None before the first publish."""
        link = self.current_link
        if not link.is_symlink():
            return None
        name = Path(os.readlink(link)).name
        return name if RELEASE_RE.match(name) else None

    def check_layout(self) -> None:
        """Refuse a target that is not ours (an ordinary folder called `current`, …), and
        any link in it but `current` to one of its releases: publishing deletes old
        releases, and never anything a link would lead it to elsewhere."""
        if self.root.exists() and not self.root.is_dir():
            raise PublishError(say("publish-target-not-a-folder", root=self.root))
        link = self.current_link
        if link.exists() and not link.is_symlink():
            raise PublishError(say("publish-not-a-target", link=link))
        stray = self._stray_link()
        if stray is not None:
            raise PublishError(say("publish-link-in-target", link=stray))

    def _stray_link(self) -> Path | None:
        """The first link of the target that publishing could follow out of it."""
        if not self.root.is_dir():
            return None
        if self.current_link.is_symlink():
            pointed = os.readlink(self.current_link)
            parts = Path(pointed).parts
            if len(parts) != 2 or parts[0] != RELEASES or not RELEASE_RE.match(parts[1]):
                return self.current_link
        if self.releases_dir.is_symlink():
            return self.releases_dir
        for folder in (self.root, self.releases_dir):
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                ours = path.name.startswith((STAGING_PREFIX, TRASH_PREFIX)) or (
                    folder == self.releases_dir and RELEASE_RE.match(path.name))
                if ours and path.is_symlink():
                    return path
        return None

    def switch_to(self, release: str) -> None:
        """Point `current` at `release` in one atomic rename."""
        temp = self.root / f".{CURRENT}-{os.getpid()}"
        if temp.is_symlink() or temp.exists():
            temp.unlink()
        os.symlink(f"{RELEASES}/{release}", temp)
        os.replace(temp, self.current_link)
        _fsync_dir(self.root)

    def clean_leftovers(self) -> None:
        """Remove what a killed publish left behind: staging and trash folders."""
        for folder in (self.root, self.releases_dir):
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.name.startswith((STAGING_PREFIX, TRASH_PREFIX)):
                    _remove(path)
                elif path.name.startswith(f".{CURRENT}-") and path.is_symlink():
                    path.unlink()

    def prune(self, keep: int) -> list[str]:
        """Keep the `keep` newest releases, and always the live one; return those removed."""
        live = self.current()
        releases = self.releases()
        doomed = [r for r in releases[: max(0, len(releases) - keep)] if r != live]
        for name in doomed:
            trash = self.root / f"{TRASH_PREFIX}{name}"
            os.replace(self.releases_dir / name, trash)
            _remove(trash)
        return doomed


@contextlib.contextmanager
def locked(target: PublishTarget) -> Iterator[None]:
    """One publish or rollback at a time per target (the kernel drops the lock of a
    killed process, so a kill -9 never leaves the target locked)."""
    fd_ = os.open(target.root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd_, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(say("publish-locked", root=target.root)) from None
        yield
    finally:
        os.close(fd_)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd_ = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd_)
    finally:
        os.close(fd_)


def _sync_tree(root: Path) -> None:
    """Every file and folder of `root` on disk. One `syncfs` of the file system that holds
    it (Linux) flushes them all at once: 0.2 s for a 13,000-file release, where an
    `fsync` per file takes 6 to 9 s; elsewhere, or if it fails, one `fsync` per file."""
    syncfs = _syncfs()
    if syncfs is not None:
        fd_ = os.open(root, os.O_RDONLY)
        try:
            if syncfs(fd_) == 0:
                return
        finally:
            os.close(fd_)
    _fsync_tree(root)


def _syncfs() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call: Callable[[int], int] = libc.syncfs
    except (OSError, AttributeError):
        return None
    return call


def _fsync_tree(root: Path) -> None:
    for dirpath, _, files in os.walk(root):
        for name in files:
            fd_ = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd_)
            finally:
                os.close(fd_)
        _fsync_dir(Path(dirpath))


def new_release_name(target: PublishTarget, now: dt.datetime | None = None) -> str:
    """A release name that sorts after every existing one."""
    now = now or dt.datetime.now(dt.UTC)
    name = now.strftime("%Y%m%dT%H%M%S-%f")
    existing = target.releases()
    if existing and name <= existing[-1]:
        stamp, micro = existing[-1].split("-")
        name = f"{stamp}-{int(micro) + 1:06d}"
    return name


def publish(target_dir: Path, spec: BuildSpec, keep: int = DEFAULT_KEEP, strict: bool = False,
            gate: Gate = run_checker, log: Callable[[str], None] = print) -> PublishOutcome:
    """Build, check, and switch the live site; on any error the target is left untouched."""
    target = PublishTarget(target_dir.resolve() if target_dir.exists() else target_dir.absolute())
    target.check_layout()
    created = not target.root.exists()
    target.root.mkdir(parents=True, exist_ok=True)
    with locked(target):
        return _publish(target, spec, keep, strict, gate, log, created)


def _publish(target: PublishTarget, spec: BuildSpec, keep: int, strict: bool, gate: Gate,
             log: Callable[[str], None], created: bool) -> PublishOutcome:
    target.clean_leftovers()
    staging = target.root / f"{STAGING_PREFIX}{os.getpid()}"
    _remove(staging)
    published = False
    try:
        log(say("publish-building"))
        done = build(spec, staging)
        if done.returncode == faults.EXIT_REFUSED:  # a full or read-only disk, said in French
            said = ((done.stderr or "").strip().splitlines()[-1:] or [""])[0]
            return PublishOutcome(False, reason=say(
                "publish-fault", sentence=said.replace(str(staging), str(target.root))))
        if done.returncode != 0:
            return PublishOutcome(False, reason=_build_failure(done))
        log(say("publish-checking"))
        try:
            findings = gate(spec, staging, strict)
        except CheckerError as exc:
            return PublishOutcome(False, reason=say("publish-checker-failed", detail=exc))
        refused = blocking(findings, strict)
        if refused:
            return PublishOutcome(False, findings=findings, reason=_refusal(refused, strict))
        _sync_tree(staging)  # on disk before it can go live, even across a power cut
        target.releases_dir.mkdir(exist_ok=True)
        release = new_release_name(target)
        os.replace(staging, target.releases_dir / release)
        _fsync_dir(target.releases_dir)
        target.switch_to(release)
        published = True
        removed = target.prune(keep)
        if removed:
            log(say("publish-pruned", releases=", ".join(removed)))
        return PublishOutcome(True, release=release, findings=findings)
    finally:
        _remove(staging)
        if created and not published:
            shutil.rmtree(target.root, ignore_errors=True)  # refused: leave no trace


def rollback(target_dir: Path) -> str:
    """Make the release before the live one live again; return its name."""
    target = PublishTarget(target_dir)
    target.check_layout()
    if not target.root.is_dir():
        raise PublishError(say("publish-nothing-to-undo", target=target_dir))
    with locked(target):
        return _rollback(target, target_dir)


def _rollback(target: PublishTarget, target_dir: Path) -> str:
    live = target.current()
    if live is None:
        raise PublishError(say("publish-nothing-to-undo", target=target_dir))
    older = [r for r in target.releases() if r < live]
    if not older:
        raise PublishError(say("publish-oldest", live=live))
    target.switch_to(older[-1])
    return older[-1]


def _build_failure(done: subprocess.CompletedProcess[str]) -> str:
    tail = "\n".join((done.stderr or done.stdout or "").strip().splitlines()[-15:])
    return say("publish-build-failed", tail=tail)


def _refusal(refused: list[fd.Finding], strict: bool) -> str:
    what = say("publish-refused-strict" if strict else "publish-refused-errors")
    return say("publish-refused", count=len(refused), what=what)


# --- command line (invoke publish / invoke rollback) ---------------------------------------


def publish_command(target: str, content: str | None = None, keep: int = DEFAULT_KEEP,
                    strict: bool = False, today: str = "", report_file: str | None = None) -> int:
    """`invoke publish`: print the French report; exit status 0 published, 1 refused, 2 unusable."""
    from hub.build.report import format_text

    content_dir = Path(content) if content else REPO_ROOT / "content"
    if not content_dir.is_dir():
        print(say("publish-no-content", content=content_dir), file=sys.stderr)
        return 2
    spec = BuildSpec(content=content_dir, today=today or os.environ.get("HUB_TODAY", ""),
                     label=content or "")
    try:
        outcome = publish(Path(target), spec, keep=keep, strict=strict)
    except PublishError as exc:
        print(say("publish-impossible", reason=exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(system_reason(exc, target), file=sys.stderr)
        return 2
    text = format_text(outcome.findings) if outcome.findings else ""
    if report_file:
        Path(report_file).write_text((text + "\n" + outcome.reason).strip() + "\n",
                                     encoding="utf-8")
    if text:
        print(text, file=sys.stderr)
    if not outcome.published:
        print(outcome.reason, file=sys.stderr)
        return 1
    print(say("publish-done", current=Path(target) / CURRENT,
              release=f"{RELEASES}/{outcome.release}"))
    print(say("publish-undo-hint", target=target))
    return 0


def system_reason(exc: OSError, target: str) -> str:
    """One French sentence for a refusal of the file system; the detail goes to the log."""
    from hub.tools import errorlog

    log = errorlog.write("publication", f"{type(exc).__name__}: {exc}")
    folder = target if faults.refused(exc) and exc.errno != errno.ENOTDIR else None
    return say("publish-fault-logged", sentence=faults.sentence(exc, folder),
               log=errorlog.shown(log))


def rollback_command(target: str) -> int:
    """`invoke rollback`: the previous release goes live again."""
    try:
        release = rollback(Path(target))
    except PublishError as exc:
        print(say("rollback-impossible", reason=exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(system_reason(exc, target), file=sys.stderr)
        return 1
    print(say("rollback-done", current=Path(target) / CURRENT, release=f"{RELEASES}/{release}"))
    return 0
