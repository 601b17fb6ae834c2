"""Maps line and word owners onto the sections of a page.

A section owns the lines from its title to the next section's title, so a
parent section's own text is separate from its subsections'.  Lines before
the first title (labels, front matter) belong to the first section.  Shares
are by words: a change's words are split equally between its authors and
co-authors, and words kept from earlier changes stay with those.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from itertools import chain

from coprodoc.data import ChangeInfo, DocHistory, Recorded, SectionHistory
from coprodoc.history.authorship import runs
from coprodoc.history.replay import NOBODY, UNCOMMITTED, FileState, PackedFile
from coprodoc.patterns import compile_later

_ADORNMENT = set("=-`:'\"~^_*+#<>.")


_FENCE = compile_later(r"^(\s*)(`{3,}|:{3,})\{")


def block_end(source: list[str], start: int, markdown: bool) -> int:
    """The last line (1-based) of the directive that starts on *start*: in
    reStructuredText, as far as its lines are indented more than it; in
    MyST, up to its closing fence."""
    if not 1 <= start <= len(source):
        return start
    line = source[start - 1]
    if markdown:
        opened = _FENCE.match(line)
        if opened is None:
            return start
        mark = opened.group(2)
        closing = re.compile(rf"^\s*{re.escape(mark[0])}{{{len(mark)},}}\s*$")
        for number in range(start + 1, len(source) + 1):
            if closing.match(source[number - 1]):
                return number
        return len(source)
    indent = len(line) - len(line.lstrip())
    end = start
    for number in range(start + 1, len(source) + 1):
        text = source[number - 1]
        if not text.strip():
            continue
        if len(text) - len(text.lstrip()) <= indent:
            break
        end = number
    return end


def section_starts(
    sections: Sequence[tuple[str, str, int | None]], source: list[str], markdown: bool
) -> list[tuple[str, int]]:
    """(section id, first line) of each section, in line order.

    docutils gives an rST section the line of its underline; the title text
    is the line before, and an overline the line before that.
    """
    starts = []
    for section_id, _title, line in sections:
        if line is None:
            continue
        start = line
        if not markdown:
            start = max(1, line - 1)
            above = source[start - 2].strip() if 2 <= start <= len(source) + 1 else ""
            if len(above) >= 3 and set(above) <= _ADORNMENT and len(set(above)) == 1:
                start -= 1
        starts.append((section_id, start))
    return sorted(starts, key=lambda item: item[1])


class _Tally:
    """What the lines of a file say, section by section."""

    def __init__(self) -> None:
        self.words: dict[str, Counter[int]] = defaultdict(Counter)
        self.owners: dict[str, set[int]] = defaultdict(set)
        self.uncommitted: set[str] = set()
        self.before: dict[str, str] = {}


class WithRecorded(Sequence[ChangeInfo | None]):
    """The changes, followed by one made-up change per block of recorded
    words, crediting the people the block names with its role: the words of
    a dissent are its dissenter's, whoever typed them in."""

    def __init__(
        self, changes: Sequence[ChangeInfo | None], recorded: Sequence[Recorded]
    ) -> None:
        self.changes = changes
        self.base = len(changes)
        self.extra = [
            ChangeInfo(
                "",
                "",
                "",
                None,
                tuple((key, role, True) for key in span.keys for role in span.roles)
                or tuple((key, None, True) for key in span.keys),
            )
            for span in recorded
        ]

    def __getitem__(self, index: int) -> ChangeInfo | None:  # type: ignore[override]
        if index >= self.base:
            return self.extra[index - self.base]
        return self.changes[index]

    def __len__(self) -> int:
        return self.base + len(self.extra)

    def owners_by_line(self, recorded: Sequence[Recorded]) -> dict[int, int]:
        """The made-up owner of each recorded line (an inner block, coming
        later, wins its lines)."""
        found: dict[int, int] = {}
        for index, span in enumerate(recorded):
            for number in range(span.first, span.last + 1):
                found[number] = self.base + index
        return found


def _tally(
    state: FileState | PackedFile,
    starts: list[tuple[str, int]],
    boundary: Callable[[int], str | None],
    quoted: dict[int, int],
) -> _Tally:
    """Count each section's words by owner, and note its changes.  Words on
    *quoted* lines (someone's recorded words) count for that line's owner.

    A section's words are counted at once (in C), not line by line: lines
    are gathered until the section ends or a quoted line comes, so owners
    keep the order in which the lines first name them."""
    tally = _Tally()
    index = 0
    gathered: list[Sequence[int]] = []
    section = starts[0][0]

    def count() -> None:
        if gathered:
            tally.words[section].update(chain.from_iterable(gathered))
            gathered.clear()

    for number, (owner, words) in enumerate(state.rows(), 1):
        if index + 1 < len(starts) and starts[index + 1][1] <= number:
            count()
            while index + 1 < len(starts) and starts[index + 1][1] <= number:
                index += 1
            section = starts[index][0]
        if owner == UNCOMMITTED:
            tally.uncommitted.add(section)
        elif owner >= 0:
            tally.owners[section].add(owner)
            if (date := boundary(owner)) is not None:
                tally.before[section] = date
        if number in quoted:
            count()
            tally.words[section][quoted[number]] += len(words)
            continue
        gathered.append(words)
    count()
    for counts in tally.words.values():
        for owner in [owner for owner in counts if owner < 0]:
            del counts[owner]  # words of no change (first-line order kept)
    return tally


