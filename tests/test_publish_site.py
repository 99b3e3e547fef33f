"""What a published site shows: relative links, a CSP, nothing from tomorrow, no draft,
no hidden page in a list, no expired news on the home page, no source path or setting."""

from __future__ import annotations

import gzip
import inspect
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hub.source import sitefile
from lxml import html as lxml_html
from pelican.settings import read_settings
from support import FIXTURES, ROOT, build_site

SITEURL = "https://hub-dsi.norelia.intra"
DRAFT, FUTURE, HIDDEN, EXPIRED = "XYZZY brouillon", "PLUGH demain", "FROBOZZ masquée", "QUUX périmée"
HIDDEN_NEWS = "GRUE annonce masquée"

EXTRA = {
    "news/brouillon.md": f"Title: {DRAFT}\nDate: 2026-11-01\nSummary: Pas prêt.\nKind: info\n"
                         "Status: draft\n\nTexte du brouillon.\n",
    "news/demain.md": f"Title: {FUTURE}\nDate: 2026-11-24 08:00\nSummary: Pour demain.\n"
                      "Kind: info\n\nAnnonce de demain.\n",
    "pages/masquee.md": f"Title: {HIDDEN}\nStatus: hidden\n\nPage masquée.\n",
    "news/cachee.md": f"Title: {HIDDEN_NEWS}\nDate: 2026-11-21\nSummary: Discrète.\nKind: info\n"
                      "Status: hidden\n\nAnnonce masquée.\n",
    "news/perimee.md": f"Title: {EXPIRED}\nDate: 2026-11-22\nSummary: Finie.\nKind: info\n"
                       "Expires: 2026-11-22\n\nAnnonce périmée.\n",
}


@dataclass
class Site:
    content: Path
    output: Path


