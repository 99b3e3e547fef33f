"""The site file, `site.toml` at the root of a content folder: the company's identity
(CONTENT_MODEL.md, « The site file »), read with `tomllib`.

Each key is declared once in `KEYS` with the setting it gives, how its value is read and
an example. `read` turns the file into settings and findings (an unknown key is a warning
with « Vouliez-vous dire … ? », a bad value an error at its line, a colour whose text
fails WCAG AA an error naming the text and the ratio); a key left out, or a bad one, keeps
the project's default. `apply` puts the file's settings into a Pelican settings dict: the
build, the checker, the preview, the editor, `review`, `publish` and the tasks all go
through it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hub import colours
from hub import findings as fd
from hub.department import EXAMPLES as DEPARTMENT_EXAMPLES
from hub.department import article_of, of_settings
from hub.model import IMAGES_FOLDER
from hub.source import gate, mailaddress
from hub.source.header import CONTROL_RE
from hub.source.metadata import SLUG_RE, is_contact, is_url
from hub.suggest import did_you_mean, nearest

SITE_FILE = "site.toml"
AUDIENCES = "audiences"  # the section of audience ids and labels
EVERYONE = "all"
LOGO_SUFFIXES = (".svg", ".png")


class Invalid(ValueError):
    """A value the key cannot take; the argument says why, in French; `example` is the
    writer's own value mended, when it can be guessed."""

    def __init__(self, reason: str, example: str = "") -> None:
        super().__init__(reason)
        self.example = example


