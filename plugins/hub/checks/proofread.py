"""French proofreading of the writers' text with Grammalecte (`invoke check`).

What is read: titles, summaries, the header's text values and the body's prose, one
paragraph at a time. What never is: code, URLs, e-mail addresses, file names and paths,
link targets, HTML tags, even unclosed ones (masked out, offsets kept), and the names the
hub knows (the DSI's lexicon shipped with the hub, `lexique-dsi.txt`; the folder's own
`lexique.txt`; glossary terms and their aliases, service names, the site's and the
company's names, audience labels: an error on them is dropped).

Grammalecte is Debian's `python3-grammalecte`, in the system Python's dist-packages; only
that package is imported from there (`_grammalecte`), nothing else of that folder. Its
results are kept by paragraph fingerprint in cache files (`cache/proofread/`, one per
content folder), so unchanged text is never read twice, and an unchanged file read with
the same known names gives back its findings without being cut into paragraphs again; new
paragraphs are read on all cores.

Grammalecte's traps, fixed here: its typography rules (apostrophes, no-break spaces,
units…) are those the build already applies, so they are turned off (`OPTIONS`); its
offsets are in the paragraph it was given, so each paragraph keeps where its pieces were
written (`Paragraph.place`). Its false alarms on well-written web text, measured on three
corpora (`benchmarks/run.py`, section `proofread`), are worked around in `read`: a family
name after a first name or a title is a name, not a misspelling; a noun in apposition
(« la responsable marketing », « des données clients ») is not an adjective that should
agree; one mistake that a rule reports on two words is reported once.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import multiprocessing
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub import findings as fd
from hub.model import AUTHOR, SERVICE, TERM, Kind
from hub.paths import write_text_atomic
from hub.settings import HubSettings
from hub.source.corpus import Corpus, Item
from hub.source.gate import read_bytes

DIST_PACKAGES = Path("/usr/lib/python3/dist-packages")
LEXICON = "lexique.txt"
HUB_LEXICON = Path(__file__).with_name("lexique-dsi.txt")  # the DSI's words, in every folder
# Typography that the build applies (site/typography.py) or that Markdown hides, and the
# rules known for false alarms on a web page: never reported.
OPTIONS = {name: False for name in (
    "typo", "apos", "eepi", "esp", "tab", "nbsp", "unit", "num", "nf", "poncfin", "liga",
    "mapos", "chim", "ocr", "maj", "virg", "html", "latex")} | {"md": True}
# Bump when what is cached changes (the options, the masking, the error's fields).
CACHE_VERSION = 10
PROSE_KINDS = (Kind.TEXT, Kind.SUMMARY, Kind.URL_OR_TEXT)
MISSING = ("Relecture du français non faite : Grammalecte n'est pas installé "
           "(« ./hub test » l'installe, ou « apt-get install python3-grammalecte »).")
INLINE_MIN = 40  # fewer new paragraphs than this are read in this process


# --- Grammalecte ---------------------------------------------------------------------

def _grammalecte() -> Any | None:
    """Grammalecte's checker module, from the venv or the system's dist-packages."""
    try:
        return importlib.import_module("grammalecte.grammar_checker")
    except ImportError:
        pass
    if not (DIST_PACKAGES / "grammalecte").is_dir():
        return None
    sys.path.append(str(DIST_PACKAGES))
    try:
        return importlib.import_module("grammalecte.grammar_checker")
    except ImportError:
        return None
    finally:
        sys.path.remove(str(DIST_PACKAGES))


def available() -> bool:
    return _grammalecte() is not None


@functools.cache
def _checker() -> Any:
    """One Grammalecte checker per process, loaded on first use."""
    module = _grammalecte()
    assert module is not None
    checker = module.GrammarChecker("fr")
    checker.getGCEngine().setOptions(OPTIONS)
    return checker


@dataclass(frozen=True)
class Error:
    """One error Grammalecte found, offsets in the paragraph's text."""

    code: str  # "spelling" or "grammar"
    start: int
    end: int
    message: str
    suggestions: tuple[str, ...]

    def as_list(self) -> list[Any]:
        return [self.code, self.start, self.end, self.message, list(self.suggestions)]

    @classmethod
    def from_list(cls, data: list[Any]) -> Error:
        return cls(data[0], data[1], data[2], data[3], tuple(data[4]))


