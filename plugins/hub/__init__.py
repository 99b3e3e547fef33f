"""The DSI hub's Pelican plugin: content model → cross-references → pages → feeds → checks.

Modules, in pipeline order:
  model      the content types, keys and allowed values (declared once)
  header     decoding a source file and splitting its `Key: value` header
  metadata   typed values and findings for one file's header
  corpus     every source of a content folder, indexed and cross-checked
  links      the short link forms `{service}slug`…
  reader     Pelican's Markdown reader fed by the corpus
  xrefs      relations between published items (a service's stories, …)
  pages      catalogue, glossary, audiences, listings and tags
  feeds      RSS and Atom feeds, OPML, the S'abonner page, e-mail editions
  glossary   the first use of each glossary term in a body links to its entry
  typography French spacing in rendered text
  search     the Pagefind search index, built after the site
  images     responsive, metadata-free image variants through a content-hash cache
  report     the build's French report of findings
  sanitize   safe HTML: nothing that runs code, no path out of the content folder
  publish    scheduled content, the refusing gate, atomic releases and rollback
  reproducible  byte-identical rebuilds (Pagefind's filter files made stable)
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from . import (
    glossary,
    images,
    incremental,
    publish,
    report,
    reproducible,
    sanitize,
    search,
    state,
    timings,
    typography,
    writer,
)
from .feeds import FeedsGenerator
from .pages import HubPagesGenerator
from .reader import HubReader


def add_reader(readers: Any) -> None:
    for extension in HubReader.file_extensions:
        readers.reader_classes[extension] = HubReader


def add_generators(pelican: Any) -> tuple[type, ...]:
    state.reset()
    return (HubPagesGenerator, FeedsGenerator)  # in this order: feeds need `hub`


def register() -> None:
    signals.get_generators.connect(add_generators)
    signals.readers_init.connect(add_reader)
    signals.get_writer.connect(writer.provide)
    signals.initialized.connect(report.validate_settings)
    signals.initialized.connect(publish.take_over_future_dates)
    signals.content_object_init.connect(publish.hold_future)
    signals.content_object_init.connect(sanitize.neutralise)
    signals.initialized.connect(glossary.add_filter)
    signals.initialized.connect(typography.add_filter)
    signals.all_generators_finalized.connect(images.process_images)
    signals.all_generators_finalized.connect(incremental.plan)
    signals.article_generator_init.connect(incremental.keep_objects)
    signals.page_generator_init.connect(incremental.keep_objects)
    signals.article_generator_finalized.connect(incremental.drop_unused_indexes)
    signals.finalized.connect(report.print_findings)
    signals.finalized.connect(search.build_index)
    signals.finalized.connect(reproducible.after_search_index)  # after the index
    signals.finalized.connect(timings.write)  # last
