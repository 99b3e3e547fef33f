"""Findings: what is wrong in the content, where, and how to fix it, in French.

A finding is a value, never an exception: the build and the checker collect them all
and go on. Each code is a stable English id; its French message and hint live here,
in one table (`MESSAGES`), so that the build log, the checker and the tests say the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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

MESSAGES: dict[str, Message] = {
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
        "Le fichier est beaucoup trop gros pour une page ({size} Mo, {limit} Mo au plus).",
        "Gardez dans la page le texte utile ; un document long se dépose sur le partage "
        "de fichiers et la page donne son lien.",
    ),
    "control-character": Message(
        E,
        "Le texte contient un caractère invisible interdit ({char}, {name}) : la page est "
        "construite sans lui.",
        "Retapez ce passage (ce caractère vient souvent d'un copier-coller depuis Word ou un "
        "PDF) ou supprimez-le dans votre éditeur.",
    ),
    "too-deep": Message(
        E,
        "Le texte est imbriqué sur {depth} niveaux (listes ou citations, {limit} au plus).",
        "Une page se lit mieux avec deux ou trois niveaux au plus : aplatissez la liste.",
    ),
    "line-too-long": Message(
        E,
        "Cette ligne compte {length} caractères ({limit} au plus) : la page n'est pas "
        "publiée.",
        "Une image ou un document collé dans le texte se dépose dans content/images/ et la "
        "page donne son lien ; un long texte se coupe en paragraphes.",
    ),
    "too-many-brackets": Message(
        E,
        "Ce paragraphe contient plus de {limit} crochets « [ » ou chevrons « < » : la page "
        "n'est pas publiée.",
        "Coupez le paragraphe en plusieurs (une ligne vide entre eux), ou mettez un texte "
        "technique dans un bloc de code (entre deux lignes ```).",
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
    "email-line-break": Message(
        E,
        "L'adresse e-mail « {value} » contient un retour à la ligne ({seen}) : elle pourrait "
        "ajouter des destinataires cachés ou d'autres en-têtes aux messages.",
        "Écrivez l'adresse seule, sans code %0D ni %0A, par exemple prenom.nom@exemple.fr.",
    ),
    "email-several": Message(
        E,
        "« {value} » contient {count} adresses e-mail : une seule est attendue ici.",
        "Gardez une seule adresse ; pour prévenir plusieurs personnes, indiquez l'adresse "
        "d'une liste de diffusion.",
    ),
    "email-header": Message(
        E,
        "L'adresse e-mail « {value} » cache un en-tête de message (« {seen} ») : elle "
        "pourrait ajouter des destinataires ou changer l'objet des messages.",
        "Écrivez l'adresse seule, sans « ? », « & » ni « Bcc: », par exemple "
        "prenom.nom@exemple.fr.",
    ),
    "letter-image-elsewhere": Message(
        W,
        "Cette image vient d'une autre adresse que le site ({value}) : la lettre ne "
        "l'intègre pas, elle y devient un simple lien (rien n'est téléchargé).",
        "Déposez l'image dans content/images/ et écrivez ![description]"
        "({{static}}/images/nom.jpg) : elle sera intégrée à la lettre.",
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
        "Le résumé fait {length} caractères ({limit} au plus).",
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
        "Racontez comment une équipe l'utilise : ./hub new-story.",
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
    # silent cases: feed identity registry, glossary names, editions
    "feed-ids-conflict": Message(
        E,
        "Le registre des flux contient un conflit de fusion git non résolu : il n'est pas "
        "lu et la construction ne le réécrit pas ; la publication est bloquée.",
        "Résolvez le conflit en gardant les articles des deux versions (supprimez les lignes "
        "<<<<<<<, ======= et >>>>>>>), ou reprenez la version de la branche principale "
        "(git checkout --theirs suivi du chemin du fichier), puis relancez la construction.",
    ),
    "feed-ids-broken": Message(
        E,
        "Le registre des flux ne peut pas être lu ({detail}) : la construction ne le réécrit "
        "pas ; la publication est bloquée.",
        "Reprenez la dernière version committée du fichier (git checkout -- suivi de son chemin) "
        "sans le modifier à la main : le remplacer annoncerait de nouveau chaque article "
        "à tous les abonnés.",
    ),
    "feed-ids-foreign": Message(
        W,
        "Le registre des flux ne connaît aucun fichier de ce dossier : il vient d'un autre "
        "contenu (un dossier vidé puis rempli de nouveau, ou copié d'ailleurs). La "
        "construction ne s'en sert pas et ne le met plus à jour : vos articles reçoivent des "
        "identités neuves, jamais celles d'un autre site.",
        "Pour repartir de zéro, supprimez ce fichier (et anciennes-adresses.json s'il vient "
        "du même contenu) : la prochaine construction le recrée pour ce dossier.",
    ),
    "glossary-name-short": Message(
        W,
        "Le nom « {value} » est trop court pour être repéré dans les textes "
        "({count} lettre(s)) : il n'est pas utilisé.",
        "Écrivez le terme en entier dans « {key} » (trois lettres au moins).",
    ),
    "glossary-name-common": Message(
        W,
        "« {value} » est un mot courant de la langue : il marquerait presque chaque phrase, "
        "il n'est pas utilisé.",
        "Retirez « {value} » de « {key} » ; gardez les formes propres à ce terme.",
    ),
    "glossary-name-shared": Message(
        E,
        "« {value} » est aussi une autre forme du terme {other} : il n'est repéré pour "
        "aucun des deux.",
        "Gardez « {value} » dans un seul terme, et retirez-le de « {key} » dans l'autre.",
    ),
    "glossary-name-title": Message(
        E,
        "« {value} » est le titre du terme {other} : dans les textes, ce mot mène à ce "
        "terme-là, pas à celui-ci.",
        "Retirez « {value} » de « {key} », ou liez ce mot à ce terme-ci par un lien.",
    ),
    "glossary-title-shared": Message(
        E,
        "Le terme {other} porte déjà ce titre (« {value} ») : aucun des deux n'est repéré "
        "dans les textes sous ce nom.",
        "Réunissez les deux termes dans un seul fichier, ou donnez à celui-ci un titre "
        "qui le distingue.",
    ),
    "edition-same-date": Message(
        E,
        "L'édition a la même date ({value}) que l'édition {other} : les articles ne peuvent "
        "appartenir qu'à une seule des deux, cette édition reste vide.",
        "Donnez à cette édition la date de sa parution (un autre jour), ou supprimez "
        "l'édition en double.",
    ),
    # header
    "key-space-before-colon": Message(
        W,
        "{space} sépare la clé « {key} » de ses deux-points.",
        "Écrivez « {key}: … », sans espace avant les deux-points (la valeur est lue, mais "
        "retirez l'espace).",
    ),
    "key-indented": Message(
        W,
        "La ligne de la clé « {key} » commence par une tabulation ou des espaces.",
        "Commencez la ligne directement par « {key}: » (la valeur est lue, mais retirez le "
        "retrait).",
    ),
    "quoted-value": Message(
        E,
        "La valeur de « {key} » est entre guillemets ({value}).",
        "Retirez les guillemets : écrivez « {key}: {bare} ».",
    ),
    "quoted-text": Message(
        W,
        "Le texte de « {key} » est entre guillemets : ils s'afficheront sur le site.",
        "Retirez les guillemets, sauf s'ils font partie du texte : « {key}: {bare} ».",
    ),
    "unknown-key": Message(
        W,
        "La clé « {key} » n'existe pas pour ce type de contenu ({kind}) : elle est ignorée.",
        "{fix} Clés possibles : {allowed}.",
    ),
    "misspelled-key": Message(
        E,
        "La clé « {key} » n'existe pas : la clé obligatoire « {expected} » ({label}) "
        "doit s'écrire ainsi.",
        "Vouliez-vous dire « {expected} » ? Écrivez « {expected}: … » (les clés s'écrivent "
        "en anglais).",
    ),
    "missing-blank-line": Message(
        W,
        "Le texte commence juste après l'en-tête, sans ligne vide (« {start} »).",
        "Ajoutez une ligne vide entre l'en-tête et le texte : sans elle, cette ligne "
        "ressemble à une clé.",
    ),
    "header-lost-line": Message(
        E,
        "Cette ligne de l'en-tête n'est pas de la forme « Clé: valeur » : « {text} ».",
        "Écrivez la clé, deux-points, puis la valeur (« Lifecycle: available ») ; si c'est "
        "du texte, placez-le après l'en-tête et une ligne vide.",
    ),
    "duplicate-key-case": Message(
        E,
        "La clé « {key} » répète « {other} » (ligne {first}) : majuscules et minuscules "
        "ne distinguent pas les clés.",
        "Gardez une seule ligne « {other}: … ».",
    ),
    "front-matter": Message(
        W,
        "Le fichier commence par « --- », comme un en-tête Jekyll ou Hugo.",
        "Retirez les lignes « --- » : l'en-tête du hub est une suite de lignes « Clé: valeur » "
        "suivie d'une ligne vide.",
    ),
    "header-too-long": Message(
        E,
        "L'en-tête ne finit pas : plus de {limit} lignes sans ligne vide.",
        "Ajoutez une ligne vide après les lignes « Clé: valeur » ; la suite est lue comme "
        "du texte.",
    ),
    "yaml-list": Message(
        W,
        "La liste de « {key} » est écrite ligne par ligne (« - … »).",
        "Écrivez-la sur une seule ligne, séparée par des virgules (« {key}: un, deux »).",
    ),
    "too-many-brackets-page": Message(
        E,
        "Le fichier contient plus de {limit} crochets « [ » ou chevrons « < » : la page "
        "n'est pas publiée (cette ligne dépasse le compte).",
        "Partagez ce contenu entre plusieurs pages, ou mettez un texte technique dans un "
        "bloc de code (entre deux lignes ```).",
    ),
    "too-many-values": Message(
        E,
        "« {key} » compte {count} valeurs, {limit} au plus : seules les {limit} premières "
        "sont gardées.",
        "Gardez les valeurs qui aident vraiment à trouver la page.",
    ),
    "duplicate-in-list": Message(
        W,
        "« {value} » est écrit deux fois dans « {key} ».",
        "Retirez le second « {value} » : il n'est montré qu'une fois.",
    ),
    "source-extension-case": Message(
        E,
        "Cette page n'est pas publiée : l'extension « {ext} » doit s'écrire en minuscules.",
        "Renommez le fichier « {name} ».",
    ),
    "source-outside-types": Message(
        E,
        "Cette page n'est pas publiée : elle est hors des dossiers de contenu du hub.",
        "{fix}Déplacez-la dans l'un des dossiers {folders}.",
    ),
    "hidden-source": Message(
        W,
        "Ce fichier caché (son nom commence par un point) n'est pas publié.",
        "Pour le publier, retirez le point du début du nom ; pour un brouillon, gardez un "
        "nom normal et écrivez « Status: draft ».",
    ),
    "editor-backup": Message(
        W,
        "Ce fichier est une copie de travail ou de sauvegarde de votre éditeur : il n'est "
        "pas publié.",
        "Supprimez-le une fois la page enregistrée ; la page elle-même est « {original} ».",
    ),
    "not-markdown": Message(
        E,
        "Ce fichier « {ext} » n'est pas une page Markdown : il n'est pas publié.",
        "{fix}",
    ),
    # addresses and collisions
    "address-reserved": Message(
        E,
        "L'adresse « {url} » est réservée. Cette adresse est celle {holder} : "
        "votre page n'est pas publiée.",
        "{how} pour donner à votre page une autre adresse ; la page du hub reste à la sienne.",
    ),
    "address-taken": Message(
        E,
        "L'adresse « {url} » est déjà celle de {other} : votre page n'est pas publiée.",
        "{how} pour que chaque page ait sa propre adresse.",
    ),
    "slug-too-long": Message(
        E,
        "L'adresse de la page fait {length} caractères (100 au plus) : "
        "la page n'est pas publiée.",
        "{how} pour une adresse de quelques mots.",
    ),
    "slug-empty": Message(
        E,
        "Le nom du fichier « {value} » ne contient ni lettre ni chiffre : "
        "la page n'a pas d'adresse et n'est pas publiée.",
        "Renommez le fichier avec des mots (par exemple acces-wifi.md) "
        "ou ajoutez une ligne « Slug: ».",
    ),
    "name-too-long": Message(
        E,
        "Un nom de l'adresse (« {value} ») fait {size} octets, plus que les 255 "
        "qu'accepte le disque : la page n'est pas publiée.",
        "{how} pour des noms plus courts.",
    ),
    "tag-without-address": Message(
        E,
        "Le mot-clé « {value} » ne contient ni lettre ni chiffre : il ne peut pas avoir "
        "de page et n'est pas affiché.",
        "Écrivez ce mot-clé avec des lettres ou des chiffres, ou retirez-le de la ligne "
        "« Tags: » ; les autres mots-clés sont gardés.",
    ),
    "file-overwritten": Message(
        E,
        "Deux pages du site devaient être écrites dans le même fichier « {page} » : "
        "celle-ci n'a pas été écrite.",
        "Donnez à chaque page sa propre adresse (nom du fichier, lignes « Slug: », "
        "« Save_as: » ou « Url: »).",
    ),
    # cascade: one failing item never stops the site, and is reported once
    "page-not-written": Message(
        E,
        "La page « {page} » n'a pas pu être écrite : {detail}.",
        "Donnez-lui une adresse plus courte, qu'aucune autre page n'occupe (« Slug: » ou "
        "le nom du fichier) ; si le dossier de sortie est en cause, videz-le (./hub clean) "
        "puis reconstruisez. Les pages qui la citent n'ont rien à changer.",
    ),
    "build-failed": Message(
        E,
        "Le site n'a pas pu être construit : ses pages ne sont pas vérifiées "
        "(détail technique dans {log}).",
        "Corrigez d'abord les erreurs des fichiers listés ; si le site ne se construit "
        "toujours pas, transmettez le fichier {log} à l'équipe du hub.",
    ),
    "check-failed": Message(
        E,
        "La vérification s'est arrêtée sur une erreur inattendue : ce rapport est incomplet "
        "(détail technique dans {log}).",
        "Transmettez le fichier {log} à l'équipe du hub ; ne publiez pas sans une "
        "vérification complète.",
    ),
    "address-mismatch": Message(
        E,
        "La page est écrite dans « {save_as} », mais le site la cite à l'adresse « {url} », "
        "où il n'y a rien.",
        "Retirez la ligne « Save_as: » (le hub choisit l'adresse), ou ajoutez une ligne "
        "« Url: » qui mène au même endroit.",
    ),
    "link-unknown-form": Message(
        E,
        "Le lien « {target} » utilise une forme que le hub ne connaît pas.",
        "Utilisez {forms}, ou l'adresse complète d'une page.",
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
    "static-same-address": Message(
        E,
        "Le fichier « {value} » n'est pas publié : son adresse sur le site, « {address} », "
        "est déjà celle de « {other} ».",
        "Renommez l'un des deux fichiers (les espaces, accents et majuscules d'un nom "
        "deviennent des tirets et des minuscules dans son adresse).",
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
    # images found on content never seen
    "image-key-svg": Message(
        E,
        "L'image de la page « {value} » est un dessin SVG : les vignettes, les flux et les "
        "e-mails ne savent pas l'afficher.",
        "Pour la clé « Image », utilisez une photo ou une capture JPEG, PNG ou WebP ; un SVG "
        "s'insère dans le texte avec ![description]({{static}}/images/dessin.svg).",
    ),
    "ends-without-starts": Message(
        E,
        "« Ends » (Fin) est indiqué sans « Starts » (Début).",
        "Ajoutez une ligne « Starts: AAAA-MM-JJ HH:MM » avant « Ends », ou retirez « Ends ».",
    ),
    "ends-before-starts": Message(
        E,
        "La fin ({ends}) est avant le début ({starts}).",
        "Vérifiez les deux dates : « Ends » est le moment où cela se termine, après « Starts ».",
    ),
    # --- issue 15: old addresses that keep working (source/oldaddresses.py) ---------------
    "old-addresses-broken": Message(
        E,
        "Le fichier des anciennes adresses ne peut pas être lu ({detail}) : la construction ne "
        "le réécrit pas et les anciennes adresses ne mènent plus nulle part.",
        "Reprenez la dernière version committée du fichier (git checkout -- suivi de son "
        "chemin), puis ajoutez-y de nouveau vos lignes à la main si besoin.",
    ),
    "old-addresses-foreign": Message(
        W,
        "Le fichier des anciennes adresses ne parle d'aucun fichier de ce dossier : il vient "
        "d'un autre contenu (un dossier vidé puis rempli de nouveau, ou copié d'ailleurs). "
        "La construction ne s'en sert pas : aucune ancienne adresse n'est publiée.",
        "Pour repartir de zéro, supprimez ce fichier (et feed-ids.json s'il vient du même "
        "contenu) : la prochaine construction les recrée pour ce dossier.",
    ),
    "too-many-old-addresses": Message(
        E,
        "Le fichier des anciennes adresses en compte {count}, {limit} au plus : la "
        "construction ne le réécrit pas et aucune ancienne adresse ne mène plus nulle part.",
        "Retirez les anciennes adresses que plus personne n'utilise (les plus anciennes), "
        "ou demandez à l'équipe technique de relever HUB_MAX_REDIRECTS.",
    ),
    "old-address-taken": Message(
        E,
        "L'adresse « {url} » est une ancienne adresse : elle mène vers « {target} » "
        "(voir {registry}), et cette page la reprend.",
        "Donnez à cette page un autre nom de fichier ou un autre « Slug: » ; ou, si l'ancienne "
        "adresse doit désormais mener ici, retirez la ligne « {url} » de {registry}.",
    ),
    "renamed-still-cited": Message(
        E,
        "Ce fichier s'appelait « {old} » : des pages le citent encore sous ce nom "
        "({count} : {files}).",
        "Ajoutez la ligne « Slug: {old} » dans l'en-tête de ce fichier, il garde ainsi son "
        "ancienne adresse ; ou redonnez-lui son ancien nom de fichier, « {old}.md ».",
    ),
    "renamed-file-still-linked": Message(
        E,
        "Ce fichier s'appelait « {old}.md » : des pages le citent encore sous ce nom "
        "({count} : {files}), dont au moins un lien {{filename}} vers l'ancien fichier.",
        "Redonnez à ce fichier son ancien nom, « {old}.md » ; ou corrigez ces liens vers "
        "« {name} » et ajoutez la ligne « Slug: {old} » dans son en-tête.",
    ),
    "old-address-reserved": Message(
        E,
        "L'ancienne adresse « {url} » est celle {holder} : elle ne peut pas mener ailleurs.",
        "Retirez cette ligne du fichier des anciennes adresses.",
    ),
    "old-address-loop": Message(
        E,
        "L'ancienne adresse « {url} » mène vers d'autres anciennes adresses qui reviennent à "
        "elle : elle ne mène à aucune page.",
        "Faites mener chaque ancienne adresse vers l'adresse d'une page publiée "
        "(par exemple « services/messagerie/ »).",
    ),
    "old-address-nowhere": Message(
        E,
        "L'ancienne adresse « {url} » mène vers « {target} », où aucune page n'est publiée.",
        "Indiquez l'adresse d'une page publiée, sans / au début (par exemple "
        "« services/messagerie/ »).",
    ),
    "old-address-malformed": Message(
        E,
        "« {url} » → « {target} » n'est pas une adresse du hub.",
        "Écrivez les deux adresses comme elles apparaissent après le nom du site, sans espace "
        "ni / au début (par exemple « services/messagerie/ »).",
    ),
    # issue 14: calendars and the letter ready to send
    "event-past": Message(
        W,
        "L'événement annoncé est terminé ({when}), mais l'annonce reste à l'accueil et dans "
        "les flux comme si elle était d'actualité.",
        "Ajoutez « Expires: {next_day} » pour qu'elle passe aux archives, ou corrigez les "
        "dates de « Starts » et « Ends ».",
    ),
    # the site file, site.toml (source/sitefile.py)
    "site-file-unreadable": Message(
        E,
        "Le fichier du site ne peut pas être lu : {detail}. Le site garde ses réglages par "
        "défaut.",
        "Chaque réglage s'écrit sur une ligne « clé = \"valeur\" » (texte entre guillemets "
        "droits), sous sa section entre crochets ([site], [contacts], [audiences], "
        "[accessibility]) ; docs/adapter.md donne un exemple complet.",
    ),
    "site-unknown-section": Message(
        W,
        "La section [{key}] n'est pas une section du fichier du site : elle est "
        "ignorée.{suggestion}",
        "Les sections possibles sont [site], [contacts], [audiences] et [accessibility] "
        "(docs/adapter.md).",
    ),
    "site-unknown-key": Message(
        W,
        "Le réglage « {key} » n'existe pas dans la section [{section}] : il est "
        "ignoré.{suggestion}",
        "Corrigez son nom ou supprimez la ligne ; docs/adapter.md liste tous les réglages.",
    ),
    "site-key-outside-section": Message(
        E,
        "Le réglage « {key} » est écrit avant toute section : il est ignoré.",
        "Déplacez la ligne sous la ligne « [{section}] ».",
    ),
    "site-bad-value": Message(
        E,
        "La valeur de « {key} » (section [{section}]) n'est pas valable : {reason}. Le site "
        "garde la valeur par défaut.",
        "Corrigez la valeur.{example}",
    ),
    "site-low-contrast": Message(
        E,
        "Avec la couleur « {colour} », {text} n'atteint qu'un contraste de {ratio}:1, sous "
        "les 4,5:1 que demande l'accessibilité (WCAG AA) : le site garde ses couleurs par "
        "défaut.",
        "Choisissez une couleur plus foncée, par exemple « {better} ».",
    ),
    # issue 16: French proofreading (Grammalecte)
    "word-not-proofread": Message(
        W,
        "« {word} » fait {length} caractères d'un seul tenant : il n'est pas relu.",
        "Si c'est un code, une adresse ou un nom de fichier, mettez-le entre accents graves "
        "(`…`) ; une image ou un document collé dans le texte se dépose dans content/images/.",
    ),
    "spelling": Message(
        W,
        "Orthographe : le mot « {word} » est inconnu.",
        "{fix}Si le mot est juste (un nom de produit, un mot de l'entreprise), ajoutez-le "
        "sur une ligne de {lexicon}.",
    ),
    "grammar": Message(
        W,
        "Grammaire, sur « {word} » : {detail}.",
        "{fix}Relisez la phrase et corrigez-la.",
    ),
    # what a scaffold or the editor leaves to fill in (source/placeholders.py)
    "example-address": Message(
        E,
        "« {value} » est une adresse d'exemple : elle ne mène à personne et serait publiée "
        "telle quelle.",
        "Remplacez-la par une vraie adresse (celle du responsable, de l'équipe ou du "
        "support).",
    ),
    "scaffold-comment": Message(
        E,
        "Le commentaire d'aide du modèle (« Clés à remplir ou à compléter ») est encore là : "
        "il partirait dans la page publiée.",
        "Remplissez les clés dont vous avez besoin, puis supprimez le commentaire, de la "
        "ligne « <!-- » à la ligne {end} (« … avant de publier. --> »).",
    ),
    "scaffold-text": Message(
        E,
        "La phrase d'exemple du modèle « {text} » est encore là.",
        "Remplacez-la par le texte de la page.",
    ),
    "html-incomplete": Message(
        E,
        "Balise HTML incomplète : « <{tag} » n'est pas fermée par « > » ; la page "
        "l'afficherait telle quelle.",
        "Fermez la balise par « > », ou retirez-la : une image s'écrit en Markdown "
        "« ![ce que montre l'image](images/photo.jpg) ».",
    ),
    "empty-heading": Message(
        W,
        "Le titre « {heading} » n'a rien en dessous.",
        "Écrivez le texte de cette partie sous le titre, ou supprimez le titre.",
    ),
    # issue 21: the one gate between the content folder and the site (source/gate.py)
    "link-outside": Message(
        E,
        "Ce {what} est un lien vers « {target} », hors du dossier de contenu : rien de ce "
        "qu'il désigne n'est lu ni publié.",
        "Copiez dans le dossier de contenu ce qui doit être publié, puis supprimez le lien.",
    ),
    "link-loop": Message(
        E,
        "Ce {what} est un lien vers « {target} », qui le contient déjà : une boucle sans fin, "
        "rien n'y est lu ni publié.",
        "Supprimez ce lien ; pour montrer un fichier dans une page, donnez son chemin dans "
        "le dossier de contenu.",
    ),
    "link-dangling": Message(
        E,
        "Ce fichier est un lien vers « {target} », qui n'existe pas.",
        "Supprimez le lien, ou remettez à sa place le fichier qu'il désigne.",
    ),
    "special-file": Message(
        E,
        "Ce n'est pas un fichier ordinaire mais {kind} : le hub ne l'ouvre pas.",
        "Supprimez-le du dossier de contenu (un programme l'a créé, pas un éditeur de texte).",
    ),
    "name-twins": Message(
        E,
        "Ce fichier a le même nom que « {other} » aux majuscules ou aux accents près : sous "
        "Windows, sous macOS et sur le serveur web de l'intranet, ce n'est qu'un seul "
        "fichier. Il n'est pas publié.",
        "Gardez un seul des deux, ou donnez-leur des noms vraiment différents.",
    ),
    "kept-file-link": Message(
        E,
        "Le fichier {name} est un lien vers « {target} » : la construction ne le lit ni ne "
        "l'écrit jamais par un lien.",
        "Supprimez le lien et mettez à sa place le fichier lui-même (la dernière version "
        "committée, ou aucun : la construction le recrée).",
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
    column: int | None = None  # 1-based, where it is known (proofreading)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"severity": self.severity.value, "code": self.code,
                               "file": self.file, "line": self.line,
                               "message": self.message, "hint": self.hint}
        if self.column is not None:
            out["column"] = self.column
        return out


def make(code: str, file: str, line: int | None, **values: Any) -> Finding:
    """Build a finding from `MESSAGES`; missing values render as empty text."""
    entry = MESSAGES[code]
    fields = _Defaults(values)
    return Finding(
        file=file,
        line=line,
        severity=entry.severity,
        code=code,
        message=entry.text.format_map(fields),
        hint=entry.hint.format_map(fields),
    )


def at_column(finding: Finding, column: int) -> Finding:
    """The finding with the column of its line where it is (1-based)."""
    return replace(finding, column=column)


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return ""


def sort_key(f: Finding) -> tuple[str, int, int, int, str]:
    return (f.file, 0 if f.severity is Severity.ERROR else 1, f.line or 0, f.column or 0, f.code)
