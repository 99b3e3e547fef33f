"""Cascades: one cause, one finding, at the file the writer must change.

An invalid value, an unreadable file or an item the build cannot place is reported once,
on its own file; the files that cite it (references, links, lists) are not blamed.
`tests/test_hostile_cascade.py` builds these cases alone and checks that nothing else
is reported.
"""

from __future__ import annotations

from hostile.generate import SERVICE, Case

LATIN1 = "Title: Réseau\n".encode("latin-1")


def service(title: str, lifecycle: str, extra: str = "") -> str:
    """A service sheet (Lifecycle on line 3, Reviewed on line 8, `extra` from line 9)."""
    text = SERVICE.replace("Messagerie et agenda", title)
    text = text.replace("Lifecycle: available", f"Lifecycle: {lifecycle}".rstrip())
    return text.replace("Reviewed: 2026-10-01\n", f"Reviewed: 2026-10-01\n{extra}")


def story(slug: str, services: str, date: str = "2026-11-10", body: str = "Texte.") -> str:
    return (f"Title: Histoire {slug}\nDate: {date}\nSummary: Une équipe s'en sert.\n"
            f"Services: {services}\nFeature: le partage\n\n{body}\n")


def constraint(alternatives: str, reason: str = "security") -> str:
    return ("Title: Pourquoi ce blocage ?\nDate: 2026-11-03\nSummary: Un blocage expliqué.\n"
            f"Rule: Pas de clé USB.\nReason: {reason}\nAlternatives: {alternatives}\n"
            "Reviewed: 2026-11-01\n\nTexte.\n")


def news(kind: str, extra: str = "", date: str = "2026-11-04", body: str = "Texte.") -> str:
    return (f"Title: Une annonce\nDate: {date}\nSummary: Une annonce.\nKind: {kind}\n"
            f"{extra}\n{body}\n")


def page(body: str) -> str:
    return f"Title: Une page de liens\n\n{body}\n"


def _b(text: str) -> bytes:
    return text.encode("utf-8")


def _cited(rel: str, text: str) -> tuple[tuple[str, bytes], ...]:
    return ((rel, _b(text)),)


def cases() -> list[Case]:
    return lifecycle_cases() + value_cases() + unplaced_cases() + form_cases()


def lifecycle_cases() -> list[Case]:
    """An invalid life cycle: only its own finding; the files citing it are not judged."""
    out = []
    # A quoted machine value is read without its quotes, with its own finding.
    for name, value, code in (("capital", "Available", "invalid-choice"),
                              ("french-label", "Disponible", "invalid-choice"),
                              ("trailing-dot", "available.", "invalid-choice"),
                              ("words", "en service", "invalid-choice"),
                              ("upper-retired", "RETIRED", "invalid-choice"),
                              ("quoted", '"pilot"', "quoted-value")):
        slug = f"casc-lc-{name}"
        out.append(Case(
            f"lifecycle-{name}-cited", f"services/{slug}.md",
            _b(service(f"Service {name}", value)), code, 3,
            companions=(
                (f"stories/{slug}-histoire.md", _b(story(slug, slug))),
                (f"constraints/{slug}-contrainte.md", _b(constraint(slug))),
            ),
        ))
    out += [
        Case("lifecycle-empty-cited", "services/casc-lc-vide.md",
             _b(service("Service vide", "")), "empty-value", 3,
             companions=_cited("stories/casc-lc-vide-histoire.md",
                               story("vide", "casc-lc-vide"))),
        Case("lifecycle-missing-cited", "services/casc-lc-absent.md",
             _b(service("Service absent", "").replace("Lifecycle:\n", "")), "missing-key", None,
             companions=_cited("constraints/casc-lc-absent-contrainte.md",
                               constraint("casc-lc-absent"))),
        Case("successor-not-a-slug", "services/casc-succ-mots.md",
             _b(service("Ancien outil", "retired", "Successor: Nouvelle Messagerie\n")),
             "unknown-reference", 9),
        Case("retirement-in-words", "services/casc-fin-mots.md",
             _b(service("Outil en fin de vie", "retiring",
                        "Successor: messagerie\nRetirement: fin 2026\n")),
             "invalid-date", 10,
             companions=_cited("stories/casc-fin-mots-histoire.md",
                               story("fin", "casc-fin-mots"))),
    ]
    return out


