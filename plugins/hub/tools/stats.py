"""`invoke stats`: the task's body — read the logs, count, write the reports.

Only counts leave this module: the text summary, the JSON report and the HTML page hold
no address, user agent or identifier (`hub.stats.tally`).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hub.paths import site_url
from hub.settings import SettingsError, load
from hub.source import sitefile
from hub.source.corpus import display_root, scan
from hub.stats import report
from hub.stats.logs import requests
from hub.stats.meaning import SiteAddresses
from hub.stats.tally import Tally

CANNOT_RUN = 2
FORMATS = ("text", "json")


class StatsUnavailable(Exception):
    """A French sentence saying why the command cannot run."""


def _day(value: str, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StatsUnavailable(f"{option} attend une date AAAA-MM-JJ, pas « {value} ».") from None


def _progress(name: str, size: int) -> Callable[[int], None] | None:
    """A progress line on a terminal (never in a file or a pipe)."""
    if not sys.stderr.isatty() or size <= 0:
        return None

    def show(done: int) -> None:
        print(f"\rLecture de {name} : {min(100, done * 100 // size)} %", end="",
              file=sys.stderr, flush=True)
    return show


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def as_text(tally: Tally) -> str:
    """A short French summary for the terminal."""
    start, end = tally.period
    out = [f"Période : du {start or '—'} au {end or '—'}.",
           f"{_plural(tally.read, 'ligne lue', 'lignes lues')}, "
           f"{_plural(sum(tally.views.values()), 'lecture de page', 'lectures de pages')}."]
    read = [(ref, n) for ref, n in tally.items() if n][:10]
    if read:
        out += ["", "Les pages les plus lues :"]
        out += [f"  {n:>6}  {ref.title} ({ref.url})" for ref, n in read]
    searches = tally.named(tally.searches)
    if searches:
        out += ["", "Recherches sans résultat :"]
        out += [f"  {n:>6}  « {q} »" for q, n in searches]
    followers = [f.as_json(url) for url, f in sorted(tally.followers.items())]
    if followers:
        out += ["", "Abonnés aux flux et agendas :"]
        out += [f"  {f['readers'] + f['subscribers']:>6}  {f['url']}" for f in followers]
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class PublishedSite:
    name: str
    url: str  # absolute, no trailing slash


def _count(settings_file: Path, logs: list[str], content: Path, label: str | None,
           since: str, until: str, fmt: str) -> tuple[Tally, PublishedSite]:
    from pelican.settings import read_settings

    if not logs:
        raise StatsUnavailable("donnez au moins un journal avec --log FICHIER.")
    if fmt not in FORMATS:
        raise StatsUnavailable(f"le format « {fmt} » n'existe pas (text ou json).")
    if not content.is_dir():
        raise StatsUnavailable(f"le dossier de contenu « {label or content} » n'existe pas.")
    paths = [Path(log) for log in logs]
    for path in paths:
        if not path.is_file():
            raise StatsUnavailable(f"le journal « {path} » n'existe pas ou n'est pas un fichier.")
    try:
        raw = dict(read_settings(str(settings_file)))
        sitefile.apply(raw, content)
        settings = load(raw)
    except SettingsError as exc:
        raise StatsUnavailable(str(exc)) from None
    published = settings.HUB_SITE_URL or settings.HUB_FEED_SITEURL
    site = PublishedSite(str(raw.get("SITENAME") or ""), site_url(raw, published))
    corpus = scan(content, settings, label)
    tally = Tally(SiteAddresses.of(corpus, site.url, display_root(content, label)),
                  since=_day(since, "--since"), until=_day(until, "--until"),
                  min_count=settings.HUB_STATS_MIN_COUNT)
    for path in paths:
        progress = _progress(path.name, path.stat().st_size)
        try:
            for entry in requests(path, path.name, progress):
                tally.add(entry)
        except (OSError, EOFError) as exc:  # a truncated gzip, a file that went away
            print(f"\nLe journal « {path.name} » s'arrête avant sa fin ({exc.__class__.__name__}) :"
                  " ce qui précède est compté.", file=sys.stderr)
        if progress is not None:
            print(file=sys.stderr)
    return tally, site


def run(settings_file: Path, logs: list[str], content: Path, content_label: str | None,
        since: str = "", until: str = "", fmt: str = "text", report_file: str = "",
        html: str = "") -> int:
    """The task's body; 2 when it cannot run (one French sentence on stderr)."""
    try:
        tally, site = _count(settings_file, logs, content, content_label, since, until, fmt)
    except StatsUnavailable as exc:
        print(f"Impossible de produire les statistiques : {exc}", file=sys.stderr)
        return CANNOT_RUN
    first = tally.first_unreadable
    if first is not None:
        lines = _plural(tally.unreadable, "ligne illisible ignorée", "lignes illisibles ignorées")
        print(f"{lines} (la première : {first.file}, ligne {first.line}).", file=sys.stderr)
    data = tally.as_json()
    if report_file:
        Path(report_file).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
    if html:
        page = report.write(tally, Path(html), site.name, site.url)
        print(f"Rapport écrit : {page}", file=sys.stderr)
    if fmt == "json" and not report_file:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "text":
        sys.stdout.write(as_text(tally))
    return 0