class _Credits:
    """Each owner's change and who shares its words, worked out once per
    change for all the sections of a page (a change touches many)."""

    def __init__(self, changes: Sequence[ChangeInfo | None]) -> None:
        self.changes = changes
        self._found: dict[int, tuple[ChangeInfo, list[str]] | None] = {}

    def change(self, owner: int) -> ChangeInfo | None:
        found = self.of(owner)
        return None if found is None else found[0]

    def of(self, owner: int) -> tuple[ChangeInfo, list[str]] | None:
        """The change that owns words, with whoever shares them."""
        if owner in self._found:
            return self._found[owner]
        change = _get(self.changes, owner)
        found = None
        if change is not None:
            sharers = list(dict.fromkeys(k for k, _r, share in change.credits if share))
            found = (change, sharers)
        self._found[owner] = found
        return found


def _shares(
    words: dict[int, int], credits: _Credits
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """Each identity's share of a section's words, and everyone's roles.

    Only changes that still own words count: a change that re-wrapped
    lines, or whose words were all rewritten since, shaped nothing left.
    """
    shares: dict[str, float] = defaultdict(float)
    roles: dict[str, set[str]] = defaultdict(set)
    total = 0.0
    for owner, count in words.items():
        found = credits.of(owner)
        if found is None:
            continue
        change, sharers = found
        for key, role, _share in change.credits:
            roles[key]
            if role:
                roles[key].add(role)
        if not sharers:
            continue
        total += count
        for key in sharers:
            shares[key] += count / len(sharers)
    ordered = (
        tuple(
            sorted(
                ((k, round(v / total, 4)) for k, v in shares.items()),
                key=lambda item: (-item[1], item[0]),
            )
        )
        if total
        else ()
    )
    return ordered, tuple(sorted((k, tuple(sorted(v))) for k, v in roles.items()))


def attribute(
    docname: str,
    path: str,
    state: FileState | PackedFile,
    starts: list[tuple[str, int]],
    changes: Sequence[ChangeInfo | None],
    boundary: Callable[[int], str | None],
    recorded: Sequence[Recorded] = (),
    authorship: bool = False,
) -> DocHistory:
    """The page's history: per-section shares, roles and last changes.

    *changes* is indexed by owner number (``None`` for changes that give no
    credit, such as ignored revisions); *boundary* gives the "history before"
    date of the shallow-clone boundary change, or None; *recorded* are the
    line spans of recorded words (a dissent, a response, a contribution or a
    summary with ``:by:``): whoever committed them did not write them, so
    they are the named people's share, with the block's role.
    """
    starts = starts or [("", 1)]
    every = WithRecorded(changes, recorded)
    quoted = every.owners_by_line(recorded)
    tally = _tally(state, starts, boundary, quoted)
    changes = every
    credits = _Credits(changes)
    sections = []
    for section_id, _start in starts:
        shares, roles = _shares(tally.words[section_id], credits)
        dated = _newest_first(tally.owners[section_id], credits)
        sections.append(
            SectionHistory(
                section_id=section_id,
                shares=shares,
                roles=roles,
                changes=tuple(dated),
                last_change=dated[0] if dated else None,
                uncommitted=section_id in tally.uncommitted,
                before=tally.before.get(section_id),
            )
        )
    page_changes = [o for o in reversed(state.changes) if _get(changes, o)]
    words, authors = runs(state, changes, quoted) if authorship else ((), ())
    return DocHistory(
        docname=docname,
        path=path,
        status="ok",
        note="",
        changes=tuple(dict.fromkeys(page_changes)),
        sections=tuple(sections),
        uncommitted=bool(tally.uncommitted),
        before=next(iter(tally.before.values()), None),
        authorship=words,
        authors=authors,
    )


def _newest_first(owners: set[int], credits: _Credits) -> list[int]:
    """The owners that are changes, newest first (then the later one)."""
    dated = []
    for owner in owners:
        change = credits.change(owner)
        if change is not None:
            dated.append((change.date, owner))
    dated.sort(reverse=True)
    return [owner for _date, owner in dated]


def _get(changes: Sequence[ChangeInfo | None], owner: int) -> ChangeInfo | None:
    if owner < 0 or owner >= len(changes) or owner == NOBODY:
        return None
    return changes[owner]
