"""Links that lead out of the content folder, loops and dangling links: one error on the
link's own path, and nothing behind the link read, copied or published; links inside the
folder keep working, judged by what they point to; the build's registries are never read
or written through a link."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from security.gatekit import Outcome, build_and_check, invoke_check, leaks, sample_copy, tiny_png

SECRET_HTML = b"<html><script>alert('SECRET-HTML-7f3a')</script></html>"
SECRET_TXT = b"SECRET-TXT-91c2 mot de passe du serveur"
SECRET_KEY = b"-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET-KEY-4d8e\n"
SECRET_PNG = b"SECRET-PNG-b27c"
SECRET_MD = b"SECRET-MD-0e5f"
SECRETS = (b"SECRET-HTML-7f3a", b"SECRET-TXT-91c2", b"SECRET-KEY-4d8e", SECRET_PNG,
           SECRET_MD, b"SECRET-TOML-5a1d")

NEWS = """Title: Une annonce venue d'ailleurs
Date: 2026-11-02
Summary: Elle ne devrait jamais être publiée.
Kind: info

{secret}
"""


@dataclass
class Planted:
    content: Path
    output: Path
    outside: Path
    outcome: Outcome


def _outside(root: Path) -> Path:
    """A folder elsewhere on the machine: a web page, notes, a private key, an image and
    Markdown pages, each with a secret."""
    outside = root / "ailleurs"
    (outside / "pages-md").mkdir(parents=True)
    (outside / "page.html").write_bytes(SECRET_HTML)
    (outside / "notes.txt").write_bytes(SECRET_TXT)
    (outside / "id_rsa").write_bytes(SECRET_KEY)
    (outside / "photo.png").write_bytes(tiny_png(SECRET_PNG))
    (outside / "pages-md" / "secrete.md").write_text(NEWS.format(secret=SECRET_MD.decode()),
                                                    encoding="utf-8")
    return outside


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    root = tmp_path_factory.mktemp("liens")
    outside = _outside(root)
    content = sample_copy(root)
    images = content / "images"
    (images / "dehors").symlink_to(outside)  # absolute, out
    (images / "haut").symlink_to("../..")  # relative, out
    (images / "boucle").symlink_to(".")  # a loop
    (images / "absent.png").symlink_to("nulle-part.png")  # dangling, inside
    (images / "alias.png").symlink_to("portail-assistance.png")  # inside: works
    (content / "photos").mkdir()
    (content / "photos" / "quai.jpg").write_bytes((images / "entrepot-vienne.jpg").read_bytes())
    (images / "galerie").symlink_to("../photos")  # a folder inside: works
    (images / "faux.png").symlink_to("../lexique.txt")  # inside, but not an image
    (content / "news" / "externes").symlink_to(outside / "pages-md")  # Markdown from outside
    (content / "news" / "copie.md").symlink_to(outside / "pages-md" / "secrete.md")
    page = content / "pages" / "a-propos.md"  # a writer links a file behind the link
    page.write_text(page.read_text(encoding="utf-8")
                    + "\nVoir [les notes]({static}/images/dehors/notes.txt).\n",
                    encoding="utf-8")
    output = root / "output"
    (root / "victime-sortie").mkdir()  # an output folder that is a link: never written through
    output.mkdir()
    (output / "actualites").symlink_to(root / "victime-sortie")
    return Planted(content, output, outside, build_and_check(content, output))


def test_every_link_out_loop_or_dangling_is_one_error_on_the_link_itself(planted: Planted):
    assert planted.outcome.found(planted.content) == [
        ("images/absent.png", None, "link-dangling"),
        ("images/boucle", None, "link-loop"),
        ("images/dehors", None, "link-outside"),
        ("images/faux.png", None, "static-disguised"),
        ("images/haut", None, "link-outside"),
        ("news/copie.md", None, "link-outside"),
        ("news/externes", None, "link-outside"),
    ]
    by_file = {f["file"]: f for f in planted.outcome.findings}
    dehors = by_file[f"{planted.content}/images/dehors"]
    assert dehors["message"] == (
        f"Ce dossier est un lien vers « {planted.outside} », hors du dossier de contenu : "
        "rien de ce qu'il désigne n'est lu ni publié.")
    assert "Traceback" not in planted.outcome.build.stderr


def test_nothing_behind_a_link_out_reaches_the_output(planted: Planted):
    assert planted.outcome.build.returncode == 0, planted.outcome.build.stderr[-2000:]
    assert leaks(planted.output, *SECRETS) == []
    assert not (planted.output / "images" / "boucle").exists()
    assert not (planted.output / "images" / "dehors").exists()
    assert not (planted.output / "actualites" / "secrete").exists()
    assert not (planted.output / "actualites" / "copie").exists()


def test_the_build_never_writes_through_a_link_in_the_output(planted: Planted):
    assert list((planted.content.parent / "victime-sortie").iterdir()) == []
    assert not (planted.output / "actualites").is_symlink()
    assert any((planted.output / "actualites").glob("*/index.html"))


def test_the_editor_does_not_start_while_a_link_leads_out(planted: Planted):
    from hub.editor.server import EditorUnavailable, check_content

    with pytest.raises(EditorUnavailable) as refused:
        check_content(planted.content)
    assert str(refused.value).startswith(
        f"L'éditeur ne démarre pas : {planted.content}/images/absent.png : Ce fichier est un "
        "lien vers « nulle-part.png », qui n'existe pas.")
    check_content(planted.content.parent / "ailleurs")  # a folder without links: it starts


def test_links_inside_the_folder_keep_working(planted: Planted):
    out = planted.output / "images"
    assert (out / "alias.png").read_bytes() == (out / "portail-assistance.png").read_bytes()
    assert (out / "galerie" / "quai.jpg").is_file()
    assert not (out / "faux.png").exists()  # judged by what it points to: a text file


@pytest.fixture(scope="module")
def registries(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, list]:
    """The registries as links (one to an existing file out of the folder, one dangling),
    the whole images folder and the site file links out, checked with `invoke check` as a
    writer does."""
    root = tmp_path_factory.mktemp("registres")
    outside = _outside(root)
    content = sample_copy(root, registries=True)
    (content / "feed-ids.json").unlink()
    (content / "anciennes-adresses.json").unlink()
    (root / "victime.json").write_text('{"items": []}\n', encoding="utf-8")
    (content / "feed-ids.json").symlink_to(root / "victime.json")
    (content / "anciennes-adresses.json").symlink_to("../nulle-part.json")
    os.rename(content / "images", root / "images-ailleurs")
    for name in ("page.html", "notes.txt", "id_rsa"):
        (root / "images-ailleurs" / name).write_bytes((outside / name).read_bytes())
    (content / "images").symlink_to(root / "images-ailleurs")
    site = content / "site.toml"  # the site file as a link out: not read
    text = site.read_text(encoding="utf-8") if site.is_file() else "[site]\n"
    site.unlink(missing_ok=True)
    (root / "site-ailleurs.toml").write_text(
        text.replace("[site]\n", '[site]\ntagline = "SECRET-TOML-5a1d"\n', 1)
        if "tagline" not in text else
        "\n".join('tagline = "SECRET-TOML-5a1d"' if line.startswith("tagline") else line
                  for line in text.splitlines()) + "\n", encoding="utf-8")
    site.symlink_to(root / "site-ailleurs.toml")
    output = root / "output"
    code, findings, _ = invoke_check(content, output)
    return content, output, code, findings


def test_the_registries_are_never_read_or_written_through_a_link(registries):
    content, output, code, findings = registries
    root = content.parent
    assert code == 1  # findings, not « erreur inattendue » (2)
    found = sorted((f["file"].removeprefix(f"{content}/"), f["line"], f["code"])
                   for f in findings)
    assert found == [
        ("anciennes-adresses.json", None, "kept-file-link"),
        ("feed-ids.json", None, "kept-file-link"),
        ("images", None, "link-outside"),
        ("site.toml", None, "link-outside"),
    ]
    assert (root / "victime.json").read_text(encoding="utf-8") == '{"items": []}\n'
    assert not (root / "nulle-part.json").exists()
    assert (content / "feed-ids.json").is_symlink()
    assert (content / "anciennes-adresses.json").is_symlink()


def test_an_images_folder_that_leads_out_publishes_nothing_of_it(registries):
    content, output, _, _ = registries
    assert (output / "index.html").is_file()
    assert leaks(output, *SECRETS) == []
    assert not any((output / "images").glob("*.html"))
    shown = json.dumps([str(p) for p in (output / "images").rglob("*")]) \
        if (output / "images").exists() else "[]"
    assert "id_rsa" not in shown and "notes.txt" not in shown


def test_a_new_page_is_never_written_through_a_link(tmp_path: Path):
    import datetime as dt

    from hub.tools.scaffold import new_file

    content, outside = tmp_path / "content", tmp_path / "ailleurs"
    (content / "news").mkdir(parents=True)
    outside.mkdir()
    (content / "stories").symlink_to(outside)  # a type folder that leads out
    (content / "news" / "nouvelle.md").symlink_to("../../piege.md")  # dangling, out
    today = dt.date(2026, 11, 23)
    with pytest.raises(SystemExit, match="est un lien qui sort du dossier de contenu"):
        new_file("story", "Une histoire", None, content, today)
    with pytest.raises(SystemExit, match="existe déjà"):
        new_file("news", "Nouvelle", None, content, today)
    assert list(outside.iterdir()) == [] and not (tmp_path / "piege.md").exists()
    assert new_file("news", "Une autre", None, content, today).is_file()
