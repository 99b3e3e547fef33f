"""Settings of the DSI hub for writing and previewing (see publishconf.py to publish)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from hub.model import IMAGES_FOLDER, article_paths, page_paths  # noqa: E402

# --- site ----------------------------------------------------------------------
# The company's identity is the content folder's own: `site.toml` at its root (name,
# tagline, organisation, department, address, logo, colour, contacts, audiences; see
# docs/adapter.md). The values here are the project's defaults for a key it leaves out.
SITENAME = "Le hub de la DSI"
SITESUBTITLE = "Les services informatiques, expliqués simplement"
SITEURL = ""
DEFAULT_LANG = "fr"
LOCALE = ("fr_FR.UTF-8", "fr_FR.utf8", "C.UTF-8")
TIMEZONE = "Europe/Paris"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"

# --- content: the folder decides the type (CONTENT_MODEL.md, plugins/hub/model.py) ----
PATH = "content"
ARTICLE_PATHS = article_paths()
PAGE_PATHS = page_paths()
STATIC_PATHS = [IMAGES_FOLDER]
SLUGIFY_SOURCE = "basename"
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
USE_FOLDER_AS_CATEGORY = True
DEFAULT_CATEGORY = "divers"
WITH_FUTURE_DATES = True


def _newest_first(article: object) -> tuple[int, str]:
    """Newest first; on the same date, by file name — the same order at every build
    (Pelican reads files in set order, which changes from run to run)."""
    date = article.date  # type: ignore[attr-defined]
    seconds = date.toordinal() * 86400 + date.hour * 3600 + date.minute * 60 + date.second
    return (-seconds, str(getattr(article, "relative_source_path", "") or ""))


ARTICLE_ORDER_BY = _newest_first

# --- the hub's own settings (plugins/hub/settings.py declares them) -----------------
AUDIENCES = {
    "all": "Tout le monde",
    "siege": "Équipes du siège",
    "usines": "Usines et logistique",
    "agences": "Agences régionales",
    "terrain": "Techniciens et commerciaux itinérants",
    "managers": "Managers",
    "nouveaux": "Nouveaux arrivants",
}
REVIEW_MAX_AGE_DAYS = 180
HUB_FEED_ITEMS = 20
# Feeds, OPML and the e-mail edition need absolute URLs: without SITEURL (preview) they use
# this address, the one `invoke serve` listens on. publishconf.py sets the real SITEURL.
HUB_FEED_SITEURL = "http://127.0.0.1:8000"
HUB_FEED_IDS = "feed-ids.json"  # permanent GUIDs of feed items, kept beside the content
HUB_HOME_ITEMS = 6
HUB_FOOTER_PAGES = 6
HUB_SEARCH = True  # Pagefind search index after the build (False: skip it)

# --- plugins and theme ----------------------------------------------------------
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["hub", "pelican.plugins.sitemap"]
SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.5, "indexes": 0.5, "pages": 0.6},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
}
THEME = str(ROOT / "theme")

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.toc": {},
        "markdown.extensions.tables": {},
        "markdown.extensions.fenced_code": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.footnotes": {},
    },
    "output_format": "html5",
}

# --- URLs: every page is a folder with an index.html ---------------------------------
# Every address (items, home, archives, tags, theme files) is declared once in
# plugins/hub/addresses.py, which sets Pelican's URL settings from it.
RELATIVE_URLS = True
DIRECT_TEMPLATES = ["index", "archives"]
TAG_SAVE_AS = ""  # written by the hub with every content type
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DRAFT_SAVE_AS = ""  # drafts are never written
DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DEFAULT_PAGINATION = False

# --- feeds are written by the hub with feedgen; Pelican's own are off ----------------
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# A build writes into the output folder without emptying it (the check reuses what did not
# change); a full build removes the files of items that no longer exist
# (plugins/hub/build/leftovers.py). The preview server empties it at its first build only
# (tools/preview.py); `invoke clean` empties it.
DELETE_OUTPUT_DIRECTORY = False
