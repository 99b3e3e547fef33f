"""Addresses never die (issue 15): rename a service and a story, delete a news item,
rebuild; the old addresses lead to the right page in headless Chromium, the renamed
service's old feed still parses with the same GUIDs and newsboat subscribed to it shows
nothing new; the checker reports an old address taken again; chains are collapsed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import feedparser
import pytest
from support import FIXTURES, ROOT, TODAY, build_site
from test_feeds_newsboat import NEWSBOAT, Reader
from test_theme_support import chromium, serve

REGISTRY = "anciennes-adresses.json"
OLD_FEED = "flux/services/espace-projets/rss.xml"
MOVED = {
    "services/espace-projets/": "services/espace-projets-equipes/",
    "histoires/reunion-siege/": "histoires/reunion-au-siege/",
    "actualites/coupure-terminee/": "actualites/",
}


def build(content: Path, output: Path) -> None:
    result = build_site(content, output, HUB_SEARCH=False, HUB_FEED_IDS="feed-ids.json",
                        HUB_REDIRECTS=REGISTRY)
    assert result.returncode == 0, result.stderr[-3000:]


def rename(content: Path, rel: str, new_slug: str) -> None:
    """What a writer does: a new file name, and every link to it updated."""
    folder, old_name = rel.split("/")
    old_slug = old_name.removesuffix(".md")
    (content / rel).rename(content / folder / f"{new_slug}.md")
    word = re.compile(rf"(?<![\w-]){re.escape(old_slug)}(?![\w-])")
    for path in content.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if word.search(text):
            path.write_text(word.sub(new_slug, text), encoding="utf-8")


def guids(path: Path) -> set[str]:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return {entry.id for entry in feed.entries}


def check(content: Path, output: Path) -> list[dict[str, object]]:
    report = output.parent / "check.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "HUB_TODAY": TODAY}
    subprocess.run([sys.executable, "-m", "hub.checks", "--content", str(content),
                    "--output", str(output), "--format", "json", "--report", str(report),
                    "-e", 'HUB_FEED_IDS="feed-ids.json"', f'HUB_REDIRECTS="{REGISTRY}"'],
                   cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return list(json.loads(report.read_text(encoding="utf-8"))["findings"])


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("old-addresses")
    content, output = base / "content", base / "output"
    shutil.copytree(FIXTURES / "feeds-site", content)
    build(content, output)
    before = guids(output / OLD_FEED)
    reader = None
    if NEWSBOAT is not None:
        reader = Reader(base / "newsboat", output)
        reader.urls.write_text((output / OLD_FEED).as_uri() + "\n", encoding="utf-8")
        reader.reload()
        assert reader.unread()
        reader.read_everything()
    rename(content, "services/espace-projets.md", "espace-projets-equipes")
    rename(content, "stories/reunion-siege.md", "reunion-au-siege")
    (content / "news/coupure-terminee.md").unlink()
    shutil.rmtree(output)
    build(content, output)
    return {"content": content, "output": output, "before": before, "reader": reader}


def test_the_build_keeps_the_old_addresses_in_the_content_folder(renamed: dict[str, object]):
    content = renamed["content"]
    assert isinstance(content, Path)
    data = json.loads((content / REGISTRY).read_text(encoding="utf-8"))
    assert data["redirects"] == MOVED
    assert {i["url"] for i in data["items"]} >= {"services/espace-projets-equipes/"}


def test_old_addresses_land_on_the_new_page_in_chromium(renamed: dict[str, object]):
    output = renamed["output"]
    assert isinstance(output, Path)
    with serve(output) as base, chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for old, new in MOVED.items():
            page.goto(base + old)
            page.wait_for_url(base + new)
            assert page.url == base + new
        assert errors == []  # nothing refused by the CSP
        page.goto(base + "services/espace-projets/index.html")
        page.wait_for_url(base + "services/espace-projets-equipes/")
        assert page.locator("h1").first.inner_text() == "Espace projets"
    stop = (output / "histoires/reunion-siege/index.html").read_text(encoding="utf-8")
    assert "<script" not in stop
    assert 'rel="canonical" href="http://127.0.0.1:8000/histoires/reunion-au-siege/"' in stop
    assert '<a href="../../histoires/reunion-au-siege/">' in stop


def test_the_renamed_service_feed_keeps_its_address_and_items(renamed: dict[str, object]):
    output, before = renamed["output"], renamed["before"]
    assert isinstance(output, Path)
    assert guids(output / OLD_FEED) == before
    assert guids(output / "flux/services/espace-projets-equipes/rss.xml") == before
    reader = renamed["reader"]
    if reader is None:
        pytest.skip("newsboat is not installed")
    assert isinstance(reader, Reader)
    reader.reload()
    assert reader.unread() == []
    assert reader.query("SELECT count(*) FROM rss_item")[0][0] == len(before)


def test_the_sitemap_lists_only_current_addresses(renamed: dict[str, object]):
    output = renamed["output"]
    assert isinstance(output, Path)
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    for old in MOVED:
        assert f"/{old}</loc>" not in sitemap
    assert "/services/espace-projets-equipes/</loc>" in sitemap


def test_the_checker_accepts_the_redirect_pages(renamed: dict[str, object]):
    content, output = renamed["content"], renamed["output"]
    assert isinstance(content, Path) and isinstance(output, Path)
    assert check(content, output) == []


def test_an_old_address_taken_again_is_an_error_and_chains_collapse(
        renamed: dict[str, object], tmp_path: Path):
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(renamed["content"], content)  # type: ignore[arg-type]
    rename(content, "services/espace-projets-equipes.md", "projets")
    (content / "news/coupure-terminee.md").write_text(
        "Title: Un tout autre sujet\nDate: 2026-11-20\nSummary: Rien à voir.\nKind: info\n\n"
        "Une autre annonce.\n", encoding="utf-8")
    build(content, output)
    data = json.loads((content / REGISTRY).read_text(encoding="utf-8"))
    assert data["redirects"]["services/espace-projets/"] == "services/projets/"
    assert data["redirects"]["services/espace-projets-equipes/"] == "services/projets/"
    assert 'url=../../services/projets/"' in (
        output / "services/espace-projets/index.html").read_text(encoding="utf-8")
    found = check(content, output)
    assert [(f["code"], f["file"], f["line"]) for f in found] == [
        ("old-address-taken", f"{content}/news/coupure-terminee.md", 1)]
    assert "« actualites/coupure-terminee/ » est une ancienne adresse" in str(found[0]["message"])


def test_writers_add_old_addresses_by_hand(renamed: dict[str, object], tmp_path: Path):
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(renamed["content"], content)  # type: ignore[arg-type]
    path = content / REGISTRY
    data = json.loads(path.read_text(encoding="utf-8"))
    data["redirects"]["intranet/visio/"] = "services/visio/"
    data["redirects"]["vieux/lien/"] = "services/nexiste-pas/"
    data["redirects"]["../../hors-du-site/"] = "services/visio/"
    data["redirects"]["images/atelier.png"] = "services/visio/"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    build(content, output)
    assert 'url=../../services/visio/"' in (
        output / "intranet/visio/index.html").read_text(encoding="utf-8")
    assert not (output / "vieux/lien/index.html").exists()
    assert not (tmp_path.parent / "hors-du-site").exists()
    assert (output / "images/atelier.png").read_bytes().startswith(b"\x89PNG")
    found = check(content, output)
    lines = path.read_text(encoding="utf-8").splitlines()

    def line(old: str) -> int:
        return next(n for n, text in enumerate(lines, 1) if text.startswith(f'    "{old}"'))

    assert [(f["code"], f["file"], f["line"]) for f in found] == [
        ("old-address-malformed", f"{content}/{REGISTRY}", line("../../hors-du-site/")),
        ("old-address-malformed", f"{content}/{REGISTRY}", line("images/atelier.png")),
        ("old-address-nowhere", f"{content}/{REGISTRY}", line("vieux/lien/"))]


def placed(source: str, url: str, title: str, fallback: str = "services/") -> Any:
    from hub.source.oldaddresses import PlacedItem
    from hub.source.tracking import TrackedItem

    return PlacedItem(TrackedItem("service", source, url.split("/")[1], "", title,
                                  f"Le résumé de {title}.", "0" * 16), url, fallback)


def test_a_deleted_service_leads_to_its_successor_and_a_return_forgets_the_redirect():
    from hub.source.oldaddresses import OldAddresses, updated

    fax = placed("services/fax.md", "services/fax/", "Fax", fallback="services/messagerie/")
    mail = placed("services/messagerie.md", "services/messagerie/", "Messagerie")
    after = updated(OldAddresses(items=[fax, mail]), [mail])
    assert after.redirects == {"services/fax/": "services/messagerie/"}
    moved = placed("services/messagerie.md", "services/mail/", "Messagerie")
    assert updated(after, [moved]).redirects == {
        "services/fax/": "services/mail/", "services/messagerie/": "services/mail/"}
    back = updated(updated(after, [moved]), [mail])  # the writer put the old slug back
    assert back.redirects == {"services/fax/": "services/messagerie/",
                              "services/mail/": "services/messagerie/"}


def test_an_unreadable_file_of_old_addresses_is_one_finding_and_never_rewritten(
        tmp_path: Path):
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURES / "feeds-site", content)
    broken = '{\n<<<<<<< HEAD\n  "redirects": {}\n=======\n}\n'
    (content / REGISTRY).write_text(broken, encoding="utf-8")
    result = build_site(content, output, HUB_SEARCH=False, HUB_REDIRECTS=REGISTRY)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert (content / REGISTRY).read_text(encoding="utf-8") == broken
    found = [f for f in check(content, output) if f["code"] == "old-addresses-broken"]
    assert [(f["file"], f["line"]) for f in found] == [(f"{content}/{REGISTRY}", 2)]
