"""The hub's own settings, declared once with their defaults and validated at start.

A mistyped `HUB_…` key or a value of the wrong kind is named in a French message
instead of being silently ignored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import quote

from hub.department import Department
from hub.messages import say
from hub.suggest import did_you_mean, nearest


@dataclass(frozen=True)
class HubSettings:
    """Typed view of the settings the plugins read (keys as in pelicanconf.py)."""

    AUDIENCES: dict[str, str] = field(default_factory=lambda: {"all": "Tout le monde"})
    REVIEW_MAX_AGE_DAYS: int = 180
    HUB_TODAY: str = ""  # "YYYY-MM-DD" to freeze "today" (tests, reproducible builds)
    HUB_CONTENT_LABEL: str = ""  # how findings name the content folder
    HUB_FEED_ITEMS: int = 20
    HUB_FEED_SITEURL: str = "http://127.0.0.1:8000"  # feeds' site address when SITEURL is ""
    HUB_FEED_IDS: str = "feed-ids.json"  # GUID registry, relative to PATH; "" = not kept
    HUB_CALENDAR_REFRESH_HOURS: int = 12  # how often subscribed calendars reload
    HUB_CALENDAR_CANCELLED_DAYS: int = 60  # a vanished event stays this long as cancelled
    # the letter ready to send (editions/<slug>/lettre.eml): sender, distribution list,
    # and whether images travel inside the message (for mail systems blocking remote ones)
    HUB_LETTER_FROM: str = ""
    HUB_LETTER_TO: str = ""
    HUB_LETTER_EMBED_IMAGES: bool = False
    HUB_HOME_ITEMS: int = 6
    HUB_FOOTER_PAGES: int = 6  # plain pages linked from every footer; more: a page lists them
    HUB_INTERNAL_HOSTS: tuple[str, ...] = ()
    # `invoke check --external`: on-disk cache (relative to the project), expiry, politeness
    HUB_EXTERNAL_CACHE: str = "cache/external-links.json"
    HUB_EXTERNAL_CACHE_HOURS: int = 24
    HUB_EXTERNAL_TIMEOUT: int = 10  # seconds per request
    HUB_EXTERNAL_RETRIES: int = 2  # after a timeout, a 429 or a 5xx
    HUB_EXTERNAL_PER_HOST: int = 2  # requests at once to one host
    # the company's identity: site.toml at the root of the content folder sets them
    # (source/sitefile.py), pelicanconf.py gives the project's defaults
    HUB_ORGANISATION: str = ""
    HUB_DEPARTMENT: str = Department.name  # with its article (department.py)
    HUB_SITE_URL: str = ""  # the published address; a published build's SITEURL
    HUB_PUBLISHING: bool = False  # publishconf.py: SITEURL from HUB_SITE_URL when unset
    HUB_LOGO: str = ""  # images/… of the content folder, SVG or PNG
    HUB_COLOUR: str = ""  # main colour "#rrggbb"; "" keeps the theme's
    HUB_ASSISTANCE: str = ""  # the help desk: URL, e-mail address or phone number
    # what a person declares in the accessibility statement (RGAA)
    HUB_AUDIT_DATE: str = ""  # "YYYY-MM-DD" of the last audit by a person, "" = none
    HUB_AUDITOR: str = ""
    HUB_CONFORMITY_RATE: float = -1.0  # share of the criteria met, 0 to 1; -1 = not audited
    # what the accessibility tests measured (tests/a11y_results.py); "" = the project's file
    HUB_ACCESSIBILITY_RESULTS: str = ""
    # images (plugins/hub/images/): widths of the responsive variants, never upscaled
    HUB_IMAGE_WIDTHS: tuple[int, ...] = (480, 800, 1200, 1600)
    HUB_IMAGE_CARD_WIDTHS: tuple[int, ...] = (320, 640)  # fixed-ratio card thumbnails
    HUB_IMAGE_CARD_RATIO: str = "16:9"
    HUB_IMAGE_QUALITY: int = 80  # WebP quality; JPEG gets 2 more
    HUB_IMAGE_ORIGINAL_MAX: int = 2000  # the stripped copy published at the original's path
    HUB_IMAGE_SIZES: str = "(min-width: 60rem) 58rem, calc(100vw - 2rem)"
    HUB_IMAGE_CACHE: str = ""  # content-hash cache folder; default: CACHE_PATH/images
    HUB_IMAGE_WORKERS: int = 2
    HUB_IMAGE_MAX_PIXELS: int = 89_478_485  # larger is refused (Pillow's bomb limit)
    HUB_IMAGE_HEAVY_PIXELS: int = 40_000_000  # larger is published with a warning
    HUB_SEARCH: bool = True  # build the Pagefind search index after the site
    # issue 15: who hears about pages without an owner (review list, "Signaler une erreur")
    HUB_COMMS_EMAIL: str = ""
    # "Signaler une erreur": a ticket tool's new-issue URL with {title}, {url}, {source}
    # fields instead of a mail ("" = a mailto: link)
    HUB_REPORT_URL: str = ""
    # `invoke announce` (Teams Workflows webhook): the first run posts only this many days
    HUB_TEAMS_FIRST_DAYS: int = 14
    HUB_TEAMS_TIMEOUT: int = 10  # seconds per request
    HUB_TEAMS_RETRIES: int = 2  # after a timeout, a 429 or a 5xx
    HUB_TEAMS_RETRY_AFTER_MAX: int = 60  # longest wait a 429's Retry-After may ask
    HUB_REVIEW_DAYS: int = 30  # horizon of `invoke review` and of the revue/ page
    # `invoke stats`: a search or a page's answers seen fewer times is counted, not named
    HUB_STATS_MIN_COUNT: int = 3
    HUB_STATS_LOG_MONTHS: int = 3  # how long the server keeps its logs (said on informations/)
    HUB_REDIRECTS: str = "anciennes-adresses.json"  # old addresses, relative to PATH; "" = none
    # the keys given on the command line (`pelican_overrides`): the site file keeps them
    HUB_GIVEN: tuple[str, ...] = ()
    # bounded work: inputs past these are findings, so that no file stalls or swells the
    # build; far above what any page of the hub holds
    HUB_MAX_SOURCE_BYTES: int = 1_000_000  # one Markdown file (a page is a few kilobytes)
    HUB_MAX_LINE_CHARS: int = 20_000  # one line of it (a long paragraph is 2,000)
    HUB_MAX_NESTING: int = 40  # levels of nested lists or quotes
    HUB_MAX_BRACKETS: int = 500  # « [ » and « < » in one paragraph (Markdown's costly marks)
    HUB_MAX_BRACKETS_PAGE: int = 20_000  # and in one file: its time is then at most 3 s
    HUB_MAX_LIST_VALUES: int = 200  # values of one list key (Tags, Keywords, Services…)
    HUB_MAX_REDIRECTS: int = 50_000  # old addresses in HUB_REDIRECTS
    HUB_MAX_WORD_CHARS: int = 50  # longer « words » are not proofread (codes, base64)

    def today(self) -> dt.date:
        if self.HUB_TODAY:
            return dt.date.fromisoformat(self.HUB_TODAY)
        return dt.date.today()

    def department(self) -> Department:
        return Department(self.HUB_DEPARTMENT)

    @property
    def logo_url(self) -> str:
        """The logo's address in the site ("" without one): its file is published as it is
        in the content folder."""
        return quote(self.HUB_LOGO)

    @property
    def logo_type(self) -> str:
        return "image/svg+xml" if self.HUB_LOGO.lower().endswith(".svg") else "image/png"

    def audience_label(self, audience_id: str) -> str:
        return self.AUDIENCES.get(audience_id, audience_id)


class SettingsError(ValueError):
    """Bad settings, each named in a French message (all of them, not only the first)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(" ".join(self.problems))


