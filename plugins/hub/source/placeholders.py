"""What is left unfinished in a source (CONTENT_MODEL.md, « What the checker reports »).

What a scaffold (`invoke new-…`) or the editor leaves for the writer to fill in: an example
address, the scaffold's instruction comment and its sample sentence are errors at their
line, since they would be published as they are; a heading with nothing under it is a
warning. A tag left unclosed (`<img src="x.png"` without its `>`) is an error at its line:
the page would show it as text.

The scaffold's texts are declared here, and `tools/scaffold.py` writes them from here, so
what is written and what is looked for never drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hub import findings as fd
from hub.source.header import Source

# The scaffold's instruction comment, its first and last lines, and its sample sentence.
COMMENT_OPENING = "<!-- Clés à remplir ou à compléter :"
COMMENT_CLOSING = "Supprimez ce commentaire avant de publier. -->"
SAMPLE_TEXT = "Votre texte ici."
# The domains kept for examples: an address there reaches nobody.
EXAMPLE_DOMAINS = ("exemple.fr", "exemple.com", "example.com", "example.org", "example.net",
                   "example.fr")
EXAMPLE_ADDRESS_RE = re.compile(
    r"[\w.%+'-]+@(?:" + "|".join(re.escape(d) for d in EXAMPLE_DOMAINS) + r")(?![\w.-]*\w)",
    re.IGNORECASE)
FENCE_RE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN_RE = re.compile(r"(`+).+?\1")
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
TAG_OPEN_RE = re.compile(r"</?([A-Za-z][\w-]*)(?=[\s/>]|$)")


@dataclass(frozen=True)
class Line:
    """A line of the body outside code blocks, with its number in the file."""

    number: int
    text: str


def check(source: Source, display: str) -> list[fd.Finding]:
    """The placeholders and empty headings of one readable source file."""
    lines = list(_prose_lines(source))
    return [*_example_addresses(source, lines, display), *_scaffold_texts(lines, display),
            *_unclosed_tags(lines, display), *_empty_headings(lines, display)]


def _prose_lines(source: Source) -> Iterator[Line]:
    """The body's lines, less fenced code blocks."""
    fence: str | None = None
    for number, text in enumerate(source.body.split("\n"), start=source.body_line):
        opened = FENCE_RE.match(text)
        if fence is not None:
            if opened and opened.group(1) == fence:
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield Line(number, text)


def _example_addresses(source: Source, lines: list[Line], display: str) -> Iterator[fd.Finding]:
    """Each example address, at its line (and its column in the body's lines)."""
    for entry in source.entries:
        for match in EXAMPLE_ADDRESS_RE.finditer(entry.value):
            yield fd.make("example-address", display, entry.line, value=match.group())
    for line in lines:
        if "@" not in line.text:
            continue
        for match in EXAMPLE_ADDRESS_RE.finditer(CODE_SPAN_RE.sub(_blank, line.text)):
            yield fd.at_column(fd.make("example-address", display, line.number,
                                       value=match.group()), match.start() + 1)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _scaffold_texts(lines: list[Line], display: str) -> Iterator[fd.Finding]:
    opening = next((line for line in lines if COMMENT_OPENING in line.text), None)
    closing = next((line for line in lines if COMMENT_CLOSING in line.text), None)
    first, last = opening or closing, closing or opening
    if first is not None and last is not None:
        yield fd.make("scaffold-comment", display, first.number, end=last.number)
    for line in lines:
        if line.text.strip() == SAMPLE_TEXT:
            yield fd.make("scaffold-text", display, line.number, text=SAMPLE_TEXT)


@dataclass(frozen=True)
class Heading:
    line: Line
    level: int
    title: str


def _empty_headings(lines: list[Line], display: str) -> Iterator[fd.Finding]:
    """A heading followed only by blank lines, then by a heading of the same or a higher
    level or by the end of the file."""
    pending: Heading | None = None  # the last heading, while nothing is written under it
    for line in lines:
        found = HEADING_RE.match(line.text)
        if found is not None:
            heading = Heading(line, len(found.group(1)), found.group(2))
            if pending is not None and heading.level <= pending.level:
                yield _empty(pending, display)
            pending = heading
        elif line.text.strip():
            pending = None
    if pending is not None:
        yield _empty(pending, display)


def _empty(heading: Heading, display: str) -> fd.Finding:
    return fd.make("empty-heading", display, heading.line.number, heading=heading.title)


def _unclosed_tags(lines: list[Line], display: str) -> Iterator[fd.Finding]:
    """A tag whose `>` never comes before the end of its paragraph."""
    for index, line in enumerate(lines):
        if "<" not in line.text:
            continue
        text = CODE_SPAN_RE.sub(_blank, line.text)
        for tag in TAG_OPEN_RE.finditer(text):
            if ">" in text[tag.end():] or _closed_below(lines, index):
                continue
            yield fd.at_column(fd.make("html-incomplete", display, line.number,
                                       tag=tag.group(1).lower()), tag.start() + 1)
            break


def _closed_below(lines: list[Line], index: int) -> bool:
    """Whether a `>` comes in the rest of the paragraph (the lines up to a blank one)."""
    number = lines[index].number
    for below in lines[index + 1:]:
        number += 1
        if below.number != number or not below.text.strip():
            return False  # a blank line or a code block ends the paragraph
        if ">" in below.text:
            return True
    return False
