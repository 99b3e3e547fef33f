"""Calendars in real builds, read by icalendar and imported by khal (a second client).

One small site is built several times in a row, with its identity registry kept between
builds, as a writer's repository would: a rename keeps an event's UID, a new `Starts`
raises its SEQUENCE, a removed event comes back cancelled.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from support import build_site

PARIS = ZoneInfo("Europe/Paris")
SERVICES = {
    "services/serveur.md": "Title: Serveur de fichiers\nSummary: Les lecteurs S: et H:.\n"
    "Lifecycle: retiring\nSuccessor: espace\nRetirement: 2027-06-30\n"
    "Owner: a.b@norelia.fr\nPrice: Inclus\nAccess: Sur demande\nSupport: 04 72 00 36 00\n"
    "Reviewed: 2026-11-01\n\nLe service.\n",
    "services/espace.md": "Title: Espace projets\nSummary: Les dossiers partagés.\n"
    "Lifecycle: available\nOwner: a.b@norelia.fr\nPrice: Inclus\nAccess: Sur demande\n"
    "Support: 04 72 00 36 00\nReviewed: 2026-11-01\n\nLe service.\n",
    "services/visio.md": "Title: Visioconférence\nSummary: Les réunions à distance.\n"
    "Lifecycle: pilot\nOwner: a.b@norelia.fr\nPrice: Inclus\nAccess: Sur demande\n"
    "Support: 04 72 00 36 00\nReviewed: 2026-11-01\n\nRien de prévu pour ce service.\n",
    "stories/espace.md": "Title: Une équipe déménage\nDate: 2026-11-10\n"
    "Summary: Une histoire.\nServices: espace\nFeature: dossiers partagés\n\nUne histoire.\n",
}
CUT = ("Title: Messagerie coupée samedi matin\nDate: 2026-11-20\n"
       "Summary: La messagerie est coupée pour une mise à jour.\nKind: change\n"
       "Services: espace\nStarts: {starts}\nEnds: 2026-12-12 09:00\nAudience: siege\n\n"
       "Pendant deux heures, la messagerie ne répond pas. Les e-mails attendent chez le "
       "fournisseur et arrivent ensuite, aucun ne se perd.\n")
TRAINING = ("Title: Formation à l'Espace projets\nDate: 2026-11-18\n"
            "Summary: Deux jours pour apprendre.\nKind: info\nStarts: 2027-01-11\n"
            "Ends: 2027-01-12\n\nDeux jours de formation, sur inscription, au siège.\n")
EDITION = "editions/lettre.md", "Title: La lettre de novembre\nDate: 2026-11-22\n\nL'édito.\n"


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def build(content: Path, output: Path) -> Path:
    if output.exists():
        shutil.rmtree(output)
    result = build_site(content, output, HUB_FEED_IDS="feed-ids.json")
    assert result.returncode == 0, result.stderr[-3000:]
    return output


def events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Four builds: first, same content again, renamed and moved, removed."""
    root = tmp_path_factory.mktemp("calendars")
    content = root / "content"
    write(content, {**SERVICES, "news/coupure.md": CUT.format(starts="2026-12-12 07:00"),
                    "news/formation.md": TRAINING, EDITION[0]: EDITION[1]})
    found = {"first": build(content, root / "first")}
    found["again"] = build(content, root / "again")
    (content / "news/coupure.md").unlink()
    write(content, {"news/coupure-messagerie-samedi.md":
                    CUT.format(starts="2026-12-12 06:30")})
    found["moved"] = build(content, root / "moved")
    (content / "news/coupure-messagerie-samedi.md").unlink()
    found["removed"] = build(content, root / "removed")
    return found


