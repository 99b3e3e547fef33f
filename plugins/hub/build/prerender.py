"""Every body and summary rendered and made safe once, on all cores, before Pelican reads
the sources one by one.

On its first `read`, the reader asks `prepared(settings)` for the run's rendered
sources: the items it will render (readable, placed, not kept by the preview server)
are shared between forked workers (`workers.in_parallel`), each rendering the Markdown
(short links rewritten) and cleaning the HTML (`sanitize.clean`) exactly as the reader
and `sanitize.neutralise` do. The reader then takes the body and summary from there,
and `neutralise` the cleaned HTML and what was taken out, when the HTML it is given is
the one rendered here. With few items (the preview's rebuilds), nothing is rendered
ahead: the reader and `neutralise` do their own work. The body's fingerprint, which
the feed registry and the file of old addresses keep, is made there too.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Markdown

from hub.build import workers
from hub.build.state import corpus_for, kept_of, run_of
from hub.source import links, sanitize, tracking
from hub.source.corpus import Corpus, Item


@dataclass(frozen=True)
class Prepared:
    """One source's body and summary, rendered and cleaned."""

    html: str  # the reader's rendering of the body
    summary: str | None  # the reader's rendering of `Summary:`, when the item has one
    place: sanitize.Place  # where `neutralise` judges it from
    cleaned: str  # `sanitize.clean(html, place)`
    found: tuple[sanitize.Unsafe, ...]  # what the cleaning took out
    cleaned_summary: str | None  # `sanitize.clean(summary, place)`
    fingerprint: str  # `tracking.fingerprint` of the body (feed GUIDs, old addresses)


def markdown_config(settings: dict[str, Any]) -> dict[str, Any]:
    """The reader's Markdown settings (the metadata extension left out: the corpus
    has read the header)."""
    config = dict(settings["MARKDOWN"])
    config["extensions"] = [
        e for e in config.get("extensions", []) if e != "markdown.extensions.meta"
    ]
    return config


def to_render(corpus: Corpus) -> list[Item]:
    """The items whose body the reader renders (see `HubReader.read`)."""
    return [item for item in corpus.items
            if item.readable and corpus.get(item.ctype.id, item.slug) is item
            and item.rel not in corpus.unbuilt]


def prepared(settings: dict[str, Any]) -> dict[str, Prepared]:
    """The run's prepared sources by relative path, made on the first call."""
    run = run_of(settings)
    if run.prepared is None:
        run.prepared = {}
        if kept_of(settings) is None:  # the preview server renders what changed, alone
            corpus = corpus_for(settings)
            items = to_render(corpus)
            if workers.processes_for(len(items)) > 1:
                root = Path(settings["PATH"])
                work = _renderer(corpus, markdown_config(settings), root)
                for share in workers.in_parallel(items, work):
                    run.prepared.update(share)
    return run.prepared


def _renderer(corpus: Corpus, config: dict[str, Any], root: Path
              ) -> Callable[[list[Item]], dict[str, Prepared]]:
    def work(items: list[Item]) -> dict[str, Prepared]:
        md = Markdown(**config)
        out: dict[str, Prepared] = {}
        for item in items:
            try:
                out[item.rel] = _prepare(md, corpus, item, root)
            except Exception:  # noqa: BLE001 - the reader renders it and reports it
                continue
        return out

    return work


def _prepare(md: Markdown, corpus: Corpus, item: Item, root: Path) -> Prepared:
    md.reset()
    html = md.convert(links.rewrite(item.source.body, corpus, item.rel))
    summary = None
    if "summary" in item.values:
        md.reset()
        summary = md.convert(item.values["summary"])
    place = sanitize.Place(root, posixpath.dirname(item.rel))
    cleaned, found = sanitize.clean(html, place)
    cleaned_summary = sanitize.clean(summary, place)[0] if summary is not None else None
    return Prepared(html, summary, place, cleaned, tuple(found), cleaned_summary,
                    tracking.fingerprint(item.source.body))


def fingerprint(settings: dict[str, Any], item: Item) -> str:
    """`tracking.fingerprint` of the item's body: the one made ahead when there is one."""
    run = run_of(settings)
    done = run.prepared.get(item.rel) if run.prepared else None
    if done is None or corpus_for(settings).item_at(item.rel) is not item:
        return tracking.fingerprint(item.source.body)
    return done.fingerprint


def cleaned(settings: dict[str, Any], rel: str, html: str, place: sanitize.Place
            ) -> tuple[str, list[sanitize.Unsafe]] | None:
    """`sanitize.clean(html, place)` when it was prepared for this very HTML, else None."""
    run = run_of(settings)
    done = run.prepared.get(rel) if run.prepared else None
    if done is None or done.place != place or done.html != html:
        return None
    return done.cleaned, list(done.found)


def cleaned_summary(settings: dict[str, Any], rel: str, summary: str,
                    place: sanitize.Place) -> str | None:
    """`sanitize.clean(summary, place)[0]` when it was prepared for this summary."""
    run = run_of(settings)
    done = run.prepared.get(rel) if run.prepared else None
    if done is None or done.place != place or done.summary != summary:
        return None
    return done.cleaned_summary
