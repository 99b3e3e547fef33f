"""Writer and developer tasks (invoke). `invoke --list` shows them all."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from invoke import Context, Exit, UnexpectedExit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

# The settings file of every task; another one (a project's own, which may declare its
# own content types: plugins/hub/model.py) through the HUB_SETTINGS environment variable.
SETTINGS = Path(os.environ.get("HUB_SETTINGS") or ROOT / "pelicanconf.py").resolve()
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
CACHE = ROOT / "cache"
PYTHON = sys.executable
HELP_FLAGS = ("--help", "-h")


def _say(key: str, **values: Any) -> str:
    """A French sentence of the hub's catalogue (plugins/hub/messages.py)."""
    from hub.messages import say

    return say(key, **values)


class BuildFailed(Exception):
    """Pelican stopped on an unexpected error; `detail` is everything it printed."""

    def __init__(self, detail: str, code: int) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


def _log(task_name: str, detail: str) -> Path:
    from hub.tools import errorlog

    return errorlog.write(f"invoke {task_name}", detail)


def _shown(path: Path) -> str:
    from hub.tools import errorlog

    return errorlog.shown(path)


def _unexpected(task_name: str, detail: str) -> Path:
    log = _log(task_name, detail)
    print(_say("task-crashed", task=task_name, log=_shown(log)), file=sys.stderr)
    return log


def _friendly(body: Callable[..., Any]) -> Callable[..., Any]:
    """A task that ends on one French sentence for anything unexpected (the detail goes
    to the error log), and that shows its help when `--help` was taken as a value."""
    name = body.__name__.replace("_", "-")

    @functools.wraps(body)
    def run(c: Context, *args: Any, **kwargs: Any) -> Any:
        if any(isinstance(v, str) and v in HELP_FLAGS for v in (*args, *kwargs.values())):
            import subprocess

            subprocess.run([PYTHON, "-m", "invoke", "-r", str(ROOT), "--help", name],
                           check=False)
            return None
        try:
            return body(c, *args, **kwargs)
        except (Exit, KeyboardInterrupt, SystemExit):
            raise
        except BuildFailed as exc:
            _unexpected(name, exc.detail)
            raise Exit(code=exc.code or 1) from None
        except UnexpectedExit as exc:
            _unexpected(name, f"{exc.result.command}\n{exc.result.stdout}\n{exc.result.stderr}")
            raise Exit(code=exc.result.exited or 1) from None
        except OSError as exc:
            from hub import faults

            if not faults.refused(exc):
                _unexpected(name, traceback.format_exc())
                raise Exit(code=2) from None
            faults.stop(exc, f"invoke {name}")
        except Exception:
            _unexpected(name, traceback.format_exc())
            raise Exit(code=2) from None

    return run


def _pelican(c: Context, content: str | None, output: str | None,
             says: Any = None) -> None:
    """Run Pelican with the project's settings on any content folder (what it says on
    its standard output goes to `says`, the standard output by default)."""
    from hub.settings import pelican_overrides

    args = [PYTHON, "-m", "pelican", _q(content or CONTENT), "-o", _q(output or OUTPUT),
            "-s", _q(SETTINGS)]
    if content:
        # Findings name files under the folder as the writer gave it (CONTENT_MODEL.md).
        args += [_q(a) for a in pelican_overrides({"HUB_CONTENT_LABEL": str(content)})]
    # Captured, so that a crash shows one French sentence, not Pelican's traceback.
    done = c.run(" ".join(args), pty=False, hide=True, warn=True)
    said = (done.stdout or "") + (done.stderr or "")
    if done.ok or not _crashed(said):
        (says or sys.stdout).write(done.stdout or "")
        sys.stderr.write(done.stderr or "")
    if done.ok:
        return
    if _crashed(said):
        raise BuildFailed(f"{done.command}\n{said}", done.exited)
    raise Exit(code=done.exited)  # the hub already said why, in French (a bad setting)


def _crashed(said: str) -> bool:
    return "Traceback" in said or "CRITICAL" in said


