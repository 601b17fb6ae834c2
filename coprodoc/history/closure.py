"""Who marked a dissent resolved, and whether a question was changed: from git.

A dissent's ``:status: resolved`` is a line any editor can write.  What git
adds is who wrote it: the change that set a dissent's status to
``resolved`` names its author and ``Co-authored-by:`` people, and if one of
them raised the dissent, that is their own confirmation.  Likewise a
decision's ``:question:`` is the wording put to the group; a change to it
after the decision's date is worth saying out loud.

This module reads that from git without Sphinx, and cheaply: one ``git log
--follow`` per page that needs it (only pages with a named dissent marked
resolved, or a decision with a question and a date), each limited to the
commits that matter (``-G`` for lines that set a status to ``resolved``;
``--since`` the decision for questions), with the whole file before and
after each of those commits, so that each version's directives can be read.
Identities go through ``.mailmap`` and :class:`~coprodoc.history.identity.
Identities`, so what is kept is an identity key, never an email.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from coprodoc import gitrepo
from coprodoc.history.identity import Identities, split_identity
from coprodoc.patterns import compile_later

#: Lines that set (or unset) a status of ``resolved``, in rST and MyST
#: options (``:status: resolved``) and MyST's YAML form (``status: resolved``).
RESOLVED_LINE = r"status:[[:space:]]*resolved"
#: The trailer whose people wrote a change with its author.
CO_AUTHOR = "co-authored-by"

_RST = compile_later(
    r"^(?P<indent>[ \t]*)\.\.[ \t]+(?P<kind>dissent|decision)::[ \t]*(?P<arg>.*)$"
)
_MYST = compile_later(
    r"^[ \t]*(?:`{3,}|~{3,}|:{3,})\{(?P<kind>dissent|decision)\}[ \t]*(?P<arg>.*)$"
)
_OPTION = compile_later(r"^[ \t]*:(?P<key>[\w-]+):(?:[ \t]+(?P<value>.*))?$")
_YAML_OPTION = compile_later(r"^(?P<key>[\w-]+)[ \t]*:[ \t]*(?P<value>.*)$")


class Wanted(NamedTuple):
    """What one page asks git: the source path (relative to the repository),
    the names of its dissents marked resolved, and its decisions with a
    question, as (name or title, date)."""

    path: str
    dissents: tuple[str, ...] = ()
    questions: tuple[tuple[str, str], ...] = ()


class Closing(NamedTuple):
    """The change that set a dissent's status to ``resolved``."""

    sha: str
    date: str
    #: identity keys of its author and co-authors (see identity.py)
    keys: tuple[str, ...]


class QuestionChange(NamedTuple):
    """A change to a decision's question after the decision was made."""

    sha: str
    date: str


class PageFacts(NamedTuple):
    """What git says about one page's dissents and questions."""

    #: (dissent name, the change that marked it resolved, if found)
    closings: tuple[tuple[str, Closing | None], ...]
    #: (decision name or title, changes to its question after its date,
    #: newest first; empty when the question is as it was put)
    questions: tuple[tuple[str, tuple[QuestionChange, ...]], ...]
    #: a shallow clone: a change not found may be in the missing history
    shallow: bool = False

    def closing(self, name: str) -> Closing | None:
        return dict(self.closings).get(name)

    def question_changes(self, key: str) -> tuple[QuestionChange, ...]:
        return dict(self.questions).get(key, ())


class Block(NamedTuple):
    """A dissent or decision as one version of a file writes it."""

    kind: str
    argument: str
    options: dict[str, str]

    @property
    def key(self) -> str:
        """How the block is found again in other versions: its name, or a
        decision's title."""
        return self.options.get("name") or self.argument


def _clean(value: str) -> str:
    return " ".join(value.split())


def _rst_options(lines: list[str], start: int, indent: int) -> dict[str, str]:
    """The option lines of an rST directive (they end at a blank line);
    a line indented under an option continues it."""
    options: dict[str, str] = {}
    current: str | None = None
    for line in lines[start:]:
        body = line.rstrip("\n")
        if not body.strip() or len(body) - len(body.lstrip()) <= indent:
            break
        match = _OPTION.match(body)
        if match:
            current = match.group("key")
            options[current] = match.group("value") or ""
        elif current is not None:
            options[current] += " " + body.strip()
    return options


def _myst_options(lines: list[str], start: int) -> dict[str, str]:
    """The options of a MyST directive: ``:key: value`` lines (one line each,
    as MyST reads them), or a YAML block between ``---`` lines."""
    if start < len(lines) and lines[start].strip() == "---":
        return _yaml_options(lines, start + 1)
    options: dict[str, str] = {}
    for line in lines[start:]:
        match = _OPTION.match(line.rstrip("\n"))
        if not match:
            break
        options[match.group("key")] = match.group("value") or ""
    return options


def _yaml_options(lines: list[str], start: int) -> dict[str, str]:
    """``key: value`` lines of a YAML options block, up to its ``---``; a
    more indented line continues a value.  Read line by line rather than
    with a YAML parser: an old version of a page is untrusted text, and
    aliases in a YAML document can grow without bound."""
    options: dict[str, str] = {}
    current: str | None = None
    for line in lines[start:]:
        if line.strip() == "---":
            break
        match = _YAML_OPTION.match(line.rstrip("\n"))
        if match:
            current = match.group("key")
            options[current] = match.group("value")
        elif current is not None and line[:1] in (" ", "\t"):
            options[current] += " " + line.strip()
    return {key: _unquoted(value) for key, value in options.items()}


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def blocks(text: str) -> list[Block]:
    """Every dissent and decision in *text*, in rST or MyST form (both are
    looked for in any file: a MyST page may hold rST in ``eval-rst``)."""
    lines = text.splitlines(keepends=True)
    found = []
    for number, line in enumerate(lines):
        rst = _RST.match(line.rstrip("\n"))
        if rst:
            options = _rst_options(lines, number + 1, len(rst.group("indent")))
            kind, argument = rst.group("kind"), rst.group("arg")
        else:
            myst = _MYST.match(line.rstrip("\n"))
            if not myst:
                continue
            options = _myst_options(lines, number + 1)
            kind, argument = myst.group("kind"), myst.group("arg")
        found.append(
            Block(kind, _clean(argument), {k: _clean(v) for k, v in options.items()})
        )
    return found


