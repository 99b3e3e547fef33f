"""The checker on real builds: every planted problem found at its file and line, in French."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hub import handoff
from support import FIXTURES, ROOT, TODAY, build_site

BROKEN = FIXTURES / "broken-site"
EXPECTED = FIXTURES / "broken-site-expected.json"
TEMPLATE_LINK = '<p><a href="{{ SITEURL }}/plan-du-site/">Plan du site</a></p>'


# the settings `build_site` builds with: the check can then reuse the build's corpus
SAME_AS_BUILD = ("-e", 'HUB_FEED_IDS=""', "-e", 'HUB_REDIRECTS=""', "--stats")


def stats_of(result: subprocess.CompletedProcess[str]) -> dict[str, float]:
    """What `--stats` says on the last line of stderr: timings and the hand-off's use."""
    timings: dict[str, float] = json.loads(result.stderr.strip().splitlines()[-1])["timings"]
    return timings


def run_check(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(
        [sys.executable, "-m", "hub.checks", "-e", f'HUB_TODAY="{TODAY}"', *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The broken fixture built with a copy of the theme whose footer has a broken link."""
    tmp = tmp_path_factory.mktemp("broken")
    theme = tmp / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    assert "</footer>" in text
    base.write_text(text.replace("</footer>", TEMPLATE_LINK + "\n</footer>", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(base.read_text().split("\n"), 1) if "plan-du-site" in t)
    output = tmp / "output"
    build = build_site(BROKEN, output, THEME=str(theme))
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    pages = sum("plan-du-site/" in p.read_text(encoding="utf-8") for p in output.rglob("*.html"))
    report = tmp / "report.json"
    result = run_check("--content", str(BROKEN.relative_to(ROOT)), "--output", str(output),
                       "-e", f'THEME="{theme}"', "--format", "json", "--report", str(report))
    return {"result": result, "report": json.loads(report.read_text(encoding="utf-8")),
            "theme": str(theme / "templates"), "line": line, "pages": pages, "output": output,
            "theme_dir": theme}


def normalise(findings: list[dict[str, object]], theme: str, line: int,
              pages: int) -> list[dict[str, object]]:
    out = []
    for f in findings:
        f = dict(f)
        if str(f["file"]).startswith(theme):
            f["file"] = "{THEME}" + str(f["file"])[len(theme):]
            if "plan-du-site" in str(f["message"]):
                assert f["line"] == line
                f["line"] = "{LINE}"
                f["message"] = str(f["message"]).replace(f"sur {pages} page(s)", "sur {PAGES} page(s)")
        out.append(f)
    return out


def test_broken_site_reports_every_planted_problem_exactly(broken: dict) -> None:
    found = normalise(broken["report"]["findings"], broken["theme"], broken["line"],
                      broken["pages"])
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert sorted(found, key=_canonical) == sorted(expected, key=_canonical)
    # the report's own order: file by file, errors first, then by line
    raw = broken["report"]["findings"]
    assert raw == sorted(raw, key=lambda f: (f["file"], f["severity"] != "error", f["line"] or 0))


def _canonical(finding: dict[str, object]) -> str:
    return json.dumps(finding, sort_keys=True, ensure_ascii=False)


def test_broken_site_plants_every_kind_of_finding(broken: dict) -> None:
    codes = {f["code"] for f in broken["report"]["findings"]}
    every_kind = {
        "not-utf8", "bad-header", "missing-key", "missing-conditional-key", "invalid-choice",
        "invalid-date", "invalid-email", "malformed-url", "unknown-reference",
        "retired-service", "alternative-not-live", "successor-self", "successor-loop",
        "duplicate-slug", "unknown-audience", "image-missing", "image-broken", "link-broken",
        "link-draft", "link-anchor", "link-case", "link-template", "duplicate-id",
        "unsafe-html", "stale-review", "summary-too-long", "avoided-term", "malformed-mailto",
        "service-without-story", "static-kind-refused",
    }
    assert every_kind <= codes, every_kind - codes


def test_broken_site_exit_status_and_json_shape(broken: dict) -> None:
    assert broken["result"].returncode == 1
    report = broken["report"]
    assert set(report) == {"findings", "summary"}
    assert set(report["summary"]) == {"errors", "warnings", "files", "pages"}
    for finding in report["findings"]:
        assert list(finding) in (["severity", "code", "file", "line", "message", "hint"],
                                 ["severity", "code", "file", "line", "message", "hint",
                                  "column"])
        assert finding["severity"] in ("error", "warning")
        assert finding["line"] is None or (isinstance(finding["line"], int) and finding["line"] > 0)
    errors = sum(f["severity"] == "error" for f in report["findings"])
    assert report["summary"]["errors"] == errors
    assert report["summary"]["warnings"] == len(report["findings"]) - errors
    assert report["summary"]["files"] == 21


def test_template_link_is_reported_once_with_its_page_count(broken: dict) -> None:
    template = [f for f in broken["report"]["findings"] if "plan-du-site" in f["message"]]
    assert len(template) == 1
    assert template[0]["file"] == broken["theme"] + "/base.html"
    assert broken["pages"] > 5
    assert f"sur {broken['pages']} page(s)" in template[0]["message"]


def test_text_report_groups_by_file_with_errors_first(broken: dict) -> None:
    result = run_check("--content", str(BROKEN.relative_to(ROOT)), "--output",
                       str(broken["output"]), "-e", f'THEME="{broken["theme_dir"]}"')
    assert result.returncode == 1
    blocks = [b for b in result.stdout.split("\n\n") if b.strip()]
    files = [b.split("\n", 1)[0] for b in blocks[:-1]]
    assert len(files) == len(set(files)), "each file appears once"
    saw_warning_only = False
    for block in blocks[:-1]:
        labels = [line.split(" : ")[1] for line in block.split("\n")[1:]
                  if line.startswith("  ") and not line.startswith("    →")]
        assert labels == sorted(labels, key=lambda label: label != "erreur")
        if "erreur" not in labels:
            saw_warning_only = True
        else:
            assert not saw_warning_only, "files with errors come first"
    story = next(b for b in blocks if b.startswith("tests/fixtures/broken-site/stories/tout-casse.md"))
    assert ("  ligne 11, colonne 41 : erreur : Le lien vers « {service}messagerei » ne mène à "
            "aucune page.\n"
            "    → Corrigez le lien. Vouliez-vous dire « {service}messagerie » ?") in story
    assert blocks[-1].strip().startswith(f"{broken['report']['summary']['errors']} erreur(s)")


def test_junit_report_fails_on_errors(broken: dict, tmp_path: Path) -> None:
    from xml.etree import ElementTree as ET

    report = tmp_path / "junit.xml"
    result = run_check("--content", str(BROKEN.relative_to(ROOT)), "--output",
                       str(broken["output"]), "-e", f'THEME="{broken["theme_dir"]}"',
                       "--format", "junit", "--report", str(report))
    assert result.returncode == 1
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    failures = suite.findall(".//failure")
    assert len(failures) == broken["report"]["summary"]["errors"]


def test_sample_site_has_no_findings(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build = build_site(ROOT / "content", output)
    assert build.returncode == 0, build.stdout[-3000:]
    result = run_check("--output", str(output), "--format", "json", "--strict", *SAME_AS_BUILD)
    report = json.loads(result.stdout)
    assert report["findings"] == [], "\n".join(
        f"{f['file']}:{f['line']} {f['code']} {f['message']}" for f in report["findings"])
    assert result.returncode == 0
    assert report["summary"]["errors"] == report["summary"]["warnings"] == 0
    assert report["summary"]["pages"] > 50
    # right after the build, no page parsed and no source read again; without the
    # build's hand-off, everything is, and the report is the same
    used = stats_of(result)
    assert used["recorded_pages"] == len(handoff.load_pages(output)) > 0.9 * len(
        list(output.rglob("*.html")))  # all but the letter's e-mail (written by `feeds`)
    assert used["reused_items"] == report["summary"]["files"]
    shutil.rmtree(handoff.folder_for(output))
    alone = run_check("--output", str(output), "--format", "json", "--strict", *SAME_AS_BUILD)
    assert stats_of(alone)["recorded_pages"] == stats_of(alone)["reused_items"] == 0
    assert json.loads(alone.stdout) == report and alone.returncode == 0


def test_handoff_gives_the_report_of_a_parse_of_everything(broken: dict, tmp_path: Path) -> None:
    output = broken["output"]
    args = ("--content", str(BROKEN.relative_to(ROOT)), "--output", str(output),
            "-e", f'THEME="{broken["theme_dir"]}"', "--format", "json", *SAME_AS_BUILD)
    kept = handoff.folder_for(output)
    with_handoff = run_check(*args, "--report", str(tmp_path / "a.json"))
    assert stats_of(with_handoff)["recorded_pages"] == len(handoff.load_pages(output)) > 20
    assert stats_of(with_handoff)["reused_items"] > 10
    aside = tmp_path / "handoff"
    shutil.move(kept, aside)
    try:
        alone = run_check(*args, "--report", str(tmp_path / "b.json"))
    finally:
        shutil.move(aside, kept)
    assert stats_of(alone)["recorded_pages"] == stats_of(alone)["reused_items"] == 0
    report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert report == json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert report == broken["report"]
    assert with_handoff.returncode == alone.returncode == 1


def test_a_page_changed_after_the_build_is_parsed_again(tmp_path: Path) -> None:
    content, output = _small_content(tmp_path, warning=False), tmp_path / "output"
    assert build_site(content, output, HUB_SEARCH=False).returncode == 0
    args = ("--content", str(content), "--output", str(output), "--format", "json",
            "--no-proofread", "-e", "HUB_SEARCH=false", *SAME_AS_BUILD)
    first = run_check(*args)
    assert first.returncode == 0, first.stdout
    pages = len(list(output.rglob("*.html")))
    assert stats_of(first)["recorded_pages"] == len(handoff.load_pages(output)) == pages
    assert stats_of(first)["reused_items"] == 2
    # another day (`Reviewed` ages) or other settings: every source is read again
    later = run_check(*args, "-e", 'HUB_TODAY="2027-06-01"')
    assert stats_of(later)["reused_items"] == 0
    assert "stale-review" in later.stdout  # read on that day: now stale, as it should
    # a new link, and an existing one changed to another of the same length with the
    # file's time put back: neither the size nor the time tells, the digest does
    page = output / "services" / "outil" / "index.html"
    stat = page.stat()
    html = page.read_text(encoding="utf-8")
    href = next(h for h in re.findall(r'href="([a-z./-]+/)"', html) if len(h) > 6)
    html = html.replace(f'href="{href}"', 'href="' + "z" * (len(href) - 1) + '/"', 1)
    page.write_text(html, encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert page.stat().st_size == stat.st_size
    other = output / "histoires" / "index.html"
    if not other.is_file():
        other = next(p for p in output.rglob("*.html") if p != page)
    other.write_text(other.read_text(encoding="utf-8").replace(
        "</main>", '<a href="/nulle-part/">x</a></main>', 1), encoding="utf-8")
    second = run_check(*args)
    assert stats_of(second)["recorded_pages"] == pages - 2
    messages = " ".join(f["message"] for f in json.loads(second.stdout)["findings"])
    assert "z" * (len(href) - 1) in messages and "nulle-part" in messages
    assert second.returncode == 1


def _small_content(root: Path, *, warning: bool) -> Path:
    content = root / "content"
    (content / "services").mkdir(parents=True)
    (content / "stories").mkdir()
    (content / "services" / "outil.md").write_text(
        "Title: Outil\nSummary: Un outil.\nLifecycle: available\nOwner: a.b@norelia.fr\n"
        "Price: Inclus\nAccess: Demandez-le.\nSupport: support@norelia.fr\n"
        "Reviewed: 2026-10-01\n\nLe texte.\n", encoding="utf-8")
    if not warning:
        (content / "stories" / "usage.md").write_text(
            "Title: Un usage\nDate: 2026-10-02\nSummary: Un usage.\nServices: outil\n"
            "Feature: Tout\n\nLe texte.\n", encoding="utf-8")
    return content


def test_exit_codes_and_strict(tmp_path: Path) -> None:
    clean = _small_content(tmp_path / "a", warning=False)
    warned = _small_content(tmp_path / "b", warning=True)
    assert run_check("--content", str(clean), "--sources-only").returncode == 0
    lenient = run_check("--content", str(warned), "--sources-only")
    assert lenient.returncode == 0
    assert "avertissement : Aucune histoire d'usage ne présente ce service disponible." in lenient.stdout
    assert run_check("--content", str(warned), "--sources-only", "--strict").returncode == 1
    # a content folder outside the repository is named as it was given
    assert lenient.stdout.startswith(f"{warned}/services/outil.md\n")


@pytest.mark.parametrize("args", [
    ("--content", "/nonexistent/content", "--sources-only"),
    ("--output", "/nonexistent/output"),
    ("--format", "yaml"),
    ("-e", "HUB_TYPO=1", "--sources-only"),
])
def test_exit_2_when_the_check_cannot_run(args: tuple[str, ...]) -> None:
    result = run_check(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_broken_file_is_a_finding_not_exit_2(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "stories").mkdir(parents=True)
    (content / "stories" / "x.md").write_bytes(b"\xff\xfe\x00garbage")
    result = run_check("--content", str(content), "--sources-only", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert len(report["findings"]) == 1
    assert report["findings"][0]["code"] in ("binary-file", "not-utf8")
    assert report["findings"][0]["file"] == f"{content}/stories/x.md"