def _q(path: object) -> str:
    import shlex

    return shlex.quote(str(path))


@task(help={"content": "dossier de contenu (défaut : content/)",
            "output": "dossier de sortie (défaut : output/)",
            "force": "reconstruire même si rien n'a changé"})
@_friendly
def build(c, content=None, output=None, force=False):
    """Construire le site (rien à refaire si rien n'a changé depuis la dernière fois)."""
    _build(c, content, output, force)


def _content_folder(content: str | None) -> Path:
    """The content folder to build; a missing one is said in one sentence (exit 2)."""
    source = Path(content or CONTENT)
    if not source.is_dir():
        print(_say("task-no-content", content=content or _shown(CONTENT)), file=sys.stderr)
        raise Exit(code=2)
    return source


def _build(c: Context, content: str | None, output: str | None, force: bool = False,
           quiet: bool = False) -> None:
    """Build, unless the sources are what they were at the last build of this output
    (`quiet`: say nothing then, and the build's summary goes to the standard error, so
    that a report on the standard output stays whole)."""
    from hub.tools import stamp

    source = _content_folder(content)
    out = Path(output or OUTPUT)
    inputs = [source, ROOT / "theme", ROOT / "plugins", SETTINGS,
              ROOT / "requirements.txt"]
    fingerprint = stamp.sources_fingerprint(CACHE, out, inputs, source)
    if not force and stamp.unchanged(CACHE, out, fingerprint):
        if not quiet:
            print(_say("task-unchanged", output=out))
        return
    stamp.forget(CACHE, out)
    _pelican(c, content, output, sys.stderr if quiet else sys.stdout)
    stamp.record(CACHE, out, fingerprint)


@task(help={"port": "port du serveur (défaut : 8000)",
            "bind": "adresse d'écoute, sur cet ordinateur seulement (défaut : 127.0.0.1)",
            "content": "dossier de contenu", "output": "dossier de sortie"})
@_friendly
def serve(c, port=8000, bind="127.0.0.1", content=None, output=None):
    """Construire le site puis l'afficher sur http://127.0.0.1:8000/."""
    from hub.tools.loopback import bind_address
    from hub.tools.preview import serve_built

    with _listening():
        bind_address(bind)  # refused before the build, not after
        _build(c, content, output)
        serve_built(Path(output or OUTPUT), bind, int(port))


@task(help={"port": "port du serveur (défaut : 8000)",
            "bind": "adresse d'écoute, sur cet ordinateur seulement (défaut : 127.0.0.1)",
            "content": "dossier de contenu", "output": "dossier de sortie"})
@_friendly
def livereload(c, port=8000, bind="127.0.0.1", content=None, output=None):
    """Aperçu qui se met à jour à chaque enregistrement (contenu, thème, extensions)."""
    from hub.tools.preview import serve as preview

    _content_folder(content)
    with _listening():
        preview(SETTINGS, _preview_overrides(content, output), bind, int(port))


@contextlib.contextmanager
def _listening() -> Iterator[None]:
    """A local server that cannot listen (an address off this computer, a port taken)
    ends on its French sentence (exit 2)."""
    from hub.tools.loopback import CannotListen

    try:
        yield
    except CannotListen as exc:
        print(exc, file=sys.stderr)
        raise Exit(code=2) from None


def _preview_overrides(content: str | None, output: str | None) -> dict[str, str]:
    """The settings the preview runs with on any content and output folder."""
    overrides = {"PATH": str(Path(content or CONTENT).resolve()),
                 "OUTPUT_PATH": str(Path(output or OUTPUT).resolve())}
    if content:
        overrides["HUB_CONTENT_LABEL"] = str(content)
    return overrides


@task(help={"port": "port de l'éditeur et de l'aperçu (défaut : 8000)",
            "api_port": "port du serveur qui écrit les fichiers (défaut : port + 1)",
            "content": "dossier de contenu", "output": "dossier de sortie"})
