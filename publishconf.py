"""Settings for publishing to the intranet: absolute URLs, no drafts, nothing from tomorrow."""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("HUB_SITEURL", "https://hub-dsi.norelia.intra")
RELATIVE_URLS = False
WITH_FUTURE_DATES = False
DELETE_OUTPUT_DIRECTORY = True
