"""Replays a ``git log -p -U0`` stream into per-line and per-word owners.

Pure text processing, with no git calls, so it is easy to test and to feed
either a whole history or only the commits since the last build.

Blame semantics are those of ``git blame --first-parent``: a line belongs to
the first-parent change that last added or modified it (a merged pull request
is one change, the merge).  Word owners go further: when a change rewrites a
line, the words it did not alter keep their owner, so re-wrapping a paragraph
or fixing a comma does not take the credit for the paragraph.  Ignored
revisions (formatting commits) give their lines back to the previous owners,
line by line in order, and take no word credit at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from difflib import SequenceMatcher

from coprodoc.history.provenance import Archive, Pool, can_match, sentences_near
from coprodoc.patterns import compile_later

#: Owner of text that is not in any commit yet.
UNCOMMITTED = -1
#: Owner of words nobody can be credited with (added by an ignored revision).
NOBODY = -2

_HUNK = compile_later(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


# The classes here are written out rather than made by ``@dataclass``: this
# module loads in every build, and six dataclasses took 4 ms of it (each
# compiles its generated methods).  ``__slots__`` also keep a :class:`Line`,
# made for every line of every file replayed, small.


class Line:
    """One line of a file: the change that last shaped it, and its words'."""

    __slots__ = ("owner", "words")

    def __init__(self, owner: int, words: list[int]) -> None:
        self.owner = owner
        self.words = words


class FileState:
    """One file's lines, and the changes that touched it, oldest first
    (following renames)."""

    __slots__ = ("changes", "lines")

    def __init__(
        self, lines: list[Line] | None = None, changes: list[int] | None = None
    ) -> None:
        self.lines = [] if lines is None else lines
        self.changes = [] if changes is None else changes

    def rows(self) -> Iterator[tuple[int, Sequence[int]]]:
        """Each line's owner and its words' owners, in order."""
        return ((line.owner, line.words) for line in self.lines)


class PackedFile:
    """A file's state as the history cache holds it, for reading only:
    attributing a page reads every line once, and a :class:`Line` per line
    (thousands on a long page) only to read it made the fresh build's
    garbage collector run more often than the rest of coprodoc did."""

    __slots__ = ("changes", "owners", "words")

    def __init__(
        self, owners: list[int], words: list[Sequence[int]], changes: list[int]
    ) -> None:
        self.owners = owners
        self.words = words
        self.changes = changes

    def rows(self) -> Iterator[tuple[int, Sequence[int]]]:
        return zip(self.owners, self.words, strict=True)


class Hunk:
    """One ``@@`` hunk of a ``-U0`` patch: where it starts, and its lines."""

    __slots__ = ("added", "new_start", "old_count", "old_start", "removed")

    def __init__(
        self,
        old_start: int,
        old_count: int,
        new_start: int,
        removed: list[str] | None = None,
        added: list[str] | None = None,
    ) -> None:
        self.old_start = old_start
        self.old_count = old_count
        self.new_start = new_start
        self.removed = [] if removed is None else removed
        self.added = [] if added is None else added


class FileDiff:
    """One file's part of a commit's patch (paths None: added or deleted)."""

    __slots__ = ("binary", "hunks", "new_path", "old_path")

    def __init__(
        self,
        old_path: str | None,
        new_path: str | None,
        hunks: list[Hunk] | None = None,
        binary: bool = False,
    ) -> None:
        self.old_path = old_path
        self.new_path = new_path
        self.hunks = [] if hunks is None else hunks
        self.binary = binary


def _path(value: str) -> str | None:
    value = value.rstrip("\n").split("\t")[0]
    if value == "/dev/null":
        return None
    if value.startswith('"') and value.endswith('"'):
        value = (
            value[1:-1]
            .encode("latin-1", "backslashreplace")
            .decode("unicode_escape")
            .encode("latin-1")
            .decode("utf-8", "replace")
        )
    return value[2:] if value[:2] in ("a/", "b/") else value


