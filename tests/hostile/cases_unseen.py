"""Mistakes first seen on a content folder written by someone who never read the hub's
code (a hospital group's DSI, from the contract alone): each became a case here."""

from __future__ import annotations

from hostile.generate import Case, _png

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
       b'<rect width="40" height="40" fill="#36c"/></svg>\n')


def story(slug: str, extra: str, body: str = "Texte.") -> bytes:
    return (f"Title: Histoire {slug}\nDate: 2026-11-05\nSummary: Une équipe et son service.\n"
            f"Services: messagerie\nFeature: agenda partagé\n{extra}\n{body}\n").encode()


def cases() -> list[Case]:
    return [
        Case("unseen-svg-as-page-image", "stories/uns-plan.md",
             story("plan", "Image: images/uns-plan.svg\nImage-alt: Plan des trois sites\n"),
             "image-key-svg", 6, companions=(("images/uns-plan.svg", SVG),)),
        Case("unseen-image-without-alt", "stories/uns-sans-alt.md",
             story("sans-alt", "Image: images/uns-photo.png\n"), "missing-conditional-key", 6,
             companions=(("images/uns-photo.png", _png()),)),
        Case("unseen-markdown-in-images", "images/uns-notes.md",
             b"Title: Notes\n\nMes notes de travail.\n", "static-kind-refused", None,
             absent=("images/uns-notes.md",)),
        Case("unseen-ends-before-starts", "news/uns-coupure.md",
             _news("Coupure", "Starts: 2026-12-12 09:00\nEnds: 2026-12-12 07:00\n"),
             "ends-before-starts", 6),
        Case("unseen-ends-without-starts", "news/uns-fin-seule.md",
             _news("Fin seule", "Ends: 2026-12-12\n"), "ends-without-starts", 5),
        Case("unseen-starts-in-french", "news/uns-debut-francais.md",
             _news("Début en français", "Starts: 12/12/2026 7h\n"), "invalid-date", 5),
        Case("unseen-event-over", "news/uns-coupure-passee.md",
             _news("Coupure passée", "Starts: 2026-10-03 07:00\nEnds: 2026-10-03 09:00\n"),
             "event-past", 6),
    ]


def _news(title: str, extra: str) -> bytes:
    return (f"Title: {title}\nDate: 2026-11-02\nSummary: Une coupure prévue.\nKind: info\n"
            f"{extra}\nLe service sera coupé.\n").encode()
