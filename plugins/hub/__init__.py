"""The DSI hub's Pelican plugin: content model → cross-references → pages → feeds → checks.

Modules, in pipeline order:

1. Content model and reading
  model       the content types, keys and allowed values (declared once)
  addresses   every address the hub writes (declared once)
  settings    the hub's settings, declared with their defaults and validated
  findings    the French catalogue of what can be wrong, and how to fix it
  header      decoding a source file and splitting its `Key: value` header
  metadata    typed values and findings for one file's header
  corpus      every source of a content folder, indexed and cross-checked
  collisions  reserved addresses, two items on one file, file-system limits
  links       the short link forms `{service}slug`…
  reader      Pelican's Markdown reader fed by the corpus
  sanitize    safe HTML: nothing that runs code, no path out of the content folder
  statics     only safe files leave content/images/ (SVG cleaned, other kinds refused)
  publish     scheduled content, the refusing gate, atomic releases and rollback
2. Cross-references and pages
  xrefs       relations between published items (a service's stories, …)
  pages       catalogue, glossary, audiences, listings and tags
  glossary    the first use of each glossary term in a body links to its entry
  typography  French spacing in rendered text
  images/     responsive, metadata-free image variants through a content-hash cache
3. Feeds and search
  feeds/      RSS and Atom feeds, OPML, the S'abonner page, e-mail editions
  search      the Pagefind search index, built after the site
  reproducible  byte-identical rebuilds (Pagefind's filter files made stable)
4. Checks and reports
  checks/     `invoke check`: sources and built output, back to the source line
  report      the build's French report of findings
  errorlog    where the detail of an unexpected failure goes (one sentence on screen)
5. Writing fast
  writer      one failing page never stops the others; writes only what is selected
  incremental what a change touches (the preview server's quick runs)
  state       the per-run corpus, and what the preview server keeps between runs
  preview     `invoke livereload`: the preview server
  stamp       `invoke build` with nothing changed does nothing
  timings     step timings for the benchmark script
Writers' tools: scaffold (`invoke new-…`), guide (`invoke docs`).
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from . import (
    addresses,
    glossary,
    images,
    incremental,
    publish,
    report,
    reproducible,
    sanitize,
    search,
    state,
    statics,
    timings,
    typography,
    writer,
)
from .feeds import FeedsGenerator
from .pages import HubPagesGenerator
from .reader import HubReader


def add_reader(readers: Any) -> None:
    """Only the hub's reader: an `.html` or `.rst` file is a finding, never a page."""
    for extension in list(readers.reader_classes):
        if extension != "static":  # Pelican's reader of the static files
            readers.reader_classes[extension] = None
    for extension in HubReader.file_extensions:
        readers.reader_classes[extension] = HubReader


def add_generators(pelican: Any) -> tuple[type, ...]:
    state.reset()
    return (HubPagesGenerator, FeedsGenerator)  # in this order: feeds need `hub`


def register() -> None:
    signals.get_generators.connect(add_generators)
    signals.readers_init.connect(add_reader)
    signals.get_writer.connect(writer.provide)
    signals.initialized.connect(addresses.configure)
    signals.initialized.connect(report.validate_settings)
    signals.initialized.connect(publish.take_over_future_dates)
    signals.content_object_init.connect(publish.hold_future)
    signals.content_object_init.connect(sanitize.neutralise)
    signals.initialized.connect(glossary.add_filter)
    signals.initialized.connect(typography.add_filter)
    signals.all_generators_finalized.connect(statics.publish_statics)  # before images
    signals.all_generators_finalized.connect(images.process_images)
    signals.all_generators_finalized.connect(incremental.plan)
    signals.article_generator_init.connect(incremental.keep_objects)
    signals.page_generator_init.connect(incremental.keep_objects)
    signals.article_generator_finalized.connect(incremental.drop_unused_indexes)
    signals.finalized.connect(report.print_findings)
    signals.finalized.connect(search.build_index)
    signals.finalized.connect(reproducible.after_search_index)  # after the index
    signals.finalized.connect(timings.write)  # last