def read(text: str) -> list[Error]:
    """Grammalecte's errors in one paragraph, less its known false alarms (in a worker)."""
    checker = _checker()
    grammar, spelling = checker.getParagraphErrors(text, dOptions=None, bSpellSugg=False)
    out = [Error("grammar", e["nStart"], e["nEnd"], _plain(e["sMessage"]),
                 tuple(e["aSuggestions"][:3])) for e in _one_per_mistake(grammar)
           if not _apposition(text, e)]
    out += [Error("spelling", e["nStart"], e["nEnd"], e["sValue"], _suggestions(e["sValue"]))
            for e in spelling if not _proper_noun(text, e["nStart"], e["sValue"])]
    return out


# A rule's actions on one match are numbered `…__b1_a2_1`, `…__b1_a3_1`: one mistake.
RULE_ACTION_RE = re.compile(r"_a\d+_\d+$")
SAME_MISTAKE = 40  # characters: one rule's errors this close are about one mistake
# Nouns that French puts after another noun, as in « les données clients » or « le
# dossier patient », which Grammalecte reads as adjectives to agree (the nouns that are
# never adjectives, « marketing », « sécurité », need no list).
APPOSITION_NOUNS = frozenset((
    "client", "salarié", "utilisateur", "usager", "patient", "fournisseur", "partenaire",
    "collaborateur", "agent", "adhérent", "abonné", "candidat", "étudiant", "élève",
    "invité", "visiteur", "pilote", "test", "type", "cible", "clé", "phare", "témoin",
    "surprise", "éclair", "record", "modèle", "choc", "limite"))
SENTENCE_ENDS = (".", "!", "?", "…")
TITLE_RE = re.compile(r"(?<!\w)(?:M|MM|Me|Dr|Pr|St|Ste)\.$")  # « M. Vasseur » goes on
WORD_BEFORE_RE = re.compile(r"(\w+)\s+$")


