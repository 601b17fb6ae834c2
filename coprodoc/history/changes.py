"""The list of changes pages refer to by index, as one build sees it.

Kept in the history cache, not in the environment: thousands of commits
would make every incremental build load and save them.  A build that writes
pages without gathering history first reads it back from the cache.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Sequence
from typing import Any, overload

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from coprodoc import state
from coprodoc.config import cache_folder
from coprodoc.data import ChangeInfo
from coprodoc.picklecache import load_pickle

CACHE_NAME = "coprodoc-history.pickle"


class ChangeList(Sequence[ChangeInfo | None]):
    """The change list, kept as plain tuples and read as :class:`ChangeInfo`.

    Python's garbage collector stops scanning a plain tuple of strings and
    numbers, but never a named tuple; a large history has thousands of
    changes, which Sphinx's collections would otherwise scan again and again
    while writing every page.
    """

    def __init__(self, changes: Iterable[Iterable[Any] | None] = ()) -> None:
        self._raw = [tuple(c) if c is not None else None for c in changes]

    @classmethod
    def of_tuples(cls, changes: list[tuple[Any, ...] | None]) -> ChangeList:
        """A change list over plain tuples as they are (not copied)."""
        found = cls()
        found._raw = changes
        return found

    @overload
    def __getitem__(self, index: int) -> ChangeInfo | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[ChangeInfo | None]: ...

    def __getitem__(
        self, index: int | slice
    ) -> ChangeInfo | list[ChangeInfo | None] | None:
        if isinstance(index, slice):
            return [ChangeInfo(*c) if c else None for c in self._raw[index]]
        raw = self._raw[index]
        return ChangeInfo(*raw) if raw is not None else None

    def __len__(self) -> int:
        return len(self._raw)


def set_changes(env: BuildEnvironment, changes: ChangeList) -> None:
    state.set_changes(env, changes)


def change_list(app: Sphinx) -> ChangeList:
    """Every change, by the index pages refer to them with."""

    def load() -> ChangeList:
        try:
            packed = load_pickle(cache_folder(app) / CACHE_NAME)
            return ChangeList(packed["changes"])
        except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError):
            return ChangeList()

    return state.changes_of(app.env, load)


def change_at(app: Sphinx, index: int | None) -> ChangeInfo | None:
    """The change pages call *index*, if there is one."""
    changes = change_list(app)
    if index is None or not 0 <= index < len(changes):
        return None
    return changes[index]
