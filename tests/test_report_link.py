"""« Signaler une erreur sur cette page » on every content template (issue 15): the link
parsed back gives the title, the page's address and the source file, whatever the title
holds (« », quotes, &, accents)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import lxml.html
import pytest
from hub.settings import SettingsError, load
from support import build_site

SITE = "http://127.0.0.1:8000"
NBSP = "\u00a0"
OWNER = "claire.fontaine@norelia.fr"
COMMS = "communication-dsi@norelia.fr"  # the content folder's site.toml says so

# (file, title, page address, who receives the mail)
PAGES = [
    ("services/messagerie.md", "Messagerie & agenda « Pro »", "services/messagerie/", OWNER),
    ("stories/agence.md", "L'agence d'Évry signe ses \"devis\" en ligne", "histoires/agence/",
     COMMS),
    ("constraints/usb.md", "Pourquoi pas de clé USB ? <b>& le reste</b>", "contraintes/usb/",
     COMMS),
    ("news/coupure.md", "Coupure « réseau » : 100 % & plus", "actualites/coupure/", COMMS),
    ("glossary/sla.md", "SLA (accord « de service »)", "glossaire/sla/", COMMS),
    ("editions/lettre.md", "La lettre d'été, n° 3", "editions/lettre/", COMMS),
    ("pages/a-propos.md", "À propos du hub ; ?#=+%", "a-propos/", COMMS),
]
BODIES = {
    "services": f"Summary: Vos e-mails.\nLifecycle: available\nOwner: {OWNER}\n"
    "Price: Inclus\nAccess: Sur demande\nSupport: 04 72 00 36 00\nReviewed: 2026-10-01\n",
    "stories": "Date: 2026-11-10\nSummary: Une histoire.\nServices: messagerie\n"
    "Feature: agenda partagé\n",
    "constraints": "Date: 2026-11-01\nSummary: Les clés.\nRule: Pas de clé.\n"
    "Reason: security\nAlternatives: messagerie\nReviewed: 2026-11-01\n",
    "news": "Date: 2026-11-12\nSummary: Une coupure.\nKind: info\n",
    "glossary": "Definition: Un engagement de qualité de service.\n",
    "editions": "Date: 2026-11-20\n",
    "pages": "",
}


def write_content(root: Path) -> None:
    for rel, title, _url, _to in PAGES:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Title: {title}\n{BODIES[rel.split('/')[0]]}\nLe texte.\n\n"
                        "Une deuxième ligne.\n", encoding="utf-8")
    (root / "site.toml").write_text(f'[contacts]\ncomms = "{COMMS}"\n', encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("report")
    content, out = base / "content", base / "site"
    write_content(content)
    result = build_site(content, out, HUB_SEARCH=False)
    assert result.returncode == 0, result.stderr
    return content, out


def report_link(out: Path, url: str) -> str:
    page = lxml.html.parse(str(out / url / "index.html")).getroot()
    links = page.xpath("//p[@class='report']/a")
    assert len(links) == 1, url
    assert links[0].text_content() == "Signaler une erreur sur cette page"
    return str(links[0].get("href"))


@pytest.mark.parametrize("rel, title, url, to", PAGES, ids=[p[0] for p in PAGES])
def test_report_link_mails_the_owner_with_title_address_and_source(
        built: tuple[Path, Path], rel: str, title: str, url: str, to: str):
    content, out = built
    parts = urlsplit(report_link(out, url))
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == to
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["subject"] == [f"[Hub] Erreur sur «{NBSP}{title}{NBSP}»"]
    body = query["body"][0]
    assert f"{SITE}/{url}\r\n" in body
    lines = len((content / rel).read_text(encoding="utf-8").splitlines())
    assert f"Fichier source : content/{rel}, lignes 1 à {lines}" in body
    assert f"«{NBSP}{title}{NBSP}»" in body


def test_report_link_opens_the_ticket_tool_when_one_is_set(tmp_path: Path):
    content, out = tmp_path / "content", tmp_path / "site"
    write_content(content)
    template = ("https://gitlab.norelia.intra/dsi/hub/-/issues/new?"
                "issue[title]={title}&issue[description]={url}%0A{source}")
    result = build_site(content, out, HUB_SEARCH=False, HUB_REPORT_URL=template)
    assert result.returncode == 0, result.stderr
    rel, title, url, _to = PAGES[3]
    parts = urlsplit(report_link(out, url))
    assert (parts.scheme, parts.netloc) == ("https", "gitlab.norelia.intra")
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["issue[title]"] == [f"[Hub] Erreur sur «{NBSP}{title}{NBSP}»"]
    assert query["issue[description]"][0].startswith(f"{SITE}/{url}\ncontent/{rel}, lignes 1 à")


def test_a_report_url_with_an_unknown_field_is_named_at_start():
    with pytest.raises(SettingsError) as caught:
        load({"HUB_REPORT_URL": "https://outil/nouveau?titre={titre}"})
    assert caught.value.problems == [
        "Le réglage HUB_REPORT_URL ne peut contenir que {title}, {url} et {source}, "
        "pas « {titre} » (doublez une accolade voulue : {{ }})."]
