"""Old addresses that keep working: `content/anciennes-adresses.json`, kept by the build.

The file remembers where every published item was at the last build (`items`) and where
each address that no longer holds an item now leads (`redirects`, old → new). When a
file is renamed, its `Slug:` changes or it is deleted, the next build adds the item's old
address: to its new address when the item is recognised (same file, or the vanished
item it most resembles, as the feed registry recognises renamed items), else to the
closest page (a service's successor, the type's listing). Writers may add lines to
`redirects` by hand. Chains are collapsed: every old address leads straight to a page.

An item that left its address is remembered (`gone`) as long as its old address leads
elsewhere: when it comes back there (a branch switch, an undo, a file moved away and
back), it takes its address back and the redirect is forgotten, with no finding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hub import findings as fd
from hub.addresses import holder_of
from hub.model import SERVICE
from hub.paths import save_as
from hub.source.gate import kept_file_problem, read_bytes
from hub.source.tracking import (
    CONFLICT_RE,
    Record,
    TrackedItem,
    date_text,
    fingerprint,
    foreign,
    renamed_pairs,
    same_item,
)

NOTE = (
    "Anciennes adresses du hub et la page où chacune mène désormais. La construction du site "
    "tient ce fichier à jour quand une page change d'adresse ou disparaît ; vous pouvez "
    "ajouter une ligne à « redirects » à la main (\"ancienne/adresse/\": \"nouvelle/adresse/\"). "
    "À committer avec le contenu (voir docs/guide-redaction.md)."
)
URL_RE = re.compile(r"^(?:[A-Za-z0-9._~%-]+/)*[A-Za-z0-9._~%-]*$")  # site-relative, no "/" first


def is_page_address(url: str) -> bool:
    """A site-relative page address (`a/b/` or `a/b.html`) that stays inside the site."""
    parts = url.split("/")
    return (URL_RE.match(url) is not None and not any(p in (".", "..") for p in parts)
            and (url == "" or url.endswith("/") or url.endswith(".html")))


@dataclass(frozen=True)
class PlacedItem:
    """An item as the last build published it: how to recognise it and where it was."""

    tracked: TrackedItem
    url: str
    fallback: str  # where its address leads if it is deleted

    def as_json(self) -> dict[str, str]:
        return {**asdict(self.tracked), "url": self.url, "fallback": self.fallback}


@dataclass
class OldAddresses:
    """The file's content: old address → new address, and the items last published."""

    redirects: dict[str, str] = field(default_factory=dict)
    items: list[PlacedItem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # old address → line in the file
    problem: tuple[int | None, str] | None = None  # (line, detail) when unreadable
    foreign: bool = False  # another folder's file: neither used nor written
    gone: list[PlacedItem] = field(default_factory=list)  # items that left an address
    link: dict[str, str] | None = None  # the file is a link: never read nor written
    too_many: int = 0  # the number of old addresses, when past the limit

    @property
    def unusable(self) -> bool:
        """Never written over, and no page at its addresses: a finding says why."""
        return self.problem is not None or self.too_many > 0 or self.foreign

    def dumps(self) -> str:
        data: dict[str, Any] = {
            "note": NOTE, "redirects": dict(sorted(self.redirects.items())),
            "items": [i.as_json() for i in sorted(self.items, key=lambda i: i.url)]}
        if self.gone:
            data["gone"] = [i.as_json() for i in sorted(self.gone, key=lambda i: i.url)]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def came_back(self, url: str, tracked: TrackedItem) -> bool:
        """`tracked` is the item that left `url` (so the redirect there is the build's,
        not a writer's), back at its own address: it was removed from there, or it is
        the item the address leads to (renamed, then given its old name back)."""
        final = resolve(self.redirects, url)
        return any(same_item(tracked, g.tracked) for g in self.gone if g.url == url) or any(
            p.tracked.source == tracked.source or same_item(tracked, p.tracked)
            for p in self.items if p.url == final)


def is_foreign(book: OldAddresses, present: Collection[str]) -> bool:
    """The file remembers items, none of which is a file of this folder."""
    return book.problem is None and foreign((i.tracked.source for i in book.items), present)


def registry_path(root: Path, name: str) -> Path | None:
    return root / name if name else None


def load(path: Path | None, limit: int) -> OldAddresses:
    """The file at `path`; empty when absent; `problem` set when it cannot be trusted,
    `too_many` when it holds more than `limit` old addresses (nothing of it is used)."""
    link = kept_file_problem(path) if path is not None else None
    if link is not None:
        return OldAddresses(problem=(None, "c'est un lien"), link=link)
    if path is None or not path.exists():
        return OldAddresses()
    try:
        text = read_bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return OldAddresses(problem=(None, "il ne peut pas être lu en UTF-8"))
    conflict = CONFLICT_RE.search(text)
    if conflict is not None:
        return OldAddresses(problem=(text[:conflict.start()].count("\n") + 1,
                                     "il contient encore des marques de conflit de fusion"))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return OldAddresses(problem=(exc.lineno, "il est incomplet ou mal formé"))
    redirects = data.get("redirects", {}) if isinstance(data, dict) else None
    items = data.get("items", []) if isinstance(data, dict) else None
    if not isinstance(redirects, dict) or not isinstance(items, list) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in redirects.items()):
        return OldAddresses(problem=(None, "« redirects » doit associer une ancienne adresse "
                                           "à une nouvelle, entre guillemets"))
    if len(redirects) > limit:
        return OldAddresses(too_many=len(redirects))
    gone = data.get("gone", [])
    return OldAddresses({k.lstrip("/"): v.lstrip("/") for k, v in redirects.items()},
                        _placed(items), _key_lines(text, redirects),
                        gone=_placed(gone if isinstance(gone, list) else []))


