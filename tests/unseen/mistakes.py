#!/usr/bin/env python3
"""Realistic writer mistakes and hostile inputs, run against a DSI hub checkout.

For each mistake: copy the clean content folder to a fresh temp dir, apply ONE mistake,
run `invoke build --force` and `invoke check --format json` exactly as the README says,
and compare what the hub reports with what a writer would expect (file, line, severity).

The clean folder (`content/` beside this file) was written from CONTENT_MODEL.md alone,
by someone who had not read the hub's code: a hospital group's DSI. Standard library only.
Usage, from the repository root:
    .venv/bin/python tests/unseen/mistakes.py --hub . --out /tmp/unseen.json \
        [--clean DIR] [--jobs 2] [--only ID,ID]
`tests/test_unseen.py` runs the clean folder and one mistake of each family.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CLEAN = HERE / "content"
MARK = "MARQUEUR-REDACTEUR-7731"   # body text that must never end up in a hub page

# folder -> address prefix of its items
ADDR = {"services": "services/", "stories": "histoires/", "constraints": "contraintes/",
        "news": "actualites/", "glossary": "glossaire/", "editions": "editions/", "pages": ""}

ANY = "any"          # any line on the expected file is fine (missing key, whole-file problem)


@dataclass
class Expect:
    files: list[str]                 # acceptable files, relative to the content folder
    lines: object = ANY              # list of acceptable lines (None = null) or ANY
    severity: str = "error"          # error | warning | none (must be accepted quietly)
    basis: str = "contract"          # contract | expectation (contract silent)
    may_lose: list[str] = field(default_factory=list)   # extra index.html prefixes allowed to vanish
    extra: object = None             # callable(tmp: Path, out: Path) -> str | None (problem)
    extra_counts: bool = True        # False: the output problem is only noted (an error blocks publishing anyway)


# ----------------------------------------------------------------- file helpers
def rd(root: Path, rel: str) -> list[str]:
    return (root / rel).read_text(encoding="utf-8").split("\n")


def wr(root: Path, rel: str, lines: list[str] | str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(lines if isinstance(lines, str) else "\n".join(lines), encoding="utf-8")


def header_end(lines: list[str]) -> int:
    """index of the first blank line (end of header)."""
    for i, line in enumerate(lines):
        if not line.strip():
            return i
    return len(lines)


def key_index(lines: list[str], key: str) -> int:
    for i, line in enumerate(lines[: header_end(lines)]):
        if line.lower().startswith(key.lower() + ":"):
            return i
    raise KeyError(key)


def set_key(root: Path, rel: str, key: str, new: str) -> int:
    """replace the header line of `key` by `new` (a full line); returns its 1-based line."""
    lines = rd(root, rel)
    i = key_index(lines, key)
    lines[i] = new
    wr(root, rel, lines)
    return i + 1


def add_key(root: Path, rel: str, new: str) -> int:
    """add a header line at the end of the header; returns its 1-based line."""
    lines = rd(root, rel)
    i = header_end(lines)
    lines.insert(i, new)
    wr(root, rel, lines)
    return i + 1


def del_key(root: Path, rel: str, key: str) -> None:
    lines = rd(root, rel)
    del lines[key_index(lines, key)]
    wr(root, rel, lines)


def line_of(root: Path, rel: str, needle: str) -> int:
    for i, line in enumerate(rd(root, rel)):
        if needle in line:
            return i + 1
    raise ValueError(needle)


def append(root: Path, rel: str, text: str) -> int:
    """append a paragraph at the end of the body; returns the 1-based line of its first line."""
    lines = rd(root, rel)
    while lines and not lines[-1].strip():
        lines.pop()
    lines += ["", *text.split("\n"), ""]
    wr(root, rel, lines)
    return len(lines) - len(text.split("\n"))


def replace_in(root: Path, rel: str, old: str, new: str) -> int:
    lines = rd(root, rel)
    for i, line in enumerate(lines):
        if old in line:
            lines[i] = line.replace(old, new)
            wr(root, rel, lines)
            return i + 1
    raise ValueError(old)


def not_in_output(name: str):
    def check(tmp: Path, out: Path) -> str | None:
        hits = [str(p.relative_to(out)) for p in out.rglob(name)]
        return f"published anyway: {hits}" if hits else None
    return check


def marker_not_in(relpath: str):
    def check(tmp: Path, out: Path) -> str | None:
        p = out / relpath
        if p.exists() and MARK in p.read_text(encoding="utf-8", errors="replace"):
            return f"the writer's file overwrote the hub's {relpath}"
        if not p.exists():
            return f"the hub's {relpath} is missing"
        return None
    return check


def no_js_href(tmp: Path, out: Path) -> str | None:
    """an href/src that a browser would run as javascript: (after entity decoding, tabs removed)"""
    import html as _html
    bad = set()
    for p in out.rglob("*.html"):
        for m in re.finditer(r'(?:href|src)\s*=\s*"([^"]*)"', p.read_text(encoding="utf-8", errors="replace")):
            v = re.sub(r"[\x00-\x20]", "", _html.unescape(m.group(1))).lower()
            if v.startswith("javascript:"):
                bad.add(str(p.relative_to(out)))
    return f"executable javascript: link in {sorted(bad)[:3]}" if bad else None


SERVICE_TEMPLATE = """Title: Réseau privé virtuel
Summary: Accédez aux applications du groupe depuis chez vous, en toute sécurité.
Lifecycle: available
Owner: thomas.girard@ghvl.fr
Price: Inclus
Access: Sur demande sur le portail des agents.
Support: 02 47 00 45 45
Reviewed: 2026-11-20