_TYPES: dict[str, type] = {"bool": bool, "dict": dict, "int": int, "str": str, "tuple": tuple,
                           "float": float}
def _type_name(kind: str) -> str:
    """What a setting of this kind must be, in French."""
    return say(f"kind-{kind}")


def _kind_of(value: object) -> str:
    """What a wrong value is, in French (never the Python value itself)."""
    if value is None:
        return say("kind-none")
    for kind, expected in (("bool", bool), ("int", int), ("str", str), ("dict", dict),
                           ("tuple", (tuple, list))):
        if isinstance(value, expected):
            return _type_name(kind)
    if isinstance(value, float):
        return say("kind-decimal")
    return say("kind-other")


def load(raw: Mapping[str, Any]) -> HubSettings:
    """Typed settings from Pelican's settings dict; `SettingsError` names every bad key.

    A key left out of pelicanconf.py takes its default from `HubSettings`, the one
    place where defaults are written.
    """
    known = {f.name: f for f in fields(HubSettings)}
    problems: list[str] = []
    for key in raw:
        if key.startswith("HUB_") and key not in known:
            hint = did_you_mean(nearest(key, known, n=1), quoted=False)
            problems.append(say("setting-unknown", key=key, hint=hint))
    values: dict[str, Any] = {}
    for name, spec in known.items():
        if name not in raw:
            continue
        value = raw[name]
        kind = str(spec.type).split("[")[0]
        expected = _TYPES[kind]
        if expected is tuple and isinstance(value, list):
            value = tuple(value)
        if expected is dict and isinstance(value, Mapping):
            value = dict(value)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.append(say("setting-type", name=name, expected=_type_name(kind),
                                found=_kind_of(value)))
            continue
        values[name] = value
    today = values.get("HUB_TODAY", "")
    if today:
        try:
            dt.date.fromisoformat(today)
        except ValueError:
            problems.append(say("setting-today", today=today))
            del values["HUB_TODAY"]
    problems += _report_url_problems(values.get("HUB_REPORT_URL", ""))
    if values.get("REVIEW_MAX_AGE_DAYS", 1) <= 0:
        problems.append(say("setting-review-age"))
    for name in LIMITS:
        if values.get(name, 1) <= 0:
            problems.append(say("setting-limit", name=name))
    if problems:
        raise SettingsError(problems)
    return HubSettings(**values)


LIMITS = tuple(f.name for f in fields(HubSettings) if f.name.startswith("HUB_MAX_"))


REPORT_URL_FIELDS = ("title", "url", "source")  # what HUB_REPORT_URL may contain


def _report_url_problems(template: str) -> list[str]:
    """A ticket-tool address whose `{…}` fields are not all known is named at start."""
    import string

    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(template)
                 if name is not None}
    except ValueError:
        names = {"{"}
    unknown = sorted(names - set(REPORT_URL_FIELDS))
    if not unknown:
        return []
    return [say("setting-report-url", field=unknown[0])]


def pelican_overrides(values: Mapping[str, Any]) -> list[str]:
    """Command-line arguments that override settings of a `pelican` run.

    One `-e` with every KEY=JSON pair: Pelican keeps only the last `-e` it is given (the
    checker, `python -m hub.checks`, reads the same arguments).
    """
    if not values:
        return []
    given = {"HUB_GIVEN": sorted(values)}
    return ["-e", *(f"{key}={json.dumps(value)}" for key, value in {**values, **given}.items())]
