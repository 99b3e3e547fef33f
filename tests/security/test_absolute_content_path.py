"""Nothing of the build machine reaches the output: with `--content` given as an absolute
path (or as a path that climbs out of the project), published pages name a source by the
content folder's own name and its path inside it, never where the machine keeps it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from support import ROOT

from security.gatekit import INVOKE, leaks, sample_copy


def _forms(path: Path) -> list[bytes]:
    """The ways a page could show a folder: as is, URL-encoded, HTML-escaped slashes."""
    text = str(path)
    return [text.encode(), quote(text, safe="").encode(), quote(text).encode(),
            text.replace("/", "&#x2F;").encode()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("machine-secrete")
    content = sample_copy(root)
    output = root / "output"
    done = subprocess.run(
        [str(INVOKE), "build", "--content", str(content), "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return content, output


def test_no_published_file_holds_the_absolute_content_path(built):
    content, output = built
    assert leaks(output, *_forms(content.parent)) == []


def test_sources_are_named_from_the_content_folder(built):
    content, output = built
    review = (output / "revue" / "index.html").read_text(encoding="utf-8")
    assert "<code>content/news/" in review
    page = next((output / "services").glob("*/index.html")).read_text(encoding="utf-8")
    assert quote("Fichier source : content/services/", safe="") in page


def test_a_label_that_climbs_out_of_the_project_is_not_published(tmp_path: Path):
    from hub.settings import HubSettings
    from hub.source.corpus import Corpus, published_name, scan

    content = sample_copy(tmp_path)
    corpus: Corpus = scan(content, HubSettings())
    item = corpus.items[0]
    for label, shown in (("../../home/claire/hub/content", "content"),
                         (str(content), "content"), ("content", "content"),
                         ("./sites/dsi", "sites/dsi"), ("C:\\Users\\claire\\content", "content")):
        corpus.settings = HubSettings(HUB_CONTENT_LABEL=label)
        assert published_name(corpus, item) == f"{shown}/{item.rel}", label
