"""Bounded work: every limit of `HubSettings` (`HUB_MAX_…`) just under builds the page,
just over is a finding at the file and line the writer must change, and the rest of the
site is built. Real builds and the real checker; the far-over cases (time and memory)
are measured by `benchmarks/run.py --only limits`."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from hub import findings as fd
from hub.settings import LIMITS, HubSettings, SettingsError, load
from support import FIXTURES, ROOT, TODAY, build_site

LIMIT = HubSettings()
HEADER = "Title: {title}\nDate: 2026-11-02\nSummary: Un essai des limites.\nKind: info\n"
WORDS = "Les équipes partagent leurs fichiers et leurs agendas sans difficulté. "


def news(content: Path, slug: str, body: str, header: str = "") -> Path:
    path = content / "news" / f"{slug}.md"
    path.write_text(HEADER.format(title=slug.replace("-", " ").capitalize()) + header
                    + "\n" + body, encoding="utf-8")
    return path


def sized(path: Path, size: int) -> None:
    """Ordinary paragraphs added to `path` until it is exactly `size` bytes."""
    data = path.read_bytes() + b"\n"
    paragraph = ((WORDS * 10).strip() + "\n\n").encode("utf-8")
    count, rest = divmod(size - len(data), len(paragraph))
    path.write_bytes(data + paragraph * count + b"x" * rest)


def nested(depth: int) -> str:
    return ">" * depth + " Une citation dans une citation.\n"


def check(content: Path, output: Path, *extra: str) -> list[dict[str, object]]:
    report = output.parent / f"{output.name}.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    subprocess.run([sys.executable, "-m", "hub.checks", "--content", str(content),
                    "--output", str(output), "--format", "json", "--report", str(report),
                    "--no-proofread", "-e", f'HUB_TODAY="{TODAY}"', 'HUB_FEED_IDS=""',
                    *extra], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return list(json.loads(report.read_text(encoding="utf-8"))["findings"])


def errors(found: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {(Path(str(f["file"])).name, f["line"], f["code"]) for f in found
            if f["severity"] == "error"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    """The mini site and, for each limit, a page just under it and one just over."""
    base = tmp_path_factory.mktemp("limits")
    content, output = base / "content", base / "output"
    shutil.copytree(FIXTURES / "mini-site", content)
    sized(news(content, "taille-permise", "Avant.\n"), LIMIT.HUB_MAX_SOURCE_BYTES)
    sized(news(content, "taille-depassee", "Avant.\n"), LIMIT.HUB_MAX_SOURCE_BYTES + 1)
    line = (WORDS * LIMIT.HUB_MAX_LINE_CHARS)[:LIMIT.HUB_MAX_LINE_CHARS]
    news(content, "ligne-permise", "Avant.\n\n" + line + "\n")
    news(content, "ligne-depassee", "Avant.\n\n" + line + "s\n")
    news(content, "imbrication-permise", "Avant.\n\n" + nested(LIMIT.HUB_MAX_NESTING))
    news(content, "imbrication-depassee", "Avant.\n\n" + nested(LIMIT.HUB_MAX_NESTING + 1))
    brackets = "Un crochet [ ouvert.\n" * LIMIT.HUB_MAX_BRACKETS
    pages = LIMIT.HUB_MAX_BRACKETS_PAGE // LIMIT.HUB_MAX_BRACKETS
    news(content, "crochets-permis", "Avant.\n\n" + (brackets + "\n") * pages)
    news(content, "crochets-page-depassee", "Avant.\n\n" + (brackets + "\n") * pages
         + "Et un [\n")
    news(content, "crochets-depasses", "Avant.\n\n" + brackets + "Et un <\n\nAprès.\n")
    code = "```\n" + "[" * (LIMIT.HUB_MAX_BRACKETS * 2) + "\n```\n"
    news(content, "crochets-dans-le-code", "Avant.\n\n" + code)
    tags = [f"essai-{n}" for n in range(LIMIT.HUB_MAX_LIST_VALUES + 1)]
    news(content, "etiquettes-permises", "Du texte.\n",
         "Tags: " + ", ".join(tags[:-1]) + "\n")
    news(content, "etiquettes-depassees", "Du texte.\n", "Tags: " + ", ".join(tags) + "\n")
    result = build_site(content, output, HUB_SEARCH=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return output, check(content, output)


def test_every_limit_is_a_setting_declared_once_and_must_be_positive() -> None:
    declared = {f.name for f in fields(HubSettings) if f.name.startswith("HUB_MAX_")}
    assert set(LIMITS) == declared and len(declared) == 8
    with pytest.raises(SettingsError) as refused:
        load({"HUB_MAX_LIST_VALUES": 0, "HUB_MAX_REDIRECTS": -1})
    assert refused.value.problems == [
        "Le réglage HUB_MAX_LIST_VALUES doit être un nombre positif.",
        "Le réglage HUB_MAX_REDIRECTS doit être un nombre positif."]


@pytest.mark.slow
def test_just_over_each_limit_is_one_error_at_the_line_to_change(
        site: tuple[Path, list[dict[str, object]]]) -> None:
    _, found = site
    limit, pages = LIMIT.HUB_MAX_BRACKETS, LIMIT.HUB_MAX_BRACKETS_PAGE // LIMIT.HUB_MAX_BRACKETS
    assert errors(found) == {
        ("taille-depassee.md", None, "too-large"),
        ("ligne-depassee.md", 8, "line-too-long"),
        ("imbrication-depassee.md", 8, "too-deep"),
        ("crochets-depasses.md", 8, "too-many-brackets"),
        ("crochets-page-depassee.md", 8 + pages * (limit + 1), "too-many-brackets-page"),
        ("etiquettes-depassees.md", 5, "too-many-values"),
    }
    messages = {f["code"]: f["message"] for f in found}
    assert messages["too-large"] == ("Le fichier est beaucoup trop gros pour une page "
                                     "(1,0 Mo, 1,0 Mo au plus).")
    assert messages["line-too-long"] == fd.MESSAGES["line-too-long"].text.format(
        length="20\u202f001", limit="20\u202f000")
    assert messages["too-many-values"] == ("« Tags » compte 201 valeurs, 200 au plus : seules "
                                           "les 200 premières sont gardées.")


@pytest.mark.slow
def test_just_under_each_limit_builds_and_the_rest_of_the_site_is_built(
        site: tuple[Path, list[dict[str, object]]]) -> None:
    output, _ = site
    for slug in ("taille-permise", "ligne-permise", "imbrication-permise", "crochets-permis",
                 "crochets-dans-le-code", "etiquettes-permises", "etiquettes-depassees"):
        assert (output / "actualites" / slug / "index.html").is_file(), slug
    for slug in ("taille-depassee", "ligne-depassee", "imbrication-depassee",
                 "crochets-depasses", "crochets-page-depassee"):
        assert not (output / "actualites" / slug).exists(), slug
    assert (output / "services" / "messagerie" / "index.html").is_file()
    page = (output / "actualites" / "crochets-permis" / "index.html").read_text("utf-8")
    assert page.count("Un crochet [ ouvert.") == LIMIT.HUB_MAX_BRACKETS_PAGE  # no text lost
    last = LIMIT.HUB_MAX_LIST_VALUES - 1
    assert (output / "mots-cles" / f"essai-{last}" / "index.html").is_file()
    assert not (output / "mots-cles" / f"essai-{last + 1}").exists()


def redirects(count: int) -> str:
    return json.dumps({"redirects": {f"vieux/page-{n}/": "services/messagerie/"
                                     for n in range(count)}, "items": []}, indent=2)


@pytest.mark.slow
@pytest.mark.parametrize("over", [False, True], ids=["just-under", "just-over"])
def test_old_addresses_past_their_limit_are_one_error_and_the_file_is_kept(
        tmp_path: Path, over: bool) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURES / "mini-site", content)
    limit = 3
    text = redirects(limit + over)
    (content / "anciennes-adresses.json").write_text(text, encoding="utf-8")
    settings = {"HUB_REDIRECTS": "anciennes-adresses.json", "HUB_MAX_REDIRECTS": limit}
    result = build_site(content, output, HUB_SEARCH=False, **settings)
    assert result.returncode == 0, result.stderr[-3000:]
    found = check(content, output, 'HUB_REDIRECTS="anciennes-adresses.json"',
                  f"HUB_MAX_REDIRECTS={limit}")
    pages = [output / "vieux" / f"page-{n}" / "index.html" for n in range(limit + over)]
    assert (output / "services" / "messagerie" / "index.html").is_file()
    if over:
        assert errors(found) == {("anciennes-adresses.json", None, "too-many-old-addresses")}
        assert not any(page.exists() for page in pages)
        assert (content / "anciennes-adresses.json").read_text(encoding="utf-8") == text
    else:
        assert errors(found) == set()
        assert all(page.is_file() for page in pages)


@pytest.mark.slow
def test_the_proofreader_reads_words_never_backticks_base64_or_other_blobs(
        tmp_path: Path) -> None:
    """250 KB of backticks stalled the check; a 200 KB base64 image pasted in a text gave
    5,717 spelling warnings. Each is now one warning at most, and the prose around them
    is still read."""
    from hub.checks import proofread

    if not proofread.available():
        pytest.skip("Grammalecte (python3-grammalecte) is not installed")
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini-site", content)
    blob = base64.b64encode(bytes(range(256)) * 600).decode()  # 200 KB, as a mail client cuts it
    lines = "\n".join(blob[i:i + 76] for i in range(0, len(blob), 76))
    news(content, "image-collee", "Voici l'image.\n\n" + lines + "\n\nUne fote ici.\n")
    ticks = "\n".join("`" * 1000 for _ in range(250))
    news(content, "accents-graves", "Du code mal fermé.\n\n" + ticks + "\n\nUne fote ici.\n")
    report = tmp_path / "check.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    subprocess.run([sys.executable, "-m", "hub.checks", "--content", str(content),
                    "--sources-only", "--format", "json", "--report", str(report),
                    "--proofread-cache", str(tmp_path / "cache.json"),
                    "-e", f'HUB_TODAY="{TODAY}"', 'HUB_FEED_IDS=""'],
                   cwd=ROOT, env=env, capture_output=True, text=True, check=False,
                   timeout=600)
    found = json.loads(report.read_text(encoding="utf-8"))["findings"]
    mine = sorted((Path(f["file"]).name, f["line"], f["column"], f["code"]) for f in found
                  if Path(f["file"]).name in ("image-collee.md", "accents-graves.md")
                  and f["line"] > 5)  # the body's
    blob_end = 8 + lines.count("\n") + 2
    assert mine == [("accents-graves.md", 8 + 250 + 1, 5, "spelling"),
                    ("image-collee.md", 8, 1, "word-not-proofread"),
                    ("image-collee.md", blob_end, 5, "spelling")]