def test_every_calendar_is_read_by_icalendar_with_its_events(history: dict[str, Path]) -> None:
    flux = history["first"] / "flux"
    empty = []
    for path in sorted(flux.rglob("*.ics")):  # every file: a calendar with events inside
        parsed = icalendar.Calendar.from_ical(path.read_bytes())
        assert str(parsed["version"]) == "2.0" and str(parsed["method"]) == "PUBLISH", path
        assert parsed.subcomponents, path  # RFC 5545: at least one component
        if not parsed.walk("VEVENT"):  # nothing planned yet: its time zone, to subscribe
            assert [str(z["tzid"]) for z in parsed.walk("VTIMEZONE")] == ["Europe/Paris"]
            empty.append(path.relative_to(flux).as_posix())
        for event in parsed.walk("VEVENT"):
            assert str(event["uid"]).endswith("@hub-dsi") and str(event["url"]), path
    assert empty == ["services/visio/agenda.ics"]
    everything = icalendar.Calendar.from_ical((flux / "tout/agenda.ics").read_bytes())
    assert str(everything["refresh-interval"].to_ical().decode()) == "PT12H"
    assert everything["x-published-ttl"].to_ical().decode() == "PT12H"
    assert [str(z["tzid"]) for z in everything.walk("VTIMEZONE")] == ["Europe/Paris"]
    found = events(flux / "tout/agenda.ics")
    assert sorted(found) == ["Fin du service « Serveur de fichiers »",
                             "Formation à l'Espace projets",
                             "Messagerie coupée samedi matin",
                             "Parution de la lettre : La lettre de novembre"]
    cut = found["Messagerie coupée samedi matin"]
    assert cut.decoded("dtstart") == dt.datetime(2026, 12, 12, 7, tzinfo=PARIS)
    assert cut.decoded("dtend") == dt.datetime(2026, 12, 12, 9, tzinfo=PARIS)
    assert str(cut["url"]).endswith("/actualites/coupure/")
    retirement = found["Fin du service « Serveur de fichiers »"]
    assert retirement.decoded("dtstart") == dt.date(2027, 6, 30)
    assert retirement.decoded("dtend") == dt.date(2027, 7, 1)
    assert "remplacé par « Espace projets »" in str(retirement["description"])
    training = found["Formation à l'Espace projets"]  # Ends is the last day, included
    assert training.decoded("dtend") == dt.date(2027, 1, 13)
    for event in found.values():
        assert str(event["status"]) == "CONFIRMED" and int(event["sequence"]) == 0
    # Per audience: the cut is for the head office only; per service: its events.
    assert "Messagerie coupée samedi matin" in events(flux / "publics/siege/agenda.ics")
    assert "Messagerie coupée samedi matin" not in events(flux / "publics/usines/agenda.ics")
    assert len(events(flux / "publics/usines/agenda.ics")) == 3
    assert sorted(events(flux / "services/espace/agenda.ics")) == [  # and its predecessor's end
        "Fin du service « Serveur de fichiers »", "Messagerie coupée samedi matin"]
    assert sorted(events(flux / "services/serveur/agenda.ics")) == [
        "Fin du service « Serveur de fichiers »"]


def test_same_content_gives_the_same_bytes(history: dict[str, Path]) -> None:
    for path in sorted((history["first"] / "flux").rglob("*.ics")):
        rel = path.relative_to(history["first"])
        assert (history["again"] / rel).read_bytes() == path.read_bytes(), rel


def test_a_page_with_an_event_links_its_one_event_file(history: dict[str, Path]) -> None:
    page = (history["first"] / "actualites/coupure/index.html").read_text(encoding="utf-8")
    assert "Ajouter à mon agenda" in page
    one = history["first"] / "flux/evenements/actualites-coupure.ics"
    assert list(events(one)) == ["Messagerie coupée samedi matin"]
    service = (history["first"] / "services/serveur/index.html").read_text(encoding="utf-8")
    assert "flux/evenements/services-serveur.ics" in service
    other = (history["first"] / "services/espace/index.html").read_text(encoding="utf-8")
    assert "Ajouter à mon agenda" not in other
    subscribe = (history["first"] / "s-abonner/index.html").read_text(encoding="utf-8")
    assert "flux/tout/agenda.ics" in subscribe and "À partir d'Internet" in subscribe
    opml = (history["first"] / "flux/abonnements.opml").read_text(encoding="utf-8")
    assert "agenda.ics" not in opml


def test_a_renamed_item_keeps_its_uid_and_a_moved_start_raises_sequence(
        history: dict[str, Path]) -> None:
    before = events(history["first"] / "flux/tout/agenda.ics")["Messagerie coupée samedi matin"]
    after = events(history["moved"] / "flux/tout/agenda.ics")["Messagerie coupée samedi matin"]
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == 1
    assert after.decoded("dtstart") == dt.datetime(2026, 12, 12, 6, 30, tzinfo=PARIS)
    assert str(after["url"]).endswith("/actualites/coupure-messagerie-samedi/")
    unchanged = events(history["moved"] / "flux/tout/agenda.ics")["Formation à l'Espace projets"]
    assert int(unchanged["sequence"]) == 0