def _text(value: object, _root: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("il faut un texte entre guillemets")
    control = CONTROL_RE.search(value)
    if control is not None:
        raise Invalid(f"le texte contient un caractère invisible interdit "
                      f"(U+{ord(control.group()):04X}) : retapez-le")
    return value.strip()


def _department(value: object, root: Path) -> str:
    text = _text(value, root)
    if article_of(text) is None:
        article = "l'" if text[:1].lower() in "aeiouyéèêh" else "la "
        raise Invalid(f"le nom doit commencer par son article ({DEPARTMENT_EXAMPLES}, "
                      "« la Direction du numérique »)", example=f'"{article}{text}"')
    return text


def _url(value: object, root: Path) -> str:
    text = _text(value, root)
    if not is_url(text):
        raise Invalid("il faut une adresse complète, qui commence par https://")
    return text.rstrip("/")


def _logo(value: object, root: Path) -> str:
    text = _text(value, root).replace("\\", "/").removeprefix("/")
    if not text.startswith(IMAGES_FOLDER + "/") or ".." in text.split("/"):
        raise Invalid(f"le logo est un fichier du dossier {IMAGES_FOLDER}/ "
                      f"(« {IMAGES_FOLDER}/logo.svg »)")
    if not text.lower().endswith(LOGO_SUFFIXES):
        raise Invalid("le logo est une image SVG ou PNG")
    if not (root / text).is_file():
        raise Invalid(f"le fichier « {text} » n'existe pas dans le dossier de contenu")
    return text


def _colour(value: object, root: Path) -> str:
    text = _text(value, root)
    if not colours.HEX_RE.match(text):
        raise Invalid("il faut un code de couleur « #rrvvbb » (par exemple « #0b4f6c »)")
    return colours.normalised(text)


def _email(value: object, root: Path) -> str:
    address = mailaddress.parse(_text(value, root))
    if isinstance(address, mailaddress.AddressProblem):
        raise Invalid("il faut une seule adresse e-mail, sans retour à la ligne ni en-tête "
                      "(« ? », « & », « Bcc: »)")
    return address


def _contact(value: object, root: Path) -> str:
    text = _text(value, root)
    if not is_contact(text):
        raise Invalid("il faut une adresse web, une adresse e-mail ou un numéro de téléphone")
    return text


def _mailbox(value: object, root: Path) -> str:
    text = _text(value, root)
    _name, address = parseaddr(text)
    if mailaddress.parse(address) != address or text.count("@") != 1:
        raise Invalid("il faut une adresse e-mail, précédée ou non d'un nom "
                      "(« Nom <adresse@entreprise.fr> »)")
    return text


def _date(value: object, _root: Path) -> str:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise Invalid("il faut une date AAAA-MM-JJ, sans guillemets")
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise Invalid("il faut une date AAAA-MM-JJ qui existe") from None
    return value.isoformat()


def _rate(value: object, _root: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise Invalid("il faut un nombre entre 0 et 1, avec un point (0.87 pour 87 %)")
    return float(value)


@dataclass(frozen=True)
class SiteKey:
    """One key of the site file: where it is, the setting it gives, how it is read, an
    example value and what it is for (in French: `invoke init` writes it as a comment)."""

    section: str
    name: str
    setting: str
    read: Callable[[object, Path], object]
    example: str
    help: str
    optional: bool = False  # `invoke init` leaves it commented out


KEYS: tuple[SiteKey, ...] = (
    SiteKey("site", "name", "SITENAME", _text, '"Le hub de la DSI"',
            "le nom du site : en-tête, titre des pages, flux, lettre"),
    SiteKey("site", "tagline", "SITESUBTITLE", _text,
            '"Les services informatiques, expliqués simplement"',
            "une phrase sous le nom, à l'accueil et au pied de chaque page"),
    SiteKey("site", "organisation", "HUB_ORGANISATION", _text, '"Mon entreprise"',
            "le nom de l'entreprise"),
    SiteKey("site", "department", "HUB_DEPARTMENT", _department, '"la DSI"',
            "ce que les salariés appellent le service informatique, avec son article : "
            f"{DEPARTMENT_EXAMPLES}, « la Direction du numérique »"),
    SiteKey("site", "url", "HUB_SITE_URL", _url, '"https://hub.mon-entreprise.intra"',
            "l'adresse du site publié (flux, calendriers, lettre)"),
    SiteKey("site", "logo", "HUB_LOGO", _logo, '"images/logo.svg"',
            "le logo, une image SVG ou PNG du dossier images/ : en-tête, lettre, éditeur, "
            "icône de l'onglet", optional=True),
    SiteKey("site", "colour", "HUB_COLOUR", _colour, '"#0b4f6c"',
            "la couleur principale ; le texte blanc écrit dessus doit rester lisible "
            "(contraste WCAG AA)", optional=True),
    SiteKey("contacts", "comms", "HUB_COMMS_EMAIL", _email,
            '"communication@mon-entreprise.fr"',
            "l'équipe communication : « Signaler une erreur » sur les pages sans responsable"),
    SiteKey("contacts", "assistance", "HUB_ASSISTANCE", _contact,
            '"https://assistance.mon-entreprise.intra"',
            "l'assistance : adresse web, adresse e-mail ou numéro de téléphone"),
    SiteKey("contacts", "letter_from", "HUB_LETTER_FROM", _mailbox,
            '"Équipe communication <communication@mon-entreprise.fr>"',
            "l'expéditeur de la lettre prête à envoyer"),
    SiteKey("contacts", "letter_to", "HUB_LETTER_TO", _mailbox,
            '"Tous les salariés <tous@mon-entreprise.fr>"',
            "les destinataires de la lettre (une liste de diffusion)"),
    SiteKey("accessibility", "audit_date", "HUB_AUDIT_DATE", _date, "2026-10-15",
            "la date du dernier audit d'accessibilité fait par une personne (AAAA-MM-JJ, "
            "sans guillemets)", optional=True),
    SiteKey("accessibility", "auditor", "HUB_AUDITOR", _text, '"Service qualité"',
            "qui a fait cet audit", optional=True),
    SiteKey("accessibility", "rate", "HUB_CONFORMITY_RATE", _rate, "0.87",
            "la part des critères RGAA respectés, entre 0 et 1 (1.0 : totalement conforme, "
            "0.5 ou plus : partiellement, moins : non conforme)", optional=True),
)
SECTION_HELP = {
    "site": "Le site et qui le publie.",
    "contacts": "Qui contacter.",
    AUDIENCES: "Les publics, dans l'ordre où le site les montre : identifiant = nom en français "
               "(« all » veut dire tout le monde).",
    "accessibility": "La déclaration d'accessibilité (page accessibilite/) : ce qu'une "
                     "personne a vérifié.",
}
SECTIONS = tuple(SECTION_HELP)


@dataclass
class SiteFile:
    """What a content folder's site file gives: settings (only the keys it sets, with
    valid values) and findings."""

    settings: dict[str, Any] = field(default_factory=dict)
    findings: list[fd.Finding] = field(default_factory=list)


_SECTION_RE = re.compile(r"^\s*\[\s*([^\]]*?)\s*\]")
_KEY_RE = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*=""")
_TOML_LINE_RE = re.compile(r"at line (\d+)")


def key_lines(text: str) -> dict[tuple[str, str], int]:
    """The line (1-based) of every `key = …` of the file, by (section, key): tomllib gives
    no line for a value, so the file is scanned for it."""
    lines: dict[tuple[str, str], int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _SECTION_RE.match(line)
        if header:
            section = header.group(1).strip().strip("\"'")
            lines.setdefault((section, ""), number)
            continue
        key = _KEY_RE.match(line)
        if key:
            name = next(g for g in key.groups() if g is not None)
            lines.setdefault((section, name), number)
    return lines


def path_of(root: Path) -> Path:
    return root / SITE_FILE


def read(root: Path, label: str = "") -> SiteFile:
    """The settings and findings of the site file of the folder `root` (none without one)."""
    path = path_of(root)
    display = f"{label}/{SITE_FILE}" if label else SITE_FILE
    if gate.refuses(path, root):
        return SiteFile()  # a link out of the folder, a pipe: the gate reports it, once
    try:
        text = gate.read_bytes(path).decode("utf-8")
    except FileNotFoundError:
        return SiteFile()
    except (OSError, UnicodeDecodeError) as exc:
        detail = "il n'est pas en UTF-8" if isinstance(exc, UnicodeDecodeError) else "illisible"
        return SiteFile(findings=[fd.make("site-file-unreadable", display, None,
                                          detail=detail)])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE_RE.search(str(exc))
        line = int(found.group(1)) if found else None
        return SiteFile(findings=[fd.make("site-file-unreadable", display, line,
                                          detail="une ligne n'est pas de la forme "
                                                 "« clé = valeur »")])
    return _Reader(root, display, key_lines(text)).read(data)


@dataclass
class _Reader:
    root: Path
    display: str
    lines: dict[tuple[str, str], int]
    out: SiteFile = field(default_factory=SiteFile)

    def read(self, data: Mapping[str, Any]) -> SiteFile:
        by_section: dict[str, dict[str, SiteKey]] = {k.section: {} for k in KEYS}
        for key in KEYS:
            by_section[key.section][key.name] = key
        for section, values in data.items():
            home = next((k.section for k in KEYS if k.name == section), None)
            if home is not None and not isinstance(values, dict):  # a key above its section
                self.out.findings.append(fd.make("site-key-outside-section", self.display,
                                                 self._line("", section), key=section,
                                                 section=home))
            elif section not in SECTIONS:
                self._unknown(section, "", list(SECTIONS))
            elif not isinstance(values, dict):
                self._bad(section, "", "c'est une section : écrivez-la entre crochets, "
                                       f"« [{section}] », ses réglages en dessous")
            elif section == AUDIENCES:
                self._audiences(values)
            else:
                self._section(section, values, by_section[section])
        self._contrast()
        return self.out

    def _line(self, section: str, name: str) -> int | None:
        return self.lines.get((section, name)) or self.lines.get((section, ""))

    def _unknown(self, section: str, name: str, known: list[str]) -> None:
        shown = name or section
        hint = did_you_mean(nearest(shown, known, n=1))
        code = "site-unknown-key" if name else "site-unknown-section"
        self.out.findings.append(fd.make(code, self.display, self._line(section, name),
                                         key=shown, section=section, suggestion=hint))

    def _bad(self, section: str, name: str, reason: str, example: str = "") -> None:
        self.out.findings.append(fd.make(
            "site-bad-value", self.display, self._line(section, name),
            key=name or section, section=section, reason=reason,
            example=f" Par exemple : {name} = {example}" if example else ""))

    def _section(self, section: str, values: Mapping[str, Any], keys: dict[str, SiteKey]) -> None:
        for name, value in values.items():
            key = keys.get(name)
            if key is None:
                self._unknown(section, name, list(keys))
                continue
            try:
                self.out.settings[key.setting] = key.read(value, self.root)
            except Invalid as exc:
                self._bad(section, name, str(exc), exc.example or key.example)

    def _audiences(self, values: Mapping[str, Any]) -> None:
        audiences: dict[str, str] = {}
        for audience_id, label in values.items():
            if not SLUG_RE.match(audience_id):
                self._bad(AUDIENCES, audience_id, "l'identifiant d'un public s'écrit en "
                          "minuscules sans accent ni espace (« siege », « agences »)")
            elif not isinstance(label, str) or not label.strip():
                self._bad(AUDIENCES, audience_id, "il faut le nom du public en français, "
                          "entre guillemets", '"Équipes du siège"')
            else:
                audiences[audience_id] = label.strip()
        if audiences:
            everyone = audiences.pop(EVERYONE, "Tout le monde")
            self.out.settings["AUDIENCES"] = {EVERYONE: everyone, **audiences}

    def _contrast(self) -> None:
        colour = self.out.settings.get("HUB_COLOUR")
        if not colour:
            return
        short = min(colours.shortfalls(colour), key=lambda s: s.ratio, default=None)
        if short is None:
            return
        self.out.findings.append(fd.make(
            "site-low-contrast", self.display, self._line("site", "colour"),
            colour=colour, text=short.text, ratio=_ratio(short.ratio), better=short.better))
        del self.out.settings["HUB_COLOUR"]  # the theme keeps its own colours


def _ratio(value: float) -> str:
    """A contrast ratio as French writes it: « 3,2 »."""
    return f"{int(value * 10) / 10:.1f}".replace(".", ",")


def apply(settings: dict[str, Any], root: Path | None = None,
          given: Iterable[str] = ()) -> SiteFile:
    """Put the site file of the content folder (`root`, or the settings' `PATH`) into
    `settings`, except the keys given on the command line (`given`, `HUB_GIVEN`); its
    findings are the corpus's (`source/corpus.check_shared`), so that the build and the
    checker report them alike.

    A published build (`HUB_PUBLISHING`) without an address given otherwise takes the site
    file's `url` as its `SITEURL`.
    """
    found = read(root if root is not None else Path(str(settings.get("PATH") or ".")))
    kept = {*given, *settings.get("HUB_GIVEN", ())}
    settings.update({k: v for k, v in found.settings.items() if k not in kept})
    # who signs an item without `Author:`: the department's comms team
    settings.setdefault("AUTHOR", of_settings(settings).comms_team)
    if settings.get("HUB_PUBLISHING") and not settings.get("SITEURL"):
        settings["SITEURL"] = settings.get("HUB_SITE_URL", "")
    if "HUB_SITE_URL" in found.settings and not settings.get("HUB_INTERNAL_HOSTS"):
        settings["HUB_INTERNAL_HOSTS"] = (intranet_domain(found.settings["HUB_SITE_URL"]),)
    return found


def intranet_domain(url: str) -> str:
    """The intranet's domain from the site's address: « hub.entreprise.intra » gives
    « entreprise.intra » (its hosts are never fetched by the external link check)."""
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    return ".".join(labels[1:]) if len(labels) > 2 else host


def configure(pelican: Any) -> None:
    """`initialized`: the run's settings take the content folder's site file."""
    apply(pelican.settings)
