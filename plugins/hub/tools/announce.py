"""`invoke announce`: post the Teams cards of what was published since the last time.

The built site lists its cards with the items' permanent identities (`flux/cartes.json`,
written by `feeds/cards.py`); what was posted is recorded by identity in the content folder
(`annonces-teams.json`), after each card, so that a second run posts nothing, a renamed or
corrected item is not posted again, and a run stopped half-way never posts a card twice.
The first run on a folder posts only the last days (`HUB_TEAMS_FIRST_DAYS`) and the latest
edition; older items are recorded as already known.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub import addresses
from hub.model import EDITION
from hub.paths import write_text_atomic
from hub.settings import HubSettings

REGISTRY_NAME = "annonces-teams.json"
WEBHOOK_ENV = "HUB_TEAMS_WEBHOOK"
NOTE = ("Contenus du hub déjà annoncés dans Teams (par leur identité permanente), tenu à jour "
        "par « ./hub announce ». À committer avec le contenu ; ne pas modifier à la main.")
CANNOT_RUN = 2


class CannotRun(Exception):
    """One French sentence saying why nothing could be posted."""


@dataclass(frozen=True)
class Entry:
    """A card of the built site (one line of `flux/cartes.json`)."""

    id: str
    type: str
    title: str
    date: dt.datetime
    url: str
    card: str


@dataclass
class Announced:
    """`annonces-teams.json`: the identities already posted (or known at the first run)."""

    path: Path
    posted: dict[str, str] = field(default_factory=dict)  # id → when it was posted
    known: dict[str, str] = field(default_factory=dict)  # id → left out at the first run
    exists: bool = False

    @classmethod
    def load(cls, path: Path) -> Announced:
        if path.is_symlink():
            raise CannotRun(f"{path.name} est un lien : il doit être un fichier du dossier de "
                            "contenu.")
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, dict(data.get("posted", {})), dict(data.get("known", {})), True)
        except (OSError, ValueError, AttributeError, TypeError):
            raise CannotRun(f"{path.name} ne peut pas être lu (conflit de fusion ?) : "
                            "rétablissez-le depuis l'historique.") from None

    def has(self, entry_id: str) -> bool:
        return entry_id in self.posted or entry_id in self.known

    def save(self) -> None:
        data = {"note": NOTE, "posted": dict(sorted(self.posted.items())),
                "known": dict(sorted(self.known.items()))}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def read_cards(site: Path) -> list[Entry]:
    listing = site / addresses.TEAMS_CARD_LIST.url()
    if not listing.is_file():
        raise CannotRun(f"le site construit dans « {site} » n'a pas de cartes Teams : "
                        "construisez-le d'abord (./hub build).")
    rows = json.loads(listing.read_text(encoding="utf-8"))
    return [Entry(r["id"], r["type"], r["title"], dt.datetime.fromisoformat(r["date"]),
                  r["url"], r["card"]) for r in rows]


def to_post(entries: list[Entry], announced: Announced, now: dt.datetime,
            since: dt.date | None, first_days: int) -> tuple[list[Entry], list[Entry]]:
    """(to post, oldest first; to record as known without posting)."""
    due = [e for e in entries if e.date <= now and not announced.has(e.id)
           and (since is None or e.date.date() >= since)]
    due.sort(key=lambda e: (e.date, e.id))
    if announced.exists or since is not None:
        return due, []
    horizon = now - dt.timedelta(days=first_days)
    editions = [e for e in due if e.type == EDITION.id]
    latest = editions[-1] if editions else None
    post = [e for e in due if e.date >= horizon or e is latest]
    return post, [e for e in due if e not in post]


@dataclass(frozen=True)
class CardPoster:
    """Sends a card to the webhook, retrying within limits."""

    webhook: str
    timeout: float
    retries: int
    wait_max: float

    def post(self, body: bytes) -> str | None:
        """None when posted; else the French reason of the last failure."""
        reason = ""
        for attempt in range(self.retries + 1):
            wait = 2.0 ** attempt
            try:
                request = urllib.request.Request(
                    self.webhook, data=body, method="POST",
                    headers={"Content-Type": "application/json; charset=utf-8"})
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    if 200 <= answer.status < 300:
                        return None
                    reason = f"Teams a répondu {answer.status}"
            except urllib.error.HTTPError as error:
                reason = f"Teams a répondu {error.code}"
                if error.code == 429:
                    wait = _retry_after(error.headers.get("Retry-After"), wait)
                elif error.code < 500:
                    return reason + " (l'adresse du flux Workflows est-elle la bonne ?)"
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                reason = ("pas de réponse de Teams à temps" if _is_timeout(error)
                          else "Teams est injoignable")
            if attempt < self.retries:
                time.sleep(min(wait, self.wait_max))
        return reason


def _retry_after(value: str | None, default: float) -> float:
    try:
        return max(0.0, float(value)) if value else default
    except ValueError:
        return default


def _is_timeout(error: BaseException) -> bool:
    reason = getattr(error, "reason", error)
    return isinstance(reason, TimeoutError) or "timed out" in str(reason)


def run(site: Path, content: Path, webhook: str | None, settings: HubSettings,
        dry_run: bool = False, since: str = "") -> int:
    """The task's body: 0 all posted, 1 some failed (retried at the next run), 2 cannot run."""
    try:
        return _announce(site, content, webhook, settings, dry_run, since)
    except CannotRun as exc:
        print(f"Annonce impossible : {exc}", file=sys.stderr)
        return CANNOT_RUN


