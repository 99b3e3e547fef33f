"""Search quality, measured as an employee meets it (helpers, no tests here).

A query set (`tests/search/*.json`) lists questions with the addresses that answer them.
Each query is typed into the real search page of a real build, in headless Chromium, and
the addresses of the results are read from the page: success at 1 and at 3 and the mean
reciprocal rank follow. Used by `tests/test_search.py` (the quality floor) and by the
benchmark's `search` section (the figures).

    .venv/bin/python tests/search_quality.py tests/search/sample.json [more sets…]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from support import ROOT
from test_theme_support import build, chromium, serve

SETS = ROOT / "tests" / "search"
TYPING_DELAY_MS = 15  # between two keystrokes, as a quick typist


@dataclass(frozen=True)
class Query:
    """A question and the addresses that answer it (none: nothing on the site does)."""

    text: str
    expect: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class QuerySet:
    name: str
    content: Path
    queries: tuple[Query, ...]


@dataclass(frozen=True)
class Outcome:
    """What the search page showed for one query."""

    query: Query
    addresses: tuple[str, ...]
    complete: bool  # the page presented its results as matching every word

    @property
    def rank(self) -> int | None:
        """1-based rank of the first expected address; for a query nothing answers,
        1 when the page did not pretend to answer it."""
        if not self.query.expect:
            return None if self.complete and self.addresses else 1
        for position, address in enumerate(self.addresses, start=1):
            if address in self.query.expect:
                return position
        return None


@dataclass(frozen=True)
class Figures:
    queries: int
    at1: float
    at3: float
    mrr: float
    empty_but_answered: int  # queries with an answer on the site that got no result

    def line(self) -> str:
        return (f"success@1 {self.at1:.2f} · success@3 {self.at3:.2f} · MRR {self.mrr:.2f} "
                f"· {self.empty_but_answered} answerable with no result · {self.queries} queries")


def load_set(path: Path) -> QuerySet:
    data = json.loads(path.read_text(encoding="utf-8"))
    queries = tuple(Query(q["q"], tuple(q["expect"]), q["kind"]) for q in data["queries"])
    return QuerySet(path.stem, ROOT / data["content"], queries)


def figures(outcomes: list[Outcome]) -> Figures:
    ranks = [o.rank for o in outcomes]
    count = len(outcomes) or 1
    return Figures(
        queries=len(outcomes),
        at1=sum(1 for r in ranks if r == 1) / count,
        at3=sum(1 for r in ranks if r is not None and r <= 3) / count,
        mrr=sum(1 / r for r in ranks if r is not None) / count,
        empty_but_answered=sum(1 for o in outcomes if o.query.expect and not o.addresses),
    )


def _wait_for_answer(page: Any, text: str) -> None:
    """The page shows its answer to `text` (the hub's marker, or the status line of a
    search page that has none)."""
    page.wait_for_function(
        """(q) => {
          const list = document.querySelector('[data-search-results]');
          if (list && list.dataset.query !== undefined) { return list.dataset.query === q; }
          const status = document.querySelector('[data-search-status]');
          return status && status.textContent.includes('« ' + q + ' »');
        }""", arg=text, timeout=15000)


def ask(page: Any, base_url: str, query: Query) -> Outcome:
    """Type `query` into the search page, as a reader does, and read what it shows."""
    page.goto(base_url + "recherche/")
    page.wait_for_selector("html[data-search-ready]")
    box = page.locator("[data-search-form] input[name=q]")
    box.press_sequentially(query.text, delay=TYPING_DELAY_MS)
    box.press("Enter")
    _wait_for_answer(page, query.text)
    hrefs = page.locator("[data-search-results] h2 a").evaluate_all(
        "links => links.map(a => a.href)")
    base_path = urlsplit(base_url).path
    addresses = tuple(urlsplit(h).path.removeprefix(base_path) for h in hrefs)
    complete = page.evaluate(
        "() => (document.querySelector('[data-search-results]').dataset.outcome"
        " || 'complete') === 'complete'")
    return Outcome(query, addresses, complete)


def ask_all(browser: Any, base_url: str, queries: tuple[Query, ...]) -> list[Outcome]:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    try:
        return [ask(page, base_url, q) for q in queries]
    finally:
        context.close()


def built_sets(paths: list[Path], workdir: Path) -> Iterator[tuple[QuerySet, Path]]:
    for path in paths:
        query_set = load_set(path)
        yield query_set, build(query_set.content, workdir / query_set.name, search=True)


def measure(paths: list[Path], workdir: Path) -> dict[str, tuple[Figures, list[Outcome]]]:
    """Build each set's content, type its queries in Chromium; figures by set name."""
    found: dict[str, tuple[Figures, list[Outcome]]] = {}
    with chromium() as browser:
        for query_set, site in built_sets(paths, workdir):
            with serve(site) as url:
                outcomes = ask_all(browser, url, query_set.queries)
            found[query_set.name] = (figures(outcomes), outcomes)
    return found


def report(name: str, result: tuple[Figures, list[Outcome]], verbose: bool = True) -> str:
    figs, outcomes = result
    lines = [f"{name}: {figs.line()}"]
    if verbose:
        for o in outcomes:
            if o.rank != 1:
                shown = ", ".join(o.addresses[:3]) or "aucun résultat"
                lines.append(f"  [{o.query.kind}] « {o.query.text} » rank {o.rank}: {shown}"
                             f"{'' if o.complete else ' (partial)'}")
    return "\n".join(lines)


if __name__ == "__main__":
    import tempfile

    wanted = [Path(a) for a in sys.argv[1:]] or sorted(SETS.glob("*.json"))
    with tempfile.TemporaryDirectory(prefix="search-quality-") as tmp:
        for set_name, result in measure(wanted, Path(tmp)).items():
            print(report(set_name, result))
