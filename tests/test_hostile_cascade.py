"""One cause, one finding: the cascade cases built alone, and their findings compared as an
exact list, so that a finding cascaded onto an innocent file (or the theme) fails.

Also: a page the disk refuses is one finding and the rest of the site is built; the tasks
end on one French sentence with the detail in a log; `--help` never runs a task.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile.cases_cascade import cases
from hostile.generate import GOOD, GOOD_OUTPUT
from hub import findings as fd
from hub.publish.gate import BuildSpec, run_checker
from support import FIXTURES, ROOT, TODAY, build_site

CASES = cases()
PYTHON_VALUES = ("badge-None", "badge-kind-None", 'class="None"', ">None<", "« None »",
                 "badge-True", ">[]<", ">True<")


@dataclass
class Built:
    content: Path
    output: Path
    stderr: str
    returncode: int
    findings: list[fd.Finding]

    def found(self) -> list[tuple[str, str, int | None]]:
        """The findings, but the proofreading of the cases' made-up French (« Histoire
        latin »): that is tests/test_proofread.py's business."""
        prefix = f"{self.content}/"
        return sorted(((f.code, f.file.removeprefix(prefix), f.line) for f in self.findings
                       if f.code not in ("spelling", "grammar")), key=str)


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _build(root: Path, files: dict[str, bytes], prepare_output: dict[str, bytes] | None = None,
           ) -> Built:
    content, output = root / "content", root / "output"
    _write(content, files)
    # publishconf.py empties the output first; pelicanconf.py keeps what is in the way
    conf = "publishconf.py"
    if prepare_output:
        _write(output, prepare_output)
        conf = "pelicanconf.py"
    done = build_site(content, output, conf=conf)
    findings = run_checker(BuildSpec(content=content, today=TODAY, conf=ROOT / conf), output)
    return Built(content, output, done.stderr, done.returncode, findings)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    files = {rel: text.encode("utf-8") for rel, text in GOOD.items()}
    for case in CASES:
        files[case.rel] = case.data
        files.update(dict(case.companions))
    return _build(tmp_path_factory.mktemp("cascade"), files)


def test_the_family_has_its_cases() -> None:
    assert 25 <= len(CASES) <= 40
    assert all(c.rel.split("/", 1)[1].startswith("casc-") for c in CASES)


def test_each_cause_gives_exactly_one_finding_and_nothing_else(built: Built) -> None:
    expected = sorted(((c.code, c.expected_file, c.line) for c in CASES), key=str)
    assert built.found() == expected


def test_no_theme_link_is_blamed(built: Built) -> None:
    assert [f for f in built.findings if f.code == "link-template"] == []
    assert "Corrigez le lien dans ce gabarit" not in built.stderr


def test_the_build_goes_on_without_a_traceback(built: Built) -> None:
    assert built.returncode == 0, built.stderr[-3000:]
    assert "Traceback" not in built.stderr
    for rel in GOOD_OUTPUT:
        assert (built.output / rel).is_file(), rel
    # the innocent files that cite a broken one are built
    for rel in ("histoires/casc-lc-capital-histoire/index.html",
                "contraintes/casc-lc-capital-contrainte/index.html",
                "histoires/casc-latin-histoire/index.html",
                "services/casc-binaire-ancien/index.html",
                "casc-vers-sans-date/index.html"):
        assert (built.output / rel).is_file(), rel


def test_an_invalid_value_never_shows_as_a_python_value(built: Built) -> None:
    shown = []
    for page in built.output.rglob("*"):
        if page.suffix not in (".html", ".xml", ".ics", ".json", ".opml", ".txt"):
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        shown += [(page.relative_to(built.output).as_posix(), v) for v in PYTHON_VALUES
                  if v in text]
    assert shown == []
    assert all("None" not in f.message and "None" not in f.hint for f in built.findings)


