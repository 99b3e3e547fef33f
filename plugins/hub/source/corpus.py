"""The corpus: every source file of a content folder, read once, typed and cross-checked.

Both the Pelican build and `invoke check` start from `scan()`, so a rule about the
content is written once and a file is read once per run.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.utils import slugify

from hub import findings as fd
from hub.model import (
    CONTENT_TYPES,
    IMAGES_FOLDER,
    LIVE_LIFECYCLES,
    SERVICE,
    STORY,
    ContentType,
    Kind,
    type_of_path,
)
from hub.paths import REPO_ROOT, inside
from hub.settings import HubSettings
from hub.source import collisions, gate, placeholders
from hub.source.header import Source, read
from hub.source.metadata import Parsed, validate
from hub.suggest import did_you_mean, nearest, suggest

SOURCE_SUFFIX = ".md"  # the one extension of a page (CONTENT_MODEL.md)
# Other names Markdown goes by: never published, and said so, as a `.txt` is.
MARKDOWN_SUFFIXES = (SOURCE_SUFFIX, ".markdown", ".mkd", ".mdown", ".mdwn", ".mkdn")
# Writers' notes at the content folder's root (« README.md »): never pages, never reported.
NOTES_RE = re.compile(r"^(readme|lisez-?moi|notes?|a-lire|todo|changelog|contributing)"
                      r"(\.[^.]+)?$", re.IGNORECASE)
# Editors' working and backup copies: `x.md~`, `#x.md#`, `.x.md.swp`, `.#x.md`, `~$x.docx`.
BACKUP_RE = re.compile(r"(~|\.bak|\.orig|\.sw[a-p]|\.tmp)$|^#.*#$|^\.#|^~\$", re.IGNORECASE)
OFFICE_SUFFIXES = (".docx", ".doc", ".odt", ".rtf", ".pages")
SYSTEM_FILES = ("thumbs.db", "desktop.ini")  # what Windows leaves in folders, never a page


@dataclass
class Item:
    """One source file of the corpus."""

    ctype: ContentType
    rel: str  # path relative to the content folder, with "/"
    display: str  # how findings name the file
    slug: str
    source: Source
    parsed: Parsed
    stamp: tuple[int, int] | None = None  # (mtime_ns, size) when read

    @property
    def values(self) -> dict[str, Any]:
        return self.parsed.values

    @property
    def status(self) -> str:
        return str(self.values.get("status", "published"))

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def readable(self) -> bool:
        return self.source.problem is None

    def line_of(self, name: str) -> int | None:
        return self.parsed.lines.get(name)


@dataclass
class Corpus:
    """All items of a content folder, indexed by type and slug, with their findings."""

    root: Path
    label: str
    settings: HubSettings
    items: list[Item] = field(default_factory=list)
    findings: list[fd.Finding] = field(default_factory=list)
    by_slug: dict[str, dict[str, Item]] = field(default_factory=dict)
    by_rel: dict[str, Item] = field(default_factory=dict)
    unbuilt: set[str] = field(default_factory=set)  # items that cannot be written (rel)
    # the file of old addresses as the scan read it (`oldaddresses.OldAddresses`), for the
    # redirect pages and the checker: read once per run
    old_addresses: Any = None
    # old slugs still cited → the renamed item that had them (`source/renames.py`)
    renamed: dict[tuple[str, str], Item] = field(default_factory=dict)
    # what the gate lets through from the folder (`gate.Walk`): every reader lists its
    # files from it, never from the disk
    walk: gate.Walk = field(default_factory=lambda: gate.Walk(Path()))
    _signature: int | None = None

    def of_type(self, ctype: ContentType) -> Iterator[Item]:
        return (i for i in self.items if i.ctype is ctype)

    def get(self, type_id: str, slug: str) -> Item | None:
        return self.by_slug.get(type_id, {}).get(slug)

    def item_at(self, rel: str) -> Item | None:
        return self.by_rel.get(rel)

    def renamed_at(self, rel: str) -> Item | None:
        """The renamed item a link to its old file `rel` still names (`renamed`)."""
        if rel in self.by_rel or not self.renamed:
            return None
        from hub.source.renames import key_of_file  # renames reads this module

        key = key_of_file(rel)
        return self.renamed.get(key) if key is not None else None

    def link_signature(self) -> int:
        """Changes whenever a short link could resolve differently (slugs, paths, drafts)."""
        if self._signature is None:
            self._signature = hash(tuple(
                (i.ctype.id, i.slug, i.rel, i.status) for i in self.items
            ))
        return self._signature

    def all_findings(self) -> list[fd.Finding]:
        out = [f for item in self.items for f in item.parsed.findings]
        out.extend(self.findings)
        return out




def published_name(corpus: Corpus, item: Item) -> str:
    """How a published page names a source file (`content/services/x.md`): the content
    folder's label when it is a path inside the project, else the folder's own name;
    never where the build machine keeps it (`/home/…`, `../…`)."""
    given = corpus.settings.HUB_CONTENT_LABEL
    label = posixpath.normpath(given.replace("\\", "/")).strip("/") if given else ""
    parts = label.split("/")
    local = (label not in ("", ".") and not os.path.isabs(given)
             and not any(p in ("..", "~") or ":" in p for p in parts))
    return f"{label if local else corpus.root.name}/{item.rel}"


def display_root(content_dir: Path, label: str | None = None) -> str:
    """How findings name the content folder (CONTENT_MODEL.md, "Checker output").

    Relative to the project root when the folder is inside it; otherwise the folder as
    the writer gave it (`label`), or as found.
    """
    return inside(content_dir, REPO_ROOT) or (label or str(content_dir)).rstrip("/")


def slug_for(rel: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    return slug_of(os.path.splitext(os.path.basename(rel))[0])


def slug_of(text: str) -> str:
    """The slug Pelican makes of a file name (or of any text)."""
    return str(slugify(text, regex_subs=_SLUG_SUBS))


_SLUG_SUBS = [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]


def source_files(walked: gate.Walk) -> Iterator[tuple[ContentType, str]]:
    """(type, relative path) of every Markdown file of the typed folders, in type order
    then name order, from the gate's walk.

    Exactly the files Pelican reads (lowercase extension, nothing hidden);
    `stray_files` reports the others.
    """
    for ctype in CONTENT_TYPES:
        for rel in walked.under(ctype.folder):
            if _is_source(rel):
                yield ctype, rel


def _is_source(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    hidden = any(part.startswith(".") for part in rel.split("/"))
    return name.endswith(SOURCE_SUFFIX) and not hidden


def _markdown_like(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def stray_files(walked: gate.Walk, label: str) -> list[fd.Finding]:
    """A finding for every file that looks written for the hub but that it will not
    publish: wrong letter case, outside the type folders, hidden, an editor's copy, or
    not Markdown. Images are the static files' own check."""
    out: list[fd.Finding] = []
    for rel in walked.files:
        top = rel.split("/", 1)[0] if "/" in rel else ""
        if top == IMAGES_FOLDER or top.startswith("."):
            continue
        finding = _stray(rel, top, label)
        if finding is not None:
            out.append(finding)
    return out


