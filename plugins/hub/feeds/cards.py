"""Teams cards: the Adaptive Card (1.4) of every item of the feeds, in the message envelope
of a Teams Workflows webhook (« When a Teams webhook request is received »).

The build writes each as `<item's address>carte.json`, and the list of them with their
permanent identities as `flux/cartes.json`, which `invoke announce` reads to post what is
new. Every address in a card is absolute: Teams opens it outside the site.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from hub import addresses
from hub.feeds.channels import FeedItem
from hub.model import CONSTRAINT, EDITION, LABELS, NEWS, STORY, TYPES_BY_ID
from hub.site.typography import NBSP, french_date, french_moment

CARD_VERSION = "1.4"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
OPEN_LABEL = "Lire sur le hub"
CARD_TYPES = (NEWS.id, STORY.id, CONSTRAINT.id, EDITION.id)


def _plain(text: str) -> str:
    """Teams shows text as is: no-break spaces kept, nothing else to escape in JSON."""
    return text.replace(NBSP, "\u00a0")


def kind_of(content: Any) -> str:
    """« Incident », « Histoire d'usage · Visio », « Contrainte expliquée · Sécurité »…"""
    type_id = content.hub_type
    label = TYPES_BY_ID[type_id].label
    if type_id == NEWS.id:
        return LABELS["kind"].get(str(getattr(content, "kind", "")), label)
    if type_id == CONSTRAINT.id:
        reason = LABELS["reason"].get(str(getattr(content, "reason", "")), "")
        return f"{label} · {reason}" if reason else label
    if type_id == STORY.id and getattr(content, "feature", ""):
        return f"{label} · {content.feature}"
    return label


def when_of(content: Any) -> str:
    """« du 12 décembre 2026 à 20 h 00 au 13 décembre 2026 à 6 h 00 » for a news item with
    `Starts`; "" otherwise."""
    starts = getattr(content, "starts", None)
    if not isinstance(starts, dt.date):
        return ""
    ends = getattr(content, "ends", None)
    if isinstance(ends, dt.date):
        return _plain(f"du {french_moment(starts)} au {french_moment(ends)}")
    return _plain(f"le {french_moment(starts)}")


def card(item: FeedItem, image: str | None) -> dict[str, Any]:
    """The Adaptive Card of one item (absolute addresses only)."""
    content = item.content
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": kind_of(content), "size": "Small", "weight": "Bolder",
         "color": "Accent", "wrap": True},
        {"type": "TextBlock", "text": item.title, "size": "Large", "weight": "Bolder",
         "wrap": True},
    ]
    if item.summary:
        body.append({"type": "TextBlock", "text": item.summary, "wrap": True})
    facts = [{"title": "Publié", "value": _plain(french_date(item.published.date()))}]
    when = when_of(content)
    if when:
        facts.append({"title": "Quand", "value": when})
    body.append({"type": "FactSet", "facts": facts})
    if image:
        body.append({"type": "Image", "url": image, "altText": item.image_alt or item.title,
                     "size": "Stretch"})
    return {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard", "version": CARD_VERSION,
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": OPEN_LABEL, "url": item.url}],
    }


def message(card_json: dict[str, Any]) -> dict[str, Any]:
    """The envelope a Teams Workflows webhook takes: one message, one card attached."""
    return {"type": "message",
            "attachments": [{"contentType": CARD_CONTENT_TYPE, "contentUrl": None,
                             "content": card_json}]}


@dataclass(frozen=True)
class CardEntry:
    """One line of `flux/cartes.json`: what `invoke announce` needs to post a card."""

    id: str  # the item's permanent identity (the feed registry's GUID)
    type: str
    title: str
    date: str  # ISO, when it was published
    url: str  # the page, absolute
    card: str  # the card's file, site-relative

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "type": self.type, "title": self.title, "date": self.date,
                "url": self.url, "card": self.card}


def card_path(item: FeedItem) -> str:
    """`actualites/x/carte.json`: beside the item's page."""
    return str(item.content.url) + addresses.TEAMS_CARD_NAME


def dumps(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
