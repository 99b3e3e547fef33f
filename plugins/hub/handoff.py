"""What a build hands to `invoke check` on its output: the corpus it scanned, and for every
HTML page it wrote, the ids and links of the page's final HTML.

The build records them where they already are (the corpus after its scan, each page's text
as the writer writes it), in `cache/handoff/<output>/`, never in the output folder (it is
published). The checker uses a page's facts only if the file on disk has the recorded size
and digest, and an item of the corpus only if its file has the stamp it was read with
(`scan(previous=...)`, as the preview server does); anything else is read and parsed as if
there were no hand-off, so a check of an output folder on its own gives the same report.

Pages are recorded by whichever process writes them: each process appends to a shard of
its own (`pages-<pid>`), one pickled record per page, so forked writers need no lock and a
killed one leaves at worst a truncated last record, which the reader drops.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import hashlib
import os
import pickle
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from hub.paths import CACHE_DIR, folder_key

HANDOFF_DIR = CACHE_DIR / "handoff"
OUTPUT_NOTE = "output"  # the output folder a hand-off is about (for pruning)
CORPUS_FILE = "corpus.pickle"
PRUNE_AFTER = 3600  # seconds: a hand-off this recent may be a build's under way
WRITTEN_FILE = "written"  # the files the last full build wrote (`build/leftovers`)
SHARD_PREFIX = "pages-"
RECORDED_SUFFIXES = (".html", ".htm")  # what the checker parses as HTML (`checks/output`)

HTML_IDS = etree.XPath("//@id", smart_strings=False)
HTML_LINKS = etree.XPath("//@href | //@src | //@poster", smart_strings=False)
HTML_SRCSETS = etree.XPath("//@srcset", smart_strings=False)
HTML_REFRESH = etree.XPath(
    "//meta[translate(@http-equiv, 'REFSH', 'refsh') = 'refresh']/@content",
    smart_strings=False,
)
REFRESH_RE = re.compile(r"url\s*=\s*['\"]?([^'\"\s]+)", re.IGNORECASE)
_HTML_PARSER = etree.HTMLParser(remove_comments=True, remove_blank_text=False)


@dataclass(frozen=True)
class HtmlFacts:
    """What the checker needs of one HTML page: its ids in document order (repeats
    included) and its link values (href, src, poster, each srcset candidate, a refresh
    target), raw, in first-seen order, each once."""

    ids: tuple[str, ...]
    links: tuple[str, ...]


def html_facts(data: bytes) -> HtmlFacts | None:
    """The one reading of a page's ids and links, by the build and by the checker alike
    (None: lxml finds no document)."""
    root = etree.fromstring(data, _HTML_PARSER)
    if root is None:
        return None
    urls = dict.fromkeys(HTML_LINKS(root))
    for srcset in HTML_SRCSETS(root):
        urls.update(dict.fromkeys(p.strip().split()[0] for p in srcset.split(",") if p.strip()))
    for refresh in HTML_REFRESH(root):
        match = REFRESH_RE.search(refresh)
        if match:
            urls[match.group(1)] = None
    return HtmlFacts(tuple(HTML_IDS(root)), tuple(urls))


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(frozen=True)
class PageFacts:
    """A page as the build wrote it: its size and digest, and its facts."""

    size: int
    digest: bytes
    facts: HtmlFacts | None

    def fresh(self, data: bytes) -> bool:
        return len(data) == self.size and digest(data) == self.digest


def folder_for(output: str | Path) -> Path:
    """The hand-off folder of an output folder (one per output, by its real path)."""
    return HANDOFF_DIR / folder_key(output)


# --- in the build ----------------------------------------------------------------------------


@dataclass
class HandoffLog:
    """The hand-off a build writes, held by its writer: reset when the writer is made
    (`start`), then one record per page written, by the process that writes it."""

    output: str
    folder: Path = field(init=False)
    _pid: int = 0
    _fd: int = -1
    _strings: dict[str, int] = field(default_factory=dict)
    previous: frozenset[str] = frozenset()  # what the last build wrote (output-relative)

    def __post_init__(self) -> None:
        self.output = os.path.realpath(self.output)
        self.folder = folder_for(self.output)

    def start(self, corpus: Any) -> None:
        """A new build of the output: forget the last one's hand-off (and those of output
        folders that no longer exist), then keep the corpus as scanned."""
        self.previous = read_written(self.output)
        with contextlib.suppress(OSError):
            _prune()
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / OUTPUT_NOTE).write_text(self.output, encoding="utf-8")
            for entry in self.folder.iterdir():  # the list of files written stays until
                if entry.name not in (OUTPUT_NOTE, WRITTEN_FILE):  # this build ends
                    _remove(entry)
            if corpus is not None:
                _write_corpus(self.folder / CORPUS_FILE, corpus)

    def wrap(self, file: IO[str], path: str) -> IO[str] | _RecordedFile:
        """The file the writer writes a page to: recorded when it is closed."""
        if not path.endswith(RECORDED_SUFFIXES) or path == os.devnull:
            return file
        return _RecordedFile(file, path, self)

    def page(self, path: str, text: str) -> None:
        """Record one page written at `path` with `text` (never stops the build)."""
        rel = os.path.relpath(path, self.output).replace(os.sep, "/")
        if rel.startswith("../"):
            return
        data = text.encode("utf-8")
        try:
            facts = html_facts(data) if data.strip() else None
        except Exception:  # lxml refuses it: the checker will parse it and say so
            return
        if os.getpid() != self._pid:  # the first page of this process (or of a fork)
            self._open_shard()
        if self._fd < 0:
            return
        new: list[str] = []
        ids = self._indexes(facts.ids, new) if facts else None
        links = self._indexes(facts.links, new) if facts else None
        record = pickle.dumps((rel, len(data), digest(data), new, ids, links), protocol=5)
        try:
            os.write(self._fd, record)
        except OSError:
            self._fd = -1

    def _open_shard(self) -> None:
        self._pid = os.getpid()
        self._strings = {}
        try:
            self._fd = os.open(self.folder / f"{SHARD_PREFIX}{self._pid}",
                               os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_TRUNC, 0o644)
        except OSError:
            self._fd = -1

    def _indexes(self, values: tuple[str, ...], new: list[str]) -> tuple[int, ...]:
        """Each value's number in the shard's table of strings (pages of a folder share
        their navigation: most links are already there)."""
        strings = self._strings
        out = []
        for value in values:
            number = strings.get(value)
            if number is None:
                number = strings[value] = len(strings)
                new.append(value)
            out.append(number)
        return tuple(out)


class _RecordedFile:
    """A page's file being written: what is written goes to the file and is kept, and the
    page is recorded once the file is closed."""

    def __init__(self, file: IO[str], path: str, recording: HandoffLog) -> None:
        self.file = file
        self.path = path
        self.recording = recording
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.file.write(text)

    def __enter__(self) -> _RecordedFile:
        return self

    def __exit__(self, kind: Any, value: Any, trace: Any) -> None:
        self.file.close()
        if kind is None:
            self.recording.page(self.path, "".join(self.parts))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)


def read_written(output: str | Path) -> frozenset[str]:
    """The files (output-relative) the last full build of `output` wrote; none if unknown."""
    try:
        text = (folder_for(output) / WRITTEN_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(line for line in text.split("\n") if line)


def write_written(output: str | Path, files: frozenset[str] | set[str]) -> None:
    """Keep the files a full build of `output` wrote, for the next build (`build/leftovers`)."""
    path = folder_for(output) / WRITTEN_FILE
    with contextlib.suppress(OSError):
        temp = path.with_suffix(".tmp")
        temp.write_text("".join(f"{rel}\n" for rel in sorted(files)), encoding="utf-8")
        os.replace(temp, path)


def _prune() -> None:
    """Remove the hand-offs of output folders that no longer exist (test builds…), once
    they are old enough not to be a build under way (whose output may not exist yet)."""
    if not HANDOFF_DIR.is_dir():
        return
    settled = time.time() - PRUNE_AFTER
    for folder in HANDOFF_DIR.iterdir():
        try:
            if folder.stat().st_mtime > settled:
                continue
            output = (folder / OUTPUT_NOTE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            output = ""
        if not output or not os.path.isdir(output):
            shutil.rmtree(folder, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def content_type(type_id: str) -> Any:
    """A content type by its id, when the corpus is loaded: the model's own object (types
    are compared with `is`); a type this check does not declare fails the load."""
    from hub.model import TYPES_BY_ID

    return TYPES_BY_ID[type_id]


def _dispatch_table() -> dict[Any, Any]:
    """Pickle's table with content types kept by id (looked up in C for each object,
    where a `persistent_id` method would be a Python call per object)."""
    from hub.model import ContentType

    table: dict[Any, Any] = dict(copyreg.dispatch_table)
    table[ContentType] = lambda ctype: (content_type, (ctype.id,))
    return table


def corpus_key(root: Path, label: str, settings: Any) -> str:
    """What the items of a scan depend on besides their files: the folder, how findings
    name it, the settings (but the label, said apart, and which keys the command line gave:
    the build and the checker are given them differently, and their values are already in
    the settings), the day (`Reviewed`), the content types as declared, and the hub's code
    (a plugin changed since the build reads again)."""
    from hub.model import CONTENT_TYPES

    shown = repr(dataclasses.replace(settings, HUB_CONTENT_LABEL="", HUB_GIVEN=()))
    types = hashlib.sha256(repr(CONTENT_TYPES).encode()).hexdigest()
    return "\n".join((os.path.realpath(root), label, shown, settings.today().isoformat(),
                      types, _code_stamp()))


def _code_stamp() -> str:
    """Size and time of every module of the hub (a few dozen `stat` calls)."""
    package = Path(__file__).parent
    stamps = []
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        stamps.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def _write_corpus(path: Path, corpus: Any) -> None:
    temp = path.with_suffix(".tmp")
    with temp.open("wb") as file:
        pickler = pickle.Pickler(file, protocol=5)
        pickler.dispatch_table = _dispatch_table()
        pickler.dump((corpus_key(corpus.root, corpus.label, corpus.settings), corpus.items))
    os.replace(temp, path)


# --- in the checker --------------------------------------------------------------------------


def load_pages(output: Path) -> dict[str, PageFacts]:
    """Output file → its recorded page, from every shard of the output's hand-off."""
    pages: dict[str, PageFacts] = {}
    folder = folder_for(output)
    with contextlib.suppress(OSError):
        for shard in sorted(folder.glob(f"{SHARD_PREFIX}*")):
            pages.update(_read_shard(shard))
    return pages


def _read_shard(path: Path) -> Iterator[tuple[str, PageFacts]]:
    strings: list[str] = []
    with path.open("rb") as file:
        while True:
            try:
                rel, size, sum_, new, ids, links = pickle.load(file)
            except Exception:  # the end, or a record cut short by a killed writer
                return
            strings.extend(new)
            facts = (HtmlFacts(tuple(strings[i] for i in ids), tuple(strings[i] for i in links))
                     if ids is not None else None)
            yield rel, PageFacts(size, sum_, facts)


def load_corpus(output: Path, root: Path, label: str, settings: Any) -> Any:
    """The corpus the build of `output` scanned, if it was scanned from the same folder
    with the same settings (else None); `scan(previous=...)` then rereads changed files."""
    from hub.source.corpus import Corpus, display_root

    label = display_root(root, label)
    path = folder_for(output) / CORPUS_FILE
    try:
        with path.open("rb") as file:
            key, items = pickle.load(file)
    except Exception:  # none, unreadable, or from another version of the hub: no hand-off
        return None
    if key != corpus_key(root, label, settings):
        return None
    corpus = Corpus(root=root, label=label, settings=settings, items=items)
    corpus.by_rel = {item.rel: item for item in items}
    return corpus
