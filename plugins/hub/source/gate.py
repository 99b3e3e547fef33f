"""The one gate between a content folder and everything that reads or publishes it.

`walk(root)` lists, once per run, every ordinary file reachable inside the folder, by the
path a writer sees (`images/photo.png`), in name order. Symbolic links are followed only
while they stay inside the folder; a link that leads out, a link loop, a dangling link, a
special file (named pipe, device, socket) and a file whose name differs from an earlier
one only by letter case or Unicode normalisation are refused, each reported once on its
own path, and nothing behind them is listed. The corpus, the static files, the images,
the checker and Pelican's own generators (`gated_files`) take their files from the walk;
`read_bytes` opens one file without ever waiting on a pipe. Hidden folders at the root
(`.git`) are not entered: nothing of the hub reads them.
"""

from __future__ import annotations

import logging
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub import findings as fd

log = logging.getLogger(__name__)

SPECIAL_KINDS = (
    (stat.S_ISFIFO, "un tube nommé"),
    (stat.S_ISCHR, "un périphérique"),
    (stat.S_ISBLK, "un périphérique"),
    (stat.S_ISSOCK, "une prise de communication (socket)"),
)


@dataclass(frozen=True)
class Refused:
    """A path of the folder the hub never reads, and why (a finding's code and values)."""

    rel: str
    code: str
    values: tuple[tuple[str, str], ...] = ()

    def finding(self, label: str) -> fd.Finding:
        display = f"{label}/{self.rel}" if label else self.rel
        return fd.make(self.code, display, None, **dict(self.values))


@dataclass
class Walk:
    """What the gate lets through from one content folder."""

    root: Path  # the folder, links resolved
    files: list[str] = field(default_factory=list)  # admitted, in name order
    refused: list[Refused] = field(default_factory=list)
    _set: frozenset[str] | None = None

    def admitted(self, rel: str) -> bool:
        """Whether `rel` is a file the gate lets through (exact letter case)."""
        if self._set is None:
            self._set = frozenset(self.files)
        return rel in self._set

    def refusal_of(self, rel: str) -> Refused | None:
        """The refusal that covers `rel` (itself, or a folder link it is under): what
        uses it says nothing more, the refused path is reported once."""
        return next((r for r in self.refused
                     if rel == r.rel or rel.startswith(r.rel + "/")), None)

    def actual_case(self, rel: str) -> str | None:
        """The admitted file `rel` names with another letter case, if any."""
        low = rel.lower()
        return next((f for f in self.files if f.lower() == low and f != rel), None)

    def under(self, folder: str) -> list[str]:
        prefix = folder.rstrip("/") + "/"
        return [rel for rel in self.files if rel.startswith(prefix)]

    def findings(self, label: str) -> list[fd.Finding]:
        return [r.finding(label) for r in self.refused]


def special_kind(mode: int) -> str | None:
    """The French name of a special file's kind; None for a file or a folder."""
    for test, name in SPECIAL_KINDS:
        if test(mode):
            return name
    return None


def walk(root: Path, kept: Iterable[str] = ()) -> Walk:
    """Every file reachable inside `root` without leaving it. `kept` names the files the
    build keeps at the root (the registries): they are judged by their own readers."""
    real = Path(os.path.realpath(root))
    result = Walk(real)
    _walk_folder(result, real, "", (str(real),), frozenset(kept))
    _refuse_twins(result)
    return result