def _one_per_mistake(grammar: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Grammalecte's errors, one per mistake: the first of one rule's match."""
    kept: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for error in grammar:
        rule = RULE_ACTION_RE.sub("", str(error.get("sRuleId", "")))
        first = seen.get(rule)
        if first is not None and abs(error["nStart"] - first) <= SAME_MISTAKE:
            continue
        seen[rule] = error["nStart"]
        kept.append(error)
    return kept


def _apposition(text: str, error: dict[str, Any]) -> bool:
    """An agreement asked of a noun written after another noun (« la responsable
    marketing », « les lecteurs réseau »): French does not make such a noun agree."""
    if not str(error["sMessage"]).startswith(("Accord de genre", "Accord de nombre")):
        return False
    before = WORD_BEFORE_RE.search(text, 0, error["nStart"])
    if before is None or not any(":N" in m for m in _morphs(before.group(1))):
        return False
    return _noun_only(text[error["nStart"]:error["nEnd"]])


def _morphs(word: str) -> list[str]:
    return list(_checker().getSpellChecker().getMorph(word))


def _noun_only(word: str) -> bool:
    """A noun that is never an adjective, or one of the nouns put in apposition."""
    morphs = _morphs(word.strip())
    nouns = [m for m in morphs if ":N" in m]
    if not nouns:
        return False
    if not any(":A" in m for m in morphs):
        return True
    return any(m.lstrip(">").split("/", 1)[0].lower() in APPOSITION_NOUNS for m in nouns)


def _proper_noun(text: str, start: int, word: str) -> bool:
    """An unknown word with a capital inside a sentence (« Hugo Lemaire », « à Montval »,
    « l'application Authenticator »): a name, which no dictionary holds. A capital at the
    start of a sentence says nothing, so a word there is still read."""
    if not word[:1].isupper():
        return False
    before = text[:start].rstrip()
    return bool(before) and (not before.endswith(SENTENCE_ENDS) or bool(TITLE_RE.search(before)))



@functools.lru_cache(maxsize=4096)
def _suggestions(word: str) -> tuple[str, ...]:
    """The spell checker's nearest words (the slow part of a spelling error: once a word)."""
    found: list[str] = []
    for group in _checker().getSpellChecker().suggest(word):
        found.extend(group)
    return tuple(found[:3])


def _plain(message: str) -> str:
    """Grammalecte's message with the hub's quotes."""
    return re.sub(r"“([^”]*)”", r"« \1 »", message).replace("\u00a0", " ")


def _read_many(texts: list[str]) -> list[list[Error]]:
    return [read(t) for t in texts]


# --- the paragraphs of a file -----------------------------------------------------------

@dataclass(frozen=True)
class Piece:
    """A run of text written at a line and column (both 1-based)."""

    line: int
    column: int
    text: str
    unread: tuple[tuple[int, str], ...] = ()  # (offset, word) of « words » too long to read


@dataclass
class Paragraph:
    """Pieces read as one text, joined by spaces; offsets map back to the file."""

    pieces: list[Piece] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)

    def place(self, offset: int) -> tuple[int, int]:
        for piece in self.pieces:
            if offset <= len(piece.text):
                return piece.line, piece.column + offset
            offset -= len(piece.text) + 1
        last = self.pieces[-1]
        return last.line, last.column + len(last.text)


FENCE_RE = re.compile(r"^\s*(```|~~~)")
# What stands for a name in a sentence (code, URLs, addresses) becomes a placeholder of
# the same length, which Grammalecte reads as a proper noun; markup becomes spaces. Either
# way the offsets stay those of the file.
PLACEHOLDER = "X"
WORD_RE = re.compile(r"\w+(?:-\w+)*")
PLACEHOLDER_RE = re.compile(rf"(?<!\w){PLACEHOLDER}+(?!\w)")
# Each mask with what a line must hold for it to apply: one of these characters (a
# string) or of these pieces (a tuple). The cheap test keeps a warm check fast.
Mask = tuple[re.Pattern[str], str | tuple[str, ...]]
NAME_MASKS: list[Mask] = [(re.compile(p), t) for p, t in (
    (r"<[^>\s]+[:@][^>\s]+>", "<"),  # autolinks
    (r"\{[a-z]+\}[\w./#-]*", "{"),  # short links and Pelican's {filename}… forms
    (r"\b(?:https?|ftp|mailto|tel):[^\s)>\]]*[^\s)>\].,;:!?]", ("://", "mailto:", "tel:")),  # URLs
    (r"\bwww\.[^\s)>\]]*[^\s)>\].,;:!?]", ("www.",)),
    (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "@"),  # e-mail addresses
    (r"\b\w[\w-]*(?:\.\w*[^\W\d_][\w-]*)+", "."),  # file and server names: a dot in a word
    (r"(?<![\w.])(?:[A-Za-z]:)?[\\/]{1,2}[\w$.-]+(?:[\\/][\w$.-]*)*", ("\\", "/")),  # paths
    (r"\b[^\W_]\w*_\w*[^\W_]", "_"),  # identifiers (mot_de_passe)
)]
RAW_RE = re.compile(r"^\s*<(script|style|pre|code|textarea)\b", re.IGNORECASE)
MARKUP_MASKS: list[Mask] = [(re.compile(p, re.IGNORECASE), t) for p, t in (
    (r"<(script|style|pre|code|textarea)\b.*?(?:</\1\s*>|$)", "<"),  # never prose
    (r"<!--.*?-->", "<"),  # comments
    (r"\]\([^)]*\)", "]"),  # link and image targets
    (r"^\s*\[[^\]]+\]:\s*\S+.*$", "["),  # reference definitions
    (r"\]\[[^\]]*\]", "]"),  # reference links' labels
    (r"</?[A-Za-z][^>]*(?:>|$)", "<"),  # HTML tags, also those left unclosed
    (r"^\s{0,3}#{1,6}\s|\s#+\s*$", "#"),  # heading marks
    (r"^\s*(?:>\s*)+", ">"),  # quotes
    (r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|~~", ("*", "_", "~~")),  # emphasis
    (r"^\s*\|?(?:\s*:?-{3,}:?\s*\|?)+\s*$", "-"),  # a table's rule
    (r"\|", "|"),  # table cells
    (r"!\[|\[|\]", ("[", "]")),  # link brackets
    (r"\\(?=[\\`*_{}\[\]()#+\-.!|])", "\\"),  # Markdown escapes
)]
TRIGGERS = re.compile("|".join(sorted({re.escape(t) for _, trigger in NAME_MASKS + MARKUP_MASKS
                                        for t in trigger} | {"`"})))
BACKTICKS_RE = re.compile(r"`+")
WORD_LIMIT = HubSettings().HUB_MAX_WORD_CHARS
# what a long « word » holds when it is an address or code, never a word to report
NOT_WORDS = ("://", "@", "www.", "`", "{", "<", "](", "|")
LIST_MARK_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")  # and task boxes
ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|^\s{0,3}#{1,6}\s|^\s*\|")


def piece(line: int, column: int, text: str, limit: int = WORD_LIMIT) -> Piece:
    """A piece of prose, masked; what runs longer than `limit` without a space (codes,
    base64, long addresses) is blanked out before anything else reads it."""
    unread = tuple(_unread(m.start(), m.group(), limit)
                   for m in _long_re(limit).finditer(text))
    for start, word in unread:
        text = text[:start] + " " * len(word) + text[start + len(word):]
    return Piece(line, column, mask(text), unread)


def _unread(start: int, word: str, limit: int) -> tuple[int, str]:
    """(offset, text) of a run too long to read, less the link text it begins with: in
    « [l'annonce du pilote](/a/long/target) » the run « pilote](/a/long/target) » keeps
    « pilote », a word of the sentence, and blanks only the link's target."""
    link = word.find("](")
    kept = link if 0 < link <= limit else 0
    return start + kept, word[kept:]


@functools.cache
def _long_re(limit: int) -> re.Pattern[str]:
    return re.compile(rf"\S{{{limit + 1},}}")


def mask(text: str) -> str:
    """The text with everything that is not prose masked out (same length)."""
    listed = LIST_MARK_RE.match(text)
    if listed:
        text = " " * listed.end() + text[listed.end():]
    if not TRIGGERS.search(text):
        return text
    text = _masked_code(text)
    for pattern, trigger in MARKUP_MASKS[:3]:  # raw HTML, comments, link targets hold URLs
        text = _masked(text, pattern, trigger, " ")
    for pattern, trigger in NAME_MASKS:
        text = _masked(text, pattern, trigger, PLACEHOLDER)
    for pattern, trigger in MARKUP_MASKS[3:]:
        text = _masked(text, pattern, trigger, " ")
    return text


def _masked_code(text: str) -> str:
    """Code spans as placeholders: a run of backticks up to the next run of the same
    length, found in one pass (a pattern made 250 KB of backticks run for minutes)."""
    if "`" not in text:
        return text
    runs = [m.span() for m in BACKTICKS_RE.finditer(text)]
    following: dict[int, int] = {}  # run → the next run of the same length
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        if length in last:
            following[index] = last[length]
        last[length] = index
    spans, index = [], 0
    while index < len(runs):
        closing = following.get(index)
        if closing is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[closing][1]))
        index = closing + 1
    for start, end in spans:
        text = text[:start] + PLACEHOLDER * (end - start) + text[end:]
    return text


