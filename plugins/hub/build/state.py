"""What one build knows, and what the preview server keeps between its builds.

Two objects, handed over through Pelican's settings dict: the one dict that every
generator, reader, writer and content object of a Pelican instance shares.

  settings[RUN]   a `Run`, new at every Pelican run (`start`, on `get_generators`): the
                  corpus scanned once for the run, what the run writes, its images, its
                  step timings. `run_of(settings)` is the one way in.
  settings[KEPT]  a `Kept`, only in the preview server (`tools/preview`): what its next
                  run reuses (the previous corpus, rendered files, content objects, who
                  showed whom, feed members, the identity records last written, what each
                  calendar was rendered from), and what the watcher saw change.

No other module keeps the state of a run or of the preview in a global.
"""

from __future__ import annotations

import functools
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hub import settings as hub_settings
from hub.source.corpus import Corpus, Item, scan

if TYPE_CHECKING:
    from hub.build.incremental import Key, Selection
    from hub.build.prerender import Prepared
    from hub.build.writer import HubWriter
    from hub.images.build import ImageRegistry

RUN = "_HUB_RUN"
KEPT = "_HUB_KEPT"


@dataclass
class RenderedSource:
    """A source rendered by the reader, reusable while its item and the links are the same."""

    item: Item
    links: int  # `Corpus.link_signature()` when it was rendered
    html: str
    metadata: dict[str, Any]


@dataclass
class Kept:
    """What the preview server keeps between its runs, so that a change is read, rendered
    and written alone. Made once by the preview server, set at `settings[KEPT]`."""

    incremental: bool = False  # the next run may write only what the change touches
    changes: set[str] | None = None  # content files (relative) the watcher saw change
    corpora: dict[str, Corpus] = field(default_factory=dict)  # last run's, by content root
    rendered: dict[int, RenderedSource] = field(default_factory=dict)  # reader, by id of the item
    objects: dict[tuple[str, str], tuple[Item | None, int, Any]] = field(
        default_factory=dict)  # (generator, rel) → item, links, content object
    shown_by: dict[Key, set[Key]] = field(default_factory=dict)  # item → items showing it
    tags_of: dict[Key, set[str]] = field(default_factory=dict)  # item → its tag slugs
    audiences_of: dict[Key, set[str]] = field(default_factory=dict)  # item → its audiences
    unbuilt: frozenset[str] = frozenset()  # items kept out by `collisions`
    feed_members: dict[str, list[Key]] = field(default_factory=dict)  # feed → its items
    saved_records: dict[str, dict[str, Any]] = field(
        default_factory=dict)  # identity registry path → records last written
    bytecode: dict[str, bytes] = field(default_factory=dict)  # compiled templates, by key
    calendars: dict[str, tuple[Any, ...]] = field(
        default_factory=dict)  # calendar file → what it was last rendered from

    def allow_incremental(self, allowed: bool, changes: set[str] | None = None) -> None:
        """Whether the next run may write only what changed, and which content files
        (relative paths) changed, when the watcher knows."""
        self.incremental = allowed
        self.changes = changes if allowed else None

    def ended(self, run: Run | None) -> None:
        """A run is over: its corpus is the one the next run compares with and reuses."""
        if run is not None:
            self.corpora.update(run.corpora)


@dataclass
class Run:
    """What one Pelican run knows. Made by `start`, found by `run_of(settings)`."""

    kept: Kept | None = None  # the preview server's, or None in a plain build
    corpora: dict[str, Corpus] = field(default_factory=dict)  # by resolved content root
    selection: Selection | None = None  # what an incremental run writes; None: everything
    images: ImageRegistry | None = None  # the run's images, once the images step ran
    timings: dict[str, float] = field(default_factory=dict)  # step → seconds
    redirects: dict[str, str] = field(default_factory=dict)  # old address → page, written
    prepared: dict[str, Prepared] | None = None  # bodies rendered ahead (`prerender`), by rel
    writer: HubWriter | None = None  # the writer whose recorded pages `finalized` writes
    search: subprocess.Popen[str] | str | None = None  # Pagefind, started (`search.index`)
    started: float = field(default_factory=time.perf_counter)  # when `start` made it
    began: float = field(default_factory=time.time)  # the same moment, on the clock of files
    files: set[str] = field(default_factory=set)  # output files written outside the writer


def start(pelican: Any) -> None:
    """`get_generators`: a new run begins; the previous one's corpus goes to `Kept`."""
    settings = pelican.settings
    kept: Kept | None = settings.get(KEPT)
    if kept is not None:
        kept.ended(settings.get(RUN))
    settings[RUN] = Run(kept)


def run_of(settings: dict[str, Any]) -> Run:
    """The current run of these settings (made on first use outside a Pelican run, for
    a writer or reader used on its own)."""
    run: Run | None = settings.get(RUN)
    if run is None:
        run = settings[RUN] = Run(settings.get(KEPT))
    return run


def kept_of(settings: dict[str, Any]) -> Kept | None:
    """What the preview server keeps, or None outside the preview server."""
    return run_of(settings).kept


def hub_settings_of(settings: dict[str, Any]) -> hub_settings.HubSettings:
    return hub_settings.load(settings)


def _root(settings: dict[str, Any]) -> str:
    return _resolved(settings["PATH"])


@functools.lru_cache(maxsize=64)
def _resolved(path: str) -> str:
    return str(Path(path).resolve())


def corpus_for(settings: dict[str, Any]) -> Corpus:
    """The corpus of `settings["PATH"]`, scanned on first use in this run."""
    run = run_of(settings)
    root = _root(settings)
    corpus = run.corpora.get(root)
    if corpus is None:
        label = hub_settings_of(settings).HUB_CONTENT_LABEL or None
        previous = run.kept.corpora.get(root) if run.kept else None
        changes = run.kept.changes if run.kept else None
        corpus = scan(Path(root), hub_settings_of(settings), label, previous, changes)
        run.corpora[root] = corpus
    return corpus


def previous_corpus(settings: dict[str, Any]) -> Corpus | None:
    """The corpus of the preview server's previous run, or None when there was none."""
    kept = kept_of(settings)
    return kept.corpora.get(_root(settings)) if kept else None


def changed(settings: dict[str, Any]) -> set[str] | None:
    """Source files (relative paths) added, removed or modified since the preview
    server's previous run, or None when there was none."""
    before = previous_corpus(settings)
    if before is None:
        return None
    now = corpus_for(settings)
    out = {rel for rel, item in now.by_rel.items() if before.by_rel.get(rel) is not item}
    out |= set(before.by_rel) - set(now.by_rel)
    return out
