"""Feeds of the hub: RSS 2.0 and Atom with feedgen, OPML, S'abonner page, e-mail editions.

Modules:
  identity   permanent GUIDs, kept in a registry beside the content
  urls       absolute URLs for everything read outside the site
  channels   which feeds exist and which items each one holds
  render     a channel's RSS and Atom bytes (around feedgen 1.0.0's traps)
  email      the e-mail-ready HTML of an edition (css-inline)
  generator  the Pelican generator writing all of it
"""

from __future__ import annotations

from hub.feeds.generator import FeedsGenerator

__all__ = ["FeedsGenerator"]
