"""Parsing of every key of every content type, including the conditional ones."""

from __future__ import annotations

import datetime as dt

import pytest
from hub import findings as fd
from hub.model import CONTENT_TYPES, TYPES_BY_ID, Kind
from hub.settings import HubSettings
from hub.source.header import read
from hub.source.metadata import validate

SETTINGS = HubSettings(
    AUDIENCES={"all": "Tout le monde", "siege": "Siège", "agences": "Agences"},
    HUB_TODAY="2026-11-23",
)

# One valid written value per kind, and what it must become once parsed.
SAMPLES: dict[Kind, tuple[str, object]] = {
    Kind.TEXT: ("Un texte simple", "Un texte simple"),
    Kind.SUMMARY: ("Une phrase courte.", "Une phrase courte."),
    Kind.DATE: ("2026-11-02", dt.date(2026, 11, 2)),
    Kind.DATETIME: ("2026-11-02 09:30", dt.datetime(2026, 11, 2, 9, 30)),
    Kind.MOMENT: ("2026-11-02 09:30", dt.datetime(2026, 11, 2, 9, 30)),
    Kind.SLUG: ("messagerie", "messagerie"),
    Kind.SLUGS: ("messagerie, partage", ("messagerie", "partage")),
    Kind.AUDIENCES: ("siege, agences", ("siege", "agences")),
    Kind.LIST: ("un, deux", ("un", "deux")),
    Kind.EMAIL: ("claire.martin@norelia.fr", "claire.martin@norelia.fr"),
    Kind.CONTACT: ("04 72 00 36 00", "04 72 00 36 00"),
    Kind.URL_OR_TEXT: ("https://portail.exemple.intra/x", "https://portail.exemple.intra/x"),
    Kind.URL: ("https://politiques.exemple.intra/regle", "https://politiques.exemple.intra/regle"),
    Kind.YES_NO: ("yes", True),
    Kind.IMAGE: ("images/photo.jpg", "images/photo.jpg"),
}


def parse(type_id: str, header: str):
    source = read((header + "\n\nTexte.\n").encode("utf-8"))
    return validate(TYPES_BY_ID[type_id], source, SETTINGS, "f.md")


def full_header(ctype) -> tuple[str, dict[str, object]]:
    lines, expected = [], {}
    for spec in ctype.fields:
        if spec.kind in (Kind.CHOICE,):
            written, value = spec.choices[1].id if len(spec.choices) > 1 else spec.choices[0].id, None
            value = written
        else:
            written, value = SAMPLES[spec.kind]
        lines.append(f"{spec.key}: {written}")
        expected[spec.name] = value
    return "\n".join(lines), expected


@pytest.mark.parametrize("ctype", CONTENT_TYPES, ids=lambda t: t.id)
def test_every_key_of_every_type_is_parsed_to_its_typed_value(ctype):
    header, expected = full_header(ctype)
    parsed = parse(ctype.id, header)
    assert [f.code for f in parsed.findings] == []
    assert parsed.values == expected
    for index, spec in enumerate(ctype.fields, start=1):
        assert parsed.lines[spec.name] == index


def test_keys_are_case_insensitive_and_lines_are_counted_from_one():
    parsed = parse("news", "title: Panne\nDATE: 2026-11-02\nsummary: Court.\nKIND: info")
    assert parsed.findings == []
    assert parsed.values["kind"] == "info"
    assert parsed.lines["kind"] == 4


def codes(parsed) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in parsed.findings]


SERVICE_BASE = (
    "Title: Fax\nSummary: Envoyer un fax.\nOwner: a.b@norelia.fr\nPrice: Inclus\n"
    "Access: Depuis la messagerie.\nSupport: 3600 poste 12\nReviewed: 2026-10-01\n"
)


def test_retiring_service_needs_successor_and_retirement_date():
    parsed = parse("service", SERVICE_BASE + "Lifecycle: retiring")
    assert codes(parsed) == [
        ("missing-conditional-key", 8),  # at the line of `Lifecycle: retiring`
        ("missing-conditional-key", 8),
    ]
    assert parsed.findings[0].message == (
        "La clé « Successor » (Remplacé par) est obligatoire quand le cycle de vie est "
        "« retiring » ou « retired »."
    )
    assert "Retirement" in parsed.findings[1].message


def test_retired_service_needs_only_a_successor():
    parsed = parse("service", SERVICE_BASE + "Lifecycle: retired\nSuccessor: messagerie")
    assert codes(parsed) == []
    assert parsed.values["successor"] == "messagerie"


def test_available_service_needs_no_successor():
    assert codes(parse("service", SERVICE_BASE + "Lifecycle: available")) == []


@pytest.mark.parametrize("kind, needs_services", [
    ("launch", True), ("change", True), ("retirement", True), ("incident", False), ("info", False),
])
def test_news_services_are_required_for_launch_change_and_retirement(kind, needs_services):
    parsed = parse("news", f"Title: A\nDate: 2026-11-02\nSummary: B.\nKind: {kind}")
    expected = [("missing-conditional-key", 4)] if needs_services else []  # `Kind:` line
    assert codes(parsed) == expected


def test_avoided_term_needs_the_words_to_prefer():
    parsed = parse("term", "Title: SLA\nDefinition: Un délai.\nAvoid: yes")
    assert codes(parsed) == [("missing-conditional-key", 3)]  # the `Avoid:` line
    assert "Prefer" in parsed.findings[0].message
    parsed = parse("term", "Title: SLA\nDefinition: Un délai.\nAvoid: no")
    assert codes(parsed) == [] and parsed.values["avoid"] is False