def _placed(entries: list[Any]) -> list[PlacedItem]:
    """The well-formed entries of a list of placed items (others are dropped)."""
    placed = []
    keys = TrackedItem.__dataclass_fields__
    for entry in entries:
        if isinstance(entry, dict) and all(isinstance(entry.get(k), str)
                                           for k in (*keys, "url", "fallback")):
            placed.append(PlacedItem(TrackedItem(**{k: entry[k] for k in keys}),
                                     entry["url"], entry["fallback"]))
    return placed


JSON_STRING_RE = re.compile(r'(?P<string>"(?:[^"\\\n]|\\.)*")(?P<key>\s*:)?')


def _key_lines(text: str, redirects: dict[str, str]) -> dict[str, int]:
    """The line where each old address is first written as a key: every string of the
    file read once, in order (one search per address made 50,000 lines quadratic)."""
    lines: dict[str, int] = {}
    line, counted = 1, 0
    for match in JSON_STRING_RE.finditer(text):
        if match.group("key") is None:
            continue
        key = json.loads(match.group("string"))  # a token of a file json has read
        if key in redirects and key not in lines:
            line += text.count("\n", counted, match.start())
            counted = match.start()
            lines[key] = line
    return {old: lines.get(old, 1) for old in redirects}


def _published(corpus: Any) -> Iterator[tuple[str, Any]]:
    """(address, item) of every published item of the corpus (drafts and unbuilt ones
    have no address), in the corpus's order."""
    for item in corpus.items:
        if item.readable and not item.is_draft and item.rel not in corpus.unbuilt:
            yield str(item.values.get("url") or item.ctype.url_for(item.slug)), item


def published(corpus: Any) -> dict[str, Any]:
    """Address → published item (no text fingerprint: the checks need only addresses)."""
    return dict(_published(corpus))


def placed_items(corpus: Any, fingerprint_of: Callable[[Any], str] | None = None
                 ) -> list[PlacedItem]:
    """Every published item, as the file records it (with its text's fingerprint, from
    `fingerprint_of(item)` when given: the build made them ahead)."""
    out = []
    for url, item in _published(corpus):
        fallback = item.ctype.index_url
        successor = item.values.get("successor")
        if item.ctype is SERVICE and successor and corpus.get(SERVICE.id, str(successor)):
            fallback = SERVICE.url_for(str(successor))
        out.append(PlacedItem(tracked(item, fingerprint_of), url, fallback))
    return out


def tracked(item: Any, fingerprint_of: Callable[[Any], str] | None = None) -> TrackedItem:
    """How the file remembers an item of the corpus."""
    values = item.values
    return TrackedItem(type=item.ctype.id, source=item.rel, slug=item.slug,
                       date=date_text(values.get("date")),
                       title=str(values.get("title") or ""),
                       summary=str(values.get("summary") or ""),
                       fingerprint=(fingerprint_of(item) if fingerprint_of
                                    else fingerprint(item.source.body)))


