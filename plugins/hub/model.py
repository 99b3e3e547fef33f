"""The content model of the hub, declared once: types, keys, allowed values, conditions.

Everything else (reader, checker, templates, writer's guide, `new-*` tasks) reads this
declaration instead of repeating it. See CONTENT_MODEL.md for the contract it encodes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from hub.paths import save_as


class Kind(Enum):
    """How a metadata value is written and what it becomes once parsed."""

    TEXT = "text"  # free text, one line
    SUMMARY = "summary"  # free text, checked for length
    DATE = "date"  # YYYY-MM-DD
    DATETIME = "datetime"  # YYYY-MM-DD or YYYY-MM-DD HH:MM
    CHOICE = "choice"  # one id among `choices`
    SLUG = "slug"  # one slug of another content type
    SLUGS = "slugs"  # comma-separated slugs of another content type
    AUDIENCES = "audiences"  # comma-separated audience ids from settings
    LIST = "list"  # comma-separated free words
    EMAIL = "email"  # an e-mail address
    CONTACT = "contact"  # URL, e-mail address or phone number
    URL_OR_TEXT = "url_or_text"  # a URL, or a short sentence
    URL = "url"  # an absolute URL
    YES_NO = "yes_no"  # yes / no
    IMAGE = "image"  # path relative to the content folder


@dataclass(frozen=True)
class Choice:
    """An allowed machine value and the French label the site shows for it."""

    id: str
    label: str


@dataclass(frozen=True)
class Condition:
    """A key required only when another key has one of some values."""

    key: str
    values: tuple[str, ...]  # empty: whenever `key` has a value
    text: str  # French, for writers: "quand le cycle de vie est « retiring »"

    def holds(self, values: Mapping[str, Any]) -> bool:
        value = values.get(self.key)
        if not self.values:
            return bool(value)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        return value in self.values


@dataclass(frozen=True)
class Field:
    """One metadata key of a content type."""

    key: str  # as writers type it, e.g. "Image-alt"
    kind: Kind
    label: str  # French label shown on pages and in messages
    help: str  # French, one line: what to write (used by guide, hints, `new-*`)
    required: bool = False
    required_when: Condition | None = None
    choices: tuple[Choice, ...] = ()
    target: str | None = None  # content type id that SLUG/SLUGS refer to
    target_lifecycles: tuple[str, ...] = ()  # allowed life cycles of the target
    example: str = ""

    @property
    def name(self) -> str:
        """The lowercase key as Pelican reads it."""
        return self.key.lower()

    @property
    def attr(self) -> str:
        """The attribute templates use (`image_alt` for `Image-alt`)."""
        return self.name.replace("-", "_")

    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    def label_of(self, value: str) -> str:
        for choice in self.choices:
            if choice.id == value:
                return choice.label
        return value


@dataclass(frozen=True)
class ContentType:
    """A content type: one folder of `content/`, its keys and how it is published."""

    id: str
    folder: str
    label: str
    plural: str
    dated: bool
    in_feeds: bool
    fields: tuple[Field, ...]
    url: str  # URL pattern, `{slug}` replaced
    link_prefix: str | None = None  # short link form `{service}slug`
    new_task: str | None = None  # name of the `invoke new-…` task
    body_outline: str = ""  # French Markdown skeleton for `new-*`
    extra_keys: tuple[str, ...] = field(default=())  # Pelican keys accepted silently

    def field(self, name: str) -> Field | None:
        name = name.lower()
        for f in self.fields:
            if f.name == name:
                return f
        return None

    @property
    def template(self) -> str:
        return self.id

    def url_for(self, slug: str) -> str:
        return self.url.format(slug=slug)

    def save_as_for(self, slug: str) -> str:
        return save_as(self.url_for(slug))


# --- allowed values -----------------------------------------------------------

LIFECYCLES = (
    Choice("pilot", "Pilote"),
    Choice("available", "Disponible"),
    Choice("retiring", "En fin de vie"),
    Choice("retired", "Retiré"),
)
REASONS = (
    Choice("security", "Sécurité"),
    Choice("privacy", "Données personnelles"),
    Choice("compliance", "Conformité"),
    Choice("budget", "Budget"),
    Choice("continuity", "Continuité d'activité"),
)
NEWS_KINDS = (
    Choice("launch", "Nouveau service"),
    Choice("change", "Évolution"),
    Choice("retirement", "Fin de service"),
    Choice("incident", "Incident"),
    Choice("info", "Information"),
)
YES_NO = (Choice("yes", "Oui"), Choice("no", "Non"))

LIVE_LIFECYCLES = ("pilot", "available")

# --- keys shared by several types ---------------------------------------------

TITLE = Field("Title", Kind.TEXT, "Titre", "le titre de la page", required=True)
DATE = Field(
    "Date",
    Kind.DATETIME,
    "Date de publication",
    "date de publication, AAAA-MM-JJ ou AAAA-MM-JJ HH:MM",
    required=True,
    example="2026-11-23",
)
SUMMARY_MAX = 200  # characters
SUMMARY = Field(
    "Summary",
    Kind.SUMMARY,
    "Résumé",
    f"une phrase, {SUMMARY_MAX} caractères au plus",
    required=True,
)
OPTIONAL_SUMMARY = replace(SUMMARY, required=False)
MODIFIED = Field("Modified", Kind.DATETIME, "Mis à jour le", "date de mise à jour")
AUDIENCE = Field(
    "Audience",
    Kind.AUDIENCES,
    "Pour qui",
    "identifiants de public séparés par des virgules ; absent = tout le monde",
)
TAGS = Field("Tags", Kind.LIST, "Mots-clés", "mots-clés séparés par des virgules")
AUTHOR = Field("Author", Kind.TEXT, "Auteur", "nom de l'auteur ou de l'autrice")
IMAGE = Field(
    "Image",
    Kind.IMAGE,
    "Image",
    "chemin de l'image dans le dossier content, par exemple images/photo.jpg",
)
IMAGE_ALT = Field(
    "Image-alt",
    Kind.TEXT,
    "Texte alternatif",
    "ce que montre l'image, pour les personnes qui ne la voient pas",
    required_when=Condition("image", (), "quand une image est indiquée"),
)
REVIEWED = Field(
    "Reviewed",
    Kind.DATE,
    "Relu le",
    "date de la dernière relecture du contenu, AAAA-MM-JJ",
    required=True,
    example="2026-11-23",
)

# Keys that Pelican itself understands and that every type accepts.
PELICAN_KEYS = ("slug", "status", "lang", "template", "save_as", "url", "authors")

# --- the types -----------------------------------------------------------------

SERVICE = ContentType(
    id="service",
    folder="services",
    label="Fiche service",
    plural="Services",
    dated=False,
    in_feeds=False,
    url="services/{slug}/",
    link_prefix="service",
    new_task="new-service",
    fields=(
        TITLE,
        Field(
            "Summary",
            Kind.SUMMARY,
            "En bref",
            f"ce que le service apporte, en une phrase de {SUMMARY_MAX} caractères au plus",
            required=True,
        ),
        Field(
            "Lifecycle",
            Kind.CHOICE,
            "Cycle de vie",
            "pilot, available, retiring ou retired",
            required=True,
            choices=LIFECYCLES,
            example="available",
        ),
        Field(
            "Owner",
            Kind.EMAIL,
            "Responsable",
            "adresse e-mail du responsable du service",
            required=True,
            example="prenom.nom@exemple.fr",
        ),
        Field(
            "Price",
            Kind.TEXT,
            "Prix",
            "ce que cela coûte à l'équipe, en mots (« Inclus », « 8 € HT par mois »)",
            required=True,
            example="Inclus",
        ),
        Field(
            "Access",
            Kind.URL_OR_TEXT,
            "Comment l'obtenir",
            "une adresse web, ou une phrase courte",
            required=True,
        ),
        Field(
            "Support",
            Kind.CONTACT,
            "Besoin d'aide",
            "adresse web, adresse e-mail ou numéro de téléphone",
            required=True,
        ),
        REVIEWED,
        Field(
            "Successor",
            Kind.SLUG,
            "Remplacé par",
            "le service qui le remplace (nom de sa fiche)",
            required_when=Condition(
                "lifecycle",
                ("retiring", "retired"),
                "quand le cycle de vie est « retiring » ou « retired »",
            ),
            target="service",
        ),
        Field(
            "Retirement",
            Kind.DATE,
            "Fin du service",
            "date de fin du service, AAAA-MM-JJ",
            required_when=Condition(
                "lifecycle", ("retiring",), "quand le cycle de vie est « retiring »"
            ),
        ),
        AUDIENCE,
        TAGS,
        IMAGE,
        IMAGE_ALT,
    ),
    body_outline=(
        "## À quoi ça sert\n\n\n\n## Pour qui\n\n\n\n## Comment l'obtenir\n\n\n\n"
        "## Besoin d'aide ?\n\n"
    ),
)

STORY = ContentType(
    id="story",
    folder="stories",
    label="Histoire d'usage",
    plural="Histoires d'usage",
    dated=True,
    in_feeds=True,
    url="histoires/{slug}/",
    link_prefix="story",
    new_task="new-story",
    fields=(
        TITLE,
        DATE,
        SUMMARY,
        Field(
            "Services",
            Kind.SLUGS,
            "Services utilisés",
            "les services utilisés (noms de leurs fiches, séparés par des virgules)",
            required=True,
            target="service",
            target_lifecycles=("pilot", "available", "retiring"),
        ),
        Field(
            "Feature",
            Kind.TEXT,
            "La fonction utilisée",
            "la fonction que l'histoire montre, en quelques mots",
            required=True,
        ),
        AUDIENCE,
        AUTHOR,
        TAGS,
        MODIFIED,
        IMAGE,
        IMAGE_ALT,
    ),
    body_outline=(
        "## Avant\n\n\n\n## Ce qu'ils font maintenant\n\n\n\n"
        "## Ce que ça a changé\n\n"
    ),
)

CONSTRAINT = ContentType(
    id="constraint",
    folder="constraints",
    label="Contrainte expliquée",
    plural="Contraintes expliquées",
    dated=True,
    in_feeds=True,
    url="contraintes/{slug}/",
    link_prefix="constraint",
    new_task="new-constraint",
    fields=(
        Field(
            "Title",
            Kind.TEXT,
            "Titre",
            "la question que se pose l'utilisateur (« Pourquoi ne puis-je pas… ? »)",
            required=True,
        ),
        DATE,
        SUMMARY,
        Field("Rule", Kind.TEXT, "La règle", "la règle en une phrase", required=True),
        Field(
            "Reason",
            Kind.CHOICE,
            "Pourquoi",
            "security, privacy, compliance, budget ou continuity",
            required=True,
            choices=REASONS,
            example="security",
        ),
        Field(
            "Alternatives",
            Kind.SLUGS,
            "À utiliser à la place",
            "les services à utiliser à la place (noms de leurs fiches)",
            required=True,
            target="service",
            target_lifecycles=LIVE_LIFECYCLES,
        ),
        REVIEWED,
        Field(
            "Reference",
            Kind.URL,
            "Texte de référence",
            "adresse web du texte de la règle",
        ),
        AUDIENCE,
        TAGS,
        MODIFIED,
        IMAGE,
        IMAGE_ALT,
    ),
    body_outline="## Pourquoi cette règle\n\n\n\n## Que faire à la place\n\n",
)

NEWS = ContentType(
    id="news",
    folder="news",
    label="Actualité",
    plural="Actualités",
    dated=True,
    in_feeds=True,
    url="actualites/{slug}/",
    link_prefix="news",
    new_task="new-news",
    fields=(
        TITLE,
        DATE,
        SUMMARY,
        Field(
            "Kind",
            Kind.CHOICE,
            "Type d'annonce",
            "launch, change, retirement, incident ou info",
            required=True,
            choices=NEWS_KINDS,
            example="info",
        ),
        Field(
            "Services",
            Kind.SLUGS,
            "Services concernés",
            "les services concernés (noms de leurs fiches)",
            required_when=Condition(
                "kind",
                ("launch", "change", "retirement"),
                "pour une annonce « launch », « change » ou « retirement »",
            ),
            target="service",
        ),
        Field(
            "Expires",
            Kind.DATE,
            "Jusqu'au",
            "date après laquelle l'annonce quitte l'accueil et les flux, AAAA-MM-JJ",
        ),
        AUDIENCE,
        TAGS,
        MODIFIED,
        IMAGE,
        IMAGE_ALT,
    ),
)

TERM = ContentType(
    id="term",
    folder="glossary",
    label="Terme du glossaire",
    plural="Glossaire",
    dated=False,
    in_feeds=False,
    url="glossaire/{slug}/",
    link_prefix="term",
    new_task="new-term",
    fields=(
        Field("Title", Kind.TEXT, "Terme", "le terme tel qu'il s'écrit", required=True),
        Field(
            "Definition",
            Kind.TEXT,
            "Définition",
            "une définition simple, en une ou deux phrases",
            required=True,
        ),
        Field(
            "Aliases",
            Kind.LIST,
            "Autres formes",
            "autres formes du terme (pluriel, forme anglaise), séparées par des virgules",
        ),
        Field(
            "IT-view",
            Kind.TEXT,
            "Côté DSI",
            "ce que le mot veut dire pour la DSI",
        ),
        Field(
            "Business-view",
            Kind.TEXT,
            "Côté métiers",
            "ce que le mot veut dire pour les équipes métier",
        ),
        Field(
            "Avoid",
            Kind.YES_NO,
            "À éviter",
            "yes si c'est du jargon à ne pas employer avec les collaborateurs",
            choices=YES_NO,
        ),
        Field(
            "Prefer",
            Kind.TEXT,
            "Dire plutôt",
            "les mots simples à employer à la place",
            required_when=Condition("avoid", ("yes",), "quand « Avoid: yes »"),
        ),
        TAGS,
    ),
)

EDITION = ContentType(
    id="edition",
    folder="editions",
    label="Édition",
    plural="Éditions de la lettre",
    dated=True,
    in_feeds=False,
    url="editions/{slug}/",
    link_prefix="edition",
    fields=(
        TITLE,
        DATE,
        OPTIONAL_SUMMARY,
        AUTHOR,
        MODIFIED,
        IMAGE,
        IMAGE_ALT,
    ),
)

PAGE = ContentType(
    id="page",
    folder="pages",
    label="Page",
    plural="Pages",
    dated=False,
    in_feeds=False,
    url="{slug}/",
    link_prefix="page",
    fields=(
        TITLE,
        OPTIONAL_SUMMARY,
        Field("Date", Kind.DATETIME, "Date", "AAAA-MM-JJ"),
        MODIFIED,
        AUTHOR,
        TAGS,
        IMAGE,
        IMAGE_ALT,
    ),
)

CONTENT_TYPES: tuple[ContentType, ...] = (
    SERVICE,
    STORY,
    CONSTRAINT,
    NEWS,
    TERM,
    EDITION,
    PAGE,
)
TYPES_BY_ID: dict[str, ContentType] = {t.id: t for t in CONTENT_TYPES}
TYPES_BY_FOLDER: dict[str, ContentType] = {t.folder: t for t in CONTENT_TYPES}
TYPES_BY_LINK: dict[str, ContentType] = {
    t.link_prefix: t for t in CONTENT_TYPES if t.link_prefix
}
IMAGES_FOLDER = "images"
FEED_TYPES = tuple(t for t in CONTENT_TYPES if t.in_feeds)


def type_of_path(relative_path: str) -> ContentType | None:
    """The content type of a file from its path relative to the content folder."""
    head = relative_path.replace("\\", "/").split("/", 1)[0]
    return TYPES_BY_FOLDER.get(head)


def labels(choices: tuple[Choice, ...]) -> dict[str, str]:
    return {c.id: c.label for c in choices}


LABELS: dict[str, dict[str, str]] = {
    "lifecycle": labels(LIFECYCLES),
    "reason": labels(REASONS),
    "kind": labels(NEWS_KINDS),
}
