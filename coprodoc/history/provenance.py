"""Where words come back from: moves, copies and restorations.

A diff only says that lines went and lines came.  Credit must follow the
words (in the spirit of WikiWho): a paragraph a panel member wrote and a
member of staff moved to another section, or to another file, is still the
panel member's; a paragraph deleted and later restored (by ``git revert``,
an undo, or copied back from an older version) goes back to whoever wrote it.

Two places hold words that may come back:

- the :class:`Pool` of one change: every word any of its hunks removed, in
  any file, with its owner.  Added words that match a run of at least
  :data:`MIN_RUN` removed words (or a whole removed sentence) keep those
  words' owners.  Removed words are not used up, so a copied paragraph keeps
  its owners in both places.
- the :class:`Archive` of the whole history: every sentence written or
  removed, as a hash of its words with their owners, least recently seen
  forgotten first beyond :data:`ARCHIVE_LIMIT` sentences, so memory stays
  bounded.  An added sentence found there, word for word, gets its owners
  back: a paragraph restored, or copied from another page.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from hashlib import blake2b

#: Runs of fewer words than this are too common to be taken for a move
#: ("of the", "we will pay").
MIN_RUN = 4
#: At most this many places are tried for one run of words.
MAX_CANDIDATES = 16
#: Sentences remembered for restorations and copies (about 10 MB at most).
ARCHIVE_LIMIT = 50_000
#: Shorter sentences ("Read more.", "Contact us today.") recur by chance.
MIN_SENTENCE = 4
_ENDS = (".", "!", "?")


def _key(words: Sequence[str]) -> int:
    """A stable hash of a sequence of words (pickled with the history)."""
    digest = blake2b("\x1f".join(words).encode("utf-8", "replace"), digest_size=8)
    return int.from_bytes(digest.digest(), "big")


def sentences(words: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence: runs ending at a word that ends one."""
    start = 0
    for index, word in enumerate(words):
        if word.endswith(_ENDS):
            yield start, index + 1
            start = index + 1
    if start < len(words):
        yield start, len(words)


class Pool:
    """The words one change removed, anywhere, to find where they went."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.owners: list[int] = []
        self.index: dict[tuple[str, ...], list[int]] = {}
        self.whole: dict[int, list[int]] = {}

    def add(self, words: Sequence[str], owners: Sequence[int]) -> None:
        base = len(self.words)
        self.words.extend(words)
        self.owners.extend(owners)
        for position in range(base, len(self.words) - MIN_RUN + 1):
            key = tuple(self.words[position : position + MIN_RUN])
            found = self.index.setdefault(key, [])
            if len(found) < MAX_CANDIDATES:
                found.append(position)
        for start, end in sentences(words):
            self.whole.setdefault(_key(words[start:end]), []).append(base + start)

    def __bool__(self) -> bool:
        return bool(self.words)

    def find(self, words: Sequence[str], owners: list[int | None]) -> None:
        """Fill *owners* (None where unknown) for *words* found here."""
        for start, end in sentences(words):
            places = self.whole.get(_key(words[start:end]))
            if places and all(owner is None for owner in owners[start:end]):
                origin = places[0]
                owners[start:end] = self.owners[origin : origin + end - start]
        position = 0
        while position <= len(words) - MIN_RUN:
            if owners[position] is not None:
                position += 1
                continue
            origin, length = self._longest(words, position)
            if length:
                for offset in range(length):
                    if owners[position + offset] is None:
                        owners[position + offset] = self.owners[origin + offset]
                position += length
            else:
                position += 1

    def _longest(self, words: Sequence[str], position: int) -> tuple[int, int]:
        """The longest run of *words* from *position* found here."""
        best_origin, best = 0, 0
        for origin in self.index.get(tuple(words[position : position + MIN_RUN]), ()):
            length = MIN_RUN
            while (
                position + length < len(words)
                and origin + length < len(self.words)
                and words[position + length] == self.words[origin + length]
            ):
                length += 1
            if length > best:
                best_origin, best = origin, length
        return best_origin, best


class Archive:
    """Sentences of the whole history, for restorations and copies."""

    def __init__(self, entries: dict[int, tuple[int, ...]] | None = None) -> None:
        self.entries: dict[int, tuple[int, ...]] = entries or {}

    def remember(self, words: Sequence[str], owners: Sequence[int]) -> None:
        for start, end in sentences(words):
            if end - start < MIN_SENTENCE:
                continue
            key = _key(words[start:end])
            self.entries.pop(key, None)  # the latest owners, kept longest
            self.entries[key] = tuple(owners[start:end])
        while len(self.entries) > ARCHIVE_LIMIT:
            del self.entries[next(iter(self.entries))]

    def find(self, words: Sequence[str], owners: list[int | None]) -> None:
        """Fill *owners* of whole sentences of *words* found here."""
        for start, end in sentences(words):
            too_short = end - start < MIN_SENTENCE
            if too_short or any(o is not None for o in owners[start:end]):
                continue
            found = self.entries.get(_key(words[start:end]))
            if found is not None and len(found) == end - start:
                owners[start:end] = list(found)
