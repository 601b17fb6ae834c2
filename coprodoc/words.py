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
from hashlib import sha256
from importlib.resources import files
from pathlib import Path

#: Words ranked below this are "ordinary": the list's 20,000 most used words
#: cover everyday vocabulary, and few names or acronyms rank so high.
COMMON_LIMIT = 20_000
#: Ranks kept in memory; rarer words count as unknown.
KEPT = 60_000

_ranks_now: dict[str, int] | None = None
#: Where a build keeps the ranks between runs (see :func:`keep_in`).
_cache_folder: Path | None = None


def keep_in(folder: str | Path | None) -> None:
    """Keep the ranks in *folder* (a build's cache folder): working them out
    means reading and sorting the whole list (about a fifth of a second);
    loading them back takes a hundredth."""
    global _cache_folder
    _cache_folder = Path(folder) if folder is not None else None


def _compute(data: bytes) -> dict[str, int]:
    counts: dict[str, int] = json.loads(gzip.decompress(data))
    # the KEPT most used words, ties in alphabetical order; sorting only
    # those that can be among them is three times faster than sorting all
    least = sorted(counts.values(), reverse=True)[min(KEPT, len(counts)) - 1]
    top = sorted((-count, word) for word, count in counts.items() if count >= least)
    return {word: index for index, (_count, word) in enumerate(top[:KEPT])}


def _ranks() -> dict[str, int]:
    global _ranks_now
    if _ranks_now is None:
        data = (files("spellchecker") / "resources" / "en.json.gz").read_bytes()
        if _cache_folder is None:
            _ranks_now = _compute(data)
        else:
            from coprodoc.picklecache import cached, key_digest

            digest = key_digest(["word-ranks", KEPT, sha256(data).hexdigest()])
            _ranks_now = cached(
                _cache_folder, "word-ranks", digest, lambda: _compute(data)
            )
    return _ranks_now


def rank(word: str) -> int | None:
    """How common *word* is (0 is the most used), or None for a rare word."""
    return _ranks().get(word.casefold())


def is_common(word: str, limit: int = COMMON_LIMIT) -> bool:
    """Whether *word* is one of the *limit* most used English words."""
    found = rank(word)
    return found is not None and found < limit
