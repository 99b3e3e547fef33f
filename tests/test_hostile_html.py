"""`sanitize`: markup that could run code is removed; Markdown output comes out unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hub.source.sanitize import (
    Place,
    clean,
    find_unsafe,
    has_markup,
    is_safe_url,
    path_outside,
    plain_text,
)

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.fr/x.js></SCRIPT>",
    '<img src="x.png" onerror="alert(1)">',
    '<img src=x ONERROR=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" &#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://x.fr"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<math><a xlink:href="javascript:alert(1)">x</a></math>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<img srcset="x.png 1x, javascript:alert(1) 2x">',
    '<details open ontoggle="alert(1)">x</details>',
    "<p>texte</p><script>alert(1)</script><p>suite</p>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_attack_is_found_and_neutralised(attack: str) -> None:
    assert find_unsafe(attack), attack
    cleaned, found = clean(attack)
    assert found
    assert find_unsafe(cleaned) == [], cleaned
    lowered = cleaned.lower()
    for word in ("<script", "javascript", "onerror", "onload", "<iframe", "data:"):
        assert word not in lowered, cleaned


SAFE = [
    '<h2 id="comment-lobtenir">Comment l\'obtenir</h2>\n<p>Voir <a href="{filename}/services/'
    'messagerie.md#comment-lobtenir">la fiche</a> et <a href="https://x.fr/a?b=1&amp;c=2">x</a>.'
    "</p>",
    '<p><img alt="Un écran" src="{static}/images/écran.png"></p>',
    '<p><a href="mailto:support@norelia.fr">écrire</a> ou <a href="tel:+33472003600">appeler'
    "</a></p>",
    "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
    "<p>Paragraphe avec des accents : é, à, ç, « guillemets » &amp; R&amp;D.</p>",
    "Texte simple sans balise : note",
]


@pytest.mark.parametrize("html", SAFE)
def test_safe_html_is_left_byte_for_byte(html: str) -> None:
    assert find_unsafe(html) == []
    assert clean(html) == (html, [])


def test_the_allow_list_keeps_table_alignment() -> None:
    html = '<table><tr><th style="text-align: left;">A</th><td style="color: red">B</td></tr></table>'
    cleaned, found = clean(html)
    assert cleaned == ('<table><tbody><tr><th style="text-align:left">A</th>'
                       '<td style="">B</td></tr></tbody></table>')
    assert [(u.kind, u.name, u.value) for u in found] == [("other", "td", "style")]


def test_what_is_not_allowed_is_removed_with_a_warning_not_an_error() -> None:
    cleaned, found = clean('<p>Un <font color="red">mot</font> <marquee>ici</marquee></p>')
    assert cleaned == "<p>Un mot ici</p>"
    assert [(u.kind, u.name, u.unsafe) for u in found] == [("other", "font", False),
                                                           ("other", "marquee", False)]


def test_text_around_removed_markup_stays() -> None:
    cleaned, _ = clean("<p>avant</p><script>alert(1)</script><p>après <b>gras</b></p>")
    assert cleaned == "<p>avant</p><p>après <b>gras</b></p>"


def test_urls_schemes() -> None:
    assert is_safe_url("https://x.fr")
    assert is_safe_url("../a/")
    assert is_safe_url("#ancre")
    assert is_safe_url("{filename}/a.md")
    assert not is_safe_url(" javascript:x")
    assert not is_safe_url("java\nscript:x")
    assert not is_safe_url("data:text/html,x")


def test_paths_out_of_the_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "news").mkdir(parents=True)
    (content / "images").mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (content / "images" / "lien.png").symlink_to(tmp_path / "secret.txt")
    place = Place(content, "news")
    assert not path_outside("../images/x.png", place)
    assert not path_outside("/images/x.png", place)
    assert path_outside("../../secret.txt", place)
    assert path_outside("/../secret.txt", place)
    # a link that leads out is the gate's (source/gate.py): reported once, on the link
    assert not path_outside("/images/lien.png", place)
    found = find_unsafe('<a href="{static}/../secret.txt">x</a>', place)
    assert [(u.kind, u.value) for u in found] == [("path", "{static}/../secret.txt")]
    cleaned, _ = clean('<p><a href="{static}/../secret.txt">x</a></p>', place)
    assert cleaned == "<p><a>x</a></p>"


def test_header_values_with_an_address_in_angle_brackets_are_text() -> None:
    assert not has_markup("Claire Martin <claire.martin@norelia.fr>")
    assert not has_markup("Voir <https://portail.exemple.intra/>")
    assert not has_markup("Moins de 5 Mo, A < B")
    assert has_markup("Claire <b>Martin</b>")
    assert plain_text("<b>Gratuit</b> pour tous") == "Gratuit pour tous"
    assert plain_text("<script>alert(1)</script>") == "‹script›alert(1)‹/script›"
    assert plain_text("<b>&lt;script&gt;</b>") == "&lt;script&gt;"
