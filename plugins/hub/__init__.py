"""The DSI hub's Pelican plugin. The tree is the pipeline:

  model, settings, findings, addresses, paths
              the facts declared once: content types and keys, the hub's settings, the
              French catalogue of findings, every address the hub writes, the project's
              folders
  source/     reading and checking a content folder (no Pelican object)
  build/      the Pelican side: reader, per-run state, writer, incremental runs,
              scheduling, report
  site/       cross-references and the pages that gather content; glossary, typography
  images/     responsive, metadata-free image variants through a content-hash cache
  feeds/      RSS and Atom feeds, OPML, the S'abonner page, e-mail editions
  search/     the Pagefind index, made reproducible
  checks/     `invoke check`: sources and built output, back to the source line
  publish/    the refusing gate, atomic releases and rollback
  tools/      back ends of the invoke tasks (preview server, stamp, scaffolds, guide, log)

`register()` below only connects signals, in pipeline order. docs/architecture.md is the
developer's map.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from hub import addresses, images
from hub.build import incremental, report, schedule, state, timings, writer
from hub.build.reader import HubReader
from hub.feeds import FeedsGenerator
from hub.search import index as search
from hub.search import reproducible
from hub.site import glossary, typography
from hub.site.pages import HubPagesGenerator
from hub.source import sanitize, statics


def add_reader(readers: Any) -> None:
    """Only the hub's reader: an `.html` or `.rst` file is a finding, never a page."""
    for extension in list(readers.reader_classes):
        if extension != "static":  # Pelican's reader of the static files
            readers.reader_classes[extension] = None
    for extension in HubReader.file_extensions:
        readers.reader_classes[extension] = HubReader


def add_generators(pelican: Any) -> tuple[type, ...]:
    state.start(pelican)  # the run's state: settings[state.RUN]
    return (HubPagesGenerator, FeedsGenerator)  # in this order: feeds need `hub`


def register() -> None:
    signals.get_generators.connect(add_generators)
    signals.readers_init.connect(add_reader)
    signals.get_writer.connect(writer.provide)
    signals.initialized.connect(addresses.configure)
    signals.initialized.connect(report.validate_settings)
    signals.initialized.connect(schedule.take_over_future_dates)
    signals.content_object_init.connect(schedule.hold_future)
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
