"""Every address the hub declares is reserved: one test per address and per way a writer
can take it (file name, `Slug:`, `Save_as:`), generated from `hub.addresses.RESERVED`.

Three real builds (one per way, so that two attempts never share a slug), each checked
by the real checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hub import addresses
from hub import findings as fd
from hub.addresses import RESERVED, Address
from hub.publish.gate import BuildSpec, run_checker
from support import TODAY, build_site

MARK = "Ce texte vient de la page du rédacteur."

# A file the hub writes at each address with placeholders (or under each folder it
# reserves as a whole). A new address with a placeholder needs its sample here.
SAMPLES = {
    addresses.CATALOGUE_FILTER: "catalogue/tous/pilote/index.html",
    addresses.AUDIENCE: "publics/siege/index.html",
    addresses.TAG: "mots-cles/vpn/index.html",
    addresses.EDITION_EMAIL: "editions/une-lettre/email.html",
    addresses.EDITION_LETTER: "editions/une-lettre/lettre.eml",
    addresses.FEEDS: "flux/tout/rss.xml",
    addresses.THEME: "theme/css/hub.css",
    addresses.TEAMS_CARDS["story"]: "histoires/agence/carte.json",
    addresses.TEAMS_CARDS["news"]: "actualites/annonce/carte.json",
    addresses.TEAMS_CARDS["edition"]: "editions/une-lettre/carte.json",
    addresses.TEAMS_CARDS["constraint"]: "contraintes/usb/carte.json",
    addresses.SERVICE_POSTER: "services/messagerie/affiche/index.html",
    addresses.CONSTRAINT_POSTER: "contraintes/usb/affiche/index.html",
    addresses.POSTERS_OF_AUDIENCE: "affiches/siege/index.html",
}
# The search index is off in these builds; the editor is never written (invoke edit).
NOT_WRITTEN_HERE = {addresses.SEARCH_INDEX, addresses.EDITOR}

GOOD = {
    "services/messagerie.md": "Title: Messagerie\nSummary: Vos e-mails.\nLifecycle: pilot\n"
    "Owner: a.b@norelia.fr\nPrice: Inclus\nAccess: Sur demande\nSupport: 04 72 00 36 00\n"
    "Reviewed: 2026-10-01\n\nLe service.\n",
    "stories/agence.md": "Title: Une agence\nDate: 2026-11-10\nSummary: Une histoire.\n"
    "Services: messagerie\nFeature: agenda\nAudience: siege\n\nUne histoire.\n",
    "news/annonce.md": "Title: Une annonce\nDate: 2026-11-12\nSummary: Une annonce.\n"
    "Kind: info\nTags: VPN\n\nUne annonce.\n",
    "constraints/usb.md": "Title: Pourquoi pas de clé USB ?\nDate: 2026-11-11\nSummary: "
    "Les clés USB.\nRule: Pas de clé USB.\nReason: security\nAlternatives: messagerie\n"
    "Reviewed: 2026-10-01\n\nLa raison.\n",
    "editions/une-lettre.md": "Title: La lettre\nDate: 2026-11-20\n\nL'édito.\n",
    "pages/a-propos.md": "Title: À propos\n\nLe hub.\n",
}


def sample(address: Address) -> str:
    """The output file a writer's page would take at this address."""
    if address in SAMPLES:
        return SAMPLES[address]
    assert "{" not in address.pattern, f"ajoutez un exemple pour {address.pattern} à SAMPLES"
    return address.save_as()


def one_segment(address: Address) -> bool:
    """An address a page can take by its file name or `Slug:` (`recherche/`)."""
    return re.fullmatch(r"[a-z0-9-]+/", address.pattern) is not None


@dataclass(frozen=True)
class Attempt:
    address: Address
    way: str  # "file", "slug", "save_as"

    @property
    def rel(self) -> str:
        if self.way == "file":
            return f"pages/{self.address.pattern.strip('/')}.md"
        name = re.sub(r"[^a-z0-9]+", "-", sample(self.address)).strip("-")
        return f"pages/essai-{self.way.replace('_', '-')}-{name}.md"

    @property
    def text(self) -> str:
        key = {"file": "", "slug": f"Slug: {self.address.pattern.strip('/')}\n",
               "save_as": f"Save_as: {sample(self.address)}\n"}[self.way]
        return f"Title: Une page\n{key}\n{MARK}\n"

    @property
    def line(self) -> int:
        return 1 if self.way == "file" else 2


