"""Scheduling, in every build: nothing from tomorrow is written, no draft is written.

The hub, not Pelican's clock, decides what is in the future (`HubSettings.today()`,
which `HUB_TODAY` can freeze).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hub.build.state import hub_settings_of
from hub.model import TYPES_BY_ID

HOLD_FUTURE = "_HUB_HOLD_FUTURE"  # set at start when WITH_FUTURE_DATES is False


def take_over_future_dates(pelican: Any) -> None:
    """`initialized`: the hub, not Pelican's clock, decides what is in the future.

    Pelican compares dates with the machine's clock; the hub compares them with
    `HubSettings.today()`, which `HUB_TODAY` can freeze (tests, rebuilding a past day).
    """
    settings = pelican.settings
    if not settings.get("WITH_FUTURE_DATES", True):
        settings[HOLD_FUTURE] = True
        settings["WITH_FUTURE_DATES"] = True  # Pelican's own check is replaced by ours


def hold_future(content: Any) -> None:
    """`content_object_init`: content dated after today waits (as a draft) for its day;
    a draft is never written to the output, even with its own URL."""
    settings = getattr(content, "settings", None) or {}
    if settings.get(HOLD_FUTURE) and _is_future(content, settings):
        content.status = "draft"
    if getattr(content, "status", "") == "draft" and hasattr(content, "_content"):
        content.override_save_as = ""


def _is_future(content: Any, settings: dict[str, Any]) -> bool:
    ctype = TYPES_BY_ID.get(getattr(content, "hub_type", "") or "")
    date = getattr(content, "date", None)
    if ctype is None or not ctype.dated or not isinstance(date, dt.datetime):
        return False
    hub_settings = hub_settings_of(settings)
    if hub_settings.HUB_TODAY:
        return date.date() > hub_settings.today()
    now = dt.datetime.now(date.tzinfo) if date.tzinfo else dt.datetime.now()
    return date > now

