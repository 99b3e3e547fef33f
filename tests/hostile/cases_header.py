"""The header as writers really type it, and files the hub finds but does not publish.

Spaces and tabs where Markdown wants none, quotes, French key names, keys the type does
not have, a text that starts without its blank line, YAML front matter, lists with an
item twice; then file names: letter case, folders, hidden files, editors' copies.
"""

from __future__ import annotations

import struct
import zlib

from hostile.generate import SERVICE, Case

NEWS = """Title: Coupure du réseau samedi
Date: 2026-11-02
Summary: Le réseau est coupé samedi matin.
Kind: info
"""
BODY = "\nLe réseau du siège est coupé samedi de 8 h à 12 h.\n"


def png() -> bytes:
    """A valid 1×1 grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def service(old: str, new: str, body: str | None = None) -> bytes:
    text = SERVICE.replace(old, new)
    return (text if body is None else text.split("\n\n", 1)[0] + body).encode("utf-8")


def news(old: str = "", new: str = "", extra: str = "", body: str = BODY) -> bytes:
    head = NEWS.replace(old, new) if old else NEWS
    return (head + extra + body).encode("utf-8")


def typing_habits() -> list[Case]:
    return [
        Case("hdr-tab-before-key", "services/hdr-tabulation.md",
             service("Owner:", "\tOwner:"), "key-indented", 4),
        Case("hdr-space-before-colon", "services/hdr-espace.md",
             service("Lifecycle:", "Lifecycle :"), "key-space-before-colon", 3),
        Case("hdr-nbsp-before-colon", "services/hdr-insecable.md",
             service("Price:", "Price\u00a0:"), "key-space-before-colon", 5),
        Case("hdr-narrow-nbsp-before-colon", "services/hdr-fine.md",
             service("Reviewed:", "Reviewed\u202f:"), "key-space-before-colon", 8),
        Case("hdr-quoted-title", "news/hdr-titre-guillemets.md",
             news("Title: Coupure du réseau samedi", 'Title: "Coupure du réseau samedi"'),
             "quoted-text", 1),
        Case("hdr-quoted-lifecycle", "services/hdr-guillemets.md",
             service("Lifecycle: available", "Lifecycle: 'available'"), "quoted-value", 3),
        Case("hdr-french-quotes-kind", "news/hdr-chevrons.md",
             news("Kind: info", "Kind: « info »"), "quoted-value", 4),
        Case("hdr-quoted-date", "news/hdr-date-guillemets.md",
             news("Date: 2026-11-02", 'Date: "2026-11-02"'), "quoted-value", 2),
        Case("hdr-duplicate-key-other-case", "news/hdr-casse.md",
             news(extra="title: Coupure du réseau\n"), "duplicate-key-case", 5),
    ]


def key_names() -> list[Case]:
    return [
        Case("hdr-french-titre", "news/hdr-titre.md",
             news("Title:", "Titre:"), "misspelled-key", 1),
        Case("hdr-french-cycle-de-vie", "services/hdr-cycle.md",
             service("Lifecycle:", "Cycle de vie:"), "misspelled-key", 3),
        Case("hdr-french-proprietaire", "services/hdr-proprietaire.md",
             service("Owner:", "Propriétaire:"), "misspelled-key", 4),
        Case("hdr-french-prix", "services/hdr-prix.md",
             service("Price:", "Prix:"), "misspelled-key", 5),
        Case("hdr-french-date-de-revue", "services/hdr-revue.md",
             service("Reviewed:", "Date de revue:"), "misspelled-key", 8),
        Case("hdr-typo-lifecycle", "services/hdr-lifecyle.md",
             service("Lifecycle:", "Lifecyle:"), "misspelled-key", 3),
        Case("hdr-french-public", "news/hdr-public.md",
             news(extra="Public: siege\n"), "unknown-key", 5),
        Case("hdr-french-mots-cles", "news/hdr-mots-cles.md",
             news(extra="Mots-clés: réseau, coupure\n"), "unknown-key", 5),
        Case("hdr-audiance", "news/hdr-audiance.md",
             news(extra="Audiance: siege\n"), "unknown-key", 5),
        Case("hdr-key-of-another-type", "news/hdr-lifecycle.md",
             news(extra="Lifecycle: available\n"), "unknown-key", 5),
    ]


def header_shape() -> list[Case]:
    front = ("---\nTitle: Migration des postes\nDate: 2026-11-03\nSummary: Les postes "
             "changent.\nKind: info\n---\n\nLe texte.\n")
    yaml_list = ("Title: Migration des postes\nDate: 2026-11-03\nSummary: Les postes changent."
                 "\nKind: info\nTags:\n  - poste\n  - migration\n\nLe texte.\n")
    return [
        Case("hdr-body-attention-without-blank-line", "news/hdr-attention.md",
             news(body="Attention: le service ferme à 18 h vendredi, pensez à enregistrer.\n"
                       "Merci de votre compréhension.\n"),
             "missing-blank-line", 5),
        Case("hdr-body-after-last-key", "services/hdr-important.md",
             service("Reviewed: 2026-10-01\n", "Reviewed: 2026-10-01\nImportant: la messagerie "
                     "sera coupée samedi.\n", body="\n"),
             "missing-blank-line", 9),
        Case("hdr-lost-line-without-colon", "services/hdr-sans-deux-points.md",
             service("Lifecycle: available", "Lifecycle available"), "header-lost-line", 3),
        Case("hdr-lost-line-sentence", "news/hdr-ligne-perdue.md",
             news("Date:", "Voir plus bas pour les détails\nDate:"), "header-lost-line", 2),
        Case("hdr-header-without-end", "news/hdr-sans-fin.md",
             news(extra="".join(f"Ligne{i}: valeur\n" for i in range(200))), "header-too-long",
             201),
        Case("hdr-yaml-front-matter", "news/hdr-front-matter.md", front.encode(),
             "front-matter", 1),
        Case("hdr-yaml-list", "news/hdr-liste-yaml.md", yaml_list.encode(), "yaml-list", 5),
        Case("hdr-empty-image-alt", "news/hdr-alt-vide.md",
             news(extra="Image: images/hdr-photo.png\nImage-alt:\n"), "empty-value", 6,
             companions=(("images/hdr-photo.png", png()),)),
        Case("hdr-service-listed-twice", "news/hdr-service-double.md",
             news("Kind: info", "Kind: change", "Services: messagerie, messagerie\n"),
             "duplicate-in-list", 5),
    ]


def files() -> list[Case]:
    return [
        Case("hdr-extension-upper-case", "news/hdr-majuscules.MD", news(),
             "source-extension-case", None, absent=("actualites/hdr-majuscules",)),
        Case("hdr-extension-markdown-mixed-case", "pages/hdr-page.Markdown",
             b"Title: Une page\n\nTexte.\n", "not-markdown", None),
        Case("hdr-extension-markdown", "news/hdr-note.markdown", news(), "not-markdown", None,
             absent=("actualites/hdr-note",)),
        Case("hdr-markdown-at-content-root", "hdr-notes.md", news(),
             "source-outside-types", None),
        Case("hdr-folder-typo", "service/hdr-faute.md", service("", ""),
             "source-outside-types", None),
        Case("hdr-hidden-file", "news/.hdr-brouillon.md",
             news("Title: Coupure du réseau samedi", "Title: Brouillon caché du hub"),
             "hidden-source", None),
        Case("hdr-editor-backup-tilde", "news/hdr-sauvegarde.md~", news(),
             "editor-backup", None),
        Case("hdr-emacs-autosave", "news/#hdr-emacs.md#", news(), "editor-backup", None),
        Case("hdr-vim-swap", "news/.hdr-vim.md.swp", b"b0VIM 9.0\x00\x00", "editor-backup",
             None),
        Case("hdr-text-file", "news/hdr-note.txt", news(), "not-markdown", None),
        Case("hdr-word-document", "news/hdr-compte-rendu.docx", b"PK\x03\x04word/",
             "not-markdown", None),
        Case("hdr-html-page", "pages/hdr-ancienne.html",
             b"<html><body><p>Page HTML cachee du hub</p></body></html>", "not-markdown",
             None, absent=("hdr-ancienne", "pages/hdr-ancienne.html")),
        Case("hdr-double-extension", "news/hdr-double.md.txt", news(), "not-markdown", None),
    ]


def cases() -> list[Case]:
    return typing_habits() + key_names() + header_shape() + files()
