"""Posters for those who have no desk: an A4 page per service and per constraint explainer,
readable from two metres, with a QR code that opens the item's page (its absolute address,
drawn as SVG by segno, with no network), and the posters of one audience as one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import segno
from markupsafe import Markup

from hub import addresses
from hub.model import CONSTRAINT, LIVE_LIFECYCLES

PRINTED_LIFECYCLES = (*LIVE_LIFECYCLES, "retiring")  # a retired service gets no poster

QR_ERROR = "m"  # 15 % of the code may be dirty or torn and it still reads


def qr_svg(url: str, label: str) -> Markup:
    """The QR code of `url` as inline SVG (black on white: every phone reads it)."""
    code = segno.make(url, error=QR_ERROR)
    svg = code.svg_inline(scale=8, border=4, dark="#000", light="#fff", omitsize=True,
                          title=label, svgclass="poster-qr")
    return Markup(svg)  # noqa: S704 - segno's own SVG, the URL is escaped by segno


@dataclass(frozen=True)
class Poster:
    """One poster: the item it shows, where it is written, the page it opens."""

    item: Any
    url: str  # the poster's own address (site-relative)
    target: str  # the item's page, absolute
    qr: Markup


@dataclass(frozen=True)
class Printed:
    """Every item's poster, and each audience with the posters of its services."""

    single: list[Poster]
    groups: list[tuple[Any, list[Poster]]]


def poster_of(item: Any, site: str) -> Poster:
    target = f"{site}/{item.url}"
    return Poster(item, addresses.POSTER.url(page=str(item.url).rstrip("/")),
                  target, qr_svg(target, f"Code QR : ouvre {target}"))


def printable(services: list[Any]) -> list[Any]:
    """The services worth a poster: not retired (a retiring one says when it ends)."""
    return [s for s in services if getattr(s, "lifecycle", None) in PRINTED_LIFECYCLES]


def printed_items(hub: Any) -> list[Any]:
    """The items that get a poster: every listed service worth one (`printable`) and every
    listed constraint. Their pages link the poster exactly then (`hub_poster_pages`)."""
    return [*printable(hub.listed(hub.services)), *hub.listed(hub.items(CONSTRAINT.id))]
