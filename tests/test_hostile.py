"""The hostile corpus: every bad input gets a French message at its file and line, no
traceback, and every other page still builds and is checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile.generate import GOOD, GOOD_OUTPUT, Case, cases, write
from hub import findings as fd
from hub.publish.gate import BuildSpec, run_checker
from hub.source.sanitize import find_unsafe
from lxml import html as lxml_html
from support import TODAY, build_site

CASES = cases()
ENTRY_RE = re.compile(r"^  (?:ligne (?P<line>\d+)(?:, colonne \d+)?|fichier) : (?:erreur|avertissement) : (?P<msg>.+)$")


@dataclass
class Run:
    content: Path
    output: Path
    stderr: str
    returncode: int
    report: dict[str, list[tuple[int | None, str]]]  # build report: file → (line, message)
    findings: list[fd.Finding]  # the checker's


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("hostile")
    content, output = root / "content", root / "output"
    write(content)
    done = build_site(content, output, conf="publishconf.py")
    findings = run_checker(BuildSpec(content=content, today=TODAY), output)
    return Run(content, output, done.stderr, done.returncode, parse_report(done.stderr),
               findings)


def parse_report(text: str) -> dict[str, list[tuple[int | None, str]]]:
    report: dict[str, list[tuple[int | None, str]]] = {}
    current = None
    for line in text.splitlines():
        # A file's heading: an unindented line that is not the closing count.
        if line and not line.startswith(" ") and not line.endswith("avertissement(s)."):
            current = report.setdefault(line, [])
            continue
        match = ENTRY_RE.match(line)
        if match and current is not None:
            number = int(match.group("line")) if match.group("line") else None
            current.append((number, match.group("msg")))
    return report


def test_the_corpus_has_at_least_150_hostile_inputs() -> None:
    assert len(CASES) >= 150
    assert len({c.rel for c in CASES}) == len(CASES)


def test_the_build_never_shows_a_traceback(run: Run) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert "CRITICAL" not in run.stderr


BUILD_CODES_SKIPPED = {"link-broken"}  # found by the checker on the built site


@pytest.mark.parametrize("case", [c for c in CASES if c.code not in BUILD_CODES_SKIPPED
                                  and c.reporter == "both"], ids=lambda c: c.name)
def test_the_build_names_the_file_and_line_in_french(run: Run, case: Case) -> None:
    entries = run.report.get(str(run.content / case.expected_file))
    assert entries, f"{case.expected_file} absent du rapport de construction"
    assert case.line in [line for line, _ in entries], entries
    assert [message for _, message in entries if not _french(message)] == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_checker_reports_the_file_and_line(run: Run, case: Case) -> None:
    mine = [f for f in run.findings if f.file == str(run.content / case.expected_file)]
    assert (case.code, case.line) in [(f.code, f.line) for f in mine], mine
    not_for_writers = [f.message for f in mine if not (_french(f.message) and f.hint)]
    assert not_for_writers == []


@pytest.mark.parametrize("case", [c for c in CASES if c.kept or c.absent],
                         ids=lambda c: c.name)
def test_the_hub_keeps_its_pages_and_nothing_unwanted_is_written(run: Run, case: Case) -> None:
    for rel in case.kept:
        assert (run.output / rel).is_file(), rel
    for rel in case.absent:
        assert not (run.output / rel).exists(), rel


def test_every_other_page_still_builds_and_is_checked(run: Run) -> None:
    for rel in GOOD_OUTPUT:
        assert (run.output / rel).is_file(), rel
    for rel in GOOD:
        errors = [f for f in run.findings if f.file == str(run.content / rel)
                  and f.severity is fd.Severity.ERROR and f.code != "link-template"]
        assert errors == [], errors
    text = (run.output / "histoires/agence-lyon/index.html").read_text(encoding="utf-8")
    assert "L'agence de Lyon partage son agenda" in text.replace("&#39;", "'")


def test_nothing_unsafe_reaches_the_output(run: Run) -> None:
    pages = [p for p in run.output.rglob("*.html") if "pagefind" not in p.parts]
    assert pages
    for page in pages:
        tree = lxml_html.fromstring(page.read_bytes())
        for main in tree.iter("main"):
            found = find_unsafe(lxml_html.tostring(main, encoding="unicode"))
            assert [u for u in found if u.unsafe] == [], (page, found)


def test_no_file_from_outside_the_content_is_read_or_written(run: Run) -> None:
    secret = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    hostname = Path("/etc/hostname").read_text(encoding="utf-8").strip()
    for path in run.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ""):
            data = path.read_text(encoding="utf-8", errors="replace")
            assert secret not in data, path
            assert f"<p>{hostname}</p>" not in data, path
    assert not list(run.content.parent.parent.rglob("evil*")), "fichier écrit hors du site"


def _french(message: str) -> bool:
    english = ("Error", "Exception", "None", "KeyError", "Traceback")
    return bool(message) and not any(word in message for word in english)


def test_no_theme_template_is_blamed_for_a_writer_s_mistake(run: Run) -> None:
    """One cause, one finding: every case is explained at its own file, so no link that a
    template writes is reported as broken."""
    assert [(f.file, f.message) for f in run.findings if f.code == "link-template"] == []
