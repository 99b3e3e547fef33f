"""The feeds as real clients read them: feedparser, the OPML, the e-mail edition.

Built from tests/fixtures/feeds-site (copied, since the build records GUIDs beside the
content) and from the sample content/, with "today" frozen to 2026-11-23.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
import pytest
from support import FIXTURES, ROOT, build_site

SITE = "http://127.0.0.1:8000"
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "data", "longdesc", "background")


@dataclass
class Built:
    content: Path
    output: Path


def build(tmp: Path, source: Path, name: str = "out", **settings: object) -> Built:
    content = tmp / "content"
    if not content.exists():
        shutil.copytree(source, content)
    output = tmp / name
    result = build_site(content, output, HUB_SEARCH=False, **settings)
    assert result.returncode == 0, result.stderr[-3000:]
    return Built(content, output)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("feeds-site"), FIXTURES / "feeds-site")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("sample"), ROOT / "content")


def feed_files(output: Path) -> list[Path]:
    return sorted((output / "flux").rglob("*.xml"))


def parse(path: Path) -> feedparser.FeedParserDict:
    return feedparser.parse(path.read_bytes(), sanitize_html=False,
                            resolve_relative_uris=False)


def urls_in_html(fragment: str) -> list[str]:
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        found += [element.get(a) for a in URL_ATTRIBUTES if element.get(a) is not None]
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                found.append(candidate.split()[0])
    return found


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) or parts.scheme in (
        "mailto", "tel")


def titles(path: Path) -> list[str]:
    return [e.title for e in parse(path).entries]


# --- every feed, as feedparser reads it ---------------------------------------------

@pytest.mark.parametrize("which", ["site", "sample"])
def test_feedparser_reads_every_feed_with_absolute_urls_unique_guids_and_dates(
        which: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(which)
    files = feed_files(built.output)
    assert len(files) >= 2 * 12
    for path in files:
        relative = path.relative_to(built.output).as_posix()
        feed = parse(path)
        assert not feed.bozo, (relative, feed.get("bozo_exception"))
        assert feed.version in ("rss20", "atom10"), relative
        self_links = [link.href for link in feed.feed.links if link.rel == "self"]
        assert self_links == [f"{SITE}/{relative}"], relative
        assert is_absolute(feed.feed.link), relative
        guids = [entry.id for entry in feed.entries]
        assert len(guids) == len(set(guids)), relative
        stamps = [entry.published_parsed for entry in feed.entries]
        assert all(stamps), relative
        assert stamps == sorted(stamps, reverse=True), f"{relative}: newest first"
        for entry in feed.entries:
            assert entry.id.startswith("urn:uuid:"), relative
            assert entry.published.endswith(("+01:00", "+02:00", "+0100", "+0200")), (
                relative, entry.published)
            assert is_absolute(entry.link), (relative, entry.link)
            html = "".join(c.value for c in entry.get("content", []))
            assert html.strip(), (relative, entry.title, "full content")
            urls = urls_in_html(html) + urls_in_html(entry.get("summary", ""))
            urls += [link.href for link in entry.links]
            relative_urls = [u for u in urls if not is_absolute(u)]
            assert not relative_urls, (relative, entry.title, relative_urls)


def test_the_sample_site_has_every_kind_of_feed_capped_at_the_configured_count(
        sample: Built) -> None:
    flux = sample.output / "flux"
    for key in ("tout", "editions", "histoires", "contraintes", "actualites",
                "publics/siege", "publics/usines", "services/messagerie-agenda"):
        assert (flux / key / "rss.xml").is_file(), key
        assert (flux / key / "atom.xml").is_file(), key
    assert len(parse(flux / "tout" / "rss.xml").entries) == 20  # HUB_FEED_ITEMS
    assert len(parse(flux / "editions" / "atom.xml").entries) >= 1


def test_the_item_count_follows_the_setting(tmp_path: Path) -> None:
    built = build(tmp_path, FIXTURES / "feeds-site", HUB_FEED_ITEMS=2)
    assert len(parse(built.output / "flux/tout/rss.xml").entries) == 2


# --- what each feed holds --------------------------------------------------------------

def test_everything_feed_holds_due_items_newest_first(site: Built) -> None:
    assert titles(site.output / "flux/tout/atom.xml") == [
        "L'Espace projets est ouvert à tous",
        "Au siège, les réunions commencent à l'heure",
        "À l'atelier, les plans sont partagés avant midi",
        "Pourquoi ma clé USB ne fonctionne-t-elle pas\u202f?",
    ]  # not the story dated 2026-12-15, not the news that expired on 2026-10-21


def test_future_items_enter_on_their_date_and_expired_news_leaves(tmp_path: Path) -> None:
    october = build(tmp_path, FIXTURES / "feeds-site", "october", HUB_TODAY="2026-10-16")
    assert "Coupure de la visioconférence le 20 octobre" in titles(
        october.output / "flux/actualites/rss.xml")
    december = build(tmp_path, FIXTURES / "feeds-site", "december", HUB_TODAY="2026-12-20")
    everything = titles(december.output / "flux/tout/rss.xml")
    assert everything[0] == "Une histoire pour le mois prochain"
    assert "Coupure de la visioconférence le 20 octobre" not in everything
    archive = (december.output / "actualites/coupure-terminee/index.html")
    assert archive.is_file(), "an expired item stays in the archive"


def test_audience_feed_holds_its_items_and_those_for_everyone(site: Built) -> None:
    usines = titles(site.output / "flux/publics/usines/rss.xml")
    assert "À l'atelier, les plans sont partagés avant midi" in usines
    assert "Pourquoi ma clé USB ne fonctionne-t-elle pas\u202f?" in usines  # everyone
    assert "Au siège, les réunions commencent à l'heure" not in usines
    siege = titles(site.output / "flux/publics/siege/rss.xml")
    assert "Au siège, les réunions commencent à l'heure" in siege
    assert "À l'atelier, les plans sont partagés avant midi" not in siege


def test_service_feed_holds_its_stories_explainers_and_news(site: Built) -> None:
    assert sorted(titles(site.output / "flux/services/espace-projets/atom.xml")) == sorted([
        "À l'atelier, les plans sont partagés avant midi",
        "Pourquoi ma clé USB ne fonctionne-t-elle pas\u202f?",
        "L'Espace projets est ouvert à tous",
    ])


def test_type_and_editions_feeds(site: Built) -> None:
    assert titles(site.output / "flux/contraintes/rss.xml") == [
        "Pourquoi ma clé USB ne fonctionne-t-elle pas\u202f?"]
    editions = parse(site.output / "flux/editions/rss.xml")
    assert [e.title for e in editions.entries] == [
        "La lettre de novembre 2026", "La lettre d'octobre 2026"]
    body = editions.entries[0].content[0].value
    assert "Dans cette édition" in body
    assert f'href="{SITE}/actualites/nouvel-espace-projets/"' in body


def test_items_carry_summary_author_categories_and_image_enclosure(site: Built) -> None:
    for name in ("rss.xml", "atom.xml"):
        feed = parse(site.output / "flux/histoires" / name)
        entry = next(e for e in feed.entries if e.title.startswith("À l'atelier"))
        assert entry.summary.startswith("L'atelier de Vienne partage ses plans")
        assert entry.author == "Camille Roux"
        terms = {t.term for t in entry.tags}
        assert {"Histoire d'usage", "fichiers", "usines", "Usines et logistique"} <= terms
        enclosures = [link for link in entry.links if link.rel == "enclosure"]
        assert len(enclosures) == 1, name
        # The published, stripped PNG variant (Outlook shows no WebP), with its real size.
        href = enclosures[0].href
        assert href.startswith(f"{SITE}/images/atelier-") and href.endswith(".png"), href
        assert enclosures[0].type == "image/png"
        published = site.output / href.removeprefix(f"{SITE}/")
        assert int(enclosures[0].length) == published.stat().st_size, name
        alternates = [link.href for link in entry.links if link.rel == "alternate"]
        assert alternates == [f"{SITE}/histoires/atelier-plans-partages/"], name
        assert entry.published.startswith(("2026-09-10T09:30:00+02:00",
                                           "Thu, 10 Sep 2026 09:30:00 +0200"))


# --- feedgen's traps, checked on the bytes ---------------------------------------------

def test_rss_channel_link_is_the_site_page_not_the_feed_itself(site: Built) -> None:
    channel = ET.parse(site.output / "flux/services/visio/rss.xml").getroot().find("channel")
    assert channel is not None
    assert channel.findtext("link") == f"{SITE}/services/visio/"


def test_atom_entry_links_keep_rel_type_and_length(site: Built) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(site.output / "flux/histoires/atom.xml").getroot()
    for entry in root.findall("a:entry", ns):
        for link in entry.findall("a:link", ns):
            assert link.get("rel") in ("alternate", "enclosure"), ET.tostring(link)
            assert link.get("type"), ET.tostring(link)
            if link.get("rel") == "enclosure":
                assert int(link.get("length", "0")) > 0


def test_no_media_group_no_zero_length_and_no_build_time(site: Built) -> None:
    for path in feed_files(site.output):
        data = path.read_bytes()
        assert b"media:" not in data
        assert b'length="0"' not in data
    rss = ET.parse(site.output / "flux/tout/rss.xml").getroot()
    assert rss.findtext("channel/lastBuildDate") == "Mon, 02 Nov 2026 08:00:00 +0100"


def test_two_builds_of_the_same_content_give_identical_feed_bytes(
        site: Built, tmp_path: Path) -> None:
    again = build(tmp_path, FIXTURES / "feeds-site", "again")  # fresh copy, no registry yet
    twice = build(tmp_path, FIXTURES / "feeds-site", "twice")  # with the registry written
    patterns = ("flux/**/*.xml", "flux/**/*.ics", "flux/*.opml", "editions/*/email.html",
                "editions/*/lettre.eml")
    first = {p.relative_to(site.output): p.read_bytes()
             for pattern in patterns for p in site.output.glob(pattern)}
    assert len(first) > 20
    for other in (again, twice):
        for relative, data in first.items():
            assert (other.output / relative).read_bytes() == data, relative


def test_guids_do_not_depend_on_the_site_address(site: Built, tmp_path: Path) -> None:
    moved = build(tmp_path, FIXTURES / "feeds-site", "moved",
                  HUB_FEED_SITEURL="https://hub.exemple.intra")
    before = [e.id for e in parse(site.output / "flux/tout/atom.xml").entries]
    after = parse(moved.output / "flux/tout/atom.xml")
    assert [e.id for e in after.entries] == before
    assert after.entries[0].link.startswith("https://hub.exemple.intra/")


# --- subscribing -------------------------------------------------------------------

def test_opml_lists_every_feed(site: Built) -> None:
    listed: set[str] = set()
    for name in ("abonnements.opml", "abonnements-atom.opml"):
        root = ET.parse(site.output / "flux" / name).getroot()
        for outline in root.iter("outline"):
            if outline.get("xmlUrl"):
                assert outline.get("type") == "rss" and outline.get("text")
                assert outline.get("htmlUrl", "").startswith(SITE)
                listed.add(outline.get("xmlUrl", ""))
    expected = {f"{SITE}/{p.relative_to(site.output).as_posix()}"
                for p in feed_files(site.output)}
    assert listed == expected


def test_subscribe_page_lists_every_feed_and_explains_outlook(site: Built) -> None:
    page = (site.output / "s-abonner/index.html").read_text(encoding="utf-8")
    for path in feed_files(site.output):  # linked from the page, relatively (any host)
        assert f'href="../{path.relative_to(site.output).as_posix()}"' in page, path
    for path in site.output.glob("flux/**/rss.xml"):  # the address to copy, absolute
        assert f"<code>{SITE}/{path.relative_to(site.output).as_posix()}</code>" in page, path
    assert "Ajouter un nouveau flux RSS" in page
    assert "abonnements.opml" in page
    assert "lecteur de flux" in page
    home = (site.output / "index.html").read_text(encoding="utf-8")
    assert 'href="./s-abonner/"' in home or f'href="{SITE}/s-abonner/"' in home


def test_pages_announce_their_feeds_in_the_head(site: Built) -> None:
    def alternates(relative: str) -> list[str]:
        """The page's feed links, resolved as a reader resolves them from the page."""
        document = lxml.html.parse(str(site.output / relative)).getroot()
        page = f"{SITE}/{relative.removesuffix('index.html')}"
        return [urljoin(page, link.get("href")) for link in document.head.iter("link")
                if link.get("rel") == "alternate"]

    assert alternates("index.html")[:2] == [f"{SITE}/flux/tout/rss.xml",
                                            f"{SITE}/flux/tout/atom.xml"]
    assert alternates("services/visio/index.html")[0] == f"{SITE}/flux/services/visio/rss.xml"
    assert alternates("publics/usines/index.html")[0] == f"{SITE}/flux/publics/usines/rss.xml"
    assert alternates("histoires/index.html")[0] == f"{SITE}/flux/histoires/rss.xml"