def make_content(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(FIXTURES / "mini-site", content)
    for rel, text in EXTRA.items():
        (content / rel).write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("publish-site")
    content = make_content(root)
    output = root / "output"
    done = build_site(content, output, conf="publishconf.py")
    assert done.returncode == 0, done.stderr[-3000:]
    return Site(content, output)


def texts(output: Path) -> dict[str, str]:
    """Every text file of the output (Pagefind's compressed files decompressed)."""
    out = {}
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix.startswith(".pf_") or path.name.endswith(".pagefind"):
            try:
                data = gzip.decompress(data)
            except OSError:
                continue
        out[path.relative_to(output).as_posix()] = data.decode("utf-8", errors="replace")
    return out


def html_pages(output: Path) -> list[Path]:
    return [p for p in sorted(output.rglob("*.html")) if "pagefind" not in p.parts]


def test_no_draft_and_nothing_from_tomorrow_anywhere(site: Site) -> None:
    for rel, text in texts(site.output).items():
        assert DRAFT not in text, rel
        assert FUTURE not in text, rel
    assert not (site.output / "actualites" / "brouillon").exists()
    assert not (site.output / "actualites" / "demain").exists()


def test_tomorrows_news_appears_on_its_day(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    done = build_site(content, tmp_path / "out", conf="publishconf.py", HUB_TODAY="2026-11-24")
    assert done.returncode == 0, done.stderr[-2000:]
    page = tmp_path / "out" / "actualites" / "demain" / "index.html"
    assert FUTURE in page.read_text(encoding="utf-8")
    assert FUTURE in (tmp_path / "out" / "actualites" / "index.html").read_text(encoding="utf-8")


def test_a_hidden_page_is_served_but_listed_nowhere(site: Site) -> None:
    own = "masquee/index.html"
    assert HIDDEN in (site.output / own).read_text(encoding="utf-8")
    for rel, text in texts(site.output).items():
        if rel != own and not rel.startswith("pagefind/"):
            assert HIDDEN not in text, rel
            assert "/masquee/" not in text, rel


def test_a_hidden_news_item_is_served_but_listed_nowhere(site: Site) -> None:
    own = "actualites/cachee/index.html"
    assert HIDDEN_NEWS in (site.output / own).read_text(encoding="utf-8")
    for rel, text in texts(site.output).items():
        if rel != own and not rel.startswith("pagefind/"):
            assert HIDDEN_NEWS not in text, rel
            assert "/actualites/cachee/" not in text, rel


def test_hidden_page_is_not_in_the_search_index(site: Site) -> None:
    for rel, text in texts(site.output).items():
        if rel.startswith("pagefind/"):
            assert HIDDEN not in text, rel


def test_expired_news_leaves_the_home_page_but_stays_in_the_archive(site: Site) -> None:
    home = (site.output / "index.html").read_text(encoding="utf-8")
    assert EXPIRED not in home
    assert EXPIRED in (site.output / "archives" / "index.html").read_text(encoding="utf-8")
    assert (site.output / "actualites" / "perimee" / "index.html").is_file()


def test_pages_link_relatively_and_leave_only_to_the_outside(site: Site) -> None:
    """Pages link to the site relatively (it works under any host name, see
    test_any_host.py); the e-mail version of an edition, read in a mail program, and the
    canonical address of a redirect page are absolute."""
    for page in html_pages(site.output):
        tree = lxml_html.fromstring(page.read_bytes())
        for element, attribute, link, _ in tree.iterlinks():
            if attribute not in ("href", "src", "action") or not link:
                continue
            if page.name == "email.html" or element.get("rel") == "canonical":
                assert link.startswith((SITEURL + "/", "#", "mailto:")), (page, link)
            elif page.name == "404.html":  # served at any address: paths from the root
                outside = link.startswith(("https://", "http://", "mailto:", "tel:")) \
                    and not link.startswith(SITEURL)  # the footer's help desk
                assert outside or (link.startswith(("/", "#")) and not link.startswith("//")), \
                    (page, link)
            else:
                assert not link.startswith(("/", SITEURL)), (page, element.tag, link)


def test_every_page_has_the_content_security_policy(site: Site) -> None:
    pages = html_pages(site.output)
    assert len(pages) > 10
    for page in pages:
        if page.name == "email.html":  # an e-mail body, styled inline for mail programs
            assert "<script" not in page.read_text(encoding="utf-8").lower()
            continue
        tree = lxml_html.fromstring(page.read_bytes())
        metas = tree.xpath('//head/meta[@http-equiv="Content-Security-Policy"]/@content')
        assert len(metas) == 1, page
        assert re.match(r"^default-src 'self'(;|$)", metas[0]), (page, metas[0])


def test_no_source_path_nor_setting_leaks(site: Site) -> None:
    settings = read_settings(str(ROOT / "publishconf.py"))
    needles = [str(ROOT), str(site.content), str(site.content.parent), "pelicanconf",
               "publishconf", "PLUGIN_PATHS", "HUB_TODAY", str(Path.home()),
               settings["THEME"], ".md\""]
    for rel, text in texts(site.output).items():
        for needle in needles:
            assert needle not in text, (rel, needle)


def test_publish_settings() -> None:
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["SITEURL"] == ""  # the content folder's site.toml gives it
    sitefile.apply(settings, ROOT / "content")
    assert settings["SITEURL"] == SITEURL
    assert settings["RELATIVE_URLS"] is True  # pages; feeds and the letter use SITEURL
    assert settings["WITH_FUTURE_DATES"] is False
    assert settings["DRAFT_SAVE_AS"] == "" and settings["DRAFT_PAGE_SAVE_AS"] == ""


def test_the_preview_server_listens_on_this_computer_only() -> None:
    import tasks

    for task in (tasks.serve, tasks.livereload):
        assert inspect.signature(task.body).parameters["bind"].default == "127.0.0.1"
    assert read_settings(str(ROOT / "pelicanconf.py"))["BIND"] == "127.0.0.1"