def _masked(text: str, pattern: re.Pattern[str], trigger: str | tuple[str, ...],
            fill: str) -> str:
    if not any(c in text for c in trigger):
        return text
    return pattern.sub(lambda m: fill * len(m.group()), text)


def body_paragraphs(body: str, first_line: int, limit: int = WORD_LIMIT) -> Iterator[Paragraph]:
    """The body's prose: one paragraph per block, list item, heading or table row."""
    current = Paragraph()
    skip_to: re.Pattern[str] | None = None  # the end of a fence, raw element or comment
    for number, raw in enumerate(body.split("\n"), start=first_line):
        if skip_to is not None:
            if skip_to.search(raw):
                skip_to = None
            continue
        skip_to = _opens_block(raw)
        if skip_to is not None or not raw.strip() or (
                raw.startswith(("    ", "\t")) and not current.pieces):  # indented code
            yield from _flush(current)
            current = Paragraph()
            continue
        if ITEM_RE.match(raw):
            yield from _flush(current)
            current = Paragraph()
        current.pieces.append(piece(number, 1, raw, limit))
        if raw.lstrip().startswith(("#", "|")):
            yield from _flush(current)
            current = Paragraph()
    yield from _flush(current)


def _opens_block(line: str) -> re.Pattern[str] | None:
    """The end to look for when `line` opens a block that is never prose."""
    fence = FENCE_RE.match(line)
    if fence:
        return re.compile(rf"^\s*{re.escape(fence.group(1))}")
    element = RAW_RE.match(line)
    if element and f"</{element.group(1).lower()}" not in line.lower():
        return re.compile(rf"</{element.group(1)}\s*>", re.IGNORECASE)
    start = line.find("<!--")
    if start >= 0 and "-->" not in line[start:]:
        return re.compile("-->")
    return None


