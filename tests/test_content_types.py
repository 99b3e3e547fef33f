"""The content model drives the site: a type declared once gets its pages, listing, feed,
navigation entry and `new-` task, and the project's own types read their texts from it.

tests/fixtures/toy-type/ is a project with a type of its own (folder, keys, one
template), declared in its settings file only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import lxml.html
import pytest
from hub.department import Department
from hub.model import CONTENT_TYPES, SERVICE, ContentType, Listing, register_type
from hub.source import placeholders
from support import FIXTURES, ROOT, build_site

TOY = FIXTURES / "toy-type"
TOY_CONF = TOY / "toyconf.py"
GOLDEN = ROOT / "tests" / "golden" / "mini-site"


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HUB_SETTINGS": str(TOY_CONF)}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


def page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def toy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The toy project: its sample toy, plus one made by `invoke new-toy`."""
    tmp = tmp_path_factory.mktemp("toy")
    content = tmp / "content"
    shutil.copytree(TOY / "content", content)
    made = invoke("new-toy", "--title", "Le yoyo", "--content", str(content))
    assert made.returncode == 0, made.stderr
    scaffold = content / "jouets" / "le-yoyo.md"
    text = scaffold.read_text(encoding="utf-8")
    assert "Title: Le yoyo" in text and "Colour: rouge" in text
    # The writer fills the summary and the text, removes the scaffold's comment, as it
    # asks, and dates the file before the frozen "today" of the tests.
    text = text.replace("Summary: ", "Summary: Un yoyo qui revient toujours.")
    text = re.sub(r"<!--.*?-->\n", "", text, flags=re.DOTALL)
    text = text.replace(placeholders.SAMPLE_TEXT, "Un yoyo en bois, qui revient toujours.")
    text = re.sub(r"^Date: .*$", "Date: 2026-11-21", text, flags=re.MULTILINE)
    scaffold.write_text(text, encoding="utf-8")
    output = tmp / "out"
    result = build_site(content, output, conf=str(TOY_CONF.relative_to(ROOT)),
                        HUB_SEARCH=False)
    assert result.returncode == 0, result.stderr[-3000:]
    said = result.stdout + result.stderr
    assert "WARNING" not in said and "ERROR" not in said, said
    return output


@pytest.fixture(scope="module")
def toy_content(toy_site: Path) -> Path:
    return toy_site.parent / "content"


def test_the_toy_type_has_its_new_task_with_its_help():
    listed = invoke("--list")
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if x.strip().startswith("new-toy"))
    assert "Créer un jouet pré-rempli." in line
    helped = invoke("--help", "new-toy")
    assert "--title" in helped.stdout and "--slug" in helped.stdout


def test_the_toy_pages_use_their_own_template(toy_site: Path):
    for slug, title in (("toupie", "La toupie de la DSI"), ("le-yoyo", "Le yoyo")):
        doc = page(toy_site / "jouets" / slug / "index.html")
        assert doc.xpath("string(//article[@class='toy']/h1)") == title
        assert doc.xpath("string(//p[@class='toy-colour'])") == "Couleur : rouge"
        crumbs = doc.xpath("//nav[@class='breadcrumb']//a/text()")
        assert crumbs == ["Accueil", "Les jouets"]


def test_the_toy_listing_shows_its_items(toy_site: Path):
    doc = page(toy_site / "jouets" / "index.html")
    assert doc.xpath("string(//h1)") == "Les jouets"
    assert doc.xpath("string(//p[@class='lead'])") == "Les jouets que la DSI prête aux équipes."
    titles = doc.xpath("//h2[@class='card-title']/a/text()")
    assert sorted(titles) == ["La toupie de la DSI", "Le yoyo"]


def test_the_toy_feed_and_the_feed_of_everything_hold_the_toys(toy_site: Path):
    own = feedparser.parse((toy_site / "flux" / "jouets" / "rss.xml").read_bytes())
    assert own.feed.title == "Le hub de la DSI : jouets"
    assert own.feed.description == "Les jouets que la DSI prête aux équipes."
    assert sorted(e.title for e in own.entries) == ["La toupie de la DSI", "Le yoyo"]
    everything = feedparser.parse((toy_site / "flux" / "tout" / "rss.xml").read_bytes())
    assert {"La toupie de la DSI", "Le yoyo"} <= {e.title for e in everything.entries}
    opml = (toy_site / "flux" / "abonnements.opml").read_text(encoding="utf-8")
    assert "flux/jouets/rss.xml" in opml


