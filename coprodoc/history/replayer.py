"""Replays git history into line and word owners, and keeps it in a cache.

The git side of the history pass, with no Sphinx in it, so that it can run
in a second process while Sphinx reads the pages (see
:mod:`coprodoc.history.background`) and the benchmark can time it alone.

The cache (``coprodoc-history.pickle`` in the cache folder) holds the line
and word owners of every tracked file at the last HEAD.  A later build
replays only the commits since then; if HEAD moved elsewhere (a rebase,
another branch) or a setting that changes who is who changed, it starts
afresh.  The cache holds identity keys, never emails, and no names of
registry people.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from coprodoc import gitrepo
from coprodoc.data import ChangeInfo
from coprodoc.history.identity import Identities, split_identity
from coprodoc.history.provenance import Archive
from coprodoc.history.redact import Redactor, address_handles
from coprodoc.history.replay import (
    FileState,
    Line,
    PackedFile,
    apply_commit,
    parse_patch,
)
from coprodoc.history.scope import Scope, scope_for
from coprodoc.picklecache import load_pickle, paused_gc

if TYPE_CHECKING:
    import git

    from coprodoc.history.progress import Callback as Progress

CACHE_VERSION = 9

DEFAULT_TRAILERS: dict[str, str | None] = {
    "co-authored-by": "drafting",
    "suggested-by": None,
    "reviewed-by": "review",
    "tested-by": "user-testing",
}
#: Trailers whose people share credit for a change's words, like its author.
SHARING_TRAILERS = frozenset({"co-authored-by"})


class CacheProblem(Exception):
    """A history cache that exists but cannot be used (damaged, or made by
    something else): worth one warning, then history is read again."""


class HistoryState:
    """The history replayed so far: every change, and each file's owners.

    Written out, not a dataclass: this module loads in every build, and a
    dataclass compiles its generated methods as it is defined.
    """

    def __init__(
        self,
        key: str,
        head: str,
        *,
        changes: list[tuple[Any, ...] | None] | None = None,
        index: dict[str, int] | None = None,
        boundary: dict[int, str] | None = None,
        packed: dict[str, Any] | None = None,
        redaction: str = "",
        archived: bytes = b"",
        archive_keys: bytes = b"",
        scope: Scope = None,
    ) -> None:
        self.key = key
        self.head = head
        #: every change, as plain tuples (:class:`ChangeInfo` fields): a named
        #: tuple is never dropped from the garbage collector's scans, a plain
        #: tuple of plain values is, and an incremental build loads them all
        self.changes: list[tuple[Any, ...] | None] = [] if changes is None else changes
        self.index: dict[str, int] = {} if index is None else index
        self.boundary: dict[int, str] = {} if boundary is None else boundary
        self.files: dict[str, FileState] = {}
        #: files still in their cached (packed) form; see :meth:`file`
        self.packed: dict[str, Any] = {} if packed is None else packed
        self.version = CACHE_VERSION
        #: fingerprint of the redactor the subjects were made safe with
        self.redaction = redaction
        #: removed sentences for restorations, pickled until a replay needs them
        self.archived = archived
        #: the archive's keys, sorted, as an ``array("Q")``'s bytes: enough to
        #: tell that an uncommitted sentence was never seen, without loading it
        self.archive_keys = archive_keys
        #: the files whose history this state follows (None: every file)
        self.scope = scope
        self._archive: Archive | None = None
        self._sorted_keys: array[int] | None = None

    @property
    def archive(self) -> Archive:
        """Earlier removed sentences (see :mod:`coprodoc.history.provenance`),
        unpacked only when commits are replayed."""
        if self._archive is None:
            with paused_gc():
                entries = pickle.loads(self.archived) if self.archived else {}
            self._archive = Archive(entries)
        return self._archive

    def archive_may_hold(self, keys: Iterable[int]) -> bool:
        """Whether any of the sentence *keys* may be in the archive, looked
        up in its sorted keys when it is not loaded yet."""
        if self._archive is not None:
            return any(key in self._archive.entries for key in keys)
        if not self.archived:
            return False
        if self._sorted_keys is None:
            self._sorted_keys = array("Q", self.archive_keys)
        return any_sorted(self._sorted_keys, keys)

    def file(self, path: str) -> FileState | None:
        """One file's state, unpacked on first use: an incremental build
        looks at the few files it needs, not at every file of the site."""
        if path in self.packed:
            owners, word_lists, changes = pickle.loads(self.packed.pop(path))
            self.files[path] = FileState(
                [Line(o, list(w)) for o, w in zip(owners, word_lists, strict=True)],
                list(changes),
            )
        return self.files.get(path)

    def copy_of(self, path: str) -> FileState | None:
        """A file's state to change without changing this one (uncommitted
        edits go on top of it): unpacked afresh, or copied line by line,
        several times cheaper than ``copy.deepcopy``."""
        if path in self.packed:
            owners, word_lists, changes = pickle.loads(self.packed[path])
            lines = [Line(o, list(w)) for o, w in zip(owners, word_lists, strict=True)]
            return FileState(lines, list(changes))
        found = self.files.get(path)
        if found is None:
            return None
        lines = [Line(line.owner, list(line.words)) for line in found.lines]
        return FileState(lines, list(found.changes))

    def peek(self, path: str) -> FileState | PackedFile | None:
        """One file's state to read (attribute) but not change: left packed,
        so no :class:`Line` is made per line."""
        if path not in self.packed:
            return self.files.get(path)
        with paused_gc():  # a tuple per line, freed with the page's view
            owners, word_lists, changes = pickle.loads(self.packed[path])
        return PackedFile(owners, word_lists, changes)

    def unpack_all(self) -> dict[str, FileState]:
        for path in list(self.packed):
            self.file(path)
        return self.files

    def covers(self, paths: Iterable[str]) -> bool:
        """Whether this state follows the history of all of *paths*."""
        return self.scope is None or self.scope.issuperset(paths)


def any_sorted(sorted_keys: array[int], keys: Iterable[int]) -> bool:
    """Whether any of *keys* is in *sorted_keys*."""
    for key in keys:
        at = bisect_left(sorted_keys, key)
        if at < len(sorted_keys) and sorted_keys[at] == key:
            return True
    return False


def pack(state: HistoryState) -> dict[str, object]:
    """The cache as plain tuples and lists, which pickle and load about ten
    times faster than dataclasses, and each file's state as its own pickled
    bytes: an incremental build loads the cache on every run but unpacks
    only the files it attributes again."""
    return {
        "version": CACHE_VERSION,
        "key": state.key,
        "head": state.head,
        "changes": state.changes,
        "index": state.index,
        "boundary": state.boundary,
        "redaction": state.redaction,
        "scope": sorted(state.scope) if state.scope is not None else None,
        "archive": (
            pickle.dumps(state._archive.entries, pickle.HIGHEST_PROTOCOL)
            if state._archive is not None
            else state.archived
        ),
        "archive_keys": (
            array("Q", sorted(state._archive.entries)).tobytes()
            if state._archive is not None
            else state.archive_keys
        ),
        "files": {
            **state.packed,
            **{
                path: pickle.dumps(
                    (
                        [line.owner for line in file.lines],
                        [tuple(line.words) for line in file.lines],
                        file.changes,
                    ),
                    pickle.HIGHEST_PROTOCOL,
                )
                for path, file in state.files.items()
            },
        },
    }


def unpack(packed: dict[str, Any]) -> HistoryState | None:
    """The state in a loaded cache, or None for another version's cache."""
    if packed.get("version") != CACHE_VERSION:
        return None
    scope = packed["scope"]
    keys = packed["archive_keys"]
    if not isinstance(keys, bytes) or len(keys) % array("Q").itemsize:
        raise ValueError("the archive's keys are damaged")
    return HistoryState(
        key=packed["key"],
        head=packed["head"],
        changes=list(packed["changes"]),
        index=dict(packed["index"]),
        boundary=dict(packed["boundary"]),
        packed=dict(packed["files"]),
        redaction=packed["redaction"],
        archived=packed["archive"],
        archive_keys=packed["archive_keys"],
        scope=frozenset(scope) if scope is not None else None,
    )


