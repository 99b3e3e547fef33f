"""Every sentence the hub's tasks, preview and publishing say to writers, in French, that
is not a finding about the content (those are in `findings.py`): one place to read and
reword them. Each is a format string; `say(key, **values)` fills it in.
"""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, str] = {
    # --- the preview's banner over a page whose file has errors (tools/banner.py) -------
    "banner-title": "Cette page n'est pas à jour : {file} contient {count} erreur(s)",
    "banner-intro": "L'aperçu montre la dernière version réussie de la page. Corrigez "
                    "ce qui suit puis enregistrez : ce bandeau disparaît de lui-même.",
    "banner-where-line": "ligne {line}",
    "banner-where-file": "tout le fichier",
}


def say(key: str, **values: Any) -> str:
    """The French sentence `key`, with its values."""
    return TEXTS[key].format(**values)
