"""Turning a file's header into typed values, with a finding for every bad key.

Driven entirely by the declaration in `model`: adding a key there adds its parsing
and its checks here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hub import findings as fd
from hub.model import CONTENT_TYPES, PELICAN_KEYS, SUMMARY_MAX, ContentType, Field, Kind
from hub.paths import is_svg, static_path
from hub.settings import HubSettings
from hub.source import mailaddress
from hub.source.header import HeaderLine, Source, fold, french_names
from hub.suggest import did_you_mean, nearest, suggest

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$")
EMAIL_RE = mailaddress.PLAIN_RE
URL_RE = re.compile(r"^https?://[^\s/:?#]+(:\d+)?([/?#]\S*)?$")
URLISH_RE = re.compile(r"^(https?:|https?/|www\.|[a-z]+://)|//", re.IGNORECASE)
PHONE_RE = re.compile(r"\d[\d .()-]*\d")
STATUSES = ("draft", "hidden", "published")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
TEMPLATES = tuple(sorted({t.template for t in CONTENT_TYPES}))
QUOTES = {'"': '"', "'": "'", "«": "»", "“": "”", "„": "“", "‘": "’", "»": "«"}
TEXT_KINDS = (Kind.TEXT, Kind.SUMMARY)  # quotes there are shown, not refused


def _inside_site(path: str) -> bool:
    """A relative output path that stays in the output folder (no scheme, no `..`)."""
    import posixpath

    if not path or path.startswith(("/", "\\")) or ":" in path or "\\" in path:
        return False
    normal = posixpath.normpath(path)
    return normal != ".." and not normal.startswith("../")


@dataclass
class Parsed:
    """The typed values of one file and where each key was written."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    findings: list[fd.Finding] = field(default_factory=list)


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def parse_date(value: str) -> dt.date | None:
    match = DATE_RE.match(value)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_datetime(value: str) -> dt.datetime | None:
    match = DATETIME_RE.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def is_url(value: str) -> bool:
    return bool(URL_RE.match(value))


def is_email(value: str) -> bool:
    return bool(EMAIL_RE.match(value.removeprefix("mailto:")))


def is_contact(value: str) -> bool:
    words = value.replace(",", " ").split()
    if any(is_url(w) or is_email(w) for w in words):
        return True
    return bool(PHONE_RE.search(value)) and sum(c.isdigit() for c in value) >= 4


