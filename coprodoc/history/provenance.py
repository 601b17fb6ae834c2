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

from collections.abc import Callable, Iterator, Sequence
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


def sentence_ends(words: Sequence[str]) -> list[int]:
    """Where each sentence of *words* ends (exclusive indices); the last
    one ends with the words, whether or not it ends a sentence."""
    ends = [index for index, word in enumerate(words, 1) if word.endswith(_ENDS)]
    if words and (not ends or ends[-1] != len(words)):
        ends.append(len(words))
    return ends


def sentences(words: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence: runs ending at a word that ends one."""
    start = 0
    for end in sentence_ends(words):
        yield start, end
        start = end


def sentences_near(
    words: Sequence[str], ranges: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """(start, end) of the sentences that overlap or touch *ranges* (the
    parts of a hunk that changed): only they can be new.  Only the words
    around *ranges* are looked at, not the whole hunk."""
    count, done = len(words), 0
    found: list[tuple[int, int]] = []
    for low, high in ranges:
        start, stop = max(low - 1, done), min(high + 1, count)
        if start >= stop:
            continue
        while start > done and not words[start - 1].endswith(_ENDS):
            start -= 1
        while start < stop:
            end = start
            while end < count - 1 and not words[end].endswith(_ENDS):
                end += 1
            found.append((start, end + 1))
            start = end + 1
        done = start
    return found


def traces(words: Sequence[str]) -> set[object]:
    """What a :class:`Pool` matches words by: each run of :data:`MIN_RUN`
    words, and each sentence (by its key).  Words that share no trace with
    a change's removed words cannot take owners from them."""
    found: set[object] = {
        tuple(words[start : start + MIN_RUN])
        for start in range(len(words) - MIN_RUN + 1)
    }
    found.update(_key(words[start:end]) for start, end in sentences(words))
    return found


def can_match(words: Sequence[str], ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether any of *ranges* (words with no owner yet) is long enough for
    a move (:data:`MIN_RUN` words) or holds a whole sentence: otherwise
    neither a :class:`Pool` nor an :class:`Archive` can find it."""
    for low, high in ranges:
        if high - low >= MIN_RUN:
            return True
        starts = [s for s in range(low, high) if s == 0 or words[s - 1].endswith(_ENDS)]
        if starts and (
            high == len(words)
            or any(words[e - 1].endswith(_ENDS) for e in range(starts[0] + 1, high + 1))
        ):
            return True
    return False


class Pool:
    """The words one change removed, anywhere, to find where they went.

    Most changes find every word they add in the hunk itself; the index of
    removed words is built only when a search needs it."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.owners: list[int] = []
        self._chunks: list[tuple[int, int]] = []
        self._index: dict[tuple[str, ...], list[int]] | None = None
        self._whole: dict[int, list[int]] | None = None

    def add(self, words: Sequence[str], owners: Sequence[int]) -> None:
        self._chunks.append((len(self.words), len(words)))
        self.words.extend(words)
        self.owners.extend(owners)
        self._index = self._whole = None

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def index(self) -> dict[tuple[str, ...], list[int]]:
        """Where each run of :data:`MIN_RUN` removed words starts (runs within
        one hunk's words), built on first use."""
        if self._index is None:
            index: dict[tuple[str, ...], list[int]] = {}
            words = self.words
            for base, length in self._chunks:
                for position in range(base, base + length - MIN_RUN + 1):
                    found = index.setdefault(
                        tuple(words[position : position + MIN_RUN]), []
                    )
                    if len(found) < MAX_CANDIDATES:
                        found.append(position)
            self._index = index
        return self._index

    @property
    def whole(self) -> dict[int, list[int]]:
        """Where each removed sentence starts, by its words, built on first use."""
        if self._whole is None:
            self._whole = {}
            for base, length in self._chunks:
                chunk = self.words[base : base + length]
                for start, end in sentences(chunk):
                    key = _key(chunk[start:end])
                    self._whole.setdefault(key, []).append(base + start)
        return self._whole

    def find(
        self,
        words: Sequence[str],
        owners: list[int | None],
        ranges: Sequence[tuple[int, int]],
        spans: Sequence[tuple[int, int]],
    ) -> None:
        """Fill *owners* (None where unknown: in *ranges*) for *words* found
        here: whole sentences (of *spans*, those near *ranges*) first, then
        the longest runs."""
        for start, end in spans:
            if all(owner is None for owner in owners[start:end]):
                places = self.whole.get(_key(words[start:end]))
                if places:
                    origin = places[0]
                    owners[start:end] = self.owners[origin : origin + end - start]
        position, last = 0, len(words) - MIN_RUN
        for low, high in ranges:
            position = max(position, low)
            while position < high and position <= last:
                if owners[position] is not None:
                    position += 1
                    continue
                origin, length = self._longest(words, position, self.index)
                if length:
                    for offset in range(length):
                        if owners[position + offset] is None:
                            owners[position + offset] = self.owners[origin + offset]
                    position += length
                else:
                    position += 1

    def _longest(
        self,
        words: Sequence[str],
        position: int,
        index: dict[tuple[str, ...], list[int]],
    ) -> tuple[int, int]:
        """The longest run of *words* from *position* found here."""
        best_origin, best = 0, 0
        for origin in index.get(tuple(words[position : position + MIN_RUN]), ()):
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

    def remember(
        self,
        words: Sequence[str],
        owners: Sequence[int],
        spans: Sequence[tuple[int, int]] | None = None,
    ) -> None:
        """Remember the sentences of *words*, or only *spans* of them (those
        near what changed: the others were remembered when written)."""
        for start, end in sentences(words) if spans is None else spans:
            if end - start < MIN_SENTENCE:
                continue
            key = _key(words[start:end])
            self.entries.pop(key, None)  # the latest owners, kept longest
            self.entries[key] = tuple(owners[start:end])
        while len(self.entries) > ARCHIVE_LIMIT:
            del self.entries[next(iter(self.entries))]

    def find(
        self,
        words: Sequence[str],
        owners: list[int | None],
        spans: Sequence[tuple[int, int]],
    ) -> None:
        """Fill *owners* of whole sentences of *words* found here (only the
        sentences near where owners are unknown, *spans*, can be)."""
        for start, end in spans:
            too_short = end - start < MIN_SENTENCE
            if too_short or any(o is not None for o in owners[start:end]):
                continue
            found = self.entries.get(_key(words[start:end]))
            if found is not None and len(found) == end - start:
                owners[start:end] = list(found)


class Overlay(Archive):
    """The archive as uncommitted changes see it: what they write or remove
    is kept here, never in the cached archive, which is loaded only if a
    sentence is looked up (most edits add no sentence that could be found)."""

    def __init__(
        self,
        base: Callable[[], Archive],
        may_hold: Callable[[list[int]], bool] = lambda _keys: True,
    ) -> None:
        super().__init__()
        self._base = base
        #: a quick test that the base may hold any of some keys (loading a
        #: long history's archive took longer than the rest of the edit)
        self._may_hold = may_hold

    def find(
        self,
        words: Sequence[str],
        owners: list[int | None],
        spans: Sequence[tuple[int, int]],
    ) -> None:
        super().find(words, owners, spans)
        unknown = [
            (start, end)
            for start, end in spans
            if end - start >= MIN_SENTENCE and owners[start] is None
        ]
        if unknown and self._may_hold([_key(words[s:e]) for s, e in unknown]):
            self._base().find(words, owners, unknown)