def _announce(site: Path, content: Path, webhook: str | None, settings: HubSettings,
              dry_run: bool, since: str) -> int:
    webhook = webhook or os.environ.get(WEBHOOK_ENV, "")
    if not webhook and not dry_run:
        raise CannotRun(f"donnez l'adresse du flux Workflows de Teams avec --webhook ou la "
                        f"variable d'environnement {WEBHOOK_ENV} (voir docs/publier.md).")
    try:
        start = dt.date.fromisoformat(since) if since else None
    except ValueError:
        raise CannotRun(f"--since attend une date AAAA-MM-JJ, pas « {since} ».") from None
    announced = Announced.load(content / REGISTRY_NAME)
    now = dt.datetime.now(dt.UTC)
    post, known = to_post(read_cards(site), announced, now, start, settings.HUB_TEAMS_FIRST_DAYS)
    if dry_run:
        for entry in post:
            print(f"Serait annoncé : « {entry.title} » ({entry.date.date()}) → {entry.url}")
        print(f"{len(post)} carte(s) à annoncer ; rien n'a été envoyé (--dry-run).")
        return 0
    for entry in known:
        announced.known[entry.id] = entry.date.date().isoformat()
    if known:
        announced.save()
    poster = CardPoster(webhook, settings.HUB_TEAMS_TIMEOUT, settings.HUB_TEAMS_RETRIES,
                    settings.HUB_TEAMS_RETRY_AFTER_MAX)
    failures = []
    for entry in post:
        reason = poster.post((site / entry.card).read_bytes())
        if reason is None:
            announced.posted[entry.id] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            announced.save()
            print(f"Annoncé dans Teams : « {entry.title} »")
        else:
            failures.append(f"« {entry.title} » n'a pas été annoncé ({reason}) : il le sera "
                            "au prochain « ./hub announce ».")
    if not announced.exists and not post and not known:
        announced.save()
    for failure in failures:
        print(failure, file=sys.stderr)
    if not post:
        print("Rien de nouveau à annoncer dans Teams.")
    return 1 if failures else 0


def load_settings(settings_file: Path, content: Path) -> tuple[HubSettings, dict[str, Any]]:
    from pelican.settings import read_settings

    from hub.settings import load
    from hub.source import sitefile

    raw = dict(read_settings(str(settings_file)))
    sitefile.apply(raw, content)
    return load(raw), raw
