"""`invoke new-…`: a pre-filled source file with every key its type needs.

Keys and their help come from the model, so a new key appears here without editing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pelican.utils import slugify

from hub.model import TYPES_BY_ID, ContentType, Field, Kind
from hub.source import gate
from hub.source.placeholders import COMMENT_CLOSING, COMMENT_OPENING, SAMPLE_TEXT


def placeholder(spec: Field, today: dt.date) -> str:
    if spec.kind in (Kind.DATE, Kind.DATETIME, Kind.MOMENT):
        return today.isoformat()
    if spec.example:
        return spec.example
    if spec.choices:
        return spec.choices[0].id
    return ""


def render(ctype: ContentType, title: str, today: dt.date) -> str:
    """The text of a new file: required keys filled, optional ones as comments below."""
    lines = []
    for spec in ctype.fields:
        if spec.name == "title":
            lines.append(f"Title: {title}")
        elif spec.required:
            lines.append(f"{spec.key}: {placeholder(spec, today)}")
    lines.append("")
    lines.append(COMMENT_OPENING)
    for spec in ctype.fields:
        condition = f" (obligatoire {spec.required_when.text})" if spec.required_when else ""
        need = "obligatoire" if spec.required else "facultatif"
        lines.append(f"  {spec.key} : {spec.help} — {need}{condition}")
    lines.append(COMMENT_CLOSING)
    lines.append("")
    lines.append(ctype.body_outline or SAMPLE_TEXT + "\n")
    return "\n".join(lines)


def new_file(type_id: str, title: str, slug: str | None, content: Path, today: dt.date) -> Path:
    """Create the file; refuses to overwrite an existing one."""
    ctype = TYPES_BY_ID[type_id]
    slug = slug or slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])
    path = content / ctype.folder / f"{slug}.md"
    if path.exists() or path.is_symlink():
        raise SystemExit(f"Le fichier {path} existe déjà : choisissez un autre nom (--slug).")
    if gate.refuses(path.parent, content):
        raise SystemExit(f"Le dossier {path.parent} est un lien qui sort du dossier de contenu "
                         "(ou ne mène nulle part) : le fichier n'est pas créé. Remplacez le "
                         "lien par un vrai dossier.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(ctype, title, today), encoding="utf-8")
    return path
