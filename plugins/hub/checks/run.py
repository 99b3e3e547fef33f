"""One check: the sources, then the built output, then (on request) the external links."""

from __future__ import annotations

import functools
import multiprocessing
import resource
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub import findings as fd
from hub import handoff
from hub.checks import external as ext
from hub.checks import proofread as pr
from hub.checks.mapping import locate, site_map
from hub.checks.output import list_output, pages_of, parse_all
from hub.checks.site import SiteChecker, Templates
from hub.checks.sources import ExternalUse, check_sources
from hub.paths import REPO_ROOT, inside, proofread_cache
from hub.settings import HubSettings
from hub.source.corpus import scan
from hub.source.statics import check_statics, used_images


@dataclass
class CheckOptions:
    """What to check and how (the command line's options, typed)."""

    content: Path
    output: Path | None
    settings: HubSettings
    siteurl: str = ""  # SITEURL: absolute links to it are links to the built site
    siteurls: tuple[str, ...] = ()  # other addresses of the site itself (FEED_DOMAIN…)
    theme: Path | None = None
    content_label: str = ""
    output_label: str = ""
    external: bool = False
    processes: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # Pelican's settings, as the build's
    proofread: bool = True
    proofread_cache: Path | None = None  # None: the content folder's own (`paths`)


@dataclass
class Result:
    findings: list[fd.Finding]
    files: int
    pages: int
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # said once, in French, on stderr

    @property
    def errors(self) -> int:
        return sum(f.severity is fd.Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def exit_code(self, strict: bool = False) -> int:
        return 1 if self.errors or (strict and self.warnings) else 0

    def summary(self) -> dict[str, int]:
        return {"errors": self.errors, "warnings": self.warnings, "files": self.files,
                "pages": self.pages}

    def as_json(self) -> dict[str, Any]:
        return {"findings": [f.as_json() for f in self.findings], "summary": self.summary()}


def label_for(path: Path, given: str = "") -> str:
    """How findings name a folder: relative to the repository, else as it was given."""
    return inside(path, REPO_ROOT) or (given or str(path)).rstrip("/")


def check(options: CheckOptions) -> Result:
    """Check the content folder and, when given, its built output."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    site = list_output(options.output, (
        options.siteurl, *options.siteurls,
        options.settings.HUB_FEED_SITEURL)) if options.output else None
    rels = pages_of(site) if site else []
    # what the build of this output kept: a page or an item is used only if unchanged
    recorded = handoff.load_pages(options.output) if options.output else {}
    pending = parse_all(site, rels, options.processes, recorded) if site else []

    label = options.content_label or label_for(options.content)
    built = (handoff.load_corpus(options.output, options.content, label, options.settings)
             if options.output else None)
    corpus = scan(options.content, options.settings, label, previous=built)
    notes: list[str] = []
    proofreading = None
    if options.proofread:
        if pr.available():  # on the other core, while the sources and pages are checked
            proofreading = Forked(functools.partial(
                pr.proofread, corpus, pr.site_names(options.raw),
                options.proofread_cache or proofread_cache(options.content), options.processes))
        else:
            notes.append(pr.MISSING)
    sitemap = site_map(corpus)
    sources = check_sources(corpus, sitemap, options.raw)
    timings["sources"] = time.perf_counter() - start

    findings = corpus.all_findings() + sources.findings
    statics = check_statics(corpus.walk, corpus.label, used_images(corpus))
    findings += [f for verdict in statics for f in verdict.findings]
    pages = list(pending)
    timings["parse"] = time.perf_counter() - start
    if site is not None:
        output_display = options.output_label or label_for(options.output or Path())
        theme = options.theme / "templates" if options.theme else None
        templates = Templates(theme, label_for(theme) if theme else "")
        explained = frozenset(f.file for f in findings if f.severity is fd.Severity.ERROR)
        checker = SiteChecker(site, pages, sitemap, sources.handled, sources.reported,
                              output_display, templates, explained)
        findings += checker.run()
    timings["output"] = time.perf_counter() - start
    if proofreading is not None:
        findings += proofreading.result()
        timings["proofread"] = time.perf_counter() - start
    if options.external:
        uses = list(sources.external)
        uses += _output_external(pages, sitemap, options)
        findings += ext.check_uses(uses, options.settings, REPO_ROOT)
        timings["external"] = time.perf_counter() - start
    timings["peak_rss_mb"] = _peak_rss_mb()
    own = resource.getrusage(resource.RUSAGE_SELF)
    timings["main_cpu_s"] = round(own.ru_utime + own.ru_stime, 2)  # the path that waits
    # what the build's hand-off spared: pages not parsed, sources not read again
    timings["recorded_pages"] = sum(page.recorded for page in pages)
    timings["reused_items"] = sum(built is not None and item is built.by_rel.get(item.rel)
                                  for item in corpus.items)
    return Result(_unique(findings), len(corpus.items), len(rels), timings, notes)


class Forked:
    """A call made in a forked child (it sees the parent's objects, nothing is copied)
    while the parent goes on; `result()` waits for what it returns, or raises what it
    raised."""

    def __init__(self, call: Callable[[], Any]) -> None:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_send, args=(call, sender))
        self.process.start()
        sender.close()

    def result(self) -> Any:
        try:
            done, value = self.receiver.recv()
        except EOFError:
            done, value = False, "le processus s'est arrêté sans répondre"
        finally:
            self.receiver.close()
            self.process.join()
        if not done:
            raise RuntimeError(value)
        return value


def _send(call: Callable[[], Any], sender: Any) -> None:
    try:
        sender.send((True, call()))
    except BaseException:
        sender.send((False, traceback.format_exc()))
    finally:
        sender.close()


def _output_external(pages: list[Any], sitemap: Any, options: CheckOptions) -> list[ExternalUse]:
    """External links of the output that no source wrote (theme, header values)."""
    uses: list[ExternalUse] = []
    output_display = options.output_label or label_for(options.output or Path())
    for page in pages:
        item = sitemap.page_items.get(page.rel)
        for url, _line in page.external:
            if item is not None:
                line = locate(item, [url])
                if line is not None:
                    uses.append(ExternalUse(url, item.display, line))
                    continue
            uses.append(ExternalUse(url, f"{output_display}/{page.rel}", None))
    return uses


def _unique(findings: list[fd.Finding]) -> list[fd.Finding]:
    """One finding per problem and place, in report order."""
    return sorted(set(findings), key=lambda f: (*fd.sort_key(f), f.message))


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + children) / 1024, 1)