def _flush(paragraph: Paragraph) -> Iterator[Paragraph]:
    if any(p.text.strip() or p.unread for p in paragraph.pieces):
        yield paragraph


def header_paragraphs(item: Item, lines: list[str], limit: int = WORD_LIMIT
                      ) -> Iterator[Paragraph]:
    """The header's prose values, each at the line and column where it is written."""
    prose = {f.key.lower() for f in item.ctype.fields
             if f.kind in PROSE_KINDS and f.key != AUTHOR.key}
    for entry in item.source.entries:
        if entry.name not in prose or not entry.value.strip():
            continue
        paragraph = Paragraph()
        number = entry.line
        while number <= len(lines):
            raw = lines[number - 1]
            if number == entry.line:
                colon = raw.find(":")
                start = colon + 1 + (len(raw) - colon - 1 - len(raw[colon + 1:].lstrip()))
            elif raw.startswith(("    ", "\t")) and raw.strip():
                start = len(raw) - len(raw.lstrip())
            else:
                break
            paragraph.pieces.append(piece(number, start + 1, raw[start:].rstrip(), limit))
            number += 1
        yield from _flush(paragraph)


def paragraphs_of(item: Item, text: str, limit: int = WORD_LIMIT) -> Iterator[Paragraph]:
    lines = text.split("\n")
    yield from header_paragraphs(item, lines, limit)
    yield from body_paragraphs(item.source.body, item.source.body_line, limit)


def unread_word(item: Item, paragraph: Paragraph) -> fd.Finding | None:
    """The paragraph's first « word » too long to proofread, unless it is code or an
    address: one warning for a pasted blob, however many lines it runs over."""
    for part in paragraph.pieces:
        for offset, word in part.unread:
            if not any(mark in word for mark in NOT_WORDS):
                shown = word if len(word) <= 30 else word[:29] + "…"
                return fd.at_column(fd.make("word-not-proofread", item.display, part.line,
                                            word=shown, length=len(word)),
                                    part.column + offset)
    return None


# --- the names that are never mistakes ----------------------------------------------------

