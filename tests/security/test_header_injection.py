"""No address can inject a header: `Owner`, the addresses in `Support` and `Access`, and
`mailto:` links are read by Python's e-mail parser and must each be one plain address,
with no line break (raw or `%0D%0A`), no second address and no header in disguise.

The parser's verdicts first, then a real build and check of a small site where each
mistake is an error at its own line, and the built pages' `mailto:` links (« Signaler une
erreur », the owner's link) carry none of them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import lxml.html
import pytest
from hub.source.mailaddress import AddressProblem, parse
from support import FIXTURES, check_site

pytestmark = pytest.mark.slow

INJECTED = "x%0D%0ABcc%3Aevil@evil.example%0D%0A@norelia.fr"  # the Owner
COMMS = "communication-dsi@norelia.fr"  # HUB_COMMS_EMAIL of pelicanconf.py


@pytest.mark.parametrize(("value", "code"), [
    (INJECTED, "email-line-break"),
    ("x%0D%0ABcc%3Aevil@norelia.fr", "email-line-break"),
    ("x%0a%0dBcc:evil@norelia.fr", "email-line-break"),
    ("mailto:a@norelia.fr%0ABcc:evil@evil.example", "email-line-break"),
    ("a@norelia.fr\r\nBcc: evil@evil.example", "email-line-break"),
    ("a\u2028b@norelia.fr", "email-line-break"),
    ("a@norelia.fr, evil@evil.example", "email-several"),
    ("a@norelia.fr;evil@evil.example", "email-several"),
    ("a@norelia.fr?bcc=evil@evil.example", "email-header"),
    ("mailto:a@norelia.fr&cc=evil@evil.example", "email-header"),
    ("Bcc:evil@evil.example", "email-header"),
    ("a%3F@norelia.fr", "email-header"),
    ("Jean Dupont <jean.dupont@norelia.fr>", "invalid-email"),
    ("jean.dupont@norelia", "invalid-email"),
    ("jean@@norelia.fr", "invalid-email"),
    ("j%65an@norelia.fr", "invalid-email"),
])
def test_a_value_that_is_not_one_plain_address_is_refused(value: str, code: str) -> None:
    found = parse(value)
    assert isinstance(found, AddressProblem) and found.code == code, found


@pytest.mark.parametrize(("value", "address"), [
    ("jean.dupont@norelia.fr", "jean.dupont@norelia.fr"),
    ("mailto:jean.dupont@norelia.fr", "jean.dupont@norelia.fr"),
    ("  o'neil+dsi@norelia.fr ", "o'neil+dsi@norelia.fr"),
])
def test_a_plain_address_is_read(value: str, address: str) -> None:
    assert parse(value) == address


SERVICE = """Title: Imprimantes
Summary: Imprimer depuis son poste, sur tous les sites.
Lifecycle: available
Owner: {owner}
Price: Inclus
Access: {access}
Support: {support}
Reviewed: 2026-10-01

## À quoi ça sert

Imprimer. Pour une question, [écrivez-nous]({mailto}).
"""
CASES = {  # file → (Owner, Access, Support, mailto link), the bad one, and its line
    "services/imprimantes.md": ((INJECTED, "Sur demande", "04 72 00 36 00",
                                 "mailto:" + COMMS), "email-line-break", 4),
    "services/scanners.md": (("a@norelia.fr, evil@evil.example", "Sur demande",
                              "04 72 00 36 00", "mailto:" + COMMS), "email-several", 4),
    "services/copieurs.md": (("claire.martin@norelia.fr",
                              "Sur demande à acces@norelia.fr%0D%0ABcc:evil@evil.example",
                              "04 72 00 36 00", "mailto:" + COMMS), "email-line-break", 6),
    "services/traceurs.md": (("claire.martin@norelia.fr", "Sur demande",
                              "assistance@norelia.fr?bcc=evil@evil.example ou le 36 00",
                              "mailto:" + COMMS), "email-header", 7),
}
BODY_LINK = ("services/badges.md", "mailto:aide@norelia.fr%0D%0ABcc:evil@evil.example",
             "email-line-break", 12)  # a mailto: link in the text: the checker's error


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict[str, object]]]:
    root = tmp_path_factory.mktemp("injection")
    content = root / "content"
    shutil.copytree(FIXTURES / "feeds-site", content)
    for rel, ((owner, access, support, mailto), _code, _line) in CASES.items():
        (content / rel).write_text(SERVICE.format(owner=owner, access=access, support=support,
                                                  mailto=mailto), encoding="utf-8")
    (content / BODY_LINK[0]).write_text(SERVICE.format(
        owner="claire.martin@norelia.fr", access="Sur demande", support="04 72 00 36 00",
        mailto=BODY_LINK[1]), encoding="utf-8")
    output = root / "site"
    return content, output, check_site(content, output, HUB_COMMS_EMAIL=COMMS)


def test_each_address_is_an_error_at_its_line_and_nothing_else(site) -> None:
    content, _, findings = site
    errors = sorted((str(f["file"]), f["code"], f["line"]) for f in findings
                    if f["severity"] == "error")
    assert errors == sorted([(str(content / rel), code, line)
                             for rel, (_, code, line) in CASES.items()]
                            + [(str(content / BODY_LINK[0]), *BODY_LINK[2:])])
    messages = [str(f["message"]) for f in findings if f["severity"] == "error"]
    assert all("adresse" in m for m in messages), messages


def _mailtos(page: Path) -> list[str]:
    tree = lxml.html.parse(str(page)).getroot()
    return [a.get("href") for a in tree.iter("a") if (a.get("href") or "").startswith("mailto:")]


def test_no_refused_address_reaches_a_built_mailto(site) -> None:
    """« Signaler une erreur » goes to the comms team when the Owner is refused, and the
    page shows no link to a refused Owner."""
    _, output, _ = site
    for rel, ((owner, _access, _support, _mailto), _code, _line) in CASES.items():
        page = output / "services" / Path(rel).stem / "index.html"
        links = _mailtos(page)
        report = [link for link in links if "subject=" in link]
        assert len(report) == 1, links
        parts = urlsplit(report[0])
        expected = COMMS if parse(owner) != owner else owner
        assert unquote(parts.path) == expected, report
        assert set(parse_qs(parts.query)) == {"subject", "body"}, report
        for link in links:
            assert "%0D" not in urlsplit(link).path.upper() and "bcc" not in link.lower(), link
            assert unquote(urlsplit(link).path).count("@") == 1, link


SITE_FILE = """[site]
name = "Le hub\\u2028de la DSI"

[contacts]
comms = "x%0D%0ABcc%3Aevil@norelia.fr"
letter_from = "Communication DSI <communication-dsi@norelia.fr>\\r\\nBcc: evil@evil.example"
letter_to = "Tous <tous@norelia.fr>, evil@evil.example"
"""


def test_the_site_file_s_addresses_and_texts_are_clean(tmp_path: Path) -> None:
    """The content folder's site.toml (read by Python's TOML parser, whose escapes can
    write any character): each bad value is a finding at its line, and no setting."""
    from hub.source import sitefile

    (tmp_path / "site.toml").write_text(SITE_FILE, encoding="utf-8")
    read = sitefile.read(tmp_path)
    assert sorted((f.code, f.line) for f in read.findings) == [
        ("site-bad-value", 2), ("site-bad-value", 5), ("site-bad-value", 6),
        ("site-bad-value", 7)]
    assert not {"HUB_COMMS_EMAIL", "HUB_LETTER_FROM", "HUB_LETTER_TO"} & set(read.settings)
