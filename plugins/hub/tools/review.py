"""`invoke review`: the pages each owner must review soon, as text, JSON or e-mail drafts.

The drafts are `.eml` files marked `X-Unsent: 1`: Outlook and Thunderbird open them as a
new message ready to send, so the comms team reads each reminder before it leaves.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

from hub.paths import site_url
from hub.settings import HubSettings, SettingsError, load
from hub.site.review import OwnerDue, ReviewList, Urgency, review_list
from hub.site.typography import NBSP, french_date
from hub.source.corpus import scan

CANNOT_RUN = 2


def _date(value: dt.date) -> str:
    return french_date(value).replace(NBSP, " ")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _pages(n: int) -> str:
    return f"{n} page{'s' if n > 1 else ''}"


def _state(page: Any) -> str:
    if page.reason == "expiration":
        return f"expire le {_date(page.due)}"
    if page.urgency is Urgency.OVERDUE:
        return f"relecture en retard depuis le {_date(page.due)}"
    return f"à relire avant le {_date(page.due)}"


@dataclass(frozen=True)
class Readership:
    """Views per page from `invoke stats --report` (`--stats FILE`), for each listed page."""

    views: dict[str, int]
    start: str
    end: str

    def line(self, url: str) -> str:
        n = self.views.get(url, 0)
        when = f"du {self.start} au {self.end}"
        return f"    Lue {n} fois {when}" if n else f"    Jamais lue {when}"


def read_audience(path: Path) -> Readership:
    data = json.loads(path.read_text(encoding="utf-8"))
    period = data.get("period") or {}
    return Readership({str(i["url"]): int(i["views"]) for i in data.get("items", [])},
                    str(period.get("from") or "—"), str(period.get("to") or "—"))


def _owner_lines(owner: OwnerDue, site: str, audience: Readership | None = None) -> list[str]:
    lines = []
    for page in owner.pages:
        where = f"{page.file}, ligne {page.line}" if page.line else page.file
        lines += [f"  - « {page.title} » ({page.type_label.lower()}) : {_state(page)}",
                  f"    Fichier à modifier : {where}",
                  f"    Adresse : {site}/{page.url}"]
        if audience is not None:
            lines.append(audience.line(page.url))
    return lines


def _counts(owner: OwnerDue) -> str:
    return (f"{_pages(len(owner.pages))} dont {owner.overdue} en retard"
            if owner.overdue else _pages(len(owner.pages)))


def as_text(review: ReviewList, site: str, audience: Readership | None = None) -> str:
    """The list in French, grouped by owner."""
    head = (f"Pages à relire au {_date(review.today)} (échéances dans les "
            f"{review.days} jours) : ")
    if not review.owners:
        return head + "aucune.\n"
    out = [head + f"{_pages(review.count)}, "
           f"{_plural(len(review.owners), 'responsable')}."]
    for owner in review.owners:
        out += ["", f"{owner.label} : {_counts(owner)}", *_owner_lines(owner, site, audience)]
    return "\n".join(out) + "\n"


def reminder(owner: OwnerDue, review: ReviewList, site: str, settings: HubSettings,
             sender: str) -> EmailMessage:
    """One owner's reminder as an unsent draft."""
    message = EmailMessage(policy=SMTP)
    message["X-Unsent"] = "1"
    message["From"] = sender
    message["To"] = owner.owner or sender
    message["Subject"] = (f"[Hub] {_pages(len(owner.pages))} à relire "
                          f"d'ici le {_date(review.today + dt.timedelta(days=review.days))}")
    message["Date"] = dt.datetime.combine(review.today, dt.time(8)).astimezone()
    body = ["Bonjour,", "",
            "Voici les pages du hub dont vous êtes responsable et qu'il faut relire ou "
            f"mettre à jour (au {_date(review.today)}) :", "", *_owner_lines(owner, site), "",
            "Après relecture, mettez la date du jour dans « Reviewed » (fiches et "
            "contraintes) ou retirez l'actualité si elle n'a plus lieu d'être.", "",
            "Merci,", settings.department().signature]
    message.set_content("\n".join(body) + "\n")
    return message


def write_drafts(review: ReviewList, folder: Path, site: str, settings: HubSettings,
                 sender: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for owner in review.owners:
        name = (owner.owner or "equipe-communication").replace("@", "-at-") + ".eml"
        path = folder / name
        path.write_bytes(reminder(owner, review, site, settings, sender).as_bytes())
        written.append(path)
    return written


def run(settings_file: Path, content: Path, content_label: str | None, today: str,
        days: str | int | None, fmt: str, eml: str | None, stats: str | None = None) -> int:
    """The task's body; 2 when it cannot run (French message on stderr)."""
    from pelican.settings import read_settings

    from hub.source import sitefile

    def fail(message: str) -> int:
        print(f"Impossible de préparer la liste de revue : {message}", file=sys.stderr)
        return CANNOT_RUN

    if not content.is_dir():
        return fail(f"le dossier de contenu « {content_label or content} » n'existe pas.")
    if fmt not in ("text", "json"):
        return fail(f"le format « {fmt} » n'existe pas (text ou json).")
    overrides: dict[str, Any] = {"HUB_TODAY": today} if today else {}
    try:
        raw = dict(read_settings(str(settings_file), override=overrides))
        sitefile.apply(raw, content)
        settings = load(raw)
    except SettingsError as exc:
        return fail(str(exc))
    try:
        horizon = settings.HUB_REVIEW_DAYS if days is None else int(days)
    except ValueError:
        horizon = -1
    if horizon < 0:
        return fail(f"--days doit être un nombre de jours positif ou nul, pas « {days} ».")
    try:
        audience = read_audience(Path(stats)) if stats else None
    except (OSError, ValueError, KeyError, TypeError):
        return fail(f"« {stats} » n'est pas un rapport de ./hub stats (--format json --report).")
    corpus = scan(content, settings, content_label)
    review = review_list(corpus, horizon)
    site = site_url(raw, settings.HUB_FEED_SITEURL)
    if eml:
        sender = settings.HUB_COMMS_EMAIL or "hub@localhost"
        paths = write_drafts(review, Path(eml), site, settings, sender)
        print(f"{_plural(len(paths), 'brouillon')} de rappel écrit(s) dans {eml}.",
              file=sys.stderr)
    if fmt == "json":
        sys.stdout.write(json.dumps(review.as_json(site), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(as_text(review, site, audience))
    return 0