@_friendly
def edit(c, port=8000, api_port=0, content=None, output=None):
    """Éditeur web sur http://127.0.0.1:8000/admin/, avec l'aperçu du site (docs/editeur.md)."""
    from hub.editor.server import EditorUnavailable
    from hub.editor.server import serve as editor

    source = _content_folder(content)
    try:
        editor(SETTINGS, _preview_overrides(content, output), source, int(port),
               int(api_port) or int(port) + 1)
    except EditorUnavailable as exc:
        print(exc, file=sys.stderr)
        raise Exit(code=2) from None


@task(help={"target": "dossier où écrire l'éditeur (il y reçoit admin/), hors du site publié",
            "gitlab_url": "adresse du GitLab interne (https://gitlab.exemple.intra)",
            "repo": "groupe et projet du dépôt du hub (informatique/hub)",
            "app_id": "identifiant de l'application OAuth de GitLab (pas un secret)",
            "branch": "branche où les rédacteurs écrivent (défaut : main)"})
@_friendly
def edit_export(c, target, gitlab_url, repo, app_id, branch="main"):
    """Écrire l'éditeur web branché sur le GitLab interne, à servir à part du site."""
    from hub.editor.config import Backend
    from hub.editor.export import GITLAB_PREFIX, POLICY_FILE, export
    from hub.settings import load
    from hub.source import sitefile
    from pelican.settings import read_settings

    folder = Path(target).resolve()
    if folder == OUTPUT.resolve() or OUTPUT.resolve() in folder.parents:
        print(_say("task-editor-in-output", output=_shown(OUTPUT)), file=sys.stderr)
        raise Exit(code=2)
    backend = Backend(gitlab_url=gitlab_url, repo=repo, app_id=app_id, branch=branch,
                      content_prefix=GITLAB_PREFIX)
    settings = read_settings(str(SETTINGS))
    sitefile.apply(settings, CONTENT)
    hub = load(settings)
    audiences = dict(settings.get("AUDIENCES") or {})
    css = Path(settings["THEME"]) / "static" / "css" / "hub.css"
    logo = f"{hub.HUB_SITE_URL}/{hub.logo_url}" if hub.HUB_LOGO and hub.HUB_SITE_URL else ""
    try:
        admin = export(folder, backend, audiences, css, hub.department(), logo)
    except FileNotFoundError:
        print(_say("task-editor-missing"), file=sys.stderr)
        raise Exit(code=2) from None
    print(_say("task-editor-written", admin=admin, policy=POLICY_FILE))


@task(help={"target": "dossier du contenu du nouveau site (absent ou vide)"})
@_friendly
def init(c, target):
    """Créer le dossier de contenu d'un nouveau site : dossiers, site.toml, exemples."""
    from hub.tools.init import TargetNotEmpty
    from hub.tools.init import init as start

    try:
        start(Path(target), dt.date.today())
    except TargetNotEmpty:
        print(_say("task-init-not-empty", target=target), file=sys.stderr)
        raise Exit(code=2) from None
    print(_say("task-init-done", target=target))


@task(help={"output": "dossier de sortie à vider (défaut : output/)"})
@_friendly
def clean(c, output=None):
    """Supprimer le site construit."""
    out = Path(output) if output else OUTPUT
    if out.is_dir():
        shutil.rmtree(out)


@task(help={"content": "dossier de contenu (défaut : content/)",
            "output": "dossier du site construit (défaut : output/)",
            "format": "text, json ou junit (défaut : text)",
            "report": "écrire le rapport dans ce fichier",
            "strict": "les avertissements bloquent aussi",
            "external": "vérifier aussi les liens vers d'autres sites (lent, jamais en CI)",
            "no_proofread": "ne pas relire l'orthographe et la grammaire"})