def _walk_folder(result: Walk, folder: Path, rel: str, stack: tuple[str, ...],
                 kept: frozenset[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return  # unreadable folder: nothing in it is published, its files are not listed
    for entry in entries:
        path = f"{rel}{entry.name}"
        if not rel and entry.name in kept:
            continue
        if entry.is_symlink():
            _follow(result, Path(entry.path), path, stack, kept)
        elif entry.is_file(follow_symlinks=False):
            result.files.append(path)
        elif entry.is_dir(follow_symlinks=False):
            if rel or not entry.name.startswith("."):
                _walk_folder(result, Path(entry.path), path + "/",
                             (*stack, os.path.realpath(entry.path)), kept)
        else:
            _admit(result, path, entry.stat(follow_symlinks=False).st_mode)


def _admit(result: Walk, rel: str, mode: int) -> None:
    kind = special_kind(mode)
    if kind is not None:
        result.refused.append(Refused(rel, "special-file", (("kind", kind),)))
    elif stat.S_ISREG(mode):
        result.files.append(rel)


def _follow(result: Walk, link: Path, rel: str, stack: tuple[str, ...],
            kept: frozenset[str]) -> None:
    """A link: followed when its target is inside the folder, else refused."""
    try:
        shown = os.readlink(link)
    except OSError:
        shown = "?"
    refusal = link_problem(link, result.root)
    if refusal is not None:
        code, what = refusal
        result.refused.append(Refused(rel, code, (("target", shown), ("what", what))))
        return
    target = os.path.realpath(link)
    mode = os.stat(target).st_mode
    if not stat.S_ISDIR(mode):
        _admit(result, rel, mode)
    elif target in stack or _contains(target, stack[-1]):
        result.refused.append(Refused(rel, "link-loop", (("target", shown),
                                                        ("what", "dossier"))))
    else:
        _walk_folder(result, Path(target), rel + "/", (*stack, target), kept)


def _contains(folder: str, path: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def link_problem(link: Path, root: Path) -> tuple[str, str] | None:
    """Why a link may not be followed ((code, "fichier" or "dossier")), or None."""
    what = "dossier" if os.path.isdir(link) else "fichier"
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        inside = _contains(str(root), os.path.realpath(link))
        return ("link-dangling" if inside else "link-outside", what)
    except (RuntimeError, OSError):  # a loop of links, or a target that cannot be reached
        return ("link-loop", what)
    if not _contains(str(root), str(target)):
        return ("link-outside", what)
    return None


def _refuse_twins(result: Walk) -> None:
    """A file whose name differs from an earlier one only by letter case or by Unicode
    normalisation is refused (the two are one file on Windows, macOS and IIS)."""
    first: dict[str, str] = {}
    kept = []
    for rel in sorted(result.files):
        key = unicodedata.normalize("NFC", rel).casefold()
        other = first.setdefault(key, rel)
        if other == rel:
            kept.append(rel)
        else:
            result.refused.append(Refused(rel, "name-twins", (("other", other),)))
    result.files = kept
    result.refused.sort(key=lambda r: r.rel)


def read_bytes(path: Path) -> bytes:
    """The bytes of an ordinary file, never waiting on a pipe or a device: a special file
    raises `SpecialFile` before anything is read."""
    kind = special_kind(os.stat(path).st_mode)
    if kind is not None:
        raise SpecialFile(kind)
    fd_ = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = special_kind(os.fstat(fd_).st_mode)
        if kind is not None:
            raise SpecialFile(kind)
        with os.fdopen(fd_, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd_)


class SpecialFile(OSError):
    """A path that is a pipe, a device or a socket: never read."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def refuses(path: Path, root: Path) -> bool:
    """Whether the walk refuses this one path of the folder `root` (a link that leads out,
    loops or dangles; a special file): its readers then read nothing, the walk reports it."""
    if path.is_symlink() and link_problem(path, Path(os.path.realpath(root))) is not None:
        return True
    try:
        return special_kind(os.stat(path).st_mode) is not None
    except OSError:
        return False


def kept_file_problem(path: Path) -> dict[str, str] | None:
    """Why a file the build keeps in the content folder (the feed identity registry, the
    old addresses) is neither read nor written: a link, or not an ordinary file."""
    if path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return {"name": path.name, "target": target}
    return None


def clear_output_links(pelican: Any) -> None:
    """`initialized`: a link inside the output folder is removed before a full build
    writes there (the build never makes one; writing through one would write outside the
    output; Pelican's own emptying of the output leaves a link to a folder in place). The
    preview server, which rebuilds every few seconds, keeps its own output."""
    from hub.build.state import KEPT

    if pelican.settings.get(KEPT) is not None:
        return
    _unlink_links(pelican.output_path)


def _unlink_links(folder: str) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # absent (a first build) or unreadable: the writer says so
    for entry in entries:
        if entry.is_symlink():
            os.unlink(entry.path)
            log.warning("Lien retiré du dossier de sortie (la construction n'écrit jamais "
                        "par un lien) : %s", entry.path)
        elif entry.is_dir(follow_symlinks=False):
            _unlink_links(entry.path)


def static_rel(static: Any) -> str:
    """The path inside the content folder of one of Pelican's static files, as the gate
    listed it (a link inside the folder keeps its own name)."""
    return str(static.relative_source_path).replace(os.sep, "/")


def gated_files(generator: Any) -> None:
    """`generator_init`: Pelican's generators list their files through the gate (Pelican's
    own walk follows every link, even out of the folder and round a loop), and its static
    generator copies no `{static}` target the gate did not admit."""
    from hub.build.state import corpus_for

    def walked() -> Walk:
        return corpus_for(generator.settings).walk

    def get_files(paths: Any, exclude: list[str] | None = None,
                  extensions: Any = None) -> set[str]:
        return files_for(generator, walked(), paths, exclude or [], extensions)

    generator.get_files = get_files
    generate_context = getattr(generator, "generate_context", None)
    if generate_context is None or "static_links" not in generator.context:
        return

    def gated_context() -> None:
        links = generator.context["static_links"]
        admitted = walked().admitted
        refused = {link for link in links if not admitted(str(link).replace(os.sep, "/"))}
        links.difference_update(refused)
        generate_context()

    generator.generate_context = gated_context


def files_for(generator: Any, walked: Walk, paths: Any, exclude: list[str],
              extensions: Any) -> set[str]:
    """What Pelican's `Generator.get_files` would list, from the gate's walk: the files
    under `paths`, not under `exclude`, of the `extensions`, not ignored."""
    import fnmatch

    if isinstance(paths, str):
        paths = [paths]
    ignores = generator.settings["IGNORE_FILES"]
    excluded = tuple(e.strip("/") + "/" for e in exclude)
    found: set[str] = set()
    for folder in paths:
        prefix = folder.strip("/") + "/" if folder else ""
        for rel in _under(walked.files, prefix):
            if rel.startswith(excluded):
                continue
            folders = rel.split("/")[:-1]
            if any(fnmatch.fnmatch(d, i) for d in folders for i in ignores):
                continue
            local = rel.replace("/", os.sep)
            if generator._include_path(local, extensions):
                found.add(local)
    return found


def _under(files: list[str], prefix: str) -> Iterator[str]:
    return (rel for rel in files if rel.startswith(prefix))