def attempts() -> list[Attempt]:
    found = []
    for address in RESERVED:
        ways = ["save_as"]
        if one_segment(address) and address is not addresses.SUBSCRIBE:  # the exception
            ways = ["file", "slug", "save_as"]
        found.extend(Attempt(address, way) for way in ways)
    return found


ATTEMPTS = attempts()


@dataclass
class Site:
    content: Path
    output: Path
    stderr: str
    findings: list[fd.Finding]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    built = {}
    for way in ("file", "slug", "save_as"):
        root = tmp_path_factory.mktemp(f"adresses-{way}")
        content, output = root / "content", root / "output"
        for rel, text in GOOD.items():
            (content / rel).parent.mkdir(parents=True, exist_ok=True)
            (content / rel).write_text(text, encoding="utf-8")
        for attempt in ATTEMPTS:
            if attempt.way == way:
                (content / attempt.rel).write_text(attempt.text, encoding="utf-8")
        done = build_site(content, output, HUB_SEARCH=False, HUB_FOOTER_PAGES=0)
        findings = run_checker(BuildSpec(content=content, today=TODAY,
                                         settings=(("HUB_SEARCH", False),
                                                   ("HUB_FOOTER_PAGES", 0))), output)
        built[way] = Site(content, output, done.stderr, findings)
    return built


@pytest.mark.parametrize("attempt", ATTEMPTS,
                         ids=lambda a: f"{a.way}:{a.address.pattern or 'accueil'}")
def test_a_writer_cannot_take_a_reserved_address(sites: dict[str, Site],
                                                  attempt: Attempt) -> None:
    site = sites[attempt.way]
    mine = [f for f in site.findings if f.file == str(site.content / attempt.rel)]
    assert [(f.code, f.line) for f in mine] == [("address-reserved", attempt.line)], mine
    assert f"celle {attempt.address.of_holder}" in mine[0].message
    assert f"{attempt.rel}\n  ligne {attempt.line} : erreur : L'adresse" in site.stderr
    hub_file = site.output / sample(attempt.address)
    if attempt.address not in NOT_WRITTEN_HERE:
        assert hub_file.is_file(), hub_file
    if hub_file.is_file():
        assert MARK not in hub_file.read_text(encoding="utf-8")  # still the hub's


def test_no_build_shows_a_traceback_and_no_writers_text_is_published(
        sites: dict[str, Site]) -> None:
    for site in sites.values():
        assert "Traceback" not in site.stderr
        published = [p for p in site.output.rglob("*") if p.is_file()
                     and MARK in p.read_text(encoding="utf-8", errors="replace")]
        assert published == []
        errors = [f for f in site.findings if f.severity is fd.Severity.ERROR
                  and "/essai-" not in f.file and not f.file.endswith(
                      tuple(a.rel for a in ATTEMPTS))]
        assert errors == []



def test_the_s_abonner_page_introduces_the_hubs_subscription_page(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    files = {**GOOD, "pages/s-abonner.md":
             "Title: Suivre la DSI\n\nVoici comment ne rien manquer de la DSI.\n"}
    for rel, text in files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    done = build_site(content, output)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "FileOverwrite" not in done.stderr
    page = (output / addresses.SUBSCRIBE.save_as()).read_text(encoding="utf-8")
    assert "<h1>Suivre la DSI</h1>" in page
    intro = page.index("Voici comment ne rien manquer de la DSI.")
    assert intro < page.index('class="feed-list"')
    assert page.count("Voici comment ne rien manquer") == 1
    for rel in ("theme/css/hub.css", "pagefind/pagefind.js", "sitemap.xml"):
        assert (output / rel).is_file(), rel
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("/s-abonner/</loc>") == 1
    footer = (output / "a-propos/index.html").read_text(encoding="utf-8")
    assert footer.count('href="../s-abonner/"') == 1
    findings = run_checker(BuildSpec(content=content, today=TODAY), output)
    assert [f for f in findings if f.severity is fd.Severity.ERROR] == []


def test_the_writers_guide_lists_every_reserved_name() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "guide-redaction.md").read_text(
        encoding="utf-8")
    section = guide.split("## Adresses réservées", 1)[1].split("\n## ", 1)[0]
    for address in RESERVED:
        if one_segment(address) and address is not addresses.SUBSCRIBE:
            assert f"`{address.pattern.strip('/')}`" in section, address.pattern
    for address in (addresses.HOME, addresses.SITEMAP):
        assert f"`{address.save_as()}`" in section


