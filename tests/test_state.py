"""State you can see: what a build knows lives in its run object, never in module globals;
the incremental selection reads the explicit key each written page carries."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import FIXTURES, ROOT, TODAY

# Two real builds in one process (two Pelican instances, two content folders), then the
# same again: every list, dict and set at the top of a hub module must be as it was.
TWO_BUILDS = """
import json, sys
from pelican import Pelican
from pelican.settings import read_settings

def build(content, output):
    settings = read_settings("pelicanconf.py", override={
        "PATH": content, "OUTPUT_PATH": output, "HUB_TODAY": sys.argv[4],
        "HUB_FEED_IDS": ""})
    pelican = Pelican(settings)
    pelican.run()
    return pelican

def module_state():
    out = {}
    for name, module in sorted(sys.modules.items()):
        if name == "hub" or name.startswith("hub."):
            for attr, value in vars(module).items():
                if isinstance(value, (dict, list, set)):
                    out[name + "." + attr] = repr(sorted(map(repr, value)))
    return out

first = build(sys.argv[1], sys.argv[3] + "/a")
before = module_state()
second = build(sys.argv[2], sys.argv[3] + "/b")
after = module_state()
from hub.build import state
runs = [p.settings[state.RUN] for p in (first, second)]
print(json.dumps({
    "changed": sorted(k for k in after if before.get(k) != after[k]),
    "roots": [sorted(str(c.root) for c in r.corpora.values()) for r in runs],
    "items": [len(r.corpora[next(iter(r.corpora))].items) for r in runs],
    "plain": [r.kept is None for r in runs],
    "images": [r.images is not None for r in runs],
}))
"""


def test_two_builds_in_one_process_share_no_module_state(tmp_path: Path) -> None:
    one, two = tmp_path / "un", tmp_path / "deux"
    shutil.copytree(FIXTURES / "mini-site", one)
    shutil.copytree(FIXTURES / "mini-site", two)
    for page in sorted((two / "news").glob("*.md"))[1:]:
        page.unlink()  # the second site has fewer news items than the first
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    done = subprocess.run(
        [sys.executable, "-c", TWO_BUILDS, str(one), str(two), str(tmp_path / "out"), TODAY],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["changed"] == []  # no hub module kept anything of the first build
    assert seen["roots"] == [[str(one.resolve())], [str(two.resolve())]]
    assert seen["items"][0] > seen["items"][1]  # each run scanned its own folder
    assert seen["plain"] == [True, True]  # a plain build keeps nothing for later
    assert seen["images"] == [True, True]


def test_a_selection_writes_the_pages_whose_key_it_holds() -> None:
    sys.path.insert(0, str(ROOT / "plugins"))
    from hub.build.incremental import PageKey, PageKind, Selection

    chosen = Selection(items={("service", "services/messagerie.md")}, tags={"outils"},
                       types={"service"}, audiences={"agents"})
    wanted = [
        PageKey(PageKind.ITEM, "services/messagerie.md"),
        PageKey(PageKind.TAG, "outils"),
        PageKey(PageKind.LISTING, "service"),
        PageKey(PageKind.AUDIENCE, "agents"),
        PageKey(PageKind.SERVICE_CATALOGUE),
        None,  # a page that gathers everything: always written
    ]
    unwanted = [
        PageKey(PageKind.ITEM, "services/wifi.md"),
        PageKey(PageKind.TAG, "reseau"),
        PageKey(PageKind.LISTING, "news"),
        PageKey(PageKind.AUDIENCE, "etudiants"),
    ]
    assert all(chosen.wants(key) for key in wanted)
    assert not any(chosen.wants(key) for key in unwanted)
    news_only = Selection(items={("news", "actualites/a.md")}, types={"news"})
    assert not news_only.wants(PageKey(PageKind.SERVICE_CATALOGUE))
