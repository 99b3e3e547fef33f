"""A real feed reader, newsboat, never announces an item twice when a writer renames it.

newsboat runs headless (`-x reload`) on every feed of the fixture site through file://
URLs, with its own cache database; "reading" is marking every item read in that cache.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from support import FIXTURES, build_site

NEWSBOAT = shutil.which("newsboat")
pytestmark = pytest.mark.skipif(NEWSBOAT is None, reason="newsboat is not installed")
STORY = "stories/atelier-plans-partages.md"


class Reader:
    """One newsboat profile: its URL list, its cache and its configuration."""

    def __init__(self, home: Path, output: Path) -> None:
        self.home = home
        self.output = output
        self.cache = home / "cache.db"
        self.urls = home / "urls"
        self.config = home / "config"
        home.mkdir(parents=True, exist_ok=True)
        self.config.write_text("reload-threads 2\n", encoding="utf-8")

    def subscribe_all(self) -> None:
        feeds = sorted((self.output / "flux").rglob("*.xml"))
        self.urls.write_text("".join(f"{p.as_uri()}\n" for p in feeds), encoding="utf-8")

    def reload(self) -> None:
        env = {**os.environ, "HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home),
               "XDG_DATA_HOME": str(self.home)}
        result = subprocess.run(
            [str(NEWSBOAT), "-u", str(self.urls), "-c", str(self.cache), "-C",
             str(self.config), "-x", "reload"],
            env=env, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stdout + result.stderr

    def query(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.cache) as db:
            return db.execute(sql).fetchall()

    def read_everything(self) -> None:
        with sqlite3.connect(self.cache) as db:
            db.execute("UPDATE rss_item SET unread = 0")

    def unread(self) -> list[tuple[object, ...]]:
        return self.query("SELECT title, feedurl FROM rss_item WHERE unread = 1 ORDER BY 1, 2")


def rename_story(content: Path) -> None:
    """What a writer does: a new file name and a new slug, same story."""
    old = content / STORY
    text = old.read_text(encoding="utf-8")
    new = content / "stories" / "vienne-plans-atelier.md"
    new.write_text("Slug: plans-partages-atelier-vienne\n" + text, encoding="utf-8")
    old.unlink()


def build(content: Path, output: Path, **settings: object) -> None:
    settings = {"HUB_FEED_IDS": "feed-ids.json", **settings}  # the registry, in the tmp copy
    result = build_site(content, output, HUB_SEARCH=False, **settings)
    assert result.returncode == 0, result.stderr[-3000:]


def scenario(tmp_path: Path, **settings: object) -> Reader:
    """Build, read everything, rename and re-slug a story, rebuild, reload."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "feeds-site", content)
    output = tmp_path / "output"
    build(content, output, **settings)
    reader = Reader(tmp_path / "newsboat", output)
    reader.subscribe_all()
    reader.reload()
    distinct = reader.query("SELECT count(DISTINCT guid) FROM rss_item")[0][0]
    assert distinct == 6  # 4 due items and 2 editions, each once whatever its feeds
    assert reader.unread(), "a first reload brings unread items"
    reader.read_everything()
    assert reader.unread() == []
    rename_story(content)
    shutil.rmtree(output)
    build(content, output, **settings)
    assert (output / "histoires/plans-partages-atelier-vienne/index.html").is_file()
    reader.reload()
    return reader


def test_a_renamed_story_with_a_new_slug_is_not_announced_again(tmp_path: Path) -> None:
    reader = scenario(tmp_path)
    assert reader.unread() == []
    links = {row[0] for row in reader.query("SELECT url FROM rss_item")}
    assert "http://127.0.0.1:8000/histoires/plans-partages-atelier-vienne/" in links, (
        "newsboat did read the rebuilt feeds, with the story's new address")


def test_without_the_identity_registry_the_reader_would_announce_it_twice(
        tmp_path: Path) -> None:
    """The control: GUIDs derived from the file alone change with the file name."""
    reader = scenario(tmp_path, HUB_FEED_IDS="")
    titles = {row[0] for row in reader.unread()}
    assert titles == {"À l'atelier, les plans sont partagés avant midi"}
