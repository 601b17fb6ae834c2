"""ORCID iDs as citation files want them: ``https://orcid.org/`` and four
groups of four, the last character a checksum (ISO 7064 11,2).

A registry may give the bare iD or the full address; either way a mistyped
iD is caught by its checksum, so a citation never points at someone else.
"""

from __future__ import annotations

import re

from coprodoc.patterns import compile_later

_ORCID = compile_later(
    r"^(?:https?://(?:www\.)?orcid\.org/)?"
    r"(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])$",
    re.IGNORECASE,
)


def checksum(digits: str) -> str:
    """The check character for the first fifteen digits of an iD."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_address(value: str) -> str | None:
    """The iD as ``https://orcid.org/XXXX-XXXX-XXXX-XXXX``; None when it is
    not an ORCID iD or its checksum is wrong."""
    match = _ORCID.match(value.strip())
    if match is None:
        return None
    ident = "".join(match.groups()).upper()
    if checksum(ident[:15]) != ident[15]:
        return None
    return "https://orcid.org/" + "-".join(match.groups()).upper()
