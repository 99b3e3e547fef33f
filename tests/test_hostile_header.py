"""The header as writers type it, in a real build: what is there is read and shown,
nothing is reported missing, and files the hub does not publish leave no page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile import cases_header
from hostile.generate import GOOD, Case
from hub import findings as fd
from hub.publish.gate import BuildSpec, run_checker
from lxml import html as lxml_html
from support import TODAY, build_site

CASES = cases_header.cases()
CONTROL = "news/hdr-controle.md"  # the same news as the list case, each service once


@dataclass
class Run:
    content: Path
    output: Path
    findings: list[fd.Finding]

    def of(self, rel: str) -> list[fd.Finding]:
        return [f for f in self.findings if f.file == str(self.content / rel)]

    def main(self, rel: str) -> str:
        tree = lxml_html.fromstring((self.output / rel).read_bytes())
        return "".join(lxml_html.tostring(m, encoding="unicode") for m in tree.iter("main"))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("hostile-header")
    content, output = root / "content", root / "output"
    files = {rel: text.encode() for rel, text in GOOD.items()}
    files[CONTROL] = cases_header.news("Kind: info", "Kind: change", "Services: messagerie\n")
    for case in CASES:
        files[case.rel] = case.data
        files.update(dict(case.companions))
    for rel, data in files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_bytes(data)
    done = build_site(content, output, conf="publishconf.py")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    return Run(content, output, run_checker(BuildSpec(content=content, today=TODAY), output))


# Habits where every key is there: the key is read, so nothing may be reported missing.
ALL_KEYS_THERE = [c for c in CASES if c.code in (
    "key-indented", "key-space-before-colon", "quoted-text", "quoted-value",
    "missing-blank-line", "front-matter", "yaml-list", "duplicate-in-list")]


@pytest.mark.parametrize("case", ALL_KEYS_THERE, ids=lambda c: c.name)
def test_a_key_that_is_there_is_never_reported_missing(run: Run, case: Case) -> None:
    found = [(f.code, f.line) for f in run.of(case.rel)]
    assert (case.code, case.line) in found
    assert [c for c, _ in found if c in ("missing-key", "missing-conditional-key", "invalid-choice")] == []


@pytest.mark.parametrize("case", [c for c in CASES if c.code == "misspelled-key"],
                         ids=lambda c: c.name)
def test_a_misspelt_required_key_is_one_finding_at_its_line(run: Run, case: Case) -> None:
    errors = [(f.code, f.line) for f in run.of(case.rel) if f.severity is fd.Severity.ERROR]
    assert errors == [("misspelled-key", case.line)]


def test_a_misspelt_key_is_read_so_nothing_cascades(run: Run) -> None:
    assert "Coupure du réseau samedi" in run.main("actualites/hdr-titre/index.html")
    assert [f for f in run.findings if f.code == "link-template"] == []


def test_a_lost_line_that_names_a_key_is_that_keys_only_finding(run: Run) -> None:
    rel = "services/hdr-sans-deux-points.md"
    errors = [(f.code, f.line) for f in run.of(rel) if f.severity is fd.Severity.ERROR]
    assert errors == [("header-lost-line", 3)]


def test_values_read_despite_the_habit_are_on_the_page(run: Run) -> None:
    assert "Disponible" in run.main("services/hdr-espace/index.html")  # `Lifecycle :`
    assert "Disponible" in run.main("services/hdr-guillemets/index.html")  # 'available'
    assert "Information" in run.main("actualites/hdr-chevrons/index.html")  # « info »
    page = run.main("actualites/hdr-liste-yaml/index.html")
    assert "poste" in page and "migration" in page


def test_a_text_without_its_blank_line_is_kept_in_the_page(run: Run) -> None:
    page = run.main("actualites/hdr-attention/index.html").replace("\u202f", " ")
    assert "le service ferme à 18 h vendredi" in page
    assert "Merci de votre compréhension" in page
    assert "la messagerie sera coupée samedi" in run.main("services/hdr-important/index.html")


def test_a_service_listed_twice_is_shown_once(run: Run) -> None:
    twice = run.main("actualites/hdr-service-double/index.html").count("services/messagerie/")
    once = run.main("actualites/hdr-controle/index.html").count("services/messagerie/")
    assert once >= 1 and twice == once


def test_suggestions_name_the_key_or_folder_meant(run: Run) -> None:
    [audiance] = run.of("news/hdr-audiance.md")
    assert audiance.severity is fd.Severity.WARNING
    assert audiance.hint.startswith("Vouliez-vous dire « Audience » ?")
    [public] = run.of("news/hdr-public.md")
    assert public.hint.startswith("Vouliez-vous dire « Audience » ?")
    [folder] = run.of("service/hdr-faute.md")
    assert folder.hint.startswith("Vouliez-vous dire « services » ?")
    [titre] = [f for f in run.of("news/hdr-titre.md") if f.code == "misspelled-key"]
    assert titre.hint.startswith("Vouliez-vous dire « Title » ?")


def test_files_the_hub_does_not_publish_leave_no_page(run: Run) -> None:
    texts = ("Brouillon caché du hub", "Page HTML cachee du hub")
    for path in run.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            data = path.read_text(encoding="utf-8", errors="replace")
            assert not any(t in data for t in texts), path
    assert not list(run.output.rglob("hdr-majuscules*"))
    assert not list(run.output.rglob("hdr-page*"))
    assert not list(run.output.rglob("hdr-ancienne*"))


def test_the_good_pages_have_no_finding(run: Run) -> None:
    for rel in GOOD:
        assert [f for f in run.of(rel) if f.severity is fd.Severity.ERROR] == []