def test_a_second_write_to_one_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    """Pelican's own overwrite guard, if the corpus ever misses a collision."""
    from hub.build import state
    from hub.build.writer import HubWriter
    from jinja2 import Environment
    from pelican.settings import read_settings

    (tmp_path / "content" / "pages").mkdir(parents=True)
    settings = read_settings(str(Path(__file__).resolve().parents[1] / "pelicanconf.py"),
                             override={"PATH": str(tmp_path / "content"),
                                       "OUTPUT_PATH": str(tmp_path / "output")})
    writer = HubWriter(str(tmp_path / "output"), settings)
    template = Environment().from_string("<p>{{ text }}</p>")
    writer.write_file("x/index.html", template, {}, text="premier", override_output=True)
    writer.write_file("x/index.html", template, {}, text="second", override_output=True)
    found = state.corpus_for(settings).findings
    assert [(f.code, f.file) for f in found] == [("file-overwritten", "x/index.html")]
    assert (tmp_path / "output/x/index.html").read_text() == "<p>premier</p>"


def test_save_as_or_url_alone_moves_the_page_and_its_links(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    files = {**GOOD,
             "pages/aide.md": "Title: Aide\nSave_as: assistance/index.html\n\nL'aide.\n",
             "pages/contacts.md": "Title: Contacts\nUrl: annuaire/\n\nLes contacts.\n",
             "pages/liens.md": "Title: Liens\n\n[aide]({filename}aide.md), "
             "[contacts]({filename}contacts.md)\n"}
    for rel, text in files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    done = build_site(content, output, HUB_SEARCH=False)
    assert "Traceback" not in done.stderr
    assert "L'aide." in (output / "assistance/index.html").read_text(encoding="utf-8")
    assert "Les contacts." in (output / "annuaire/index.html").read_text(encoding="utf-8")
    links = (output / "liens/index.html").read_text(encoding="utf-8")
    assert 'href="../assistance/"' in links and 'href="../annuaire/"' in links
    assert not (output / "aide").exists() and not (output / "contacts").exists()
    findings = run_checker(BuildSpec(content=content, today=TODAY,
                                     settings=(("HUB_SEARCH", False),)), output)
    assert [f for f in findings if f.severity is fd.Severity.ERROR] == []


def test_the_one_regex_of_reserved_addresses_finds_what_a_loop_over_them_finds():
    import re

    from hub.addresses import RESERVED, holder_of

    paths = ["histoires/une-histoire/index.html", "a/b/c.html", "index.htm", "publicsx",
             "x/recherche/index.html", "recherche/index.html\n"]
    for address in RESERVED:
        filled = re.sub(r"\{[a-z_]+\}", "x", address.file_pattern)
        paths += [filled, filled + "x", "x" + filled, filled.replace("x", "a/b")]
        prefix = address.pattern.split("{", 1)[0]
        paths += [prefix, prefix + "x/y.js", prefix.rstrip("/")]

    def first_holding(path: str):
        return next((a for a in RESERVED if a.holds(path)), None)

    for path in paths:
        assert holder_of(path) is first_holding(path), path


def test_no_link_is_told_to_point_at_a_poster_a_card_or_an_unlinked_page() -> None:
    copies = [addresses.SERVICE_POSTER.save_as(slug="messagerie"),
              addresses.CONSTRAINT_POSTER.save_as(slug="chantier"),
              addresses.POSTERS_OF_AUDIENCE.save_as(audience="tous"),
              *(card.url(slug="annonce") for card in addresses.TEAMS_CARDS.values())]
    unlinked = [a.save_as() for a in RESERVED if a.unlinked and "{" not in a.pattern]
    assert unlinked  # 404.html, avis/, revue/…
    assert all(addresses.never_suggested(path) for path in copies + unlinked)
    pages = [addresses.SERVICE.url.format(slug="messagerie") + "index.html",
             addresses.HOME.save_as(), addresses.GLOSSARY.save_as()]
    assert not any(addresses.never_suggested(path) for path in pages)
