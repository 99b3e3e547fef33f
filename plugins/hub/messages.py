"""Every sentence the hub's tasks, preview and publishing say to writers, in French, that
is not a finding about the content (those are in `findings.py`): one place to read and
reword them. Each is a format string; `say(key, **values)` fills it in.
"""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, str] = {
    # --- the tasks (tasks.py) -----------------------------------------------------------
    "task-crashed": "« ./hub {task} » s'est arrêté sur une erreur inattendue : le détail "
                    "technique est écrit dans {log}.",
    "task-no-content": "Le dossier de contenu « {content} » n'existe pas : indiquez un dossier "
                       "existant avec --content.",
    "task-unchanged": "Rien n'a changé depuis la dernière construction de {output} : rien à "
                      "refaire (--force pour reconstruire quand même).",
    "task-editor-in-output": "L'éditeur ne doit jamais être publié avec le site : choisissez "
                             "un dossier hors de {output}.",
    "task-editor-missing": "Les fichiers de l'éditeur ne sont pas installés : lancez « ./hub "
                           "edit » une fois (il les installe), puis recommencez.",
    "task-editor-written": "Éditeur écrit dans {admin} : servez-le avec l'en-tête "
                           "Content-Security-Policy de {policy} (docs/editeur.md).",
    "task-init-not-empty": "Le dossier « {target} » n'est pas vide : indiquez un dossier absent "
                           "ou vide avec --target.",
    "task-init-done": "Dossier de contenu créé : {target}. Adaptez {target}/site.toml "
                      "(docs/adapter.md), puis lancez « ./hub check --content {target} ».",
    "task-check-build-crashed": "La construction du site s'est arrêtée sur une erreur "
                                "inattendue (détail technique dans {log}) : seul le contenu "
                                "est vérifié.",
    "task-file-created": "Fichier créé : {path}",
    "task-file-updated": "Fichier mis à jour : {path}",
    "task-a11y-results": "Résultats écrits dans {path} : committez-le avec le code (la "
                         "déclaration d'accessibilité en tire ses chiffres).",
    "task-golden-updated": "Sortie de référence mise à jour : {path} (relisez le diff)",
    # --- the hub's settings, checked at start (settings.py) ----------------------------
    "setting-unknown": "Réglage inconnu : {key}.{hint}",
    "setting-type": "Le réglage {name} doit être {expected}, pas {found}.",
    "setting-today": "Le réglage HUB_TODAY doit être une date AAAA-MM-JJ, pas « {today} ».",
    "setting-review-age": "Le réglage REVIEW_MAX_AGE_DAYS doit être un nombre de jours positif.",
    "setting-limit": "Le réglage {name} doit être un nombre positif.",
    "setting-report-url": "Le réglage HUB_REPORT_URL ne peut contenir que {{title}}, {{url}} "
                          "et {{source}}, pas « {{{field}}} » (doublez une accolade voulue : "
                          "{{{{ }}}}).",
    "kind-bool": "vrai ou faux", "kind-dict": "un dictionnaire", "kind-int": "un nombre entier",
    "kind-float": "un nombre", "kind-str": "un texte entre guillemets", "kind-tuple": "une liste",
    "kind-none": "vide", "kind-decimal": "un nombre à virgule",
    "kind-other": "une valeur d'un autre genre",
    # --- what the disk said when a page could not be written (build/writer.py) ---------
    "disk-name-too-long": "son adresse est trop longue pour le disque",
    "disk-exists": "un dossier ou un fichier occupe déjà son adresse",
    "disk-not-a-folder": "un fichier occupe déjà son adresse",
    "disk-a-folder": "un dossier occupe déjà son adresse",
    "disk-refused": "le dossier de sortie refuse l'écriture",
    "disk-read-only": "le dossier de sortie est en lecture seule",
    "disk-full": "le disque est plein",
    "disk-other": "le disque a refusé de l'écrire",
    # --- publishing and rolling back (publish/release.py) ------------------------------
    "publish-target-not-a-folder": "La cible {root} existe mais n'est pas un dossier.",
    "publish-not-a-target": "{link} est un dossier ordinaire : ce n'est pas une cible créée "
                            "par « ./hub publish ». Choisissez un dossier vide ou une cible "
                            "existante.",
    "publish-locked": "une autre publication est en cours dans {root} ; réessayez quand elle "
                      "sera terminée.",
    "publish-building": "Construction du site…",
    "publish-checking": "Vérification du site construit…",
    "publish-checker-failed": "Publication refusée : {detail}. Le site en ligne n'a pas changé.",
    "publish-pruned": "Anciennes versions supprimées : {releases}",
    "publish-nothing-to-undo": "Rien n'est publié dans {target} : il n'y a rien à annuler.",
    "publish-oldest": "La version en ligne ({live}) est la plus ancienne conservée : il n'y a "
                      "pas de version précédente.",
    "publish-build-failed": "La construction du site a échoué : rien n'a été publié, le site "
                            "en ligne n'a pas changé.\nDernières lignes du journal de "
                            "construction :\n{tail}",
    "publish-refused": "Publication refusée : la vérification a trouvé {count} {what}. Rien "
                       "n'a été publié, le site en ligne n'a pas changé. Corrigez les "
                       "problèmes ci-dessus puis relancez « ./hub publish ».",
    "publish-refused-errors": "erreur(s)",
    "publish-refused-strict": "erreur(s) ou avertissement(s)",
    "publish-no-content": "Le dossier de contenu {content} n'existe pas.",
    "publish-impossible": "Publication impossible : {reason}",
    "publish-done": "Site publié : {current} → {release}",
    "publish-undo-hint": "Pour revenir à la version précédente : ./hub rollback --target "
                         "{target}",
    "rollback-impossible": "Retour arrière impossible : {reason}",
    "rollback-done": "Retour à la version précédente : {current} → {release}",
    # --- the build (build/report.py) ---------------------------------------------------
    "build-done": "{count} pages écrites en {seconds} s.",
    # --- the local servers: this computer's browser only (tools/loopback.py) -----------
    "loopback-not-local": "L'aperçu n'écoute que sur cet ordinateur : « {bind} » n'est pas "
                          "accepté (127.0.0.1, localhost ou ::1). Pour montrer le site à un "
                          "collègue, publiez-le (./hub publish).",
    "loopback-port-taken": "Le port {port} est déjà pris : choisissez-en un autre avec --port "
                           "(ou arrêtez l'aperçu déjà ouvert).",
    "loopback-refused": "Requête refusée : elle était adressée à « {host} » et non à "
                        "http://127.0.0.1:{port}/ (une page web tentait peut-être de lire vos "
                        "brouillons).",
    "loopback-refused-page": "Requête refusée : adressez-la à cet ordinateur (127.0.0.1).",
    # --- the preview's banner over a page whose file has errors (tools/banner.py) -------
    "banner-title": "Cette page n'est pas à jour : {file} contient {count} erreur(s)",
    "banner-intro": "L'aperçu montre la dernière version réussie de la page. Corrigez "
                    "ce qui suit puis enregistrez : ce bandeau disparaît de lui-même.",
    "banner-where-line": "ligne {line}",
    "banner-where-file": "tout le fichier",
    # --- the file system's refusals, in build, check and publish (faults.py) ----------
    "fault-full": "Impossible d'écrire dans « {folder} » : le disque qui le porte est plein. "
                  "Libérez de la place puis relancez.",
    "fault-quota": "Impossible d'écrire dans « {folder} » : le disque qui le porte est plein "
                   "(quota atteint). Libérez de la place puis relancez.",
    "fault-read-only": "Impossible d'écrire dans « {folder} » : il est en lecture seule. "
                       "Choisissez un dossier où l'on peut écrire, ou faites-le ouvrir en "
                       "écriture.",
    "fault-permission": "Impossible d'écrire dans « {folder} » : vous n'avez pas le droit d'y "
                        "écrire. Demandez ce droit, ou choisissez un autre dossier.",
    "fault-file-in-the-way": "Impossible d'écrire dans « {folder} » : c'est un fichier, pas un "
                             "dossier. Donnez le nom d'un dossier, ou déplacez ce fichier.",
    "fault-other": "Impossible d'écrire dans « {folder} » : le système l'a refusé. Vérifiez ce "
                   "dossier puis relancez.",
    # --- publishing (publish/release.py) -------------------------------------------------
    "publish-link-in-target": "{link} est un lien vers un autre dossier : la publication "
                              "n'écrit ni n'efface rien hors de sa cible. Remplacez ce lien "
                              "par un vrai dossier (ou supprimez-le), puis relancez.",
    "publish-fault": "{sentence} Rien n'a été publié, le site en ligne n'a pas changé.",
    "publish-fault-logged": "{sentence} Rien n'a été publié ni modifié (détail technique "
                            "dans {log}).",
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


def say(key: str, /, **values: Any) -> str:
    """The French sentence `key`, with its values."""
    return TEXTS[key].format(**values)


def decimal(value: float, digits: int = 1) -> str:
    """A number as French writes it: « 3,2 »."""
    return f"{value:.{digits}f}".replace(".", ",")
