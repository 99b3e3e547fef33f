"""Pelican's link forms, the URL scheme and the hub's way of naming a path, declared once."""

from __future__ import annotations

import re
from pathlib import Path

from hub.paths import (
    PATH_FORM,
    PATH_FORMS,
    SCHEME_RE,
    SCHEMELESS_URL_RE,
    file_of_url,
    inside,
    rel_path,
    save_as,
    static_path,
    url_of_file,
)


def test_every_path_form_and_no_other() -> None:
    pattern = re.compile("^" + PATH_FORM)
    for form in PATH_FORMS:
        assert pattern.match(f"{{{form}}}/images/x.jpg")
    assert not pattern.match("{service}imprimer")
    assert not pattern.match("images/x.jpg")


def test_the_scheme() -> None:
    assert SCHEME_RE.match("https://exemple.fr")[1] == "https"  # type: ignore[index]
    assert SCHEME_RE.match("mailto:a@b.fr")[1] == "mailto"  # type: ignore[index]
    assert SCHEME_RE.match("images/x.jpg") is None
    assert SCHEME_RE.match("1http:x") is None
    assert SCHEMELESS_URL_RE.match("www.exemple.fr")
    assert SCHEMELESS_URL_RE.match("https//exemple.fr")
    assert not SCHEMELESS_URL_RE.match("https://exemple.fr")


def test_static_path() -> None:
    assert static_path("{static}/images/x.jpg") == "images/x.jpg"
    assert static_path("images/x.jpg") == "images/x.jpg"


def test_rel_path_and_inside(tmp_path: Path) -> None:
    (tmp_path / "content" / "images").mkdir(parents=True)
    image = tmp_path / "content" / "images" / "x.jpg"
    image.write_bytes(b"")
    root = tmp_path / "content"
    assert rel_path(image, root) == "images/x.jpg"
    assert rel_path(root, root) == "."
    assert inside(image, root) == "images/x.jpg"
    assert inside(tmp_path, root) is None
    (root / "lien").symlink_to(tmp_path)
    assert inside(root / "lien", root) is None  # a link that leads out
    (root / "boucle").symlink_to(root / "boucle")
    assert inside(root / "boucle", root) is None


def test_the_file_a_url_is_served_from_and_back() -> None:
    assert save_as("") == "index.html"
    assert save_as("aide/") == "aide/index.html"
    assert save_as("flux/tout/rss.xml") == "flux/tout/rss.xml"
    assert file_of_url("aide") == "aide/index.html"
    assert file_of_url("aide/") == "aide/index.html"
    assert file_of_url("docs/guide.pdf") == "docs/guide.pdf"
    assert file_of_url("a/b/../c") == "a/c/index.html"
    assert url_of_file("aide/index.html") == "aide/"
    assert url_of_file("index.html") == "index.html"
    assert url_of_file("flux/tout/rss.xml") == "flux/tout/rss.xml"
