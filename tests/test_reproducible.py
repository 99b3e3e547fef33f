"""Two builds of the same content give byte-identical output (sample site, publish settings)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hub.search.reproducible import cbor_decode, cbor_encode
from support import ROOT, build_site


def digest_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_two_builds_of_the_sample_site_are_byte_identical(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The second build reads a copy of the content from elsewhere, with another hash
    # seed: neither the folder nor Python's set order may show in the output.
    elsewhere = tmp_path / "ailleurs" / "content"
    shutil.copytree(ROOT / "content", elsewhere)
    monkeypatch.setenv("PYTHONHASHSEED", "1")
    first = build_site(ROOT / "content", tmp_path / "one", conf="publishconf.py")
    monkeypatch.setenv("PYTHONHASHSEED", "2")
    second = build_site(elsewhere, tmp_path / "two", conf="publishconf.py")
    assert first.returncode == 0 and second.returncode == 0, first.stderr[-2000:]
    one, two = digest_tree(tmp_path / "one"), digest_tree(tmp_path / "two")
    assert len(one) > 100
    assert sorted(one) == sorted(two)
    differ = [rel for rel in one if one[rel] != two[rel]]
    assert differ == []
    assert any(rel.startswith("pagefind/filter/") for rel in one)  # the search index too
    assert "sitemap.xml" in one


def test_cbor_codec_round_trips() -> None:
    value = ["1.5.2", [["fr_abc", 41], ["fr_def", 300]], [], [["public", "fr_1234567"]],
             [-3, True, False, None, "é" * 30, b"\x00\x01", list(range(30))]]
    assert cbor_decode(cbor_encode(value)) == value
    assert cbor_encode(70000)[:1] == b"\x1a"  # shortest form, as Pagefind writes