class Validator:
    """Validates the header of one file of one type."""

    def __init__(self, ctype: ContentType, settings: HubSettings, display: str) -> None:
        self.ctype = ctype
        self.settings = settings
        self.display = display
        self.parsed = Parsed()
        self.claimed: dict[str, HeaderLine] = {}  # required key → the misspelt line meant for it
        self.empty: dict[str, HeaderLine] = {}  # conditional keys written empty

    def add(self, code: str, line: int | None, **values: Any) -> None:
        words = self.settings.department().fill  # the model's labels name the department
        values = {k: words(v) if isinstance(v, str) else v for k, v in values.items()}
        self.parsed.findings.append(fd.make(code, self.display, line, **values))

    def add_bad_choice(self, line: int, key: str, value: str, allowed: tuple[str, ...]) -> None:
        """A value outside `allowed`, with the allowed ones and the nearest."""
        self.add("invalid-choice", line, key=key, value=value, allowed=", ".join(allowed),
                 suggestion=suggest(value, allowed))

    def run(self, source: Source) -> Parsed:
        for note in source.notes:
            found = fd.make(note.code, self.display, note.line, **note.values)
            self.parsed.findings.append(found if note.column is None
                                        else fd.at_column(found, note.column))
        seen: dict[str, HeaderLine] = {}
        unknown: list[HeaderLine] = []
        for entry in source.entries:
            if entry.name in seen:
                first = seen[entry.name]
                code = "duplicate-key" if first.key == entry.key else "duplicate-key-case"
                self.add(code, entry.line, key=entry.key, other=first.key, first=first.line)
                continue
            seen[entry.name] = entry
            self.parsed.lines[entry.name] = entry.line
            spec = self.ctype.field(entry.name)
            if spec is not None:
                self.parse(spec, entry)
            elif entry.name in PELICAN_KEYS:
                self.parse_pelican(entry)
            elif entry.name not in self.ctype.extra_keys:
                unknown.append(entry)
        self.claim_lost_lines(source)
        for entry in unknown:
            self.check_unknown(entry, seen)
        self.check_required(seen)
        self.check_span()
        self.check_past_event()
        self.check_summary()
        self.check_review()
        return self.parsed

    # --- keys the type does not have ------------------------------------------------

    def own_keys(self) -> list[str]:
        return [f.key for f in self.ctype.fields]

    def meant(self, key: str) -> tuple[str | None, Field | None]:
        """The type's key a writer meant (its French name, or a near spelling), and its
        declaration when it is one of the type's own keys."""
        english = french_names().get(fold(key))
        if english is not None and english.lower() in PELICAN_KEYS:
            return english, None
        if english is not None:
            spec = self.ctype.field(english)
            return (spec.key, spec) if spec is not None else (None, None)
        folded = {fold(k): k for k in self.own_keys()}
        near = nearest(fold(key), folded, n=1, cutoff=0.75)
        spec = self.ctype.field(folded[near[0]]) if near else None
        return (spec.key, spec) if spec is not None else (None, None)

    def check_unknown(self, entry: HeaderLine, seen: dict[str, HeaderLine]) -> None:
        name, spec = self.meant(entry.key)
        if spec is not None and self.still_needed(spec, seen):
            # An error at its line; its value is read all the same, so that the page, its
            # links and the other checks are those of the key meant (nothing cascades).
            self.claimed[spec.name] = entry
            self.add("misspelled-key", entry.line, key=entry.key, expected=spec.key,
                     label=spec.label)
            self.parsed.lines[spec.name] = entry.line
            self.parse(spec, HeaderLine(spec.key, entry.value, entry.line))
            return
        if name is not None:
            fix = did_you_mean([name]).lstrip() + " Les clés s'écrivent en anglais."
        else:
            fix = ("Corrigez ou retirez cette ligne ; si c'est le début du texte, "
                   "ajoutez une ligne vide avant.")
        self.add("unknown-key", entry.line, key=entry.key, kind=self.ctype.label.lower(),
                 fix=fix, allowed=", ".join(self.own_keys()))

    def still_needed(self, spec: Field, seen: dict[str, HeaderLine]) -> bool:
        """A required (or conditionally required) key that no line gives yet."""
        if spec.name in seen or spec.name in self.claimed:
            return False
        condition = spec.required_when
        return spec.required or (condition is not None and condition.holds(self.parsed.values))

    def claim_lost_lines(self, source: Source) -> None:
        """A lost line that starts with a key name (`Lifecycle available`) is that key's
        one finding: the key is not reported missing as well."""
        for note in source.notes:
            if note.code != "header-lost-line":
                continue
            words = note.values.get("text", "").split()
            spec = self.ctype.field(words[0]) if words else None
            if spec is not None:
                self.claimed.setdefault(spec.name, HeaderLine(spec.key, "", note.line))

    # --- one key ---------------------------------------------------------------

    def parse(self, spec: Field, entry: HeaderLine) -> None:
        value = self.unquoted(entry, machine=spec.kind not in TEXT_KINDS)
        if not value:
            if spec.required:
                self.add("empty-value", entry.line, key=spec.key, label=spec.label, help=spec.help)
            elif spec.required_when is not None:
                self.empty[spec.name] = entry
            return
        parser = PARSERS[spec.kind]
        result = parser(self, spec, entry, value)
        if result is not None:
            self.parsed.values[spec.name] = result

    def unquoted(self, entry: HeaderLine, machine: bool) -> str:
        """The value without quotes around it; quotes are a finding (refused around a
        machine value, shown on the site around a text)."""
        value = entry.value.strip()
        if len(value) < 2 or QUOTES.get(value[0]) != value[-1]:
            return value
        bare = value[1:-1].strip(" \u00a0\u202f")
        if not bare:
            return ""  # `Image-alt: ""` is empty, and reported so
        if machine:
            self.add("quoted-value", entry.line, key=entry.key, value=value, bare=bare)
            return bare
        self.add("quoted-text", entry.line, key=entry.key, bare=bare)
        return value

    def parse_pelican(self, entry: HeaderLine) -> None:
        value = self.unquoted(entry, machine=True)
        if not self.pelican_value_ok(entry, value):
            return
        if entry.name == "status" and value not in STATUSES:
            self.add_bad_choice(entry.line, entry.key, value, STATUSES)
            return
        self.parsed.values[entry.name] = value

    def pelican_value_ok(self, entry: HeaderLine, value: str) -> bool:
        """Slug, template and output paths stay inside the site (hostile input)."""
        if entry.name == "slug" and not SLUG_RE.match(value):
            self.add("invalid-slug", entry.line, key=entry.key, value=value)
            return False
        if entry.name == "template" and value not in TEMPLATES:
            self.add_bad_choice(entry.line, entry.key, value, TEMPLATES)
            return False
        if entry.name in ("save_as", "url") and not _inside_site(value):
            self.add("path-outside", entry.line, value=value)
            return False
        return True

    # --- whole-file rules -------------------------------------------------------

    def check_span(self) -> None:
        """`Ends` needs `Starts` and is not before it (a date alone covers its whole day)."""
        values, lines = self.parsed.values, self.parsed.lines
        ends = values.get("ends")
        if ends is None or "ends" not in lines:
            return
        starts = values.get("starts")
        if starts is None:
            if "starts" not in lines:  # an invalid Starts has its own finding
                self.add("ends-without-starts", lines["ends"])
            return
        if _moment(ends, end=True) < _moment(starts, end=False):
            self.add("ends-before-starts", lines["ends"], starts=_shown(starts),
                     ends=_shown(ends))

    def check_past_event(self) -> None:
        """An announced event that is over while the news is still on the home page."""
        values, lines = self.parsed.values, self.parsed.lines
        starts = values.get("starts")
        if starts is None or "starts" not in lines:
            return
        ends = values.get("ends")
        last = ends if ends is not None and "ends" in lines else starts
        today = self.settings.today()
        expires = values.get("expires")
        if _moment(last, end=True).date() >= today or (
                isinstance(expires, dt.date) and expires < today):
            return
        line = lines["ends"] if last is ends else lines["starts"]
        self.add("event-past", line, when=_shown(last), next_day=(
            _moment(last, end=True).date() + dt.timedelta(days=1)).isoformat())

    def check_required(self, seen: dict[str, HeaderLine]) -> None:
        values = self.parsed.values
        for spec in self.ctype.fields:
            conditional = spec.required_when is not None and spec.required_when.holds(values)
            if spec.name in self.empty and conditional:
                entry = self.empty[spec.name]
                self.add("empty-value", entry.line, key=spec.key, label=spec.label,
                         help=spec.help)
            if spec.name in seen or spec.name in self.claimed:
                continue
            if spec.required:
                self.add("missing-key", None, key=spec.key, label=spec.label, help=spec.help)
            elif conditional and spec.required_when is not None:
                # At the line of the key that makes it required (`Image:` for Image-alt).
                self.add(
                    "missing-conditional-key",
                    self.parsed.lines.get(spec.required_when.key),
                    key=spec.key,
                    label=spec.label,
                    condition=spec.required_when.text,
                    help=spec.help,
                )

    def check_summary(self) -> None:
        summary = self.parsed.values.get("summary")
        if summary and len(summary) > SUMMARY_MAX:
            self.add("summary-too-long", self.parsed.lines.get("summary"), length=len(summary),
                     limit=SUMMARY_MAX)

    def check_review(self) -> None:
        reviewed = self.parsed.values.get("reviewed")
        if not isinstance(reviewed, dt.date):
            return
        today = self.settings.today()
        age = (today - reviewed).days
        if age > self.settings.REVIEW_MAX_AGE_DAYS:
            self.add(
                "stale-review",
                self.parsed.lines.get("reviewed"),
                days=age,
                value=reviewed.isoformat(),
                today=today.isoformat(),
            )


