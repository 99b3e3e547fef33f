"""Write only what a change touches (the preview server's runs after the first).

Every item page shows other items (a service its stories, a story its services, an
edition its items, related content…): those relations are the content objects set as
attributes by `xrefs`. From them we know, for a changed source, which item pages show
it, before and after the change. Pages that gather many items (home, listings,
catalogue, audiences, archives) are written after any change of a header; tag pages
only for the changed items' tags. A change to a glossary term or a plain page (used on
every page), or to the theme, plugins or settings, means a full run.

A change of the body alone (the header's values as before) changes no entry of a list:
what other pages show of an item (title, summary, date, tags, services, image, type,
audiences) all comes from its header. Then only its own page, its feeds, and the item
pages whose relation with it came or went are written.

The changed items' own pages are written first, before any other page of the run (the
preview serves each file as soon as it is written): the pages that list them follow.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from hub.build import state
from hub.model import CONTENT_TYPES, SERVICE, type_of_path

Key = tuple[str, str]  # (content type id, source path relative to the content folder)
FULL_RUN_TYPES = frozenset(t.id for t in CONTENT_TYPES if t.full_run)


class PageKind(enum.Enum):
    """What a written page is about, for the incremental selection."""

    ITEM = "item"  # one item's own page: id is its source path
    TAG = "tag"  # id is the tag's slug
    LISTING = "listing"  # id is the listed type
    AUDIENCE = "audience"  # id is the audience's id
    SERVICE_CATALOGUE = "service-catalogue"  # a page of the service catalogue
    POSTER = "poster"  # an item's printable poster: id is its source path


@dataclass(frozen=True)
class PageKey:
    """The key a writer call carries (`page_key=`): which selection decides the page.
    A page written without one gathers many items and is always written."""

    kind: PageKind
    id: str = ""


@dataclass
class Selection:
    """What this run writes: item pages and tag pages by key; the pages that gather
    many items unless only bodies changed."""

    items: set[Key] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)  # types of the changed items
    audiences: set[str] = field(default_factory=set)  # their audiences, before and after
    gathering: bool = True  # the pages with no key (home, archives, catalogue…)
    changed: set[Key] = field(default_factory=set)  # the changed items themselves
    written: set[str] = field(default_factory=set)  # item pages already written (first)

    def wants(self, page: PageKey | None) -> bool:
        if page is None:
            return self.gathering
        if page.kind is PageKind.ITEM:
            return page.id not in self.written and any(rel == page.id for _, rel in self.items)
        if page.kind is PageKind.POSTER:
            return any(rel == page.id for _, rel in self.items)
        if page.kind is PageKind.TAG:
            return page.id in self.tags
        if page.kind is PageKind.LISTING:
            return page.id in self.types
        if page.kind is PageKind.AUDIENCE:
            return page.id in self.audiences
        return SERVICE.id in self.types  # PageKind.SERVICE_CATALOGUE

    def touches(self, keys: Iterable[Key]) -> bool:
        return any(k in self.items for k in keys)


def key_of(content: Any) -> Key:
    rel = getattr(content, "hub_rel", None)
    if rel is None:
        root = state.corpus_for(content.settings).root
        rel = os.path.relpath(content.source_path, root).replace(os.sep, "/")
    return (str(content.hub_type), rel)


def poster_page(content: Any) -> PageKey:
    """The key of an item's poster: written when the item changes."""
    return PageKey(PageKind.POSTER, key_of(content)[1])


def item_page(content: Any) -> PageKey | None:
    """The key of a content object's own page (Pelican's `article=` / `page=` writes)."""
    if content is None or not getattr(content, "hub_type", None):
        return None
    return PageKey(PageKind.ITEM, key_of(content)[1])


def selection(settings: dict[str, Any]) -> Selection | None:
    """None means: write everything."""
    return state.run_of(settings).selection