def test_the_toy_type_is_in_the_navigation_after_the_others(toy_site: Path):
    doc = page(toy_site / "index.html")
    labels = doc.xpath("//nav[@class='site-nav']//a/text()")
    assert labels == ["Services", "Histoires d'usage", "Contraintes expliquées",
                      "Actualités", "Glossaire", "La lettre", "Jouets"]
    assert doc.xpath("//nav[@class='site-nav']//a/@href")[-1] == "./jouets/"


def test_the_checker_knows_the_toy_type(toy_site: Path, toy_content: Path):
    checked = invoke("check", "--content", str(toy_content), "--output", str(toy_site))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Aucun problème : 2 fichier(s) source" in checked.stdout


def test_a_type_cannot_take_a_folder_already_declared():
    clash = ContentType(id="other", folder=SERVICE.folder, label="Autre", plural="Autres",
                        dated=False, fields=(), url="autres/{slug}/")
    with pytest.raises(ValueError, match="already declared"):
        register_type(clash)
    assert all(t.id != "other" for t in CONTENT_TYPES)


@pytest.mark.parametrize("ctype", [t for t in CONTENT_TYPES if t.listing],
                         ids=lambda t: t.id)
def test_each_listing_and_its_feed_say_the_models_intro(ctype: ContentType):
    assert isinstance(ctype.listing, Listing)
    doc = page(GOLDEN / ctype.index_url / "index.html")
    words = Department().fill  # the model names the IT department with placeholders
    assert doc.xpath("string(//h1)") == words(ctype.index_title)
    assert doc.xpath("string(//p[@class='lead'])") == words(ctype.listing.intro)
    feed = GOLDEN / "flux" / ctype.index_url / "rss.xml"
    if ctype.feed is not None and not ctype.feed.description:
        assert feedparser.parse(feed.read_bytes()).feed.description == words(ctype.listing.intro)


def test_the_navigation_is_the_models():
    doc = page(GOLDEN / "index.html")
    links = doc.xpath("//nav[@class='site-nav']//a")
    navigated = sorted((t for t in CONTENT_TYPES if t.nav), key=lambda t: t.nav.order)
    assert [a.text for a in links] == [t.nav_label for t in navigated]
    assert [a.get("href") for a in links] == ["./" + t.index_url for t in navigated]


# Strings spelled like a type id that mean something else.
NOT_TYPES = {
    ("plugins/hub/checks/sources.py", "news"),  # the news: URL scheme
    ("plugins/hub/source/corpus.py", "page"),  # French: a link's target is "une page"
    ("plugins/hub/build/incremental.py", "page"),  # Pelican's keyword of a page's writing
    ("plugins/hub/build/writer.py", "page"),
    ("plugins/hub/feeds/generator.py", "edition"),  # the e-mail template's variable
    ("plugins/hub/stats/meaning.py", "page"),  # avis/?page=…: the answered page's address
}
TYPE_IDS = {t.id for t in CONTENT_TYPES}


def python_literals(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_no_type_id_is_written_outside_the_model():
    files = [*sorted((ROOT / "plugins" / "hub").rglob("*.py")), ROOT / "tasks.py",
             ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
    found = []
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        if rel == "plugins/hub/model.py":
            continue
        found += [(rel, w) for w in sorted(python_literals(path) & TYPE_IDS)
                  if (rel, w) not in NOT_TYPES]
    quoted = re.compile(r"""['"]([a-z]+)['"]""")
    for path in sorted((ROOT / "theme" / "templates").glob("*.html")):
        if path.stem in {t.template for t in CONTENT_TYPES}:
            continue  # a type's own template may know its type
        text = path.read_text(encoding="utf-8")
        for code in re.findall(r"\{[{%](.*?)[}%]\}", text, flags=re.DOTALL):
            found += [(path.name, w) for w in quoted.findall(code) if w in TYPE_IDS]
    assert not found
