"""The one suggestion builder: the names it offers and its French words."""

from __future__ import annotations

from hub.suggest import did_you_mean, nearest, ranked, suggest


def test_nearest_offers_close_names_first() -> None:
    assert nearest("publie", ["brouillon", "publié", "publiee"]) == ["publiee", "publié"]


def test_a_case_only_difference_is_near() -> None:
    assert nearest("ab", ["AB", "xyz"], cutoff=0.9) == ["AB"]


def test_nothing_near_offers_nothing() -> None:
    assert nearest("zzz", ["alpha", "beta"]) == []
    assert suggest("zzz", ["alpha", "beta"]) == ""


def test_ranked_keeps_every_candidate_in_order() -> None:
    assert ranked("intro", ["fin", "introduction", "intro-2"], n=2) == ["intro-2", "introduction"]


def test_the_french_words() -> None:
    assert did_you_mean(["a", "b"]) == " Vouliez-vous dire « a » ou « b » ?"
    assert did_you_mean(["HUB_SEARCH"], quoted=False) == " Vouliez-vous dire HUB_SEARCH ?"
    assert did_you_mean([]) == ""
    assert suggest("Publié", ["publié"]) == " Vouliez-vous dire « publié » ?"
