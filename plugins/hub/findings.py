"""Findings: what is wrong in the content, where, and how to fix it, in French.

A finding is a value, never an exception: the build and the checker collect them all
and go on. Each code is a stable English id; its French message and hint live here,
in one catalogue, so that the build log, the checker and the tests say the same words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Message:
    severity: Severity
    text: str
    hint: str


E, W = Severity.ERROR, Severity.WARNING

CATALOGUE: dict[str, Message] = {
    # reading the file
    "not-utf8": Message(
        E,
        "Le fichier n'est pas enregistré en UTF-8 (octet illisible à la position {position}).",
        "Ouvrez le fichier dans votre éditeur et enregistrez-le avec l'encodage UTF-8.",
    ),
    "empty-file": Message(
        E,
        "Le fichier est vide.",
        "Ajoutez l'en-tête (Title: …) puis le texte, ou supprimez le fichier.",
    ),
    "binary-file": Message(
        E,
        "Ce fichier n'est pas un texte Markdown (il contient des caractères binaires).",
        "Vérifiez que vous avez déposé le bon fichier ; une image va dans content/images/.",
    ),
    "too-large": Message(
        E,
        "Le fichier est beaucoup trop gros pour une page ({size} Mo, 1 Mo au plus).",
        "Gardez dans la page le texte utile ; un document long se dépose sur le partage "
        "de fichiers et la page donne son lien.",
    ),
    "control-character": Message(
        E,
        "Le fichier contient un caractère invisible interdit ({char}).",
        "Retapez cette ligne (le caractère vient souvent d'un copier-coller) ou "
        "supprimez-le dans votre éditeur.",
    ),
    "too-deep": Message(
        E,
        "Le texte est imbriqué sur {depth} niveaux (listes ou citations).",
        "Une page se lit mieux avec deux ou trois niveaux au plus : aplatissez la liste.",
    ),
    "unreadable-file": Message(
        E,
        "Le fichier ne peut pas être ouvert ({detail}).",
        "Vérifiez que le fichier existe et que vous avez le droit de le lire.",
    ),
    "bad-header": Message(
        E,
        "L'en-tête du fichier est illisible : {detail}.",
        "Commencez le fichier par des lignes « Clé: valeur » (par exemple « Title: Mon titre »), "
        "puis une ligne vide, puis le texte.",
    ),
    "duplicate-key": Message(
        E,
        "La clé « {key} » est écrite deux fois dans l'en-tête (déjà ligne {first}).",
        "Gardez une seule ligne « {key}: … ».",
    ),
    # keys and values
    "missing-key": Message(
        E,
        "La clé obligatoire « {key} » ({label}) est absente.",
        "Ajoutez dans l'en-tête une ligne « {key}: … » : {help}.{suggestion}",
    ),
    "missing-conditional-key": Message(
        E,
        "La clé « {key} » ({label}) est obligatoire {condition}.",
        "Ajoutez dans l'en-tête une ligne « {key}: … » : {help}.",
    ),
    "empty-value": Message(
        E,
        "La clé « {key} » ({label}) est vide.",
        "Écrivez une valeur après « {key}: » : {help}.",
    ),
    "invalid-choice": Message(
        E,
        "La valeur « {value} » n'est pas permise pour « {key} ».",
        "Valeurs permises : {allowed}.{suggestion}",
    ),
    "invalid-date": Message(
        E,
        "La date « {value} » de « {key} » n'existe pas ou est mal écrite.",
        "Écrivez la date sous la forme {form}, par exemple {example}.",
    ),
    "invalid-email": Message(
        E,
        "« {value} » n'est pas une adresse e-mail valable pour « {key} ».",
        "Écrivez une adresse complète, par exemple prenom.nom@exemple.fr.",
    ),
    "invalid-contact": Message(
        E,
        "« {value} » n'est ni une adresse web, ni une adresse e-mail, ni un numéro de "
        "téléphone.",
        "Indiquez où trouver de l'aide : https://…, une adresse e-mail ou un numéro.",
    ),
    "malformed-url": Message(
        E,
        "L'adresse « {value} » est mal formée.",
        "Une adresse web s'écrit https://serveur/chemin (vérifiez « : » et « // »).",
    ),
    "invalid-slug": Message(
        E,
        "« {value} » n'est pas un nom de fiche valable dans « {key} ».",
        "Un nom de fiche s'écrit en minuscules, sans accent ni espace (ex. : messagerie).",
    ),
    # references between content
    "unknown-reference": Message(
        E,
        "« {key} » cite « {value} », mais aucune {target} ne porte ce nom.",
        "Indiquez le nom d'une {target} existante.{suggestion}",
    ),
    "retired-service": Message(
        E,
        "Cette histoire présente le service « {value} », qui est retiré.",
        "Racontez l'usage d'un service en service{successor}, ou retirez « {value} » "
        "de « Services ».",
    ),
    "alternative-not-live": Message(
        E,
        "L'alternative « {value} » est « {lifecycle} » : on ne peut pas la proposer.",
        "Proposez un service pilote ou disponible{successor}.",
    ),
    "successor-self": Message(
        E,
        "Le service indique lui-même comme successeur.",
        "Indiquez dans « Successor » la fiche du service qui le remplace.",
    ),
    "successor-loop": Message(
        E,
        "Les successeurs tournent en rond : {chain}.",
        "Le dernier service de la chaîne doit être pilote ou disponible.",
    ),
    "duplicate-slug": Message(
        E,
        "Le nom « {slug} » est déjà pris par {other}.",
        "Renommez ce fichier ou ajoutez une ligne « Slug: autre-nom ».",
    ),
    "unknown-audience": Message(
        E,
        "Le public « {value} » n'existe pas.",
        "Publics déclarés : {allowed}.{suggestion}",
    ),
    # images
    "image-missing": Message(
        E,
        "L'image « {value} » est introuvable.",
        "Déposez l'image dans content/images/ ou corrigez son chemin.{suggestion}",
    ),
    "image-broken": Message(
        E,
        "L'image « {value} » ne peut pas être lue : {detail}.",
        "Réenregistrez l'image en JPEG ou PNG depuis votre logiciel photo, puis "
        "remplacez le fichier.",
    ),
    "image-too-large": Message(
        E,
        "L'image « {value} » est beaucoup trop grande pour être publiée "
        "(plus de {limit} pixels).",
        "Réduisez-la à 4 000 pixels de large au plus dans votre logiciel photo, puis "
        "remplacez le fichier.",
    ),
    "image-heavy": Message(
        W,
        "L'image « {value} » est très lourde ({detail} pixels) : elle est publiée réduite, "
        "mais ralentit chaque construction du site.",
        "Réduisez-la à 4 000 pixels de large au plus avant de la déposer.",
    ),
    "image-cmyk": Message(
        W,
        "L'image « {value} » est en couleurs d'impression (CMJN) : ses couleurs peuvent "
        "changer à l'écran.",
        "Exportez-la en RVB (sRVB) depuis votre logiciel, puis remplacez le fichier.",
    ),
    "image-animated": Message(
        W,
        "L'image « {value} » est animée : seule sa première image est publiée.",
        "Déposez une image fixe ; pour montrer une manipulation, utilisez plusieurs "
        "captures d'écran.",
    ),
    "path-outside": Message(
        E,
        "Le chemin « {value} » sort du dossier content.",
        "Placez le fichier dans le dossier content et indiquez un chemin à l'intérieur.",
    ),
    # links
    "link-broken": Message(
        E,
        "Le lien vers « {target} » ne mène à aucune page.",
        "Corrigez le lien.{suggestion}",
    ),
    "link-draft": Message(
        E,
        "Le lien vers « {target} » mène à un brouillon ou à une page masquée.",
        "Publiez la page visée (Status: published) ou retirez le lien.",
    ),
    "link-anchor": Message(
        E,
        "La section « #{anchor} » n'existe pas dans « {target} ».",
        "Corrigez l'ancre.{suggestion}",
    ),
    "link-case": Message(
        E,
        "Le lien « {target} » n'a pas la bonne casse : la page s'appelle « {actual} ».",
        "Écrivez « {actual} » : sur l'intranet, majuscules et minuscules comptent.",
    ),
    "link-template": Message(
        E,
        "Un lien du thème vers « {target} » est cassé sur {count} page(s).",
        "Corrigez le lien dans ce gabarit.{suggestion}",
    ),
    "duplicate-id": Message(
        E,
        "L'identifiant « {value} » est utilisé plusieurs fois dans la page {page}.",
        "Donnez des titres différents aux sections, ou un identifiant unique.",
    ),
    "page-not-built": Message(
        E,
        "La page « {page} » n'a pas pu être construite ({detail}).",
        "Corrigez d'abord les autres erreurs de ce fichier ; si elle persiste, elle vient du "
        "thème (gabarit {template}, ligne {at}).",
    ),
    "unsafe-html": Message(
        E,
        "Le contenu contient du code qui pourrait s'exécuter : {detail}.",
        "Retirez ce code : une page du hub ne contient que du texte, des liens et des "
        "images.",
    ),
    # warnings
    "stale-review": Message(
        W,
        "Le contenu n'a pas été relu depuis {days} jours (dernière relecture : {value}).",
        "Relisez la page, corrigez ce qui a changé, puis mettez « Reviewed: {today} ».",
    ),
    "summary-too-long": Message(
        W,
        "Le résumé fait {length} caractères (200 au plus).",
        "Raccourcissez le résumé à une phrase.",
    ),
    "avoided-term": Message(
        W,
        "Le mot « {value} » est du jargon à éviter avec les collaborateurs.",
        "Dites plutôt : {prefer}.",
    ),
    "malformed-mailto": Message(
        W,
        "L'adresse e-mail du lien « {value} » est mal formée.",
        "Écrivez mailto:prenom.nom@exemple.fr.",
    ),
    "service-without-story": Message(
        W,
        "Aucune histoire d'usage ne présente ce service disponible.",
        "Racontez comment une équipe l'utilise : invoke new-story.",
    ),
    "orphan-page": Message(
        W,
        "Aucune page ne mène à cette page.",
        "Ajoutez un lien vers elle depuis une page proche.",
    ),
    "external-broken": Message(
        E,
        "Le lien externe « {value} » est cassé ({detail}).",
        "Corrigez ou retirez ce lien.",
    ),
    "external-unverified": Message(
        W,
        "Le lien externe « {value} » n'a pas pu être vérifié ({detail}).",
        "Ouvrez-le dans un navigateur pour vérifier qu'il fonctionne.",
    ),
    # markup and static files
    "header-markup": Message(
        W,
        "La valeur de « {key} » contient {detail} : l'en-tête n'accepte que du texte, "
        "la page l'affiche sans la balise.",
        "Retirez la balise et écrivez le texte seul ; la mise en forme se fait dans le "
        "corps de la page.",
    ),
    "html-not-allowed": Message(
        W,
        "Le texte contient {detail}, que le hub ne publie pas : la page s'affiche sans.",
        "Retirez-le, ou écrivez la mise en forme en Markdown (titres, listes, tableaux, "
        "liens, images).",
    ),
    "static-kind-refused": Message(
        E,
        "Le fichier « {value} » n'est pas publié : {detail}.",
        "Dans content/images/, déposez seulement des images (JPEG, PNG, WebP, GIF, SVG) "
        "ou des documents PDF et bureautiques ; retirez ce fichier.",
    ),
    "static-disguised": Message(
        E,
        "Le fichier « {value} » n'est pas publié : son nom dit {expected}, mais son "
        "contenu est {actual}.",
        "Réenregistrez le fichier au bon format depuis le logiciel qui l'a créé, puis "
        "remplacez-le.",
    ),
    "svg-cleaned": Message(
        W,
        "L'image SVG « {value} » est publiée sans ce qui pourrait s'exécuter ou charger un "
        "autre fichier : {detail}.",
        "Réexportez l'image depuis votre logiciel de dessin en « SVG simple », sans "
        "script ni lien vers d'autres fichiers.",
    ),
    "svg-refused": Message(
        E,
        "L'image SVG « {value} » n'est pas publiée : {detail}.",
        "Réexportez l'image depuis votre logiciel de dessin en « SVG simple », ou "
        "déposez-la en PNG.",
    ),
}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in the content, for writers."""

    file: str
    line: int | None
    severity: Severity
    code: str
    message: str
    hint: str

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return {k: data[k] for k in ("severity", "code", "file", "line", "message", "hint")}


def make(code: str, file: str, line: int | None, **values: Any) -> Finding:
    """Build a finding from the catalogue; missing values render as empty text."""
    entry = CATALOGUE[code]
    fields = _Defaults(values)
    return Finding(
        file=file,
        line=line,
        severity=entry.severity,
        code=code,
        message=entry.text.format_map(fields),
        hint=entry.hint.format_map(fields),
    )


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return ""


def did_you_mean(value: str, candidates: list[str] | tuple[str, ...], n: int = 3) -> str:
    """' Vouliez-vous dire « x » ?' when a near candidate exists, else ''."""
    import difflib

    near = difflib.get_close_matches(value, list(candidates), n=n, cutoff=0.6)
    if not near:
        lowered = {c.lower(): c for c in candidates}
        if value.lower() in lowered:
            near = [lowered[value.lower()]]
    if not near:
        return ""
    return " Vouliez-vous dire " + " ou ".join(f"« {c} »" for c in near) + " ?"


def sort_key(f: Finding) -> tuple[str, int, int, str]:
    return (f.file, 0 if f.severity is Severity.ERROR else 1, f.line or 0, f.code)
