"""The editor's configuration (Decap CMS's `config.yml`), generated from the content model.

Every content type becomes a collection of its folder, every key a field with the widget
its kind calls for, the model's French label and help line; choices become selects with
their French labels, slugs of services relation widgets restricted to the life cycles the
type allows, audiences a multi-select of the site's `AUDIENCES`. What Decap cannot say
itself (keys written with the header's spelling, which keys are lists, conditions) goes to
the editor's script as `formats()`: one table per type, for the custom format
(`static/hub-format.js`).

Decap reads YAML; the file is written as JSON, which YAML reads as it is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hub import model
from hub.department import Department
from hub.model import ContentType, Field, Kind

FORMAT_PREFIX = "hub-"  # a type's custom format is `hub-<type id>`
BODY = "body"  # the field that holds the Markdown text (Decap's own name)
MEDIA_FOLDER = model.IMAGES_FOLDER  # images go to content/images/, written `images/x.jpg`
# The hub's date widget (static/hub-editor.js): typed and shown as JJ/MM/AAAA (HH:MM
# with `time`) whatever the browser's language, written as the contract's YYYY-MM-DD.
DATE_WIDGET = "hub-date"
LIST_KINDS = frozenset({Kind.SLUGS, Kind.AUDIENCES, Kind.LIST})  # comma-separated in files
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URL_PATTERN = r"^https?://\S+$"


@dataclass(frozen=True)
class Backend:
    """Where the editor reads and writes: the local folder (`decap-server`) or a GitLab."""

    api_url: str = ""  # decap-server's API, for the local mode
    gitlab_url: str = ""  # self-hosted GitLab, for production
    repo: str = ""  # "groupe/projet"
    app_id: str = ""  # the OAuth application's id (public, never a secret)
    branch: str = "main"
    content_prefix: str = ""  # folders' prefix in the repository ("content/" on GitLab)

    def settings(self) -> dict[str, Any]:
        if self.gitlab_url:
            return {
                "name": "gitlab",
                "repo": self.repo,
                "branch": self.branch,
                "auth_type": "pkce",
                "app_id": self.app_id,
                "base_url": self.gitlab_url.rstrip("/"),
                "api_root": self.gitlab_url.rstrip("/") + "/api/v4",
                "auth_endpoint": "oauth/authorize",
            }
        return {"name": "proxy", "proxy_url": self.api_url, "branch": self.branch}


def widget(spec: Field, audiences: Mapping[str, str]) -> dict[str, Any]:
    """The Decap widget (and its options) for a key of this kind."""
    kind = spec.kind
    if kind is Kind.TEXT or kind is Kind.CONTACT or kind is Kind.URL_OR_TEXT:
        return {"widget": "string"}
    if kind is Kind.SUMMARY:
        return {"widget": "text"}
    if kind is Kind.EMAIL:
        return {"widget": "string",
                "pattern": [EMAIL_PATTERN, "Indiquez une adresse e-mail (prenom.nom@exemple.fr)."]}
    if kind is Kind.URL:
        return {"widget": "string",
                "pattern": [URL_PATTERN, "Indiquez une adresse web commençant par https://."]}
    if kind is Kind.DATE:
        return {"widget": DATE_WIDGET, "time": False}
    if kind is Kind.DATETIME or kind is Kind.MOMENT:
        return {"widget": DATE_WIDGET, "time": True}
    if kind is Kind.CHOICE or kind is Kind.YES_NO:
        return {"widget": "select",
                "options": [{"label": c.label, "value": c.id} for c in spec.choices]}
    if kind is Kind.AUDIENCES:
        return {"widget": "select", "multiple": True,
                "options": [{"label": label, "value": id_} for id_, label in audiences.items()]}
    if kind is Kind.LIST:
        return {"widget": "list"}
    if kind is Kind.IMAGE:
        return {"widget": "image", "choose_url": False}
    if kind is Kind.SLUG or kind is Kind.SLUGS:
        return relation(spec)
    raise ValueError(f"key {spec.key!r}: no editor widget for the kind {kind.value!r}")


def relation(spec: Field) -> dict[str, Any]:
    """A picker of existing items of the target type, by their file's slug."""
    target = model.TYPES_BY_ID[spec.target or ""]
    options: dict[str, Any] = {
        "widget": "relation",
        "collection": target.id,
        "value_field": "{{slug}}",
        "search_fields": ["title"],
        "display_fields": ["title"],
        "multiple": spec.kind is Kind.SLUGS,
        "options_length": 1000,
    }
    lifecycle = target.field("lifecycle")
    if spec.target_lifecycles and lifecycle is not None:
        options["filters"] = [{"field": lifecycle.name,
                               "values": list(spec.target_lifecycles)}]
    return options