Le réseau privé virtuel relie votre ordinateur portable au réseau du groupe.
"""

PAGE = "Title: {title}\n{extra}\n" + MARK + " : ce texte a été écrit par un rédacteur.\n"

# ----------------------------------------------------------------- the mistakes
M: list[tuple[str, str, object]] = []


def mistake(mid: str, title: str):
    def deco(fn):
        M.append((mid, title, fn))
        return fn
    return deco


S_POSTE, S_VISIO, S_PORTAIL = "services/poste-de-travail.md", "services/visio-reunions.md", "services/portail-agents.md"
S_TELE, S_DOSSIER, S_MSG = "services/teleconsultation.md", "services/dossier-patient.md", "services/messagerie-securisee.md"
S_FAX, S_OLD = "services/telecopie.md", "services/intranet-historique.md"
ST_URG, ST_BLOC, ST_PHARMA = "stories/urgences-compte-rendu-medecin-traitant.md", "stories/bloc-dossier-au-lit.md", "stories/pharmacie-poste-renouvele.md"
ST_STAFF, ST_DEM = "stories/staff-trois-sites.md", "stories/demande-en-ligne-cadres.md"
C_USB, C_PERSO, C_LOG, C_NUIT = ("constraints/cles-usb.md", "constraints/messagerie-personnelle.md",
                                 "constraints/logiciels-non-autorises.md", "constraints/coupures-nuit.md")
N_LAUNCH, N_CHANGE, N_FIN, N_INC, N_MAINT, N_FETES = (
    "news/lancement-teleconsultation.md", "news/dossier-patient-nouvelle-version.md", "news/fin-telecopie.md",
    "news/incident-visio.md", "news/maintenance-dossier-decembre.md", "news/assistance-fetes.md")


# --- header typing habits
@mistake("H01", "espace avant les deux-points (« Lifecycle : available »)")
def _(r):
    # a finding at that line is what the writer needs; a warning is enough if the value is still read
    return Expect([S_POSTE], [set_key(r, S_POSTE, "Lifecycle", "Lifecycle : available")], severity="warning")


@mistake("H02", "espace insécable avant les deux-points (copié de Word)")
def _(r):
    return Expect([S_VISIO], [set_key(r, S_VISIO, "Summary", "Summary\u00a0: Réunissez les équipes des trois sites sans prendre la route.")],
                  severity="warning")


@mistake("H03", "tabulation après les deux-points (valide)")
def _(r):
    set_key(r, S_PORTAIL, "Owner", "Owner:\tkarim.haddad@ghvl.fr")
    return Expect([S_PORTAIL], severity="none")


@mistake("H04", "ligne d'en-tête indentée par une tabulation")
def _(r):
    return Expect([S_POSTE], [set_key(r, S_POSTE, "Support", "\tSupport: 02 47 00 45 45")], severity="warning")


@mistake("H05", "guillemets autour d'une valeur (Lifecycle: \"pilot\")")
def _(r):
    return Expect([S_TELE], [set_key(r, S_TELE, "Lifecycle", 'Lifecycle: "pilot"')])


@mistake("H06", "guillemets autour d'une date")
def _(r):
    return Expect([ST_PHARMA], [set_key(r, ST_PHARMA, "Date", 'Date: "2026-11-03"')])


@mistake("H07", "guillemets français autour d'une valeur (Kind: « info »)")
def _(r):
    return Expect([N_FETES], [set_key(r, N_FETES, "Kind", "Kind: « info »")])


@mistake("H08", "nom de clé en français (Titre: au lieu de Title:)")
def _(r):
    return Expect([ST_STAFF], [set_key(r, ST_STAFF, "Title", "Titre: Un staff de cancérologie entre trois sites")])


@mistake("H09", "clé accentuée (Résumé: au lieu de Summary:)")
def _(r):
    return Expect([S_VISIO], [set_key(r, S_VISIO, "Summary", "Résumé: Réunissez les équipes des trois sites sans prendre la route.")])


@mistake("H10", "clé en français avec espaces (Cycle de vie: disponible)")
def _(r):
    return Expect([S_PORTAIL], [set_key(r, S_PORTAIL, "Lifecycle", "Cycle de vie: disponible")])


@mistake("H11", "pas de ligne vide avant un texte qui commence par « Attention: »")
def _(r):
    lines = rd(r, N_INC)
    i = header_end(lines)
    lines[i:] = ["Attention: la visioconférence a été coupée de 8 h à 10 h.", ""]
    wr(r, N_INC, lines)
    return Expect([N_INC], [i + 1], severity="warning")


@mistake("H12", "pas de ligne vide avant un texte qui commence par un titre (valide)")
def _(r):
    lines = rd(r, S_VISIO)
    del lines[header_end(lines)]
    wr(r, S_VISIO, lines)
    return Expect([S_VISIO], severity="none")


@mistake("H13", "fichier enregistré avec un BOM (Bloc-notes Windows)")
def _(r):
    p = r / S_DOSSIER
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    return Expect([S_DOSSIER], severity="none")


@mistake("H14", "fins de ligne Windows (CRLF)")
def _(r):
    p = r / ST_BLOC
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    return Expect([ST_BLOC], severity="none")


@mistake("H15", "fichier enregistré en Latin-1 (pas UTF-8)")
def _(r):
    p = r / C_USB
    p.write_bytes(p.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    return Expect([C_USB], [1, None])


@mistake("H16", "fichier vide")
def _(r):
    (r / N_FETES).write_text("", encoding="utf-8")
    return Expect([N_FETES], ANY, may_lose=["actualites/assistance-fetes/"])


@mistake("H17", "clés en majuscules (valide : insensible à la casse)")
def _(r):
    lines = rd(r, S_OLD)
    for i in range(header_end(lines)):
        k, _, v = lines[i].partition(":")
        lines[i] = k.upper() + ":" + v
    wr(r, S_OLD, lines)
    return Expect([S_OLD], severity="none")


@mistake("H18", "clé Summary écrite deux fois")
def _(r):
    return Expect([S_FAX], [add_key(r, S_FAX, "Summary: Le fax, c'est fini.")], severity="warning", basis="expectation")


@mistake("H19", "espaces en fin de valeur (valide)")
def _(r):
    set_key(r, S_TELE, "Lifecycle", "Lifecycle: pilot   ")
    return Expect([S_TELE], severity="none")


# --- values
@mistake("V01", "cycle de vie en français (disponible)")
def _(r):
    return Expect([S_POSTE], [set_key(r, S_POSTE, "Lifecycle", "Lifecycle: disponible")])


@mistake("V02", "cycle de vie avec majuscule (Available)")
def _(r):
    return Expect([S_VISIO], [set_key(r, S_VISIO, "Lifecycle", "Lifecycle: Available")])


@mistake("V03", "raison en français (Données personnelles)")
def _(r):
    return Expect([C_PERSO], [set_key(r, C_PERSO, "Reason", "Reason: Données personnelles")])


@mistake("V04", "Kind avec majuscule (Incident)")
def _(r):
    return Expect([N_INC], [set_key(r, N_INC, "Kind", "Kind: Incident")])


@mistake("V05", "date impossible (30 février)")
def _(r):
    return Expect([ST_DEM], [set_key(r, ST_DEM, "Date", "Date: 2026-02-30")])


@mistake("V06", "date au format français (12/11/2026)")
def _(r):
    return Expect([ST_STAFF], [set_key(r, ST_STAFF, "Date", "Date: 12/11/2026")])


@mistake("V07", "Reviewed avec un mois 13")
def _(r):
    return Expect([S_PORTAIL], [set_key(r, S_PORTAIL, "Reviewed", "Reviewed: 2026-13-01")])


@mistake("V08", "Owner est un nom, pas une adresse")
def _(r):
    return Expect([S_TELE], [set_key(r, S_TELE, "Owner", "Owner: Nadia Benali")])


@mistake("V09", "Summary oublié sur une fiche service")
def _(r):
    del_key(r, S_DOSSIER, "Summary")
    return Expect([S_DOSSIER], ANY)


@mistake("V10", "Price oublié")
def _(r):
    del_key(r, S_VISIO, "Price")
    return Expect([S_VISIO], ANY)


@mistake("V11", "Support laissé vide")
def _(r):
    return Expect([S_PORTAIL], [set_key(r, S_PORTAIL, "Support", "Support:"), None])


@mistake("V12", "Summary de 250 caractères")
def _(r):
    s = "Un ordinateur prêt à l'emploi, avec vos logiciels, vos fichiers et vos imprimantes, " * 3
    return Expect([S_POSTE], [set_key(r, S_POSTE, "Summary", "Summary: " + s[:250].strip())], severity="warning")


@mistake("V13", "Reviewed trop ancien (2025-01-10)")
def _(r):
    return Expect([S_VISIO], [set_key(r, S_VISIO, "Reviewed", "Reviewed: 2025-01-10")], severity="warning")


@mistake("V14", "Status en français (brouillon)")
def _(r):
    return Expect([ST_PHARMA], [add_key(r, ST_PHARMA, "Status: brouillon")],
                  may_lose=["histoires/pharmacie-poste-renouvele/"])


@mistake("V15", "Status avec majuscule (Draft)")
def _(r):
    return Expect([ST_STAFF], [add_key(r, ST_STAFF, "Status: Draft")],
                  may_lose=["histoires/staff-trois-sites/"])


@mistake("V16", "faute de frappe dans une clé (Audiance:)")
def _(r):
    return Expect([S_MSG], [set_key(r, S_MSG, "Audience", "Audiance: all")], severity="warning")


@mistake("V17", "clé d'un autre type (Lifecycle sur une histoire)")
def _(r):
    return Expect([ST_PHARMA], [add_key(r, ST_PHARMA, "Lifecycle: available")], severity="warning")


@mistake("V18", "heure à la française (2026-09-15 9h30)")
def _(r):
    return Expect([N_LAUNCH], [set_key(r, N_LAUNCH, "Date", "Date: 2026-09-15 9h30")])


# --- life cycle and references
@mistake("L01", "service en fin de vie sans Retirement")
def _(r):
    del_key(r, S_FAX, "Retirement")
    return Expect([S_FAX], ANY)


@mistake("L02", "service en fin de vie sans Successor")
def _(r):
    del_key(r, S_FAX, "Successor")
    return Expect([S_FAX], ANY)


@mistake("L03", "Successor est le service lui-même")
def _(r):
    return Expect([S_OLD], [set_key(r, S_OLD, "Successor", "Successor: intranet-historique")])


@mistake("L04", "Successor qui boucle (A -> B -> A)")
def _(r):
    a = set_key(r, S_FAX, "Successor", "Successor: intranet-historique")
    b = set_key(r, S_OLD, "Successor", "Successor: telecopie")
    return Expect([S_FAX, S_OLD], sorted({a, b}))


@mistake("L05", "Successor avec une faute de frappe")
def _(r):
    return Expect([S_OLD], [set_key(r, S_OLD, "Successor", "Successor: portail-agent")])


@mistake("L06", "histoire qui cite un service retiré")
def _(r):
    return Expect([ST_DEM], [set_key(r, ST_DEM, "Services", "Services: intranet-historique")])


@mistake("L07", "histoire qui cite un service inexistant")
def _(r):
    return Expect([ST_PHARMA], [set_key(r, ST_PHARMA, "Services", "Services: poste-travail")])


@mistake("L08", "nom de fiche avec accents (messagerie-sécurisée)")
def _(r):
    return Expect([ST_URG], [set_key(r, ST_URG, "Services", "Services: messagerie-sécurisée, dossier-patient")])


@mistake("L09", "nom de fiche avec majuscules (Dossier-Patient)")
def _(r):
    return Expect([ST_BLOC], [set_key(r, ST_BLOC, "Services", "Services: Dossier-Patient")])


@mistake("L10", "liste séparée par des points-virgules")
def _(r):
    return Expect([ST_URG], [set_key(r, ST_URG, "Services", "Services: messagerie-securisee; dossier-patient")])


@mistake("L11", "même nom de fiche deux fois dans Services")
def _(r):
    return Expect([ST_BLOC], [set_key(r, ST_BLOC, "Services", "Services: dossier-patient, dossier-patient")], severity="warning")


@mistake("L12", "Services laissé vide")
def _(r):
    return Expect([ST_STAFF], [set_key(r, ST_STAFF, "Services", "Services:"), None])


@mistake("L13", "alternative en fin de vie")
def _(r):
    return Expect([C_PERSO], [set_key(r, C_PERSO, "Alternatives", "Alternatives: telecopie")])


@mistake("L14", "alternative retirée")
def _(r):
    return Expect([C_USB], [set_key(r, C_USB, "Alternatives", "Alternatives: intranet-historique")])


@mistake("L15", "contrainte sans Alternatives")
def _(r):
    del_key(r, C_LOG, "Alternatives")
    return Expect([C_LOG], ANY)


@mistake("L16", "annonce de lancement sans Services")
def _(r):
    del_key(r, N_LAUNCH, "Services")
    return Expect([N_LAUNCH], ANY)


@mistake("L17", "annonce qui cite un service inexistant")
def _(r):
    return Expect([N_FIN], [set_key(r, N_FIN, "Services", "Services: telecopie, messagerie")])


@mistake("L18", "Ends avant Starts")
def _(r):
    return Expect([N_MAINT], [set_key(r, N_MAINT, "Ends", "Ends: 2026-12-12 05:00")])


@mistake("L19", "Ends sans Starts")
def _(r):
    del_key(r, N_MAINT, "Starts")
    return Expect([N_MAINT], [line_of(r, N_MAINT, "Ends:")])


@mistake("L20", "Starts au format français (12/12/2026 23h)")
def _(r):
    return Expect([N_MAINT], [set_key(r, N_MAINT, "Starts", "Starts: 12/12/2026 23h")])


@mistake("L21", "Expires impossible (32 décembre)")
def _(r):
    return Expect([N_INC], [set_key(r, N_INC, "Expires", "Expires: 2026-12-32")])


# --- audiences
@mistake("A01", "public non déclaré (soignants)")
def _(r):
    return Expect([S_TELE], [add_key(r, S_TELE, "Audience: soignants")])


@mistake("A02", "public avec majuscule (All)")
def _(r):
    return Expect([S_MSG], [set_key(r, S_MSG, "Audience", "Audience: All")])


@mistake("A03", "public écrit en clair (Tout le monde)")
def _(r):
    return Expect([ST_STAFF], [add_key(r, ST_STAFF, "Audience: Tout le monde")])


# --- glossary
@mistake("G01", "Avoid: yes sans Prefer")
def _(r):
    del_key(r, "glossary/sla.md", "Prefer")
    return Expect(["glossary/sla.md"], ANY)


@mistake("G02", "Avoid: oui (en français)")
def _(r):
    return Expect(["glossary/mep.md"], [set_key(r, "glossary/mep.md", "Avoid", "Avoid: oui")])


@mistake("G03", "jargon à éviter dans un texte (« ticket »)")
def _(r):
    return Expect([ST_PHARMA], [append(r, ST_PHARMA, "Le technicien ouvre un ticket pour chaque poste.")], severity="warning")


@mistake("G04", "jargon à éviter dans un titre (« SLA »)")
def _(r):
    return Expect([N_INC], [set_key(r, N_INC, "Title", "Title: Visioconférence coupée le 14 novembre : SLA respecté")], severity="warning")


@mistake("G05", "alias de glossaire « de » sur un terme à éviter")
def _(r):
    return Expect(["glossary/ticket.md"], [set_key(r, "glossary/ticket.md", "Aliases", "Aliases: tickets, de")],
                  severity="warning", basis="expectation")


@mistake("G06", "terme « R&D » à éviter, employé dans une histoire")
def _(r):
    wr(r, "glossary/r-et-d.md", "Title: R&D\nDefinition: La recherche et le développement.\nAvoid: yes\n"
       "Prefer: recherche et développement\n")
    return Expect([ST_BLOC], [append(r, ST_BLOC, "L'équipe R&D du groupe a choisi les tablettes.")], severity="warning")


@mistake("G07", "terme sans Definition")
def _(r):
    del_key(r, "glossary/hds.md", "Definition")
    return Expect(["glossary/hds.md"], ANY)


# --- links
@mistake("K01", "lien vers un brouillon")
def _(r):
    add_key(r, ST_PHARMA, "Status: draft")
    return Expect([S_POSTE], [append(r, S_POSTE, "Lisez [leur histoire]({story}pharmacie-poste-renouvele).")],
                  may_lose=["histoires/pharmacie-poste-renouvele/"])


@mistake("K02", "lien vers une page masquée")
def _(r):
    add_key(r, ST_STAFF, "Status: hidden")
    return Expect([S_VISIO], [append(r, S_VISIO, "Lisez [leur histoire]({story}staff-trois-sites).")])


@mistake("K03", "ancre qui n'existe pas (#comment-l-obtenir)")
def _(r):
    return Expect([S_TELE], [append(r, S_TELE, "Voir [comment obtenir le dossier]({service}dossier-patient#comment-l-obtenir).")])


@mistake("K04", "ancre avec accents et majuscule (#À-quoi-ça-sert)")
def _(r):
    return Expect([C_USB], [append(r, C_USB, "Voir [à quoi sert le portail]({service}portail-agents#À-quoi-ça-sert).")])


@mistake("K05", "lien avec majuscules ({service}Visio-Reunions)")
def _(r):
    return Expect([ST_STAFF], [append(r, ST_STAFF, "Voir [la fiche]({service}Visio-Reunions).")])


@mistake("K06", "{filename} vers un fichier inexistant")
def _(r):
    return Expect([N_CHANGE], [append(r, N_CHANGE, "Voir [la fiche]({filename}/services/dossier-patients.md).")])


@mistake("K07", "URL mal formée (http//…)")
def _(r):
    return Expect([S_PORTAIL], [append(r, S_PORTAIL, "Ouvrez [le portail](http//portail.ghvl.intra).")])


@mistake("K08", "mailto: mal formé")
def _(r):
    return Expect([S_VISIO], [append(r, S_VISIO, "Ou [écrivez-nous](mailto:visio.ghvl.fr).")], severity="warning")


@mistake("K09", "indicateur au pluriel ({services}…)")
def _(r):
    return Expect([ST_DEM], [append(r, ST_DEM, "Voir [le portail]({services}portail-agents).")])


@mistake("K10", "indicateur en français ({fiche}…)")
def _(r):
    return Expect([C_LOG], [append(r, C_LOG, "Voir [le portail]({fiche}portail-agents).")])


@mistake("K11", "lien vers un terme inexistant ({term}vpn)")
def _(r):
    return Expect([S_MSG], [append(r, S_MSG, "Depuis chez vous, passez par le [VPN]({term}vpn).")])


@mistake("K12", "espace dans un lien court ({service} dossier-patient)")
def _(r):
    return Expect(["glossary/dpi.md"], [replace_in(r, "glossary/dpi.md", "({service}dossier-patient)", "({service} dossier-patient)")])


# --- code in content
@mistake("S01", "<script> dans le texte")
def _(r):
    return Expect([S_VISIO], [append(r, S_VISIO, "<script>alert('visio')</script>")])


@mistake("S02", "<iframe> dans le texte")
def _(r):
    return Expect([ST_STAFF], [append(r, ST_STAFF, '<iframe src="https://example.com/video"></iframe>')])


@mistake("S03", "attribut onclick")
def _(r):
    return Expect([N_FETES], [append(r, N_FETES, '<span onclick="alert(1)">Cliquez ici</span>')])


@mistake("S04", "<style> dans le texte")
def _(r):
    return Expect([C_NUIT], [append(r, C_NUIT, "<style>body { display: none }</style>")])


@mistake("S05", "lien javascript:")
def _(r):
    return Expect([S_POSTE], [append(r, S_POSTE, "[Cliquez](javascript:alert(1))")], extra=no_js_href, extra_counts=False)


@mistake("S06", "lien javascript: encodé en entités (Markdown)")
def _(r):
    return Expect([ST_PHARMA], [append(r, ST_PHARMA, "[Cliquez](&#106;avascript:alert(1))")], extra=no_js_href, extra_counts=False)


@mistake("S07", "lien javascript: encodé en entités (HTML)")
def _(r):
    return Expect([N_FIN], [append(r, N_FIN, '<a href="&#x6A;avascript&#x3A;alert(1)">ici</a>')], extra=no_js_href, extra_counts=False)


@mistake("S08", "javascript: coupé par une tabulation encodée")
def _(r):
    return Expect([C_USB], [append(r, C_USB, '<a href="jav&#x09;ascript:alert(1)">ici</a>')], extra=no_js_href, extra_counts=False)


@mistake("S09", "image en data: URL")
def _(r):
    return Expect([S_TELE], [append(r, S_TELE, "![point](data:image/png;base64,iVBORw0KGgo=)")])


@mistake("S10", "<script> dans un Title")
def _(r):
    return Expect([S_PORTAIL], [set_key(r, S_PORTAIL, "Title", "Title: Portail des agents<script>alert(1)</script>")])


@mistake("S11", "<img onerror> dans un Summary")
def _(r):
    return Expect([ST_BLOC], [set_key(r, ST_BLOC, "Summary", "Summary: Le dossier sur tablette <img src=x onerror=alert(1)>")])


@mistake("S12", "<object> dans un éditorial")
def _(r):
    return Expect(["editions/lettre-2026-10.md"], [append(r, "editions/lettre-2026-10.md", '<object data="anim.swf"></object>')])


# --- images and static files
@mistake("I01", "image avec des espaces et des accents dans son nom")
def _(r):
    shutil.copy(r / "images/tablette-bloc.jpg", r / "images/Tablette au bloc opératoire.jpg")
    replace_in(r, ST_BLOC, "{static}/images/tablette-bloc.jpg", "{static}/images/Tablette au bloc opératoire.jpg")
    return Expect([ST_BLOC], severity="none", extra=_published_safely)


def _published_safely(tmp: Path, out: Path) -> str | None:
    """The image is published at its safe address and the page shows it from there."""
    page = out / "histoires" / "bloc-dossier-au-lit" / "index.html"
    if not any((out / "images").glob("tablette-au-bloc-operatoire*")):
        return "the image is not published at images/tablette-au-bloc-operatoire…"
    if "images/tablette-au-bloc-operatoire" not in page.read_text(encoding="utf-8"):
        return "the page does not show the image from its safe address"
    return None


@mistake("I02", "Image sans Image-alt")
def _(r):
    del_key(r, S_MSG, "Image-alt")
    return Expect([S_MSG], [line_of(r, S_MSG, "Image:")])


@mistake("I03", "Image-alt vide")
def _(r):
    b = set_key(r, S_MSG, "Image-alt", "Image-alt:")
    return Expect([S_MSG], [line_of(r, S_MSG, "Image:"), b])


@mistake("I04", "image introuvable (faute dans le nom)")
def _(r):
    return Expect([S_MSG], [set_key(r, S_MSG, "Image", "Image: images/messagerie.png")])


@mistake("I05", "image JPEG tronquée")
def _(r):
    p = r / "images/tablette-bloc.jpg"
    p.write_bytes(p.read_bytes()[:700])
    return Expect([ST_BLOC], [line_of(r, ST_BLOC, "Image:"), line_of(r, ST_BLOC, "{static}/images/tablette-bloc.jpg")])


@mistake("I06", "Image sans le dossier images/")
def _(r):
    return Expect([S_MSG], [set_key(r, S_MSG, "Image", "Image: messagerie-sante.png")])


@mistake("I07", "image citée avec une majuscule")
def _(r):
    return Expect([ST_BLOC], [replace_in(r, ST_BLOC, "{static}/images/tablette-bloc.jpg", "{static}/images/Tablette-bloc.jpg")])


def _svg_clean(tmp: Path, out: Path) -> str | None:
    svgs = list(out.rglob("schema*.svg"))
    if not svgs:
        return "schema.svg not published"
    bad = []
    for s in svgs:
        t = s.read_text(encoding="utf-8", errors="replace").lower()
        bad += [f"{s.name}:{w}" for w in ("<script", "onload", "evil.example") if w in t]
    return f"unsafe SVG published: {bad}" if bad else None


@mistake("I08", "SVG avec script, onload et référence externe (doit être nettoyé)")
def _(r):
    wr(r, "images/schema.svg", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'width="40" height="40" onload="alert(1)"><script>alert(2)</script>'
       '<image xlink:href="https://evil.example/x.png" width="10" height="10"/>'
       '<rect width="40" height="40" fill="#36c"/></svg>\n')
    append(r, ST_STAFF, "![Schéma des trois sites]({static}/images/schema.svg)")
    return Expect([ST_STAFF, "images/schema.svg"], severity="none", extra=_svg_clean)


@mistake("I09", "document .docx dans images/ (autorisé)")
def _(r):
    with zipfile.ZipFile(r / "images/guide-visio.docx", "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", "<w:document/>")
    append(r, S_VISIO, "Téléchargez [le guide]({static}/images/guide-visio.docx).")
    return Expect([S_VISIO, "images/guide-visio.docx"], severity="none")


@mistake("I10", "fichier .exe dans images/")
def _(r):
    (r / "images/installeur-visio.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    return Expect(["images/installeur-visio.exe"], ANY, extra=not_in_output("installeur-visio.exe"))


@mistake("I11", "page .html dans images/")
def _(r):
    wr(r, "images/piege.html", "<html><script>alert(1)</script></html>\n")
    return Expect(["images/piege.html"], ANY, extra=not_in_output("piege.html"))


@mistake("I12", "fichier Markdown rangé dans images/")
def _(r):
    wr(r, "images/notes.md", "Title: Notes\n\nMes notes.\n")
    return Expect(["images/notes.md"], ANY, extra=not_in_output("notes.md"))


@mistake("I13", "Image qui sort du dossier (../../../etc/passwd)")
def _(r):
    a = add_key(r, S_TELE, "Image: ../../../etc/passwd")
    add_key(r, S_TELE, "Image-alt: Un patient en visioconférence")
    return Expect([S_TELE], [a])


@mistake("I14", "faux PNG (du texte renommé en .png)")
def _(r):
    (r / "images/faux.png").write_text("ceci n'est pas une image\n", encoding="utf-8")
    a = add_key(r, S_POSTE, "Image: images/faux.png")
    add_key(r, S_POSTE, "Image-alt: Un poste de travail")
    return Expect([S_POSTE], [a])


@mistake("I15", "SVG propre, sans script (autorisé)")
def _(r):
    wr(r, "images/plan-sites.svg", '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
       'width="120" height="60" viewBox="0 0 120 60"><rect width="120" height="60" fill="#36c"/>'
       '<circle cx="30" cy="30" r="12" fill="#fff"/></svg>\n')
    append(r, ST_DEM, "![Plan des trois sites]({static}/images/plan-sites.svg)")
    return Expect([ST_DEM, "images/plan-sites.svg"], severity="none")


# --- addresses
@mistake("P01", "page nommée comme une page du hub (pages/recherche.md)")
def _(r):
    wr(r, "pages/recherche.md", PAGE.format(title="Recherche", extra=""))
    return Expect(["pages/recherche.md"], ANY, extra=marker_not_in("recherche/index.html"))


@mistake("P02", "Slug: glossaire sur une page")
def _(r):
    wr(r, "pages/nos-mots.md", PAGE.format(title="Nos mots", extra="Slug: glossaire"))
    return Expect(["pages/nos-mots.md"], [2], extra=marker_not_in("glossaire/index.html"))


@mistake("P03", "Save_as: index.html sur une page")
def _(r):
    wr(r, "pages/accueil.md", PAGE.format(title="Accueil", extra="Save_as: index.html"))
    return Expect(["pages/accueil.md"], [2], extra=marker_not_in("index.html"))


@mistake("P04", "Save_as: sitemap.xml sur une page")
def _(r):
    wr(r, "pages/plan.md", PAGE.format(title="Plan du site", extra="Save_as: sitemap.xml"))
    return Expect(["pages/plan.md"], [2], extra=marker_not_in("sitemap.xml"))


@mistake("P05", "Slug de 300 caractères")
def _(r):
    return Expect([ST_PHARMA], [add_key(r, ST_PHARMA, "Slug: " + ("pharmacie-" * 30))],
                  may_lose=["histoires/pharmacie-poste-renouvele/"])


@mistake("P06", "nom de fichier de 150 caractères")
def _(r):
    name = "stories/" + ("la-pharmacie-change-ses-postes-" * 5)[:150] + ".md"
    shutil.move(r / ST_PHARMA, r / name)
    return Expect([name], ANY, may_lose=["histoires/pharmacie-poste-renouvele/"])


def _no_escape(tmp: Path, out: Path) -> str | None:
    return "file written outside the output folder" if (tmp / "evil.html").exists() else None


@mistake("P07", "Save_as qui sort du dossier de sortie (../evil.html)")
def _(r):
    wr(r, "pages/piege.md", PAGE.format(title="Piège", extra="Save_as: ../evil.html"))
    return Expect(["pages/piege.md"], [2], extra=_no_escape)


@mistake("P08", "deux histoires avec le même Slug")
def _(r):
    return Expect([ST_URG], [add_key(r, ST_URG, "Slug: staff-trois-sites")],
                  may_lose=["histoires/urgences-compte-rendu-medecin-traitant/"])


@mistake("P09", "deux pages avec le même Slug")
def _(r):
    wr(r, "pages/nous-contacter.md", PAGE.format(title="Nous contacter", extra="Slug: contacts"))
    return Expect(["pages/nous-contacter.md"], [2], extra=marker_not_in("contacts/index.html"))


@mistake("P10", "fichier de fiche renommé avec des accents (télécopie.md, valide)")
def _(r):
    # Pelican slugifies the basename: télécopie -> telecopie, so every reference still works
    shutil.move(r / S_FAX, r / "services/télécopie.md")
    return Expect(["services/télécopie.md", N_FIN], severity="none", basis="expectation")


@mistake("P11", "Slug avec espaces et majuscules (Visio Conférence)")
def _(r):
    a = add_key(r, S_VISIO, "Slug: Visio Conférence")
    return Expect([S_VISIO, ST_STAFF, N_INC], [a, line_of(r, ST_STAFF, "Services:"), line_of(r, N_INC, "Services:")],
                  severity="warning", basis="expectation", may_lose=["services/visio-reunions/"])


@mistake("P12", "fichier nommé avec espaces et majuscules (services/Fiche VPN.md)")
def _(r):
    wr(r, "services/Fiche VPN.md", SERVICE_TEMPLATE)
    return Expect(["services/Fiche VPN.md"], ANY, severity="warning", basis="expectation")


# --- kept files, editions, tags, proofreading
@mistake("F01", "feed-ids.json avec des marqueurs de conflit git")
def _(r):
    p = r / "feed-ids.json"
    body = p.read_text(encoding="utf-8") if p.exists() else '{}\n'
    lines = body.rstrip("\n").split("\n")
    mid = max(1, len(lines) // 2)
    new = lines[:mid] + ["<<<<<<< HEAD", '  "x": "a",', "=======", '  "x": "b",', ">>>>>>> redaction"] + lines[mid:]
    p.write_text("\n".join(new) + "\n", encoding="utf-8")
    return Expect(["feed-ids.json"], [mid + 1, None])


@mistake("F02", "feed-ids.json vidé")
def _(r):
    (r / "feed-ids.json").write_text("", encoding="utf-8")
    return Expect(["feed-ids.json"], ANY)


@mistake("E01", "deux éditions le même jour")
def _(r):
    wr(r, "editions/lettre-2026-11-speciale.md",
       "Title: La lettre de la DSI — numéro spécial\nDate: 2026-11-30\n\nUn numéro spécial.\n")
    # in name order "lettre-2026-11-speciale.md" < "lettre-2026-11.md" ('-' < '.'), so either file is fair
    return Expect(["editions/lettre-2026-11-speciale.md", "editions/lettre-2026-11.md"], [2], severity="warning",
                  basis="expectation")


@mistake("E02", "édition sans Date")
def _(r):
    del_key(r, "editions/lettre-2026-10.md", "Date")
    return Expect(["editions/lettre-2026-10.md"], ANY, may_lose=["editions/lettre-2026-10/"])


@mistake("T01", "mot-clé composé uniquement d'un emoji")
def _(r):
    return Expect([ST_STAFF], [set_key(r, ST_STAFF, "Tags", "Tags: 🚑")], severity="warning", basis="expectation")


@mistake("T02", "même mot-clé avec une majuscule (Équipement / équipement)")
def _(r):
    set_key(r, ST_PHARMA, "Tags", "Tags: Équipement")
    return Expect([ST_PHARMA], severity="none")


@mistake("X01", "faute d'orthographe dans le texte (« nouvau »)")
def _(r):
    return Expect([ST_PHARMA], [append(r, ST_PHARMA, "Le technicien est arrivé avec un nouvau poste.")], severity="warning")


# --- what is left unfinished, and findings at the place to change (issue 24)
@mistake("W01", "adresse d'exemple du modèle laissée dans Owner")
def _(r):
    return Expect([S_POSTE], [set_key(r, S_POSTE, "Owner", "Owner: prenom.nom@exemple.fr")])


@mistake("W02", "commentaire d'aide du modèle laissé dans la page")
def _(r):
    return Expect([ST_PHARMA], [append(r, ST_PHARMA, "<!-- Clés à remplir ou à compléter :\n"
                                                     "Supprimez ce commentaire avant de publier. -->")])


@mistake("W03", "titre sans rien en dessous, en fin de page")
def _(r):
    return Expect([ST_STAFF], [append(r, ST_STAFF, "## Et demain ?")], severity="warning")


@mistake("W04", "lien écrit avec le seul nom de fiche, sans {service}")
def _(r):
    return Expect([ST_STAFF], [append(r, ST_STAFF, "Voir [la visio](visio-reunions) pour le détail.")])


@mistake("W05", "liste de services écrite avec « et »")
def _(r):
    return Expect([ST_STAFF], [set_key(r, ST_STAFF, "Services", "Services: visio-reunions et poste-de-travail")])


@mistake("W06", "Image sans son dossier images/")
def _(r):
    add_key(r, ST_STAFF, "Image-alt: Une tablette au bloc")
    return Expect([ST_STAFF], [add_key(r, ST_STAFF, "Image: tablette-bloc.jpg")])


@mistake("W07", "notes de l'équipe dans README.md à la racine du dossier")
def _(r):
    wr(r, "README.md", "# Notes\n\nCe dossier contient le site de la DSI.\n")
    return Expect(["README.md"], severity="none", extra=not_in_output("README*"))


@mistake("W08", "page enregistrée en .markdown")
def _(r):
    wr(r, "news/note-rapide.markdown", "Title: Note rapide\nDate: 2026-11-12\nKind: info\n"
                                       "Summary: Une note.\n\n" + MARK + "\n")
    return Expect(["news/note-rapide.markdown"], ANY)


@mistake("W09", "balise img laissée ouverte en fin de texte")
def _(r):
    return Expect([C_USB], [append(r, C_USB, '<img src="photo.png" onerror="alert(1)"')])


@mistake("W10", "titre du service écrit à la place de son nom de fiche dans un lien court")
def _(r):
    title = rd(r, S_VISIO)[0].removeprefix("Title: ")
    return Expect([ST_STAFF], [append(r, ST_STAFF, f"Voir [la visio]({{service}}{title}).")])


# ----------------------------------------------------------------- running
TRANSIENT = {"SyntaxError", "IndentationError", "ModuleNotFoundError", "ImportError"}
TB_RE = re.compile(r"\b([A-Za-z_][\w.]*(?:Error|Exception))\b")


def run(cmd: list[str], cwd: Path, timeout: int = 600) -> tuple[int, str]:
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", TERM="dumb")
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace",
                           timeout=timeout, env=env)
        return p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        return -9, f"TIMEOUT after {timeout}s\n{e.stdout or ''}{e.stderr or ''}"


def tb_signature(text: str) -> list[str]:
    if "Traceback" not in text:
        return []
    return sorted(set(TB_RE.findall(text[text.index("Traceback"):])))


def hub_revision(hub: Path) -> str:
    """commit + a hash of uncommitted changes, to tell whether the hub moved during a run."""
    try:
        head = subprocess.run(["git", "-C", str(hub), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        diff = subprocess.run(["git", "-C", str(hub), "diff", "HEAD", "--", "plugins", "theme", "tasks.py", "pelicanconf.py"],
                              capture_output=True, text=True).stdout
        import hashlib
        return f"{head[:12]}+{hashlib.sha1(diff.encode()).hexdigest()[:8]}" if diff else head[:12]
    except OSError:
        return "unknown"


def build_and_check(hub: Path, content: Path, out: Path, report: Path) -> dict:
    inv = str(hub / ".venv/bin/invoke")
    t0 = time.time()
    brc, bout = run([inv, "build", "--content", str(content), "--output", str(out), "--force"], hub)
    crc, cout = run([inv, "check", "--content", str(content), "--output", str(out),
                     "--format", "json", "--report", str(report)], hub)
    findings, summary = [], None
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        findings, summary = data.get("findings", []), data.get("summary")
    except Exception as e:  # noqa: BLE001 - record anything
        summary = {"report_unreadable": repr(e)}
    prefix = str(content) + "/"
    for f in findings:
        fl = str(f.get("file") or "")
        f["rel"] = fl[len(prefix):] if fl.startswith(prefix) else "!" + fl
    pages = sorted(str(p.relative_to(out)) for p in out.rglob("index.html")) if out.exists() else []
    return {"build_rc": brc, "check_rc": crc, "build_tb": "Traceback" in bout, "check_tb": "Traceback" in cout,
            "tb_sig": tb_signature(bout) + tb_signature(cout), "findings": findings, "summary": summary,
            "pages": pages, "seconds": round(time.time() - t0, 1),
            "build_tail": bout[-1500:] if ("Traceback" in bout or brc not in (0,)) else "",
            "check_tail": cout[-1500:] if ("Traceback" in cout or crc not in (0, 1)) else ""}


def fkey(f: dict) -> tuple:
    # "cassé sur 95 page(s)" and "sur 96 page(s)" are the same finding
    msg = re.sub(r"\b\d+ page\(s\)", "N page(s)", str(f.get("message")))
    return (f.get("code"), f.get("rel"), msg)


def own_prefixes(files: list[str]) -> list[str]:
    out = []
    for rel in files:
        parts = rel.split("/")
        if len(parts) == 2 and parts[0] in ADDR and parts[1].endswith(".md"):
            out.append(ADDR[parts[0]] + parts[1][:-3] + "/")
    return out


def verdict(exp: Expect, res: dict, base: dict, extra_problem: str | None) -> tuple[str, str, str]:
    """returns (strict verdict, verdict relative to the clean baseline, detail)"""
    base_keys = {fkey(f) for f in base["findings"]}
    new = [f for f in res["findings"] if fkey(f) not in base_keys]
    on = [f for f in new if f["rel"] in exp.files]
    allowed = own_prefixes(exp.files) + exp.may_lose + ["mots-cles/"]
    lost = [p for p in set(base["pages"]) - set(res["pages"]) if not any(p.startswith(a) for a in allowed)]
    res["lost_pages"] = sorted(lost)[:20]
    res["lost_count"] = len(lost)

    def core() -> tuple[str, str]:
        if res["check_rc"] not in (0, 1):
            return "check-crash", f"check exit {res['check_rc']}"
        if lost:
            return "lost-pages", f"{len(lost)} pages lost, e.g. {sorted(lost)[:3]}"
        if exp.severity == "none":
            errs = [f for f in new if f["severity"] == "error"]
            if errs:
                f = errs[0]
                return "false-alarm", f"{f['code']} {f['rel']}:{f['line']} {f['message']}"
            if extra_problem:
                return "unsafe-output", extra_problem
            return "OK", ""
        if not on:
            if new:
                f = new[0]
                return "wrong-file", f"{len(new)} new finding(s), e.g. {f['severity']} {f['code']} {f['rel']}:{f['line']}"
            return "silent-acceptance", "no new finding"
        if exp.severity == "error" and not any(f["severity"] == "error" for f in on):
            return "wrong-severity", "only warnings: " + "; ".join(f"{f['code']}:{f['line']}" for f in on[:3])
        if exp.lines != ANY and not any(f.get("line") in exp.lines for f in on):
            return "wrong-line", f"expected line {exp.lines}, got " + ", ".join(f"{f['code']}:{f.get('line')}" for f in on[:4])
        if extra_problem and exp.extra_counts:
            return "unsafe-output", extra_problem
        return "OK", ""

    v, detail = core()
    if extra_problem and v != "unsafe-output":
        detail = (detail + "; also: " + extra_problem).strip("; ")
    tb = res["build_tb"] or res["check_tb"]
    strict = "traceback" if tb else v
    new_tb = tb and (not (base["build_tb"] or base["check_tb"]) or not set(res["tb_sig"]) <= set(base["tb_sig"]))
    rel = "traceback" if new_tb else v
    if tb:
        detail = (f"traceback {res['tb_sig']}; " + detail).strip("; ")
    return strict, rel, detail


def run_one(hub: Path, clean: Path, mid: str, title: str, fn, base: dict | None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"mistake-{mid}-"))
    try:
        content = tmp / "content"
        shutil.copytree(clean, content)
        exp = fn(content) if fn else None
        res = build_and_check(hub, content, tmp / "out", tmp / "report.json")
        retried = False
        for _ in range(3):
            # a SyntaxError in the hub's own code means the checkout was being rewritten
            # under us; wait and run the same mistake again
            if not set(res["tb_sig"]) & TRANSIENT:
                break
            time.sleep(20)
            shutil.rmtree(tmp / "out", ignore_errors=True)
            res = build_and_check(hub, content, tmp / "out", tmp / "report.json")
            retried = True
        if base is None:
            return res
        extra_problem = exp.extra(tmp, tmp / "out") if exp.extra else None
        strict, rel, detail = verdict(exp, res, base, extra_problem)
        base_keys = {fkey(f) for f in base["findings"]}
        on_files = [{k: f.get(k) for k in ("severity", "code", "file", "line", "column", "message", "hint")}
                    for f in res["findings"] if f["rel"] in exp.files]
        elsewhere = [{k: f.get(k) for k in ("severity", "code", "file", "line", "message")}
                     for f in res["findings"] if f["rel"] not in exp.files and fkey(f) not in base_keys]
        return {"id": mid, "title": title,
                "expected": {"files": exp.files, "lines": exp.lines, "severity": exp.severity, "basis": exp.basis},
                "build_rc": res["build_rc"], "check_rc": res["check_rc"],
                "traceback": {"build": res["build_tb"], "check": res["check_tb"], "types": res["tb_sig"]},
                "pages": len(res["pages"]), "pages_clean": len(base["pages"]),
                "lost_pages": res["lost_pages"], "findings_on_file": on_files,
                "new_findings_elsewhere": elsewhere[:15], "new_findings_elsewhere_count": len(elsewhere),
                "extra_problem": extra_problem, "verdict": strict, "verdict_vs_baseline": rel,
                "detail": detail, "seconds": res["seconds"], "retried_after_hub_syntax_error": retried,
                "build_tail": res["build_tail"][-600:], "check_tail": res["check_tail"][-600:]}
    except Exception as e:  # noqa: BLE001 - a harness error must not hide other results
        return {"id": mid, "title": title, "verdict": "harness-error", "verdict_vs_baseline": "harness-error",
                "detail": repr(e)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def print_summary(doc: dict, out: Path) -> None:
    results = doc["results"]
    rs, re_ = doc.get("hub_revision_start"), doc.get("hub_revision_end")
    print(f"hub {doc.get('hub')} at {rs}" + ("" if rs == re_ else f" -> {re_}  WARNING: THE HUB CHANGED DURING THE RUN"))
    cb = doc["clean_baseline"]
    print(f"clean folder {doc.get('clean')}: build exit {cb['build_rc']}, check exit {cb['check_rc']}, "
          f"traceback {bool(cb['build_tb'] or cb['check_tb'])} {cb['tb_sig']}, {cb['pages']} index.html, "
          f"{len(cb['findings'])} findings")
    print(f"\n{len(results)} mistakes in {doc['seconds']} s -> {out}")
    print("verdicts (strict):       " + ", ".join(f"{k} {v}" for k, v in doc["counts"].items()))
    print("verdicts (vs baseline):  " + ", ".join(f"{k} {v}" for k, v in doc["counts_vs_baseline"].items()))
    base_tb = bool(doc["clean_baseline"]["build_tb"] or doc["clean_baseline"]["check_tb"])
    if base_tb:
        print("NOTE: the CLEAN build itself has a traceback, so every strict verdict is 'traceback';"
              " 'vs baseline' ignores that same traceback and judges the rest.")
    print("\nfailures (verdict vs baseline; strict verdict in brackets when different and not just the clean traceback):")
    for r in results:
        v, s = r["verdict_vs_baseline"], r["verdict"]
        if v != "OK" or (s != "OK" and not base_tb):
            e = r.get("expected", {})
            exp = f"{e.get('severity')}@{','.join(e.get('files', []))}:{e.get('lines')}"
            tag = "" if v == s or base_tb else f" [{s}]"
            basis = " (contract silent)" if e.get("basis") == "expectation" else ""
            detail = re.sub(r"^traceback \[[^]]*\]; ", "", r.get("detail", "")) if base_tb and v != "traceback" else r.get("detail", "")
            print(f"  {r['id']:4} {v:18}{tag} {r['title']}{basis}\n       expected {exp} | {detail[:260]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hub", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="")
    ap.add_argument("--summary-only", action="store_true", help="reprint the summary of an existing --out file")
    a = ap.parse_args()
    if a.summary_only:
        print_summary(json.loads(a.out.read_text(encoding="utf-8")), a.out)
        return 0
    hub, clean = a.hub.resolve(), a.clean.resolve()
    jobs = max(1, min(2, a.jobs))
    todo = [m for m in M if not a.only or m[0] in a.only.split(",")]

    t0 = time.time()
    rev_start = hub_revision(hub)
    base = run_one(hub, clean, "CLEAN", "clean", None, None)
    print(f"clean build: build exit {base['build_rc']}, check exit {base['check_rc']}, "
          f"traceback {base['build_tb'] or base['check_tb']} {base['tb_sig']}, "
          f"{len(base['pages'])} index.html, {len(base['findings'])} findings")
    for f in base["findings"]:
        print(f"  clean finding: {f['severity']} {f['code']} {f['rel']}:{f.get('line')} {f['message']}")

    results = []
    with cf.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = [ex.submit(run_one, hub, clean, mid, title, fn, base) for mid, title, fn in todo]
        for fu in cf.as_completed(futs):
            r = fu.result()
            results.append(r)
            print(f"  {r['id']:4} {r['verdict']:18} {r.get('verdict_vs_baseline', ''):18} {r['title']}", file=sys.stderr)
    results.sort(key=lambda r: r["id"])

    def counts(key: str) -> dict:
        c: dict[str, int] = {}
        for r in results:
            c[r[key]] = c.get(r[key], 0) + 1
        return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

    rev_end = hub_revision(hub)
    doc = {"hub": str(hub), "hub_revision_start": rev_start, "hub_revision_end": rev_end, "clean": str(clean), "when": time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime()),
           "seconds": round(time.time() - t0, 1), "mistakes": len(results),
           "clean_baseline": {k: base[k] for k in ("build_rc", "check_rc", "build_tb", "check_tb", "tb_sig", "summary")}
           | {"pages": len(base["pages"]),
              "findings": [{k: f.get(k) for k in ("severity", "code", "file", "line", "message")} for f in base["findings"]]},
           "counts": counts("verdict"), "counts_vs_baseline": counts("verdict_vs_baseline"), "results": results}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")

    print_summary(doc, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
