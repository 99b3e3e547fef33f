"""Each way writers really type a header: the keys that are there are read (never
reported missing), and one finding at the habit's own line says what to change."""

from __future__ import annotations

import pytest
from hub.model import TYPES_BY_ID
from hub.settings import HubSettings
from hub.source.header import read
from hub.source.metadata import validate

SETTINGS = HubSettings(AUDIENCES={"all": "Tout le monde", "siege": "Siège"},
                       HUB_TODAY="2026-11-23")
SERVICE = """Title: Messagerie et agenda
Summary: Vos e-mails et votre agenda, partout.
Lifecycle: available
Owner: claire.martin@norelia.fr
Price: Inclus
Access: https://portail.exemple.intra/messagerie
Support: 04 72 00 36 00
Reviewed: 2026-10-01
Audience: siege
"""
BODY = "\nLe texte de la fiche.\n"


def parse(text: str):
    source = read(text.encode("utf-8"))
    return source, validate(TYPES_BY_ID["service"], source, SETTINGS, "f.md")


CLEAN_SOURCE, CLEAN = parse(SERVICE + BODY)

# (habit, old line, new line, expected code, line)
HABITS = [
    ("tab before a key", "Owner:", "\tOwner:", "key-indented", 4),
    ("two tabs before a key", "Owner:", "\t\tOwner:", "key-indented", 4),
    ("four spaces before a key", "Price:", "    Price:", "key-indented", 5),
    ("no-break space before a key", "Price:", "\u00a0Price:", "key-indented", 5),
    ("space before the colon", "Lifecycle:", "Lifecycle :", "key-space-before-colon", 3),
    ("spaces before the colon", "Lifecycle:", "Lifecycle   :", "key-space-before-colon", 3),
    ("tab before the colon", "Lifecycle:", "Lifecycle\t:", "key-space-before-colon", 3),
    ("no-break space before the colon", "Owner:", "Owner\u00a0:", "key-space-before-colon", 4),
    ("narrow no-break space before the colon", "Reviewed:", "Reviewed\u202f:",
     "key-space-before-colon", 8),
    ("double quotes around a choice", "Lifecycle: available", 'Lifecycle: "available"',
     "quoted-value", 3),
    ("French quotes around a choice", "Lifecycle: available", "Lifecycle: «\u00a0available\u00a0»",
     "quoted-value", 3),
    ("curly quotes around a date", "Reviewed: 2026-10-01", "Reviewed: “2026-10-01”",
     "quoted-value", 8),
    ("quotes around an e-mail", "Owner: claire.martin@norelia.fr",
     "Owner: 'claire.martin@norelia.fr'", "quoted-value", 4),
    ("audience listed twice", "Audience: siege", "Audience: siege, siege", "duplicate-in-list", 9),
]


