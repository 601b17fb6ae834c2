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
from functools import lru_cache
from importlib.resources import files

#: Words ranked below this are "ordinary": the list's 20,000 most used words
#: cover everyday vocabulary, and few names or acronyms rank so high.
COMMON_LIMIT = 20_000
#: Ranks kept in memory; rarer words count as unknown.
KEPT = 60_000


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    data = files("spellchecker") / "resources" / "en.json.gz"
    counts: dict[str, int] = json.loads(gzip.decompress(data.read_bytes()))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {word: index for index, (word, _count) in enumerate(ordered[:KEPT])}


def rank(word: str) -> int | None:
    """How common *word* is (0 is the most used), or None for a rare word."""
    return _ranks().get(word.casefold())


def is_common(word: str, limit: int = COMMON_LIMIT) -> bool:
    """Whether *word* is one of the *limit* most used English words."""
    found = rank(word)
    return found is not None and found < limit
