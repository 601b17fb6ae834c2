"""One way to suggest ("did you mean ...?") a name for every misspelt one.

Roles, groups, people's ids, decision methods and statuses, decision and
dissent names, registry keys and settings are all checked against a list of
known names; a warning about an unknown one suggests the closest known name,
if any is close.  Ids are compared first with case, separators and leading
zeros set aside (``p2`` is ``p02``, ``P-02`` is ``p02``), then by
:func:`difflib.get_close_matches`.  Only known names are ever suggested:
they are ids and vocabulary, never anyone's name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from coprodoc.patterns import compile_later

_SEPARATORS = compile_later(r"[\s_.-]+")
_LEADING_ZEROS = compile_later(r"(?<![0-9])0+(?=[0-9])")
#: How alike two names must be (difflib's ratio) to be suggested.
CUTOFF = 0.6


def _folded(word: str) -> str:
    return _LEADING_ZEROS.sub("", _SEPARATORS.sub("", word.casefold()))


def did_you_mean(word: str, known: Iterable[str]) -> str | None:
    """The known name *word* is most likely a misspelling of, if any (*word*
    itself when it is known: callers such as the registry's consent check
    ask whether a key is one of a list, in any spelling)."""
    names = list(dict.fromkeys(known))
    if not names or not word:
        return None
    folded = _folded(word)
    same = [name for name in names if _folded(name) == folded]
    if same:
        return same[0]
    found = difflib.get_close_matches(word, names, n=1, cutoff=CUTOFF)
    if not found:  # a different case throws the ratio off: "Staf"
        lowered = {name.casefold(): name for name in names}
        found = [
            lowered[match]
            for match in difflib.get_close_matches(
                word.casefold(), list(lowered), n=1, cutoff=CUTOFF
            )
        ]
    return found[0] if found else None


def hint(word: str, known: Iterable[str]) -> str:
    """``" (did you mean 'staff'?)"``, or ``""`` when nothing is close."""
    match = did_you_mean(word, known)
    return f" (did you mean {match!r}?)" if match else ""
