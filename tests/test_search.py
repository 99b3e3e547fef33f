"""Search as employees meet it: real builds with their Pagefind index, served on 127.0.0.1,
typed into the real search page in Debian's Chromium.

- the quality floor on the two query sets of `tests/search/` (the figures themselves are
  in the benchmark's `search` section);
- the whole index, read through Pagefind's own JS API: no glued word, no label;
- glossary synonyms, and the no-result page: its links, its `mailto:` (RFC 6068), and the
  one request per no-result search that the web server's log keeps.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hub.addresses import SEARCH_MISSED, SEARCH_WORDS
from hub.search.vocabulary import words_of
from search_quality import SETS, Query, ask, ask_all, figures, load_set
from support import ROOT
from test_theme_support import build, chromium, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAMPLE = ROOT / "content"
UNSEEN = ROOT / "tests" / "unseen" / "content"
FLOOR_AT1 = 0.9
FLOOR_AT3 = 0.95
# What a page shows as a label, a badge, a date, an author line, a card or navigation:
# never in the index (the theme marks them `data-pagefind-ignore`).
LABELS = (".item-kicker, .badge, time, .facts h2, .facts dt, .story-facts dt, .views h2, "
          ".card, .related, .xref, nav, .tags, .report, .reviewed, .item-when, .banner, "
          ".alternatives, .pager, .feed-links, .feed-list, .calendar-list, .rule-box h2, "
          ".reason, .aliases > span, .gloss-tip")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The sample site and the unseen folder, built with their index and served."""
    out = tmp_path_factory.mktemp("search")
    built = {"sample": build(SAMPLE, out / "sample", search=True),
             "unseen": build(UNSEEN, out / "unseen", search=True)}
    with serve(built["sample"]) as sample, serve(built["unseen"]) as unseen:
        yield {"sample": sample, "unseen": unseen}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


# --- quality ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sample", "unseen"])
def test_the_right_page_comes_first(browser: Any, sites: dict[str, str], name: str) -> None:
    query_set = load_set(SETS / f"{name}.json")
    outcomes = ask_all(browser, sites[name], query_set.queries)
    figs = figures(outcomes)
    misses = [(o.query.text, o.addresses[:3]) for o in outcomes if o.rank != 1]
    assert figs.at1 >= FLOOR_AT1, misses
    assert figs.at3 >= FLOOR_AT3, misses
    assert figs.empty_but_answered == 0, misses


# --- the index -------------------------------------------------------------------------

READ_INDEX = """async () => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.options({});
  const all = await pagefind.search(null);
  return Promise.all(all.results.map(async (r) => {
    const data = await r.data();
    return {url: data.url, content: data.content};
  }));
}"""

READ_PAGE = """(labels) => {
  const body = document.querySelector('[data-pagefind-body]');
  const shown = [...body.querySelectorAll(labels)].filter(
    (e) => !e.closest('[data-pagefind-ignore]') && !e.closest('[hidden]'));
  body.querySelectorAll('[data-pagefind-ignore]').forEach((e) => { e.style.display = 'none'; });
  return {text: body.innerText, labels: shown.map((e) => e.outerHTML.slice(0, 120))};
}"""


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


@pytest.mark.parametrize("name", ["sample", "unseen"])
def test_the_index_holds_what_a_reader_reads(page: Any, sites: dict[str, str],
                                             name: str) -> None:
    """Every page's indexed text, read back from Pagefind, is word for word the text its
    page shows without the labels: no glued word (« Pour quiTout le monde »), no label,
    badge, date, author line, card or navigation."""
    base = sites[name]
    page.goto(base + "recherche/")
    indexed = page.evaluate(READ_INDEX)
    assert len(indexed) > 20
    problems = []
    for entry in indexed:
        page.goto(base + entry["url"].lstrip("/"))
        shown = page.evaluate(READ_PAGE, LABELS)
        if shown["labels"]:
            problems.append(f"{entry['url']}: labels indexed: {shown['labels']}")
        expected, got = tokens(shown["text"]), tokens(entry["content"])
        if got != expected:
            glued = sorted(set(got) - set(expected))
            problems.append(f"{entry['url']}: words not on the page {glued[:8]}, "
                            f"{len(expected)} words shown, {len(got)} indexed")
    assert not problems, "\n".join(problems)


def test_the_hub_pages_are_indexed_with_their_words(page: Any, sites: dict[str, str]) -> None:
    base = sites["sample"]
    for text, address in (("s'abonner", "s-abonner/"), ("newsletter", "s-abonner/"),
                          ("rss", "s-abonner/"), ("catalogue", "services/"),
                          ("glossaire", "glossaire/"), ("lettre novembre", "editions/")):
        outcome = ask(page, base, Query(text, (address,), "hub"))
        assert outcome.addresses and outcome.addresses[0].startswith(address), (text, outcome)


def test_vocabulary_words() -> None:
    assert list(words_of("L'agenda du Wi-Fi, aujourd’hui : 3 clés.")) == [
        "agenda", "du", "wi-fi", "wi", "fi", "aujourd'hui", "clés"]


def test_vocabulary_is_written_beside_the_index(sites: dict[str, str], page: Any) -> None:
    response = page.request.get(sites["sample"] + SEARCH_WORDS.url())
    words = dict(response.json()["words"])
    assert words["messagerie"] > 1 and "dropbox" in words  # text and keywords
    assert "quitout" not in words


# --- synonyms --------------------------------------------------------------------------