def parse_patch(lines: Iterable[str]) -> Iterator[FileDiff]:
    """File diffs of one commit's ``-U0`` patch text."""
    current: FileDiff | None = None
    hunk: Hunk | None = None
    for line in lines:
        if hunk is not None:  # most lines: a hunk's own, read first
            first = line[:1]
            if first == "-":
                hunk.removed.append(line[1:].rstrip("\n"))
                continue
            if first == "+":
                hunk.added.append(line[1:].rstrip("\n"))
                continue
            if first == "\\":  # "\ No newline at end of file"
                continue
        if line.startswith("diff --git "):
            if current is not None:
                yield current
            current, hunk = FileDiff(None, None), None
            rest = line[len("diff --git ") :].rstrip("\n")
            if " b/" in rest:
                old, new = rest.split(" b/", 1)
                current.old_path = _path(old)
                current.new_path = new
            continue
        if current is None:
            continue
        # (lines that reach here are not a hunk's: git's headers, hunk starts)
        if line.startswith("--- "):
            current.old_path = _path(line[4:])
            continue
        if line.startswith("+++ "):
            current.new_path = _path(line[4:])
            continue
        if line.startswith("rename from "):
            current.old_path = line[len("rename from ") :].rstrip("\n")
            continue
        if line.startswith("rename to "):
            current.new_path = line[len("rename to ") :].rstrip("\n")
            continue
        if line.startswith("new file mode"):
            current.old_path = None
            continue
        if line.startswith("deleted file mode"):
            current.new_path = None
            continue
        if line.startswith("Binary files"):
            current.binary = True
            continue
        match = _HUNK.match(line)
        if match:
            old_start, old_count, new_start, _new_count = match.groups()
            hunk = Hunk(
                int(old_start),
                1 if old_count is None else int(old_count),
                int(new_start),
            )
            current.hunks.append(hunk)
    if current is not None:
        yield current


#: Word matching compares every old word with every new one in the part of a
#: hunk that differs; past this many comparisons (for example a 150,000-word
#: line with one word changed, after the common start and end are set
#: aside) the differing part is credited as a whole to the change, as a line
#: would be.  The common start and end still keep their owners.
MAX_COMPARISONS = 4_000_000


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """``SequenceMatcher`` opcodes, near-linear for long texts: the common
    start and end are matched directly, and only the middle is compared."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    codes: list[tuple[str, int, int, int, int]] = []
    if start:
        codes.append(("equal", 0, start, 0, start))
    middle_old, middle_new = old[start : len(old) - end], new[start : len(new) - end]
    whole = (start, len(old) - end, start, len(new) - end)
    if not middle_old and not middle_new:
        pass
    elif not middle_old or not middle_new:  # nothing in common left to find
        codes.append(("insert" if middle_new else "delete", *whole))
    elif len(middle_old) == len(middle_new) == 1 or (
        len(middle_old) * len(middle_new) > MAX_COMPARISONS
    ):
        codes.append(("replace", *whole))
    else:
        matcher = SequenceMatcher(None, middle_old, middle_new, autojunk=False)
        codes.extend(
            (tag, i1 + start, i2 + start, j1 + start, j2 + start)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        )
    if end:
        codes.append(("equal", len(old) - end, len(old), len(new) - end, len(new)))
    return codes


def _old_owners(removed: list[str], old: list[Line], change: int) -> list[int]:
    """The owners of the words a hunk removes, as the state has them."""
    owners: list[int] = []
    for index, text in enumerate(removed):
        count = len(text.split())
        line = old[index] if index < len(old) else None
        if line is not None and len(line.words) == count:
            owners.extend(line.words)
        else:  # state and diff disagree (should not happen): trust the line
            owners.extend([line.owner if line else change] * count)
    return owners


class Removed:
    """The words one hunk removes, with their owners as the state had them,
    and which of them the hunk did not keep (None until it is applied:
    then all of them, as for a deleted file)."""

    __slots__ = ("gone", "owners", "words")

    def __init__(self, words: list[str], owners: list[int]) -> None:
        self.words = words
        self.owners = owners
        self.gone: list[tuple[int, int]] | None = None


def words_of(lines: list[str]) -> list[str]:
    """The words of a hunk's lines, as word matching compares them."""
    return [word for line in lines for word in line.split()]


def _removed(hunk: Hunk, old: list[Line], change: int) -> Removed:
    words = words_of(hunk.removed)
    return Removed(words, _old_owners(hunk.removed, old, change))


