"""The comms team's French report: one page, no script, charts drawn as inline SVG.

Each chart has its table beside it (in a `<details>`), so the figures are read by screen
readers and copied into a spreadsheet as they are.
"""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass
from pathlib import Path

import jinja2

from hub.model import CONSTRAINT, SERVICE, STORY, ContentType
from hub.site.typography import NBSP, french_date
from hub.stats.meaning import ItemRef
from hub.stats.tally import Tally

TEMPLATES = Path(__file__).with_name("templates")
UNREAD_DAYS = 90  # a page nobody read over this long is to promote or to retire
TOP = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str = ""


@dataclass(frozen=True)
class Ranking:
    """The most and least read items of one type."""

    ctype: ContentType
    most: list[Bar]
    least: list[Bar]


@dataclass(frozen=True)
class Todo:
    text: str
    command: str = ""


def _bars(pairs: list[tuple[ItemRef, int]], site: str) -> list[Bar]:
    return [Bar(ref.title, n, f"{site}/{ref.url}") for ref, n in pairs]


def rankings(tally: Tally, site: str) -> list[Ranking]:
    out = []
    for ctype in (SERVICE, STORY, CONSTRAINT):
        pairs = [(ref, n) for ref, n in tally.items() if ref.type_id == ctype.id]
        if pairs:
            least = sorted(pairs, key=lambda p: (p[1], p[0].url))[:TOP]
            out.append(Ranking(ctype, _bars(pairs[:TOP], site), _bars(least, site)))
    return out


def todos(tally: Tally) -> list[Todo]:
    """What to do next, from what the figures show."""
    out: list[Todo] = []
    services = [(ref, n) for ref, n in tally.items() if ref.type_id == SERVICE.id]
    read = sorted(n for _, n in services if n)
    threshold = max(tally.min_count, read[len(read) // 2] if read else 0)
    for ref, n in services:
        if n >= threshold and ref.url not in tally.site.featured:
            out.append(Todo(f"« {ref.title} » a été lue {n} fois et aucune histoire ne la "
                            "montre : écrivez une histoire d'usage.",
                            f"./hub new-story --title {shlex.quote('Une équipe et ' + ref.title)}"))
    start, end = tally.period
    days = (end - start).days + 1 if start and end else 0
    for ref, n in tally.items():
        if n == 0:
            when = (f"en {UNREAD_DAYS} jours" if days >= UNREAD_DAYS
                    else f"sur la période ({days} jours)")
            out.append(Todo(f"« {ref.title} » ({ref.type_label.lower()}) n'a été lue par "
                            f"personne {when} : à promouvoir ou à retirer ({ref.file})."))
    return out


def missing_page_commands(query: str) -> tuple[str, str]:
    """How to answer a search without result: a new page, or a `Keywords` line."""
    title = query[:1].upper() + query[1:]
    return (f"./hub new-service --title {shlex.quote(title)}", f"Keywords: {query}")


def _date(value: dt.date | None) -> str:
    return french_date(value).replace(NBSP, " ") if value else "—"


def render(tally: Tally, site_name: str, site: str) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    start, end = tally.period
    weeks = [Bar(w, n) for w, n in tally.weekly()]
    searches = [(q, n, *missing_page_commands(q)) for q, n in tally.named(tally.searches)]
    unhelpful = sorted(
        ((ref, *tally.answers(ref.url)) for ref, _ in tally.items()
         if sum(tally.answers(ref.url))),
        key=lambda r: (-r[2] / (r[1] + r[2]), -r[2], r[0].url))
    followers = [f.as_json(url) for url, f in sorted(tally.followers.items())]
    return env.get_template("rapport.html").render(
        site_name=site_name, site=site, start=_date(start), end=_date(end), tally=tally,
        weeks=weeks, week_max=max((b.value for b in weeks), default=0) or 1,
        rankings=rankings(tally, site), searches=searches,
        searches_unnamed=tally.unnamed(tally.searches), unhelpful=unhelpful[:TOP],
        followers=followers, todos=todos(tally), total=sum(tally.views.values()))


def write(tally: Tally, folder: Path, site_name: str, site: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "index.html"
    target.write_text(render(tally, site_name, site), encoding="utf-8")
    return target
