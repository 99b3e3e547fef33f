"""`invoke review` and the comms team's `revue/` page (issue 15): three owners with
overdue, due-soon and fresh pages; the text in French word for word, the JSON, and the
`.eml` drafts read back by Python's `email` package."""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from support import ROOT, TODAY, build_site

SITE = "http://127.0.0.1:8000"


def service(title: str, owner: str, reviewed: str, lifecycle: str = "available") -> str:
    return (f"Title: {title}\nSummary: Un service.\nLifecycle: {lifecycle}\nOwner: {owner}\n"
            "Price: Inclus\nAccess: Sur demande\nSupport: 04 72 00 36 00\n"
            f"Reviewed: {reviewed}\n\nLe service.\n")


FILES = {
    # REVIEW_MAX_AGE_DAYS is 180: due on Reviewed + 180 days; today is 2026-11-23
    "services/messagerie.md": service("Messagerie & agenda", "alice@norelia.fr", "2026-04-01"),
    "services/visio.md": service("Visio « réunions »", "alice@norelia.fr", "2026-06-10"),
    "services/vpn.md": service("Accès distant", "bruno@norelia.fr", "2026-06-20"),
    "services/wifi.md": service("Wi-Fi invités", "bruno@norelia.fr", "2026-11-01"),
    "services/fax.md": service("Fax", "chloe@norelia.fr", "2025-01-01", "pilot"),
    "services/vieux.md": service("Vieux service", "chloe@norelia.fr", "2025-01-01",
                                 "retired").replace("Reviewed:", "Successor: fax\nReviewed:"),
    "constraints/usb.md": "Title: Pourquoi pas de clé USB ?\nDate: 2026-05-01\n"
    "Summary: Les clés.\nRule: Pas de clé.\nReason: security\nAlternatives: vpn\n"
    "Reviewed: 2026-05-30\n\nLa règle.\n",
    "news/fetes.md": "Title: Horaires des fêtes\nDate: 2026-11-10\nSummary: Les horaires.\n"
    "Kind: info\nExpires: 2026-12-01\n\nLes horaires.\n",
    "news/passee.md": "Title: Une vieille annonce\nDate: 2026-10-01\nSummary: Passée.\n"
    "Kind: info\nExpires: 2026-11-01\n\nPassée.\n",
    "news/lointaine.md": "Title: Une annonce lointaine\nDate: 2026-11-01\nSummary: Loin.\n"
    "Kind: info\nExpires: 2027-06-01\n\nLoin.\n",
}