@_friendly
def check(c, content=None, output=None, format="text", report=None, strict=False,
          external=False, no_proofread=False):
    """Vérifier le contenu et le site construit (construit d'abord s'il manque ou date)."""
    from hub.checks.cli import main

    content_dir = Path(content) if content else CONTENT
    out = Path(output) if output else OUTPUT
    # The output is checked as built from these sources: rebuilt unless they are the same.
    failed: Path | None = None
    if content_dir.is_dir():
        try:
            _build(c, content, output, quiet=True)
        except BuildFailed as exc:  # the sources are still checked, and the report written
            failed = _log("check", exc.detail)
            print(_say("task-check-build-crashed", log=_shown(failed)), file=sys.stderr)
    args = ["--content", str(content_dir), "--output", str(out), "--format", format,
            "--settings", str(SETTINGS)]
    if content:
        args[1] = content  # findings name a folder outside the project as it was given
    args += ["--report", report] if report else []
    args += ["--strict"] if strict else []
    args += ["--external"] if external else []
    args += ["--no-proofread"] if no_proofread else []
    args += ["--build-failed", _shown(failed)] if failed else []
    code = main(args)
    if code:
        raise Exit(code=code)


@task(help={"content": "dossier de contenu (défaut : content/)",
            "today": "date du jour AAAA-MM-JJ (défaut : aujourd'hui)",
            "days": "échéances dans combien de jours (défaut : 30)",
            "eml": "écrire un brouillon de rappel (.eml) par responsable dans ce dossier",
            "format": "text ou json (défaut : text)",
            "stats": "rapport JSON de ./hub stats : montre combien de fois chaque page a été lue"})
@_friendly
def review(c, content=None, today="", days=None, eml=None, format="text", stats=None):
    """Lister, par responsable, les pages à relire bientôt ou en retard."""
    from hub.tools.review import run

    content_dir = Path(content) if content else CONTENT
    code = run(SETTINGS, content_dir, content, today, days, format, eml, stats)
    if code:
        raise Exit(code=code)


@task(iterable=["log"],
      help={"log": "journal d'accès du serveur web (nginx, Apache ou IIS, .gz compris) ; "
                   "répétez --log pour plusieurs fichiers",
            "content": "dossier de contenu (défaut : content/)",
            "since": "à partir de ce jour AAAA-MM-JJ", "until": "jusqu'à ce jour AAAA-MM-JJ",
            "format": "text ou json (défaut : text)",
            "report": "écrire le rapport JSON dans ce fichier",
            "html": "écrire le rapport lisible (page HTML) dans ce dossier"})
@_friendly
def stats(c, log=None, content=None, since="", until="", format="text", report="",
          html=""):
    """Ce que les salariés lisent, cherchent sans trouver et suivent, d'après les journaux."""
    from hub.tools.stats import run

    content_dir = Path(content) if content else CONTENT
    code = run(SETTINGS, list(log or ()), content_dir, content, since, until, format,
               report, html)
    if code:
        raise Exit(code=code)


def _new(ctype_id: str, title: str, slug: str | None, content: str | None) -> Path:
    from hub.tools.scaffold import new_file

    path = new_file(ctype_id, title, slug, Path(content) if content else CONTENT, dt.date.today())
    print(_say("task-file-created", path=os.path.relpath(path, Path.cwd())))
    return path


_NEW_HELP = {"title": "titre de la page", "slug": "nom du fichier (sans .md)",
             "content": "dossier de contenu"}


def _new_task(type_id: str, name: str, help_text: str) -> Any:
    """`invoke new-<type>`: the task of one content type that has a scaffold."""

    def new(c, title, slug=None, content=None):
        _new(type_id, title, slug, content)

    new.__name__ = name.replace("-", "_")
    new.__doc__ = help_text
    return task(help=_NEW_HELP, name=name)(_friendly(new))


def _scaffolded_types() -> list[Any]:
    """The content types with a `new-*` task, once the settings file has declared its own."""
    import runpy

    runpy.run_path(str(SETTINGS))
    from hub.model import CONTENT_TYPES

    return [t for t in CONTENT_TYPES if t.scaffold]


for _ctype in _scaffolded_types():
    globals()[_ctype.new_task.replace("-", "_")] = _new_task(
        _ctype.id, _ctype.new_task, _ctype.scaffold.help)


