"""Write only what a change touches (the preview server's runs after the first).

Every item page shows other items (a service its stories, a story its services, an
edition its items, related content…): those relations are the content objects set as
attributes by `xrefs`. From them we know, for a changed source, which item pages show
it, before and after the change. Pages that gather many items (home, listings,
catalogue, audiences, archives) are always written; tag pages only for the changed
items' tags. A change to a glossary term or a plain page (used on every page), or to
the theme, plugins or settings, means a full run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hub.build import state
from hub.model import CONTENT_TYPES, SERVICE, type_of_path

Key = tuple[str, str]  # (content type id, source path relative to the content folder)
FULL_RUN_TYPES = frozenset(t.id for t in CONTENT_TYPES if t.full_run)


@dataclass
class Selection:
    """What this run writes: item pages and tag pages by key; everything else always."""

    items: set[Key] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)  # types of the changed items
    audiences: set[str] = field(default_factory=set)  # their audiences, before and after

    def wants(self, kwargs: dict[str, Any]) -> bool:
        content = kwargs.get("article") or kwargs.get("page")
        if content is not None and getattr(content, "hub_type", None):
            return key_of(content) in self.items
        tag = kwargs.get("tag")
        if tag is not None:
            return str(tag.slug) in self.tags
        if "listing" in kwargs:
            return str(kwargs["listing"].type_id) in self.types
        if "audience" in kwargs:
            return str(kwargs["audience"].id) in self.audiences
        if "view" in kwargs:  # a page of the service catalogue
            return SERVICE.id in self.types
        return True

    def touches(self, keys: Iterable[Key]) -> bool:
        return any(k in self.items for k in keys)


_selection: Selection | None = None
_shown_by: dict[Key, set[Key]] = {}  # previous run: item → items whose page shows it
_tags_of: dict[Key, set[str]] = {}  # previous run: item → its tag slugs
_audiences_of: dict[Key, set[str]] = {}  # previous run: item → its audience ids
_root = ""
_unbuilt: frozenset[str] = frozenset()  # previous run: items kept out by `collisions`


def key_of(content: Any) -> Key:
    rel = getattr(content, "hub_rel", None)
    if rel is None:
        rel = os.path.relpath(content.source_path, _root).replace(os.sep, "/")
    return (str(content.hub_type), rel)


def selection() -> Selection | None:
    """None means: write everything."""
    return _selection


def plan(generators: list[Any]) -> None:
    """After every generator's context: decide what this run writes."""
    global _selection, _shown_by, _tags_of, _audiences_of, _root, _unbuilt
    context = generators[0].context
    settings = generators[0].settings
    hub = context.get("hub")
    if hub is None:
        return
    corpus = state.corpus_for(settings)
    _root = str(corpus.root)
    contents = [c for items in hub.by_type.values() for c in items]
    shown_by, tags_of, audiences_of = _relations(contents)
    changed = state.changed(settings) if state.incremental() else None
    # An item freed (or newly kept out) by a change elsewhere: who is written where moved.
    unbuilt, _unbuilt = _unbuilt, frozenset(corpus.unbuilt)
    if unbuilt != _unbuilt:
        changed = None
    _selection = None if changed is None else _select(changed, shown_by, tags_of, audiences_of)
    _shown_by, _tags_of, _audiences_of = shown_by, tags_of, audiences_of


def _select(changed: set[str], shown_by: dict[Key, set[Key]], tags_of: dict[Key, set[str]],
            audiences_of: dict[Key, set[str]]) -> Selection | None:
    dirty = {k for k in set(shown_by) | set(_shown_by) | set(tags_of) if k[1] in changed}
    if any(k[0] in FULL_RUN_TYPES for k in dirty) or any(
        getattr(type_of_path(rel), "id", None) in FULL_RUN_TYPES for rel in changed
    ):
        return None
    selection = Selection(set(dirty), types={k[0] for k in dirty})
    for key in dirty:
        selection.items |= shown_by.get(key, set()) | _shown_by.get(key, set())
        selection.tags |= tags_of.get(key, set()) | _tags_of.get(key, set())
        selection.audiences |= audiences_of.get(key, set()) | _audiences_of.get(key, set())
    return selection


Relations = tuple[dict[Key, set[Key]], dict[Key, set[str]], dict[Key, set[str]]]


def _relations(contents: list[Any]) -> Relations:
    """Who shows whom, read from the content objects set as attributes on each item;
    and each item's tags and audiences."""
    keys = {id(c): key_of(c) for c in contents}
    shown_by: dict[Key, set[Key]] = {k: set() for k in keys.values()}
    tags_of: dict[Key, set[str]] = {}
    audiences_of: dict[Key, set[str]] = {}
    for content in contents:
        mine = keys[id(content)]
        tags_of[mine] = {str(t.slug) for t in getattr(content, "tags", None) or []}
        audiences_of[mine] = set(getattr(content, "audience_ids", ()) or ())
        for value in vars(content).values():
            for other in _contents_in(value):
                key = keys.get(id(other))
                if key is not None and key != mine:
                    shown_by[key].add(mine)
    return shown_by, tags_of, audiences_of


def _contents_in(value: Any) -> Iterable[Any]:
    kind = type(value)
    if kind is str or kind is int or value is None:
        return ()
    if kind is list or kind is tuple:
        return value if value and hasattr(value[0], "hub_type") else ()
    return (value,) if hasattr(value, "hub_type") and hasattr(value, "source_path") else ()


# --- content objects kept between the preview server's runs -------------------------------

_objects: dict[tuple[str, str], tuple[Any, int, Any]] = {}  # (kind, rel) → item, links, object


def keep_objects(generator: Any) -> None:
    """`article_generator_init` / `page_generator_init`: in the preview server, reuse the
    content object of every unchanged file instead of reading and building it again.

    Uses Pelican's own generator-level cache hooks (`get_cached_data`, `cache_data`),
    kept in memory rather than pickled to disk at every run.
    """
    if not state.preview():
        return
    kind = type(generator).__name__

    def get_cached_data(filename: str, default: Any = None) -> Any:
        corpus = state.corpus_for(generator.settings)
        entry = _objects.get((kind, _rel(corpus.root, filename)))
        if entry is None:
            return default
        item, links, content = entry
        rel = _rel(corpus.root, filename)
        if corpus.item_at(rel) is not item or corpus.link_signature() != links:
            return default
        return content

    def cache_data(filename: str, data: Any) -> None:
        corpus = state.corpus_for(generator.settings)
        rel = _rel(corpus.root, filename)
        _objects[(kind, rel)] = (corpus.item_at(rel), corpus.link_signature(), data)

    generator.get_cached_data = get_cached_data
    generator.cache_data = cache_data


def _rel(root: Any, filename: str) -> str:
    if not os.path.isabs(filename):  # Pelican gives paths relative to the content folder
        return os.path.normpath(filename).replace(os.sep, "/")
    return os.path.relpath(filename, str(root)).replace(os.sep, "/")


def drop_unused_indexes(generator: Any) -> None:
    """`article_generator_finalized`: the hub writes its own tag pages and no author or
    category pages, so Pelican's indexes of them are emptied before Pelican walks them (its walk
    compares every article with every tag's list: quadratic on large sites)."""
    generator.tags.clear()
    generator.authors.clear()
    generator.categories.clear()
