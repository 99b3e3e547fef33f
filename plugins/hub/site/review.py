"""What falls due for review, by owner: `invoke review`, its e-mail drafts and `revue/`.

Service sheets and constraint explainers fall due `REVIEW_MAX_AGE_DAYS` after their
`Reviewed` date; announcements fall due on their `Expires` date. A page without an owner
(constraints, news) goes to the comms team (`HUB_COMMS_EMAIL`). Everything here reads the
corpus only, so the task needs no build and the page shows the same list.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from hub.model import CONSTRAINT, NEWS, SERVICE
from hub.settings import HubSettings
from hub.source.corpus import Corpus, Item, published_name

RETIRED = "retired"  # a retired sheet is not reviewed any more
NO_OWNER = "Équipe communication"  # how the list names the comms team's group


class Urgency(enum.Enum):
    """Where a page stands against its due date."""

    OVERDUE = "overdue"
    DUE_SOON = "due-soon"

    @property
    def label(self) -> str:
        return "en retard" if self is Urgency.OVERDUE else "à échéance proche"


@dataclass(frozen=True)
class DuePage:
    """One page that its owner must look at, and why."""

    owner: str  # an e-mail address
    title: str
    type_label: str  # "Fiche service"
    reason: str  # "relecture" or "expiration"
    due: dt.date
    since: dt.date  # the `Reviewed` or `Expires` date the due date comes from
    urgency: Urgency
    file: str  # as findings name it: content/services/x.md
    line: int | None
    url: str  # site-relative

    def as_json(self, site: str) -> dict[str, Any]:
        return {"owner": self.owner, "title": self.title, "type": self.type_label,
                "reason": self.reason, "due": self.due.isoformat(),
                "since": self.since.isoformat(), "status": self.urgency.value,
                "file": self.file, "line": self.line, "url": site + "/" + self.url}


@dataclass
class OwnerDue:
    """Every due page of one owner, the most urgent first."""

    owner: str
    label: str  # the address, or the comms team's name when the pages have no owner
    pages: list[DuePage] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(p.urgency is Urgency.OVERDUE for p in self.pages)

    @property
    def due_soon(self) -> int:
        return len(self.pages) - self.overdue


@dataclass
class ReviewList:
    """The review list on one day, with a horizon of `days`."""

    today: dt.date
    days: int
    owners: list[OwnerDue]

    @property
    def count(self) -> int:
        return sum(len(o.pages) for o in self.owners)

    def as_json(self, site: str) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(), "days": self.days,
            "summary": {"pages": self.count, "owners": len(self.owners),
                        "overdue": sum(o.overdue for o in self.owners)},
            "owners": [{"owner": o.owner, "label": o.label, "overdue": o.overdue,
                        "due_soon": o.due_soon, "pages": [p.as_json(site) for p in o.pages]}
                       for o in self.owners],
        }


def _due_page(item: Item, settings: HubSettings, comms: str, file: str) -> DuePage | None:
    values = item.values
    if item.is_draft or not item.readable:
        return None
    if item.ctype in (SERVICE, CONSTRAINT):
        since = values.get("reviewed")
        if not isinstance(since, dt.date) or values.get("lifecycle") == RETIRED:
            return None
        due = since + dt.timedelta(days=settings.REVIEW_MAX_AGE_DAYS)
        reason, key = "relecture", "reviewed"
    elif item.ctype is NEWS:
        since = values.get("expires")
        if not isinstance(since, dt.date):
            return None
        due, reason, key = since, "expiration", "expires"
    else:
        return None
    today = settings.today()
    owner = str(values.get("owner") or comms)
    return DuePage(owner=owner, title=str(values.get("title") or item.slug),
                   type_label=item.ctype.label, reason=reason, due=due, since=since,
                   urgency=Urgency.OVERDUE if due < today else Urgency.DUE_SOON,
                   file=file, line=item.line_of(key), url=item.ctype.url_for(item.slug))


def review_list(corpus: Corpus, days: int, published: bool = False) -> ReviewList:
    """The pages overdue or due within `days` days of the settings' today, by owner.

    An expired announcement has already left the home page and the feeds: it is not due.
    Files are named as findings name them, or as published pages do (`published`).
    """
    settings = corpus.settings
    today = settings.today()
    horizon = today + dt.timedelta(days=days)
    by_owner: dict[str, OwnerDue] = {}
    comms = settings.HUB_COMMS_EMAIL
    for item in corpus.items:
        file = published_name(corpus, item) if published else item.display
        page = _due_page(item, settings, comms, file)
        if page is None or page.due > horizon:
            continue
        if page.reason == "expiration" and page.due < today:
            continue
        label = page.owner if page.owner != comms else (f"{NO_OWNER} ({comms})" if comms
                                                         else NO_OWNER)
        by_owner.setdefault(page.owner, OwnerDue(page.owner, label)).pages.append(page)
    owners = sorted(by_owner.values(), key=lambda o: (o.owner == comms, o.owner))
    for owner in owners:
        owner.pages.sort(key=lambda p: (p.due, p.file))
    return ReviewList(today, days, owners)
