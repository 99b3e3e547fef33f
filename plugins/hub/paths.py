"""Where the project lives and how its paths are written, declared once: the repository
root and the plugin folder, Pelican's link forms (`{static}/…`, `{filename}/…`,
`{attach}/…`), the URL scheme, a path as the hub names it (from a root, with `/`), and
the file a URL is served from."""

from __future__ import annotations

import errno
import os
import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PLUGINS_DIR = Path(__file__).resolve().parent.parent  # plugins/
REPO_ROOT = PLUGINS_DIR.parent
CACHE_DIR = REPO_ROOT / "cache"  # what tasks keep between runs (never published)
PROOFREAD_DIR = CACHE_DIR / "proofread"  # Grammalecte's results by paragraph, per content folder
# What the accessibility tests measured (tests/a11y_results.py): the statement reads it
ACCESSIBILITY_RESULTS = REPO_ROOT / "accessibility-results.json"

PATH_FORMS = ("static", "filename", "attach")  # Pelican's `{form}path` to a content file
PATH_FORM = r"\{(?:" + "|".join(PATH_FORMS) + r")\}"  # a regex piece: one of them
SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")  # group 1: the scheme
SCHEMELESS_URL_RE = re.compile(r"^(https?//|https?:/[^/]|www\.)", re.IGNORECASE)


def site_url(settings: dict[str, Any], fallback: str) -> str:
    """The site's absolute address, without a trailing slash: `SITEURL`, or `fallback`
    (`HUB_FEED_SITEURL`, the preview's address) when it has none. Only what leaves the
    site uses it (feeds, calendars, the letter, `rel=canonical`, the sitemap): pages link
    to each other relatively, so the site works under any host name."""
    url = str(settings.get("SITEURL") or "")
    if not SCHEME_RE.match(url):
        url = fallback.rstrip("/") + ("/" + url.strip("/") if url.strip("/") else "")
    return url.rstrip("/")


def site_path(settings: dict[str, Any], fallback: str) -> str:
    """The path of the site's address, without a trailing slash (`/hub`, or `` at the
    root): the links of a page served at any address (the 404 page) start with it."""
    return urlsplit(site_url(settings, fallback)).path.rstrip("/")


def absolute(site: str, url: str) -> str:
    """`url` (site-relative, like `histoires/x/`) as an absolute URL."""
    if SCHEME_RE.match(url):
        return url
    return site + "/" + url.lstrip("/")


def is_absolute(url: str) -> bool:
    return bool(SCHEME_RE.match(url.strip()))


def is_svg(path: str) -> bool:
    """An SVG drawing: published as it is once cleaned, never turned into variants."""
    return path.lower().endswith(".svg")


SAFE_PART_RE = re.compile(r"^[A-Za-z0-9._-]+$")


def safe_static(rel: str) -> str:
    """The address a static file is published at (CONTENT_MODEL.md, « Static files »): a
    part of its path with spaces, accents or other signs is written in lowercase ASCII with
    hyphens (`images/Salle réunion été.jpg` → `images/salle-reunion-ete.jpg`); a part
    that is already safe is kept as it is."""
    return "/".join(_safe_part(part) for part in rel.split("/"))


def _safe_part(part: str) -> str:
    if not part or SAFE_PART_RE.match(part):
        return part
    stem, dot, ext = part.rpartition(".")
    if not stem:
        stem, dot, ext = part, "", ""
    slug = re.sub(r"[^a-z0-9]+", "-", _folded(stem)).strip("-") or "fichier"
    return slug + dot + re.sub(r"[^a-z0-9]+", "", _folded(ext))


def _folded(text: str) -> str:
    """Lowercase ASCII, accents taken off (« Été » → « ete »)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def static_path(value: str) -> str:
    """`{static}/images/x.jpg` → `images/x.jpg`, the path from the content root."""
    return value.removeprefix("{static}").lstrip("/")


def rel_path(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """`path` from `root`, with `/` whatever the system (as findings and maps name it)."""
    return os.path.relpath(path, root).replace(os.sep, "/")


def inside(path: Path, root: Path) -> str | None:
    """`path` from `root` once links are followed, with `/`; None when outside `root`."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside, or a loop of links
        return None


def save_as(url: str) -> str:
    """The file a site URL is served from: `dir/` (or the root, ``) → `dir/index.html`."""
    return url + "index.html" if url.endswith("/") or not url else url


def file_of_url(url: str) -> str:
    """The file a typed `Url:` is served from (`aide` and `aide/` → `aide/index.html`)."""
    last = url.rstrip("/").rsplit("/", 1)[-1]
    if not url.endswith("/") and "." in last:
        return posixpath.normpath(url)
    folder = posixpath.normpath(url)
    return save_as("" if folder == "." else folder + "/")


def url_of_file(path: str) -> str:
    """The URL a written file is linked by (`aide/index.html` → `aide/`)."""
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


def folder_key(folder: str | os.PathLike[str]) -> str:
    """A short name for what the cache keeps about one folder (by its real path, so a
    link to it shares it)."""
    import hashlib

    real = os.path.realpath(folder)
    return hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def proofread_cache(content: Path) -> Path:
    """The proofreading cache of one content folder: checking another folder (the sample,
    a test corpus) never empties it."""
    return PROOFREAD_DIR / f"{folder_key(content)}.json"


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file so that a reader (the preview, a check) never sees half of it: a
    file beside it, then renamed over it. A link is never written through (it could lead
    anywhere): an error, and the link is left as it is."""
    if path.is_symlink():
        raise OSError(errno.ELOOP, "not written through a link", str(path))
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        temp.replace(path)
    except OSError as exc:  # a full disk says no file name: the file meant is this one
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    finally:
        temp.unlink(missing_ok=True)