def _word_owners(
    removed: Removed,
    added: list[str],
    change: int,
    ignored: bool,
    moved: Pool | None = None,
    archive: Archive | None = None,
) -> list[list[int]]:
    """Owners of the words of *added*: those the hunk kept keep theirs; those
    found among the words the change removed elsewhere (a move, a copy) or
    among earlier removed sentences (a restoration) get those owners back;
    the rest are the change's (an ignored change takes no credit: its words
    go back to whoever owned the words they replaced, or to nobody).  With
    an *archive*, the sentences written are remembered, for copies later."""
    old_owners = removed.owners
    new_words = words_of(added)
    owners: list[int | None] = [None] * len(new_words)
    fallback: list[int] = [change] * len(new_words)
    removed.gone, written = [], []
    for tag, i1, i2, j1, j2 in _opcodes(removed.words, new_words):
        if tag == "equal":
            owners[j1:j2] = old_owners[i1:i2]
            continue
        removed.gone.append((i1, i2))
        written.append((j1, j2))
        if ignored:
            span = old_owners[i1:i2] or [NOBODY]
            fallback[j1:j2] = [span[min(k, len(span) - 1)] for k in range(j2 - j1)]
    spans = sentences_near(new_words, written) if archive or moved else []
    unknown = [(low, high) for low, high in written if high > low]
    if unknown and can_match(new_words, unknown):
        if moved:
            moved.find(new_words, owners, unknown, spans)
        if archive is not None:
            archive.find(new_words, owners, spans)
    final = [o if o is not None else f for o, f in zip(owners, fallback, strict=True)]
    if archive is not None:
        archive.remember(new_words, final, spans)
    result, position = [], 0
    for text in added:
        count = len(text.split())
        result.append(final[position : position + count])
        position += count
    return result


def _start(hunk: Hunk, length: int) -> int:
    """Where a hunk starts in the old lines (with -U0 a pure insertion has
    old_count 0 and inserts after old_start)."""
    start = hunk.old_start if hunk.old_count == 0 else hunk.old_start - 1
    return max(0, min(start, length))


def apply_diff(
    state: FileState,
    diff: FileDiff,
    change: int,
    ignored: bool = False,
    moved: Pool | None = None,
    archive: Archive | None = None,
    removed: dict[int, Removed] | None = None,
) -> None:
    """Apply one file's hunks (old line numbers) to *state*; *removed* holds
    each hunk's removed words when they were gathered beforehand."""
    old_lines = state.lines
    new_lines: list[Line] = []
    cursor = 0  # index into old_lines
    for hunk in diff.hunks:
        start = _start(hunk, len(old_lines))
        new_lines.extend(old_lines[cursor:start])
        old = old_lines[start : start + hunk.old_count]
        cursor = start + hunk.old_count
        gone = (removed or {}).get(id(hunk)) or _removed(hunk, old, change)
        word_owners = _word_owners(gone, hunk.added, change, ignored, moved, archive)
        for index, owners in enumerate(word_owners):
            if ignored:
                owner = old[min(index, len(old) - 1)].owner if old else NOBODY
            else:
                owner = change
            new_lines.append(Line(owner, owners))
    new_lines.extend(old_lines[cursor:])
    state.lines = new_lines
    if not state.changes or state.changes[-1] != change:
        state.changes.append(change)


def removed_words(
    files: dict[str, FileState], diffs: list[FileDiff], change: int
) -> dict[int, Removed]:
    """The words each hunk of a change removes (by the hunk's id), with
    their owners, before the change is applied (deleted files included)."""
    found: dict[int, Removed] = {}
    for diff in diffs:
        state = files.get(diff.old_path) if diff.old_path else None
        if state is None or diff.binary:
            continue
        for hunk in diff.hunks:
            if not hunk.removed:
                continue
            start = _start(hunk, len(state.lines))
            old = state.lines[start : start + hunk.old_count]
            found[id(hunk)] = _removed(hunk, old, change)
    return found


def apply_commit(
    files: dict[str, FileState],
    diffs: Iterable[FileDiff],
    change: int,
    ignored: bool = False,
    tracked: Callable[[str], bool] | None = None,
    archive: Archive | None = None,
) -> list[str]:
    """Apply a commit's file diffs to *files*; return the paths it touched.

    Everything the commit removes, in any file, is gathered first, so words
    moved or copied between hunks and files keep their owners; with an
    *archive*, removed sentences are remembered for later restorations.
    """
    diffs = list(diffs)
    removed = removed_words(files, diffs, change)
    moved = Pool()
    for gone in removed.values():
        moved.add(gone.words, gone.owners)
    touched = []
    for diff in diffs:
        if diff.new_path is None:  # deleted
            if diff.old_path is not None:
                files.pop(diff.old_path, None)
            continue
        if tracked is not None and not tracked(diff.new_path):
            if diff.old_path is not None:
                files.pop(diff.old_path, None)
            continue
        if diff.binary:
            files.pop(diff.new_path, None)
            continue
        if diff.old_path is None:
            state = FileState()
        else:
            state = files.pop(diff.old_path, FileState())
        apply_diff(state, diff, change, ignored, moved, archive, removed)
        files[diff.new_path] = state
        touched.append(diff.new_path)
    if archive is not None:
        for gone in removed.values():
            spans = None if gone.gone is None else sentences_near(gone.words, gone.gone)
            archive.remember(gone.words, gone.owners, spans)
    return touched
