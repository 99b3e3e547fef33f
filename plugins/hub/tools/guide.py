"""The writer's reference of keys (docs/reference-des-cles.md), generated from the model.

`invoke docs` rewrites the file; a test fails when the committed file and the model
disagree, so the guide never drifts from what the build and the checker accept.
"""

from __future__ import annotations

from hub.department import Department
from hub.model import CONTENT_TYPES, ContentType, Field

HEADER = """\
# Référence des clés

<!-- Fichier produit par `./hub docs` à partir du modèle de contenu
(plugins/hub/model.py) : ne pas le modifier à la main. -->

Chaque fichier commence par des lignes `Clé: valeur`, puis une ligne vide, puis le texte.
Les clés s'écrivent sans tenir compte des majuscules ; les listes sont séparées par des
virgules. Les valeurs imposées (cycle de vie, raison, type d'annonce…) s'écrivent en
minuscules, exactement comme ci-dessous.

Légende : **obligatoire**, **obligatoire si…** (la condition est indiquée), *facultatif*.
"""


def need(spec: Field) -> str:
    if spec.required:
        return "**obligatoire**"
    if spec.required_when:
        return f"**obligatoire** {spec.required_when.text}"
    return "*facultatif*"


def values(spec: Field) -> str:
    if not spec.choices:
        return spec.help
    listed = ", ".join(f"`{c.id}` ({c.label})" for c in spec.choices)
    return f"{listed}"


def section(ctype: ContentType) -> str:
    where = f"Adresse de la page : `/{ctype.url}`."
    if ctype.dated:
        where += " Datée."
    if ctype.in_feeds:
        where += " Apparaît dans la lettre et les flux RSS."
    lines = [f"## {ctype.label} — `content/{ctype.folder}/`", "", where]
    if ctype.new_task:
        lines.append(f"Pour commencer : `./hub {ctype.new_task} --title \"…\"`.")
    lines += ["", "| clé | | ce qu'on y écrit |", "|---|---|---|"]
    for spec in ctype.fields:
        lines.append(f"| `{spec.key}` | {need(spec)} | {values(spec)} |")
    lines.append("")
    return "\n".join(lines)


def render() -> str:
    body = [HEADER]
    body += [section(t) for t in CONTENT_TYPES]
    body.append(
        "## Clés de Pelican acceptées partout\n\n"
        "`Slug` (nom de la page dans l'adresse, sinon le nom du fichier), `Status` "
        "(`draft` brouillon, `hidden` masquée, `published` publiée), `Lang`.\n"
    )
    return Department().fill("\n".join(body))  # the model's words naming the department