def plan(generators: list[Any]) -> None:
    """After every generator's context: decide what this run writes.

    Who shows whom, and the tags and audiences, come from the headers alone (`xrefs`
    links items by their services, alternatives, successor, dates and audiences): when
    only bodies changed, they are the previous run's, and are not worked out again."""
    context = generators[0].context
    settings = generators[0].settings
    hub = context.get("hub")
    run = state.run_of(settings)
    if hub is None or run.kept is None:
        return  # outside the preview server, every run writes everything
    kept = run.kept
    corpus = state.corpus_for(settings)
    changed = state.changed(settings) if kept.incremental else None
    # An item freed (or newly kept out) by a change elsewhere: who is written where moved.
    unbuilt, kept.unbuilt = kept.unbuilt, frozenset(corpus.unbuilt)
    if unbuilt != kept.unbuilt:
        changed = None
    bodies = (_bodies_only(changed, state.previous_corpus(settings), corpus)
              if changed is not None else frozenset())
    if changed is not None and bodies == changed and kept.shown_by:
        shown_by, tags_of, audiences_of = kept.shown_by, kept.tags_of, kept.audiences_of
    else:
        contents = [c for items in hub.by_type.values() for c in items]
        shown_by, tags_of, audiences_of = _relations(contents, hub.related)
    if changed is not None:
        run.selection = _select(changed, kept, shown_by, tags_of, audiences_of, bodies)
    kept.shown_by, kept.tags_of, kept.audiences_of = shown_by, tags_of, audiences_of


def _select(changed: set[str], kept: state.Kept, shown_by: dict[Key, set[Key]],
            tags_of: dict[Key, set[str]],
            audiences_of: dict[Key, set[str]],
            bodies: frozenset[str] = frozenset()) -> Selection | None:
    """`bodies`: the changed files whose header is as before (their body alone changed)."""
    dirty = {k for k in set(shown_by) | set(kept.shown_by) | set(tags_of) if k[1] in changed}
    if any(k[0] in FULL_RUN_TYPES for k in dirty) or any(
        getattr(type_of_path(rel), "id", None) in FULL_RUN_TYPES for rel in changed
    ):
        return None
    headers = {k for k in dirty if k[1] not in bodies}
    selection = Selection(set(dirty), types={k[0] for k in headers},
                          gathering=bool(headers) or not dirty, changed=set(dirty))
    for key in dirty - headers:  # who shows it shows its header: only a relation moved
        selection.items |= shown_by.get(key, set()) ^ kept.shown_by.get(key, set())
    for key in headers:
        selection.items |= shown_by.get(key, set()) | kept.shown_by.get(key, set())
        selection.tags |= tags_of.get(key, set()) | kept.tags_of.get(key, set())
        selection.audiences |= (audiences_of.get(key, set())
                                | kept.audiences_of.get(key, set()))
    return selection


def _bodies_only(changed: set[str], before: Any, now: Any) -> frozenset[str]:
    """The changed files whose header's values, type and slug are as in the previous
    run: only their body changed."""
    if before is None:
        return frozenset()
    out = set()
    for rel in changed:
        old, new = before.item_at(rel), now.item_at(rel)
        if old is None or new is None or not (old.readable and new.readable):
            continue
        if (old.ctype.id, old.slug, old.values) == (new.ctype.id, new.slug, new.values):
            out.add(rel)
    return frozenset(out)


Relations = tuple[dict[Key, set[Key]], dict[Key, set[str]], dict[Key, set[str]]]


def _relations(contents: list[Any],
               related: Callable[[Any], list[Any]] | None = None) -> Relations:
    """Who shows whom, read from the content objects set as attributes on each item and
    from what its « À lire aussi » picks (`related`, worked out from headers too); and each
    item's tags and audiences."""
    keys = {id(c): key_of(c) for c in contents}
    shown_by: dict[Key, set[Key]] = {k: set() for k in keys.values()}
    tags_of: dict[Key, set[str]] = {}
    audiences_of: dict[Key, set[str]] = {}
    for content in contents:
        mine = keys[id(content)]
        tags_of[mine] = {str(t.slug) for t in getattr(content, "tags", None) or []}
        audiences_of[mine] = set(getattr(content, "audience_ids", ()) or ())
        shown = [o for value in vars(content).values() for o in _contents_in(value)]
        for other in [*shown, *(related(content) if related is not None else ())]:
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

