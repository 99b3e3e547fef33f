"""The Markdown reader: Pelican reads every source through the already-checked corpus.

The header has been parsed and validated by `corpus.scan()`; the reader only turns
typed values into Pelican metadata and renders the body, with short links rewritten.
A file too broken to place (unreadable, no valid date, a slug or an address already
taken, see `collisions`) is skipped with its finding, so the rest of the site still builds.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from markdown import Markdown
from pelican.readers import MarkdownReader

from hub import addresses
from hub.build import prerender
from hub.build.state import RenderedSource, corpus_for, kept_of
from hub.model import Kind
from hub.paths import url_of_file
from hub.source import collisions, links
from hub.source.corpus import SOURCE_SUFFIX, Item

PELICAN_PROCESSED = ("title", "date", "modified", "tags", "author", "status", "slug", "lang")


class HubReader(MarkdownReader):
    """Markdown reader that takes its metadata from the hub's content model."""

    file_extensions = [SOURCE_SUFFIX.lstrip(".")]  # the others are reported, never read

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._md = Markdown(**prerender.markdown_config(self.settings))

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        corpus = corpus_for(self.settings)
        rel = os.path.relpath(source_path, corpus.root).replace(os.sep, "/")
        item = corpus.item_at(rel)
        if item is None:
            # A file the corpus does not hold (hidden, in a hidden folder): reported by
            # `corpus.stray_files`, never built around the hub's checks.
            return "", {"title": rel, "status": "skip", "slug": rel}
        if (not item.readable or corpus.get(item.ctype.id, item.slug) is not item
                or item.rel in corpus.unbuilt):
            # Unreadable, a slug already taken, or an address it cannot have: reported,
            # not built.
            return "", {"title": item.slug, "status": "skip", "slug": item.slug}
        kept = kept_of(self.settings)
        signature = corpus.link_signature()
        cached = kept.rendered.get(id(item)) if kept else None
        if cached is not None and cached.item is item and cached.links == signature:
            return cached.html, dict(cached.metadata)  # the preview server's unchanged files
        ready = prerender.prepared(self.settings).get(item.rel)
        if ready is not None:
            content, metadata = ready.html, self.metadata(item, ready.summary)
        else:
            self._md.reset()
            content = self._md.convert(links.rewrite(item.source.body, corpus, item.rel))
            metadata = self.metadata(item)
        if kept is not None:
            kept.rendered[id(item)] = RenderedSource(item, signature, content, dict(metadata))
        return content, metadata

    def metadata(self, item: Item, summary: str | None = None) -> dict[str, Any]:
        """Pelican's metadata of an item (`summary`: its `Summary:` already rendered)."""
        values = item.values
        meta: dict[str, Any] = {
            "template": item.ctype.template,
            "hub_type": item.ctype.id,
            "hub_rel": item.rel,
            "slug": item.slug,
        }
        # Pelican's URL settings read these (addresses.configure): only a writer's own
        # `Url:` or `Save_as:` is explicit, so Pelican's overwrite guard holds.
        target = collisions.targets(item)[0]
        meta["hub_save_as"] = target.file
        meta["hub_url"] = values.get("url") or url_of_file(target.file)
        if collisions.is_subscribe_intro(item, target):
            meta["hub_save_as"] = ""  # it introduces the hub's S'abonner page (feeds)
        for spec in item.ctype.fields:
            if spec.name not in PELICAN_PROCESSED and spec.name != "summary":
                # Every declared key exists on the object (None when absent or invalid),
                # so templates never fail on a page whose metadata has errors.
                meta[spec.attr] = values.get(spec.name)
        for name in ("url", "save_as", "template", "status", "lang"):
            if name in values:
                meta[name] = values[name]
        meta["title"] = values.get("title") or item.slug
        for name in ("tags", "author"):
            if name in values:
                raw = values[name]
                if name == "tags":  # a tag without an address is reported and left out
                    raw = tuple(t for t in raw if addresses.tag_slug(str(t)))
                    if not raw:
                        continue
                text = ", ".join(raw) if isinstance(raw, tuple) else raw
                meta[name] = self.process_metadata(name, text)
        for name in ("date", "modified"):
            if isinstance(values.get(name), dt.date):
                meta[name] = _as_datetime(values[name])
        if "summary" in values:
            meta["summary_text"] = values["summary"]
            if summary is None:
                self._md.reset()
                summary = self._md.convert(values["summary"])
            meta["summary"] = summary
        if item.ctype.dated:
            meta["category"] = self.process_metadata("category", item.ctype.folder)
            if "date" not in meta:
                meta["status"] = "skip"  # cannot be placed in time: reported, not built
        return meta


def _as_datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)


__all__ = ["HubReader", "Kind"]