# --- parsers by kind ----------------------------------------------------------

Parser = Callable[[Validator, Field, HeaderLine, str], Any]


def _text(v: Validator, spec: Field, entry: HeaderLine, value: str) -> str:
    return value


def _date(v: Validator, spec: Field, entry: HeaderLine, value: str) -> dt.date | None:
    parsed = parse_date(value)
    if parsed is None:
        v.add("invalid-date", entry.line, key=spec.key, value=value, form="AAAA-MM-JJ",
              example="2026-11-23")
    return parsed


def _moment_of(v: Validator, spec: Field, entry: HeaderLine, value: str) -> dt.date | None:
    """A day (`dt.date`) or a time of day (`dt.datetime`), as the writer typed it."""
    parsed = _datetime(v, spec, entry, value)
    if parsed is not None and DATE_RE.match(value):
        return parsed.date()
    return parsed


def _datetime(v: Validator, spec: Field, entry: HeaderLine, value: str) -> dt.datetime | None:
    parsed = parse_datetime(value)
    if parsed is None:
        v.add("invalid-date", entry.line, key=spec.key, value=value,
              form="AAAA-MM-JJ ou AAAA-MM-JJ HH:MM", example="2026-11-23 09:30")
    return parsed


def _choice(v: Validator, spec: Field, entry: HeaderLine, value: str) -> str | bool | None:
    allowed = spec.choice_ids()
    if value not in allowed:
        v.add_bad_choice(entry.line, spec.key, value, allowed)
        return None
    if spec.kind is Kind.YES_NO:
        return value == "yes"
    return value


def _slug(v: Validator, spec: Field, entry: HeaderLine, value: str) -> str:
    return value