def test_image_needs_its_alternative_text():
    parsed = parse("story", "Title: A\nDate: 2026-11-02\nSummary: B.\nServices: x\nFeature: f\n"
                            "Image: images/a.jpg")
    assert codes(parsed) == [("missing-conditional-key", 6)]  # the `Image:` line
    assert "Image-alt" in parsed.findings[0].message


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "02/11/2026", "2026-11-2"])
def test_impossible_or_malformed_dates_are_errors_on_their_line(value):
    parsed = parse("constraint", f"Title: A\nDate: 2026-11-02\nSummary: B.\nRule: R.\n"
                                 f"Reason: budget\nAlternatives: x\nReviewed: {value}")
    assert codes(parsed) == [("invalid-date", 7)]
    assert "reviewed" not in parsed.values


def test_values_are_lowercase_and_case_sensitive_with_a_suggestion():
    parsed = parse("service", SERVICE_BASE + "Lifecycle: Available")
    finding = parsed.findings[0]
    assert (finding.code, finding.line) == ("invalid-choice", 8)
    assert finding.message == "La valeur « Available » n'est pas permise pour « Lifecycle »."
    assert finding.hint == (
        "Valeurs permises : pilot, available, retiring, retired. Vouliez-vous dire « available » ?"
    )


def test_owner_must_be_an_email_and_unknown_audience_is_an_error():
    parsed = parse("service", SERVICE_BASE.replace("a.b@norelia.fr", "Claire Martin")
                   + "Lifecycle: pilot\nAudience: siege, sieges")
    assert codes(parsed) == [("invalid-email", 3), ("unknown-audience", 9)]
    assert parsed.values["audience"] == ("siege",)


def test_malformed_url_is_reported():
    parsed = parse("constraint", "Title: A\nDate: 2026-11-02\nSummary: B.\nRule: R.\n"
                                 "Reason: budget\nAlternatives: x\nReviewed: 2026-11-01\n"
                                 "Reference: http//politiques.exemple.intra")
    assert codes(parsed) == [("malformed-url", 8)]


def test_summary_over_200_characters_and_stale_review_are_warnings():
    parsed = parse("service", SERVICE_BASE.replace("Envoyer un fax.", "x" * 201)
                   .replace("2026-10-01", "2026-01-01") + "Lifecycle: pilot")
    assert codes(parsed) == [("summary-too-long", 2), ("stale-review", 7)]
    assert all(f.severity is fd.Severity.WARNING for f in parsed.findings)
    assert parsed.findings[1].message == (
        "Le contenu n'a pas été relu depuis 326 jours (dernière relecture : 2026-01-01)."
    )


def test_a_misspelt_required_key_is_reported_at_its_line_not_as_missing():
    parsed = parse("service", SERVICE_BASE.replace("Price:", "Prix:") + "Lifecycle: pilot")
    assert codes(parsed) == [("misspelled-key", 4)]
    assert parsed.findings[0].hint.startswith("Vouliez-vous dire « Price » ?")


@pytest.mark.parametrize("data, code, line", [
    (b"", "empty-file", None),
    (b"\xef\xbb\xbf\n", "empty-file", None),
    (b"Title: caf\xe9\n", "not-utf8", 1),
    (b"Title: ok\nSummary: \xff\n", "not-utf8", 2),
    (b"\x00\x01\x02binary", "binary-file", 1),
    (b"Pas d'en-tete ici\n\nTexte", "bad-header", 1),
])
def test_unreadable_files_are_findings_not_crashes(data, code, line):
    source = read(data)
    assert source.problem is not None
    assert (source.problem[0], source.problem[1]) == (code, line)


def test_bom_and_windows_line_endings_are_accepted():
    source = read("\ufeffTitle: A\r\nSummary: B\r\n\r\nTexte".encode())
    assert [e.key for e in source.entries] == ["Title", "Summary"]
    assert source.body_line == 4 and source.body == "Texte"


def test_starts_and_ends_are_a_day_or_a_time_of_day_in_order():
    head = "Title: A\nDate: 2026-11-02\nSummary: B.\nKind: info\n"
    parsed = parse("news", head + "Starts: 2026-12-21\nEnds: 2027-01-01")
    assert codes(parsed) == []
    assert parsed.values["starts"] == dt.date(2026, 12, 21)  # a whole day, no time shown
    same_day = parse("news", head + "Starts: 2026-12-12 07:00\nEnds: 2026-12-12")
    assert codes(same_day) == []  # a day alone ends at its last minute
    assert codes(parse("news", head + "Starts: 2026-12-12 09:00\nEnds: 2026-12-12 07:00")) == [
        ("ends-before-starts", 6)]
    assert codes(parse("news", head + "Ends: 2026-12-12")) == [("ends-without-starts", 5)]


def test_an_event_over_on_a_news_item_still_current_is_a_warning():
    head = "Title: A\nDate: 2026-10-02\nSummary: B.\nKind: info\n"  # today: 2026-11-23
    over = parse("news", head + "Starts: 2026-10-12 07:00\nEnds: 2026-10-12 09:00")
    assert codes(over) == [("event-past", 6)]
    assert "Expires: 2026-10-13" in over.findings[0].hint
    assert codes(parse("news", head + "Starts: 2026-11-22")) == [("event-past", 5)]
    assert codes(parse("news", head + "Starts: 2026-11-23")) == []  # today is not over
    assert codes(parse("news", head + "Starts: 2026-10-12\nExpires: 2026-10-20")) == []
    assert codes(parse("news", head + "Starts: 2026-10-12\nEnds: 2026-12-01")) == []
