"""Bad metadata: French messages with file and line, word for word, and the rest builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXTURES, ROOT, build_site

EXPECTED_REPORT = """\
tests/fixtures/bad-metadata/services/cycle-inconnu.md
  ligne 3 : erreur : La valeur « Available » n'est pas permise pour « Lifecycle ».
    → Valeurs permises : pilot, available, retiring, retired. Vouliez-vous dire « available » ?
  ligne 4 : erreur : « paul.durand@exemple » n'est pas une adresse e-mail valable pour « Owner ».
    → Écrivez une adresse complète, par exemple prenom.nom@exemple.fr.
tests/fixtures/bad-metadata/services/sans-prix.md
  fichier : erreur : La clé obligatoire « Price » (Prix) est absente.
    → Ajoutez dans l'en-tête une ligne « Price: … » : ce que cela coûte à l'équipe, en mots (« Inclus », « 8 € HT par mois »).
  ligne 5 : erreur : La clé « Acces » n'existe pas : la clé obligatoire « Access » (Comment l'obtenir) doit s'écrire ainsi.
    → Vouliez-vous dire « Access » ? Écrivez « Access: … » (les clés s'écrivent en anglais).
  ligne 3 : avertissement : Aucune histoire d'usage ne présente ce service disponible.
    → Racontez comment une équipe l'utilise : ./hub new-story.
tests/fixtures/bad-metadata/stories/date-impossible.md
  ligne 2 : erreur : La date « 2026-02-30 » de « Date » n'existe pas ou est mal écrite.
    → Écrivez la date sous la forme AAAA-MM-JJ ou AAAA-MM-JJ HH:MM, par exemple 2026-11-23 09:30.
tests/fixtures/bad-metadata/stories/service-inconnu.md
  ligne 4 : erreur : « Services » cite « imprimante », mais aucune fiche service ne porte ce nom.
    → Indiquez le nom d'une fiche service existante.
6 erreur(s), 1 avertissement(s).
"""


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    output = tmp_path_factory.mktemp("bad-metadata")
    result = build_site(FIXTURES / "bad-metadata", output)
    return result, output


def test_bad_metadata_gives_french_messages_with_file_and_line(bad_build):
    result, _ = bad_build
    assert EXPECTED_REPORT in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_the_rest_of_the_site_still_builds(bad_build):
    result, output = bad_build
    assert result.returncode == 0
    for page in ("services/messagerie", "services/sans-prix", "services/cycle-inconnu",
                 "histoires/agenda", "histoires/service-inconnu"):
        assert (output / page / "index.html").is_file(), page
    # The story whose date does not exist cannot be placed in time: not built.
    assert not (output / "histoires/date-impossible").exists()


def test_invalid_value_is_not_shown_on_the_page(bad_build):
    _, output = bad_build
    html = (output / "services/cycle-inconnu/index.html").read_text(encoding="utf-8")
    assert "Wi-Fi invités" in html
    assert "Available" not in html


def test_unknown_hub_setting_is_named_in_french(tmp_path: Path):
    result = build_site(FIXTURES / "mini-site", tmp_path, HUB_FEED_ITEM=3)
    assert result.returncode == 2
    assert "Réglage inconnu : HUB_FEED_ITEM. Vouliez-vous dire HUB_FEED_ITEMS ?" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_page_that_cannot_be_rendered_never_stops_the_others(tmp_path: Path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "service.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    block = next(i for i, line in enumerate(lines) if "block content" in line)
    lines.insert(block + 1, "{{ page.price.no_such_method() }}")
    template.write_text("\n".join(lines), encoding="utf-8")
    output = tmp_path / "site"
    result = build_site(FIXTURES / "mini-site", output, THEME=str(theme), HUB_SEARCH=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert ("tests/fixtures/mini-site/services/messagerie.md\n"
            "  fichier : erreur : La page « services/messagerie/index.html » n'a pas pu être "
            "construite") in result.stderr
    assert f"(gabarit service.html, ligne {block + 2})" in result.stderr
    assert not (output / "services/messagerie/index.html").exists()
    assert (output / "histoires/projet-client/index.html").is_file()
