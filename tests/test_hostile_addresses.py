"""Addresses and collisions in the hostile corpus: what a case asserts beyond its finding.

The hub's pages that a writer's file tried to take are still the hub's, the writer's text
is nowhere in the output, and an item that is not built leaves no broken link behind.
"""

from __future__ import annotations

from hostile.cases_addresses import MARK, cases
from test_hostile import Run, run  # noqa: F401  (the module's one build)

CASES = cases()


def test_no_kept_file_shows_the_writers_text(run: Run) -> None:  # noqa: F811
    kept = {rel for case in CASES for rel in case.kept}
    assert kept
    for rel in kept:
        data = (run.output / rel).read_bytes()
        assert MARK.encode() not in data, rel
    assert (run.output / "images/adr-logo.png").read_bytes().startswith(b"\x89PNG")
    assert "La premiere page garde" in (run.output / "adr-commun/index.html").read_text()


def test_the_writers_text_is_published_nowhere(run: Run) -> None:  # noqa: F811
    found = [p for p in run.output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")
             and MARK in p.read_text(encoding="utf-8", errors="replace")]
    assert found == []


def test_a_page_that_is_not_built_leaves_no_broken_link(run: Run) -> None:  # noqa: F811
    broken = [f for f in run.findings if f.code.startswith("link")
              and any(word in f.message for word in ("adr-", "aaaa", "mots-cles//"))]
    assert broken == []


def test_a_tag_without_an_address_is_dropped_and_the_others_kept(run: Run) -> None:  # noqa: F811
    page = (run.output / "actualites/adr-tag-ponctuation/index.html").read_text()
    assert "mots-cles/vpn/" in page
    assert "???" not in page
    tags = (run.output / "mots-cles/index.html").read_text()
    assert 'href="https://hub-dsi.norelia.intra/mots-cles//"' not in tags
    assert not (run.output / "mots-cles/index.html").parent.joinpath("index.html/").is_dir()
