"""How an item is recognised from one build to the next: what is remembered of it (its
type, source, slug, date, title, summary and a fingerprint of its text) and how a renamed
file is paired with the vanished item it most resembles.

The feed identity registry (`feeds/identity.py`) and the old addresses
(`source/oldaddresses.py`) both remember items this way; it lives below both.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import sys
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

SIMILAR_BITS = 12  # fingerprints differing by at most this many bits of 64: same text
MATCH_SCORE = 4  # two agreeing clues out of date, title, summary and text
CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)  # a merge conflict's lines


@dataclass(frozen=True)
class TrackedItem:
    """What the registry knows of one item: where it is now and how to recognise it."""

    type: str
    source: str  # path relative to the content folder
    slug: str
    date: str  # as "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"
    title: str
    summary: str
    fingerprint: str  # 16 hex digits, see `fingerprint()`


@dataclass(frozen=True)
class Record:
    guid: str
    item: TrackedItem


def foreign(remembered: Iterable[str], present: Collection[str]) -> bool:
    """A file kept for another folder's items: it remembers items (by source path) and
    none of them is a file of this folder (a folder emptied and refilled, or another
    company's file copied over). It is then never inherited."""
    sources = set(remembered)
    return bool(sources) and sources.isdisjoint(present)


@functools.lru_cache(maxsize=65536)  # the preview server asks again for unchanged texts
def fingerprint(text: str) -> str:
    """A 64-bit SimHash of the text's words: close texts give close fingerprints."""
    words = re.findall(r"\w+", _fold(text))
    shingles = [" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 1))]
    # A bit of the result is set when more than half of the shingle hashes have it set.
    # Counting column by column on the hashes' binary strings keeps the loop in C.
    bits = "".join(
        f"{int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), 'big'):064b}"
        for s in shingles
    )
    count = len(shingles)
    result = 0
    for position in range(64):  # position 0 is the most significant bit
        if 2 * bits[position::64].count("1") > count:
            result |= 1 << (63 - position)
    return f"{result:016x}"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).translate(_combining()).casefold()


@functools.cache
def _combining() -> dict[int, None]:
    """Every combining mark, removed by `str.translate` (in C, not one test per char)."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))}


def _distance(a: str, b: str) -> int:
    try:
        return (int(a, 16) ^ int(b, 16)).bit_count()
    except ValueError:
        return 64


def _score(item: TrackedItem, known: TrackedItem) -> int:
    score = 0
    score += 2 if item.date and item.date == known.date else 0
    score += 2 if _fold(item.title) == _fold(known.title) else 0
    score += 2 if item.summary and _fold(item.summary) == _fold(known.summary) else 0
    score += 2 if _distance(item.fingerprint, known.fingerprint) <= SIMILAR_BITS else 0
    return score


def same_item(item: TrackedItem, known: TrackedItem) -> bool:
    """The same item as `known`, perhaps edited a little: same type, two clues agree."""
    return item.type == known.type and _score(item, known) >= MATCH_SCORE


def renamed_pairs(pending: list[TrackedItem],
                  orphans: list[Record]) -> list[tuple[TrackedItem, Record]]:
    """Renamed items: each new source paired with the vanished item it most resembles."""
    candidates = []
    for item in pending:
        for record in orphans:
            if record.item.type != item.type:
                continue
            score = _score(item, record.item)
            alone_that_day = (
                item.date == record.item.date
                and sum(p.type == item.type and p.date == item.date for p in pending) == 1
                and sum(o.item.type == item.type and o.item.date == item.date
                        for o in orphans) == 1
            )
            if score >= MATCH_SCORE or alone_that_day:
                candidates.append((-score, item.source, record.item.source, item, record))
    pairs: list[tuple[TrackedItem, Record]] = []
    used_items: set[str] = set()
    used_records: set[str] = set()
    for *_, item, record in sorted(candidates, key=lambda c: c[:3]):
        if item.source in used_items or record.guid in used_records:
            continue
        used_items.add(item.source)
        used_records.add(record.guid)
        pairs.append((item, record))
    return pairs


def date_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""