def test_a_removed_event_comes_back_cancelled(history: dict[str, Path]) -> None:
    for calendar in ("tout", "publics/siege", "services/espace"):  # where it was
        found = events(history["removed"] / f"flux/{calendar}/agenda.ics")
        cut = found["Messagerie coupée samedi matin"]
        assert str(cut["status"]) == "CANCELLED", calendar
        assert int(cut["sequence"]) == 2
    assert "Messagerie coupée samedi matin" not in events(
        history["removed"] / "flux/publics/usines/agenda.ics")
    assert not (history["removed"] / "flux/evenements/actualites-coupure-messagerie-samedi.ics"
                ).exists()


KHAL_CONFIG = """[calendars]
[[hub]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
default_timezone = Europe/Paris
local_timezone = Europe/Paris
"""


def khal(folder: Path, *args: str) -> str:
    """Run khal on its own calendar folder under `folder`; its standard output."""
    config = folder / "khal.conf"
    if not config.exists():
        (folder / "cal").mkdir(parents=True)
        config.write_text(KHAL_CONFIG.format(path=folder / "cal"), encoding="utf-8")
    env = {"HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"),
           "XDG_CONFIG_HOME": str(folder), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run(["khal", "-c", str(config), *args], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def khal_import(folder: Path, path: Path) -> str:
    """`path` imported into an empty khal calendar; khal's list of 2026 and 2027."""
    khal(folder, "import", "--batch", "-a", "hub", str(path))
    return khal(folder, "list", "--format", "{start} {title} [{status}]",
                "2026-01-01", "2027-12-31")


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal (Debian) is not installed")
def test_khal_imports_every_calendar(history: dict[str, Path], tmp_path: Path) -> None:
    """A second, independent client: khal imports each file into an empty calendar."""
    files = sorted((history["first"] / "flux").rglob("*.ics"))
    assert len(files) >= 6
    for number, path in enumerate(files):
        listed = khal_import(tmp_path / str(number), path)
        titles = events(path)
        assert len(list((tmp_path / str(number) / "cal").glob("*.ics"))) == len(titles), path
        for title in titles:
            assert title in listed, (path, listed)
        if "Messagerie coupée samedi matin" in titles:
            assert "2026-12-12 07:00 Messagerie coupée samedi matin [CONFIRMED" in listed
    removed = khal_import(tmp_path / "removed", history["removed"] / "flux/tout/agenda.ics")
    assert "2026-12-12 06:30 Messagerie coupée samedi matin [CANCELLED" in removed


def test_a_cancelled_event_is_forgotten_after_the_kept_days() -> None:
    from hub.feeds.calendar import Event, track

    event = Event("u@hub-dsi", "Coupure", "", "actualites/c/", dt.date(2026, 12, 12),
                  dt.date(2026, 12, 13), ("tout",))
    first = track([event], {}, dt.date(2026, 11, 1), keep_days=60)
    assert first["u@hub-dsi"].sequence == 0 and not first["u@hub-dsi"].cancelled
    gone = track([], first, dt.date(2026, 11, 2), keep_days=60)
    assert gone["u@hub-dsi"].cancelled == "2026-11-02" and gone["u@hub-dsi"].sequence == 1
    assert track([], gone, dt.date(2027, 1, 1), keep_days=60) == gone  # 60 days later
    assert track([], gone, dt.date(2027, 1, 2), keep_days=60) == {}
    back = track([event], gone, dt.date(2026, 11, 3), keep_days=60)["u@hub-dsi"]
    assert not back.cancelled and back.sequence == 2  # published again, newer than the cancel


def test_a_broken_event_in_the_registry_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    import json

    from hub.feeds.identity import IdentityRegistry

    path = tmp_path / "feed-ids.json"
    path.write_text(json.dumps({"items": [], "events": [{"uid": "x", "sequence": "un"}]}),
                    encoding="utf-8")
    registry = IdentityRegistry.load(path)
    assert registry.problem is not None
    assert registry.problem[0] == "feed-ids-broken"
    assert "événement n° 1" in registry.problem[2]["detail"]
    assert not registry.save(path)  # never written over