class Known:
    """Words and names the proofreading accepts, and where they are in a text."""

    def __init__(self, names: Iterable[str]) -> None:
        self.words = frozenset(n.strip().lower() for n in names if n.strip())
        self.signature = fingerprint("\n".join(sorted(self.words)))

    @functools.cached_property
    def _index(self) -> tuple[frozenset[str], dict[str, list[str]]]:
        """Names of one word, and the longer names by their first word."""
        single = frozenset(n for n in self.words if WORD_RE.fullmatch(n))
        longer: dict[str, list[str]] = {}
        for name in self.words - single:
            first = WORD_RE.match(name)
            if first:
                longer.setdefault(first.group(), []).append(name)
        return single, longer

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where known names and placeholders are in a text (one pass over its words)."""
        single, longer = self._index
        lower = text.lower()
        out = []
        for word in WORD_RE.finditer(lower):
            start = word.start()
            if word.group() in single or text[start] == PLACEHOLDER and (
                    PLACEHOLDER_RE.fullmatch(text, start, word.end())):
                out.append(word.span())
            for name in longer.get(word.group(), ()):
                end = start + len(name)
                if lower.startswith(name, start) and not (
                        end < len(lower) and lower[end].isalnum()):
                    out.append((start, end))
        return out


def known_names(corpus: Corpus, site_words: Iterable[str]) -> Known:
    """The hub's lexicon and the folder's, glossary terms and aliases, service names, and
    the site's own words (`site_names`)."""
    names: list[str] = list(site_words)
    for item in corpus.items:
        if item.ctype is TERM:
            names.append(str(item.values.get("title") or ""))
            names.extend(str(a) for a in item.values.get("aliases") or ())
        elif item.ctype is SERVICE:
            names.append(str(item.values.get("title") or ""))
    names.extend(words_of(HUB_LEXICON))
    names.extend(lexicon(corpus.root) if corpus.walk.admitted(LEXICON) else [])
    return Known(names)


def site_names(settings: Mapping[str, Any]) -> list[str]:
    """What the site calls itself and its company, and its audiences' labels (Pelican's
    settings)."""
    names = [str(settings.get(key) or "")
             for key in ("SITENAME", "HUB_ORGANISATION", "HUB_DEPARTMENT")]
    return names + [str(a) for a in dict(settings.get("AUDIENCES") or {}).values()]


def lexicon(root: Path) -> list[str]:
    """The words of the folder's `lexique.txt`."""
    return words_of(root / LEXICON)