def _stray(rel: str, top: str, label: str) -> fd.Finding | None:
    display = f"{label}/{rel}" if label else rel
    name = rel.rsplit("/", 1)[-1]
    if (_is_source(rel) and type_of_path(rel) is not None) or name.lower() in SYSTEM_FILES:
        return None
    if BACKUP_RE.search(name):
        original = re.sub(r"^(\.#|#|~\$|\.)|(~|#|\.bak|\.orig|\.sw[a-p]|\.tmp)$", "", name)
        return fd.make("editor-backup", display, None, original=original)
    if type_of_path(rel) is None:
        if not _markdown_like(name) or (not top and name.startswith(".")):
            return None  # not a page (feed-ids.json, lexique.txt, …), or hidden on purpose
        if not top and NOTES_RE.match(name):
            return None  # the writers' notes about the folder
        folders = [t.folder for t in CONTENT_TYPES]
        meant = _folder_meant(top)
        fix = did_you_mean([meant]).lstrip() + " " if meant else ""
        return fd.make("source-outside-types", display, None, fix=fix,
                       folders=", ".join(folders))
    hidden = any(part.startswith(".") for part in rel.split("/"))
    if hidden:
        return fd.make("hidden-source", display, None) if _markdown_like(name) else None
    stem, ext = os.path.splitext(name)
    if ext.lower() == SOURCE_SUFFIX:
        return fd.make("source-extension-case", display, None, ext=ext, name=stem + ext.lower())
    return _not_markdown(display, name)