SYNONYM_SITE = {
    "glossary/authentification-forte.md": """\
        Title: Authentification forte
        Definition: Une connexion qui demande deux preuves, votre mot de passe et un code.
        Aliases: double authentification, MFA
        """,
    "services/connexion-securisee.md": """\
        Title: Authentification forte
        Slug: connexion-securisee
        Summary: Se connecter avec son mot de passe et une validation sur le téléphone.
        Lifecycle: available
        Owner: a.b@norelia.fr
        Price: Inclus
        Access: Sur demande à l'assistance
        Support: 04 72 00 36 00
        Reviewed: 2026-10-01

        Le code arrive sur votre téléphone professionnel.
        """,
    "news/nouvelle-connexion.md": """\
        Title: La connexion change le 2 novembre
        Date: 2026-11-01
        Summary: Une validation sur le téléphone sera demandée pour se connecter.
        Kind: change
        Services: connexion-securisee

        À partir du 2 novembre, l'authentification forte devient obligatoire.
        """,
}


def test_glossary_forms_find_the_sheet_the_term_names(
        page: Any, tmp_path: Path) -> None:
    content = tmp_path / "content"
    for rel, text in SYNONYM_SITE.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    site = build(content, tmp_path / "out", search=True)
    with serve(site) as base:
        for text in ("authentification forte", "double authentification", "MFA", "mfa"):
            outcome = ask(page, base, Query(text, (), "jargon"))
            assert outcome.addresses[:1] == ("services/connexion-securisee/",), (text, outcome)


# --- what the page does with a query -----------------------------------------------------


def _missed_requests(page: Any) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if SEARCH_MISSED.url() in r.url
            else None)
    return requests


def test_no_result_page_helps_and_is_logged_once(page: Any, sites: dict[str, str]) -> None:
    base = sites["sample"]
    requests = _missed_requests(page)
    query = "xylophone zanzibar"
    outcome = ask(page, base, Query(query, (), "none"))
    assert outcome.addresses == ()
    assert "Aucun résultat" in page.locator("[data-search-status]").inner_text()
    help_block = page.locator("[data-search-help]")
    assert help_block.is_visible()
    page.wait_for_timeout(2500)  # longer than the pause after which a query is logged
    assert [parse_qs(urlsplit(u).query)["q"] for u in requests] == [[query]]
    mailto = help_block.locator("[data-search-ask]").get_attribute("href")
    assert help_block.locator("[data-search-ask]").inner_text() == "Demander à la DSI"
    comms = tomllib.loads((SAMPLE / "site.toml").read_text("utf-8"))["contacts"]["comms"]
    _assert_rfc6068(mailto, comms, query)
    links = help_block.locator("a:not([data-search-ask])").evaluate_all(
        "links => links.map(a => a.href)")
    assert any(u.endswith("/services/") for u in links)
    assert any(u.endswith("/glossaire/") for u in links)
    assistance = tomllib.loads((SAMPLE / "site.toml").read_text("utf-8"))["contacts"]["assistance"]
    assert assistance.rstrip("/") in [u.rstrip("/") for u in links]  # from the site's settings
    for url in links:
        if url.startswith(base):
            assert page.request.get(url).ok, url
    logged = page.request.get(base + SEARCH_MISSED.url() + "?q=x")
    assert logged.ok and 'name="robots" content="noindex' in logged.text()


def _assert_rfc6068(mailto: str, to: str, query: str) -> None:
    """A `mailto:` URI as RFC 6068 writes it: the address, then `?subject=` with every
    character outside its unreserved set percent-encoded (UTF-8), spaces as %20."""
    assert re.fullmatch(r"mailto:[^?]+\?subject=(?:[A-Za-z0-9\-._~!$'()*,;:@/]|%[0-9A-F]{2})*",
                        mailto), mailto
    head, _, fields = mailto.partition("?")
    assert head == "mailto:" + to
    key, _, value = fields.partition("=")
    assert key == "subject" and query in unquote(value, errors="strict")


def test_search_starts_as_the_reader_types(page: Any, sites: dict[str, str]) -> None:
    base = sites["sample"]
    requests = _missed_requests(page)
    page.goto(base + "recherche/")
    page.wait_for_selector("html[data-search-ready]")
    page.locator("#q").press_sequentially("visio", delay=20)  # no Enter
    page.wait_for_function("() => document.querySelector('[data-search-results]')"
                           ".dataset.query === 'visio'")
    first = page.locator("[data-search-results] h2 a").first.get_attribute("href")
    assert first.endswith("/services/visio-reunions/")
    assert requests == []  # found: nothing logged


def test_partial_typo_and_prefix(page: Any, sites: dict[str, str]) -> None:
    base = sites["sample"]
    outcome = ask(page, base, Query("mesagerie", ("services/messagerie-agenda/",), "typo"))
    assert outcome.rank == 1
    assert "Vouliez-vous dire messagerie ?" in page.locator("[data-search-note]").inner_text()
    outcome = ask(page, base, Query("wifi salon", ("services/wifi-invites/",), "partial"))
    assert outcome.rank == 1 and not outcome.complete
    assert "salon" in page.locator("[data-search-note]").inner_text()


def test_the_address_with_q_searches(page: Any, sites: dict[str, str]) -> None:
    page.goto(sites["sample"] + "recherche/?q=coffre-fort")
    page.wait_for_selector("html[data-search-ready]")
    first = page.locator("[data-search-results] h2 a").first.get_attribute("href")
    assert first.endswith("/services/gestion-mots-de-passe/")