EXPECTED = """\
Pages à relire au 23 novembre 2026 (échéances dans les 30 jours) : 6 pages, 4 responsables.

alice@norelia.fr : 2 pages dont 1 en retard
  - « Messagerie & agenda » (fiche service) : relecture en retard depuis le 28 septembre 2026
    Fichier à modifier : {c}/services/messagerie.md, ligne 8
    Adresse : http://127.0.0.1:8000/services/messagerie/
  - « Visio « réunions » » (fiche service) : à relire avant le 7 décembre 2026
    Fichier à modifier : {c}/services/visio.md, ligne 8
    Adresse : http://127.0.0.1:8000/services/visio/

bruno@norelia.fr : 1 page
  - « Accès distant » (fiche service) : à relire avant le 17 décembre 2026
    Fichier à modifier : {c}/services/vpn.md, ligne 8
    Adresse : http://127.0.0.1:8000/services/vpn/

chloe@norelia.fr : 1 page dont 1 en retard
  - « Fax » (fiche service) : relecture en retard depuis le 30 juin 2025
    Fichier à modifier : {c}/services/fax.md, ligne 8
    Adresse : http://127.0.0.1:8000/services/fax/

Équipe communication (communication-dsi@norelia.fr) : 2 pages
  - « Pourquoi pas de clé USB ? » (contrainte expliquée) : à relire avant le 26 novembre 2026
    Fichier à modifier : {c}/constraints/usb.md, ligne 7
    Adresse : http://127.0.0.1:8000/contraintes/usb/
  - « Horaires des fêtes » (actualité) : expire le 1er décembre 2026
    Fichier à modifier : {c}/news/fetes.md, ligne 5
    Adresse : http://127.0.0.1:8000/actualites/fetes/
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review") / "content"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    # the comms team, who gets the pages without an owner, is the folder's own
    (root / "site.toml").write_text('[contacts]\ncomms = "communication-dsi@norelia.fr"\n',
                                    encoding="utf-8")
    return root


def review(content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "review", "--content", str(content),
         "--today", TODAY, *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_review_lists_overdue_and_due_soon_pages_by_owner_in_french(content: Path):
    result = review(content)
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED.format(c=content)


def test_review_horizon_follows_days(content: Path):
    result = review(content, "--days", "0")
    assert result.returncode == 0, result.stderr
    assert "2 pages, 2 responsables." in result.stdout.splitlines()[0]
    assert "Visio" not in result.stdout


def test_review_json_gives_the_same_list(content: Path):
    result = review(content, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"] == {"pages": 6, "owners": 4, "overdue": 2}
    assert [o["owner"] for o in data["owners"]] == [
        "alice@norelia.fr", "bruno@norelia.fr", "chloe@norelia.fr",
        "communication-dsi@norelia.fr"]
    first = data["owners"][0]["pages"][0]
    assert first == {
        "owner": "alice@norelia.fr", "title": "Messagerie & agenda", "type": "Fiche service",
        "reason": "relecture", "due": "2026-09-28", "since": "2026-04-01",
        "status": "overdue", "file": f"{content}/services/messagerie.md", "line": 8,
        "url": "http://127.0.0.1:8000/services/messagerie/"}


def test_review_writes_one_unsent_draft_per_owner(content: Path, tmp_path: Path):
    drafts = tmp_path / "rappels"
    result = review(content, "--eml", str(drafts))
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in drafts.iterdir())
    assert files == ["alice-at-norelia.fr.eml", "bruno-at-norelia.fr.eml",
                     "chloe-at-norelia.fr.eml", "communication-dsi-at-norelia.fr.eml"]
    message = email.message_from_bytes((drafts / files[0]).read_bytes(),
                                       policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "alice@norelia.fr"
    assert message["From"] == "communication-dsi@norelia.fr"
    assert message["Subject"] == "[Hub] 2 pages à relire d'ici le 23 décembre 2026"
    body = message.get_content()
    assert "« Messagerie & agenda » (fiche service) : relecture en retard" in body
    assert f"{SITE}/services/visio/" in body
    assert "Accès distant" not in body  # another owner's page


def test_review_refuses_a_bad_days_value_in_french(content: Path):
    result = review(content, "--days", "trente")
    assert result.returncode == 2
    assert "--days doit être un nombre de jours positif ou nul, pas « trente »" in result.stderr
    assert "Traceback" not in result.stderr


def test_revue_page_is_for_the_comms_team_only(content: Path, tmp_path: Path):
    out = tmp_path / "site"
    result = build_site(content, out, HUB_SEARCH=False)
    assert result.returncode == 0, result.stderr
    page = lxml.html.parse(str(out / "revue" / "index.html")).getroot()
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    assert not page.xpath("//*[@data-pagefind-body]")
    rows = page.xpath("//table[@class='review-pages']/tbody/tr")
    assert len(rows) == 6
    assert rows[0].get("class") == "overdue"
    owners = [r.xpath("string(th)") for r in page.xpath("//table[@class='review-owners']/tbody/tr")]
    assert owners[0] == "alice@norelia.fr"
    data = json.loads((out / "revue" / "pages.json").read_text(encoding="utf-8"))
    assert data["summary"]["pages"] == 6
    assert "revue/" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "revue/" not in home
    for feed in (out / "flux").rglob("*.xml"):
        assert "revue/" not in feed.read_text(encoding="utf-8")