def test_a_page_the_disk_refuses_is_one_finding(tmp_path: Path) -> None:
    # A file already sits where the story's folder must go: the story alone is not written.
    files = {rel: text.encode("utf-8") for rel, text in GOOD.items()}
    run = _build(tmp_path, files, prepare_output={"histoires/agence-lyon": b"occupe"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert ("stories/agence-lyon.md\n  fichier : erreur : La page « histoires/agence-lyon/"
            "index.html » n'a pas pu être écrite : un dossier ou un fichier occupe déjà son "
            "adresse.") \
        in run.stderr
    assert (run.output / "services/messagerie/index.html").is_file()
    assert (run.output / "theme/css/hub.css").is_file()
    # the checker: the cause once, on the story; the cards and lists that link to it are
    # not theme errors
    assert run.found() == [("page-not-written", "stories/agence-lyon.md", None)]


def test_a_link_loop_in_the_output_never_stops_the_check(tmp_path: Path) -> None:
    files = {rel: text.encode("utf-8") for rel, text in GOOD.items()}
    content, output = tmp_path / "content", tmp_path / "output"
    _write(content, files)
    assert build_site(content, output).returncode == 0
    (output / "boucle.html").symlink_to("boucle.html")
    findings = run_checker(BuildSpec(content=content, today=TODAY, conf=ROOT / "pelicanconf.py"),
                           output)
    assert [f for f in findings if f.severity is fd.Severity.ERROR] == []


# --- tasks -------------------------------------------------------------------------------


def invoke(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HUB_ERROR_LOG": str(tmp_path / "hub-erreur.log")}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


def _mini(tmp_path: Path) -> Path:
    import shutil

    content = tmp_path / "contenu"
    shutil.copytree(FIXTURES / "mini-site", content)
    return content


def _unwritable(tmp_path: Path) -> Path:
    """A folder whose name is longer than the file system allows: an error of the system
    (ENAMETOOLONG) that is none of the refusals the hub says in its own words (a file in
    the way, a full disk, a missing permission: `hub.faults`), so the task crashes."""
    return tmp_path / ("sortie-" + "x" * 300)


def test_a_crashed_build_ends_on_one_french_sentence(tmp_path: Path) -> None:
    blocked = _unwritable(tmp_path)
    done = invoke(tmp_path, "build", "--content", str(_mini(tmp_path)), "--output", str(blocked))
    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in said and "CRITICAL" not in said
    log = tmp_path / "hub-erreur.log"
    assert said.strip().splitlines()[-1] == (
        f"« ./hub build » s'est arrêté sur une erreur inattendue : le détail technique "
        f"est écrit dans {log}.")
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_check_writes_its_report_when_the_build_crashed(tmp_path: Path) -> None:
    blocked = _unwritable(tmp_path)
    report = tmp_path / "rapport.json"
    done = invoke(tmp_path, "check", "--content", str(_mini(tmp_path)), "--output",
                  str(blocked), "--format", "json", "--report", str(report))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    first = data["findings"][0]
    assert first["code"] == "build-failed"
    assert str(tmp_path / "hub-erreur.log") in first["message"]
    assert data["summary"]["files"] > 0  # the sources were still checked


def test_a_new_file_task_that_cannot_write_ends_on_one_sentence(tmp_path: Path) -> None:
    done = invoke(tmp_path, "new-story", "--title", "Une histoire", "--content",
                  str(_unwritable(tmp_path)))
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert "« ./hub new-story » s'est arrêté sur une erreur inattendue" in done.stderr
    assert (tmp_path / "hub-erreur.log").is_file()


def test_a_missing_content_folder_is_one_sentence(tmp_path: Path) -> None:
    done = invoke(tmp_path, "build", "--content", str(tmp_path / "absent"), "--output",
                  str(tmp_path / "site"))
    assert done.returncode == 2
    assert done.stderr.strip() == (f"Le dossier de contenu « {tmp_path / 'absent'} » n'existe "
                                   "pas : indiquez un dossier existant avec --content.")


@pytest.mark.parametrize("args", [
    ("publish", "--help"), ("publish", "--target", "--help"), ("publish", "-h"),
    ("new-story", "--title", "--help"), ("build", "--content", "--help"),
])
def test_help_shows_help_and_never_runs_the_task(tmp_path: Path, args: tuple[str, ...]) -> None:
    before = set(os.listdir(ROOT))
    done = invoke(tmp_path, *args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Usage: inv[oke] [--core-opts] {args[0]} ")
    assert "Construction du site" not in done.stdout + done.stderr
    assert set(os.listdir(ROOT)) == before  # nothing published, built or created
