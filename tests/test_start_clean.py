"""Start clean (issue 23): the feed identity registry and the old addresses belong to their
content folder. A folder emptied and refilled keeps the previous content's files, but the
build neither inherits them (no redirect page to a vanished site, no permanent identity of
another item) nor rewrites them: one warning on each says how to start afresh. A build
of the refilled folder leaves no page of a removed item in the output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hub import findings as fd
from hub.settings import HubSettings
from hub.source.corpus import scan
from support import FIXTURES, TODAY, build_site

REGISTRY, OLD = HubSettings.HUB_FEED_IDS, HubSettings.HUB_REDIRECTS
NEWS = """\
Title: Le nouveau portail des voyageurs est ouvert
Date: 2026-11-20
Summary: Le portail des voyageurs change d'adresse et de présentation.
Kind: info

Le portail des voyageurs est ouvert.
"""


def keep_files(content: Path, output: Path) -> None:
    result = build_site(content, output, HUB_FEED_IDS=REGISTRY, HUB_REDIRECTS=OLD,
                        HUB_SEARCH=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def refilled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The mini site built once (its registry and old addresses written), then emptied of
    its sources and refilled with one news item, then built again into the same output."""
    base = tmp_path_factory.mktemp("clean")
    content, output = base / "content", base / "site"
    shutil.copytree(FIXTURES / "mini-site", content)
    keep_files(content, output)
    before = {name: (content / name).read_text(encoding="utf-8") for name in (REGISTRY, OLD)}
    assert json.loads(before[OLD])["items"] and json.loads(before[REGISTRY])["items"]
    (output / "a-moi.txt").write_text("posé à la main", encoding="utf-8")
    for path in content.rglob("*.md"):
        path.unlink()
    (content / "news" / "portail-voyageurs.md").write_text(NEWS, encoding="utf-8")
    keep_files(content, output)
    return content, output, before


def test_each_file_of_another_content_is_one_warning_saying_how_to_start_afresh(
        refilled: tuple[Path, Path, dict[str, str]]) -> None:
    content, _output, _before = refilled
    corpus = scan(content, HubSettings(HUB_TODAY=TODAY), "contenu")
    found = sorted((f.file, f.code, f.severity) for f in corpus.findings
                   if f.code.endswith("-foreign"))
    assert found == [(f"contenu/{OLD}", "old-addresses-foreign", fd.Severity.WARNING),
                     (f"contenu/{REGISTRY}", "feed-ids-foreign", fd.Severity.WARNING)]
    assert all("supprimez ce fichier" in f.hint for f in corpus.findings
               if f.code.endswith("-foreign"))


def test_nothing_is_inherited_and_the_files_are_not_rewritten(
        refilled: tuple[Path, Path, dict[str, str]]) -> None:
    content, output, before = refilled
    for name, text in before.items():
        assert (content / name).read_text(encoding="utf-8") == text
    old_guids = {item["guid"] for item in json.loads(before[REGISTRY])["items"]}
    feed = (output / "flux" / "actualites" / "atom.xml").read_text(encoding="utf-8")
    assert "Le nouveau portail des voyageurs" in feed
    assert not any(guid in feed for guid in old_guids)
    redirects = [p for p in output.rglob("index.html")
                 if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")]
    assert redirects == []


def test_no_page_of_a_removed_item_stays_in_the_output(
        refilled: tuple[Path, Path, dict[str, str]]) -> None:
    _content, output, _before = refilled
    for gone in ("services/messagerie", "histoires/projet-client", "glossaire/sla",
                 "actualites/panne-messagerie", "a-propos"):
        assert not (output / gone / "index.html").exists(), gone
    assert (output / "actualites" / "portail-voyageurs" / "index.html").is_file()


def test_only_what_the_last_build_wrote_is_removed(
        refilled: tuple[Path, Path, dict[str, str]]) -> None:
    _content, output, _before = refilled
    # every file of a removed item went, with its folders (page, poster, card…)
    for gone in ("services/messagerie", "histoires/projet-client", "glossaire/sla"):
        assert not (output / gone).exists(), gone
    # what the build did not write, and what it writes every time, stay
    assert (output / "a-moi.txt").read_text(encoding="utf-8") == "posé à la main"
    assert (output / "theme" / "css" / "hub.css").is_file()
    assert (output / "index.html").is_file()
