"""The accessibility statement (déclaration d'accessibilité, RGAA) at `accessibilite/`.

Two sources, kept apart: what a person declares (the last audit's date, its auditor and the
share of the RGAA criteria met: `site.toml`'s `[accessibility]`, the `HUB_AUDIT_DATE`,
`HUB_AUDITOR` and `HUB_CONFORMITY_RATE` settings), and what the test suite measured
(`accessibility-results.json`, written by the accessibility tests: axe-core, the Nu HTML
checker, the keyboard, the feeds' HTML). The build reads both and never invents a figure:
a missing or unreadable results file gives a statement without automatic tests.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub.paths import ACCESSIBILITY_RESULTS, REPO_ROOT
from hub.settings import HubSettings

log = logging.getLogger(__name__)

FULL, PARTIAL, NONE = "totalement conforme", "partiellement conforme", "non conforme"
_FAULTY = ("page en défaut", "pages en défaut")
PARTIAL_RATE = 0.5  # RGAA: at least half of the criteria met is « partiellement »
# The test corpora named in the results file, as the statement names them (after « pages »)
CORPORA = {"sample": "du site de démonstration livré avec le hub, au même thème",
           "unseen": "d'un second site de démonstration, rédigé par une autre équipe"}


@dataclass(frozen=True)
class Measure:
    """One automatic test as the statement tells it (French)."""

    test: str  # « Règles WCAG 2.1 A et AA »
    tool: str  # « axe-core 4.14.1 »
    scope: str  # « 257 pages, à 1280 et 375 px de large »
    problems: int
    unit: tuple[str, str]  # (« page en défaut », « pages en défaut »)

    @property
    def result(self) -> str:
        if self.problems == 0:
            return "aucun défaut"
        return f"{self.problems} {self.unit[self.problems > 1]}"


@dataclass(frozen=True)
class Statement:
    """Everything the statement page shows."""

    status: str  # FULL, PARTIAL or NONE
    rate: float | None  # share of the criteria met, None when no person audited
    audit_date: dt.date | None
    auditor: str
    measured: dt.date | None  # the day the tests wrote their results
    measures: list[Measure] = field(default_factory=list)

    @property
    def percent(self) -> str:
        """« 87 % » (French spacing), "" when not audited."""
        return "" if self.rate is None else f"{round(self.rate * 100)}\u00a0%"

    @property
    def audited(self) -> bool:
        return self.rate is not None

    @property
    def automatic_problems(self) -> int:
        return sum(m.problems for m in self.measures)


def status_of(rate: float | None) -> str:
    """The RGAA status from the share of criteria met; no audit is « non conforme »."""
    if rate is None:
        return NONE
    if rate >= 1.0:
        return FULL
    return PARTIAL if rate >= PARTIAL_RATE else NONE


def results_path(settings: HubSettings) -> Path:
    """The results file: the setting (relative to the project unless absolute), else the
    project's own, `accessibility-results.json`."""
    if not settings.HUB_ACCESSIBILITY_RESULTS:
        return ACCESSIBILITY_RESULTS
    path = Path(settings.HUB_ACCESSIBILITY_RESULTS)
    return path if path.is_absolute() else REPO_ROOT / path


def load_results(path: Path) -> dict[str, Any]:
    """The results file's data; {} when absent or unreadable (then logged)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("Accessibility results %s unreadable (%s): statement without them",
                    path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def build(settings: HubSettings) -> Statement:
    """The statement from the settings (what a person declared) and the results file."""
    rate = settings.HUB_CONFORMITY_RATE
    declared = rate if 0.0 <= rate <= 1.0 else None
    data = load_results(results_path(settings))
    return Statement(status=status_of(declared), rate=declared,
                     audit_date=_date(settings.HUB_AUDIT_DATE) if declared is not None else None,
                     auditor=settings.HUB_AUDITOR if declared is not None else "",
                     measured=_date(str(data.get("date", ""))),
                     measures=measures(data))


def measures(data: dict[str, Any]) -> list[Measure]:
    """The automatic tests of the results file, in a fixed order."""
    tools = _mapping(data.get("tools"))
    found = _mapping(data.get("measures"))
    out: list[Measure] = []
    for name, values in sorted(found.items()):
        if not isinstance(values, dict):
            continue
        kind, _, corpus = name.partition("-")
        maker = _MAKERS.get(kind)
        if maker is not None:
            out += maker(values, tools, CORPORA.get(corpus, f"de « {corpus} »"))
    return out


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _count(values: dict[str, Any], key: str) -> int:
    value = values.get(key, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _tool(tools: dict[str, Any], name: str, label: str) -> str:
    version = tools.get(name)
    return f"{label} {version}" if version else label


def _axe(values: dict[str, Any], tools: dict[str, Any], corpus: str) -> list[Measure]:
    widths = " et ".join(str(w) for w in values.get("widths", []) if isinstance(w, int))
    pages = f"{_count(values, 'pages')} pages {corpus}, à {widths}\u00a0px de large"
    axe = _tool(tools, "axe-core", "axe-core")
    return [
        Measure("Règles WCAG 2.1 des niveaux A et AA", axe, pages,
                _count(values, "violations"), _FAULTY),
        Measure("Affichage sur un écran étroit, sans défilement horizontal", "Chromium",
                pages, _count(values, "sideways"), ("page qui déborde", "pages qui débordent")),
        Measure("Navigation au clavier\u00a0: lien d'évitement en premier, focus visible, accès "
                "direct au contenu", "Chromium",
                f"{_count(values, 'keyboard_pages')} pages {corpus}",
                _count(values, "keyboard"), _FAULTY),
    ]


def _html(values: dict[str, Any], tools: dict[str, Any], corpus: str) -> list[Measure]:
    return [Measure("Code HTML valide", _tool(tools, "vnu-jar", "Nu Html Checker"),
                    f"{_count(values, 'pages')} pages", _count(values, "errors"),
                    ("erreur", "erreurs"))]


def _feeds(values: dict[str, Any], tools: dict[str, Any], corpus: str) -> list[Measure]:
    return [Measure("HTML des articles des flux, comme le lit le validateur de flux du W3C",
                    _tool(tools, "html5lib", "html5lib"),
                    f"{_count(values, 'items')} articles de {_count(values, 'files')} flux "
                    f"{corpus}", _count(values, "warnings"),
                    ("avertissement", "avertissements"))]


_MAKERS = {"axe": _axe, "html": _html, "feeds": _feeds}


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
