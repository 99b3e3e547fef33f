"""Nothing unfinished is published: `invoke check` on a file fresh from `invoke new-…`
lists exactly what is left to fill in (empty keys, the example address, the scaffold's
comment and sample sentence, the headings with nothing under them), at their lines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hub.model import CONTENT_TYPES, TYPES_BY_ID
from hub.source import placeholders
from hub.source.header import read
from support import ROOT, TODAY

SCAFFOLDED = [t.id for t in CONTENT_TYPES if t.scaffold]
TITLE = "Essai du modèle"
SLUG = "essai-du-modele"

# What each fresh file still needs, as (the start of its line, code), in the report's order
# (errors first).
LEFT_TO_FILL = {
    "service": [
        ("Summary:", "empty-value"),
        ("Owner:", "example-address"),  # prenom.nom@exemple.fr
        ("Access:", "empty-value"),
        ("Support:", "empty-value"),
        ("<!-- Clés", "scaffold-comment"),
        ("Lifecycle:", "service-without-story"),  # available, and no story tells it yet
        ("## À quoi ça sert", "empty-heading"), ("## Pour qui", "empty-heading"),
        ("## Comment l'obtenir", "empty-heading"), ("## Besoin d'aide", "empty-heading"),
    ],
    "story": [
        ("Summary:", "empty-value"), ("Services:", "empty-value"), ("Feature:", "empty-value"),
        ("<!-- Clés", "scaffold-comment"),
        ("## Avant", "empty-heading"), ("## Ce qu'ils font", "empty-heading"),
        ("## Ce que ça a changé", "empty-heading"),
    ],
    "constraint": [
        ("Summary:", "empty-value"), ("Rule:", "empty-value"), ("Alternatives:", "empty-value"),
        ("<!-- Clés", "scaffold-comment"),
        ("## Pourquoi cette règle", "empty-heading"), ("## Que faire à la place", "empty-heading"),
    ],
    "news": [
        ("Summary:", "empty-value"),
        ("<!-- Clés", "scaffold-comment"),
        (placeholders.SAMPLE_TEXT, "scaffold-text"),
    ],
    "term": [
        ("Definition:", "empty-value"),
        ("<!-- Clés", "scaffold-comment"),
        (placeholders.SAMPLE_TEXT, "scaffold-text"),
    ],
}


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "HUB_TODAY": TODAY})


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The sample content with one fresh file of each type, built and checked as the
    README says."""
    tmp = tmp_path_factory.mktemp("scaffolds")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    for type_id in SCAFFOLDED:
        made = invoke(TYPES_BY_ID[type_id].new_task or "", "--title", TITLE,
                      "--content", str(content))
        assert made.returncode == 0, made.stderr
    out = tmp / "report.json"
    invoke("check", "--content", str(content), "--output", str(tmp / "output"),
           "--format", "json", "--report", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_scaffolds_are_the_only_files_with_findings(report: dict) -> None:
    files = {f["file"].rsplit("/", 2)[-2] + "/" + f["file"].rsplit("/", 1)[-1]
             for f in report["findings"]}
    assert files == {f"{TYPES_BY_ID[t].folder}/{SLUG}.md" for t in SCAFFOLDED}


@pytest.mark.parametrize("type_id", SCAFFOLDED)
def test_a_fresh_file_lists_exactly_what_is_left_to_fill_in(report: dict, type_id: str) -> None:
    name = f"/{TYPES_BY_ID[type_id].folder}/{SLUG}.md"
    found = [(f["line"], f["code"]) for f in report["findings"] if f["file"].endswith(name)]
    file = next(f["file"] for f in report["findings"] if f["file"].endswith(name))
    lines = Path(file).read_text(encoding="utf-8").split("\n")
    expected = [(next(n for n, line in enumerate(lines, start=1) if line.startswith(start)),
                 code) for start, code in LEFT_TO_FILL[type_id]]
    assert found == expected


def test_every_placeholder_is_an_error_and_every_empty_heading_a_warning(report: dict) -> None:
    severity = {f["code"]: f["severity"] for f in report["findings"]}
    assert severity["example-address"] == severity["scaffold-comment"] == "error"
    assert severity["scaffold-text"] == "error"
    assert severity["empty-heading"] == "warning"
    address = next(f for f in report["findings"] if f["code"] == "example-address")
    assert address["message"].startswith("« prenom.nom@exemple.fr » est une adresse d'exemple")
    heading = next(f for f in report["findings"] if f["code"] == "empty-heading"
                   and f["file"].endswith(f"/services/{SLUG}.md"))
    assert heading["message"] == "Le titre « À quoi ça sert » n'a rien en dessous."


def source(text: str) -> list[tuple[int | None, str]]:
    return [(f.line, f.code) for f in placeholders.check(read(text.encode()), "x.md")]


def columns(text: str) -> list[int | None]:
    return [f.column for f in placeholders.check(read(text.encode()), "x.md")]


def test_headings_with_text_or_a_sub_heading_under_them_are_not_empty() -> None:
    assert source("Title: T\n\n## Un\n\nDu texte.\n\n## Deux\n\n### Deux-un\n\nTexte.\n") == []
    # A sub-heading with nothing under it, then its parent's sibling: only it is empty.
    assert source("Title: T\n\n## Un\n\n### Un-un\n\n## Deux\n\nTexte.\n") == [
        (5, "empty-heading")]
    # The end of the file, and a heading inside a code block is no heading.
    assert source("Title: T\n\nTexte.\n\n```\n## code\n```\n\n## Fin\n") == [(9, "empty-heading")]


def test_example_addresses_in_code_are_shown_not_published() -> None:
    text = ("Title: T\nSupport: aide@example.com\n\n"
            "Écrivez `prenom.nom@exemple.fr` pour le format ; écrivez à eva@exemple.fr.\n\n"
            "```\nmoi@exemple.fr\n```\n\nLe domaine exemple.fr.info n'est pas visé : "
            "a@exemple.fr.info.\n")
    assert source(text) == [(2, "example-address"), (4, "example-address")]
    assert columns(text) == [None, text.split("\n")[3].index("eva@") + 1]
