"""Reading a Markdown source: decode it safely and split its `Key: value` header.

The header grammar starts from Python-Markdown's `meta` extension (key line, continuation
lines indented by four, optional `---` fences) and also reads what writers really type
(see `split`). The hub's reader takes its metadata from here, so the build and the
checker always read the same keys at the same lines.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field

from hub.settings import HubSettings
from hub.suggest import nearest

META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?$")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
BOM = "\ufeff"


@dataclass(frozen=True)
class HeaderLine:
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

    entries: list[HeaderLine] = field(default_factory=list)
    body: str = ""
    body_line: int = 1  # line number of the body's first line
    problem: tuple[str, int | None, dict[str, object]] | None = None  # code, line, values
    notes: list[Note] = field(default_factory=list)  # header habits, one per line
    digest: str = ""  # of the file's bytes: what later steps key their caches by

    def first(self, name: str) -> HeaderLine | None:
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


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Characters no format of the hub may carry: C0 controls but the tab and the line feed,
# DEL, C1 controls (NEL among them), the line and paragraph separators (lines to
# Python's splitlines and to JavaScript, not to Markdown), and the non-characters.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
LINE_BREAKS = frozenset("\x85\u2028\u2029\x0b\x0c")  # read as a space; other controls removed
CONTROL_NAMES = {"\x85": "un passage à la ligne NEL", "\u2028": "un séparateur de ligne",
                 "\u2029": "un séparateur de paragraphe", "\x7f": "un caractère d'effacement",
                 "\x1b": "un code d'échappement de terminal", "\x00": "un caractère nul",
                 "\x0b": "une tabulation verticale", "\x0c": "un saut de page"}
FORBIDDEN_RE = re.compile(rf"(?P<char>{CONTROL_RE.pattern})"
                          r"|&#(?:[xX](?P<hex>[0-9a-fA-F]{1,8})|(?P<dec>[0-9]{1,8}));?")
MAX_CONTROL_NOTES = 20  # lines reported in one file; the rest is cleaned all the same
NESTING_RE = re.compile(r"^(?:[ \t]*>)+|^[ \t]+")
FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]")
BRACKETS = ("[", "<")  # each may make Markdown read to the end of its paragraph


def decode(data: bytes, limits: HubSettings | None = None) -> str:
    """UTF-8 text of a file, or `Unreadable` naming the first bad byte's line; a file past
    the limits of `HubSettings` (size, line, nesting, brackets) is `Unreadable` too."""
    limits = limits or HubSettings()
    if not data.strip() or data.strip() in (b"\xef\xbb\xbf",):
        raise Unreadable("empty-file")
    if len(data) > limits.HUB_MAX_SOURCE_BYTES:
        raise Unreadable("too-large", size=_megabytes(len(data)),
                         limit=_megabytes(limits.HUB_MAX_SOURCE_BYTES))
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
    lines = text.split("\n")
    _check_lines(lines, limits)
    _check_brackets(lines, limits)
    return text


def clean(text: str) -> tuple[str, list[Note]]:
    """The text without the characters no format may carry (`CONTROL_RE`), written as
    they are or as HTML's numeric references (`&#x1b;`), and one note per line that had
    some, at the column of the first: a line or paragraph separator becomes a space, any
    other is removed. The page builds from the clean text, so that no .eml, .ics, feed,
    JSON or HTML gets them and one title never breaks another page."""
    if not CONTROL_RE.search(text) and "&#" not in text:
        return text, []
    notes: list[Note] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        found = [m for m in FORBIDDEN_RE.finditer(line) if _forbidden(m) is not None]
        if not found:
            continue
        if len(notes) < MAX_CONTROL_NOTES:
            char = _forbidden(found[0]) or ""
            name = CONTROL_NAMES.get(char, "un caractère de contrôle")
            notes.append(Note("control-character", number,
                              {"char": f"U+{ord(char):04X}", "name": name},
                              column=found[0].start() + 1))
        lines[number - 1] = FORBIDDEN_RE.sub(_replacement, line)
    return "\n".join(lines), notes


def _forbidden(match: re.Match[str]) -> str | None:
    """The forbidden character a match of FORBIDDEN_RE stands for, None when it is a
    reference to an allowed one. References follow HTML: 0x80 to 0x9F name the
    characters of Windows-1252 where it has one (`&#133;` is « … »)."""
    if match.group("char"):
        return match.group("char")
    hexa, decimal = match.group("hex"), match.group("dec")
    point = int(hexa, 16) if hexa else int(decimal)
    if point > 0x10FFFF:
        return None
    if 0x80 <= point <= 0x9F:
        try:
            bytes([point]).decode("cp1252")
            return None
        except UnicodeDecodeError:
            pass
    char = chr(point)
    return char if CONTROL_RE.fullmatch(char) else None


def _replacement(match: re.Match[str]) -> str:
    char = _forbidden(match)
    if char is None:
        return match.group()
    return " " if char in LINE_BREAKS else ""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without its mark: every other byte is zero in a mostly-ASCII text."""
    if len(head) < 8 or b"\x00" not in head:
        return False
    return max(head[0::2].count(0), head[1::2].count(0)) >= len(head) // 4


