"""The proofreader knows the DSI's words: a clean folder written by another company, with
no `lexique.txt`, gets no false alarm (IT words and product names, family names, nouns in
apposition, file names and paths, markup), while the mistakes a writer makes (agreement,
spelling, a missing accent, a doubled word, an anglicism) are all still found."""

from __future__ import annotations

from pathlib import Path

import pytest
from hub.checks import proofread
from test_proofread import check, found

pytestmark = pytest.mark.skipif(not proofread.available(),
                                reason="Grammalecte (python3-grammalecte) is not installed")

HEADER = "Title: {title}\nDate: 2026-11-20\nKind: info\nSummary: {summary}\n\n"

CLEAN = {
    "visio.md": (
        "La DSI et les RH ouvrent le webmail",
        "Ouvrez Outlook, Excel, Word ou Teams et lancez une visio depuis le webmail.",
        "Hugo Lemaire, de l'équipe RH, a rencontré la responsable marketing de l'agence.\n\n"
        "Ne stockez pas des données clients sur un service grand public : le responsable "
        "sécurité et Mme Roussel le rappellent.\n\n"
        "Un fichier nommé mots-de-passe.xlsx traînait dans \\\\srv-fic\\compta et sur "
        "hub.exemple.intra ; supprimez mot_de_passe.txt aussi.\n\n"
        "Le wifi, le VPN, SharePoint et OneDrive restent ouverts en télétravail.\n\n"
        "À Montval, les anciens lecteurs réseau renvoient au service clients ; installez "
        "l'application Authenticator.\n"),
    "balise.md": (
        "Une page avec une balise",
        "Le texte se termine par une balise laissée ouverte.",
        "Voici la photo du nouveau bureau.\n\n<img src=\"x.png\" onerror=\"alert(1)\"\n"),
}

PLANTED = (
    "Les utilisateur peuvent se connecter",
    "La maison blanc accueille la réunion.",
    "Vous pouvez appeler le suport technique.\n\n"
    "La reunion commence à neuf heures.\n\n"
    "Il faut fermer le le navigateur.\n\n"
    "Merci de forwarder ce message à votre équipe.\n")


def write(folder: Path, name: str, title: str, summary: str, body: str) -> None:
    path = folder / "news" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(title=title, summary=summary) + body, encoding="utf-8")


def test_every_word_of_the_hub_lexicon_is_one_the_dictionary_lacks() -> None:
    """A word the dictionary knows would only hide mistakes around it."""
    words = [w for w in proofread.words_of(proofread.HUB_LEXICON) if w]
    assert len(words) > 100
    assert len(set(words)) == len(words)
    assert [w for w in words if not proofread.read(w)] == []


def test_a_clean_folder_without_its_lexicon_gets_no_false_alarm(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name, (title, summary, body) in CLEAN.items():
        write(content, name, title, summary, body)
    assert not (content / "lexique.txt").exists()
    report, _ = check(content, tmp_path / "cache.json")
    assert found(report) == []


def test_planted_mistakes_are_all_found_with_the_hub_lexicon(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "fautes.md", *PLANTED)
    report, _ = check(content, tmp_path / "cache.json")
    assert [(line, column, code, message) for line, column, code, message, _ in found(report)] == [
        (1, 12, "grammar", "Grammaire, sur « utilisateur » : Accord de nombre erroné : "
         "« utilisateur » devrait être au pluriel."),
        (4, 20, "grammar", "Grammaire, sur « blanc » : Accord de genre erroné : le syntagme "
         "« La maison » est féminin, « blanc » est masculin."),
        (6, 24, "spelling", "Orthographe : le mot « suport » est inconnu."),
        (8, 4, "spelling", "Orthographe : le mot « reunion » est inconnu."),
        (10, 16, "grammar", "Grammaire, sur « le le » : Doublon."),
        (12, 10, "spelling", "Orthographe : le mot « forwarder » est inconnu."),
    ]
    hints = {f[3].split("« ")[1].split(" »")[0]: f[4] for f in found(report)}
    assert hints["reunion"] == "Vouliez-vous écrire « réunion »"


def test_one_mistake_reported_by_a_rule_on_two_words_is_one_warning(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "accord.md", "Une annonce", "Ils a fini le travail avant lundi.", "")
    report, _ = check(content, tmp_path / "cache.json")
    assert [f[:3] for f in found(report)] == [(4, 14, "grammar")]


def test_a_capital_at_the_start_of_a_sentence_is_no_name() -> None:
    """Inside a sentence an unknown word with a capital is a name; at its start, the
    capital says nothing and the word is still read."""
    assert [e.code for e in proofread.read("Hugo Lemaire arrive de Bellerive.")] == []
    assert [e.code for e in proofread.read("Mme Roussel et M. Vasseur arrivent.")] == []
    assert [(e.code, e.message) for e in proofread.read(
        "Ortographe et grammaire. Ortographe encore !")] == [
        ("spelling", "Ortographe"), ("spelling", "Ortographe")]
