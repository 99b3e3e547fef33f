"""The web editor's configuration against the content model, and its format in Node.

The configuration is generated, so these tests walk the model and read the generated
configuration back: a type, key, choice or life cycle that the editor does not offer (or
offers differently) fails here, and so does a kind of value that has no widget.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hub import model
from hub.department import Department
from hub.editor import config
from hub.editor.export import POLICY_FILE, export
from hub.editor.server import ADMIN, EditorHandler, bundle_files, policy, stylesheet
from hub.model import Choice, Field, Kind

ROOT = Path(__file__).resolve().parent.parent
AUDIENCES = {"all": "Tout le monde", "siege": "Équipes du siège", "usines": "Usines"}
LOCAL = config.Backend(api_url="http://127.0.0.1:8081/api/v1")


def generated(audiences: dict[str, str] = AUDIENCES) -> dict[str, Any]:
    # Through the file Decap reads: JSON is YAML, and the comment line is YAML's.
    text = config.config_yml(config.config(audiences, LOCAL, "http://127.0.0.1:8000/"))
    assert text.startswith("# ")
    return json.loads(text.split("\n", 1)[1])


def collections() -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in generated()["collections"]}


def fields_of(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in collection["fields"]}


def test_every_type_is_a_collection_of_its_folder_in_its_format() -> None:
    found = collections()
    assert list(found) == [t.id for t in model.CONTENT_TYPES]
    for ctype in model.CONTENT_TYPES:
        collection = found[ctype.id]
        assert collection["folder"] == ctype.folder
        assert collection["label"] == ctype.plural
        assert collection["label_singular"] == ctype.label
        assert collection["format"] == f"hub-{ctype.id}"
        assert collection["extension"] == "md"
        assert collection["slug"] == "{{slug}}"


@pytest.mark.parametrize("ctype", model.CONTENT_TYPES, ids=lambda t: t.id)
def test_every_key_is_a_field_with_the_model_label_and_help(ctype: model.ContentType) -> None:
    fields = fields_of(collections()[ctype.id])
    assert list(fields) == [f.name for f in ctype.fields] + ["body"]
    for spec in ctype.fields:
        shown = fields[spec.name]
        # the model's words naming the IT department are filled (the default: « la DSI »)
        assert shown["label"] == Department().fill(spec.label)
        # a choice is shown by its French labels: its help line, which lists the machine
        # values for files, is left out, and so are those values in a condition
        assert shown["hint"].startswith("" if spec.choices else Department().fill(spec.help))
        assert shown["required"] is spec.required
        if spec.required_when:
            assert shown["hint"].lower().endswith(
                "obligatoire " + config.condition_text(spec, ctype).lower())
        choice_ids = {c.id for f in ctype.fields for c in f.choices} - {
            c.label for f in ctype.fields for c in f.choices}
        assert not any(f"« {i} »" in shown["hint"] for i in choice_ids), shown["hint"]
    body = fields["body"]
    assert body["widget"] == "markdown" and body["modes"] == ["raw"]
    assert body["default"] == ctype.body_outline


@pytest.mark.parametrize("ctype", model.CONTENT_TYPES, ids=lambda t: t.id)
def test_every_choice_and_relation_follows_the_model(ctype: model.ContentType) -> None:
    fields = fields_of(collections()[ctype.id])
    for spec in ctype.fields:
        shown = fields[spec.name]
        if spec.choices:
            assert shown["widget"] == "select"
            assert shown["options"] == [{"label": c.label, "value": c.id} for c in spec.choices]
        if spec.kind is Kind.AUDIENCES:
            assert shown["multiple"] is True
            assert shown["options"] == [{"label": v, "value": k} for k, v in AUDIENCES.items()]
        if spec.kind in (Kind.SLUG, Kind.SLUGS):
            assert shown["widget"] == "relation"
            assert shown["collection"] == spec.target
            assert shown["value_field"] == "{{slug}}"
            assert shown["multiple"] is (spec.kind is Kind.SLUGS)
            allowed = [f["values"] for f in shown.get("filters", []) if f["field"] == "lifecycle"]
            assert allowed == ([list(spec.target_lifecycles)] if spec.target_lifecycles else [])
        if spec.kind is Kind.DATE:
            assert (shown["widget"], shown["time"]) == ("hub-date", False)
        if spec.kind in (Kind.DATETIME, Kind.MOMENT):
            assert (shown["widget"], shown["time"]) == ("hub-date", True)


def test_the_relation_of_stories_offers_live_and_retiring_services_only() -> None:
    services = fields_of(collections()["story"])["services"]
    assert services["filters"] == [{"field": "lifecycle",
                                     "values": ["pilot", "available", "retiring"]}]
    alternatives = fields_of(collections()["constraint"])["alternatives"]
    assert alternatives["filters"] == [{"field": "lifecycle", "values": ["pilot", "available"]}]


def test_file_names_are_ascii_and_the_editor_speaks_french() -> None:
    settings = generated()
    assert settings["slug"]["encoding"] == "ascii"
    assert settings["slug"]["clean_accents"] is True
    assert settings["locale"] == "fr"
    assert settings["media_folder"] == settings["public_folder"] == model.IMAGES_FOLDER
    assert settings["backend"] == {"name": "proxy", "branch": "main",
                                   "proxy_url": "http://127.0.0.1:8081/api/v1"}


def test_a_change_of_the_model_reaches_the_configuration(
        monkeypatch: pytest.MonkeyPatch) -> None:
    lifecycle = model.SERVICE.field("lifecycle")
    assert lifecycle is not None
    more = replace(lifecycle, choices=(*lifecycle.choices, Choice("frozen", "Gelé")))
    extra = Field("Budget-line", Kind.TEXT, "Ligne budgétaire", "la ligne du budget")
    service = replace(model.SERVICE, fields=tuple(
        more if f is lifecycle else f for f in model.SERVICE.fields) + (extra,))
    monkeypatch.setattr(model, "CONTENT_TYPES", (service, *model.CONTENT_TYPES[1:]))
    fields = fields_of(collections()["service"])
    assert fields["lifecycle"]["options"][-1] == {"label": "Gelé", "value": "frozen"}
    assert fields["budget-line"]["label"] == "Ligne budgétaire"
    assert config.formats()["hub-service"]["keys"]["budget-line"] == "Budget-line"


@pytest.mark.parametrize("kind", list(Kind), ids=lambda k: k.value)
def test_every_kind_of_value_has_a_widget(kind: Kind) -> None:
    spec = Field("X", kind, "X", "x", target="service" if "slug" in kind.value else None)
    assert config.widget(spec, AUDIENCES)["widget"]


def test_the_format_tables_spell_keys_as_the_model_and_carry_the_conditions() -> None:
    tables = config.formats()
    for ctype in model.CONTENT_TYPES:
        table = tables[f"hub-{ctype.id}"]
        assert table["keys"] == {f.name: f.key for f in ctype.fields}
        assert set(table["lists"]) == {
            f.name for f in ctype.fields if f.kind in (Kind.SLUGS, Kind.AUDIENCES, Kind.LIST)}
        assert [c["name"] for c in table["conditions"]] == [
            f.name for f in ctype.fields if f.required_when]


def test_the_site_names_its_department_and_shows_its_logo_on_the_login_page() -> None:
    """site.toml's department fills the model's words; its logo is Decap's `logo_url`."""
    site = "http://127.0.0.1:8000/"
    made = config.config(AUDIENCES, LOCAL, site, Department("la Direction du numérique"),
                         site + "images/logo.svg")
    assert made["logo_url"] == "http://127.0.0.1:8000/images/logo.svg"
    term = {c["name"]: c for c in made["collections"]}[model.TERM.id]
    it_view = fields_of(term)["it-view"]
    assert it_view["label"] == "Côté Direction du numérique"
    assert it_view["hint"].startswith("ce que le mot veut dire pour la Direction du numérique")
    text = json.dumps(made, ensure_ascii=False)
    assert not any("{" + key + "}" in text for key in Department().forms())
    assert "logo_url" not in config.config(AUDIENCES, LOCAL, site)