def hint(spec: Field, ctype: ContentType | None = None) -> str:
    """The key's help line; a key required under a condition says when (Decap cannot).
    The form shows choices by their French labels, never their machine values: a choice's
    help line (which lists the values, for files) is left out, and a condition on a
    choice names the labels."""
    own = "" if spec.choices else spec.help
    if spec.required_when is None:
        return own
    when = condition_text(spec, ctype)
    return f"{own} ; obligatoire {when}" if own else f"Obligatoire {when}"


def condition_text(spec: Field, ctype: ContentType | None) -> str:
    """When the key is required, with the French labels of the choices it names."""
    condition = spec.required_when
    if condition is None:
        return ""
    when = condition.text
    chosen = ctype.field(condition.key) if ctype is not None else None
    for choice in chosen.choices if chosen is not None else ():
        when = when.replace(f"« {choice.id} »", f"« {choice.label} »")
    return when


def field(spec: Field, audiences: Mapping[str, str],
          ctype: ContentType | None = None) -> dict[str, Any]:
    """One form field: the key's lowercase name, French label and help line."""
    return {
        "name": spec.name,
        "label": spec.label,
        "hint": hint(spec, ctype),
        "required": spec.required,
        **widget(spec, audiences),
    }


def body_field(ctype: ContentType) -> dict[str, Any]:
    # Raw Markdown only: the rich-text mode writes the whole text again in its own way
    # (other list marks, escaped short links `{service}slug`) when one word changes.
    return {"name": BODY, "label": "Texte", "widget": "markdown", "required": False,
            "modes": ["raw"], "default": ctype.body_outline,
            "hint": "le texte de la page, en Markdown"}


def collection(ctype: ContentType, audiences: Mapping[str, str],
               prefix: str = "") -> dict[str, Any]:
    """The collection of one content type: its folder, its fields, ASCII file names."""
    return {
        "name": ctype.id,
        "label": ctype.plural,
        "label_singular": ctype.label,
        "folder": prefix + ctype.folder,
        "extension": "md",
        "format": FORMAT_PREFIX + ctype.id,
        "create": True,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "fields": [*(field(f, audiences, ctype) for f in ctype.fields), body_field(ctype)],
    }


def config(audiences: Mapping[str, str], backend: Backend, site_url: str = "",
           department: Department | None = None, logo_url: str = "") -> dict[str, Any]:
    """The whole configuration, in French, for the given back end; the model's words
    naming the IT department are the site's (`department`), its logo on the login page."""
    prefix = backend.content_prefix
    settings: dict[str, Any] = {
        "backend": backend.settings(),
        "locale": "fr",
        "media_folder": prefix + MEDIA_FOLDER,
        "public_folder": MEDIA_FOLDER,
        "publish_mode": "simple",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(t, audiences, prefix) for t in model.CONTENT_TYPES],
    }
    if site_url:
        settings["site_url"] = site_url
        settings["display_url"] = site_url
    if logo_url:
        settings["logo_url"] = logo_url
    return _filled(settings, department or Department())


def _filled(value: Any, department: Department) -> Any:
    """`value` with every text's department placeholders filled (department.py)."""
    if isinstance(value, str):
        return department.fill(value)
    if isinstance(value, dict):
        return {k: _filled(v, department) for k, v in value.items()}
    if isinstance(value, list):
        return [_filled(v, department) for v in value]
    return value


def formats() -> dict[str, dict[str, Any]]:
    """What the custom format of each type needs: keys as written, lists, conditions."""
    tables: dict[str, dict[str, Any]] = {}
    for ctype in model.CONTENT_TYPES:
        tables[FORMAT_PREFIX + ctype.id] = {
            "keys": {f.name: f.key for f in ctype.fields},
            "lists": [f.name for f in ctype.fields if f.kind in LIST_KINDS],
            "conditions": [
                {"name": f.name, "label": f.label, "when": f.required_when.key,
                 "values": list(f.required_when.values), "text": condition_text(f, ctype)}
                for f in ctype.fields if f.required_when
            ],
            "collection": ctype.id,
            "folder": ctype.folder,
        }
    return tables


def config_yml(settings: Mapping[str, Any]) -> str:
    """The configuration as the file Decap loads (JSON is YAML)."""
    return ("# Produit par le hub à partir du modèle de contenu : ne pas modifier.\n"
            + json.dumps(settings, ensure_ascii=False, indent=2) + "\n")
