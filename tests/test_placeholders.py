"""Nothing unfinished is published: `invoke check` on a file fresh from `invoke new-…`
lists exactly what is left to fill in (empty keys, the example address, the scaffold's
comment and sample sentence, the headings with nothing under them), at their lines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from hub.model import CONTENT_TYPES, TYPES_BY_ID
from hub.source import placeholders
from hub.source.header import read
from support import ROOT, TODAY

SCAFFOLDED = [t.id for t in CONTENT_TYPES if t.scaffold]
TITLE = "Essai du modèle"
SLUG = "essai-du-modele"

# What each fresh file still needs, as (line, code), in the report's order (errors first).
LEFT_TO_FILL = {
    "service": [
        (2, "empty-value"),  # Summary
        (4, "example-address"),  # Owner: prenom.nom@exemple.fr
        (6, "empty-value"),  # Access
        (7, "empty-value"),  # Support
        (10, "scaffold-comment"),
        (3, "service-without-story"),  # Lifecycle: available, and no story tells it yet
        (27, "empty-heading"), (31, "empty-heading"), (35, "empty-heading"),
        (39, "empty-heading"),
    ],
    "story": [
        (3, "empty-value"), (4, "empty-value"), (5, "empty-value"),  # Summary, Services, Feature
        (7, "scaffold-comment"),
        (21, "empty-heading"), (25, "empty-heading"), (29, "empty-heading"),
    ],
    "constraint": [
        (3, "empty-value"), (4, "empty-value"), (6, "empty-value"),  # Summary, Rule, Alternatives
        (9, "scaffold-comment"),
        (25, "empty-heading"), (29, "empty-heading"),
    ],
    "news": [
        (3, "empty-value"),  # Summary
        (6, "scaffold-comment"),
        (22, "scaffold-text"),
    ],
    "term": [
        (2, "empty-value"),  # Definition
        (4, "scaffold-comment"),
        (15, "scaffold-text"),
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
    assert found == LEFT_TO_FILL[type_id]


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
