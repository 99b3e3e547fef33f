"""One e-mail address, as a writer (`Owner:`, an address in `Support:` or `Access:`) or a
setting gives it: read with the standard library's parser, then checked so that it can
only ever be one recipient in a `mailto:` or a message header.

Refused, each with its own finding: a line break, raw or encoded (`%0D%0A`), or any
invisible control; a second address (`a@x.fr, b@x.fr`); a header in disguise (`?bcc=`,
`&cc=`, `Bcc:`); then anything Python's address parser does not read as exactly one
plain `name@domain` address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.policy import default as default_policy
from urllib.parse import unquote

from hub.source.header import CONTROL_RE

MAILTO = "mailto:"
# The shape the hub accepts once parsed: a plain address with a dotted domain.
PLAIN_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
BREAK_RE = re.compile(r"[\r\n]|(?:%0[dDaA])+")
HEADER_RE = re.compile(r"[?&]|\b(?:to|cc|bcc|from|subject|body|reply-to|sender)\s*[:=]",
                       re.IGNORECASE)


@dataclass(frozen=True)
class AddressProblem:
    """Why a value is not one plain address: a finding code and its values."""

    code: str
    values: dict[str, str] = field(default_factory=dict)


def parse(value: str) -> str | AddressProblem:
    """The plain address `value` gives (without `mailto:`), or why it is refused."""
    text = value.strip()
    if text[:len(MAILTO)].lower() == MAILTO:
        text = text[len(MAILTO):]
    decoded = unquote(text)
    breaks = BREAK_RE.search(text) or CONTROL_RE.search(decoded)
    if breaks is not None:
        return AddressProblem("email-line-break", {"value": value, "seen": _shown(breaks[0])})
    disguised = HEADER_RE.search(decoded)
    if disguised is not None:
        return AddressProblem("email-header", {"value": value, "seen": disguised[0].strip()})
    count = _count(decoded.replace(";", ","))  # Outlook's separator too
    if count > 1:
        return AddressProblem("email-several", {"value": value, "count": str(count)})
    address = _address(decoded)
    if address is None or decoded != text or not PLAIN_RE.match(address):
        return AddressProblem("invalid-email", {"value": value})
    return address


def _count(text: str) -> int:
    """How many addresses Python's header parser reads in `text` (as a `To:` header)."""
    try:
        return len(default_policy.header_factory("To", text).addresses)
    except (HeaderParseError, IndexError, ValueError):
        return 0


def _address(text: str) -> str | None:
    """`text` read as one `addr_spec` and nothing else (no name, no comment), or None."""
    try:
        address = Address(addr_spec=text)
    except (HeaderParseError, IndexError, ValueError, TypeError):
        return None
    return address.addr_spec if address.addr_spec == text else None


def _shown(found: str) -> str:
    """What was found, as the writer can see it in the file."""
    return found if found.startswith("%") else f"U+{ord(found):04X}"


def mailto_problem(link: str) -> AddressProblem | None:
    """Why a `mailto:` link of a text is refused: each of its addresses (before `?`, a
    link may name several) must be one plain address; None when all are."""
    for part in link[len(MAILTO):].split("?", 1)[0].split(","):
        address = parse(part)
        if isinstance(address, AddressProblem):
            return address
    return None
