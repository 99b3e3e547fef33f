"""Static search: Pagefind indexes the built site in French once Pelican has finished.

Pagefind (the `pagefind[bin]` package) runs offline and writes its bundle into
`output/pagefind/`. Only pages whose content is marked `data-pagefind-body` by the theme
are indexed; the theme adds the content type and audience filters and the metadata of
`site/searchwords.py`. The site's vocabulary (`vocabulary.py`) is written beside the
index. `HUB_SEARCH = False` skips it (tests of other features, quick previews).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hub.addresses import SEARCH_INDEX
from hub.build import incremental
from hub.build.state import hub_settings_of, run_of
from hub.build.timings import timed
from hub.search import vocabulary

BUNDLE_DIR = SEARCH_INDEX.url().rstrip("/")
LANGUAGE = "fr"


def pagefind_command(site: Path) -> list[str]:
    """The command that indexes `site` (the Pagefind binary shipped by `pagefind_bin`)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir",
            BUNDLE_DIR, "--force-language", LANGUAGE, "--silent"]


def index_site(site: Path) -> str | None:
    """Index `site`; None when it worked, otherwise a French explanation."""
    return finished(started(site))


def started(site: Path) -> subprocess.Popen[str] | str:
    """Pagefind indexing `site`, running; or, when it cannot start, why (in French)."""
    try:
        return subprocess.Popen(pagefind_command(site), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        return f"l'outil Pagefind n'a pas pu être lancé ({exc})."


def finished(process: subprocess.Popen[str] | str) -> str | None:
    """Wait for Pagefind; None when it worked, otherwise a French explanation."""
    if isinstance(process, str):
        return process
    out, err = process.communicate()
    if process.returncode != 0:
        detail = (err or out).strip().splitlines()
        return "Pagefind a échoué" + (f" : {detail[-1]}" if detail else ".")
    return None


def _wanted(settings: dict[str, Any]) -> bool:
    """`HUB_SEARCH` on, and not one of the preview server's quick runs (they keep the
    index of its first build)."""
    return (hub_settings_of(settings).HUB_SEARCH
            and incremental.selection(settings) is None)


def start_index(settings: dict[str, Any], output_path: str) -> None:
    """Start Pagefind once every page it indexes is written, so that it works while
    Python writes the rest (feeds, e-mails, calendars); `build_index` waits for it.
    Only the item pages are indexed (`data-pagefind-body`, `_macros.html`)."""
    run = run_of(settings)
    if _wanted(settings) and run.search is None:
        run.search = started(Path(output_path))


@timed("search")
def build_index(pelican: Any) -> None:
    """After the build: the search index, unless `HUB_SEARCH` is off."""
    run = run_of(pelican.settings)
    process, run.search = run.search, None
    if not _wanted(pelican.settings):
        return
    site = Path(pelican.output_path)
    problem = finished(process if process is not None else started(site))
    if problem is None:
        vocabulary.write(site)
    else:
        print(f"Recherche : l'index n'a pas été construit : {problem} "
              "Le reste du site est à jour.", file=sys.stderr)