def resolve(redirects: dict[str, str], url: str) -> str | None:
    """Where `url` finally leads, following the chain; None on a loop."""
    seen = {url}
    while url in redirects:
        url = redirects[url]
        if url in seen:
            return None
        seen.add(url)
    return url


def updated(book: OldAddresses, now: list[PlacedItem]) -> OldAddresses:
    """The file after this build: the addresses that moved or vanished added, chains
    collapsed, and an address its own item took back forgotten."""
    redirects = dict(book.redirects)
    current = {p.tracked.source: p for p in now}
    before = {p.tracked.source: p for p in book.items}
    moved: list[tuple[PlacedItem, PlacedItem]] = []  # (before, now)
    for source, placed in current.items():
        old = before.get(source)
        if old is not None and old.tracked.type == placed.tracked.type:
            moved.append((old, placed))
    kept = {o.tracked.source for o, _ in moved}
    vanished = [p for p in book.items if p.tracked.source not in kept]
    pending = [p for s, p in current.items() if s not in kept]
    by_url = {p.url: p for p in vanished}
    pairs = renamed_pairs([p.tracked for p in pending],
                          [Record(p.url, p.tracked) for p in vanished])
    for tracked, record in pairs:
        moved.append((by_url[record.guid], current[tracked.source]))
    paired = {record.guid for _t, record in pairs}
    for was, new in moved:
        if was.url != new.url:
            redirects[was.url] = new.url
            redirects.pop(new.url, None)  # the item is back at an address it once had
    gone = [*book.gone, *(g for g in vanished if g.url not in paired)]
    for left in vanished:
        if left.url not in paired:
            redirects[left.url] = left.fallback
    for placed in now:
        if placed.url in redirects and any(
                g.url == placed.url and same_item(placed.tracked, g.tracked) for g in gone):
            del redirects[placed.url]  # the item came back to its own address
    taken = {p.url for p in now}
    collapsed = {}
    open_ = {k: v for k, v in redirects.items() if k not in taken}
    for address, target in redirects.items():
        final = resolve(open_, target)
        collapsed[address] = target if final is None else final
    remembered = {g.url: g for g in gone if g.url in collapsed and g.url not in taken}
    return OldAddresses(collapsed, now, book.lines, gone=list(remembered.values()))


def check(book: OldAddresses, label: str, name: str, corpus: Any) -> list[fd.Finding]:
    """Of the file `name` as read (`book`): an unreadable file; an old address a current
    item takes again; an old address that leads nowhere, in a loop, or sits on one of the
    hub's own pages."""
    shown = f"{label}/{name}" if label else name
    if book.link is not None:
        return [fd.make("kept-file-link", shown, None, **book.link)]
    if book.problem is not None:
        line, detail = book.problem
        return [fd.make("old-addresses-broken", shown, line, detail=detail)]
    if book.too_many:
        return [fd.make("too-many-old-addresses", shown, None, count=book.too_many,
                        limit=corpus.settings.HUB_MAX_REDIRECTS)]
    now = published(corpus)
    findings = []
    for old, target in sorted(book.redirects.items()):
        line = book.lines.get(old, 1)
        holder = holder_of(save_as(old))
        final = resolve(book.redirects, old)
        if not old or not is_page_address(old) or not is_page_address(target):
            findings.append(fd.make("old-address-malformed", shown, line, url=old,
                                    target=target))
        elif old in now and book.came_back(old, tracked(now[old])):
            continue  # its own item is back: the next build forgets the line
        elif old in now:
            item = now[old]
            findings.append(fd.make("old-address-taken", item.display,
                                    item.line_of("slug") or 1, url=old, target=target,
                                    registry=shown))
        elif holder is not None:
            findings.append(fd.make("old-address-reserved", shown, line, url=old,
                                    holder=holder.of_holder))
        elif final is None:
            findings.append(fd.make("old-address-loop", shown, line, url=old))
        elif final not in now and holder_of(save_as(final)) is None:
            findings.append(fd.make("old-address-nowhere", shown, line, url=old,
                                    target=final))
    return findings