def _folder_meant(folder: str) -> str | None:
    """The type folder a writer meant: a near spelling, or the French word of its address
    (`actualites` → `news`)."""
    if not folder:
        return None
    by_word = {t.folder: t.folder for t in CONTENT_TYPES}
    by_word.update({t.url.split("/")[0]: t.folder for t in CONTENT_TYPES
                    if not t.url.startswith("{")})
    near = nearest(folder.lower(), by_word, n=1)
    return by_word[near[0]] if near else None


def _not_markdown(display: str, name: str) -> fd.Finding:
    stem, ext = os.path.splitext(name)
    low = ext.lower()
    if _markdown_like(stem):
        fix = f"Renommez le fichier « {stem} » (votre éditeur a ajouté « {ext} »)."
    elif low == ".txt" or low in MARKDOWN_SUFFIXES:
        fix = f"Si c'est une page, renommez le fichier « {stem}{SOURCE_SUFFIX} »."
    elif low in OFFICE_SUFFIXES:
        fix = ("Copiez son texte dans une page .md (./hub new-…) ; un document à "
               "télécharger va dans content/images/ et la page donne son lien.")
    elif low in (".html", ".htm"):
        fix = f"Écrivez la page en Markdown, dans « {stem}.md »."
    else:
        fix = ("Une page s'écrit dans un fichier .md ; une image ou un document va dans "
               "content/images/.")
    return fd.make("not-markdown", display, None, ext=ext or name, fix=fix)


def known_files(walked: gate.Walk, previous: Corpus,
                changes: set[str]) -> list[tuple[ContentType, str]]:
    """The files of the last scan updated with `changes` (relative paths the caller saw
    added, modified or removed), in `source_files` order."""
    rels = set(previous.by_rel)
    for rel in changes:
        if walked.admitted(rel) and type_of_path(rel) is not None and _is_source(rel):
            rels.add(rel)
        else:
            rels.discard(rel)
    order = {ctype.id: index for index, ctype in enumerate(CONTENT_TYPES)}
    typed = [(type_of_path(rel), rel) for rel in rels]
    return sorted(((t, r) for t, r in typed if t is not None), key=lambda p: (order[p[0].id], p[1]))


def read_item(root: Path, label: str, ctype: ContentType, rel: str, settings: HubSettings) -> Item:
    display = f"{label}/{rel}" if label else rel
    source = _read_source(root, rel, settings)
    if source.problem is not None:
        code, line, values = source.problem
        parsed = Parsed(findings=[fd.make(code, display, line, **values)])
    else:
        parsed = validate(ctype, source, settings, display)
        parsed.findings.extend(placeholders.check(source, display))
    slug = slug_for(rel, parsed.values.get("slug"))
    return Item(ctype=ctype, rel=rel, display=display, slug=slug, source=source, parsed=parsed)


def _read_source(root: Path, rel: str, settings: HubSettings) -> Source:
    """The decoded source; a file that cannot be opened, or that is a link leading out of
    the content folder, is a Source with its problem set."""
    try:
        return read(gate.read_bytes(root / rel), settings)  # the gate admitted it: never a pipe
    except OSError as exc:
        return Source(problem=("unreadable-file", None, {"detail": exc.strerror or str(exc)}))


Stamp = tuple[int, int]  # (mtime in ns, size): a file unchanged since the last scan