def _once(v: Validator, entry: HeaderLine, value: str) -> tuple[str, ...]:
    """The items of a list, each once; an item written twice is a warning."""
    if value.startswith("[") and value.endswith("]"):  # a YAML list: `Tags: [vpn, wifi]`
        v.add("yaml-list", entry.line, key=entry.key)
        value = value[1:-1]
    items = split_list(value)
    limit = v.settings.HUB_MAX_LIST_VALUES
    if len(items) > limit:
        v.add("too-many-values", entry.line, key=entry.key, count=len(items), limit=limit)
        items = items[:limit]
    counts = Counter(items)
    for item in dict.fromkeys(i for i in items if counts[i] > 1):
        v.add("duplicate-in-list", entry.line, key=entry.key, value=item)
    return tuple(dict.fromkeys(items))


def _slugs(v: Validator, spec: Field, entry: HeaderLine, value: str) -> tuple[str, ...]:
    return _once(v, entry, value)


def _list(v: Validator, spec: Field, entry: HeaderLine, value: str) -> tuple[str, ...]:
    return _once(v, entry, value)


def _audiences(v: Validator, spec: Field, entry: HeaderLine, value: str) -> tuple[str, ...]:
    ids = _once(v, entry, value)
    declared = tuple(v.settings.AUDIENCES)
    kept = []
    for audience in ids:
        if audience in declared:
            kept.append(audience)
        else:
            v.add(
                "unknown-audience",
                entry.line,
                value=audience,
                allowed=", ".join(declared),
                suggestion=suggest(audience, declared),
            )
    return tuple(kept)


def _email(v: Validator, spec: Field, entry: HeaderLine, value: str) -> str | None:
    address = mailaddress.parse(value)
    if isinstance(address, mailaddress.AddressProblem):
        v.add(address.code, entry.line, key=spec.key, **address.values)
        return None
    return address


def _addresses_ok(v: Validator, spec: Field, entry: HeaderLine, value: str) -> bool:
    """Every e-mail address in a text value (`Support: assistance@x.fr ou 36 00`) is one
    plain address; the first that is not is the key's one finding."""
    for word in value.replace(",", " ").split():
        if "@" not in word and not word.lower().startswith(mailaddress.MAILTO):
            continue
        address = mailaddress.parse(word.rstrip(".;:!?)"))
        if isinstance(address, mailaddress.AddressProblem):
            v.add(address.code, entry.line, key=spec.key, **address.values)
            return False
    return True


def _url(v: Validator, spec: Field, entry: HeaderLine, value: str) -> str | None:
    if not is_url(value):
        v.add("malformed-url", entry.line, value=value)
        return None
    return value


def _url_or_text(v: Validator, spec: Field, entry: HeaderLine, value: str) -> str | None:
    if URLISH_RE.search(value) and " " not in value.strip():
        return _url(v, spec, entry, value)
    return value if _addresses_ok(v, spec, entry, value) else None


def _contact(v: Validator, spec: Field, entry: HeaderLine, value: str) -> str | None:
    if URLISH_RE.search(value) and " " not in value.strip() and not is_url(value):
        v.add("malformed-url", entry.line, value=value)
        return None
    if not _addresses_ok(v, spec, entry, value):
        return None
    if not is_contact(value):
        v.add("invalid-contact", entry.line, value=value)
        return None
    return value


def _image(v: Validator, spec: Field, entry: HeaderLine, value: str) -> str:
    if is_svg(value):  # cards, feeds and e-mails need a photo; a drawing goes in the text
        v.add("image-key-svg", entry.line, value=value)
    return static_path(value) if value.startswith("{static}/") else value


PARSERS: dict[Kind, Parser] = {
    Kind.TEXT: _text,
    Kind.SUMMARY: _text,
    Kind.DATE: _date,
    Kind.DATETIME: _datetime,
    Kind.MOMENT: _moment_of,
    Kind.CHOICE: _choice,
    Kind.YES_NO: _choice,
    Kind.SLUG: _slug,
    Kind.SLUGS: _slugs,
    Kind.LIST: _list,
    Kind.AUDIENCES: _audiences,
    Kind.EMAIL: _email,
    Kind.URL: _url,
    Kind.URL_OR_TEXT: _url_or_text,
    Kind.CONTACT: _contact,
    Kind.IMAGE: _image,
}


def validate(ctype: ContentType, source: Source, settings: HubSettings, display: str) -> Parsed:
    """Typed values and findings for one file's header."""
    return Validator(ctype, settings, display).run(source)


def _moment(value: dt.date, end: bool) -> dt.datetime:
    """A date or date-time as a moment: a date alone starts at 00:00, ends at 23:59."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time(23, 59) if end else dt.time(0, 0))


def _shown(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")