def _find(text: str, kind: str) -> dict[str, Block]:
    """The blocks of *kind* in *text* by key (the first of each key)."""
    found: dict[str, Block] = {}
    for block in blocks(text):
        if block.kind == kind and block.key:
            found.setdefault(block.key, block)
    return found


def versions(patch: list[str]) -> tuple[str, str]:
    """The file before and after a change, from its whole-file patch."""
    old: list[str] = []
    new: list[str] = []
    in_hunk = False
    for line in patch:
        if line.startswith("diff --git"):
            if in_hunk:
                break  # --follow shows one file; never read another
            continue
        if line.startswith("@@"):
            in_hunk = True
            continue
        if not in_hunk:
            continue
        tag, text = line[:1], line[1:]
        if tag in (" ", "-"):
            old.append(text)
        if tag in (" ", "+"):
            new.append(text)
    return "".join(old), "".join(new)


def _date(meta: gitrepo.CommitMeta) -> str:
    return datetime.fromtimestamp(meta.timestamp, tz=UTC).date().isoformat()


class Reader:
    """Reads what pages want from git, in the repository at *root*."""

    def __init__(
        self, root: Path, identities: Identities, boundary: frozenset[str] = frozenset()
    ) -> None:
        self.root = root
        self.identities = identities
        #: in a shallow clone, the commits its history starts at: git shows
        #: them as adding whole files, which says nothing about who did what
        self.boundary = boundary
        self.shallow = bool(boundary)

    def page(self, wanted: Wanted) -> PageFacts:
        closings = self._closings(wanted) if wanted.dissents else {}
        return PageFacts(
            closings=tuple((name, closings.get(name)) for name in wanted.dissents),
            questions=tuple(
                (key, self._question_changes(wanted.path, key, day))
                for key, day in wanted.questions
            ),
            shallow=self.shallow,
        )

    # -- dissents ----------------------------------------------------------

    def _closings(self, wanted: Wanted) -> dict[str, Closing | None]:
        """For each dissent, the newest change that made its status
        ``resolved``, unless a newer one unmade it (then the status comes
        from uncommitted text: no change marked it resolved)."""
        log = gitrepo.file_log(self.root, wanted.path, pattern=RESOLVED_LINE)
        pending = set(wanted.dissents)
        found: dict[str, gitrepo.CommitMeta | None] = {}
        for meta, patch in log:  # newest first
            if not pending or meta.sha in self.boundary:
                break  # the rest is in the missing history
            old, new = (_find(text, "dissent") for text in versions(patch))
            for name in sorted(pending):
                before = _resolved(old.get(name))
                after = _resolved(new.get(name))
                if before != after:
                    found[name] = meta if after else None
                    pending.discard(name)
        metas = [meta for meta in found.values() if meta is not None]
        mailmap = gitrepo.mailmap_at(
            self.root,
            sorted({value for meta in metas for _key, value in _co_authors(meta)}),
        )
        return {
            name: Closing(meta.sha, _date(meta), self._keys(meta, mailmap))
            if meta is not None
            else None
            for name, meta in found.items()
        }

    def _keys(
        self, meta: gitrepo.CommitMeta, mailmap: dict[str, str]
    ) -> tuple[str, ...]:
        """Identity keys of a change's author (mailmapped by git log) and
        co-authors (mailmapped here), once each; bots have none."""
        people = [(meta.name, meta.email)]
        people += [
            split_identity(mailmap.get(value, value))
            for _key, value in _co_authors(meta)
        ]
        keys: list[str] = []
        for name, email in people:
            key = self.identities.key(name, email)
            if key is not None and key not in keys:
                keys.append(key)
        return tuple(keys)

    # -- questions -----------------------------------------------------------

    def _question_changes(
        self, path: str, key: str, day: str
    ) -> tuple[QuestionChange, ...]:
        """Changes to the question of decision *key* after its date *day*,
        newest first; none if the question in git now is as it was put.

        The wording as put is the one the last change on or before the
        date left; for a decision written down later, the first wording
        recorded.
        """
        start = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        log = gitrepo.file_log(self.root, path, since=start)
        as_put: str | None = None
        latest: str | None = None
        changes: list[QuestionChange] = []
        for meta, patch in reversed(log):  # oldest first
            old, new = (_question(text, key) for text in versions(patch))
            when = _date(meta)
            if when <= day or meta.sha in self.boundary:
                # on or before the decision; or where a shallow history
                # starts, the earliest wording this copy can know
                as_put = latest = new
                continue
            if as_put is None:
                as_put = old or new  # a first wording recorded is as put
            if old is not None and new != old:
                changes.append(QuestionChange(meta.sha, when))
            latest = new
        if as_put is None or latest is None or latest == as_put:
            return ()
        return tuple(reversed(changes))


def _resolved(block: Block | None) -> bool:
    return block is not None and block.options.get("status") == "resolved"


def _question(text: str, key: str) -> str | None:
    block = _find(text, "decision").get(key)
    return (block.options.get("question") or None) if block else None


def _co_authors(meta: gitrepo.CommitMeta) -> Iterable[tuple[str, str]]:
    return [(k, v) for k, v in meta.trailers if k.lower() == CO_AUTHOR]
