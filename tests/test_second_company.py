"""A second company end to end (issue 23): a bus and tram operator whose IT department is
« la Direction du numérique », with its own site.toml (name, audiences, logo, colour,
contacts). Its published site carries no trace of the sample company nor of « DSI »
anywhere (pages, feeds, OPML, calendars, the letter ready to send, the search index's
text), shows its audiences, its logo in the header and the letter, its colour in the CSS,
and checks with no error nor warning."""

from __future__ import annotations

import email
import email.policy
import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hub import colours
from support import FIXTURES, ROOT, TODAY, build_site

COMPANY = FIXTURES / "second-company"
FORBIDDEN = re.compile(r"Norélia|norelia|DSI")
LOGO = "images/logo-estuaire.svg"
COLOUR = "#7a1f5c"
PAGEFIND_SIGNATURE = b"pagefind_dcd"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("second")
    content, output = base / "content", base / "site"
    shutil.copytree(COMPANY, content)
    result = build_site(content, output, HUB_FEED_IDS="feed-ids.json",
                        HUB_REDIRECTS="anciennes-adresses.json")
    assert result.returncode == 0, result.stderr
    return output


def eml_text(path: Path) -> str:
    """Every header and decoded part of the letter ready to send."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    parts = [str(value) for _key, value in message.items()]
    for part in message.walk():
        if not part.is_multipart():
            content = part.get_content()
            parts.append(content if isinstance(content, str) else "")
    return "\n".join(parts)


def published_texts(output: Path) -> dict[str, str]:
    """The text of every published file a reader or a client sees, decoded."""
    texts = {}
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        rel = path.relative_to(output).as_posix()
        data = path.read_bytes()
        if path.suffix == ".eml":
            texts[rel] = eml_text(path)
        elif path.suffix == ".pf_fragment":
            texts[rel] = gzip.decompress(data).removeprefix(PAGEFIND_SIGNATURE).decode()
        elif path.suffix in (".html", ".xml", ".opml", ".ics", ".json", ".css", ".js",
                             ".svg", ".txt"):
            texts[rel] = data.decode("utf-8")
    return texts


def test_no_trace_of_the_sample_company_nor_of_dsi_anywhere(site: Path) -> None:
    texts = published_texts(site)
    kinds = {Path(rel).suffix for rel in texts}
    assert {".html", ".xml", ".opml", ".ics", ".eml", ".pf_fragment", ".css"} <= kinds
    leaks = {rel: FORBIDDEN.findall(text) for rel, text in texts.items()
             if FORBIDDEN.search(text)}
    assert leaks == {}


def test_its_department_and_audiences_are_named(site: Path) -> None:
    subscribe = (site / "s-abonner" / "index.html").read_text(encoding="utf-8")
    assert "S'abonner aux nouvelles de la Direction du numérique" in subscribe
    audiences = (site / "publics" / "index.html").read_text(encoding="utf-8")
    assert "Conducteurs et conductrices" in audiences and "Ateliers de maintenance" in audiences
    term = (site / "glossaire" / "amplitude" / "index.html").read_text(encoding="utf-8")
    assert ">Côté Direction du numérique</h2>" in term
    home = (site / "index.html").read_text(encoding="utf-8")
    assert ('<p class="site-footer-help">Besoin d\'aide&nbsp;? L\'assistance&nbsp;: '
            '<a href="https://support.estuaire-transports.intra">') in home
    letter = eml_text(site / "editions" / "2026-11" / "lettre.eml")
    assert "La lettre de la Direction du numérique" in letter
    assert "Tout le personnel <personnel@estuaire-transports.fr>" in letter


def test_its_logo_is_in_the_header_the_favicon_and_the_letter(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="icon" href="[./]*' + re.escape(LOGO) + r'" type="image/svg\+xml">',
                     home)
    assert re.search(r'<a class="site-name" href="[^"]*"><img class="site-logo-image" src="[./]*'
                     + re.escape(LOGO) + '" alt=""', home)
    letter = (site / "editions" / "2026-11" / "email.html").read_text(encoding="utf-8")
    assert f'src="https://portail.estuaire-transports.intra/{LOGO}"' in letter \
        or f'{LOGO}"' in letter
    assert (site / LOGO).is_file()


def test_its_colour_drives_the_theme(site: Path) -> None:
    css = (site / "theme" / "css" / "couleurs.css").read_text(encoding="utf-8")
    assert f"--brand: {COLOUR};" in css
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="stylesheet" href="[./]*theme/css/couleurs.css">', home)
    palette = colours.palette(COLOUR)
    assert colours.contrast(colours.WHITE, palette.brand) >= colours.AA
    for ground in (colours.PAPER, colours.FOOTER, palette.brand_tint):  # where links are
        assert colours.contrast(palette.link, ground) >= colours.AA


def test_it_checks_with_no_error_nor_warning(site: Path, tmp_path: Path) -> None:
    content = site.parent / "content"
    report = tmp_path / "report.json"
    subprocess.run(
        [sys.executable, "-m", "hub.checks", "--content", str(content), "--output", str(site),
         "--format", "json", "--report", str(report), "-e", f'HUB_TODAY="{TODAY}"',
         "-e", 'HUB_FEED_IDS="feed-ids.json"'],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False)
    found = json.loads(report.read_text(encoding="utf-8"))
    assert found["summary"]["errors"] == 0 and found["summary"]["warnings"] == 0, found