def value_cases() -> list[Case]:
    """Invalid kinds, reasons and dates: one finding, no badge, no conditional key."""
    return [
        Case("kind-capital", "news/casc-kind-launch.md",
             _b(news("Launch", "Services: messagerie\n")), "invalid-choice", 4),
        Case("kind-french-no-services", "news/casc-kind-lancement.md",
             _b(news("lancement")), "invalid-choice", 4),
        Case("kind-capital-incident", "news/casc-kind-incident.md",
             _b(news("Incident")), "invalid-choice", 4),
        Case("reason-french", "constraints/casc-raison-fr.md",
             _b(constraint("messagerie", "Sécurité")), "invalid-choice", 5),
        Case("reason-two-values", "constraints/casc-raison-deux.md",
             _b(constraint("messagerie", "security, privacy")), "invalid-choice", 5),
        Case("story-impossible-date-linked", "stories/casc-date-31.md",
             _b(story("date-31", "messagerie", date="2026-11-31")), "invalid-date", 2,
             companions=_cited("pages/casc-vers-date-31.md",
                               page("Lire [l'histoire]({story}casc-date-31)."))),
        Case("news-french-date-linked", "news/casc-date-fr.md",
             _b(news("info", date="04/11/2026")), "invalid-date", 2,
             companions=_cited("pages/casc-vers-date-fr.md",
                               page("Voir [l'annonce]({filename}/news/casc-date-fr.md)."))),
        Case("news-without-date-linked", "news/casc-sans-date.md",
             _b(news("info").replace("Date: 2026-11-04\n", "")), "missing-key", None,
             companions=_cited("pages/casc-vers-sans-date.md",
                               page("Voir [l'annonce]({news}casc-sans-date)."))),
        Case("edition-date-in-words", "editions/casc-edition-mots.md",
             _b("Title: Édition de novembre\nDate: novembre 2026\n\nÉdito.\n"),
             "invalid-date", 2),
        Case("tag-punctuation", "news/casc-tag-points.md",
             _b(news("info", "Tags: !!!\n")), "tag-without-address", 5),
        Case("tag-emoji", "news/casc-tag-emoji.md",
             _b(news("info", "Tags: 🎉\n")), "tag-without-address", 5),
        Case("tag-question-marks-among-good", "news/casc-tag-melange.md",
             _b(news("info", "Tags: wifi, ???\n")), "tag-without-address", 5),
    ]


def unplaced_cases() -> list[Case]:
    """A cited file that cannot be read, or whose slug is taken: reported there, once."""
    return [
        Case("unreadable-service-cited-by-story", "services/casc-latin.md",
             LATIN1 + _b(SERVICE.split("\n", 1)[1]), "not-utf8", 1,
             companions=_cited("stories/casc-latin-histoire.md",
                               story("latin", "casc-latin"))),
        Case("empty-service-as-alternative", "services/casc-vide.md", b"", "empty-file", None,
             companions=_cited("constraints/casc-vide-contrainte.md",
                               constraint("casc-vide"))),
        Case("binary-service-as-successor", "services/casc-binaire.md",
             b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary-file", 1,
             companions=_cited("services/casc-binaire-ancien.md",
                               service("Ancien", "retired", "Successor: casc-binaire\n"))),
        Case("unreadable-service-linked", "services/casc-latin-lien.md",
             LATIN1 + _b(SERVICE.split("\n", 1)[1]), "not-utf8", 1,
             companions=_cited("pages/casc-vers-latin.md",
                               page("La [fiche]({service}casc-latin-lien)."))),
        Case("duplicate-slug-cited", "services/casc-double-b.md",
             _b(service("Double", "available", "Slug: casc-double-a\n")),
             "duplicate-slug", 9,
             companions=(
                 ("services/casc-double-a.md", _b(service("Double A", "pilot"))),
                 ("stories/casc-double-histoire.md", _b(story("double", "casc-double-a"))),
             )),
    ]


def form_cases() -> list[Case]:
    """Links typed in a form the site cannot serve: at the writer's line, not the theme's."""
    return [
        Case("save-as-and-url-disagree", "pages/casc-ailleurs.md",
             _b("Title: Ailleurs\nSave_as: casc-ailleurs.html\nUrl: casc-autre/\n\nTexte.\n"),
             "address-mismatch", 3, reporter="checker"),
        Case("url-and-save-as-disagree", "pages/casc-url.md",
             _b("Title: Ailleurs\nUrl: casc-url-autre/\nSave_as: casc-url.html\n\nTexte.\n"),
             "address-mismatch", 2, reporter="checker"),
        Case("author-link", "pages/casc-auteur.md",
             _b(page("Écrit par [Claire]({author}claire-martin).")), "link-unknown-form", 3,
             reporter="checker"),
        Case("category-link", "news/casc-categorie.md",
             _b(news("info", body="Toutes les [annonces]({category}actualites).")),
             "link-unknown-form", 6, reporter="checker"),
        Case("missing-tag-link", "pages/casc-mot-cle.md",
             _b(page("Voir\n\nle mot-clé [sécurité]({tag}securite-inconnue).")),
             "link-broken", 5, reporter="checker"),
    ]