@task(help={"webhook": "adresse du flux Workflows de Teams (ou variable HUB_TEAMS_WEBHOOK)",
            "content": "dossier de contenu (défaut : content/)",
            "site": "site construit dont les cartes sont annoncées (défaut : output/)",
            "dry_run": "montrer ce qui serait annoncé, sans rien envoyer",
            "since": "n'annoncer que ce qui est publié depuis ce jour AAAA-MM-JJ"})
@_friendly
def announce(c, webhook=None, content=None, site=None, dry_run=False, since=""):
    """Annoncer dans un canal Teams ce qui a été publié depuis la dernière annonce."""
    from hub.tools.announce import load_settings, run

    content_dir = Path(content) if content else CONTENT
    settings, _ = load_settings(SETTINGS, content_dir)
    code = run(Path(site) if site else OUTPUT, content_dir, webhook, settings,
               bool(dry_run), since)
    if code:
        raise Exit(code=code)


@task(help={"target": "dossier servi par le serveur web (il contient « current »)",
            "content": "dossier de contenu (défaut : content/)",
            "keep": "nombre de versions conservées (défaut : 5)",
            "strict": "refuser aussi sur un avertissement",
            "today": "date du jour AAAA-MM-JJ (défaut : aujourd'hui)",
            "report": "fichier où écrire le rapport",
            "announce": "après la mise en ligne, annoncer les nouveautés dans Teams",
            "webhook": "adresse du flux Workflows de Teams (ou variable HUB_TEAMS_WEBHOOK)"})
@_friendly
def publish(c, target, content=None, keep=5, strict=False, today="", report=None,
            announce=False, webhook=None):
    """Construire, vérifier puis mettre en ligne le site d'un seul coup (refus si erreur)."""
    from hub.publish.release import CURRENT, publish_command

    code = publish_command(target, content, int(keep), bool(strict), today, report)
    if code:
        raise Exit(code=code)
    if announce:
        from hub.tools.announce import load_settings, run

        content_dir = Path(content) if content else CONTENT
        settings, _ = load_settings(SETTINGS, content_dir)
        code = run(Path(target) / CURRENT, content_dir, webhook, settings)
        if code:
            raise Exit(code=code)


@task(help={"target": "dossier servi par le serveur web"})
@_friendly
def rollback(c, target):
    """Remettre en ligne la version publiée précédente."""
    from hub.publish.release import rollback_command

    code = rollback_command(target)
    if code:
        raise Exit(code=code)


@task(help={"args": "options passées à pytest (« -n 0 » pour un seul processus)"})
def test(c, args=""):
    """Lancer tous les tests, sur les deux cœurs de la machine."""
    c.run(f"{PYTHON} -m pytest -n 2 {args}", pty=False)


@task(name="a11y-results")
def a11y_results(c):
    """Mesurer l'accessibilité (axe-core, validateur HTML, clavier, flux) et écrire
    accessibility-results.json, d'où la déclaration d'accessibilité tire ses chiffres."""
    sys.path.insert(0, str(ROOT / "tests"))
    from a11y_results import ENV

    modules = "tests/test_a11y.py tests/test_html_valid.py"
    c.run(f"{PYTHON} -m pytest -q -n 2 {modules}", pty=False, env={ENV: "1"})
    from hub.paths import ACCESSIBILITY_RESULTS

    print(_say("task-a11y-results", path=_shown(ACCESSIBILITY_RESULTS)))


@task
def docs(c):
    """Régénérer docs/reference-des-cles.md à partir du modèle de contenu."""
    from hub.tools.guide import render

    target = ROOT / "docs" / "reference-des-cles.md"
    target.write_text(render(), encoding="utf-8")
    print(_say("task-file-updated", path=target.relative_to(ROOT)))


@task
def golden(c):
    """Régénérer la sortie de référence du petit site de test (tests/golden/)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from golden import GOLDEN, refresh

    refresh()
    print(_say("task-golden-updated", path=GOLDEN.relative_to(ROOT)))