@pytest.mark.parametrize("habit, old, new, code, line", HABITS, ids=[h[0] for h in HABITS])
def test_the_key_is_read_and_the_habit_is_one_finding_at_its_line(habit, old, new, code, line):
    source, parsed = parse(SERVICE.replace(old, new, 1) + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [(code, line)]
    assert parsed.values == CLEAN.values
    assert source.body == CLEAN_SOURCE.body


def test_quotes_around_a_text_are_kept_and_reported_as_shown_on_the_site():
    _, parsed = parse(SERVICE.replace("Title: Messagerie et agenda",
                                      'Title: "Messagerie et agenda"') + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("quoted-text", 1)]
    assert parsed.values["title"] == '"Messagerie et agenda"'


@pytest.mark.parametrize("written, meant", [
    ("Titre", "Title"), ("Résumé", "Summary"), ("Cycle de vie", "Lifecycle"),
    ("Propriétaire", "Owner"), ("Prix", "Price"), ("Accès", "Access"),
    ("Date de revue", "Reviewed"), ("Lifecyle", "Lifecycle"), ("OWNR", "Owner"),
])
def test_a_french_or_misspelt_required_key_is_one_error_at_its_line_and_is_read(written, meant):
    line = next(i for i, t in enumerate(SERVICE.splitlines(), 1) if t.startswith(meant + ":"))
    _, parsed = parse(SERVICE.replace(f"{meant}:", f"{written}:") + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("misspelled-key", line)]
    assert f"« {meant} »" in parsed.findings[0].hint
    assert parsed.values == CLEAN.values  # read all the same: nothing cascades


@pytest.mark.parametrize("written, meant", [
    ("Public", "Audience"), ("Audiance", "Audience"), ("Mots-clés", "Tags"),
])
def test_an_optional_key_the_type_does_not_have_is_a_warning_with_the_key_meant(written,
                                                                                meant):
    _, parsed = parse(SERVICE.replace("Audience:", f"{written}:") + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("unknown-key", 9)]
    assert parsed.findings[0].hint.startswith(f"Vouliez-vous dire « {meant} » ?")


@pytest.mark.parametrize("first_line", [
    "Attention: le service ferme à 18 h vendredi.",
    "Important : pensez à enregistrer vos fichiers avant la coupure",
    "Pour rappel: la messagerie change.",
])
def test_a_text_starting_without_its_blank_line_is_kept_as_text(first_line):
    source, parsed = parse(SERVICE + first_line + "\nSuite du texte.\n")
    assert [(f.code, f.line) for f in parsed.findings] == [("missing-blank-line", 10)]
    assert parsed.values == CLEAN.values
    assert source.body.startswith(first_line) and source.body_line == 10


def test_a_lost_line_in_the_header_does_not_cut_it():
    _, parsed = parse(SERVICE.replace("Price: Inclus", "Price: Inclus\nvoir la grille tarifaire")
                      + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("header-lost-line", 6)]
    assert parsed.values == CLEAN.values


def test_a_lost_line_naming_a_key_is_not_reported_missing_too():
    _, parsed = parse(SERVICE.replace("Price: Inclus", "Price Inclus") + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("header-lost-line", 5)]


def test_a_key_written_twice_in_two_letter_cases():
    _, parsed = parse(SERVICE + "price: 8 €\n" + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("duplicate-key-case", 10)]
    assert "« Price » (ligne 5)" in parsed.findings[0].message


def test_yaml_front_matter_and_list_are_read():
    text = ("---\n" + SERVICE.replace("Audience: siege", "Audience:\n  - siege\n  - all")
            + "---\n" + BODY)
    _, parsed = parse(text)
    assert [(f.code, f.line) for f in parsed.findings] == [("front-matter", 1),
                                                           ("yaml-list", 10)]
    assert parsed.values["audience"] == ("siege", "all")
    assert parsed.values["lifecycle"] == "available"


def test_an_empty_image_alt_is_an_error_at_its_line():
    _, parsed = parse(SERVICE + "Image: images/x.png\nImage-alt:\n" + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("empty-value", 11)]


def test_an_empty_image_alt_without_image_says_nothing():
    _, parsed = parse(SERVICE + "Image-alt:\n" + BODY)
    assert parsed.findings == []


def test_a_url_right_after_the_header_is_text_not_a_key():
    source, parsed = parse(SERVICE + "https://portail.exemple.intra/aide\n")
    assert parsed.findings == []
    assert source.body == "https://portail.exemple.intra/aide\n"


def test_markdowns_continuation_lines_still_join_the_value():
    source, parsed = parse(SERVICE.replace("Price: Inclus", "Price: Inclus pour\n    les équipes")
                           + BODY)
    assert parsed.findings == []
    assert parsed.values["price"] == "Inclus pour les équipes"


def test_empty_quotes_are_an_empty_value():
    _, parsed = parse(SERVICE + 'Image: images/x.png\nImage-alt: ""\n' + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("empty-value", 11)]


def test_a_yaml_list_in_brackets_is_read_as_a_list():
    _, parsed = parse(SERVICE + "Tags: [vpn, wifi]\n" + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("yaml-list", 10)]
    assert parsed.values["tags"] == ("vpn", "wifi")


def test_a_pelican_key_in_french_is_suggested():
    _, parsed = parse(SERVICE + "Statut: brouillon\n" + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("unknown-key", 10)]
    assert parsed.findings[0].hint.startswith("Vouliez-vous dire « Status » ?")


def test_a_huge_header_line_is_read_quickly():
    import time

    start = time.perf_counter()
    parse(SERVICE + ("Attention " + "mot " * 200_000) + ": x\n" + "a b " * 100_000 + "\n")
    parse(SERVICE + "\t" * 100_000 + "Owner\u00a0" * 50_000 + "\n" + BODY)
    assert time.perf_counter() - start < 2


def test_files_the_hub_does_not_publish_are_named_and_the_others_are_left_alone(tmp_path):
    from hub.source import gate
    from hub.source.corpus import source_files, stray_files

    files = {
        "services/ok.md": "stray? no", "news/2026/ok.md": "", "feed-ids.json": "{}",
        "lexique.txt": "", "images/photo.jpg": "", "images/notes.md": "",
        "news/.DS_Store": "", "news/Thumbs.db": "", ".git/config": "",
        "news/A.MD": "", "news/b.Md": "", "notes.md": "", "README.md": "",
        "brouillon.md": "", "actualites/c.md": "",
        "news/.d.md": "", "news/.old/e.md": "", "news/f.md~": "", "news/#g.md#": "",
        "news/.h.md.swp": "", "news/i.txt": "", "news/j.docx": "", "news/k.md.txt": "",
        "pages/l.html": "",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    found = {f.file: f.code for f in stray_files(gate.walk(tmp_path), "")}
    assert found == {
        "news/A.MD": "source-extension-case", "news/b.Md": "source-extension-case",
        # the writers' notes at the root (notes.md, README.md) are theirs, not pages
        "brouillon.md": "source-outside-types", "actualites/c.md": "source-outside-types",
        "news/.d.md": "hidden-source", "news/.old/e.md": "hidden-source",
        "news/f.md~": "editor-backup", "news/#g.md#": "editor-backup",
        "news/.h.md.swp": "editor-backup", "news/i.txt": "not-markdown",
        "news/j.docx": "not-markdown", "news/k.md.txt": "not-markdown",
        "pages/l.html": "not-markdown",
    }
    assert [rel for _, rel in source_files(gate.walk(tmp_path))] == ["services/ok.md", "news/2026/ok.md"]


@pytest.mark.parametrize("folder, meant", [
    ("service", "services"), ("Stories", "stories"), ("actualites", "news"),
    ("actualité", "news"), ("glossaire", "glossary"), ("histoires", "stories"),
])
def test_a_page_in_a_mistyped_folder_names_the_folder_meant(tmp_path, folder, meant):
    from hub.source import gate
    from hub.source.corpus import stray_files

    (tmp_path / folder).mkdir()
    (tmp_path / folder / "x.md").write_text("Title: x\n")
    [finding] = stray_files(gate.walk(tmp_path), "content")
    assert finding.file == f"content/{folder}/x.md"
    assert finding.hint.startswith(f"Vouliez-vous dire « {meant} » ?")


def test_a_sentence_in_french_typography_after_the_header_is_text():
    source, parsed = parse(SERVICE + "Attention : fermeture\n")
    assert [(f.code, f.line) for f in parsed.findings] == [("missing-blank-line", 10)]
    assert source.body == "Attention : fermeture\n"


def test_a_misspelt_key_after_the_last_key_stays_a_key():
    source, parsed = parse(SERVICE + "Audiance : siege, agences\n" + BODY)
    assert [(f.code, f.line) for f in parsed.findings] == [("key-space-before-colon", 10),
                                                           ("unknown-key", 10)]


def test_a_header_that_never_ends_is_cut_and_reported_where_it_should_end():
    keys = "".join(f"Cle{i}: valeur\n" for i in range(300))
    source, parsed = parse(SERVICE + keys)
    assert ("header-too-long", 201) in [(f.code, f.line) for f in parsed.findings]
    assert parsed.values["lifecycle"] == "available"
    assert source.body_line == 201