def _check_lines(lines: list[str], limits: HubSettings) -> None:
    """Refuse a line too long, or nesting so deep that rendering it would exhaust the
    Markdown renderer."""
    for number, line in enumerate(lines, start=1):
        if len(line) > limits.HUB_MAX_LINE_CHARS:
            raise Unreadable("line-too-long", number, length=_thousands(len(line)),
                             limit=_thousands(limits.HUB_MAX_LINE_CHARS))
        match = NESTING_RE.match(line)
        if not match:
            continue
        prefix = match.group().replace("\t", "    ")
        depth = prefix.count(">") + (len(prefix) - prefix.count(">")) // 4
        if depth > limits.HUB_MAX_NESTING:
            raise Unreadable("too-deep", number, depth=depth, limit=limits.HUB_MAX_NESTING)


def _check_brackets(lines: list[str], limits: HubSettings) -> None:
    """Refuse a paragraph or a file with too many `BRACKETS`: Markdown reads from each to
    the end of its paragraph (or list item) for a link or a tag, so a paragraph's cost
    grows as their square (10,000 « [ » in one took 12 s, 40,000 took 158 s), and a
    file's is at most its count times a paragraph's. Code blocks do not count."""
    count, total, start, fence, in_list = 0, 0, 1, "", False
    for number, line in enumerate(lines, start=1):
        if fence:
            if line.strip().startswith(fence):
                fence, count, start = "", 0, number + 1
            continue
        opening = FENCE_RE.match(line)
        if opening or not line.strip():
            fence, count, start = opening.group(1) if opening else "", 0, number + 1
            in_list = False
            continue
        item = LIST_ITEM_RE.match(line) is not None
        if item and (in_list or start == number):  # a list item: Markdown reads it alone
            count, start, in_list = 0, number, True
        found = sum(line.count(mark) for mark in BRACKETS)
        count, total = count + found, total + found
        if count > limits.HUB_MAX_BRACKETS:
            raise Unreadable("too-many-brackets", start,
                             limit=_thousands(limits.HUB_MAX_BRACKETS))
        if total > limits.HUB_MAX_BRACKETS_PAGE:
            raise Unreadable("too-many-brackets-page", number,
                             limit=_thousands(limits.HUB_MAX_BRACKETS_PAGE))


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


# --- the header as writers type it -------------------------------------------------
# Beyond Markdown's strict form, the header also reads the habits writers really have:
# a tab or spaces before a key, a space before the colon, French key names, a text
# starting right after the header. Each habit leaves a `Note` at its line, so the page
# keeps every key that is there and the writer is told what to change.

GAP = " \t\u00a0\u202f"  # what writers leave around a key: spaces, tabs, no-break spaces
KEY_RE = re.compile(
    rf"^(?P<indent>[{GAP}]*)(?P<key>[A-Za-z0-9_-]+)(?P<gap>[{GAP}]*):(?P<value>(?!//).*)$"
)
WORDS_KEY_RE = re.compile(
    rf"^(?P<indent>[{GAP}]*)(?P<key>[^\W\d_][^\W_]*(?:[ '’-][^\W_]+){{0,3}})(?P<gap>[{GAP}]*)"
    r":(?P<value>(?!//).*)$"
)
YAML_ITEM_RE = re.compile(r"^[ \t]*-[ \t]+(?P<value>.*)$")
MAX_HEADER_LINES = 200  # a header has about fifteen keys; past this, its blank line is lost
SENTENCE_END = (".", "!", "?", "…", ":")
SPACE_NAMES = {"\u00a0": "Un espace insécable", "\u202f": "Une espace fine insécable",
               "\t": "Une tabulation"}


@dataclass(frozen=True)
class Note:
    """A header habit found at a line: a finding code and its values."""

    code: str
    line: int
    values: dict[str, str] = field(default_factory=dict)
    column: int | None = None  # 1-based, where the line alone does not say it


