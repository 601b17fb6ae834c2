"""Gathers history after reading, once per build, with a cache on disk.

The cache (``coprodoc-history.pickle`` in the doctree folder) holds the line
and word owners of every tracked file at the last HEAD.  A later build replays
only the commits since then; if HEAD moved elsewhere (a rebase, another
branch) or a setting that changes who is who changed, it starts afresh.  The
cache holds identity keys, never emails, and no names of registry people.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx

if TYPE_CHECKING:
    import git
from sphinx.environment import BuildEnvironment

from coprodoc import gitrepo
from coprodoc.config import settings
from coprodoc.data import ChangeInfo, DocHistory, get_data
from coprodoc.history.attribution import attribute
from coprodoc.history.changes import CACHE_NAME, set_changes
from coprodoc.history.identity import Identities, split_identity
from coprodoc.history.provenance import Archive
from coprodoc.history.redact import Redactor
from coprodoc.history.replay import (
    UNCOMMITTED,
    FileState,
    Line,
    apply_commit,
    parse_patch,
)
from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.picklecache import load_pickle
from coprodoc.state import docs_read, get_registry

CACHE_VERSION = 7

DEFAULT_TRAILERS: dict[str, str | None] = {
    "co-authored-by": "drafting",
    "suggested-by": None,
    "reviewed-by": "review",
    "tested-by": "user-testing",
}
#: Trailers whose people share credit for a change's words, like its author.
SHARING_TRAILERS = frozenset({"co-authored-by"})


@dataclass
class HistoryState:
    key: str
    head: str
    changes: list[ChangeInfo | None] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    boundary: dict[int, str] = field(default_factory=dict)
    files: dict[str, FileState] = field(default_factory=dict)
    #: files still in their cached (packed) form; see :meth:`file`
    packed: dict[str, Any] = field(default_factory=dict)
    version: int = CACHE_VERSION
    #: fingerprint of the redactor the subjects were made safe with
    redaction: str = ""
    #: removed sentences for restorations, pickled until a replay needs them
    archived: bytes = b""
    _archive: Archive | None = None

    @property
    def archive(self) -> Archive:
        """Earlier removed sentences (see :mod:`coprodoc.history.provenance`),
        unpacked only when commits are replayed."""
        if self._archive is None:
            entries = pickle.loads(self.archived) if self.archived else {}
            self._archive = Archive(entries)
        return self._archive

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

    def unpack_all(self) -> dict[str, FileState]:
        for path in list(self.packed):
            self.file(path)
        return self.files


def pack(state: HistoryState) -> dict[str, object]:
    """The cache as plain tuples and lists, which pickle and load about ten
    times faster than dataclasses, and each file's state as its own pickled
    bytes: an incremental build loads the cache on every run but unpacks
    only the files it attributes again."""
    return {
        "version": CACHE_VERSION,
        "key": state.key,
        "head": state.head,
        "changes": [tuple(c) if c is not None else None for c in state.changes],
        "index": state.index,
        "boundary": state.boundary,
        "redaction": state.redaction,
        "archive": (
            pickle.dumps(state._archive.entries, pickle.HIGHEST_PROTOCOL)
            if state._archive is not None
            else state.archived
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
    if packed.get("version") != CACHE_VERSION:
        return None
    return HistoryState(
        key=packed["key"],
        head=packed["head"],
        changes=[ChangeInfo(*c) if c is not None else None for c in packed["changes"]],
        index=dict(packed["index"]),
        boundary=dict(packed["boundary"]),
        packed=dict(packed["files"]),
        redaction=packed["redaction"],
        archived=packed["archive"],
    )


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


def _date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).date().isoformat()


class Replayer:
    """Replays git history into a :class:`HistoryState`: the git part of the
    pass, independent of Sphinx (the benchmark times it on its own)."""

    def __init__(
        self,
        identities: Identities,
        trailers: dict[str, str | None],
        suffixes: tuple[str, ...],
        subjects: str = "redacted",
    ) -> None:
        self.identities = identities
        self.trailers = {
            **DEFAULT_TRAILERS,
            **{k.lower(): v for k, v in trailers.items()},
        }
        self.suffixes = suffixes
        self.subjects = subjects
        self.redactor = Redactor(str(_("a person who is not named")))
        #: the repository's work tree (for .mailmap), set when history is read
        self.root = Path(".")

    def tracked(self, path: str) -> bool:
        return path.endswith(self.suffixes)

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
        names = identities.registry.hidden_names() + self.mailmap_aliases()
        thorough = self.subjects != "as-written"
        if thorough:
            for meta in metas:
                for who, email in self.everyone(meta, mailmap):
                    key = identities.key(who, email)
                    if key is not None and identities.is_hidden(key):
                        names.append(who)
        self.redactor = Redactor(
            str(_("a person who is not named")),
            names,
            branch_merge=str(_("Merge a branch")),
            thorough=thorough,
        )
        if state.redaction != self.redactor.digest:
            for index, change in enumerate(state.changes):
                if change is not None:
                    state.changes[index] = self._redacted(change)
            state.redaction = self.redactor.digest

    def mailmap_aliases(self) -> list[str]:
        """Names ``.mailmap`` gives for people who are not shown by name
        (the other names they committed under)."""
        aliases: list[str] = []
        for line in gitrepo.mailmap_lines(self.root):
            canonical = line[0]
            key = self.identities.key(*canonical)
            if key is None or not self.identities.is_hidden(key):
                continue
            aliases += [name for name, _email in line if name]
        return aliases

    def _redacted(self, change: ChangeInfo) -> ChangeInfo:
        """The change with its subject as it may be published (empty when
        subjects are hidden: then they are not even cached)."""
        subject, changed = self.redactor.redact(change.subject)
        if self.subjects == "hidden":
            subject = ""
        flags = tuple(sorted({*change.flags, "redacted"})) if changed else change.flags
        return change._replace(subject=subject, flags=flags)

    def replay(
        self,
        repo: git.Repo,
        state: HistoryState,
        revisions: str,
        pathspec: list[str],
        ignored: set[str],
        boundary_shas: set[str],
    ) -> set[str]:
        """Replay *revisions* onto *state*; return the paths they touched."""
        touched: set[str] = set()
        # Every commit up to HEAD: names to redact come from the whole
        # history (a new subject may name someone who committed long ago).
        old, _sep, head = revisions.rpartition("..")
        everyone = gitrepo.all_commits(repo, head)
        metas = {meta.sha: meta for meta in everyone}
        if old:  # only the commits since the cached HEAD are replayed
            known = _ancestry(metas, old)
            metas = {sha: meta for sha, meta in metas.items() if sha not in known}
        values = sorted({value for meta in everyone for _key, value in meta.trailers})
        mailmap = gitrepo.mailmap(repo, values)
        self.use_redactor(state, everyone, mailmap)
        first_parent: set[str] = set()
        claimed: set[str] = set()
        for meta, patch in gitrepo.first_parent_patches(repo, revisions, pathspec):
            first_parent.add(meta.sha)
            owner = len(state.changes)
            state.index[meta.sha] = owner
            merged = self._merged(meta, metas, first_parent, claimed)
            state.changes.append(self._change(meta, merged, mailmap, ignored))
            if meta.sha in boundary_shas:
                state.boundary[owner] = _date(meta.timestamp)
                state.changes[owner] = None
            touched.update(
                apply_commit(
                    state.unpack_all(),
                    parse_patch(patch),
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


class Gatherer(Replayer):
    """One build's history pass."""

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        config = settings(app)
        super().__init__(
            Identities(
                get_registry(env),
                # a registry that cannot be read names no one from git either
                config.unknown_contributors if get_registry(env).readable else "count",
                config.bots,
            ),
            dict(config.trailers),
            tuple(env.config.source_suffix),
            config.commit_subjects,
        )
        self.settings = config
        self.app = app
        self.env = env
        self.root = Path(app.srcdir)
        self.cache_path = Path(app.doctreedir) / CACHE_NAME

    def load(self, key: str) -> HistoryState | None:
        try:
            packed = load_pickle(self.cache_path)
            return unpack(packed) if packed.get("key") == key else None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        except (KeyError, TypeError, ValueError):  # an older or damaged cache
            return None

    def save(self, state: HistoryState) -> None:
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            with self.cache_path.open("wb") as handle:
                pickle.dump(pack(state), handle, pickle.HIGHEST_PROTOCOL)
        except OSError:  # a read-only build folder only costs speed
            pass

    # -- keys and cache ------------------------------------------------------

    def settings_key(self, status: gitrepo.Status, pathspec: list[str]) -> str:
        """What the cached history depends on besides the commits: who is who
        (registry, .mailmap, policies, the site's secret), which revisions
        take no credit, how subjects are shown, and where a shallow clone's
        history starts (so fetching the rest is noticed)."""
        files = [
            status.root / ".mailmap",
            status.root / ".git-blame-ignore-revs",
            status.git_dir / "shallow",
        ]
        parts = [
            CACHE_VERSION,
            get_registry(self.env).digest,
            sha256(self.identities.secret).hexdigest(),
            *(
                path.read_text("utf-8", "replace") if path.is_file() else ""
                for path in files
            ),
            self.subjects,
            self.app.config.language,
            sorted(self.settings.ignore_revs),
            sorted(self.trailers.items(), key=lambda kv: kv[0]),
            self.identities.unknown,
            self.identities.bots,
            pathspec,
            self.suffixes,
        ]
        return sha256(repr(parts).encode()).hexdigest()

    # -- the build step ------------------------------------------------------

    def gather(self) -> list[str]:
        srcdir = Path(self.app.srcdir)
        try:
            status = gitrepo.status(srcdir)
        except gitrepo.GitError as exc:
            if self.settings.history == "auto":
                # "auto": a site that is not (yet) in git simply has no history.
                return self._set_all("unavailable", "")
            return self._unavailable(exc)
        try:
            return self._gather(status, srcdir)
        except (gitrepo.GitError, OSError) as exc:
            return self._unavailable(exc)

    def _unavailable(self, reason: Exception) -> list[str]:
        warn(
            f"no change history: {reason}; pages show contributions recorded "
            "in the sources only",
            "git",
            None,  # about the repository, not a line of a file
        )
        return self._set_all(
            "unavailable",
            "History is not available: it could not be read from git.",
        )

    def _set_all(self, status: str, note: str) -> list[str]:
        store = get_data(self.env)
        changed = []
        for docname in sorted(self.env.found_docs):
            history = DocHistory(docname, "", status, note, (), ())
            if store.history.get(docname) != history:
                store.history[docname] = history
                changed.append(docname)
        set_changes(self.env, [])
        return changed

    def _gather(self, status: gitrepo.Status, srcdir: Path) -> list[str]:
        data = get_data(self.env)
        root = self.root = status.root.resolve()
        relative = srcdir.resolve().relative_to(root).as_posix()
        pathspec = [relative if relative != "." else "."]
        head = status.head
        if head is None:
            if self.settings.history != "auto":
                warn("the git repository has no commits yet", "git", None)
            return self._set_all("untracked", "This page is not committed yet.")
        self.identities.secret = gitrepo.site_secret(status.git_dir)
        key = self.settings_key(status, pathspec)
        if status.detached:
            warn(
                f"git HEAD is detached (at {head[:12]}); history is read from that "
                "commit",
                "git",
                None,
            )
        diff = gitrepo.quick_diff(root, pathspec)
        dirty = {
            file.new_path: sha256(repr(file.hunks).encode()).hexdigest()
            for file in parse_patch(diff)
            if file.new_path
        }
        paths = self._paths(relative)
        read_now = docs_read(self.env)

        def stale(docname: str) -> bool:
            inputs = data.history_inputs.get(docname)
            return (
                docname in read_now
                or inputs is None
                or inputs[2] != dirty.get(paths[docname], "")
            )

        state: HistoryState | None = None
        if data.history_head == (head, key):
            affected = {doc for doc in paths if stale(doc)}
            if not affected:
                self._warn_partial(data, dirty)
                return []  # nothing to read from git, nothing to recompute
            state = self.load(key)
        if state is None or state.head != head:
            state, touched = self._advance(root, key, head, pathspec)
            same_settings = (
                data.history_head is not None and data.history_head[1] == key
            )
            if touched is None or not same_settings:
                affected = set(paths)
            else:
                affected = {
                    doc for doc, path in paths.items() if stale(doc) or path in touched
                }
        files = self._with_working_tree(state, diff)
        changed = self._attribute(state, files, paths, affected, dirty)
        data.history_head = (head, key)
        data.redaction_digest = state.redaction
        self._warn_partial(data, dirty)
        return changed

    def _advance(
        self, root: Path, key: str, head: str, pathspec: list[str]
    ) -> tuple[HistoryState, set[str] | None]:
        """The cached state brought to *head*, and the paths that changed on
        the way (None when all of history had to be replayed).  Only here is
        gitpython needed: reading history, not checking whether to."""
        repo = gitrepo.open_repo(root)
        ignored = gitrepo.ignore_revs(repo, list(self.settings.ignore_revs))
        boundary_shas: set[str] = set()
        if gitrepo.is_shallow(repo):
            shallow_file = Path(repo.git_dir) / "shallow"
            if shallow_file.is_file():
                boundary_shas = set(shallow_file.read_text().split())
        state = self.load(key)
        if state is not None and state.head == head:
            return state, set()
        if state is not None and gitrepo.is_ancestor(repo, state.head, head):
            revisions = f"{state.head}..{head}"
            touched = self.replay(
                repo, state, revisions, pathspec, ignored, boundary_shas
            )
            state.head = head
            self.save(state)
            return state, touched
        state = HistoryState(key=key, head=head)
        self.replay(repo, state, head, pathspec, ignored, boundary_shas)
        self.save(state)
        return state, None

    def _paths(self, relative: str) -> dict[str, str]:
        """Each page's source path relative to the repository root (string
        work only: resolving 600 paths one by one costs more than git)."""
        prefix = "" if relative == "." else relative.rstrip("/") + "/"
        return {
            docname: prefix + Path(self.env.doc2path(docname, False)).as_posix()
            for docname in self.env.found_docs
        }

    def _warn_partial(self, data: Any, dirty: dict[str, str]) -> None:
        """The repository-wide warnings, repeated on every build."""
        before = data.history.earliest_before()
        if before:
            warn(
                f"this is a shallow clone: history before {before} is not "
                "available (fetch the full history, e.g. 'git fetch --unshallow', "
                "or set fetch-depth: 0 in CI)",
                "git",
                None,
            )
        tracked = [path for path in dirty if path.endswith(self.suffixes)]
        if tracked:
            warn(
                f"{len(tracked)} source file(s) have uncommitted changes; their "
                "new text is shown as not committed yet",
                "git",
                None,
            )

    def _with_working_tree(
        self, state: HistoryState, diff: list[str]
    ) -> dict[str, FileState]:
        """File states with uncommitted changes on top (copies, not the cache)."""
        if not diff:
            return state.files
        diffs = list(parse_patch(diff))
        for file_diff in diffs:
            for path in (file_diff.old_path, file_diff.new_path):
                if path:
                    state.file(path)
        files = dict(state.files)
        for file_diff in diffs:
            for path in (file_diff.old_path, file_diff.new_path):
                if path in files:
                    files[path] = copy.deepcopy(files[path])
        # Text restored before it is committed gets its owners back too; what
        # the working tree removes is not remembered (a copy of the archive).
        archive = Archive(dict(state.archive.entries))
        touched = apply_commit(
            files, diffs, UNCOMMITTED, tracked=self.tracked, archive=archive
        )
        for path in touched:
            files[path].changes = [c for c in files[path].changes if c != UNCOMMITTED]
        return files

    def _attribute(
        self,
        state: HistoryState,
        files: dict[str, FileState],
        paths: dict[str, str],
        affected: set[str],
        dirty: dict[str, str],
    ) -> list[str]:
        """Attribute the *affected* pages; a page whose file git does not know
        yet (untracked, or outside the repository) says it is not committed."""
        store = get_data(self.env)
        changed = []
        for docname in sorted(affected):
            path = paths[docname]
            file_state = files.get(path) or state.file(path)
            if file_state is None:
                note = (
                    "This page is in a git submodule, whose history is not read."
                    if in_submodule(self.root, path)
                    else "This page is not committed yet."
                )
                history = DocHistory(docname, path, "untracked", note, (), ())
                revision = -1
            else:
                starts = [
                    (ident, line)
                    for ident, _title, line in store.sections.get(docname, [])
                    if line is not None
                ]
                history = attribute(
                    docname,
                    path,
                    file_state,
                    starts,
                    state.changes,
                    state.boundary.get,
                    store.recorded.get(docname, ()),
                    self.settings.authorship_view,
                )
                revision = file_state.changes[-1] if file_state.changes else -1
            store.history_inputs[docname] = (path, revision, dirty.get(path, ""))
            if store.history.get(docname) != history:
                store.history[docname] = history
                changed.append(docname)
        set_changes(self.env, state.changes)
        return changed


def in_submodule(root: Path, path: str) -> bool:
    """Whether *path* (relative to *root*) lies in a submodule's work tree,
    which has a ``.git`` of its own between it and *root*."""
    folder = (root / path).parent
    while folder != root and root in folder.parents:
        if (folder / ".git").exists():
            return True
        folder = folder.parent
    return False


def gather_history(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: refresh history; return the pages to write again."""
    if not settings(app).history:
        return []
    changed = Gatherer(app, env).gather()
    if changed:
        changed = sorted({*changed, *get_data(env).history_pages})
    return changed


def setup(app: Sphinx) -> None:
    app.connect("env-updated", gather_history)
