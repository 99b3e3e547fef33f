"""Silent cases on a real build: terms with punctuation are found in rendered pages,
names that are not used never mark a text, and two editions on one day share no item."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile.generate import GOOD
from hub.publish.gate import BuildSpec, run_checker
from lxml import html as lxml_html
from support import ROOT, TODAY, build_site

DEFINITION = "Definition: Une définition simple.\n"


def _term(title: str, aliases: str = "") -> str:
    return f"Title: {title}\n{DEFINITION}" + (f"Aliases: {aliases}\n" if aliases else "")


def _news(title: str, date: str) -> str:
    return f"Title: {title}\nDate: {date}\nSummary: Une annonce.\nKind: info\n\nTexte.\n"


FILES = {
    **GOOD,
    "glossary/rd.md": _term("R&D", "recherche et développement"),
    "glossary/cpp.md": _term("C++"),
    "glossary/wifi.md": _term("Wi-Fi"),
    "glossary/e-mail.md": _term("E-mail", "courriel"),
    "glossary/si-rh.md": _term("SI/RH"),
    "glossary/demande.md": _term("Demande de service", "pour, le"),
    "glossary/visio-a.md": _term("Visioconférence", "visio"),
    "glossary/visio-b.md": _term("Réunion en ligne", "visio"),
    "glossary/tchat.md": _term("Tchat", "messagerie instantanée"),
    "glossary/messagerie-instantanee.md": _term("Messagerie instantanée"),
    "glossary/asap.md": _term("ASAP", "dans") + "Avoid: yes\nPrefer: au plus vite\n",
    "pages/texte.md": (
        "Title: Un texte\n\n"
        "Ni RR&D, ni C+++, ni Wi-Fi-Direct, ni xe-mail, ni jean@e-mail.fr, ni `C++` en code, "
        "ni [R&D](https://exemple.fr/) en lien, ni SI/RHX dans un mot.\n\n"
        "Pour la visio, la R&D code en C++ sur le Wi-Fi ; envoyez un e-mail au SI/RH, "
        "pour le reste, ou par messagerie instantanée.\n"
    ),
    "news/silent-a.md": _news("Annonce A", "2026-11-01"),
    "news/silent-b.md": _news("Annonce B", "2026-11-03"),
    "editions/silent-e0.md": "Title: Lettre d'octobre\nDate: 2026-10-01\n\nÉdito.\n",
    "editions/silent-e1.md": "Title: Lettre de novembre\nDate: 2026-11-05\n\nÉdito.\n",
    "editions/silent-e2.md": "Title: Lettre de novembre (copie)\nDate: 2026-11-05\n\nÉdito.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("silent")
    content, output = root / "content", root / "output"
    for rel, text in FILES.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    done = build_site(content, output)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    return output, done.stderr


def _marked(output: Path, rel: str) -> list[str]:
    tree = lxml_html.fromstring((output / rel).read_bytes())
    return [a.text_content() for a in tree.xpath("//main//a[contains(@class, 'gloss-term')]")]


def test_terms_with_punctuation_are_found_whole_and_only_outside_code_and_links(
        built: tuple[Path, str]) -> None:
    output, _ = built
    assert _marked(output, "texte/index.html")[:5] == ["R&D", "C++", "Wi-Fi", "e-mail", "SI/RH"]


def test_names_too_common_or_shared_never_mark_a_text(built: tuple[Path, str]) -> None:
    output, stderr = built
    marked = _marked(output, "texte/index.html")
    assert "Pour" not in marked and "pour" not in marked and "visio" not in marked
    assert "« pour » est un mot courant" in stderr
    assert "« visio » est aussi une autre forme du terme « Visioconférence »" in stderr


def test_an_alias_that_is_another_title_leads_to_that_term(built: tuple[Path, str]) -> None:
    output, _ = built
    tree = lxml_html.fromstring((output / "texte/index.html").read_bytes())
    hrefs = [a.get("href", "") for a in tree.xpath("//main//a[contains(@class, 'gloss-term')]")
             if a.text_content() == "messagerie instantanée"]
    assert len(hrefs) == 1 and hrefs[0].endswith("glossaire/messagerie-instantanee/")


def _links(output: Path, rel: str) -> set[str]:
    tree = lxml_html.fromstring((output / rel).read_bytes())
    return {a.get("href", "") for a in tree.xpath("//main//a")}


def test_two_editions_on_one_day_share_no_item(built: tuple[Path, str]) -> None:
    output, stderr = built
    first = _links(output, "editions/silent-e1/index.html")
    second = _links(output, "editions/silent-e2/index.html")
    october = _links(output, "editions/silent-e0/index.html")
    for slug in ("silent-a", "silent-b"):
        holders = [s for s in (october, first, second) if any(slug in h for h in s)]
        assert holders == [first], slug
    assert "silent-e2.md" in stderr and "même date (05/11/2026)" in stderr


def test_a_jargon_alias_too_common_is_reported_once_not_in_every_text(
        built: tuple[Path, str]) -> None:
    output, _ = built
    content = output.parent / "content"
    findings = run_checker(BuildSpec(content=content, conf=ROOT / "pelicanconf.py",
                                     today=TODAY), output)
    assert [(f.code, f.line) for f in findings if f.file == str(content / "glossary/asap.md")
            and f.code.startswith("glossary")] == [("glossary-name-common", 3)]
    assert [f for f in findings if f.code == "avoided-term" and "dans" in f.message] == []
