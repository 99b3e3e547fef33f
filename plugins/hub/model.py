"""The content model of the hub, declared once: types, keys, allowed values, conditions.

Everything else reads this declaration instead of repeating it: Pelican's article and
page paths, the reader, the checker, the listings and breadcrumbs, the feeds, the
navigation (`hub_nav`), the writer's guide, incremental runs and the `new-*` tasks. See
CONTENT_MODEL.md for the contract it encodes.

Adding a content type: declare a `ContentType` (a dated one with `article`) with its
folder, keys, address and, as needed, its `listing`, `nav`, `feed` and `scaffold`, and
give it a template named after its id. A project adds one without editing the plugin by
calling `register_type` in its settings file *before* importing the hub's
(`from pelicanconf import *`), so that `article_paths()` and `page_paths()` see it; `invoke`
reads the settings file named by the `HUB_SETTINGS` environment variable (default:
pelicanconf.py), so its `new-*` task exists too. tests/fixtures/toy-type/ is an example.
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
    MOMENT = "moment"  # YYYY-MM-DD (a whole day) or YYYY-MM-DD HH:MM (a time of day)
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
class Listing:
    """The page listing every published item of a type, at the folder of its addresses."""

    intro: str  # French, one sentence: the listing's lead and its feed's description
    title: str = ""  # French heading, also the breadcrumb step; default: the plural


@dataclass(frozen=True)
class Nav:
    """The type's entry in the site's main navigation (to the page gathering it)."""

    order: int  # entries are shown by increasing order
    label: str = ""  # French; default: the plural


TYPE_FEEDS = "type"  # the S'abonner group of the feeds of one content type
GENERAL_FEEDS = "general"  # the group of the site-wide feeds


@dataclass(frozen=True)
class Feed:
    """The type's own feed, `flux/<listing folder>/`.

    In the `type` group its items also enter the site-wide, audience and service feeds
    and the editions; in the `general` group the feed stands alone (the letter).
    """

    group: str = TYPE_FEEDS
    title: str = ""  # French, after "<site> : "; default: the plural, lowercase
    description: str = ""  # French; default: the listing's intro


@dataclass(frozen=True)
class Scaffold:
    """The `invoke new-<id>` task that creates a pre-filled source file of the type."""

    help: str  # French, the task's one-line help: "Créer une fiche service pré-remplie."


@dataclass(frozen=True)
class ContentType:
    """A content type: one folder of `content/`, its keys and how it is published."""

    id: str
    folder: str
    label: str
    plural: str
    dated: bool  # an article for Pelican (dated, in the archives); else a page
    fields: tuple[Field, ...]
    url: str  # URL pattern, `{slug}` replaced; its folder is the page gathering the type
    link_prefix: str | None = None  # short link form `{service}slug`
    listing: Listing | None = None
    nav: Nav | None = None
    feed: Feed | None = None
    scaffold: Scaffold | None = None
    full_run: bool = False  # shown on every page: a change rebuilds the whole site
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

    @property
    def in_feeds(self) -> bool:
        """Its items enter the site-wide, audience and service feeds and the editions."""
        return self.feed is not None and self.feed.group == TYPE_FEEDS

    @property
    def new_task(self) -> str | None:
        return f"new-{self.id}" if self.scaffold else None

    @property
    def index_url(self) -> str:
        """The page gathering the type (listing, catalogue, glossary; "" is the home)."""
        return self.url.split("{", 1)[0]

    @property
    def index_title(self) -> str:
        """The title of that page (its listing's), as breadcrumbs show it."""
        return (self.listing and self.listing.title) or self.plural

    @property
    def nav_label(self) -> str:
        return (self.nav and self.nav.label) or self.plural

    @property
    def feed_title(self) -> str:
        return (self.feed and self.feed.title) or self.plural.lower()

    @property
    def feed_description(self) -> str:
        own = self.feed.description if self.feed else ""
        return own or (self.listing.intro if self.listing else self.plural)

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

PILOT, AVAILABLE, RETIRING, RETIRED = (c.id for c in LIFECYCLES)
LIVE_LIFECYCLES = (PILOT, AVAILABLE)
ENDING_LIFECYCLES = (RETIRING, RETIRED)  # the service page shows the end of the service

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
MODIFIED = Field("Modified", Kind.DATETIME, "Mis à jour le", "date de mise à jour")
SUMMARY_MAX = 200  # characters
SUMMARY = Field(
    "Summary",
    Kind.SUMMARY,
    "Résumé",
    f"une phrase, {SUMMARY_MAX} caractères au plus",
    required=True,
)
OPTIONAL_SUMMARY = replace(SUMMARY, required=False)
AUDIENCE = Field(
    "Audience",
    Kind.AUDIENCES,
    "Pour qui",
    "identifiants de public séparés par des virgules ; absent = tout le monde",
)
TAGS = Field("Tags", Kind.LIST, "Mots-clés", "mots-clés séparés par des virgules")
KEYWORDS = Field(
    "Keywords",
    Kind.LIST,
    "Mots de recherche",
    "les mots que les salariés tapent pour trouver cette page (outils grand public comme "
    "« dropbox », mots de tous les jours, anciens noms), séparés par des virgules ; "
    "jamais affichés",
)
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


def article(
    *,
    id: str,
    fields: tuple[Field, ...],
    title: Field = TITLE,
    summary: Field = SUMMARY,
    feed: Feed | None = None,
    **declared: Any,
) -> ContentType:
    """A dated type, linked as `{id}slug`, in a feed, its own keys framed by the shared ones."""
    return ContentType(
        id=id,
        dated=True,
        link_prefix=id,
        feed=feed or Feed(),
        fields=(title, DATE, summary, *fields, MODIFIED, IMAGE, IMAGE_ALT, KEYWORDS),
        **declared,
    )


# --- the types -----------------------------------------------------------------

SERVICE = ContentType(
    id="service", folder="services", url="services/{slug}/", link_prefix="service",
    label="Fiche service", plural="Services", dated=False,
    nav=Nav(10), scaffold=Scaffold("Créer une fiche service pré-remplie."),
    fields=(
        TITLE,
        replace(
            SUMMARY,
            label="En bref",
            help=f"ce que le service apporte, en une phrase de {SUMMARY_MAX} caractères au plus",
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
        KEYWORDS,
    ),
    body_outline=(
        "## À quoi ça sert\n\n\n\n## Pour qui\n\n\n\n## Comment l'obtenir\n\n\n\n"
        "## Besoin d'aide ?\n\n"
    ),
)

STORY = article(
    id="story", folder="stories", url="histoires/{slug}/",
    label="Histoire d'usage", plural="Histoires d'usage",
    listing=Listing("Des équipes racontent comment elles utilisent un service au quotidien."),
    nav=Nav(20), scaffold=Scaffold("Créer une histoire d'usage pré-remplie."),
    body_outline="## Avant\n\n\n\n## Ce qu'ils font maintenant\n\n\n\n## Ce que ça a changé\n\n",
    fields=(
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
    ),
)

CONSTRAINT = article(
    id="constraint", folder="constraints", url="contraintes/{slug}/",
    label="Contrainte expliquée", plural="Contraintes expliquées",
    listing=Listing(
        "Pourquoi certaines choses ne sont pas permises, et quoi utiliser à la place."
    ),
    nav=Nav(30), scaffold=Scaffold("Créer une contrainte expliquée pré-remplie."),
    body_outline="## Pourquoi cette règle\n\n\n\n## Que faire à la place\n\n",
    title=replace(
        TITLE, help="la question que se pose l'utilisateur (« Pourquoi ne puis-je pas… ? »)"
    ),
    fields=(
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
    ),
)

NEWS = article(
    id="news", folder="news", url="actualites/{slug}/",
    label="Actualité", plural="Actualités",
    listing=Listing("Nouveaux services, évolutions, fins de service, incidents et informations."),
    nav=Nav(40), scaffold=Scaffold("Créer une actualité pré-remplie."),
    fields=(
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
        Field(
            "Starts",
            Kind.MOMENT,
            "Début",
            "quand a lieu ce qui est annoncé (coupure, migration, formation), AAAA-MM-JJ ou "
            "AAAA-MM-JJ HH:MM, heure de Paris",
            example="2026-12-12 07:00",
        ),
        Field(
            "Ends",
            Kind.MOMENT,
            "Fin",
            "quand cela se termine, AAAA-MM-JJ ou AAAA-MM-JJ HH:MM ; demande « Starts » et "
            "n'est pas avant lui",
            example="2026-12-12 09:00",
        ),
        AUDIENCE,
        TAGS,
    ),
)

TERM = ContentType(
    id="term", folder="glossary", url="glossaire/{slug}/", link_prefix="term",
    label="Terme du glossaire", plural="Glossaire", dated=False,
    nav=Nav(50), scaffold=Scaffold("Créer un terme du glossaire pré-rempli."), full_run=True,
    fields=(
        replace(TITLE, label="Terme", help="le terme tel qu'il s'écrit"),
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
            "Côté {department_name}",
            "ce que le mot veut dire pour {department}",
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
        KEYWORDS,
    ),
)

EDITION = article(
    id="edition", folder="editions", url="editions/{slug}/",
    label="Édition", plural="Éditions de la lettre",
    listing=Listing(
        "Chaque édition rassemble ce qui a été publié depuis la précédente.",
        title="La lettre {of_department}",
    ),
    nav=Nav(60, "La lettre"),
    feed=Feed(
        GENERAL_FEEDS,
        "la lettre",
        "Chaque nouvelle édition de la lettre {of_department}, avec son édito et la liste de "
        "ce qu'elle rassemble.",
    ),
    summary=OPTIONAL_SUMMARY,
    fields=(AUTHOR,),
)

PAGE = ContentType(
    id="page", folder="pages", url="{slug}/", link_prefix="page",
    label="Page", plural="Pages", dated=False,
    full_run=True,
    fields=(
        TITLE,
        OPTIONAL_SUMMARY,
        Field("Date", Kind.DATETIME, "Date", "AAAA-MM-JJ"),
        MODIFIED,
        AUTHOR,
        TAGS,
        IMAGE,
        IMAGE_ALT,
        KEYWORDS,
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


def register_type(ctype: ContentType) -> None:
    """Add a project's own content type to the model (see the module's docstring).

    Call it from the settings file before the hub's settings are imported and before
    Pelican loads the plugin: the other modules read the model when they are imported.
    Registering the same declaration again does nothing.
    """
    global CONTENT_TYPES, FEED_TYPES
    if TYPES_BY_ID.get(ctype.id) == ctype:
        return
    for known, table in ((ctype.id, TYPES_BY_ID), (ctype.folder, TYPES_BY_FOLDER),
                         (ctype.link_prefix, TYPES_BY_LINK)):
        if known in table:
            raise ValueError(f"content type {ctype.id!r}: {known!r} is already declared")
    if ctype.folder == IMAGES_FOLDER:
        raise ValueError(f"content type {ctype.id!r}: {IMAGES_FOLDER!r} holds the images")
    CONTENT_TYPES = (*CONTENT_TYPES, ctype)
    FEED_TYPES = tuple(t for t in CONTENT_TYPES if t.in_feeds)
    TYPES_BY_ID[ctype.id] = ctype
    TYPES_BY_FOLDER[ctype.folder] = ctype
    if ctype.link_prefix:
        TYPES_BY_LINK[ctype.link_prefix] = ctype


def article_paths() -> list[str]:
    """Pelican's `ARTICLE_PATHS`: the folders of the dated types."""
    return [t.folder for t in CONTENT_TYPES if t.dated]


def page_paths() -> list[str]:
    """Pelican's `PAGE_PATHS`: the folders of the other types."""
    return [t.folder for t in CONTENT_TYPES if not t.dated]


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