def stamp_of(path: Path) -> Stamp | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def scan(root: Path, settings: HubSettings, label: str | None = None,
         previous: Corpus | None = None, changes: set[str] | None = None) -> Corpus:
    """Read every source file under `root` and check what ties them together.

    With `previous` (the preview server's last scan), a file whose stamp has not changed
    is not read again; with `changes` too (what its watcher saw), nothing else is even
    looked at. The checks between files always run on the whole corpus.
    """
    corpus = Corpus(root=root, label=display_root(root, label), settings=settings)
    corpus.walk = gate.walk(root, kept_files(settings))
    if previous is None or previous.label != corpus.label:
        previous, changes = None, None
    reusable = previous.by_rel if previous is not None else {}
    files = (known_files(corpus.walk, previous, changes)
             if previous is not None and changes is not None
             else list(source_files(corpus.walk)))
    for ctype, rel in files:
        known = reusable.get(rel)
        if known is not None and changes is not None and rel not in changes:
            corpus.items.append(known)
            continue
        stamp = stamp_of(root / rel)
        if known is not None and stamp is not None and known.stamp == stamp:
            item = known
        else:
            item = read_item(root, corpus.label, ctype, rel, settings)
            item.stamp = stamp
        corpus.items.append(item)
    corpus.findings.extend(corpus.walk.findings(corpus.label))
    corpus.findings.extend(stray_files(corpus.walk, corpus.label))
    index(corpus)
    collisions.check(corpus)
    read_renames(corpus)
    check_references(corpus)
    check_shared(corpus)
    return corpus


def read_renames(corpus: Corpus) -> None:
    """The file of old addresses (read once per run), and which old slugs still cited
    belong to renamed items."""
    from hub.source import oldaddresses, renames  # both read this module

    name = corpus.settings.HUB_REDIRECTS
    corpus.old_addresses = oldaddresses.load(oldaddresses.registry_path(corpus.root, name),
                                             corpus.settings.HUB_MAX_REDIRECTS)
    if oldaddresses.is_foreign(corpus.old_addresses, corpus.by_rel):
        shown = f"{corpus.label}/{name}" if corpus.label else name
        corpus.findings.append(fd.make("old-addresses-foreign", shown, None))
        corpus.old_addresses = oldaddresses.OldAddresses(foreign=True)
    corpus.renamed = renames.find(corpus, corpus.old_addresses)
def kept_files(settings: HubSettings) -> tuple[str, ...]:
    """The files the build keeps in the content folder, judged by their own readers."""
    return tuple(n for n in (settings.HUB_FEED_IDS, settings.HUB_REDIRECTS) if n)


def check_shared(corpus: Corpus) -> None:
    """Checks of files read by other parts of the build: the feed identity registry,
    the site file, the old addresses, glossary names, edition dates."""
    from hub.feeds.identity import check_registry  # the feeds package imports the corpus
    from hub.site.glossary import check_names
    from hub.site.xrefs import check_edition_dates
    from hub.source import oldaddresses, sitefile

    corpus.findings.extend(sitefile.read(corpus.root, corpus.label).findings)
    corpus.findings.extend(check_registry(corpus.root, corpus.label, corpus.settings,
                                          corpus.by_rel))
    corpus.findings.extend(oldaddresses.check(corpus.old_addresses, corpus.label,
                                              corpus.settings.HUB_REDIRECTS, corpus))
    corpus.findings.extend(check_names(corpus))
    corpus.findings.extend(check_edition_dates(corpus))


def index(corpus: Corpus) -> None:
    """Slug index per type; a repeated slug is reported on the later file."""
    for item in corpus.items:
        corpus.by_rel[item.rel] = item
        if not item.readable:
            continue
        bucket = corpus.by_slug.setdefault(item.ctype.id, {})
        first = bucket.get(item.slug)
        if first is not None:
            corpus.findings.append(
                fd.make(
                    "duplicate-slug",
                    item.display,
                    item.line_of("slug"),
                    slug=item.slug,
                    other=first.display,
                )
            )
            continue
        bucket[item.slug] = item


def check_references(corpus: Corpus) -> None:
    """Every slug a file cites must exist, be published and be in the right life cycle."""
    for item in corpus.items:
        for spec in item.ctype.fields:
            if spec.kind not in (Kind.SLUG, Kind.SLUGS) or spec.target is None:
                continue
            value = item.values.get(spec.name)
            if not value:
                continue
            slugs = (value,) if isinstance(value, str) else value
            for slug in slugs:
                _check_target(corpus, item, spec.key, spec.target, spec.target_lifecycles, slug)
    _check_successors(corpus)
    _check_promoted(corpus)


