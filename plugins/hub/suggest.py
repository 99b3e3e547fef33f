"""The one suggestion builder: which names are near a mistyped one, and the French
"Vouliez-vous dire …?" that offers them, the same words in the build, the checker and
the settings."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(value: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Candidates close to `value`, nearest first (a case-only difference counts as near)."""
    pool = list(dict.fromkeys(candidates))
    near = difflib.get_close_matches(value, pool, n=n, cutoff=cutoff)
    if not near:
        near = [c for c in pool if c.lower() == value.lower()][:n]
    return near


def ranked(value: str, candidates: Iterable[str], n: int = 5) -> list[str]:
    """Every candidate, nearest first (for a page's anchors, which are few)."""
    pool = list(dict.fromkeys(candidates))
    score = {c: difflib.SequenceMatcher(None, value, c).ratio() for c in pool}
    return sorted(pool, key=lambda c: -score[c])[:n]


def did_you_mean(options: Iterable[str], quoted: bool = True) -> str:
    """' Vouliez-vous dire « a » ou « b » ?' offering `options`, '' when there are none."""
    shown = [f"« {o} »" if quoted else o for o in options]
    return " Vouliez-vous dire " + " ou ".join(shown) + " ?" if shown else ""


def suggest(value: str, candidates: Iterable[str], n: int = 3) -> str:
    """'Vouliez-vous dire …?' with the candidates near `value`, '' when none is."""
    return did_you_mean(nearest(value, candidates, n))


def write_instead(form: str) -> str:
    """' Écrivez « {service}vpn » à la place.': the one form that works, when it is known."""
    return f" Écrivez « {form} » à la place."
