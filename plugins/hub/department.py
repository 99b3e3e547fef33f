"""What employees call the IT department, with its article, and the forms French grammar
makes of it: « la DSI » gives « de la DSI » and « à la DSI », « le service informatique »
gives « du service informatique » and « au service informatique », « l'informatique »
gives « de l'informatique ».

Every word of the hub that names the department comes from here (`site.toml`'s
`department`, the `HUB_DEPARTMENT` setting); texts of the model and the theme write
`{department}`, `{of_department}`, `{to_department}` or `{department_name}` and are filled
with `Department.fill`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# the article at the head of the name, and what « de » and « à » make of it
_ARTICLES: tuple[tuple[str, str, str], ...] = (
    ("la ", "de la ", "à la "),
    ("le ", "du ", "au "),
    ("les ", "des ", "aux "),
    ("l'", "de l'", "à l'"),
    ("l’", "de l’", "à l’"),
)
EXAMPLES = "« la DSI », « le service informatique », « l'informatique »"


def article_of(name: str) -> tuple[str, str, str] | None:
    """The article the name starts with (any letter case), or None when it has none."""
    lowered = name.lower()
    for forms in _ARTICLES:
        if lowered.startswith(forms[0]) and name[len(forms[0]):].strip():
            return forms
    return None


@dataclass(frozen=True)
class Department:
    """The department's name as written in a sentence (« la DSI »)."""

    name: str = "la DSI"

    @property
    def _forms(self) -> tuple[str, str, str]:
        return article_of(self.name) or ("", "de ", "à ")

    @property
    def bare(self) -> str:
        """Without its article: « DSI », « service informatique »."""
        return self.name[len(self._forms[0]):]

    @property
    def of(self) -> str:
        """« de la DSI », « du service informatique », « de l'informatique »."""
        return self._forms[1] + self.bare

    @property
    def to(self) -> str:
        """« à la DSI », « au service informatique », « à l'informatique »."""
        return self._forms[2] + self.bare

    @property
    def capitalised(self) -> str:
        """At the head of a sentence: « La DSI »."""
        return self.name[:1].upper() + self.name[1:]

    @property
    def comms_team(self) -> str:
        """Who writes the hub, as a signature: « Équipe communication de la DSI »."""
        return f"Équipe communication {self.of}"

    @property
    def signature(self) -> str:
        """The end of a message: « L'équipe communication de la DSI »."""
        return f"L'équipe communication {self.of}"

    def forms(self) -> dict[str, str]:
        """The placeholders a text may hold, with their value."""
        return {"department": self.name, "Department": self.capitalised,
                "of_department": self.of, "to_department": self.to,
                "department_name": self.bare}

    def fill(self, text: str) -> str:
        """`text` with its placeholders (`{of_department}`…) replaced; other braces kept."""
        out = text
        for key, value in self.forms().items():
            out = out.replace("{" + key + "}", value)
        return out


def of_settings(settings: Mapping[str, Any]) -> Department:
    """The department of a Pelican settings dict (`HUB_DEPARTMENT`, site.toml's
    `department`), or the project's default."""
    return Department(str(settings.get("HUB_DEPARTMENT") or Department.name))
