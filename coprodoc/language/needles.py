"""Words every match of a pattern contains, to skip a search that cannot
match.

Each labelling rule is first looked for on a page's whole prose.  Python's
``re`` scans at 100 to 300 MB/s when a pattern starts with common letters
("the", "non", a case-insensitive "give"), and a large site's pages are
megabytes of prose; ``str.find`` looks for a word at several GB/s.
:func:`needles` reads a pattern the way ``re`` parses it and gives strings
of which every match contains at least one, so a page holding none of them
is not searched.  Anything it does not know (a new opcode, flags set inside
the pattern, a case-insensitive letter outside ASCII) gives None: the page
is searched as before.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

sre: Any
sre_parse: Any
try:  # the parser ``re`` itself uses (Python 3.11+); private, so guarded
    sre = importlib.import_module("re._constants")
    sre_parse = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - a Python without them
    sre = sre_parse = None

#: Needles shorter than this are in almost every page: no use.
MIN_LENGTH = 3

Needles = frozenset[str]


class _Unknown(Exception):
    """Something the reading below does not handle: no needles."""


def needles(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings of which every match of *pattern* (compiled with *flags*)
    contains one, lower-cased when the pattern ignores case (look for them
    in lower-cased text, see :func:`coprodoc.language.rules.folded`); None
    when that cannot be told or would not help."""
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern, flags)
        found = _sequence(list(parsed))
    except (_Unknown, re.error, RecursionError, TypeError, ValueError):
        return None
    if not found or min(map(len, found)) < MIN_LENGTH:
        return None
    if parsed.state.flags & re.IGNORECASE:
        if not all(needle.isascii() for needle in found):
            return None
        found = frozenset(needle.lower() for needle in found)
    return tuple(sorted(found))


def _better(found: Needles | None, best: Needles | None) -> bool:
    """Whether *found* is the better requirement: its shortest string the
    longer (a rare word), then fewer strings."""
    if not found:
        return False
    if best is None:
        return True
    return (min(map(len, found)), -len(found)) > (min(map(len, best)), -len(best))


def _sequence(items: list[tuple[Any, Any]]) -> Needles | None:
    """The best requirement of a sequence: a run of literal letters, or a
    part every match goes through."""
    best: Needles | None = None
    run: list[str] = []
    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        for found in (frozenset({"".join(run)}) if run else None, _part(op, value)):
            if _better(found, best):
                best = found
        run = []
    last = frozenset({"".join(run)}) if run else None
    return last if _better(last, best) else best


#: Parts that match without a literal to require (or match nothing).
_NOTHING_REQUIRED = frozenset(
    getattr(sre, name, None) for name in ("ANY", "AT", "ASSERT", "ASSERT_NOT")
) | frozenset(
    getattr(sre, name, None)
    for name in ("IN", "NOT_LITERAL", "CATEGORY", "GROUPREF", "GROUPREF_EXISTS")
)


def _part(op: Any, value: Any) -> Needles | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, inner = value
        if add_flags or del_flags:
            raise _Unknown  # flags for part of the pattern
        return _sequence(list(inner))
    if op is sre.BRANCH:
        found: set[str] = set()
        for alternative in value[1]:
            required = _sequence(list(alternative))
            if not required:
                return None  # this alternative needs no literal
            found |= required
        return frozenset(found)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", 0)):
        low, _high, inner = value
        return _sequence(list(inner)) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", 0):
        return _sequence(list(value))
    if op in _NOTHING_REQUIRED:
        return None
    raise _Unknown
