"""Ordinary English words, ranked by how often they are used.

Two checks need to tell an ordinary word from a name or an acronym: commit
text redaction (a first name such as "Will" or "Rose" is also a word, and
is kept when it is written in lower case) and the acronym check ("NOT" and
"NEWS" in capitals are emphasis, not acronyms).  The ranks come from the
English word-frequency list that pyspellchecker ships in its wheel, so
nothing is downloaded at run time; it is read once per process, only when
one of those checks runs.
"""

from __future__ import annotations

import gzip
import json
from bisect import bisect_left, bisect_right
from functools import lru_cache
from importlib.resources import files

#: Words ranked below this are "ordinary": the list's 20,000 most used words
#: cover everyday vocabulary, and few names or acronyms rank so high.
COMMON_LIMIT = 20_000
#: Ranks kept in memory; rarer words count as unknown.
KEPT = 60_000


class _Table:
    """Each word's count, and every count from the highest down: whether a
    word is among the *limit* most used (ties in alphabetical order, as a
    full sort would put them) is found without sorting the words."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.ascending = sorted(counts.values())
        self._ties: dict[int, list[str]] = {}
        self._known: dict[tuple[str, int], bool] = {}

    def among(self, word: str, limit: int) -> bool:
        found = self._known.get((word, limit))
        if found is None:
            found = self._known[(word, limit)] = self._among(word, limit)
        return found

    def _among(self, word: str, limit: int) -> bool:
        count = self.counts.get(word)
        if count is None:
            return False
        total = len(self.ascending)
        above = total - bisect_right(self.ascending, count)  # used more often
        tied = bisect_right(self.ascending, count) - bisect_left(self.ascending, count)
        if above + tied <= limit:
            return True
        if above >= limit:
            return False
        ties = self._ties.get(count)
        if ties is None:  # only where a limit falls inside a run of ties
            ties = self._ties[count] = sorted(
                w for w, c in self.counts.items() if c == count
            )
        return above + bisect_left(ties, word) < limit


def _read(data: bytes) -> dict[str, int]:
    counts: dict[str, int] = json.loads(gzip.decompress(data))
    return counts


@lru_cache(maxsize=1)
def _table() -> _Table:
    """The list, read once per process (a twentieth of a second).  It is
    not kept in the build's caches: it holds every word pyspellchecker
    knows, names included, and a site's folders must not hold names a
    person who is not shown might search them for."""
    data = (files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    return _Table(_read(data))


def is_common(word: str, limit: int = COMMON_LIMIT) -> bool:
    """Whether *word* is one of the *limit* most used English words."""
    return _table().among(word.casefold(), min(limit, KEPT))


def is_known(word: str) -> bool:
    """Whether *word* is in the list at all (one of the KEPT most used)."""
    return is_common(word, KEPT)
