"""Settings for publishing to the intranet: the site's address, no drafts, nothing from tomorrow.

Pages link to each other, to the theme and to the search index relatively, so the published
site works under any host name (a test server, a short alias, the server's address); only
what leaves the site (feeds, OPML, calendars, the letter, `rel=canonical`, the sitemap) uses
SITEURL."""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The published address: HUB_SITEURL if given, else the content folder's site.toml `url`
# (plugins/hub/source/sitefile.py).
SITEURL = os.environ.get("HUB_SITEURL", "")
HUB_PUBLISHING = True
RELATIVE_URLS = True  # pages: relative links (see above); SITEURL: what leaves the site
WITH_FUTURE_DATES = False
# publishing builds into a fresh staging folder: it starts empty, as a published site must
DELETE_OUTPUT_DIRECTORY = True