def fold(key: str) -> str:
    """A key compared the way writers mean it: no case, accents, spaces or hyphens."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", key.lower())
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))


# The key meant → the names writers type for it in French (or in Pelican's other
# spellings). The French labels of the model's keys count too (see `french_names`).
WRITTEN_NAMES: dict[str, tuple[str, ...]] = {
    "Title": ("Titre",),
    "Summary": ("Résumé", "Sommaire", "Description"),
    "Lifecycle": ("Cycle de vie", "Cycle", "État"),
    "Status": ("Statut",),
    "Owner": ("Propriétaire", "Responsable", "Référent"),
    "Price": ("Prix", "Tarif", "Coût"),
    "Access": ("Accès",),
    "Support": ("Assistance", "Aide"),
    "Reviewed": ("Date de revue", "Date de relecture", "Relu", "Revu", "Relecture", "Révision",
                 "Review", "Last-reviewed"),
    "Successor": ("Successeur", "Remplaçant"),
    "Retirement": ("Retrait", "Date de retrait", "Fin"),
    "Audience": ("Public", "Publics", "Cible"),
    "Tags": ("Mots-clés", "Mots clés", "Étiquettes", "Tag", "Keywords"),
    "Author": ("Auteur", "Autrice"),
    "Modified": ("Modifié", "Mise à jour"),
    "Feature": ("Fonctionnalité", "Fonction"),
    "Services": ("Service",),
    "Rule": ("Règle",),
    "Reason": ("Raison", "Motif"),
    "Alternatives": ("Alternative",),
    "Reference": ("Référence",),
    "Kind": ("Type", "Genre"),
    "Expires": ("Expiration", "Expire"),
    "Definition": ("Définition",),
    "Aliases": ("Alias", "Synonymes"),
    "IT-view": ("Vue DSI",),
    "Business-view": ("Vue métier", "Vue métiers"),
    "Avoid": ("Éviter",),
    "Prefer": ("Préférer",),
    "Image-alt": ("Texte alternatif", "Alt", "Image-alt-text"),
    "Lang": ("Langue",),
    "Starts": ("Début", "Starts"),
    "Ends": ("Ends",),
}
FRENCH_NAMES: dict[str, str] = {n: key for key, names in WRITTEN_NAMES.items() for n in names}


@functools.cache
def french_names() -> dict[str, str]:
    """Folded French name (or French label of a key) → the key it means."""
    from hub.model import CONTENT_TYPES

    names = {fold(f.label): f.key for t in CONTENT_TYPES for f in t.fields}
    names.update({fold(k): v for k, v in FRENCH_NAMES.items()})
    return names


@functools.cache
def _known_keys() -> frozenset[str]:
    """Every key name a header may hold, folded: the model's, Pelican's, the French ones."""
    from hub.model import CONTENT_TYPES, PELICAN_KEYS

    keys = {fold(f.key) for t in CONTENT_TYPES for f in t.fields}
    keys |= {fold(k) for k in PELICAN_KEYS} | set(french_names())
    return frozenset(keys)


@dataclass
class _Line:
    number: int
    text: str
    key: str | None = None
    value: str = ""
    known: bool = False
    words: bool = False  # the key has spaces or accents (never Markdown's form)
    indent: str = ""  # what comes before the key
    gap: str = ""  # what comes between the key and its colon


def _classify(number: int, text: str, known: frozenset[str]) -> _Line:
    line = _Line(number, text)
    match = KEY_RE.match(text) or WORDS_KEY_RE.match(text)
    if match is None:
        return line
    line.key = match.group("key")
    line.value = match.group("value").strip()
    line.known = fold(line.key) in known
    line.words = not re.fullmatch(r"[A-Za-z0-9_-]+", line.key)
    line.indent, line.gap = match.group("indent"), match.group("gap")
    return line


def _near(key: str) -> bool:
    """Close to a known key name: a typo (`Audiance`), not the first word of a sentence."""
    return bool(nearest(fold(key), _known_keys(), n=1, cutoff=0.75))


def _prose(line: _Line) -> bool:
    """An unknown key that is rather the first words of a sentence: several words, a
    sentence's end, or French typography (`Attention : …`); never a near key name."""
    words = line.value.split()
    if line.words or line.gap or len(words) >= 4:
        return not _near(line.key or "")
    return len(words) >= 2 and line.value.endswith(SENTENCE_END) and not _near(line.key or "")


