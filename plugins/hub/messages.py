"""Every sentence the hub's tasks, preview and publishing say to writers, in French, that
is not a finding about the content (those are in `findings.py`): one place to read and
reword them. Each is a format string; `say(key, **values)` fills it in.
"""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, str] = {
    # --- the build (build/report.py) ---------------------------------------------------
    "build-done": "{count} pages écrites en {seconds} s.",
    # --- the preview's banner over a page whose file has errors (tools/banner.py) -------
    "banner-title": "Cette page n'est pas à jour : {file} contient {count} erreur(s)",
    "banner-intro": "L'aperçu montre la dernière version réussie de la page. Corrigez "
                    "ce qui suit puis enregistrez : ce bandeau disparaît de lui-même.",
    "banner-where-line": "ligne {line}",
    "banner-where-file": "tout le fichier",
    # --- the editor's date fields (editor/static/hub-editor.js) ------------------------
    "editor-date-placeholder": "JJ/MM/AAAA",
    "editor-datetime-placeholder": "JJ/MM/AAAA HH:MM",
    "editor-date-invalid": "Écrivez la date sous la forme JJ/MM/AAAA, par exemple 05/12/2026.",
    "editor-datetime-invalid": "Écrivez la date sous la forme JJ/MM/AAAA, suivie si besoin "
                               "de l'heure HH:MM, par exemple 05/12/2026 09:30.",
}

# What the editor's page reads of `TEXTS` (editor/server.py `model_script`).
EDITOR_TEXTS = ("editor-date-placeholder", "editor-datetime-placeholder",
                "editor-date-invalid", "editor-datetime-invalid")

# The editor's words that Decap's French locale lacks or leaves in English, merged over
# it by the editor's page (editor/static/hub-editor.js), keyed as Decap keys them.
EDITOR_PHRASES: dict[str, Any] = {
    "auth": {"loginWithForgejo": "Se connecter avec Forgejo"},
    "app": {"header": {"media": "Images et fichiers"}},
    "collection": {
        "collectionTop": {"viewAsList": "Afficher en liste",
                          "viewAsGrid": "Afficher en grille"},
        "entries": {"unpublishedHeader": "Pages non publiées"},
    },
    "editor": {
        "editorControl": {"field": {"widgetLabel": "champ %{widgetLabel}"}},
        "editorControlPane": {
            "widget": {
                "required": "Le champ « %{fieldLabel} » est obligatoire.",
            },
            "i18n": {"copyFromLocale": "Reprendre d'une autre langue",
                     "copyFromLocaleConfirm": "Reprendre le contenu en %{locale} ?\nTout "
                                              "le contenu actuel sera remplacé."},
        },
        "editorInterface": {"toggleNotes": "Afficher ou masquer les notes"},
        "editorNotesPane": {
            "title": "Notes", "emptyState": "Aucune note pour l'instant.",
            "addNote": "Ajouter une note", "addPlaceholder": "Ajouter une note…",
            "editPlaceholder": "Modifier la note…", "save": "Enregistrer",
            "cancel": "Annuler", "edit": "Modifier", "delete": "Supprimer",
            "resolve": "Marquer comme réglée", "unresolve": "Rouvrir",
            "confirmDelete": "Supprimer cette note ?",
            "shortcut": "Astuce : Ctrl+Entrée ajoute la note.",
        },
        "editorToolbar": {
            "statusInfoTooltipDraft": "Cette page est un brouillon.",
            "statusInfoTooltipInReview": "Cette page est en relecture.",
        },
        "editorWidgets": {
            "markdown": {"strikethrough": "Barré", "bold": "Gras", "italic": "Italique",
                         "code": "Code", "link": "Lien", "linkPrompt": "Adresse du lien",
                         "headings": "Titres", "quote": "Citation",
                         "bulletedList": "Liste à puces", "numberedList": "Liste numérotée",
                         "addComponent": "Ajouter un élément", "richText": "Texte mis en forme",
                         "markdown": "Texte brut (Markdown)",
                         "toggleMode": {"rich": "Passer au texte mis en forme",
                                        "markdown": "Passer au texte brut (Markdown)"}},
            "image": {"chooseMultiple": "Choisir des images",
                      "addMore": "Ajouter des images",
                      "removeAll": "Retirer toutes les images"},
            "file": {"chooseMultiple": "Choisir des fichiers",
                     "addMore": "Ajouter des fichiers",
                     "removeAll": "Retirer tous les fichiers"},
            "datetime": {"setToNow": "Mettre « %{fieldLabel} » à maintenant"},
            "object": {"expand": "Déplier", "collapse": "Replier"},
        },
    },
    "mediaLibrary": {"mediaLibraryModal": {"close": "Fermer"},
                     "mediaLibrary": {"title": "Images et fichiers"}},
    "ui": {
        "settingsDropdown": {"account": "Options du compte"},
        "toast": {
            "missingRequiredField": "Il manque un champ obligatoire : renseignez-le avant "
                                    "d'enregistrer.",
            "noteAdded": "Note ajoutée", "onFailToAddNote": "Note non ajoutée : %{details}",
            "noteUpdated": "Note modifiée",
            "onFailToUpdateNote": "Note non modifiée : %{details}",
            "noteDeleted": "Note supprimée",
            "onFailToDeleteNote": "Note non supprimée : %{details}",
            "noteResolved": "Note réglée", "noteReopened": "Note rouverte",
            "onFailToToggleNote": "Note non changée : %{details}",
        },
    },
}


def say(key: str, **values: Any) -> str:
    """The French sentence `key`, with its values."""
    return TEXTS[key].format(**values)


def decimal(value: float, digits: int = 1) -> str:
    """A number as French writes it: « 3,2 »."""
    return f"{value:.{digits}f}".replace(".", ",")
