"""Permanent GUIDs: what a writer may change without readers announcing an item twice."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from hub.feeds.identity import IdentityRegistry
from hub.source.tracking import TrackedItem, fingerprint

BODY = (
    "Hugo Lemaire est commercial à l'agence de Nantes. Il passe ses journées chez des "
    "syndics et des artisans, à qui il propose des pompes à chaleur. Jusqu'au printemps, "
    "un devis suivait un long chemin : imprimé, apporté, relu, renvoyé par fax."
)


def story(source: str, **changes: str) -> TrackedItem:
    base = TrackedItem(type="story", source=source, slug=Path(source).stem, date="2026-06-18",
                  title="À Nantes, le devis est signé avant la fin du café",
                  summary="Les commerciaux font signer leurs devis sur tablette.",
                  fingerprint=fingerprint(BODY))
    return replace(base, **changes)


def test_a_new_item_gets_a_guid_derived_from_its_first_source() -> None:
    first = IdentityRegistry().assign([story("stories/nantes.md")])
    again = IdentityRegistry().assign([story("stories/nantes.md")])
    assert first == again
    assert first["stories/nantes.md"].startswith("urn:uuid:")


def test_renaming_the_file_and_changing_the_slug_keeps_the_guid() -> None:
    registry = IdentityRegistry()
    guid = registry.assign([story("stories/nantes.md")])["stories/nantes.md"]
    moved = story("stories/agence-nantes-devis.md", slug="devis-nantes")
    assert registry.assign([moved])["stories/agence-nantes-devis.md"] == guid


def test_renaming_and_retitling_keeps_the_guid_when_date_and_text_agree() -> None:
    registry = IdentityRegistry()
    guid = registry.assign([story("stories/nantes.md")])["stories/nantes.md"]
    edited = story("stories/devis.md", title="Nantes signe ses devis sur tablette",
                   summary="Tout autre résumé.",
                   fingerprint=fingerprint(BODY + " Une phrase ajoutée à la fin."))
    assert registry.assign([edited])["stories/devis.md"] == guid


def test_a_renamed_item_alone_on_its_date_keeps_its_guid_even_rewritten() -> None:
    registry = IdentityRegistry()
    guid = registry.assign([story("stories/nantes.md")])["stories/nantes.md"]
    rewritten = story("stories/autre.md", title="Autre titre", summary="Autre résumé",
                      fingerprint=fingerprint("Un texte entièrement différent, réécrit."))
    assert registry.assign([rewritten])["stories/autre.md"] == guid


def test_a_copy_beside_the_original_is_a_new_item() -> None:
    registry = IdentityRegistry()
    guid = registry.assign([story("stories/nantes.md")])["stories/nantes.md"]
    guids = registry.assign([story("stories/nantes.md"), story("stories/nantes-copie.md")])
    assert guids["stories/nantes.md"] == guid
    assert guids["stories/nantes-copie.md"] != guid


def test_an_unrelated_new_item_does_not_take_a_vanished_items_guid() -> None:
    registry = IdentityRegistry()
    guid = registry.assign([story("stories/nantes.md")])["stories/nantes.md"]
    other = story("stories/roanne.md", date="2026-09-01", title="À Roanne, le Wi-Fi invités",
                  summary="Les auditeurs se connectent seuls.",
                  fingerprint=fingerprint("Chantal accueille les auditeurs à l'usine de Roanne."))
    assert registry.assign([other])["stories/roanne.md"] != guid


def test_a_new_file_at_an_old_path_after_a_recorded_rename_gets_a_new_guid() -> None:
    registry = IdentityRegistry()
    guid = registry.assign([story("stories/nantes.md")])["stories/nantes.md"]
    registry.assign([story("stories/devis.md")])
    newcomer = story("stories/nantes.md", date="2026-10-01", title="Nantes, deuxième",
                     summary="Autre chose.", fingerprint=fingerprint("Rien à voir."))
    guids = registry.assign([story("stories/devis.md"), newcomer])
    assert guids["stories/devis.md"] == guid
    assert guids["stories/nantes.md"] != guid


def test_the_registry_survives_a_round_trip_through_its_file(tmp_path: Path) -> None:
    path = tmp_path / "feed-ids.json"
    registry = IdentityRegistry()
    guid = registry.assign([story("stories/nantes.md")])["stories/nantes.md"]
    assert registry.save(path)
    assert not registry.save(path), "an unchanged registry is not rewritten"
    reloaded = IdentityRegistry.load(path)
    moved = story("stories/devis.md", slug="devis")
    assert reloaded.assign([moved])["stories/devis.md"] == guid
    assert json.loads(path.read_text(encoding="utf-8"))["items"][0]["guid"] == guid


def test_a_broken_registry_file_is_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "feed-ids.json"
    path.write_text("{ pas du JSON", encoding="utf-8")
    guids = IdentityRegistry.load(path).assign([story("stories/nantes.md")])
    assert guids == IdentityRegistry().assign([story("stories/nantes.md")])


def test_close_texts_have_close_fingerprints() -> None:
    a, b = fingerprint(BODY), fingerprint(BODY + " Une phrase de plus.")
    c = fingerprint("Chantal accueille les auditeurs à l'usine de Roanne sans question.")
    distance = (int(a, 16) ^ int(b, 16)).bit_count()
    assert distance <= 12 < (int(a, 16) ^ int(c, 16)).bit_count()
