"""Write the hostile corpus: bad inputs next to a few good pages, in one content folder.

Each `Case` is one file and the finding it must produce (code and 1-based line, or
None for the whole file). The cases of this module are the first families (encodings,
garbage headers, size, unsafe markup); every module `cases_<family>.py` of this package
adds a family through its own `cases()`. `python -m hostile.generate DIR` (from tests/)
writes the folder to look at by hand; the tests call `write(folder)`.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    name: str  # what the input is, for test ids
    rel: str  # path under the content folder
    data: bytes
    code: str  # expected finding code
    line: int | None  # expected line (None: the whole file)
    link_to: str | None = None  # a symbolic link's target instead of data
    # Where the finding is expected, when not on `rel` (a file `rel` makes wrong elsewhere).
    file: str | None = None
    # Other files the case needs (path under the content folder → bytes).
    companions: tuple[tuple[str, bytes], ...] = ()
    # Who reports it: "both" (build report and checker), or "checker" only.
    reporter: str = "both"
    # Output files (under the output folder) that must exist after the build: the hub's
    # page a case tries to take, for instance.
    kept: tuple[str, ...] = ()
    # Output files that must not exist (what the case must not have written).
    absent: tuple[str, ...] = ()

    @property
    def expected_file(self) -> str:
        return self.file or self.rel


SERVICE = """Title: Messagerie et agenda
Summary: Vos e-mails et votre agenda, partout.
Lifecycle: available
Owner: claire.martin@norelia.fr
Price: Inclus
Access: https://portail.exemple.intra/messagerie
Support: 04 72 00 36 00
Reviewed: 2026-10-01

## Comment l'obtenir

Votre boîte est créée le jour de votre arrivée.
"""

STORY = """Title: L'agence de Lyon partage son agenda
Date: 2026-11-10
Summary: L'équipe voit qui est en intervention.
Services: messagerie
Feature: agenda partagé

