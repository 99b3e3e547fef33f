"""Old addresses that keep working, on the build's side: the file brought up to date and
a small page at each old address that leads to the new one.

The page needs no JavaScript and stays within the CSP: an immediate `<meta refresh>`
(navigation, which the CSP does not govern), `rel=canonical` and a visible link. It is
written outside the sitemap, the feeds and the search index.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from hub import faults
from hub.addresses import FEED_ATOM, FEED_RSS, holder_of, keep_out_of_sitemap
from hub.build import prerender
from hub.build.state import corpus_for, hub_settings_of, run_of
from hub.paths import save_as, site_url, write_text_atomic
from hub.source import oldaddresses

log = logging.getLogger(__name__)


def bring_up_to_date(settings: dict[str, Any]) -> dict[str, str]:
    """Update the file of old addresses from this run's corpus; the redirects to write
    (old address → current page), also kept on the run for the feeds."""
    hub = hub_settings_of(settings)
    corpus = corpus_for(settings)
    path = oldaddresses.registry_path(corpus.root, hub.HUB_REDIRECTS)
    book = corpus.old_addresses  # as the scan read it, this run
    if book.unusable:
        return {}  # never written over: the finding says what to do
    now = oldaddresses.placed_items(corpus, lambda item: prerender.fingerprint(settings, item))
    new = oldaddresses.updated(book, now)
    if path is not None:
        text = new.dumps()
        try:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                write_text_atomic(path, text)  # the preview or a check may be reading it
        except OSError as exc:
            if faults.refused(exc):
                raise  # the run stops on one French sentence (faults.guard_run)
            log.warning("Old addresses %s not written (%s)", path, exc)
    current = {p.url for p in now}
    pages = {}
    for old, target in new.redirects.items():
        if not old or not oldaddresses.is_page_address(old) \
                or not oldaddresses.is_page_address(target):
            continue  # reported by the checker; never a file outside the site
        if old in current or holder_of(save_as(old)) is not None:
            continue  # a current page, or the hub's own: the checker reports it
        if target in current or holder_of(save_as(target)) is not None:
            pages[old] = target
    run_of(settings).redirects = pages
    return pages


def write_pages(generator: Any, writer: Any) -> None:
    """A redirect page at each old address (the pages generator's last step)."""
    settings = generator.settings
    pages = bring_up_to_date(settings)
    if not pages:
        return
    titles = {url: str(item.values.get("title") or "")
              for url, item in oldaddresses.published(corpus_for(settings)).items()}
    site = site_url(settings, hub_settings_of(settings).HUB_FEED_SITEURL)
    template = generator.get_template("redirect")
    keep_out_of_sitemap(settings, pages)
    for old, target in sorted(pages.items()):
        holder = holder_of(save_as(target))
        title = titles.get(target) or (holder.holder if holder else target)
        writer.write_file(save_as(old), template, generator.context, page_name=old + "index",
                          url=old, relative_urls=settings["RELATIVE_URLS"], target=target,
                          target_title=title[0].upper() + title[1:], canonical=f"{site}/{target}")


def feed_copies(settings: dict[str, Any], output: Path, keys: set[str]) -> list[tuple[Path, Path]]:
    """(written feed, copy at the old address) of every renamed item's own feed: a
    renamed service keeps its subscribers, with the same items and GUIDs."""
    copies = []
    for old, target in sorted(run_of(settings).redirects.items()):
        new_key, old_key = target.strip("/"), old.strip("/")
        if new_key not in keys or not old_key:
            continue
        for feed in (FEED_RSS, FEED_ATOM):
            written = output / feed.url(key=new_key)
            if written.is_file():
                copies.append((written, output / feed.url(key=old_key)))
    return copies
