"""Per-run state shared by the plugins: the scanned corpus of the content folder.

Scanned once per Pelican run (the reader of every generator asks for it), and forgotten
when the next run starts, so the preview server always sees fresh content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import settings as hub_settings
from .corpus import Corpus, scan

_corpora: dict[str, Corpus] = {}


def reset(*_: Any, **__: Any) -> None:
    _corpora.clear()


def hub_settings_of(settings: dict[str, Any]) -> hub_settings.HubSettings:
    return hub_settings.load(settings)


def corpus_for(settings: dict[str, Any]) -> Corpus:
    """The corpus of `settings["PATH"]`, scanned on first use in this run."""
    root = str(Path(settings["PATH"]).resolve())
    corpus = _corpora.get(root)
    if corpus is None:
        label = settings.get("HUB_CONTENT_LABEL") or None
        corpus = scan(Path(root), hub_settings_of(settings), label)
        _corpora[root] = corpus
    return corpus
