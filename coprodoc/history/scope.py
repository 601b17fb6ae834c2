"""Which files' history a build needs: the cost follows the pages built.

A site may build a small part of its source folder (``include_patterns``,
``exclude_patterns``, or a folder of 1,000 pages of which 120 are read).
Replaying the whole folder's history would make that build pay for pages it
never shows.  When the pages read are less than half of the folder's
sources, only the history of these files is replayed:

- the pages read;
- the files they were renamed from, however far back;
- the files text was moved from in a commit that changed one of them (so a
  paragraph moved into a page read keeps its authors), for commits of at
  most :data:`MAX_SHARED` files: a commit that touches more (a link fixed
  across the site, a licence header) is rarely a move, and following it
  would pull in the whole folder.

What a subset build cannot know: a sentence copied, at another time, from a
page it does not read.  A full build finds it in its archive of sentences
and gives it back to its author; a subset build credits whoever copied it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from coprodoc import gitrepo

#: The files whose history is followed; None for every file.
Scope = frozenset[str] | None
#: Commits touching more files than this are not followed to other files.
MAX_SHARED = 20


def scope_for(
    root: Path,
    revisions: str,
    pathspec: tuple[str, ...],
    wanted: frozenset[str],
    tracked: Callable[[str], bool],
    subset: bool = False,
) -> Scope:
    """The files whose history the pages *wanted* need, along *revisions*
    (newest first); None when they are most of the folder's sources, unless
    *subset* (then always the files)."""
    if not subset:
        sources = [p for p in _files_at(root, revisions, pathspec) if tracked(p)]
        if 2 * len(wanted.intersection(sources)) >= len(sources):
            return None
    needed = set(wanted)
    for changes in _name_status(root, revisions, pathspec):
        if not any(new in needed or old in needed for _s, old, new in changes):
            continue
        shared = len(changes) <= MAX_SHARED
        for status, old, new in changes:
            renamed = status in "RC" and new in needed
            if old and (renamed or (shared and tracked(old))):
                needed.add(old)
    return frozenset(needed)


def _files_at(root: Path, revision: str, pathspec: tuple[str, ...]) -> list[str]:
    text = gitrepo.output(
        root, "ls-tree", "-r", "-z", "--name-only", revision, "--", *pathspec
    )
    return [path for path in text.split("\0") if path]


def _name_status(
    root: Path, revisions: str, pathspec: tuple[str, ...]
) -> Iterator[list[tuple[str, str | None, str | None]]]:
    """Each first-parent commit's ``(status, old path, new path)`` list,
    newest first (git's ``--name-status -z``: one command, no file contents
    read, a few hundredths of a second for thousands of commits)."""
    text = gitrepo.output(
        root,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "-M",
        "--name-status",
        "-z",
        "--format=%x01%H",
        revisions,
        "--",
        *pathspec,
    )
    tokens = iter(text.split("\0"))
    changes: list[tuple[str, str | None, str | None]] | None = None
    for raw in tokens:
        token = raw.lstrip("\n")
        if token.startswith("\x01"):
            if changes is not None:
                yield changes
            changes = []
            continue
        if not token or changes is None:
            continue
        status = token[0]
        first = next(tokens, "")
        if status in "RC":
            changes.append((status, first, next(tokens, "")))
        elif status == "A":
            changes.append((status, None, first))
        elif status == "D":
            changes.append((status, first, None))
        else:
            changes.append((status, first, first))
    if changes is not None:
        yield changes