Voir [la fiche]({service}messagerie#comment-lobtenir).
"""

PAGE = """Title: À propos

Le hub présente les services de la DSI. Lire [l'histoire]({story}agence-lyon).
"""

GOOD = {
    "services/messagerie.md": SERVICE,
    "stories/agence-lyon.md": STORY,
    "pages/a-propos.md": PAGE,
}
GOOD_OUTPUT = ("services/messagerie/index.html", "histoires/agence-lyon/index.html",
               "a-propos/index.html", "index.html")

NEWS_HEAD = "Title: {title}\nDate: 2026-11-02\nSummary: Une annonce.\nKind: info\n"


def news(title: str, body: str, extra: str = "") -> bytes:
    return (NEWS_HEAD.format(title=title) + extra + "\n" + body + "\n").encode("utf-8")


def page(body: str, head: str = "Title: Une page\n") -> bytes:
    return (head + "\n" + body + "\n").encode("utf-8")


def _png() -> bytes:
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
            b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
            b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _utf16(text: str, codec: str) -> bytes:
    return text.encode(codec)


def _nested_list(depth: int) -> str:
    return "\n".join("    " * i + "- niveau" for i in range(depth))


def _many_links(count: int) -> str:
    lines = [f"- [fiche {i}]({{service}}messagerie)" for i in range(count)]
    return "\n".join(lines)


def cases() -> list[Case]:
    """Every hostile input of every family, with the finding it must give."""
    found = base_cases()
    package = Path(__file__).parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(package)])):
        if module.startswith("cases_"):
            found.extend(importlib.import_module(f"hostile.{module}").cases())
    return found


def base_cases() -> list[Case]:
    """The first families: encodings and bytes, garbage headers, size, unsafe markup."""
    ten_mb = news("Un fichier énorme", "Du texte sans fin. " * 550_000)
    many = news("Dix mille liens", _many_links(10_000) + "\n\n[cassé]({service}inconnu)")
    return [
        # encodings and bytes
        Case("latin-1", "news/latin1.md",
             "Title: Café\nDate: 2026-11-02\nSummary: Résumé\n".encode("latin-1"), "not-utf8", 1),
        Case("latin-1-body", "news/latin1-corps.md",
             news("Annonce", "Première ligne.\n\nÇa marche.").replace("Ça".encode(), b"\xc7a"),
             "not-utf8", 8),
        Case("cp1252-quotes", "news/guillemets.md",
             news("Annonce", "L’appli").replace("’".encode(), b"\x92"), "not-utf8", 6),
        Case("utf-16-le-bom", "news/utf16le.md", _utf16("\ufeffTitle: Test\n\nx\n", "utf-16-le"),
             "not-utf8", 1),
        Case("utf-16-be-bom", "news/utf16be.md", _utf16("\ufeffTitle: Test\n\nx\n", "utf-16-be"),
             "not-utf8", 1),
        Case("utf-16-no-bom", "news/utf16.md", _utf16("Title: Test\n\nx\n", "utf-16-le"),
             "not-utf8", 1),
        Case("empty", "news/vide.md", b"", "empty-file", None),
        Case("whitespace-only", "news/blancs.md", b"  \n\n\t\n", "empty-file", None),
        Case("bom-only", "news/bom.md", b"\xef\xbb\xbf", "empty-file", None),
        Case("bom-and-blank-lines", "news/bom-lignes.md", b"\xef\xbb\xbf\n\n\n", "empty-file",
             None),
        Case("bom-header-missing-keys", "news/bom-entete.md", b"\xef\xbb\xbfTitle: Seul\n",
             "missing-key", None),
        Case("binary-png", "news/image.md", _png(), "binary-file", 1),
        Case("random-bytes", "news/octets.md", bytes(range(128, 256)) * 40, "not-utf8", 1),
        Case("nul-after-8k", "news/nul.md", news("Annonce", "a" * 9000 + "\x00 fin"),
             "control-character", 6),
        Case("escape-in-title", "news/echap.md", news("Annonce \x1b[31mrouge", "Texte."),
             "control-character", 1),
        Case("ten-megabytes", "news/enorme.md", ten_mb, "too-large", None),
        # garbage metadata
        Case("garbage-header", "news/charabia.md", b"::: ??? :::\n%%%%\n\nTexte\n",
             "bad-header", 1),
        Case("key-without-colon", "pages/sans-deux-points.md", b"Title Mon titre\n\nTexte\n",
             "bad-header", 1),
        Case("impossible-date", "news/date-impossible.md",
             news("Annonce", "Texte.").replace(b"2026-11-02", b"2026-02-30"), "invalid-date", 2),
        Case("words-for-date", "news/date-mots.md",
             news("Annonce", "Texte.").replace(b"2026-11-02", b"demain matin"), "invalid-date", 2),
        Case("service-with-only-a-title", "services/titre-seul.md",
             b"Title: Un service\n\nSans aucune autre cl\xc3\xa9.\n", "missing-key", None),
        Case("snowman-lifecycle", "services/bonhomme.md",
             SERVICE.replace("Lifecycle: available", "Lifecycle: ☃").encode(),
             "invalid-choice", 3),
        Case("duplicate-key", "news/cle-double.md", news("Annonce", "Texte.", "Title: Encore\n"),
             "duplicate-key", 5),
        Case("empty-title", "pages/titre-vide.md", page("Texte.", "Title:\n"), "empty-value", 1),
        Case("bad-status", "pages/statut.md", page("Texte.", "Title: Page\nStatus: publié\n"),
             "invalid-choice", 2),
        Case("slug-climbing", "news/slug.md", news("Annonce", "Texte.", "Slug: ../../../evil\n"),
             "invalid-slug", 5),
        Case("save-as-climbing", "pages/save-as.md",
             page("Texte.", "Title: Page\nSave_as: ../../../evil.html\n"), "path-outside", 2),
        Case("unknown-template", "pages/gabarit.md",
             page("Texte.", "Title: Page\nTemplate: ../../../../etc/passwd\n"),
             "invalid-choice", 2),
        # size and shape
        Case("ten-thousand-links", "news/liens.md", many, "link-broken", 10_007),
        Case("deeply-nested-list", "news/liste.md", news("Annonce", _nested_list(400)),
             "too-deep", 6 + 41),
        Case("deeply-nested-quotes", "news/citations.md", news("Annonce", ">" * 5000 + " x"),
             "too-deep", 6),
        # content that could run code
        Case("script", "news/script.md", news("Annonce", "Bonjour\n\n<script>alert(1)</script>"),
             "unsafe-html", 8),
        Case("iframe", "news/iframe.md", news("Annonce", '<iframe src="https://x.fr"></iframe>'),
             "unsafe-html", 6),
        Case("onerror", "news/onerror.md", news("Annonce", '<img src="x.png" onerror="alert(1)">'),
             "unsafe-html", 6),
        Case("javascript-link", "news/js.md", news("Annonce", "[clic](javascript:alert(1))"),
             "unsafe-html", 6),
        Case("data-url", "news/data.md",
             news("Annonce", '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>'),
             "unsafe-html", 6),
        Case("style", "news/style.md", news("Annonce", "<style>body{display:none}</style>"),
             "unsafe-html", 6),
        Case("object-embed", "news/objet.md",
             news("Annonce", 'Texte\n\n<object data="x.swf"></object><embed src="y.swf">'),
             "unsafe-html", 8),
        Case("script-in-title", "news/titre-script.md",
             news("<script>alert(1)</script>", "Texte."), "unsafe-html", 1),
        Case("static-climbing", "news/static.md",
             news("Annonce", "[mot de passe]({static}/../../../../etc/passwd)"), "path-outside", 6),
        Case("filename-climbing", "news/filename.md",
             news("Annonce", "[secret]({filename}../../secret.md)"), "path-outside", 6),
        Case("image-climbing", "news/image-dehors.md",
             news("Annonce", "Texte.", "Image: ../../../etc/passwd\nImage-alt: Un mot de passe\n"),
             "path-outside", 5),
        Case("symlink-outside", "news/lien.md", b"", "link-outside", None,
             link_to="/etc/hostname"),
    ]


def write(folder: Path) -> list[Case]:
    """Write the good pages and every hostile case under `folder`; return the cases."""
    for rel, text in GOOD.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    all_cases = cases()
    for case in all_cases:
        path = folder / case.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if case.link_to:
            path.symlink_to(case.link_to)
        else:
            path.write_bytes(case.data)
        for rel, data in case.companions:
            companion = folder / rel
            companion.parent.mkdir(parents=True, exist_ok=True)
            companion.write_bytes(data)
    return all_cases


if __name__ == "__main__":
    print(len(write(Path(sys.argv[1]))), "cas écrits")
