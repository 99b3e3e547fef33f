"""Reading a Markdown source: decode it safely and split its `Key: value` header.

The header rules are those of Python-Markdown's `meta` extension (which Pelican uses),
so that the lines we report are the lines the writer sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?$")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
BOM = "\ufeff"


@dataclass(frozen=True)
class Entry:
    """One `Key: value` of the header, with the 1-based line it starts on."""

    key: str  # as written
    value: str
    line: int

    @property
    def name(self) -> str:
        return self.key.lower()


@dataclass
class Source:
    """A decoded Markdown file: its header entries and its body."""

    entries: list[Entry] = field(default_factory=list)
    body: str = ""
    body_line: int = 1  # line number of the body's first line
    problem: tuple[str, int | None, dict[str, object]] | None = None  # code, line, values

    def first(self, name: str) -> Entry | None:
        for entry in self.entries:
            if entry.name == name:
                return entry
        return None


class Unreadable(Exception):
    """The file cannot be read as a Markdown text; carries a finding code."""

    def __init__(self, code: str, line: int | None = None, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.values = values


MAX_BYTES = 1_000_000  # a page of the hub is a few kilobytes; 1 MB is never one
MAX_DEPTH = 40  # nested lists or quotes deeper than this are never meant
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NESTING_RE = re.compile(r"^(?:[ \t]*>)+|^[ \t]+")


def decode(data: bytes) -> str:
    """UTF-8 text of a file, or `Unreadable` naming the first bad byte's line."""
    if not data.strip() or data.strip() in (b"\xef\xbb\xbf",):
        raise Unreadable("empty-file")
    if len(data) > MAX_BYTES:
        raise Unreadable("too-large", size=f"{len(data) / 1_000_000:.1f}".replace(".", ","))
    if data.startswith(UTF16_BOMS) or _looks_utf16(data[:4096]):
        raise Unreadable("not-utf8", 1, position=1)
    if b"\x00" in data[:8192]:
        raise Unreadable("binary-file", 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Unreadable("not-utf8", line, position=exc.start + 1) from None
    text = text.removeprefix(BOM)
    if not text.strip():
        raise Unreadable("empty-file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL_RE.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise Unreadable("control-character", line, char=f"U+{ord(control.group()):04X}")
    _check_depth(text)
    return text


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without its mark: every other byte is zero in a mostly-ASCII text."""
    if len(head) < 8 or b"\x00" not in head:
        return False
    return max(head[0::2].count(0), head[1::2].count(0)) >= len(head) // 4


def _check_depth(text: str) -> None:
    """Refuse nesting so deep that rendering it would exhaust the Markdown renderer."""
    for number, line in enumerate(text.split("\n"), start=1):
        match = NESTING_RE.match(line)
        if not match:
            continue
        prefix = match.group().replace("\t", "    ")
        depth = prefix.count(">") + (len(prefix) - prefix.count(">")) // 4
        if depth > MAX_DEPTH:
            raise Unreadable("too-deep", number, depth=depth)


def split(text: str) -> Source:
    """Split a decoded file into header entries and body, as Markdown's meta does."""
    lines = text.split("\n")
    index = 0
    if lines and BEGIN_RE.match(lines[0]):
        index = 1
    entries: list[Entry] = []
    current: tuple[str, list[str], int] | None = None
    source = Source()
    while index < len(lines):
        line = lines[index]
        if line.strip() == "" or (entries and END_RE.match(line)):
            index += 1
            break
        match = META_RE.match(line)
        more = META_MORE_RE.match(line)
        if match:
            if current:
                entries.append(_entry(current))
            current = (match.group("key"), [match.group("value").strip()], index + 1)
        elif more and current:
            current[1].append(more.group("value").strip())
        else:
            break
        index += 1
    if current:
        entries.append(_entry(current))
    source.entries = entries
    source.body_line = index + 1
    source.body = "\n".join(lines[index:])
    if not entries:
        source.problem = (
            "bad-header",
            1,
            {"detail": "la première ligne n'est pas de la forme « Clé: valeur »"},
        )
    return source


def _entry(current: tuple[str, list[str], int]) -> Entry:
    key, parts, line = current
    return Entry(key=key, value=" ".join(p for p in parts if p), line=line)


def read(data: bytes) -> Source:
    """Decode and split; an unreadable file gives a Source with its problem set."""
    try:
        text = decode(data)
    except Unreadable as exc:
        return Source(problem=(exc.code, exc.line, dict(exc.values)))
    return split(text)