def keep_objects(generator: Any) -> None:
    """`article_generator_init` / `page_generator_init`: in the preview server, reuse the
    content object of every unchanged file instead of reading and building it again.

    Uses Pelican's own generator-level cache hooks (`get_cached_data`, `cache_data`),
    kept in memory rather than pickled to disk at every run. What Pelican then works
    out again from each object at every run (its source path relative to the content
    folder, the `{static}` links of its body) is kept on the object, with what it was
    worked out from.
    """
    kept = state.kept_of(generator.settings)
    if kept is None:
        return
    objects = kept.objects
    kind = type(generator).__name__

    def get_cached_data(filename: str, default: Any = None) -> Any:
        corpus = state.corpus_for(generator.settings)
        rel = _rel(corpus.root, filename)
        entry = objects.get((kind, rel))
        if entry is None:
            return default
        item, links, content = entry
        if corpus.item_at(rel) is not item or corpus.link_signature() != links:
            return default
        # This run's context, as a freshly read object would have: its body's links and
        # its relative site URL are resolved from it, page by page, when it is rendered.
        content._context = generator.context
        return content

    def cache_data(filename: str, data: Any) -> None:
        corpus = state.corpus_for(generator.settings)
        rel = _rel(corpus.root, filename)
        objects[(kind, rel)] = (corpus.item_at(rel), corpus.link_signature(), data)

    def add_source_path(content: Any, static: bool = False) -> None:
        key = "static_content" if static else "generated_content"
        generator.context[key][_relative_source(content)] = content

    def add_static_links(content: Any) -> None:
        generator.context["static_links"] |= _static_links(content)

    generator.get_cached_data = get_cached_data
    generator.cache_data = cache_data
    generator.add_source_path = add_source_path
    generator.add_static_links = add_static_links
    if isinstance(generator, ArticlesGenerator):  # the first to write its pages
        generate_output = generator.generate_output

        def changed_first(writer: Any) -> None:
            write_changed_first(generator, writer)
            generate_output(writer)

        generator.generate_output = changed_first


WRITTEN_FIRST = ("published", "hidden")  # statuses whose page is the item's address


def write_changed_first(generator: Any, writer: Any) -> None:
    """The changed items' own pages, articles and pages alike, written as Pelican's
    generators would write them, before any other page of an incremental run."""
    chosen = selection(generator.settings)
    if chosen is None or not chosen.changed:
        return
    settings = generator.settings
    for content in list(generator.context["generated_content"].values()):
        if content is None or not getattr(content, "hub_type", None) \
                or getattr(content, "status", None) not in WRITTEN_FIRST \
                or key_of(content) not in chosen.changed:
            continue
        extra: dict[str, Any] = ({"article": content, "blog": True,
                                  "category": getattr(content, "category", None)}
                                 if isinstance(content, Article) else {"page": content})
        writer.write_file(content.save_as, generator.get_template(content.template),
                          generator.context, relative_urls=settings["RELATIVE_URLS"],
                          override_output=hasattr(content, "override_save_as"),
                          url=content.url, **extra)
        chosen.written.add(key_of(content)[1])


def _relative_source(content: Any) -> Any:
    """Pelican's `get_relative_source_path()`, once per object and content folder."""
    made = (content.source_path, content.settings["PATH"])
    known = content.__dict__.get("_hub_relative_source")
    if known is None or known[0] != made:
        known = content._hub_relative_source = (made, content.get_relative_source_path())
    return known[1]


def _static_links(content: Any) -> set[str]:
    """Pelican's `get_static_links()`, once per body (its `_content`, by identity)."""
    known = content.__dict__.get("_hub_static_links")
    if known is None or known[0] is not content._content:
        known = content._hub_static_links = (content._content, content.get_static_links())
    return set(known[1])


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
