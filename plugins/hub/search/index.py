"""Static search: Pagefind indexes the built site in French once Pelican has finished.

Pagefind (the `pagefind[bin]` package) runs offline and writes its bundle into
`output/pagefind/`. Only pages whose content is marked `data-pagefind-body` by the theme
are indexed; the theme adds the content type and audience filters. `HUB_SEARCH = False`
skips it (tests of other features, quick previews).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hub.addresses import SEARCH_INDEX
from hub.build import incremental
from hub.build.state import hub_settings_of
from hub.build.timings import timed

BUNDLE_DIR = SEARCH_INDEX.url().rstrip("/")
LANGUAGE = "fr"


def pagefind_command(site: Path) -> list[str]:
    """The command that indexes `site` (the Pagefind binary shipped by `pagefind_bin`)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir",
            BUNDLE_DIR, "--force-language", LANGUAGE, "--silent"]


def index_site(site: Path) -> str | None:
    """Index `site`; None when it worked, otherwise a French explanation."""
    try:
        done = subprocess.run(pagefind_command(site), capture_output=True, text=True,
                              check=False)
    except OSError as exc:
        return f"l'outil Pagefind n'a pas pu être lancé ({exc})."
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        return "Pagefind a échoué" + (f" : {detail[-1]}" if detail else ".")
    return None


@timed("search")
def build_index(pelican: Any) -> None:
    """After the build: the search index, unless `HUB_SEARCH` is off."""
    if not hub_settings_of(pelican.settings).HUB_SEARCH:
        return
    if incremental.selection(pelican.settings) is not None:
        return  # the preview server's quick runs keep the index of its first build
    problem = index_site(Path(pelican.output_path))
    if problem:
        print(f"Recherche : l'index n'a pas été construit : {problem} "
              "Le reste du site est à jour.", file=sys.stderr)