def test_a_gitlab_backend_needs_no_secret() -> None:
    gitlab = config.Backend(gitlab_url="https://gitlab.exemple.intra/", repo="dsi/hub",
                            app_id="0123abcd", content_prefix="content/")
    settings = config.config(AUDIENCES, gitlab)
    assert settings["backend"] == {
        "name": "gitlab", "repo": "dsi/hub", "branch": "main", "auth_type": "pkce",
        "app_id": "0123abcd", "base_url": "https://gitlab.exemple.intra",
        "api_root": "https://gitlab.exemple.intra/api/v4", "auth_endpoint": "oauth/authorize"}
    assert settings["collections"][0]["folder"] == "content/services"
    assert settings["media_folder"] == "content/images"
    assert settings["public_folder"] == "images"


def test_the_editor_page_has_its_own_policy_and_files() -> None:
    csp = policy("http://127.0.0.1:8081")
    assert "script-src 'self' 'unsafe-eval'" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "connect-src 'self' http://127.0.0.1:8081" in csp
    assert ADMIN == "/admin/"
    assert stylesheet() == "/theme/css/hub.css"
    handler = object.__new__(EditorHandler)
    handler.api_port = 8081
    handler.token = "jeton-de-l-editeur"
    page, _ = handler.admin_file("index.html") or (b"", "")
    assert b'data-token="jeton-de-l-editeur"' in page  # the page, never a script
    for name in ("index.html", "hub-format.js", "hub-editor.js", "hub-model.js"):
        assert handler.admin_file(name) is not None, name
    for name in ("../server.py", "decap-cms.js.map", "static/index.html", "nothing.js"):
        assert handler.admin_file(name) is None, name


