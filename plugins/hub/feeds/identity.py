"""Permanent identities (GUIDs) of feed items, kept in a registry beside the content.

A reader announces an item again when its GUID changes, so the GUID must not depend on
anything a writer may change: title, slug, file name, URL pattern or site address.
The first time an item is seen it gets a GUID derived from its source path; the
registry (`content/feed-ids.json`, committed with the content) then remembers it with
the item's last known date, title, summary and a fingerprint of its text. When a file
disappears and a new one appears (a rename, a slug change), the new file inherits the
vanished item's GUID if enough of them still agree. docs/flux-rss.md explains it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hub import faults
from hub import findings as fd
from hub.paths import write_text_atomic
from hub.settings import HubSettings
from hub.source.gate import kept_file_problem, read_bytes
from hub.source.tracking import CONFLICT_RE, Record, TrackedItem, foreign, renamed_pairs

log = logging.getLogger(__name__)

NAMESPACE = uuid.UUID("6f1d2c7e-3b5a-5e8c-9a41-2d7f0b6c9e13")  # the hub's own, never change
REGISTRY_NOTE = (
    "Identifiants permanents des articles des flux RSS et Atom. Fichier tenu à jour par "
    "la construction du site : ne pas le modifier à la main, le committer avec le contenu "
    "(voir docs/flux-rss.md)."
)


def derived_guid(item: TrackedItem, taken: set[str]) -> str:
    """A new item's GUID: from its type and first source path, made unique."""
    n = 0
    while True:
        name = f"{item.type}/{item.source}" + (f"#{n}" if n else "")
        guid = f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"
        if guid not in taken:
            return guid
        n += 1


@dataclass(frozen=True)
class EventRecord:
    """An event's last published state, kept in the identity registry."""

    uid: str
    sequence: int
    signature: str
    changed: str  # "YYYY-MM-DD": the day of the last change (DTSTAMP, LAST-MODIFIED)
    summary: str
    description: str
    url: str
    start: str
    end: str
    calendars: list[str] = field(default_factory=list)
    cancelled: str = ""  # "YYYY-MM-DD": the day it disappeared; "" while it exists

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: object) -> EventRecord | None:
        """The record, or None when `data` is not one (the registry is then broken)."""
        if not isinstance(data, dict):
            return None
        texts = ("uid", "signature", "changed", "summary", "description", "url", "start",
                 "end", "cancelled")
        if not all(isinstance(data.get(k), str) for k in texts):
            return None
        sequence = data.get("sequence")
        calendars = data.get("calendars")
        if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
            return None
        if not isinstance(calendars, list) or not all(isinstance(c, str) for c in calendars):
            return None
        return cls(**{k: data[k] for k in texts}, sequence=sequence, calendars=calendars)


