"""Option parsing shared by the directives.

Options are read as plain text and checked here, rather than with docutils
option converters, so that a bad value gives a typed ``coprodoc.*`` warning
(which ``suppress_warnings`` can silence) instead of an untyped docutils error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from sphinx.environment import BuildEnvironment

from coprodoc.cleantext import fold, has_override, seen_order, strip_invisible
from coprodoc.config import settings
from coprodoc.dates import parse_iso_date
from coprodoc.history.redact import EMAIL, SPELT_EMAIL
from coprodoc.logs import warn
from coprodoc.patterns import compile_later
from coprodoc.people import is_address, lookalikes_in
from coprodoc.registry import ANONYMOUS, ID_TOKEN, Registry
from coprodoc.sourcecopy import note_hidden_in_source
from coprodoc.state import get_registry
from coprodoc.suggest import hint
from coprodoc.vocabulary import STATUS_WORDS

#: What joins the two halves of an address spelt out in a list of ids
#: ("jan.k at example.org", "jan.k [ät] example.org"), what may stand
#: between its parts ("." alone) and what joins the parts of its host.
_AT = compile_later(r"\W*(?:at|ät|@)\W*", re.IGNORECASE)
_PUNCTUATION = compile_later(r"\W+")
_DOT = compile_later(r"\W*dot\W*|\W+", re.IGNORECASE)
#: A hidden name split over this many ids ("Zo fia") is still found.
_MOST_PIECES = 3


def split_list(value: str | None) -> list[str]:
    """``"amira, river"``, ``"amira river"``, ``"amira and river"``,
    ``"[amira, river]"`` or a YAML block list → ``["amira", "river"]``."""
    if not value:
        return []
    return [
        item
        for item in ID_TOKEN.findall(value)
        if item.casefold() != "and" and any(char.isalnum() for char in item)
    ]


def checked_ids(
    env: BuildEnvironment, ids: list[str], location: str, what: str = "person"
) -> list[str]:
    """Warn about ids the registry does not know; keep them all.

    ``anonymous`` is always allowed.  Unknown ids stay in the record and are
    shown as written: dropping them would silently lose a contribution.  An
    id that is an address or could be the name of someone who is not shown
    by name (see :class:`coprodoc.people.Lookalikes`) becomes ``anonymous``,
    one person who is not named, and the warning says so: it is then kept
    nowhere, not even in the doctrees, and the page's copied source is
    mended (:mod:`coprodoc.sourcecopy`).  Ids lose invisible characters (a
    right-to-left override shows "aifoZ" as "Zofia": see :func:`_cleaned`),
    and ids that together spell an address or a hidden name become one
    ``anonymous`` (see :func:`_join_runs`).  With no registry file at all
    there is nothing to check against (one warning for the whole build says
    so).  *ids* is changed in place.
    """
    registry = get_registry(env)
    ids[:] = [clean for clean in (_cleaned(i, registry) for i in ids) if clean]
    hidden = _join_runs(ids, registry, location)
    _read_shown_names(ids, registry, location)
    if registry.exists and registry.readable:
        known = [*registry.people, *registry.groups, ANONYMOUS]
        for ident in ids:
            if ident != ANONYMOUS and not registry.knows(ident):
                counted = _counted(registry, ident)
                # a name or an address is not repeated, nor tied to an id by
                # "did you mean": logs are often public
                written = "(not repeated here)" if counted else repr(ident)
                near = "" if counted else hint(ident, known)
                warn(
                    f"unknown {what} id {written}{near}: not in "
                    "the contributors registry "
                    f"({registry.path.name if registry.path else ''}){counted}",
                    "unknown-person",
                    location,
                )
    for index, ident in enumerate(ids):
        if not_shown(ident, registry):  # kept nowhere, not even in doctrees
            ids[index] = ANONYMOUS
            hidden = True
    if hidden:
        note_hidden_in_source(env, location)
    return ids


#: The most ids a shown name is looked for in ("Lived Experience Panel").
_MOST_WORDS = 6


def _read_shown_names(ids: list[str], registry: Registry, location: str) -> None:
    """Ids that together are how someone is shown (``:by: Amira Khan`` for
    ``amira``, ``River`` for a pseudonym, a group's name) are read as that
    id, in place, with a warning that gives the id: the name is published
    anyway, and each word would otherwise be an unknown contributor."""
    if all(registry.knows(ident) or ident == ANONYMOUS for ident in ids):
        return
    shown = _shown_names(registry)
    index = 0
    while index < len(ids):
        for size in range(min(_MOST_WORDS, len(ids) - index), 0, -1):
            run = ids[index : index + size]
            # ids the registry knows are meant as ids: "amira, khan" for two
            # people is not Amira Khan
            if any(registry.knows(ident) for ident in run):
                continue
            meant = shown.get(_words_of(" ".join(run)))
            if meant is None:
                continue
            written = registry.shown(meant).text
            warn(
                f"{written!r} is how {meant!r} is shown, not an id; it was read "
                f"as that id (write {meant!r} where an id goes)",
                "unknown-person",
                location,
            )
            ids[index : index + size] = [meant]
            break
        index += 1


_SHOWN: WeakKeyDictionary[Registry, dict[str, str]] = WeakKeyDictionary()


def _shown_names(registry: Registry) -> dict[str, str]:
    """Each name as shown (see :func:`_words_of`) and whose it is, made once
    per registry."""
    found = _SHOWN.get(registry)
    if found is not None:
        return found
    owners: dict[str, set[str]] = {}
    for ident in [*registry.people, *registry.groups]:
        shown = registry.shown(ident)
        # a group-only person is shown as their group: not theirs to claim
        if shown.kind in ("name", "pseudonym") or ident in registry.groups:
            owners.setdefault(_words_of(shown.text), set()).add(ident)
    # a name two entries share credits neither: which one is meant is unknown
    found = {text: min(owned) for text, owned in owners.items() if len(owned) == 1}
    _SHOWN[registry] = found
    return found


def _words_of(name: str) -> str:
    """*name* as shown names are compared: folded, without "and" (which
    lists drop: "Research and Development Team")."""
    return " ".join(word for word in fold(name).split() if word != "and")


def not_shown(ident: str, registry: Registry) -> bool:
    """Whether an id the registry does not know is an address or could be
    the name of someone who is not shown by name: one person who is not
    named, then."""
    if ident == ANONYMOUS or registry.knows(ident):
        return False
    return is_address(ident) or lookalikes_in(registry)(ident)


def hidden_runs(ids: list[str], registry: Registry) -> list[tuple[int, int]]:
    """(first, last) index of each run of *ids* (as :func:`checked_ids`
    cleans them) that is shown as one person who is not named: an address,
    a hidden name in pieces, or one id that is either."""
    addresses, names = _spelt_runs(ids, registry)
    alone = [(n, n) for n, ident in enumerate(ids) if not_shown(ident, registry)]
    return _merged(addresses + names + alone)


def cleaned_ids(ids: list[str], registry: Registry) -> list[str]:
    """*ids* without invisible characters, as :func:`checked_ids` reads them
    (an id that is only invisible characters becomes empty)."""
    return [_cleaned(ident, registry) for ident in ids]


def _cleaned(ident: str, registry: Registry) -> str:
    """*ident* without invisible characters.  Where an override drew part
    of it backwards, the order a reader saw is taken when that is a known id
    or could be a hidden name ("\u202eaifoZ" shows as "Zofia"), so the
    reversed letters of a name are not shown either."""
    typed = strip_invisible(ident).strip()
    if not has_override(ident):
        return typed
    seen = strip_invisible(seen_order(ident)).strip()
    lookalike = lookalikes_in(registry)
    if registry.knows(typed) or lookalike(typed):
        return typed
    return seen if registry.knows(seen) or lookalike(seen) else typed


def _counted(registry: Registry, ident: str) -> str:
    """What the warning about an unknown id adds when it is not shown."""
    fix = " (write the person's id from the contributors registry)"
    if is_address(ident):
        return "; it is shown as a person who is not named, as it is an address" + fix
    if lookalikes_in(registry)(ident):
        return (
            "; it is shown as a person who is not named, as it could be the "
            "name of someone who is not shown by name" + fix
        )
    return ""


def _join_runs(ids: list[str], registry: Registry, location: str) -> bool:
    """Replace, in place, each run of ids that spells an address or a hidden
    name with one ``anonymous``, and warn without repeating them.  Lists are
    split at spaces, so ``jan.k [at] example.org`` and ``Zo fia`` arrive as
    several ids, none of them an address or a name alone.  Whether any run
    was replaced."""
    addresses, names = _spelt_runs(ids, registry)
    runs = _merged(addresses + names)
    if not runs:
        return False
    kept: list[str] = []
    position = 0
    for first, last in runs:
        kept += [*ids[position:first], ANONYMOUS]
        position = last + 1
    ids[:] = kept + ids[position:]
    if addresses:
        warn(
            "an email address is not a person id: it is shown as a person who "
            "is not named (write the person's id from the contributors registry)",
            "unknown-person",
            location,
        )
    if names:
        warn(
            "ids written next to each other could together be the name of "
            "someone who is not shown by name: they are shown as one person "
            "who is not named (write the person's id from the contributors "
            "registry)",
            "unknown-person",
            location,
        )
    return True


def _spelt_runs(
    ids: list[str], registry: Registry
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The runs of ids that spell an address, and those that spell a hidden
    name (from the ids no address took)."""
    addresses = _address_runs(ids, registry)
    taken = {n for first, last in addresses for n in range(first, last + 1)}
    return addresses, _name_runs(ids, registry, taken)


def _address_runs(ids: list[str], registry: Registry) -> list[tuple[int, int]]:
    """(first, last) index of each run of ids that spells an address."""
    bounds, joined = [], ""
    for ident in ids:
        plain = unicodedata.normalize("NFKC", ident)
        bounds.append((len(joined), len(joined) + len(plain)))
        joined += plain + " "
    runs = []
    for regex in (EMAIL, SPELT_EMAIL):
        for match in regex.finditer(joined):
            inside = [
                n
                for n, (a, b) in enumerate(bounds)
                if a < match.end() and match.start() < b
            ]
            runs.append((inside[0], inside[-1]))
    for index, ident in enumerate(ids):
        if _AT.fullmatch(ident) and not registry.knows(ident):
            runs.append(_around(ids, index))
    return runs


def _around(ids: list[str], at: int) -> tuple[int, int]:
    """The ids an "at" joins: the user part before it, the host after it
    and the host's further parts ("example dot org"), with any punctuation
    between."""
    first = last = at
    while first > 0 and _PUNCTUATION.fullmatch(ids[first - 1]):
        first -= 1
    first = max(first - 1, 0)
    while last + 1 < len(ids) and _PUNCTUATION.fullmatch(ids[last + 1]):
        last += 1
    last = min(last + 1, len(ids) - 1)
    while last + 2 < len(ids) and _DOT.fullmatch(ids[last + 1]):
        last += 2
    return first, last


def _name_runs(
    ids: list[str], registry: Registry, taken: set[int]
) -> list[tuple[int, int]]:
    """(first, last) index of each run of two or three unknown ids that,
    written together, could be a hidden person's name ("Zo fia", "Rosa
    lind", "Zofia Wiśniewska"): one person, however many pieces.  Ids
    *taken* by an address are not pieces of a name."""
    if not (registry.exists and registry.readable):
        return []
    lookalike = lookalikes_in(registry)
    unknown = [
        n not in taken and ident != ANONYMOUS and not registry.knows(ident)
        for n, ident in enumerate(ids)
    ]
    runs = []
    for first in range(len(ids)):
        for size in range(2, _MOST_PIECES + 1):
            last = first + size - 1
            if last >= len(ids) or not all(unknown[first : last + 1]):
                break
            pieces = ids[first : last + 1]
            if lookalike("".join(pieces)):
                runs.append((first, last))
                break
    return runs


def _merged(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping runs as one, in order."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(runs):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def checked_roles(env: BuildEnvironment, value: str | None, location: str) -> list[str]:
    """Known role ids, written as ids or as their labels, in any case
    ("Lived experience insight", "Review"); warn about and drop unknown
    ones."""
    vocabulary = settings(env.config).all_roles()
    labels = {ident: role.label for ident, role in vocabulary.items()}
    known: list[str] = []
    for item in re.split(r",|[;&](?=\s|$)", value or ""):
        whole = as_known(item, labels) if item.strip() else None
        for role in [whole] if whole else split_list(item):
            found = as_known(role, labels)
            if found is not None:
                known.append(found)
                continue
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


def _plain(text: str) -> str:
    """*text* as ids are compared: "Addressed, not accommodated" and
    "addressed_not accommodated" are ``addressed-not-accommodated``."""
    return re.sub(r"[\s_,]+", "-", text.strip().casefold()).strip("-")


def as_known(value: str, known: Mapping[str, str] | Iterable[str]) -> str | None:
    """The id in *known* that *value* means, in another case or written as
    its label ("Accepted", "Lived experience insight"); None if none."""
    labels = known if isinstance(known, Mapping) else {}
    wanted = _plain(value)
    for ident in known:
        if wanted in (_plain(ident), _plain(str(labels.get(ident, ident)))):
            return ident
    return None


def checked_choice(
    value: str | None,
    choices: Mapping[str, str] | tuple[str, ...],
    location: str,
    option: str,
) -> str:
    """One of *choices* (ids, or ids with their labels), in any case or as
    its label; a word with the same meaning (:data:`STATUS_WORDS`) is read as
    that choice, with a warning.  The first choice is the default for a
    missing or bad value."""
    ids = tuple(choices)
    if value is None or not value.strip():
        return ids[0]
    found = as_known(value, choices)
    if found is not None:
        return found
    meant = STATUS_WORDS.get(_plain(value))
    if meant in ids:
        warn(
            f":{option}: {shortened(value.strip())!r} is not one of "
            f"{', '.join(ids)}; it was read as {meant!r} (write :{option}: "
            f"{meant})",
            "option",
            location,
        )
        return meant
    warn(
        f":{option}: {shortened(value.strip())!r} is not one of {', '.join(ids)}"
        f"{hint(value.strip(), ids)}; using {ids[0]!r}",
        "option",
        location,
    )
    return ids[0]


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
