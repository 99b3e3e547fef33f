"""Silent cases: glossary names that would mark common words or that two terms share,
and two editions on the same day (the later one would have gathered nothing, or all).

The registry cases (`feed-ids.json`) need a build that keeps a registry: see
tests/test_feed_registry.py.
"""

from __future__ import annotations

from hostile.generate import Case

DEFINITION = "Une définition simple du terme, en une phrase."


def term(title: str, aliases: str | None = None, extra: str = "") -> bytes:
    """A glossary term: Title (line 1), Definition (line 2), then `extra`, then Aliases."""
    text = f"Title: {title}\nDefinition: {DEFINITION}\n{extra}"
    if aliases is not None:
        text += f"Aliases: {aliases}\n"
    return (text + "\nLe terme expliqué plus longuement.\n").encode("utf-8")


def edition(title: str, date: str, before: str = "") -> bytes:
    return (f"Title: {title}\n{before}Date: {date}\n\nL'édito du mois.\n").encode()


def cases() -> list[Case]:
    short, common, shared = "glossary-name-short", "glossary-name-common", "glossary-name-shared"
    titled, same_title = "glossary-name-title", "glossary-title-shared"
    same = "edition-same-date"
    return [
        # aliases of one or two letters
        Case("silent-alias-one-letter", "glossary/silent-vpn-a.md",
             term("Accès distant sécurisé", "A"), short, 3),
        Case("silent-alias-two-letters", "glossary/silent-systeme-info.md",
             term("Système d'information", "système informatique, si"), short, 3),
        Case("silent-alias-two-capitals", "glossary/silent-ressources-humaines.md",
             term("Ressources humaines", "RH"), short, 3),
        Case("silent-alias-accented-letter", "glossary/silent-arobase.md",
             term("Arobase", "arrobe, à"), short, 3),
        Case("silent-alias-spaces-around", "glossary/silent-espaces.md",
             term("Tableau de bord", "tableaux de bord,   le  "), short, 3),
        Case("silent-alias-dash-for-none", "glossary/silent-tiret.md",
             term("Poste de travail", "-"), short, 3),
        Case("silent-title-two-letters", "glossary/silent-ia.md",
             term("IA", "intelligence artificielle"), short, 1),
        Case("silent-alias-after-other-keys", "glossary/silent-vues.md",
             term("Référentiel", "référentiels, de",
                  "IT-view: la base de données de référence.\n"
                  "Business-view: la liste officielle.\n"), short, 5),
        # French (and English) stop words
        Case("silent-alias-les", "glossary/silent-licence.md",
             term("Licence logicielle", "licences, les"), common, 3),
        Case("silent-alias-pour", "glossary/silent-pour.md",
             term("Demande de service", "demandes de service, pour"), common, 3),
        Case("silent-alias-des", "glossary/silent-des.md",
             term("Données de référence", "des"), common, 3),
        Case("silent-alias-une", "glossary/silent-une.md",
             term("Astreinte", "une"), common, 3),
        Case("silent-alias-dans", "glossary/silent-dans.md",
             term("Espace de stockage", "dans"), common, 3),
        Case("silent-alias-two-stop-words", "glossary/silent-de-la.md",
             term("Délai de livraison", "de la"), common, 3),
        Case("silent-alias-elided", "glossary/silent-elision.md",
             term("Environnement de test", "l'"), common, 3),
        Case("silent-alias-english-the", "glossary/silent-the.md",
             term("Cloud souverain", "sovereign cloud, The"), common, 3),
        Case("silent-title-stop-word", "glossary/silent-titre-avec.md",
             term("Avec", "avec qui partager"), common, 1),
        # an alias that two terms share, or that is another term's title
        Case("silent-alias-shared", "glossary/silent-visio-b.md",
             term("Visioconférence d'équipe", "visio"), shared, 3,
             companions=(("glossary/silent-visio-a.md", term("Visioconférence", "visio")),)),
        Case("silent-alias-shared-other-case", "glossary/silent-teletravail-b.md",
             term("Travail à distance", "Télétravail partiel"), shared, 3,
             companions=(("glossary/silent-teletravail-a.md",
                          term("Télétravail", "télétravail partiel")),)),
        Case("silent-alias-is-later-title", "glossary/silent-chat-a.md",
             term("Tchat", "messagerie instantanée"), titled, 3,
             companions=(("glossary/silent-chat-z.md", term("Messagerie instantanée")),)),
        Case("silent-alias-is-earlier-title", "glossary/silent-ticket-z.md",
             term("Demande d'assistance", "TICKET D'INCIDENT"), titled, 3,
             companions=(("glossary/silent-ticket-a.md", term("Ticket d'incident")),)),
        Case("silent-same-title", "glossary/silent-doublon-b.md",
             term("Plan de reprise d'activité"), same_title, 1,
             companions=(("glossary/silent-doublon-a.md",
                          term("Plan de reprise d'activité", "PRA complet")),)),
        Case("silent-alias-shared-third-term", "glossary/silent-sauvegarde-c.md",
             term("Copie de secours", "sauvegarde externalisée"), shared, 3,
             companions=(("glossary/silent-sauvegarde-a.md",
                          term("Sauvegarde", "sauvegarde externalisée")),)),
        # two editions on one day
        Case("silent-editions-same-date", "editions/silent-lettre-mars-2.md",
             edition("La lettre de mars (bis)", "2026-03-02"), same, 2,
             companions=(("editions/silent-lettre-mars-1.md",
                          edition("La lettre de mars", "2026-03-02")),)),
        Case("silent-editions-same-date-summary-first", "editions/silent-lettre-avril-b.md",
             edition("La lettre d'avril", "2026-04-06", "Summary: Le numéro d'avril.\n"),
             same, 3,
             companions=(("editions/silent-lettre-avril-a.md",
                          edition("La lettre d'avril", "2026-04-06")),)),
        Case("silent-editions-same-date-with-time", "editions/silent-lettre-mai-2.md",
             edition("La lettre de mai, deuxième envoi", "2026-05-04 00:00"), same, 2,
             companions=(("editions/silent-lettre-mai-1.md",
                          edition("La lettre de mai", "2026-05-04")),)),
        Case("silent-editions-three-same-date", "editions/silent-lettre-juin-3.md",
             edition("La lettre de juin (3)", "2026-06-01"), same, 2,
             companions=(("editions/silent-lettre-juin-1.md",
                          edition("La lettre de juin", "2026-06-01")),
                         ("editions/silent-lettre-juin-2.md",
                          edition("La lettre de juin (2)", "2026-06-01")))),
    ]
