"""The writer's preview: a saved change shows within seconds, and only what it touches
is written again."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hub.checks import proofread
from support import FIXTURES, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def version_of(base: str) -> int:
    return int(fetch(base + "__apercu__/version"))


def wait_for(predicate, timeout: float = 60.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            if predicate():
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError("délai dépassé")


@pytest.fixture
def preview(tmp_path: Path):
    content = tmp_path / "contenu"
    shutil.copytree(FIXTURES / "mini-site", content)
    output = tmp_path / "site"
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    journal = (tmp_path / "journal.txt").open("w", encoding="utf-8")  # the preview's log
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--content", str(content),
         "--output", str(output), "--port", str(port)],
        cwd=ROOT, env=env, stdout=journal, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "Messagerie" in fetch(base + "services/messagerie/"), timeout=120)
        yield content, output, base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        journal.close()


def test_a_saved_story_shows_and_only_what_it_touches_is_written(preview):
    content, output, base = preview
    untouched = output / "services" / "fax" / "index.html"
    before = untouched.stat().st_mtime_ns
    story = content / "stories" / "projet-client.md"
    text = story.read_text(encoding="utf-8")
    version = version_of(base)
    story.write_text(text.replace("Un dossier client partagé sans pièce jointe",
                                  "Un dossier client partagé en un clic"), encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)  # the run is over: pages reload
    assert "en un clic" in fetch(base + "histoires/projet-client/")
    # the pages that show the story follow: its services and the list of stories
    assert "en un clic" in fetch(base + "services/partage/")
    assert "en un clic" in fetch(base + "histoires/")
    # a page that does not show it is not written again
    assert untouched.stat().st_mtime_ns == before


@pytest.mark.skipif(not proofread.available(), reason="Grammalecte is not installed")
def test_the_log_shows_the_saved_file_s_proofreading_warnings(preview, tmp_path):
    content, _, base = preview
    story = content / "stories" / "projet-client.md"
    text = story.read_text(encoding="utf-8")
    version = version_of(base)
    story.write_text(text + "\nLes utilisateur peuvent ouvrir le dossier.\n", encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    line = len(text.split("\n")) + 1
    journal = tmp_path / "journal.txt"
    wait_for(lambda: "utilisateurs" in journal.read_text(encoding="utf-8"), timeout=30)
    log = journal.read_text(encoding="utf-8")
    assert f"stories/projet-client.md\n  ligne {line}, colonne 5 : avertissement : " \
           "Grammaire, sur « utilisateur »" in log
    assert "Vouliez-vous écrire « utilisateurs » ?" in log


def test_a_story_moved_to_another_service_leaves_the_old_one(preview):
    content, _, base = preview
    story = content / "stories" / "agence-lyon-agenda.md"
    assert "agence-lyon-agenda" in fetch(base + "services/messagerie/")
    text = story.read_text(encoding="utf-8")
    version = version_of(base)
    story.write_text(text.replace("Services: messagerie", "Services: partage"), encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    assert "agence-lyon-agenda" in fetch(base + "services/partage/")
    assert "agence-lyon-agenda" not in fetch(base + "services/messagerie/")


def test_pages_reload_themselves_but_the_site_files_stay_clean(preview):
    _, output, base = preview
    served = fetch(base + "histoires/projet-client/")
    assert '<script src="/__apercu__/reload.js" defer></script>' in served
    assert "__apercu__" not in (output / "histoires/projet-client/index.html").read_text("utf-8")
    assert fetch(base + "__apercu__/version").strip().isdigit()


def test_a_page_freed_by_a_change_elsewhere_is_written(preview):
    content, _, base = preview
    version = version_of(base)
    (content / "news" / "doublon.md").write_text(
        "Title: Le doublon\nDate: 2026-11-02\nSummary: Une annonce.\nKind: info\n"
        "Save_as: histoires/projet-client/index.html\nUrl: histoires/projet-client/\n\n"
        "Texte du doublon.\n", encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    assert "Texte du doublon" not in fetch(base + "histoires/projet-client/")  # taken
    story = content / "stories" / "projet-client.md"
    version = version_of(base)
    story.write_text("Slug: projet-client-deplace\n" + story.read_text(encoding="utf-8"),
                     encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    assert "Texte du doublon" in fetch(base + "histoires/projet-client/")


def test_a_saved_title_reaches_its_page_the_pages_that_list_it_and_its_feeds(preview):
    content, _, base = preview
    story = content / "stories" / "projet-client.md"
    old, new = "Un dossier client partagé sans pièce jointe", "Un dossier client ouvert à un invité"
    version = version_of(base)
    story.write_text(story.read_text(encoding="utf-8").replace(f"Title: {old}", f"Title: {new}"),
                     encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    for url in ("histoires/projet-client/", "histoires/", "services/partage/",
                "services/messagerie/", "flux/histoires/rss.xml",
                "flux/services/partage/atom.xml"):
        shown = fetch(base + url)
        assert new in shown and old not in shown, url


def test_the_build_s_own_writes_to_the_content_folder_start_no_second_run(preview, tmp_path):
    content, _, base = preview
    registry = content / "feed-ids.json"
    before = registry.read_bytes()
    story = content / "stories" / "projet-client.md"
    version = version_of(base)
    story.write_text(story.read_text(encoding="utf-8") + "\nUn paragraphe de plus.\n",
                     encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    assert registry.read_bytes() != before  # the run recorded the story's new fingerprint
    time.sleep(1.0)  # ten polls of the watcher: none sees a change
    assert version_of(base) == version + 1
    log = (tmp_path / "journal.txt").read_text(encoding="utf-8")
    assert "projet-client.md → site mis à jour" in log
    assert "feed-ids.json" not in log and "anciennes-adresses.json" not in log


def test_an_event_reaches_its_calendars_and_the_others_are_not_written_again(preview):
    content, output, base = preview
    untouched = output / "flux" / "services" / "fax" / "agenda.ics"
    before = untouched.stat().st_mtime_ns
    news = content / "news" / "lancement-espace-projets.md"
    version = version_of(base)
    news.write_text(news.read_text(encoding="utf-8").replace(
        "Kind: launch\n", "Kind: launch\nStarts: 2027-01-14 09:00\n"), encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    for calendar in ("flux/services/partage/agenda.ics", "flux/tout/agenda.ics"):
        assert "SUMMARY:Les espaces projets arrivent en pilote" in fetch(base + calendar)
    assert untouched.stat().st_mtime_ns == before


def test_a_body_edit_refreshes_its_page_alone_and_a_title_edit_its_lists(preview):
    """A change of the body alone changes no entry of a list: the lists, the tag page
    and the pages of the services that show the story are not written again; a change
    of the title afterwards reaches them all."""
    content, output, base = preview
    story = content / "stories" / "agence-lyon-agenda.md"
    lists = ["histoires/", "mots-cles/collaboration/", "services/messagerie/", ""]
    stamps = {url: (output / url / "index.html").stat().st_mtime_ns for url in lists}
    text = story.read_text(encoding="utf-8")
    version = version_of(base)
    story.write_text(text.replace("Un tableau blanc dans le bureau",
                                  "Un grand tableau blanc dans le bureau"), encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    assert "Un grand tableau blanc" in fetch(base + "histoires/agence-lyon-agenda/")
    assert "Un grand tableau blanc" in fetch(base + "flux/histoires/rss.xml")
    for url in lists:
        assert (output / url / "index.html").stat().st_mtime_ns == stamps[url], url
    old, new = "L'agence de Lyon partage son agenda d'équipe", "Lyon partage son agenda"
    version = version_of(base)
    story.write_text(story.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    for url in ["histoires/agence-lyon-agenda/", *lists]:
        shown = fetch(base + url)
        assert new in shown and old not in shown, url


def test_a_file_whose_header_is_as_before_is_a_body_change(tmp_path: Path):
    """What decides that the lists are not written again: the header's values, type
    and slug compared with the previous scan, not the bytes of the file."""
    from hub.build.incremental import _bodies_only
    from hub.settings import HubSettings
    from hub.source.corpus import scan

    content = tmp_path / "contenu"
    shutil.copytree(FIXTURES / "mini-site", content)
    settings = HubSettings(AUDIENCES={"all": "Tout le monde", "agences": "Agences"})
    before = scan(content, settings)
    body, title = "stories/agence-lyon-agenda.md", "stories/projet-client.md"
    edited = content / body
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        "Un tableau blanc", "Un grand tableau blanc"), encoding="utf-8")
    retitled = content / title
    retitled.write_text("Title: Un autre titre\n" + retitled.read_text(encoding="utf-8")
                        .split("\n", 1)[1], encoding="utf-8")
    now = scan(content, settings, previous=before, changes={body, title})
    assert now.item_at(body) is not before.item_at(body)  # read again
    assert _bodies_only({body, title}, before, now) == {body}
    assert _bodies_only({body}, None, now) == set()


def test_a_kept_page_written_again_links_from_its_own_address(preview):
    """A content object kept from an earlier run is rendered with this run's context:
    the links of its body are relative to its own page, not to the last page written
    when it was read."""
    content, output, base = preview
    service = content / "services" / "partage.md"  # the constraint shows it: written again
    version = version_of(base)
    service.write_text(service.read_text(encoding="utf-8").replace("Title: ", "Title: Le ", 1),
                       encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    page = (output / "contraintes" / "drive-grand-public" / "index.html").read_text("utf-8")
    assert 'href="../../services/partage/"' in page
    assert 'href="../services/partage/"' not in page


def test_a_saved_title_reaches_the_a_lire_aussi_of_the_pages_that_pick_it(preview):
    """« À lire aussi » is chosen from headers (shared services and tags): a page that
    picks the story shows its new title after the save."""
    content, output, base = preview
    old, new = "Un dossier client partagé sans pièce jointe", "Un dossier client ouvert à un invité"
    pickers = [p.relative_to(output).parent.as_posix() + "/"
               for p in output.rglob("index.html")
               if "histoires/projet-client/" not in p.as_posix()
               and old in p.read_text(encoding="utf-8").partition('id="a-lire-aussi"')[2]]
    assert pickers, "the mini site has a page whose « À lire aussi » shows the story"
    version = version_of(base)
    story = content / "stories" / "projet-client.md"
    story.write_text(story.read_text(encoding="utf-8").replace(f"Title: {old}", f"Title: {new}"),
                     encoding="utf-8")
    wait_for(lambda: version_of(base) > version, timeout=30)
    for url in pickers:
        related = fetch(base + url).partition('id="a-lire-aussi"')[2]
        assert new in related and old not in related, url
