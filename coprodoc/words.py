"""Ordinary English words, ranked by how often they are used.

Two checks need to tell an ordinary word from a name or an acronym: commit
text redaction (a first name such as "Will" or "Rose" is also a word, and
is kept when it is written in lower case) and the acronym check ("NOT" and
"NEWS" in capitals are emphasis, not acronyms).  The ranks come from the
English word-frequency list that pyspellchecker ships in its wheel, so
nothing is downloaded at run time.

Reading that list (a 2.7 MB JSON document) takes a fifth of a second or
more, on every build that checks a page or replays a commit.  The ranking
made from it is therefore kept in the user's cache folder
(``$XDG_CACHE_HOME/coprodoc``, else ``~/.cache/coprodoc``), named by the
list's version, and read from there in a hundredth of that time.  It is
never kept in a site's folders: it holds every word pyspellchecker knows,
names included, and a site's folders must not hold names a person who is
not shown might search them for.  The list is public data, the same for
every site; nothing of a site goes into that file.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

#: Words ranked below this are "ordinary": the list's 20,000 most used words
#: cover everyday vocabulary, and few names or acronyms rank so high.
COMMON_LIMIT = 20_000
#: Ranks kept; rarer words count as unknown.
KEPT = 60_000
#: Changes when the cached ranking's form does.
FORMAT = 1


def ranked(counts: dict[str, int]) -> list[str]:
    """The KEPT most used words, most used first; ties in alphabetical
    order, so a word's rank does not depend on the order of the list."""
    return sorted(counts, key=lambda word: (-counts[word], word))[:KEPT]


def _source() -> bytes:
    return (files("spellchecker") / "resources" / "en.json.gz").read_bytes()


def _cache_file() -> Path | None:
    """Where the ranking is kept for this version of the list (None if the
    user has no cache folder to use)."""
    try:
        release = version("pyspellchecker")
    except PackageNotFoundError:  # pragma: no cover - it is a dependency
        return None
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:  # no home folder (a bare container): nowhere to keep it
        return None
    return Path(base) / "coprodoc" / f"words-{release}-{FORMAT}.pickle"


def _load(path: Path | None) -> list[str] | None:
    if path is None:
        return None
    try:
        found = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    if isinstance(found, list) and all(isinstance(w, str) for w in found[:10]):
        return found
    return None


def _keep(path: Path | None, words: list[str]) -> None:
    """Write the ranking whole or not at all; a read-only home only costs
    speed."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(words, out, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        return


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    """Each kept word's rank (0 for the most used), read once per process."""
    path = _cache_file()
    words = _load(path)
    if words is None:
        words = ranked(json.loads(gzip.decompress(_source())))
        _keep(path, words)
    return {word: rank for rank, word in enumerate(words)}


def is_common(word: str, limit: int = COMMON_LIMIT) -> bool:
    """Whether *word* is one of the *limit* most used English words."""
    return _ranks().get(word.casefold(), KEPT) < min(limit, KEPT)


def is_known(word: str) -> bool:
    """Whether *word* is in the list at all (one of the KEPT most used)."""
    return is_common(word, KEPT)
