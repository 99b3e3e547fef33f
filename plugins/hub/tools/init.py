"""`invoke init --target DIR`: a new content folder for a new company.

It holds the type folders, `site.toml` with every key of the site file and its French
comment (from `source/sitefile.KEYS`), an empty `lexique.txt`, no feed identity registry
and no old address, and one short example per type that says it is an example (a draft
where nothing else needs it). It builds and checks with no error as it is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hub import model
from hub.checks.proofread import LEXICON
from hub.model import CONTENT_TYPES, IMAGES_FOLDER, ContentType
from hub.source.sitefile import AUDIENCES, EVERYONE, KEYS, SECTION_HELP, SITE_FILE

EXAMPLE_SERVICE = "exemple-service"
OWNER = "communication@mon-entreprise.fr"  # the same address as site.toml's example


class TargetNotEmpty(Exception):
    """The target folder already holds something: nothing is written."""


def _examples(today: str) -> dict[ContentType, tuple[str, str]]:
    """One short example per type: (file name, text), each saying it is an example."""
    service = f"{{service}}{EXAMPLE_SERVICE}"
    return {
        model.SERVICE: (f"{EXAMPLE_SERVICE}.md", f"""\
Title: Exemple de fiche service
Summary: Un exemple de fiche : remplacez-la par un vrai service, puis supprimez-la.
Lifecycle: pilot
Owner: {OWNER}
Price: Inclus
Access: Une demande sur le portail de l'assistance
Support: {OWNER}
Reviewed: {today}

Cette fiche est un exemple. Une fiche présente un service comme un produit : à quoi il
sert, pour qui, ce qu'il coûte et comment l'obtenir.

## Comment l'obtenir

Décrivez ici la démarche, étape par étape.
"""),
        model.STORY: ("exemple-histoire.md", f"""\
Title: Exemple d'histoire d'usage
Date: {today}
Summary: Un exemple d'histoire : une équipe raconte comment un service l'aide au quotidien.
Services: {EXAMPLE_SERVICE}
Feature: le partage d'un document

Cette histoire est un exemple. Racontez ce qu'une équipe faisait avant, ce qu'elle fait
maintenant avec l'[exemple de service]({service}), et ce que cela change pour elle.
"""),
        model.CONSTRAINT: ("exemple-contrainte.md", f"""\
Title: Exemple : pourquoi cette règle ?
Date: {today}
Summary: Un exemple de contrainte expliquée : la règle, sa raison et quoi faire à la place.
Rule: Cette règle est un exemple.
Reason: security
Alternatives: {EXAMPLE_SERVICE}
Reviewed: {today}

Cette contrainte expliquée est un exemple. Expliquez la règle avec les mots des
salariés, puis ce qu'ils peuvent utiliser à la place.
"""),
        model.NEWS: ("exemple-actualite.md", f"""\
Title: Exemple d'actualité
Date: {today}
Summary: Un exemple d'actualité, en brouillon : elle n'est pas publiée.
Kind: info
Status: draft

Cette actualité est un exemple. Retirez la ligne `Status: draft` pour la publier.
"""),
        model.TERM: ("exemple-terme.md", """\
Title: Terme d'exemple
Definition: Un exemple de terme du glossaire, en brouillon : il n'est pas publié.
Status: draft

Ce terme est un exemple. Retirez la ligne `Status: draft` pour le publier.
"""),
        model.EDITION: ("exemple-edition.md", f"""\
Title: Exemple d'édition de la lettre
Date: {today}
Status: draft

Cet édito est un exemple, en brouillon. Une édition rassemble ce qui a été publié depuis
la précédente ; retirez la ligne `Status: draft` pour la publier.
"""),
        model.PAGE: ("a-propos.md", """\
Title: À propos

Cette page est un exemple. Dites ici qui fait ce site, à quoi il sert et comment
contacter l'équipe qui le tient à jour.
"""),
    }


def site_toml() -> str:
    """The site file of a new folder: every key with its French comment; the optional
    ones commented out."""
    lines = ["# Le fichier du site : l'identité de votre site, à adapter (docs/adapter.md).",
             "# Un réglage retiré garde la valeur par défaut du hub."]
    for section, help_text in SECTION_HELP.items():
        lines += ["", f"# {help_text}", f"[{section}]"]
        if section == AUDIENCES:
            lines += [f'{EVERYONE} = "Tout le monde"', '# siege = "Équipes du siège"']
        for key in (k for k in KEYS if k.section == section):
            lines.append(f"# {key.help}")
            lines.append(f"{'# ' if key.optional else ''}{key.name} = {key.example}")
    return "\n".join(lines) + "\n"


def init(target: Path, today: dt.date) -> list[Path]:
    """Write a new content folder into `target` (missing or empty); the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise TargetNotEmpty(str(target))
    written = []
    for ctype in CONTENT_TYPES:
        (target / ctype.folder).mkdir(parents=True, exist_ok=True)
    (target / IMAGES_FOLDER).mkdir(parents=True, exist_ok=True)
    for ctype, (name, text) in _examples(today.isoformat()).items():
        path = target / ctype.folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for name, text in ((SITE_FILE, site_toml()), (LEXICON, "")):
        (target / name).write_text(text, encoding="utf-8")
        written.append(target / name)
    return written