def words_of(path: Path) -> list[str]:
    """The words of a lexicon file, one a line (`#` starts a comment)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [line.split("#", 1)[0].strip() for line in text.splitlines()]


# --- the cache ----------------------------------------------------------------------

def fingerprint(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _version() -> str:
    """What the cached results depend on: the hub's reading and Grammalecte's release."""
    module = _grammalecte()
    if module is None or not getattr(module, "__file__", None):
        return str(CACHE_VERSION)
    rules = Path(module.__file__).parent / "fr" / "gc_rules.py"  # not imported: it is slow
    stat = rules.stat() if rules.is_file() else None
    return f"{CACHE_VERSION}/{stat.st_size}/{stat.st_mtime_ns}" if stat else str(CACHE_VERSION)


@dataclass
class ProofreadCache:
    """Grammalecte's errors by paragraph fingerprint; each file's paragraphs by the file's
    fingerprint, and what it gave, so that an unchanged file is not even cut into
    paragraphs again. Two JSON files: the files' side (`path`), read at every check, and
    the paragraphs' errors beside it, read only when a paragraph must be looked up."""

    path: Path | None
    files: dict[str, list[str]] = field(default_factory=dict)  # file → paragraphs
    # file → [the known names' signature, its findings as stored by `_stored`]
    reported: dict[str, list[Any]] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)  # the paragraphs the cache holds
    loaded: dict[str, list[list[Any]]] | None = None  # their errors, once read
    used: set[str] = field(default_factory=set)
    used_files: set[str] = field(default_factory=set)
    changed: bool = False

    @classmethod
    def load(cls, path: Path | None) -> ProofreadCache:
        if path is None:
            return cls(None, loaded={})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == _version() and isinstance(data.get("keys"), list):
                return cls(path, dict(data.get("files") or {}),
                           dict(data.get("reported") or {}), set(data["keys"]))
        except (OSError, ValueError, AttributeError):
            pass
        return cls(path, loaded={})

    @property
    def paragraphs_path(self) -> Path | None:
        return self.path.with_name(self.path.stem + "-paragraphes.json") if self.path else None

    @property
    def entries(self) -> dict[str, list[list[Any]]]:
        """The paragraphs' errors, read from their file the first time they are needed."""
        if self.loaded is None:
            self.loaded = {}
            try:
                assert self.paragraphs_path is not None
                data = json.loads(self.paragraphs_path.read_text(encoding="utf-8"))
                if data.get("version") == _version() and isinstance(data.get("entries"), dict):
                    self.loaded = data["entries"]
            except (OSError, ValueError, AttributeError):
                pass
            self.keys &= set(self.loaded)
        return self.loaded

    def get(self, key: str) -> list[Error] | None:
        if key not in self.keys:
            return None
        found = self.entries.get(key)
        if found is None:
            return None
        self.used.add(key)
        return [Error.from_list(e) for e in found]

    def findings_of(self, file_key: str, names: str) -> list[list[Any]] | None:
        """What this file gave when last read with the same known names, if it is still
        the same file with all its paragraphs in the cache."""
        keys = self.files.get(file_key)
        record = self.reported.get(file_key)
        if keys is None or record is None or record[0] != names or any(
                k not in self.keys for k in keys):
            return None
        self.used_files.add(file_key)
        self.used.update(keys)
        return list(record[1])

    def put_file(self, file_key: str, keys: list[str]) -> None:
        self.used_files.add(file_key)
        if self.files.get(file_key) != keys:
            self.files[file_key] = keys
            self.changed = True

    def put_findings(self, file_key: str, names: str, found: list[list[Any]]) -> None:
        if self.reported.get(file_key) != [names, found]:
            self.reported[file_key] = [names, found]
            self.changed = True

    def put(self, key: str, errors: list[Error]) -> None:
        self.entries[key] = [e.as_list() for e in errors]
        self.keys.add(key)
        self.used.add(key)
        self.changed = True

    def save(self, keep_others: bool = False) -> None:
        """Write the paragraphs of this run, atomically; the others are forgotten unless
        this run read only some files."""
        forgets = not keep_others and (len(self.used) < len(self.keys)
                                       or len(self.used_files) < len(self.files))
        if self.path is None or self.paragraphs_path is None or not (self.changed or forgets):
            return
        entries = self.entries
        keys = sorted(self.keys if keep_others else self.used & self.keys)
        files = self.files if keep_others else self.used_files
        _write(self.paragraphs_path, {"version": _version(),
                                      "entries": {k: entries[k] for k in keys}})
        _write(self.path, {"version": _version(), "keys": keys,
                           "files": {k: self.files[k] for k in sorted(files)},
                           "reported": {k: self.reported[k] for k in sorted(files)
                                        if k in self.reported}})


