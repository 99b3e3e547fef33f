"""Markup and static files of the hostile corpus: `invoke check` itself (not only the
publish gate) sees what the build neutralises, markup in code is never a finding, SVGs
are published cleaned, and nothing the writer typed runs in a real browser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hostile import cases_markup, cases_static
from hostile.generate import write
from hub.source import gate
from hub.source.statics import check_statics
from support import ROOT, TODAY, build_site
from test_hostile import parse_report
from test_theme_support import chromium, serve

MINE = cases_markup.cases() + cases_static.cases()
THEME_SCRIPTS = ("theme/js/hub.js", "theme/js/search.js")


@dataclass
class Run:
    content: Path
    output: Path
    report: dict[str, list[tuple[int | None, str]]]  # the build's
    checked: list[dict[str, Any]]  # `invoke check`'s JSON findings


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("markup")
    content, output = root / "content", root / "output"
    write(content)
    done = build_site(content, output, conf="publishconf.py")
    assert "Traceback" not in done.stderr
    report = root / "check.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "HUB_TODAY": TODAY}
    subprocess.run([sys.executable, "-m", "hub.checks", "--content", str(content),
                    "--output", str(output), "--settings", str(ROOT / "publishconf.py"),
                    "--format", "json", "--report", str(report), "-e", 'HUB_FEED_IDS=""'],
                   cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    checked = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return Run(content, output, parse_report(done.stderr), checked)


@pytest.mark.parametrize("case", MINE, ids=lambda c: c.name)
def test_invoke_check_and_the_build_agree(run: Run, case: Any) -> None:
    file = str(run.content / case.expected_file)
    checked = [(f["code"], f["line"]) for f in run.checked if f["file"] == file]
    assert (case.code, case.line) in checked, checked
    assert case.line in [line for line, _ in run.report.get(file, [])]


@pytest.mark.parametrize(("rel", "line"), [("news/mk-code.md", 6), ("news/mk-bloc.md", 7),
                                           ("news/mk-retrait.md", 8)])
def test_markup_shown_in_code_is_never_a_finding(run: Run, rel: str, line: int) -> None:
    file = str(run.content / rel)
    assert [f for f in run.checked if f["file"] == file and f["line"] == line] == []
    assert line not in [n for n, _ in run.report.get(file, [])]
    page = run.output / "actualites" / Path(rel).stem / "index.html"
    if page.is_file():
        assert "&lt;" in page.read_text(encoding="utf-8")  # shown as text


def test_one_finding_per_header_value(run: Run) -> None:
    file = str(run.content / "services/mk-prix-script.md")
    at_price = [f for f in run.checked if f["file"] == file and f["line"] == 5]
    assert [f["code"] for f in at_price] == ["unsafe-html"]


def test_svgs_are_published_cleaned_or_not_at_all(run: Run) -> None:
    for name in ("st-script", "st-onload", "st-foreign", "st-image", "st-lien", "st-use",
                 "st-css", "st-set"):
        data = (run.output / "images" / f"{name}.svg").read_text(encoding="utf-8").lower()
        for word in ("<script", "onload", "foreignobject", "javascript", "https://evil",
                     "@import", "autre.svg"):
            assert word not in data, (name, word)
        assert "<rect" in data  # the drawing itself is kept
    for name in ("st-xxe", "st-rires", "st-casse", "st-utf16"):
        assert not (run.output / "images" / f"{name}.svg").exists()


ILLUSTRATOR = (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG '
               b'1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns='
               b'"http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs><style>'
               b'.a{fill:url("#g")}</style><use href="#r"/><rect id="r" class="a" '
               b'style="fill:url(#g)"/></svg>\n')


def test_an_ordinary_svg_is_published_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "schema.svg").write_bytes(ILLUSTRATOR)
    (tmp_path / "images" / "guide.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "images" / "budget.xlsx").write_bytes(b"PK\x03\x04" + bytes(30))
    verdicts = check_statics(gate.walk(tmp_path), "content")
    assert [(v.rel, v.publish, v.cleaned, v.findings) for v in verdicts] == [
        ("images/budget.xlsx", True, None, []), ("images/guide.pdf", True, None, []),
        ("images/schema.svg", True, None, [])]


def test_nothing_the_writer_typed_runs_in_a_browser(run: Run) -> None:
    pages = [p for p in run.output.rglob("*.html") if "pagefind" not in p.parts]
    svgs = sorted((run.output / "images").glob("*.svg"))
    assert pages and svgs
    with serve(run.output) as base, chromium() as browser:
        page = browser.new_page(java_script_enabled=True)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in [*pages, *svgs]:
            rel = path.relative_to(run.output).as_posix()
            page.goto(base + rel, wait_until="load")
            found = page.evaluate("""(theme) => {
                const out = [];
                for (const s of document.querySelectorAll('script')) {
                    const src = s.getAttribute('src') || s.getAttribute('href') || '';
                    if (!theme.some(t => src.endsWith(t))) out.push('script ' + src);
                }
                for (const e of document.querySelectorAll('*')) {
                    for (const a of e.attributes) {
                        if (a.name.toLowerCase().startsWith('on')) out.push(e.tagName + ' ' + a.name);
                        if (/^\\s*javascript:/i.test(a.value)) out.push(e.tagName + ' ' + a.name);
                    }
                }
                for (const e of document.querySelectorAll(
                        'base, meta[http-equiv]:not([http-equiv="Content-Security-Policy"]), foreignObject'))
                    out.push(e.tagName);
                return out;
            }""", list(THEME_SCRIPTS))
            assert found == [], (rel, found)
        assert dialogs == []


def _image(path: Path, size: tuple[int, int], mode: str = "RGB", frames: int = 1) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    images = [Image.new(mode, size, color) for color in ((200, 10, 10), (10, 200, 10))[:frames]]
    if mode == "CMYK":
        images = [Image.new("CMYK", size, (0, 200, 200, 0))]
    if frames > 1:
        images[0].save(path, save_all=True, append_images=images[1:], duration=100, loop=0)
    else:
        images[0].save(path)


def test_build_and_checker_give_the_same_image_findings(tmp_path: Path) -> None:
    """The checker decodes with the build's image code and the site's own limits."""
    content, output = tmp_path / "content", tmp_path / "output"
    _image(content / "images" / "grande.png", (100, 100))
    _image(content / "images" / "lourde.png", (60, 60))
    _image(content / "images" / "cmjn.jpg", (20, 20), "CMYK")
    _image(content / "images" / "anim.gif", (20, 20), "P", frames=2)
    body = "\n\n".join(f"![photo {n}]({{static}}/images/{n})"
                       for n in ("grande.png", "lourde.png", "cmjn.jpg", "anim.gif",
                                 "lourd.png"))
    (content / "news").mkdir()
    (content / "news" / "photos.md").write_text(
        "Title: Photos\nDate: 2026-11-02\nSummary: Des photos.\nKind: info\n\n" + body + "\n",
        encoding="utf-8")
    limits = {"HUB_IMAGE_MAX_PIXELS": 5000, "HUB_IMAGE_HEAVY_PIXELS": 2000,
              "HUB_IMAGE_CACHE": str(tmp_path / "cache")}
    done = build_site(content, output, **limits)
    build = {(line, message) for line, message in
             parse_report(done.stderr).get(str(content / "news/photos.md"), [])}
    report = tmp_path / "check.json"
    extra = [a for k, v in limits.items() for a in ("-e", f"{k}={json.dumps(v)}")]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "HUB_TODAY": TODAY}
    subprocess.run([sys.executable, "-m", "hub.checks", "--content", str(content),
                    "--sources-only", "--format", "json", "--report", str(report),
                    "-e", 'HUB_FEED_IDS=""', *extra],
                   cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    checked = [f for f in json.loads(report.read_text(encoding="utf-8"))["findings"]
               if f["code"].startswith("image-")]
    assert {(f["code"], f["line"]) for f in checked} == {
        ("image-too-large", 6), ("image-heavy", 8), ("image-cmyk", 10), ("image-animated", 12),
        ("image-missing", 14)}
    assert {(f["line"], f["message"]) for f in checked} <= build
    too_large = next(f for f in checked if f["code"] == "image-too-large")
    assert "(plus de 5\u202f000 pixels)" in too_large["message"]


def test_a_refused_file_left_by_an_earlier_build_is_removed(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    (content / "images").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "pages" / "a-propos.md").write_text("Title: À propos\n\nTexte.\n",
                                                   encoding="utf-8")
    (output / "images").mkdir(parents=True)
    (output / "images" / "vieux.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (content / "images" / "vieux.html").write_text("<script>alert(1)</script>",
                                                   encoding="utf-8")
    done = build_site(content, output)
    assert "vieux.html" in done.stderr
    assert not (output / "images" / "vieux.html").exists()


def test_an_svg_drawn_in_a_body_is_published_with_no_finding(tmp_path: Path) -> None:
    """A clean SVG in a page's text is neither decoded as a photo nor reported; in the
    `Image` key it is one finding, the same in the build and the checker."""
    content, output = tmp_path / "content", tmp_path / "output"
    (content / "images").mkdir(parents=True)
    (content / "images" / "plan.svg").write_bytes(ILLUSTRATOR)
    (content / "news").mkdir()
    head = "Title: Plan\nDate: 2026-11-02\nSummary: Le plan des sites.\nKind: info\n"
    (content / "news" / "plan.md").write_text(
        head + "\n![Plan des sites]({static}/images/plan.svg)\n", encoding="utf-8")
    (content / "news" / "vignette.md").write_text(
        head.replace("Title: Plan", "Title: Vignette")
        + "Image: images/plan.svg\nImage-alt: Plan des sites\n\nTexte.\n", encoding="utf-8")
    done = build_site(content, output)
    report = parse_report(done.stderr)
    assert str(content / "news/plan.md") not in report
    assert report[str(content / "news/vignette.md")] == [
        (5, "L'image de la page « images/plan.svg » est un dessin SVG : les vignettes, les "
            "flux et les e-mails ne savent pas l'afficher.")]
    assert (output / "images" / "plan.svg").read_bytes() == ILLUSTRATOR
    page = (output / "actualites" / "plan" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../images/plan.svg"' in page
    checked = tmp_path / "check.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "HUB_TODAY": TODAY}
    subprocess.run([sys.executable, "-m", "hub.checks", "--content", str(content),
                    "--output", str(output), "--format", "json", "--report", str(checked),
                    "-e", 'HUB_FEED_IDS=""'],
                   cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    found = json.loads(checked.read_text(encoding="utf-8"))["findings"]
    assert [(f["code"], Path(f["file"]).name, f["line"]) for f in found
            if f["severity"] == "error"] == [("image-key-svg", "vignette.md", 5)]
