"""Content the hub's authors did not write: a hospital group's DSI, written from
CONTENT_MODEL.md alone (tests/unseen/content), built and checked as a writer would, then
one realistic mistake of each family applied to a copy (tests/unseen/mistakes.py, which
also runs all 136 of them by hand)."""

from __future__ import annotations

from typing import Any

import pytest
from support import ROOT
from unseen import mistakes

CLEAN = ROOT / "tests" / "unseen" / "content"
# One mistake per family: header habits, values, addresses, unsafe markup, images and
# static files, links, news dates, editions, tags, glossary, audiences, feed registry,
# what a scaffold leaves and findings at the place to change.
SAMPLE = ("H01", "H10", "V16", "P01", "P03", "P05", "S06", "I08", "I12", "K05", "L18", "E01", "W04",
          "T01", "G05", "A01", "F01")
BY_ID = {mid: (title, fn) for mid, title, fn in mistakes.M}


@pytest.fixture(scope="module")
def clean() -> dict[str, Any]:
    return mistakes.run_one(ROOT, CLEAN, "CLEAN", "clean", None, None)


def test_the_unseen_folder_builds_and_checks_clean(clean: dict[str, Any]) -> None:
    assert (clean["build_rc"], clean["check_rc"]) == (0, 0), clean["build_tail"]
    assert not clean["build_tb"] and not clean["check_tb"]
    assert clean["findings"] == []
    assert len(clean["pages"]) > 80


def test_every_sampled_mistake_exists() -> None:
    assert set(SAMPLE) <= set(BY_ID)
    assert len(BY_ID) >= 120


@pytest.mark.parametrize("mid", SAMPLE)
def test_a_writer_s_mistake_is_one_finding_at_its_place(clean: dict[str, Any], mid: str) -> None:
    title, fn = BY_ID[mid]
    result = mistakes.run_one(ROOT, CLEAN, mid, title, fn, clean)
    assert result["verdict"] == "OK", (result["detail"], result["findings_on_file"])