def moment_text(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def parse_moment(text: str) -> dt.date | dt.datetime | None:
    if not text:
        return None
    if " " in text:
        return dt.datetime.strptime(text, "%Y-%m-%d %H:%M")
    return dt.date.fromisoformat(text)


RegistryProblem = tuple[str, int | None, dict[str, str]]  # finding code, line, message values

RegistryContents = tuple[list[Record], list[EventRecord]]


def _parse(path: Path) -> tuple[RegistryContents, RegistryProblem | None]:
    """The records and calendar events of the registry file, or why it cannot be
    trusted (then none). A link is never followed, whatever it leads to."""
    link = kept_file_problem(path)
    if link is not None:
        return ([], []), ("kept-file-link", None, link)
    try:
        data = read_bytes(path)
    except IsADirectoryError:
        return ([], []), ("feed-ids-broken", None, {"detail": "c'est un dossier, pas un fichier"})
    except OSError as exc:
        return ([], []), ("feed-ids-broken", None,
                    {"detail": f"il ne peut pas être ouvert : {exc.strerror or exc}"})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return ([], []), ("feed-ids-broken", line, {"detail": "il n'est pas enregistré en UTF-8"})
    conflict = CONFLICT_RE.search(text)
    if conflict is not None:
        return ([], []), ("feed-ids-conflict", text[:conflict.start()].count("\n") + 1, {})
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        return ([], []), ("feed-ids-broken", exc.lineno,
                    {"detail": "il est incomplet ou mal formé"})
    keys = TrackedItem.__dataclass_fields__
    items = loaded.get("items") if isinstance(loaded, dict) else None
    if not isinstance(items, list):
        return ([], []), ("feed-ids-broken", None,
                    {"detail": "il n'a pas la forme attendue (pas de liste « items »)"})
    records = []
    for number, entry in enumerate(items, 1):
        if not (isinstance(entry, dict) and isinstance(entry.get("guid"), str)
                and all(isinstance(entry.get(k), str) for k in keys)):
            return ([], []), ("feed-ids-broken", None,
                        {"detail": f"l'article n° {number} de la liste est incomplet"})
        records.append(Record(entry["guid"], TrackedItem(**{k: entry[k] for k in keys})))
    events = []
    for number, entry in enumerate(loaded.get("events") or [], 1):
        event = EventRecord.from_json(entry)
        if event is None:
            return ([], []), ("feed-ids-broken", None,
                              {"detail": f"l'événement n° {number} de la liste est incomplet"})
        events.append(event)
    return (records, events), None


# a registry of another folder's items: a warning, and neither used nor written
FOREIGN: RegistryProblem = ("feed-ids-foreign", None, {})


def _foreign(records: Iterable[Record], present: Collection[str] | None) -> bool:
    return present is not None and foreign((r.item.source for r in records), present)


def problem_of(path: Path | None, present: Collection[str] | None = None
               ) -> RegistryProblem | None:
    """Why the registry at `path` cannot be read, or is another folder's (with `present`,
    the folder's source files); None when it can, or is absent."""
    if path is None or not (path.exists() or path.is_symlink()):
        return None
    (records, _events), problem = _parse(path)
    return problem or (FOREIGN if _foreign(records, present) else None)


def check_registry(root: Path, label: str, settings: HubSettings,
                   present: Collection[str] | None = None) -> list[fd.Finding]:
    """The finding of an unreadable registry, or of another folder's, on the registry
    file itself."""
    name = settings.HUB_FEED_IDS
    problem = problem_of(root / name, present) if name else None
    if problem is None:
        return []
    code, line, values = problem
    return [fd.make(code, f"{label}/{name}" if label else name, line, **values)]


class IdentityRegistry:
    """The GUIDs of every item ever published, with each item's last known state."""

    def __init__(self, records: Iterable[Record] = (),
                 problem: RegistryProblem | None = None,
                 events: Iterable[EventRecord] = ()) -> None:
        self.records: dict[str, Record] = {r.guid: r for r in records}
        # Calendar events by UID, with their last published state (feeds/calendar.py).
        self.events: dict[str, EventRecord] = {e.uid: e for e in events}
        # Set when the file exists but cannot be read: it is then never written over
        # (replacing it would announce every item again to every subscriber).
        self.problem = problem

    @classmethod
    def load(cls, path: Path | None, present: Collection[str] | None = None
             ) -> IdentityRegistry:
        """The registry at `path`; empty when absent; empty with `problem` set when it
        exists but cannot be trusted (conflict markers, broken JSON, not a file…) or
        remembers none of the folder's source files (`present`)."""
        if path is None or not (path.exists() or path.is_symlink()):
            return cls()
        (records, events), problem = _parse(path)
        if problem is None and _foreign(records, present):
            log.warning("Feed identity registry %s is another folder's: not used", path)
            return cls(problem=FOREIGN)
        if problem is not None:
            log.warning("Feed identity registry %s unreadable (%s): not written", path,
                        problem[0])
        return cls(records, problem, events)

    def assign(self, items: Iterable[TrackedItem]) -> dict[str, str]:
        """GUID of each item by source path; records new items and moves renamed ones."""
        items = sorted(items, key=lambda i: i.source)
        by_source = {r.item.source: r for r in self.records.values()}
        guids: dict[str, str] = {}
        pending: list[TrackedItem] = []
        for item in items:
            known = by_source.get(item.source)
            if known is not None and known.item.type == item.type:
                guids[item.source] = known.guid
            else:
                pending.append(item)
        claimed = set(guids.values())
        orphans = [r for r in self.records.values() if r.guid not in claimed]
        for item, record in renamed_pairs(pending, orphans):
            guids[item.source] = record.guid
        taken = set(self.records)
        for item in pending:
            if item.source not in guids:
                guids[item.source] = derived_guid(item, taken)
                taken.add(guids[item.source])
        for item in items:
            self.records[guids[item.source]] = Record(guids[item.source], item)
        return guids

    def dumps(self) -> str:
        entries = [
            {"guid": r.guid, **asdict(r.item)}
            for r in sorted(self.records.values(), key=lambda r: (r.item.source, r.guid))
        ]
        data: dict[str, object] = {"note": REGISTRY_NOTE, "items": entries}
        if self.events:
            data["events"] = [e.to_json() for e in sorted(self.events.values(),
                                                          key=lambda e: e.uid)]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def save(self, path: Path, saved: dict[str, dict[str, Any]] | None = None) -> bool:
        """Write the registry when it changed; a read-only folder is logged, not fatal.
        A registry loaded from an unreadable file is never written. `saved` (the preview
        server's, by path) holds the records last written, so an unchanged registry is
        not even serialised again."""
        if self.problem is not None:
            return False
        state = {**self.records, **self.events}
        if saved is not None and saved.get(str(path)) == state and path.is_file():
            return False  # same records as this process last wrote (preview server)
        text = self.dumps()
        try:
            if saved is not None:
                saved[str(path)] = state
            if path.is_file() and path.read_text(encoding="utf-8") == text:
                return False
            write_text_atomic(path, text)  # the preview or a check may be reading it
            return True
        except OSError as exc:
            if faults.refused(exc):
                raise  # the run stops on one French sentence (faults.guard_run)
            log.warning("Feed identity registry %s not written (%s)", path, exc)
            return False
