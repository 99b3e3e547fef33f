"""The theme's colours from one main colour (`site.toml`'s `colour`): the shades the theme's
CSS variables take, and the WCAG contrast of the texts written on them.

The theme writes white text on the main colour (header, current filter, buttons) and on
its dark shade (navigation), and the dark shade on the light tint (badges); links are the
main colour made dark enough to read on the page's background.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
WHITE = "#ffffff"
BLACK = "#000000"
PAPER = "#f5f6f8"  # the page's background (theme/static/css/hub.css, --paper)
FOOTER = "#e7eaef"  # the footer's background, the darkest one links are written on
AA = 4.5  # WCAG AA for body text
_DARK_SHARE = 0.28  # --brand-dark: the main colour mixed with this much black
_TINT_SHARE = 0.88  # --brand-tint: the main colour mixed with this much white


def normalised(colour: str) -> str:
    """`#abc` or `#AABBCC` as `#aabbcc`."""
    digits = colour.lstrip("#").lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = normalised(colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(255.0, c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` of `other` mixed in."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(tuple(x + (y - x) * share for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def darkened_until(colour: str, backgrounds: tuple[str, ...], ratio: float = AA) -> str:
    """The lightest mix of `colour` with black that reaches `ratio` on every background."""
    for step in range(101):
        candidate = mix(colour, BLACK, step / 100)
        if all(contrast(candidate, ground) >= ratio for ground in backgrounds):
            return candidate
    return BLACK


@dataclass(frozen=True)
class Palette:
    """The theme's colour variables derived from the main colour."""

    brand: str
    brand_dark: str
    brand_tint: str
    link: str

    def css(self) -> str:
        return (":root {\n"
                f"  --brand: {self.brand};\n  --brand-dark: {self.brand_dark};\n"
                f"  --brand-tint: {self.brand_tint};\n  --link: {self.link};\n}}\n")


def palette(colour: str) -> Palette:
    brand = normalised(colour)
    tint = mix(brand, WHITE, _TINT_SHARE)
    return Palette(brand=brand, brand_dark=mix(brand, BLACK, _DARK_SHARE), brand_tint=tint,
                   link=darkened_until(brand, (PAPER, FOOTER, tint)))


@dataclass(frozen=True)
class Shortfall:
    """A text of the theme that the colour leaves below WCAG AA."""

    text: str  # French: which text, on what
    ratio: float
    better: str  # a darker main colour that passes


def shortfalls(colour: str) -> list[Shortfall]:
    """The theme's texts that would not reach AA with this main colour."""
    shades = palette(colour)
    pairs = (("le texte blanc de l'en-tête et des boutons", WHITE, shades.brand),
             ("le texte blanc de la navigation", WHITE, shades.brand_dark),
             ("le texte des étiquettes sur leur fond clair", shades.brand_dark,
              shades.brand_tint))
    out = []
    for text, ink, ground in pairs:
        ratio = contrast(ink, ground)
        if ratio < AA:
            out.append(Shortfall(text, ratio, _passing(shades.brand)))
    return out


def _passing(colour: str) -> str:
    """The lightest darker version of `colour` with which every text passes."""
    for step in range(101):
        candidate = mix(colour, BLACK, step / 100)
        shades = palette(candidate)
        if (contrast(WHITE, shades.brand) >= AA
                and contrast(shades.brand_dark, shades.brand_tint) >= AA):
            return candidate
    return BLACK