def load_state(path: Path) -> HistoryState | None:
    """The cached state at *path*: None when there is none (or it is another
    version's); :class:`CacheProblem` when it cannot be read."""
    try:
        packed = load_pickle(path)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
        raise CacheProblem(f"it could not be read ({type(exc).__name__})") from exc
    except (ImportError, IndexError, TypeError, ValueError) as exc:
        raise CacheProblem(f"it could not be read ({type(exc).__name__})") from exc
    if not isinstance(packed, dict) or not isinstance(packed.get("version"), int):
        raise CacheProblem("it is not a coprodoc history cache")
    try:
        return unpack(packed)
    except (KeyError, TypeError, ValueError) as exc:
        raise CacheProblem("it is damaged") from exc


def save_state(path: Path, state: HistoryState) -> None:
    """Write the cache whole or not at all (a second process may be reading
    it); a read-only cache folder only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".coprodoc-", dir=path.parent)
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump(pack(state), handle, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        return


def _commits(
    repo: git.Repo, revisions: str
) -> tuple[list[gitrepo.CommitMeta], dict[str, gitrepo.CommitMeta], set[str]]:
    """Every commit up to the head of *revisions* (names to redact come from
    the whole history: a new subject may name someone who committed long
    ago); those *revisions* adds, by sha; and every first-parent commit,
    replayed or not (a pull request's commits end where they meet that
    chain, even where its commits touch none of the files followed: a site
    in a subfolder, a subset build)."""
    old, _sep, head = revisions.rpartition("..")
    everyone = gitrepo.all_commits(repo, head)
    metas = {meta.sha: meta for meta in everyone}
    first_parent = _first_parents(metas, everyone[0].sha) if everyone else set()
    if old:  # only the commits since the cached HEAD are replayed
        known = _ancestry(metas, old)
        metas = {sha: meta for sha, meta in metas.items() if sha not in known}
    return everyone, metas, first_parent


def _first_parents(metas: dict[str, gitrepo.CommitMeta], head: str) -> set[str]:
    """*head* (the first commit ``git log`` lists: the tip) and its first
    parents, back to the start of *metas*."""
    found: set[str] = set()
    sha: str | None = head
    while sha is not None and sha in metas and sha not in found:
        found.add(sha)
        parents = metas[sha].parents
        sha = parents[0] if parents else None
    return found


def _ancestry(metas: dict[str, gitrepo.CommitMeta], start: str) -> set[str]:
    """*start* and every commit it descends from, among *metas*."""
    found: set[str] = set()
    stack = [start]
    while stack:
        sha = stack.pop()
        if sha in found or sha not in metas:
            continue
        found.add(sha)
        stack.extend(metas[sha].parents)
    return found


def _first_parent_chain(
    metas: dict[str, gitrepo.CommitMeta], head: str
) -> dict[str, int]:
    """Each first-parent commit from *head* back, among *metas*, with its
    position counted from the oldest (1): how far a replay has come."""
    chain: list[str] = []
    sha: str | None = head
    while sha is not None and sha in metas:
        chain.append(sha)
        parents = metas[sha].parents
        sha = parents[0] if parents else None
    return {sha: len(chain) - index for index, sha in enumerate(chain)}


def _reporting(
    patches: Iterable[tuple[gitrepo.CommitMeta, list[str]]],
    chain: dict[str, int],
    progress: Progress,
) -> Iterator[tuple[gitrepo.CommitMeta, list[str]]]:
    """*patches*, telling *progress* ``(done, total)`` before each one how
    far along *chain* (see :func:`_first_parent_chain`) the replay is, and
    once more at the end."""
    total = len(chain)
    progress(0, total)
    for meta, patch in patches:
        progress(chain.get(meta.sha, 0), total)
        yield meta, patch
    progress(total, total)


def _date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).date().isoformat()


class Job(NamedTuple):
    """One history pass: where, up to which commit, for which files."""

    root: Path
    key: str
    head: str
    #: the source folder, as a git pathspec relative to *root*
    pathspec: tuple[str, ...]
    #: the sources the build reads (relative to *root*)
    wanted: frozenset[str]
    cache_path: Path
    ignore_revs: tuple[str, ...] = ()
    #: where a shallow clone's history starts
    boundary: frozenset[str] = frozenset()


class Replayer:
    """Replays git history into a :class:`HistoryState`.

    *placeholder* and *branch_merge* are the words redacted text gets, in
    the site's language (a second process has no Sphinx to translate them).
    """

    def __init__(
        self,
        identities: Identities,
        trailers: dict[str, str | None],
        suffixes: tuple[str, ...],
        subjects: str = "redacted",
        placeholder: str = "a person who is not named",
        branch_merge: str = "Merge a branch",
    ) -> None:
        self.identities = identities
        self.trailers = {
            **DEFAULT_TRAILERS,
            **{k.lower(): v for k, v in trailers.items()},
        }
        self.suffixes = suffixes
        self.subjects = subjects
        self.placeholder = placeholder
        self.branch_merge = branch_merge
        self.redactor = Redactor(placeholder)
        #: the repository's work tree (for .mailmap), set when history is read
        self.root = Path(".")

    def tracked(self, path: str) -> bool:
        return path.endswith(self.suffixes)

    # -- one pass, cold or from the cache -------------------------------------

    def cold(self, job: Job, progress: Progress | None = None) -> HistoryState:
        """All of history up to *job*'s head, saved in its cache."""
        repo = gitrepo.open_repo(job.root)
        self.root = job.root
        self.identities.hide_mailmap_aliases(job.root)
        needed = scope_for(job.root, job.head, job.pathspec, job.wanted, self.tracked)
        scope = needed.files if needed is not None else None
        state = HistoryState(key=job.key, head=job.head, scope=scope)
        self.replay(
            repo,
            state,
            job.head,
            job,
            *self._revisions_info(repo, job),
            commits=needed.commits if needed is not None else None,
            progress=progress,
        )
        save_state(job.cache_path, state)
        return state

    def advance(
        self,
        job: Job,
        state: HistoryState,
        ancestor: bool = False,
        progress: Progress | None = None,
    ) -> set[str] | None:
        """Bring the cached *state* to *job*'s head (*ancestor*: its commit is
        known to be an ancestor of the head); the paths that changed on the
        way, or None when it could not be advanced (then start afresh)."""
        repo = gitrepo.open_repo(job.root)
        self.root = job.root
        self.identities.hide_mailmap_aliases(job.root)
        if not ancestor and not gitrepo.is_ancestor(repo, state.head, job.head):
            return None
        if state.scope is not None:  # do the new commits bring in other files?
            revisions = f"{state.head}..{job.head}"
            grown = scope_for(
                job.root, revisions, job.pathspec, job.wanted, self.tracked, True
            )
            if grown is None or not state.scope.issuperset(grown.files):
                return None
        touched = self.replay(
            repo,
            state,
            f"{state.head}..{job.head}",
            job,
            *self._revisions_info(repo, job),
            progress=progress,
        )
        state.head = job.head
        save_state(job.cache_path, state)
        return touched

    @staticmethod
    def _revisions_info(repo: git.Repo, job: Job) -> tuple[set[str], set[str]]:
        """Revisions that take no credit, and where a shallow history starts."""
        return gitrepo.ignore_revs(repo, list(job.ignore_revs)), set(job.boundary)

    # -- people --------------------------------------------------------------

    def people(
        self, meta: gitrepo.CommitMeta, mailmap: dict[str, str]
    ) -> list[tuple[str, str, str | None, bool]]:
        """``(name, email, role, shares)`` of the author and each credited
        trailer identity, mailmapped."""
        found: list[tuple[str, str, str | None, bool]] = [
            (meta.name, meta.email, "drafting", True)
        ]
        for trailer, value in meta.trailers:
            name = trailer.lower()
            if name in self.trailers:
                who, email = split_identity(mailmap.get(value, value))
                found.append(
                    (who, email, self.trailers[name], name in SHARING_TRAILERS)
                )
        return found

    def everyone(
        self, meta: gitrepo.CommitMeta, mailmap: dict[str, str]
    ) -> list[tuple[str, str]]:
        """Everyone a commit names: its author, its committer, and every
        trailer that names someone (credited or not: ``Reported-by:`` and
        ``Signed-off-by:`` name people too), mailmapped."""
        found = [(meta.name, meta.email)]
        # a forge's own committer ("GitHub <noreply@github.com>") is no one
        if meta.committer[0] and "noreply@" not in meta.committer[1]:
            found.append(meta.committer)
        for _trailer, value in meta.trailers:
            who, email = split_identity(mailmap.get(value, value))
            if email or "<" in value:
                found.append((who, email))
        return found

    def credits(
        self, meta: gitrepo.CommitMeta, mailmap: dict[str, str]
    ) -> list[tuple[str, str | None, bool]]:
        found: list[tuple[str, str | None, bool]] = []
        for who, email, role, shares in self.people(meta, mailmap):
            key = self.identities.key(who, email)
            if key:
                found.append((key, role, shares))
        return found

    def use_redactor(
        self,
        state: HistoryState,
        metas: Iterable[gitrepo.CommitMeta],
        mailmap: dict[str, str],
    ) -> None:
        """Redact with the names of everyone in *metas* (the whole history)
        who is not shown by name, and the registry's hidden people; subjects
        cached with fewer names are redacted again."""
        identities = self.identities
        names = set(identities.registry.hidden_names() + self.mailmap_aliases())
        addresses = [
            *identities.alias_addresses,
            *(
                git
                for person in identities.registry.hidden_people()
                for git in person.git
            ),
        ]
        thorough = self.subjects != "as-written"
        if thorough:
            for meta in metas:
                for who, email in self.everyone(meta, mailmap):
                    key = identities.key(who, email)
                    if key is not None and identities.is_hidden(key):
                        names.add(who)
                        addresses.append(email)
        # an address's user part alone ("zebq1987") names its owner too
        names.update(
            handle for address in addresses for handle in address_handles(address)
        )
        self.redactor = Redactor(
            self.placeholder,
            sorted(names),
            branch_merge=self.branch_merge,
            thorough=thorough,
        )
        if state.redaction != self.redactor.digest:
            for index, change in enumerate(state.changes):
                if change is not None:
                    state.changes[index] = tuple(self._redacted(ChangeInfo(*change)))
            state.redaction = self.redactor.digest

    def mailmap_aliases(self) -> list[str]:
        """Names ``.mailmap`` gives for people who are not shown by name
        (the other names they committed under)."""
        return self.identities.hide_mailmap_aliases(self.root)

    def _redacted(self, change: ChangeInfo) -> ChangeInfo:
        """The change with its subject as it may be published (empty when
        subjects are hidden: then they are not even cached)."""
        subject, changed = self.redactor.redact(change.subject)
        if self.subjects == "hidden":
            subject = ""
        flags = tuple(sorted({*change.flags, "redacted"})) if changed else change.flags
        return change._replace(subject=subject, flags=flags)

    # -- the replay ------------------------------------------------------------

    def replay(
        self,
        repo: git.Repo,
        state: HistoryState,
        revisions: str,
        job: Job,
        ignored: set[str],
        boundary_shas: set[str],
        commits: tuple[str, ...] | None = None,
        progress: Progress | None = None,
    ) -> set[str]:
        """Replay *revisions* (or only its first-parent *commits*, oldest
        first) onto *state*; return the paths they touched. *progress* is
        told ``(done, total)`` as each commit is replayed, counted along the
        first-parent chain being replayed."""
        touched: set[str] = set()
        everyone, metas, first_parent = _commits(repo, revisions)
        values = sorted({value for meta in everyone for _key, value in meta.trailers})
        mailmap = gitrepo.mailmap(repo, values)
        self.use_redactor(state, everyone, mailmap)
        # A subset's few new commits may be found by naming its files; a
        # cold subset replay names its commits instead (see scope.Needed),
        # and keeps only its files' changes.
        scope = state.scope
        listed = commits is not None
        pathspec = sorted(scope) if scope is not None and not listed else job.pathspec
        claimed: set[str] = set()
        patches = gitrepo.first_parent_patches(repo, revisions, list(pathspec), commits)
        if progress is not None:
            head = revisions.rpartition("..")[2]
            patches = _reporting(patches, _first_parent_chain(metas, head), progress)
        with paused_gc():  # many small long-lived objects, no cycles
            for meta, patch in patches:
                owner = len(state.changes)
                state.index[meta.sha] = owner
                merged = self._merged(meta, metas, first_parent, claimed)
                change = self._change(meta, merged, mailmap, ignored)
                state.changes.append(tuple(change))
                if meta.sha in boundary_shas:
                    state.boundary[owner] = _date(meta.timestamp)
                    state.changes[owner] = None
                diffs = list(parse_patch(patch))
                if listed and scope is not None:
                    diffs = [
                        d for d in diffs if d.old_path in scope or d.new_path in scope
                    ]
                touched.update(
                    apply_commit(
                        state.unpack_all(),
                        diffs,
                        owner,
                        ignored=meta.sha in ignored,
                        tracked=self.tracked,
                        archive=state.archive,
                    )
                )
        return touched

    def _merged(
        self,
        meta: gitrepo.CommitMeta,
        metas: dict[str, gitrepo.CommitMeta],
        chain: set[str],
        claimed: set[str],
    ) -> list[gitrepo.CommitMeta]:
        """The commits a first-parent merge brought in (its pull request)."""
        found: list[gitrepo.CommitMeta] = []
        stack = list(meta.parents[1:])
        while stack:
            sha = stack.pop()
            if sha in claimed or sha in chain or sha not in metas:
                continue
            claimed.add(sha)
            found.append(metas[sha])
            stack.extend(metas[sha].parents)
        return found

    def _change(
        self,
        meta: gitrepo.CommitMeta,
        merged: list[gitrepo.CommitMeta],
        mailmap: dict[str, str],
        ignored: set[str],
    ) -> ChangeInfo:
        """A change as pages list it; an ignored (formatting) change is listed
        but credits nobody."""
        # One entry per (person, role): an author who also translated keeps
        # both roles; duplicates (the same co-author on two commits) go.
        credits: dict[tuple[str, str | None, bool], None] = {}
        for source in merged or [meta]:
            credits.update(dict.fromkeys(self.credits(source, mailmap)))
        if merged:  # the merge's own trailers (e.g. Reviewed-by) count too
            author = self.identities.key(meta.name, meta.email)
            for key, role, _share in self.credits(meta, mailmap):
                if key != author or role != "drafting":
                    credits[(key, role, False)] = None
        if meta.sha in ignored:
            credits = {}
        pr = gitrepo.pull_request(meta)
        if pr is None:
            pr = next((p for m in merged if (p := gitrepo.pull_request(m))), None)
        named = any(
            self.identities.names_hidden_person(who, email)
            for source in [meta, *merged]
            for who, email, _role, _shares in self.people(source, mailmap)
        )
        return self._redacted(
            ChangeInfo(
                sha=meta.sha,
                date=_date(meta.timestamp),
                subject=meta.subject,
                pr=pr,
                credits=tuple(credits),
                flags=("names-hidden",) if named else (),
            )
        )