def _write(path: Path, data: dict[str, Any]) -> None:
    """Write a JSON file atomically (a reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(data, ensure_ascii=False))


# --- the check ----------------------------------------------------------------------

@dataclass
class _Text:
    item: Item
    paragraph: Paragraph
    text: str
    key: str
    file_key: str


def proofread(corpus: Corpus, site_words: Iterable[str], cache_path: Path | None,
              processes: int | None = None,
              only: Iterable[str] | None = None) -> list[fd.Finding]:
    """Spelling and grammar warnings for every readable item of the corpus (or those of
    `only`, paths relative to the content folder)."""
    known = known_names(corpus, site_words)
    cache = ProofreadCache.load(cache_path)
    findings: list[fd.Finding] = []
    texts: list[_Text] = []
    unread: dict[str, list[fd.Finding]] = {}  # file → its words too long to read
    limit = corpus.settings.HUB_MAX_WORD_CHARS
    for item in _sources(corpus, None if only is None else set(only)):
        # per content folder (its findings name the folder: the lexicon's path in hints),
        # by the bytes the corpus read: an unchanged file is not even read again
        file_key = fingerprint(f"{corpus.label}\n{item.ctype.id}\n{item.rel}\n"
                               f"{item.source.digest}\n{limit}")
        stored = cache.findings_of(file_key, known.signature)
        if stored is not None:
            findings += [_restored(item, record) for record in stored]
            continue
        text = _text_of(corpus, item)
        if text is None:
            continue
        keys = []
        notes = unread.setdefault(file_key, [])
        for paragraph in paragraphs_of(item, text, limit):
            note = unread_word(item, paragraph)
            notes += [note] if note is not None else []
            joined = paragraph.text
            keys.append(fingerprint(joined))
            texts.append(_Text(item, paragraph, joined, keys[-1], file_key))
        cache.put_file(file_key, keys)
    results: dict[str, list[Error]] = {}
    missing: list[str] = []
    for entry in texts:
        if entry.key in results:
            continue
        cached = cache.get(entry.key)
        results[entry.key] = cached or []
        if cached is None:
            missing.append(entry.key)
    by_key = {t.key: t.text for t in texts}
    read_now = _read_all([by_key[k] for k in missing], processes)
    for key, errors in zip(missing, read_now, strict=True):
        results[key] = errors
        cache.put(key, errors)
    lexicon_file = f"{corpus.label}/{LEXICON}"
    by_file: dict[str, list[list[Any]]] = {key: [_stored(f) for f in notes]
                                           for key, notes in unread.items()}
    findings += [note for notes in unread.values() for note in notes]
    for entry in texts:
        found = _findings(entry, results[entry.key], known, lexicon_file)
        by_file[entry.file_key] += [_stored(f) for f in found]
        findings += found
    for file_key, stored_findings in by_file.items():
        cache.put_findings(file_key, known.signature, stored_findings)
    cache.save(keep_others=only is not None)
    return findings


def _stored(finding: fd.Finding) -> list[Any]:
    return [finding.code, finding.line, finding.column, finding.message, finding.hint]


def _restored(item: Item, record: list[Any]) -> fd.Finding:
    code, line, column, message, hint = record
    return fd.Finding(item.display, line, fd.MESSAGES[code].severity, code, message, hint,
                      column)


def _sources(corpus: Corpus, only: set[str] | None) -> Iterator[Item]:
    """Each readable item to proofread."""
    for item in corpus.items:
        if item.readable and item.source.digest and (only is None or item.rel in only):
            yield item


def _text_of(corpus: Corpus, item: Item) -> str | None:
    """The item's file as written (offsets of findings are counted in it)."""
    try:
        text = read_bytes(corpus.root / item.rel).decode("utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None
    return text.removeprefix("\ufeff")


def _read_all(texts: list[str], processes: int | None) -> list[list[Error]]:
    """Grammalecte on the new paragraphs, on all cores when there are many."""
    processes = processes or os.cpu_count() or 1
    if processes == 1 or len(texts) < INLINE_MIN:
        return _read_many(texts)
    chunk = max(8, len(texts) // (processes * 8))
    batches = [texts[i:i + chunk] for i in range(0, len(texts), chunk)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return [errors for batch in pool.map(_read_many, batches) for errors in batch]


def _findings(entry: _Text, errors: list[Error], known: Known,
              lexicon_file: str) -> list[fd.Finding]:
    if not errors:
        return []
    spans = known.spans(entry.text)
    out = []
    for error in errors:
        word = entry.text[error.start:error.end]
        if not word.strip() or word.lower() in known.words:
            continue
        if any(start < error.end and error.start < end for start, end in spans):
            continue
        line, column = entry.paragraph.place(error.start)
        fix = " ou ".join(f"« {s} »" for s in dict.fromkeys(error.suggestions))
        if error.code == "spelling":
            finding = fd.make("spelling", entry.item.display, line, word=word,
                              fix=_offer(fix), lexicon=lexicon_file)
        else:
            finding = fd.make("grammar", entry.item.display, line, word=word,
                              detail=error.message.rstrip("."), fix=_offer(fix))
        out.append(fd.at_column(finding, column))
    return out


def _offer(fix: str) -> str:
    return f"Vouliez-vous écrire {fix} ? " if fix else ""
