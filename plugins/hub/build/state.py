"""Per-run state shared by the plugins: the scanned corpus, and what this run must write.

The corpus is scanned once per Pelican run (the reader of every generator asks for it).
The previous run's corpus is kept, so that a long-running preview re-reads only the
files that changed, and knows which ones did (`changed`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from hub import settings as hub_settings
from hub.source.corpus import Corpus, scan

_corpora: dict[str, Corpus] = {}
_previous: dict[str, Corpus] = {}
_incremental = False  # set by the preview server between two of its runs
_preview = False  # this process is the preview server: keep what can be reused
_changes: set[str] | None = None  # content files the preview's watcher saw change


def reset(*_: Any, **__: Any) -> None:
    """A new run starts: this run's corpus will be scanned again (reusing unchanged files)."""
    _previous.update(_corpora)
    _corpora.clear()


def allow_incremental(allowed: bool, changes: set[str] | None = None) -> None:
    """The preview server says whether the next run may write only what changed, and
    which content files (relative paths) changed, when it knows."""
    global _incremental, _changes
    _incremental = allowed
    _changes = changes if allowed else None


def incremental() -> bool:
    return _incremental


def enter_preview() -> None:
    global _preview
    _preview = True


def preview() -> bool:
    return _preview


def hub_settings_of(settings: dict[str, Any]) -> hub_settings.HubSettings:
    return hub_settings.load(settings)


def _root(settings: dict[str, Any]) -> str:
    return _resolved(settings["PATH"])


@functools.lru_cache(maxsize=64)
def _resolved(path: str) -> str:
    return str(Path(path).resolve())


def corpus_for(settings: dict[str, Any]) -> Corpus:
    """The corpus of `settings["PATH"]`, scanned on first use in this run."""
    root = _root(settings)
    corpus = _corpora.get(root)
    if corpus is None:
        label = hub_settings_of(settings).HUB_CONTENT_LABEL or None
        corpus = scan(Path(root), hub_settings_of(settings), label, _previous.get(root), _changes)
        _corpora[root] = corpus
    return corpus


def previous_corpus(settings: dict[str, Any]) -> Corpus | None:
    return _previous.get(_root(settings))


def changed(settings: dict[str, Any]) -> set[str] | None:
    """Source files (relative paths) added, removed or modified since the previous run of
    this process, or None when there was no previous run."""
    before = previous_corpus(settings)
    if before is None:
        return None
    now = corpus_for(settings)
    out = {rel for rel, item in now.by_rel.items() if before.by_rel.get(rel) is not item}
    out |= set(before.by_rel) - set(now.by_rel)
    return out
