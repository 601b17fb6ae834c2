"""Who wrote each word of a page, kept compact for the authorship view.

The view (see :mod:`coprodoc.authorship`) shows a page's text with each
passage marked by who wrote it.  From a file's word owners this makes runs of
words by the same authors, per source line, and a table of the authors: each
a tuple of identity keys (the people who share a change's words), or one of
the markers below.
"""

from __future__ import annotations

from collections.abc import Sequence

from coprodoc.data import ChangeInfo
from coprodoc.history.replay import NOBODY, UNCOMMITTED, FileState, PackedFile

#: Words not committed yet.
NOT_COMMITTED = "?uncommitted"
#: Words a formatting change added, or whose change credits no one.
NO_ONE = "?nobody"

Runs = tuple[tuple[int, tuple[tuple[int, int], ...]], ...]


def runs(
    state: FileState | PackedFile,
    changes: Sequence[ChangeInfo | None],
    quoted: dict[int, int],
) -> tuple[Runs, tuple[tuple[str, ...], ...]]:
    """The runs of each line, and the authors they refer to (recorded lines,
    *quoted*, are their made-up owner's: the people the block names)."""
    table: dict[tuple[str, ...], int] = {}
    memo: dict[int, int] = {}

    def author(owner: int) -> int:
        if owner in memo:
            return memo[owner]
        if owner == UNCOMMITTED:
            who: tuple[str, ...] = (NOT_COMMITTED,)
        else:
            change = changes[owner] if 0 <= owner < len(changes) else None
            sharers = (
                tuple(dict.fromkeys(k for k, _r, share in change.credits if share))
                if change is not None and owner != NOBODY
                else ()
            )
            who = sharers or (NO_ONE,)
        memo[owner] = table.setdefault(who, len(table))
        return memo[owner]

    lines: list[tuple[int, tuple[tuple[int, int], ...]]] = []
    for number, (_owner, words) in enumerate(state.rows(), 1):
        if not words:
            continue
        if number in quoted:
            lines.append((number, ((len(words), author(quoted[number])),)))
            continue
        found: list[list[int]] = []
        for owner in words:
            index = author(owner)
            if found and found[-1][1] == index:
                found[-1][0] += 1
            else:
                found.append([1, index])
        lines.append((number, tuple((count, index) for count, index in found)))
    return tuple(lines), tuple(table)
