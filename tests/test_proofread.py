"""French proofreading in the checker: Grammalecte finds the planted mistakes at their
line and column with its suggestion, and never reads code, URLs, addresses, glossary
aliases or the lexicon's words."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hub.checks import proofread
from support import FIXTURES, ROOT, TODAY

pytestmark = pytest.mark.skipif(not proofread.available(),
                                reason="Grammalecte (python3-grammalecte) is not installed")

PROOFREAD = ("spelling", "grammar")


def check(content: Path, cache: Path, *extra: str) -> tuple[dict, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    done = subprocess.run(
        [sys.executable, "-m", "hub.checks", "-e", f'HUB_TODAY="{TODAY}"', "--sources-only",
         "--content", str(content.relative_to(ROOT) if content.is_relative_to(ROOT) else content),
         "--format", "json",
         "--proofread-cache", str(cache), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return json.loads(done.stdout), done.stderr


def found(report: dict) -> list[tuple[int, int, str, str, str]]:
    """Each proofreading warning: where, what, and its first suggestion (Grammalecte orders
    the equally near ones differently from one process to the next)."""
    return [(f["line"], f["column"], f["code"], f["message"],
             f["hint"].split(" ?")[0].split(" ou ")[0])
            for f in report["findings"] if f["code"] in PROOFREAD]


def test_planted_mistakes_at_their_line_and_column_with_the_suggestion(tmp_path: Path) -> None:
    report, _ = check(FIXTURES / "proofread-site", tmp_path / "cache.json")
    file = "tests/fixtures/proofread-site/news/fautes.md"
    assert {f["file"] for f in report["findings"]} == {file}
    assert found(report) == [
        (1, 12, "grammar", "Grammaire, sur « utilisateur » : Accord de nombre erroné : "
         "« utilisateur » devrait être au pluriel.", "Vouliez-vous écrire « utilisateurs »"),
        (4, 45, "grammar", "Grammaire, sur « a » : Confusion probable : « a » est la "
         "conjugaison du verbe « avoir ». Utilisez la préposition « à ».",
         "Vouliez-vous écrire « à »"),
        (6, 24, "spelling", "Orthographe : le mot « suport » est inconnu.",
         "Vouliez-vous écrire « support »"),
        (8, 16, "grammar", "Grammaire, sur « le le » : Doublon.", "Vouliez-vous écrire « le »"),
        (10, 18, "spelling", "Orthographe : le mot « email » est inconnu.",
         "Vouliez-vous écrire « courriel »"),
    ]
    assert all(f["severity"] == "warning" for f in report["findings"])
    lines = (ROOT / file).read_text(encoding="utf-8").split("\n")
    for line, column, _code, message, _hint in found(report):
        word = message.split("« ")[1].split(" »")[0]
        assert lines[line - 1][column - 1:].startswith(word)


def test_code_urls_addresses_glossary_aliases_and_lexicon_are_never_read(
        tmp_path: Path) -> None:
    report, _ = check(FIXTURES / "proofread-known", tmp_path / "cache.json")
    assert found(report) == []
    # Without the glossary and the lexicon, only the glossary's word in the prose is
    # reported (« Suport », with a capital inside the sentence, is taken for a name): the
    # code, the URLs and the address still are not read.
    bare = tmp_path / "bare"
    shutil.copytree(FIXTURES / "proofread-known", bare)
    (bare / "lexique.txt").unlink()
    shutil.rmtree(bare / "glossary")
    report, _ = check(bare, tmp_path / "cache.json")
    assert [f[:3] for f in found(report)] == [(18, 4, "spelling")]


def test_results_are_kept_by_paragraph_and_no_proofread_skips(tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    paragraphs = tmp_path / "cache-paragraphes.json"  # read only when a paragraph is looked up
    first, _ = check(FIXTURES / "proofread-site", cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    read = json.loads(paragraphs.read_text(encoding="utf-8"))
    assert len(read["entries"]) == 5  # the title, the summary and the body's three paragraphs
    assert sorted(data["keys"]) == sorted(read["entries"])
    # An unchanged file gives back what it gave, from the cache alone.
    again, _ = check(FIXTURES / "proofread-site", cache)
    assert found(again) == found(first)
    # Without the file's record, its paragraphs come from the cache, not from Grammalecte:
    # what the cache says of a paragraph is what is reported.
    kept = read["entries"]
    planted = next(k for k, v in kept.items() if any(e[3] == "suport" for e in v))
    kept[planted] = []
    paragraphs.write_text(json.dumps({**read, "entries": kept}), encoding="utf-8")
    cache.write_text(json.dumps({**data, "reported": {}}), encoding="utf-8")
    second, _ = check(FIXTURES / "proofread-site", cache)
    assert [f[2:4] for f in found(second)] == [f[2:4] for f in found(first)
                                               if "suport" not in f[3]]
    skipped, _ = check(FIXTURES / "proofread-site", cache, "--no-proofread")
    assert found(skipped) == []


def test_paragraph_offsets_map_back_to_the_file() -> None:
    body = "Premier paragraphe\nsur deux lignes.\n\n- un `code` ici et https://x.fr/a.\n"
    paragraphs = list(proofread.body_paragraphs(body, 10))
    assert [p.text for p in paragraphs] == [
        "Premier paragraphe sur deux lignes.",
        "  un XXXXXX ici et XXXXXXXXXXXXXX.",
    ]
    assert paragraphs[0].place(len("Premier paragraphe s")) == (11, 2)
    assert paragraphs[1].place(5) == (13, 6)


def test_a_link_with_a_long_target_keeps_the_last_word_of_its_text() -> None:
    # « pilote](…) » runs past the word limit without a space: only the target is
    # blanked, so Grammalecte still reads « du pilote explique » and has nothing to say.
    body = ("Voir [l'annonce du pilote]({filename}/news/assistant-redaction-pilote.md) "
            "explique la démarche.\n")
    [paragraph] = proofread.body_paragraphs(body, 1)
    assert paragraph.text.split() == ["Voir", "l'annonce", "du", "pilote", "explique", "la",
                                      "démarche."]
    assert proofread.read(paragraph.text) == []
    [unread] = proofread.piece(1, 1, body.strip()).unread
    assert unread == (body.index("]("), "]({filename}/news/assistant-redaction-pilote.md)")


def test_without_grammalecte_the_check_says_so_once_and_goes_on(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from hub.checks import cli

    monkeypatch.setattr(proofread, "available", lambda: False)
    code = cli.main(["-e", f'HUB_TODAY="{TODAY}"', "--sources-only", "--format", "json",
                     "--content", str((FIXTURES / "proofread-site").relative_to(ROOT))])
    said = capsys.readouterr()
    assert code == 0
    assert said.err.count("Grammalecte") == 1 and proofread.MISSING in said.err
    report = json.loads(said.out)
    assert report["findings"] == [] and report["summary"]["files"] == 1


def test_each_content_folder_has_its_own_cache(tmp_path: Path) -> None:
    """Checking another folder (the sample, a test corpus) never empties a folder's cache:
    the default cache is per content folder, the same through a link to it."""
    from hub.paths import PROOFREAD_DIR, proofread_cache

    one, other = tmp_path / "un", tmp_path / "autre"
    one.mkdir()
    other.mkdir()
    (tmp_path / "lien").symlink_to(one)
    assert proofread_cache(one) != proofread_cache(other)
    assert proofread_cache(tmp_path / "lien") == proofread_cache(one)
    assert proofread_cache(one).parent == PROOFREAD_DIR
