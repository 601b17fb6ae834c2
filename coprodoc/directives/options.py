"""Option parsing shared by the directives.

Options are read as plain text and checked here, rather than with docutils
option converters, so that a bad value gives a typed ``coprodoc.*`` warning
(which ``suppress_warnings`` can silence) instead of an untyped docutils error.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from sphinx.environment import BuildEnvironment

from coprodoc.config import settings
from coprodoc.dates import parse_iso_date
from coprodoc.history.redact import EMAIL, SPELT_EMAIL
from coprodoc.logs import warn
from coprodoc.people import lookalikes_in
from coprodoc.registry import ANONYMOUS
from coprodoc.state import get_registry
from coprodoc.suggest import hint

_SEPARATORS = re.compile(r"[\s,]+")


def split_list(value: str | None) -> list[str]:
    """``"amira, river"`` or ``"amira river"`` → ``["amira", "river"]``."""
    if not value:
        return []
    return [item for item in _SEPARATORS.split(value.strip()) if item]


def checked_ids(
    env: BuildEnvironment, ids: list[str], location: str, what: str = "person"
) -> list[str]:
    """Warn about ids the registry does not know; keep them all.

    ``anonymous`` is always allowed.  Unknown ids stay in the record and are
    shown as written: dropping them would silently lose a contribution (but
    see :class:`coprodoc.people.Lookalikes`: some are counted, not named, and
    the warning says so).  An email address is never kept: see
    :func:`_without_addresses`.  With no registry file at all there is
    nothing to check against (one warning for the whole build says so).
    """
    _without_addresses(ids, location)
    registry = get_registry(env)
    if registry.exists and registry.readable:
        known = [*registry.people, *registry.groups, ANONYMOUS]
        for ident in ids:
            if ident != ANONYMOUS and not registry.knows(ident):
                counted = (
                    "; it is shown as a person who is not named, as it could be "
                    "the name of someone who is not shown by name"
                    if lookalikes_in(registry)(ident)
                    else ""
                )
                warn(
                    f"unknown {what} id {ident!r}{hint(ident, known)}: not in "
                    "the contributors registry "
                    f"({registry.path.name if registry.path else ''}){counted}",
                    "unknown-person",
                    location,
                )
    return ids


def _without_addresses(ids: list[str], location: str) -> None:
    """Replace, in place, the ids that spell an email address with one
    ``anonymous`` each, and warn without repeating the address.  Lists are
    split at spaces, so ``jan.k [at] example.org`` arrives as three ids, none
    of them an address alone: the ids are joined to be searched."""
    bounds, joined = [], ""
    for ident in ids:
        plain = unicodedata.normalize("NFKC", ident)
        bounds.append((len(joined), len(joined) + len(plain)))
        joined += plain + " "
    spans = [m.span() for regex in (EMAIL, SPELT_EMAIL) for m in regex.finditer(joined)]
    if not spans:
        return
    kept: list[str] = []
    last: int | None = None
    for ident, (start, end) in zip(ids, bounds, strict=True):
        span = next(
            (n for n, (a, b) in enumerate(spans) if start < b and end > a), None
        )
        if span is None:
            kept.append(ident)
        elif span != last:
            kept.append(ANONYMOUS)
        last = span
    ids[:] = kept
    warn(
        "an email address is not a person id: it is shown as a person who is not "
        "named (write the person's id from the contributors registry)",
        "unknown-person",
        location,
    )


def checked_roles(env: BuildEnvironment, roles: list[str], location: str) -> list[str]:
    """Keep known role ids; warn about and drop unknown ones."""
    vocabulary = settings(env.config).all_roles()
    known = []
    for role in roles:
        if role in vocabulary:
            known.append(role)
        else:
            warn(
                f"unknown contribution role {role!r}{hint(role, vocabulary)}; "
                f"known roles: {', '.join(sorted(vocabulary))} (add your own "
                "with coprodoc_roles)",
                "unknown-role",
                location,
            )
    return known


def checked_date(value: str | None, location: str, option: str = "date") -> str | None:
    """The ISO date, or None (with a warning) when it is not one."""
    if value is None or not value.strip():
        return None
    try:
        return parse_iso_date(value.strip()).isoformat()
    except ValueError as exc:
        warn(f":{option}: {exc}; it is left out", "date", location)
        return None


def checked_link(value: str | None, location: str) -> str | None:
    """An absolute http(s) URL, or None (with a warning).

    Other schemes (``javascript:``, ``data:``) are refused outright, since the
    link comes from contributors and is rendered as a clickable reference.
    """
    if value is None or not value.strip():
        return None
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc and " " not in url:
        return url
    warn(
        f":link: {url!r} is not an absolute http(s) URL; it is left out",
        "link",
        location,
    )
    return None


def checked_choice(
    value: str | None, choices: tuple[str, ...], location: str, option: str
) -> str:
    """One of *choices*; the first is the default for a missing or bad value."""
    if value is None or not value.strip():
        return choices[0]
    if value.strip() in choices:
        return value.strip()
    warn(
        f":{option}: {value.strip()!r} is not one of {', '.join(choices)}"
        f"{hint(value.strip(), choices)}; using {choices[0]!r}",
        "option",
        location,
    )
    return choices[0]


#: The most digits a number given in an option may have.
MAX_DIGITS = 15


def is_whole_number(text: str) -> bool:
    """Digits 0-9 only (``str.isdigit`` also accepts "³" and "²", which
    ``int`` then refuses), at most :data:`MAX_DIGITS` of them, leading zeros
    counted (``int`` refuses 4,300 digits, zeros or not, and no count, limit
    or age is near that size)."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS


def shortened(text: str, width: int = 40) -> str:
    """*text* as a warning quotes it: a value of thousands of characters
    would bury the message."""
    return text if len(text) <= width else text[: width - 1] + "…"


def checked_count(value: str | None, location: str, option: str) -> int | None:
    """A whole, non-negative number of people, or None (with a warning)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if is_whole_number(text):
        return int(text)
    warn(
        f":{option}: {shortened(text)!r} is not a whole number of people; it is "
        "left out",
        "count",
        location,
    )
    return None
