"""The benchmark's corpus generator and its baseline (benchmarks/corpus.py, benchmarks/build.py).

A small generated corpus is built and checked for real: it must check clean, hold every
type, read like the intranet (headings, lists, tables, links, glossary terms) and carry
a few dozen tags at most, whatever its size.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, TODAY, build_site

sys.path.insert(0, str(ROOT / "benchmarks"))

import build as bench  # noqa: E402
import corpus  # noqa: E402
import run as runner  # noqa: E402
from hub.model import CONTENT_TYPES  # noqa: E402

TAGS_RE = re.compile(r"^Tags: (.*)$", re.MULTILINE)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A 60-item corpus without photos, built once and checked (no proofreading)."""
    base = tmp_path_factory.mktemp("bench-corpus")
    content, output, report = base / "content", base / "output", base / "report.json"
    plan = corpus.generate(content, 60, seed=3, photos=False)
    built = build_site(content, output, HUB_SEARCH=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    checked = subprocess.run(
        [sys.executable, "-m", "hub.checks", "--content", str(content), "--output",
         str(output), "-e", f'HUB_TODAY="{TODAY}"', "--no-proofread", "--format", "json",
         "--report", str(report)], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False)
    return {"content": content, "plan": plan, "built": built, "checked": checked,
            "report": json.loads(report.read_text(encoding="utf-8"))}


def test_the_generated_corpus_builds_and_checks_clean(generated):
    assert generated["built"].returncode == 0, generated["built"].stderr[-2000:]
    assert generated["checked"].returncode == 0, generated["checked"].stdout[-2000:]
    assert generated["report"]["findings"] == []
    assert generated["report"]["summary"]["files"] >= 60


def test_every_type_is_present(generated):
    for ctype in CONTENT_TYPES:
        assert list((generated["content"] / ctype.folder).glob("*.md")), ctype.folder


def test_bodies_read_like_the_intranet(generated):
    text = "\n".join(p.read_text(encoding="utf-8")
                     for p in sorted(generated["content"].rglob("*.md")))
    assert "\n## " in text and "\n### " in text  # headings
    assert "\n- " in text and "\n1. " in text  # bulleted and numbered lists
    assert "\n|---|" in text  # tables
    for form in ("{service}", "{story}", "{term}", "{filename}/services/", "#comment-lobtenir"):
        assert form in text, form
    assert any(f"Le {name} " in text for name in corpus.ACRONYMS)  # glossary terms in use


def test_a_few_dozen_tags_whatever_the_size(generated):
    used = {tag.strip() for line in TAGS_RE.findall(
        "\n".join(p.read_text(encoding="utf-8") for p in generated["content"].rglob("*.md")))
        for tag in line.split(",")}
    assert used == set(corpus.TAG_POOL[: generated["plan"].tags])
    for items in (1125, 4500, 18000):
        assert corpus.plan(items).tags <= 40


def test_no_photos_unless_asked(generated, tmp_path):
    assert not list(generated["content"].rglob("*.jpg"))
    corpus.generate(tmp_path / "c", 60, seed=3, photos=True)
    photos = list((tmp_path / "c" / "images").glob("*.jpg"))
    assert photos
    assert "Image: images/" in (tmp_path / "c" / "stories" / "histoire-00000.md").read_text(
        encoding="utf-8")


def test_the_baseline_is_found_above_the_repository(tmp_path):
    repo = tmp_path / "wt" / "bench"
    repo.mkdir(parents=True)
    baseline = tmp_path / "shared" / "bench" / "plain-pelican.py"
    baseline.parent.mkdir(parents=True)
    baseline.write_text('ARTICLE_PATHS = ["news"]\nDEFAULT_PAGINATION = 10\n', encoding="utf-8")
    assert bench.find_baseline(start=repo) == baseline
    summary = bench.baseline_summary(baseline)
    assert str(baseline) in summary
    assert "theme default, plugins none" in summary and "DEFAULT_PAGINATION=10" in summary


def test_a_missing_baseline_is_said_clearly(tmp_path):
    with pytest.raises(SystemExit, match="plain-pelican.py is missing"):
        bench.find_baseline(start=tmp_path / "repo")
    with pytest.raises(SystemExit, match="is missing"):
        bench.find_baseline(tmp_path / "absent.py")


def test_a_compared_checkout_gets_its_own_column():
    rows = [runner.Row("build", "cold build", "0.9×", "plain 10 s", "target", "1.8×")]
    table = runner.render(rows, ["this checkout", "--compare /tmp/before"])
    header, _, line = table.splitlines()
    assert header.index("--compare /tmp/before") < header.index("baseline")
    assert line.index("1.8×") < line.index("plain 10 s")
    with pytest.raises(SystemExit, match="not a checkout of the hub"):
        bench.Hub.at(Path("/"))