def _check_target(
    corpus: Corpus, item: Item, key: str, target_id: str, lifecycles: tuple[str, ...], slug: str
) -> None:
    line = item.line_of(key.lower())
    target = corpus.get(target_id, slug) or corpus.renamed.get((target_id, slug))
    if target is None and unreadable_slug(corpus, target_id, slug):
        return  # the file exists but cannot be read: reported there, once
    if target is None or target.is_draft:
        candidates = [s for s, t in corpus.by_slug.get(target_id, {}).items() if not t.is_draft]
        corpus.findings.append(
            fd.make(
                "unknown-reference",
                item.display,
                line,
                key=key,
                value=slug,
                target="fiche service" if target_id == SERVICE.id else "page",
                suggestion=_list_fix(slug) or suggest(slug, candidates),
            )
        )
        return
    lifecycle = target.values.get("lifecycle")
    if not lifecycles or lifecycle in lifecycles:
        return
    if lifecycle is None:
        return  # missing or invalid: reported on the target, not judged here
    successor = target.values.get("successor")
    hint = f" (par exemple « {successor} », qui le remplace)" if successor else ""
    if item.ctype is STORY:
        corpus.findings.append(
            fd.make(
                "retired-service",
                item.display,
                line,
                value=slug,
                successor=f" comme « {successor} »" if successor else "",
            )
        )
    else:
        label = SERVICE.field("lifecycle").label_of(str(lifecycle))  # type: ignore[union-attr]
        corpus.findings.append(
            fd.make(
                "alternative-not-live",
                item.display,
                line,
                value=slug,
                lifecycle=label,
                successor=hint,
            )
        )


# What writers put between the names of a list instead of a comma.
LIST_WORDS_RE = re.compile(r"\s+(?:et|ou)\s+|\s*[;&+]\s*", re.IGNORECASE)


def _list_fix(value: str) -> str:
    """' Séparez les noms par des virgules : « a, b ».' for `a et b`, `a; b`."""
    names = [n for n in LIST_WORDS_RE.split(value) if n.strip()]
    if len(names) < 2:
        return ""
    return f" Séparez les noms par des virgules : « {', '.join(names)} »."


def unreadable_slug(corpus: Corpus, type_id: str, slug: str) -> bool:
    """A file of that type and slug exists, but could not be read (its own finding)."""
    return any(i.ctype.id == type_id and i.slug == slug and not i.readable
               for i in corpus.items)


def _check_successors(corpus: Corpus) -> None:
    services = corpus.by_slug.get(SERVICE.id, {})
    for item in services.values():
        successor = item.values.get("successor")
        if not successor:
            continue
        line = item.line_of("successor")
        if successor == item.slug:
            corpus.findings.append(fd.make("successor-self", item.display, line))
            continue
        chain = [item.slug]
        current = services.get(successor)
        while current is not None and current.slug not in chain:
            chain.append(current.slug)
            nxt = current.values.get("successor")
            current = services.get(nxt) if nxt else None
        if current is not None and current.slug == item.slug:
            chain.append(item.slug)
            corpus.findings.append(
                fd.make("successor-loop", item.display, line, chain=" → ".join(chain))
            )


def _check_promoted(corpus: Corpus) -> None:
    """An available service that no story features is a warning."""
    featured = {  # a list written with « et » is reported on the story, not here again
        renamed.slug if (renamed := corpus.renamed.get((SERVICE.id, name))) else name
        for story in corpus.of_type(STORY)
        if not story.is_draft
        for slug in story.values.get("services", ())
        for name in LIST_WORDS_RE.split(slug)
    }
    for item in corpus.by_slug.get(SERVICE.id, {}).values():
        lifecycle = item.values.get("lifecycle")
        if lifecycle == "available" and item.slug not in featured and not item.is_draft:
            corpus.findings.append(
                fd.make("service-without-story", item.display, item.line_of("lifecycle"))
            )


def live(lifecycle: str | None) -> bool:
    return lifecycle in LIVE_LIFECYCLES
