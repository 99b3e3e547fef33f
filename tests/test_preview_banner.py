"""The preview shows a saved file's errors on its page: a French banner at the top (file,
line, what, how), gone at the next good save, never in the built files. The real
`invoke livereload` server on a free port, read by headless Chromium."""

from __future__ import annotations

from pathlib import Path

from test_preview import fetch, preview, version_of, wait_for  # noqa: F401
from test_theme_support import chromium

STORY = "stories/agence-lyon-agenda.md"
PAGE = "histoires/agence-lyon-agenda/"


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_a_bad_date_shows_a_banner_on_its_page_until_a_good_save(preview):  # noqa: F811
    content, output, base = preview
    story = content / STORY
    good = story.read_text(encoding="utf-8")
    before = version_of(base)
    save(story, good.replace("Date: 2026-11-10", "Date: 2026-13-45"))
    wait_for(lambda: version_of(base) > before)
    with chromium() as browser:
        page = browser.new_page()
        page.goto(base + PAGE)
        banner = page.get_by_role("alert")
        text = banner.inner_text()
        assert text.startswith(f"Cette page n'est pas à jour : {content}/{STORY} contient "
                               "1 erreur(s)")
        assert "ligne 2 : " in text and "2026-13-45" in text and "→ " in text
        assert banner.bounding_box()["y"] == 0  # at the top, where the writer looks
        assert page.locator("h1").first.inner_text().startswith("L'agence de Lyon")
        built = [p for p in output.rglob("*.html")
                 if "apercu-erreurs" in p.read_text(encoding="utf-8")]
        assert built == []
        before = version_of(base)
        save(story, good)
        wait_for(lambda: version_of(base) > before)
        page.reload()
        assert page.get_by_role("alert").count() == 0
        assert "apercu-erreurs" not in fetch(base + PAGE)