@pytest.mark.parametrize(("folder", "at_least"), [("content", 40), ("tests/unseen/content", 30)],
                         ids=["sample", "unseen"])
def test_the_format_reads_and_writes_every_file_byte_identical_in_node(
        tmp_path: Path, folder: str, at_least: int) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed by the editor (./hub edit installs it)"
    tables = tmp_path / "formats.json"
    tables.write_text(json.dumps(config.formats()), encoding="utf-8")
    done = subprocess.run(
        [node, "--test", str(ROOT / "tests" / "editor" / "format.test.js")],
        env={**os.environ, "HUB_EDITOR_FORMATS": str(tables),
             "HUB_EDITOR_CONTENT": str(ROOT / folder), "HUB_EDITOR_MIN_FILES": str(at_least)},
        capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout and "# pass 6" in done.stdout


def test_the_export_for_gitlab_holds_the_page_its_bundle_and_no_secret(tmp_path: Path) -> None:
    assert bundle_files(), "npm ci installs decap-cms"
    gitlab = config.Backend(gitlab_url="https://gitlab.exemple.intra", repo="dsi/hub",
                            app_id="0123abcd", content_prefix="content/")
    css = ROOT / "theme" / "static" / "css" / "hub.css"
    admin = export(tmp_path / "editeur", gitlab, AUDIENCES, css)
    names = {p.name for p in admin.iterdir()}
    assert {"index.html", "config.yml", "hub-model.js", "hub-format.js", "hub-editor.js",
            "hub.css", "decap-cms.js", POLICY_FILE} <= names
    assert not [n for n in names if n.endswith(".map")]
    assert (admin / "hub.css").read_bytes() == css.read_bytes()
    settings = json.loads((admin / "config.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    assert settings["backend"]["name"] == "gitlab"
    assert "secret" not in json.dumps(settings).lower()
    assert "connect-src 'self' https://gitlab.exemple.intra;" in (
        admin / POLICY_FILE).read_text(encoding="utf-8")


def test_the_export_refuses_the_published_site_folder() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(ROOT), "edit-export", "output/editeur",
         "--gitlab-url", "https://gitlab.exemple.intra", "--repo", "dsi/hub", "--app-id", "x"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "L'éditeur ne doit jamais être publié avec le site" in done.stderr
    assert not (ROOT / "output" / "editeur").exists()


def test_a_taken_port_is_said_in_one_french_sentence() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "invoke", "-r", str(ROOT), "edit", "--port", str(port)],
            cwd=ROOT, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"Le port {port} est déjà pris : choisissez-en un autre "
                                   "avec --port.")
