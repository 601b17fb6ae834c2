"""Caches kept in the doctree folder between builds, and how to load them.

An incremental build after editing one page should cost about what it costs
without coprodoc.  Parsing the labelling rules means importing and running a
YAML parser; keeping the parsed result in the doctree folder, keyed by
everything it depends on (file bytes included), lets unchanged rules load as
one small pickle.  Only data that may be kept in the build folder goes here:
never the contributors registry, which holds the names of people who are not
shown by name.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from hashlib import sha256
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: Part of every key, so a new coprodoc never reads an older one's objects.
_VERSION = "1"


@contextmanager
def paused_gc() -> Iterator[None]:
    """The garbage collector paused while many long-lived objects are made.

    During a build the heap already holds the whole environment, and each
    collection that making many small objects triggers scans all of it:
    pausing it makes loading the history cache several times faster.  What
    is made here holds no reference cycles to collect.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_pickle(path: Path) -> Any:
    """Unpickle *path* with the garbage collector paused."""
    with paused_gc(), path.open("rb") as handle:
        return pickle.load(handle)


def key_digest(key: Any) -> str:
    """A fingerprint of *key* (anything with a faithful ``repr``)."""
    from coprodoc import __version__

    return sha256(repr([_VERSION, __version__, key]).encode()).hexdigest()


def cached(folder: str | Path, name: str, digest: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its result from an earlier build with the same
    *digest* (see :func:`key_digest`).

    A missing, damaged or read-only cache only costs the time of computing.
    """
    path = Path(folder) / f"coprodoc-{name}.pickle"
    try:
        stored_digest, value = load_pickle(path)
        if stored_digest == digest:
            return value  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        pass
    except pickle.UnpicklingError:
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            pickle.dump((digest, value), handle, pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.PicklingError):
        pass
    return value
