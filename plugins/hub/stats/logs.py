"""Access log lines as requests: nginx and Apache « combined », IIS W3C extended.

A file is read as a stream (gzip recognised by its first bytes, whatever its name), so a
log of several gigabytes is never held in memory. A line that cannot be read is counted
by the caller; its text is never shown, since it holds an address and a user agent.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote_plus

GZIP_MAGIC = b"\x1f\x8b"

# %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" (nginx's and Apache's "combined")
COMBINED_RE = re.compile(
    r'^(?P<client>\S+) \S+ \S+ \[(?P<when>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<target>\S+)(?: HTTP/[0-9.]+)?" '
    r'(?P<status>\d{3}) (?:\d+|-)(?: "(?:[^"\\]|\\.)*" "(?P<agent>(?:[^"\\]|\\.)*)")?\s*$'
)
MONTHS = {m: n for n, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
TIME_RE = re.compile(
    r"^(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$")


@functools.lru_cache(maxsize=64)
def _zone(sign: str, hours: str, minutes: str) -> dt.timezone:
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
    return dt.timezone(-offset if sign == "-" else offset)


def combined_time(text: str) -> dt.datetime | None:
    """`06/Dec/2026:11:47:01 +0100` (strptime is ten times slower on gigabytes of lines)."""
    match = TIME_RE.match(text)
    month = MONTHS.get(match.group(2)) if match else None
    if match is None or month is None:
        return None
    day, _, year, hour, minute, second, sign, zh, zm = match.groups()
    try:
        return dt.datetime(int(year), month, int(day), int(hour), int(minute), int(second),
                           tzinfo=_zone(sign, zh, zm))
    except ValueError:
        return None


@dataclass(frozen=True)
class Request:
    """One answered request, as much of it as the counts need."""

    when: dt.datetime  # aware
    method: str
    path: str  # as requested, percent-encoded, without the query
    query: str  # after "?", percent-encoded ("" when none)
    status: int
    client: str  # the address: only ever hashed, never written
    agent: str  # the user agent: classified and hashed, never written


@dataclass(frozen=True)
class UnreadableLine:
    """A line that is not a request of a known format (its text is not kept)."""

    file: str
    line: int


def open_log(path: Path) -> BinaryIO:
    """The file's bytes, uncompressed when it is gzip (rotated logs: `access.log.2.gz`)."""
    raw = path.open("rb")
    head = raw.read(2)
    raw.seek(0)
    if head == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def parse_combined(line: str) -> Request | None:
    match = COMBINED_RE.match(line)
    if match is None:
        return None
    when = combined_time(match["when"])
    if when is None:
        return None
    path, _, query = match["target"].partition("?")
    agent = (match["agent"] or "").replace('\\"', '"')
    return Request(when, match["method"], path, query, int(match["status"]),
                   match["client"], agent)


@dataclass
class W3CFields:
    """The columns of an IIS log, as its last `#Fields:` line declared them."""

    names: list[str]

    def parse(self, line: str) -> Request | None:
        values = line.split(" ")
        if len(values) != len(self.names):
            return None
        row = dict(zip(self.names, values, strict=True))
        try:
            when = dt.datetime.fromisoformat(f"{row['date']}T{row['time']}+00:00")
            status = int(row["sc-status"])
            method, path = row["cs-method"], row["cs-uri-stem"]
        except (KeyError, ValueError):
            return None
        query = row.get("cs-uri-query", "-")
        agent = row.get("cs(User-Agent)", "-")
        return Request(when, method, path, "" if query == "-" else query, status,
                       row.get("c-ip", "-"), "" if agent == "-" else unquote_plus(agent))


def requests(path: Path, name: str, progress: Callable[[int], None] | None = None
             ) -> Iterator[Request | UnreadableLine]:
    """Every line of one log file, read or not; `progress` hears the bytes read so far."""
    w3c: W3CFields | None = None
    with open_log(path) as stream:
        for number, raw in enumerate(stream, start=1):
            if progress is not None and number % 65536 == 0:
                progress(_position(stream))
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not line.strip():
                continue
            if line.startswith("#"):
                if line.startswith("#Fields:"):
                    w3c = W3CFields(line.removeprefix("#Fields:").split())
                continue
            request = w3c.parse(line) if w3c is not None else parse_combined(line)
            yield request if request is not None else UnreadableLine(name, number)


def _position(stream: BinaryIO) -> int:
    """How far into the file (compressed bytes for gzip) the reading is."""
    inner = getattr(stream, "fileobj", None)
    try:
        return int((inner or stream).tell())
    except (OSError, ValueError):
        return 0
