"""The DSI hub's Pelican plugin. The tree is the pipeline:

  model, settings, findings, addresses, paths, suggest
              the facts declared once: content types and keys, the hub's settings, the
              French catalogue of findings, every address the hub writes, the project's
              folders with link forms and path helpers, the "Vouliez-vous dire" builder
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

from collections.abc import Callable
from typing import Any

# The plugin's modules are imported when Pelican loads it, not on `import hub.model`: a
# settings file can then register a content type before anything reads the model.


def add_reader(readers: Any) -> None:
    """Only the hub's reader: an `.html` or `.rst` file is a finding, never a page."""
    from hub.build.reader import HubReader

    for extension in list(readers.reader_classes):
        if extension != "static":  # Pelican's reader of the static files
            readers.reader_classes[extension] = None
    for extension in HubReader.file_extensions:
        readers.reader_classes[extension] = HubReader


def add_generators(pelican: Any) -> tuple[type, ...]:
    from hub.build import state
    from hub.feeds import FeedsGenerator
    from hub.site.pages import HubPagesGenerator

    state.start(pelican)  # the run's state: settings[state.RUN]
    return (HubPagesGenerator, FeedsGenerator)  # in this order: feeds need `hub`


def receivers() -> tuple[tuple[Any, tuple[Callable[..., Any], ...]], ...]:
    """Every signal the hub listens to, in the order a build sends them, with its
    receivers in the order they run."""
    from pelican import signals

    from hub import addresses, faults, images
    from hub.build import incremental, leftovers, report, schedule, timings, writer
    from hub.search import index as search
    from hub.search import reproducible
    from hub.site import glossary, typography
    from hub.site import report as report_link
    from hub.source import gate, sanitize, sitefile, statics

    return (
        (signals.initialized, (faults.guard_run, gate.clear_output_links, sitefile.configure,
                               addresses.configure,
                               report.validate_settings,
                               schedule.take_over_future_dates, glossary.add_filter,
                               typography.add_filter, report_link.add_filter)),
        (signals.get_generators, (add_generators,)),
        (signals.readers_init, (add_reader,)),
        # every generator lists its files through the gate, never by walking the disk
        (signals.generator_init, (gate.gated_files,)),
        (signals.article_generator_init, (incremental.keep_objects,)),
        (signals.page_generator_init, (incremental.keep_objects,)),
        (signals.content_object_init, (schedule.hold_future, sanitize.neutralise,
                                       addresses.known_url)),
        (signals.article_generator_finalized, (incremental.drop_unused_indexes,)),
        # the statics before the images, the incremental plan once both are known
        (signals.all_generators_finalized, (statics.publish_statics, images.process_images,
                                            incremental.plan)),
        (signals.get_writer, (writer.provide,)),
        # the recorded pages first, then the previous build's leftovers removed, the
        # search index after the findings, its clean-up after it, the timings last
        (signals.finalized, (writer.written, leftovers.remove, report.print_findings,
                             search.build_index, reproducible.after_search_index,
                             timings.write, report.summary)),
    )


def register() -> None:
    for signal, handlers in receivers():
        for handler in handlers:
            signal.connect(handler)
