"""Which files' history a build needs: the cost follows the pages built.

A site may build a small part of its source folder (``include_patterns``,
``exclude_patterns``, or a folder of 1,000 pages of which 120 are read).
Replaying the whole folder's history would make that build pay for pages it
never shows.  When the pages read are less than half of the folder's
sources, only the history of these files is replayed:

- the pages read;
- the files they were renamed from, however far back;
- the files text may have moved from: those that, in a commit of at most
  :data:`MAX_SHARED` files changing one of the above, removed words one of
  the above gained (a run of words or a whole sentence, as the replay
  matches moves).  A file merely edited in the same commit gave nothing,
  and its history is not read.  A commit that touches more files, a link
  fixed across the site or a licence header, is rarely a move, and
  following it would pull in the whole folder.

One level only: following the files those files shared commits with, and so
on, reaches most of a real folder within a few thousand commits (pages are
edited together all the time), and the subset would cost what the whole
folder costs.  When even one level is half the folder, the whole folder is
replayed instead.

What a subset build cannot know, and credits to whoever moved the words:
text moved into a page it reads from a page it does not read at a time when
that page had itself taken the text from a third page; and a sentence
copied, at another time, from a page it does not read (a full build finds
both in its archive of sentences and gives them back to their authors).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from coprodoc import gitrepo
from coprodoc.history.provenance import traces
from coprodoc.history.replay import parse_patch, words_of

#: The files whose history is followed; None for every file.
Scope = frozenset[str] | None
#: Commits touching more files than this are not followed to other files.
MAX_SHARED = 20


class Needed(NamedTuple):
    """The files a subset build follows, and the first-parent commits that
    change them, oldest first (given to git as a list: a pathspec naming
    hundreds of files is matched against every path of every commit)."""

    files: frozenset[str]
    commits: tuple[str, ...]


def scope_for(
    root: Path,
    revisions: str,
    pathspec: tuple[str, ...],
    wanted: frozenset[str],
    tracked: Callable[[str], bool],
    subset: bool = False,
) -> Needed | None:
    """The files whose history the pages *wanted* need, along *revisions*;
    None when they are half the folder's sources or more, unless *subset*
    (then always the files)."""
    sources: list[str] = []
    if not subset:
        sources = [p for p in _files_at(root, revisions, pathspec) if tracked(p)]
        if 2 * len(wanted.intersection(sources)) >= len(sources):
            return None
    log = list(_name_status(root, revisions, pathspec))  # newest first
    followed = set(wanted)  # the pages and what they were renamed from
    for _sha, changes in log:
        for status, old, new in changes:
            if status in "RC" and new in followed and old:
                followed.add(old)
    shared = [
        sha
        for sha, changes in log
        if len(changes) <= MAX_SHARED
        and any(new in followed or old in followed for _s, old, new in changes)
        and any(old and old not in followed and tracked(old) for _s, old, _n in changes)
    ]
    needed = followed | _moved_from(root, shared, pathspec, followed, tracked)
    if not subset and 2 * len(needed) >= len(sources):
        return None
    commits = tuple(
        sha
        for sha, changes in reversed(log)
        if any(new in needed or old in needed for _s, old, new in changes)
    )
    return Needed(frozenset(needed), commits)


def _moved_from(
    root: Path,
    commits: list[str],
    pathspec: tuple[str, ...],
    followed: set[str],
    tracked: Callable[[str], bool],
) -> set[str]:
    """The files that may have given text to the *followed* ones: in one of
    *commits* (which change both), a hunk of theirs removed words that a
    followed file gained, a run or a sentence a :class:`Pool` would match
    (see :func:`provenance.traces`).  Files merely edited in the same commit
    gave nothing, and their history is not needed."""
    found: set[str] = set()
    if not commits:
        return found
    repo = gitrepo.open_repo(root)
    for _meta, patch in gitrepo.first_parent_patches(
        repo, "HEAD", list(pathspec), commits
    ):
        diffs = list(parse_patch(patch))
        gained: set[object] = set()
        for diff in diffs:
            if diff.new_path in followed:
                for hunk in diff.hunks:
                    gained.update(traces(words_of(hunk.added)))
        for diff in diffs:
            old = diff.old_path
            if not gained or old is None or old in followed or old in found:
                continue
            if tracked(old) and any(
                not gained.isdisjoint(traces(words_of(hunk.removed)))
                for hunk in diff.hunks
            ):
                found.add(old)
    return found


def _files_at(root: Path, revision: str, pathspec: tuple[str, ...]) -> list[str]:
    text = gitrepo.output(
        root, "ls-tree", "-r", "-z", "--name-only", revision, "--", *pathspec
    )
    return [path for path in text.split("\0") if path]


def _name_status(
    root: Path, revisions: str, pathspec: tuple[str, ...]
) -> Iterator[tuple[str, list[tuple[str, str | None, str | None]]]]:
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
        *gitrepo.paths_limited(pathspec),
    )
    tokens = iter(text.split("\0"))
    sha = ""
    changes: list[tuple[str, str | None, str | None]] | None = None
    for raw in tokens:
        token = raw.lstrip("\n")
        if token.startswith("\x01"):
            if changes is not None:
                yield sha, changes
            sha, changes = token[1:].strip(), []
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
        yield sha, changes