def _continuation(text: str) -> bool:
    """Markdown's continuation line: indented by four spaces (a tab counts as four)."""
    return bool(META_MORE_RE.match(text.expandtabs(4))) and text.strip() != ""


@dataclass
class _PendingLine:
    """The entry being read: its key line and the lines that continue its value."""

    key: str
    line: int
    parts: list[str]
    items: list[str] = field(default_factory=list)  # YAML-style "- item" lines

    def entry(self) -> HeaderLine:
        parts = self.parts + ([", ".join(self.items)] if self.items else [])
        return HeaderLine(key=self.key, value=" ".join(p for p in parts if p), line=self.line)


def _header_region(lines: list[str], start: int, fenced: bool) -> tuple[list[_Line], int]:
    """The lines up to the first blank line (or closing fence), and where the body starts
    after them."""
    known = _known_keys()
    region: list[_Line] = []
    end = start
    while end < len(lines):
        raw = lines[end]
        if raw.strip() == "" or ((region or fenced) and END_RE.match(raw)):
            return region, end + 1
        if len(region) == MAX_HEADER_LINES:
            return region, end  # never a header: the rest is text (see `split`)
        region.append(_classify(end + 1, raw, known))
        end += 1
    return region, end


def split(text: str) -> Source:
    """Split a decoded file into header entries and body; header habits become notes.

    The header runs to the first blank line. Within it, a line that is not `Key: value`
    is a lost line while known keys follow it; after the last known key, it (or a key
    that reads like a sentence) is where the body starts, the blank line being missing.
    """
    lines = text.split("\n")
    source = Source()
    fenced = bool(lines and BEGIN_RE.match(lines[0]))
    if fenced:
        source.notes.append(Note("front-matter", 1))
    region, body_start = _header_region(lines, 1 if fenced else 0, fenced)
    if len(region) == MAX_HEADER_LINES and body_start < len(lines) and lines[body_start].strip():
        source.notes.append(Note("header-too-long", body_start + 1,
                                 {"limit": str(MAX_HEADER_LINES)}))
    last_known = max((i for i, ln in enumerate(region) if ln.key and ln.known), default=-1)
    entries: list[HeaderLine] = []
    current: _PendingLine | None = None
    for index, line in enumerate(region):
        after = index > last_known
        if line.key is not None and not (
            line.text[:1] in GAP and not line.known and _continuation(line.text)
        ):
            if after and current is not None and not line.known and _prose(line):
                source.notes.append(Note("missing-blank-line", line.number,
                                         {"start": _short(line.text)}))
                body_start = line.number - 1
                break
            if current is not None:
                entries.append(current.entry())
            current = _PendingLine(line.key, line.number, [line.value])
            _habits(source, line)
            continue
        item = YAML_ITEM_RE.match(line.text)
        if current is not None and item and not current.parts[0]:
            if not current.items:
                source.notes.append(Note("yaml-list", current.line, {"key": current.key}))
            current.items.append(item.group("value").strip())
            continue
        if current is not None and _continuation(line.text):
            current.parts.append(line.text.strip())
            continue
        if after:
            body_start = line.number - 1
            break
        source.notes.append(Note("header-lost-line", line.number, {"text": _short(line.text)}))
    if current is not None:
        entries.append(current.entry())
    source.entries = entries
    source.body_line = body_start + 1
    source.body = "\n".join(lines[body_start:])
    if not entries:
        source.notes.clear()
        source.problem = (
            "bad-header",
            1,
            {"detail": "la première ligne n'est pas de la forme « Clé: valeur »"},
        )
    return source


def _habits(source: Source, line: _Line) -> None:
    """Notes for a key line read despite its spacing: an indent, a space before the colon.
    One to three plain spaces before a key are Markdown's own form, never a note."""
    key = line.key or ""
    if "\t" in line.indent or len(line.indent) >= 4 or line.indent.strip(" "):
        source.notes.append(Note("key-indented", line.number, {"key": key}))
    if line.gap:
        space = next((SPACE_NAMES[c] for c in line.gap if c in SPACE_NAMES), "Un espace")
        source.notes.append(Note("key-space-before-colon", line.number,
                                 {"key": key, "space": space}))


def _short(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def read(data: bytes, limits: HubSettings | None = None) -> Source:
    """Decode and split; an unreadable file gives a Source with its problem set."""
    try:
        text, controls = clean(decode(data, limits))
    except Unreadable as exc:
        return Source(problem=(exc.code, exc.line, dict(exc.values)))
    source = split(text)
    source.notes[:0] = controls if source.entries else []
    source.digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return source