# --- the e-mail edition -------------------------------------------------------------

@pytest.mark.parametrize("which", ["site", "sample"])
def test_email_edition_is_inlined_absolute_and_every_image_has_alt_text(
        which: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(which)
    mails = sorted(built.output.glob("editions/*/email.html"))
    assert mails
    for mail in mails:
        text = mail.read_text(encoding="utf-8")
        document = lxml.html.document_fromstring(text)
        assert not document.xpath("//style"), mail
        assert not document.xpath("//link[contains(@rel, 'stylesheet')]"), mail
        assert not document.xpath("//*[@class and not(@style)][self::td]"), "CSS inlined"
        assert '<!--[if mso]><table role="presentation" width="600"' in text, mail
        assert "max-width: 600px" in document.xpath("//table[@class='sheet']")[0].get("style")
        for image in document.iter("img"):
            assert (image.get("alt") or "").strip(), (mail, image.get("src"))
        urls = [u for element in document.iter() if isinstance(element.tag, str)
                for u in (element.get("href"), element.get("src")) if u]
        assert urls and all(is_absolute(u) for u in urls), [
            u for u in urls if not is_absolute(u)]


def test_email_edition_lists_the_items_of_the_edition(site: Built) -> None:
    text = (site.output / "editions/lettre-novembre-2026/email.html").read_text("utf-8")
    assert "L'Espace projets est ouvert à tous" in text
    assert "Au siège, les réunions commencent à l'heure" in text
    assert "À l'atelier, les plans sont partagés avant midi" not in text  # previous edition
    october = (site.output / "editions/lettre-octobre-2026/email.html").read_text("utf-8")
    assert "À l'atelier, les plans sont partagés avant midi" in october
