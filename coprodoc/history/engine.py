"""Gathers history after reading, once per build, with a cache on disk.

The Sphinx side of the history pass: which pages need attributing again,
the cache folder, the warnings about the repository, and the uncommitted
changes on top.  Reading git history itself is :mod:`coprodoc.history.
replayer`'s job, run here or, for a cold cache, in a second process while
Sphinx reads the pages (:mod:`coprodoc.history.background`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from coprodoc import gitrepo
from coprodoc.config import cache_folder, settings
from coprodoc.data import DocHistory, get_data
from coprodoc.history import background
from coprodoc.history.attribution import attribute
from coprodoc.history.changes import CACHE_NAME, ChangeList, set_changes
from coprodoc.history.identity import Identities
from coprodoc.history.progress import StatusProgress
from coprodoc.history.provenance import Overlay
from coprodoc.history.replay import (
    UNCOMMITTED,
    FileDiff,
    FileState,
    apply_commit,
    parse_patch,
)
from coprodoc.history.replayer import (
    CACHE_VERSION,
    CacheProblem,
    HistoryState,
    Job,
    Replayer,
    load_state,
)
from coprodoc.locale import _
from coprodoc.logs import note, warn
from coprodoc.state import docs_read, get_registry, to_write

if TYPE_CHECKING:
    import subprocess


def repository_paths(
    env: BuildEnvironment, relative: str, docnames: Iterable[str]
) -> dict[str, str]:
    """Each page's source path relative to the repository root, for a site
    at *relative* in it (string work only: resolving 600 paths one by one
    costs more than git)."""
    prefix = "" if relative == "." else relative.rstrip("/") + "/"
    return {
        docname: prefix + os.fspath(env.doc2path(docname, False)).replace(os.sep, "/")
        for docname in docnames
    }


def edit_digest(file: FileDiff) -> str:
    """A fingerprint of one file's uncommitted edit, kept between builds to
    tell whether the edit changed since the page's history was worked out."""
    hunks = [
        (hunk.old_start, hunk.old_count, hunk.new_start, hunk.removed, hunk.added)
        for hunk in file.hunks
    ]
    return sha256(repr(hunks).encode()).hexdigest()


class Gatherer:
    """One build's history pass."""

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        config = settings(app)
        registry = get_registry(env)
        self.replayer = Replayer(
            Identities(
                registry,
                # a registry that cannot be read names no one from git either
                config.unknown_contributors if registry.readable else "count",
                config.bots,
            ),
            dict(config.trailers),
            tuple(env.config.source_suffix),
            config.commit_subjects,
            placeholder=str(_("a person who is not named")),
            branch_merge=str(_("Merge a branch")),
        )
        self.identities = self.replayer.identities
        self.suffixes = self.replayer.suffixes
        self.settings = config
        self.app = app
        self.env = env
        self.root = Path(app.srcdir)
        self.cache_path = cache_folder(app) / CACHE_NAME
        #: the cache as the start of the build loaded it (see start_background)
        self.peeked: HistoryState | None = None
        #: the job and pages' paths the start of the build worked out
        self.prepared: tuple[Job, dict[str, str]] | None = None
        self.cache_warned = False

    def load(self, key: str, quiet: bool = False) -> HistoryState | None:
        """The cached state for *key*, if any; a cache that cannot be used is
        reported once (unless *quiet*) and read again from git."""
        if self.peeked is not None:
            peeked, self.peeked = self.peeked, None
            return peeked
        try:
            state = load_state(self.cache_path)
        except CacheProblem as problem:
            if not quiet:
                self._warn_cache(f"the history cache is not used: {problem}")
            return None
        if state is None or state.key == key:
            return state
        if not quiet and not gitrepo.has_commit(self.root, state.head):
            self._warn_cache(
                "the history cache was made for another repository; it is not used"
            )
        return None

    def _warn_cache(self, message: str) -> None:
        if self.cache_warned:  # found at the start of the build already
            return
        self.cache_warned = True
        warn(f"{message} ({self.cache_path}); history is read from git", "git", None)

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
        replayer = self.replayer
        parts = [
            CACHE_VERSION,
            get_registry(self.env).digest,
            sha256(self.identities.secret).hexdigest(),
            *(
                path.read_text("utf-8", "replace") if path.is_file() else ""
                for path in files
            ),
            replayer.subjects,
            self.app.config.language,
            sorted(self.settings.ignore_revs),
            sorted(replayer.trailers.items(), key=lambda kv: kv[0]),
            self.identities.unknown,
            self.identities.bots,
            pathspec,
            self.suffixes,
        ]
        return sha256(repr(parts).encode()).hexdigest()

    def job(self, status: gitrepo.Status, head: str) -> tuple[Job, dict[str, str]]:
        """This build's history pass, and each page's path in the repository."""
        root = self.root = status.root.resolve()
        relative = Path(self.app.srcdir).resolve().relative_to(root).as_posix()
        pathspec = [relative if relative != "." else "."]
        kept = cache_folder(self.app) if self.settings.cache_dir else None
        self.identities.secret = gitrepo.site_secret(status.git_dir, kept)
        self.identities.hide_mailmap_aliases(root)
        paths = self._paths(relative)
        job = Job(
            root=root,
            key=self.settings_key(status, pathspec),
            head=head,
            pathspec=tuple(pathspec),
            wanted=frozenset(paths.values()),
            cache_path=self.cache_path,
            ignore_revs=tuple(self.settings.ignore_revs),
            boundary=status.boundary(),
        )
        return job, paths

    # -- the build step ------------------------------------------------------

    def start_background(self) -> None:
        """``env-before-read-docs``: when the cache cannot be brought to HEAD
        (a fresh clone, a rebase), start replaying history beside reading."""
        try:
            status = gitrepo.status(Path(self.app.srcdir), background.asked(self.app))
        except gitrepo.GitError:
            return
        seen = background.Seen(status, self)
        background.remember(self.env, seen)
        if status.head is None:
            return
        job, _paths = self.prepared = self.job(status, status.head)
        seen.diff = gitrepo.start_quick_diff(job.root, list(job.pathspec))
        if get_data(self.env).history_head == (job.head, job.key):
            return  # the last build read history at this commit
        # Not quiet: a second process may replace an unusable cache before
        # the end of reading, and the warning with it.
        state = self.load(job.key)
        if (
            state is not None
            and state.covers(job.wanted)
            and gitrepo.is_ancestor_of(job.root, state.head, job.head)
        ):
            seen.state = state
            return  # at most a few commits to replay: quicker here
        background.start(self.env, self.replayer, job)

    def gather(self) -> list[str]:
        srcdir = Path(self.app.srcdir)
        seen = background.seen(self.env)
        try:
            status = seen.status if seen is not None else gitrepo.status(srcdir)
        except gitrepo.GitError as exc:
            if self.settings.history == "auto":
                # "auto": a site that is not (yet) in git simply has no history.
                return self._set_all("unavailable", "")
            return self._unavailable(exc)
        self.peeked = seen.state if seen is not None else None
        started = seen.diff if seen is not None else None
        try:
            return self._gather(status, started)
        except (gitrepo.GitError, OSError) as exc:
            return self._unavailable(exc)
        finally:
            background.close_unread(started)  # read, or its answer not needed

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
        set_changes(self.env, ChangeList())
        return changed

    def _gather(
        self, status: gitrepo.Status, started: subprocess.Popen[bytes] | None
    ) -> list[str]:
        data = get_data(self.env)
        head = status.head
        if head is None:
            if self.settings.history != "auto":
                warn("the git repository has no commits yet", "git", None)
            return self._set_all("untracked", "This page is not committed yet.")
        prepared = self.prepared
        job, paths = prepared if prepared is not None else self.job(status, head)
        if status.detached:
            warn(
                f"git HEAD is detached (at {head[:12]}); history is read from that "
                "commit",
                "git",
                None,
            )
        diff = gitrepo.quick_diff(job.root, list(job.pathspec), started)
        dirty = {
            file.new_path: edit_digest(file)
            for file in parse_patch(diff)
            if file.new_path
        }
        read_now = docs_read(self.env)

        def stale(docname: str) -> bool:
            inputs = data.history_inputs.get(docname)
            return (
                docname in read_now
                or inputs is None
                or inputs[2] != dirty.get(paths[docname], "")
            )

        state: HistoryState | None = None
        if data.history_head == (head, job.key):
            affected = {doc for doc in paths if stale(doc)}
            if not affected:
                self._warn_partial(data, dirty)
                return []  # nothing to read from git, nothing to recompute
            state = self.load(job.key)
        if state is None or state.head != head or not state.covers(job.wanted):
            state, touched = self._advance(job)
            same_settings = (
                data.history_head is not None and data.history_head[1] == job.key
            )
            if touched is None or not same_settings:
                affected = set(paths)
            else:
                affected = {
                    doc for doc, path in paths.items() if stale(doc) or path in touched
                }
        files = self._with_working_tree(state, diff)
        changed = self._attribute(state, files, paths, affected, dirty)
        data.history_head = (head, job.key)
        data.redaction_digest = state.redaction
        self._warn_partial(data, dirty)
        return changed

    def _advance(self, job: Job) -> tuple[HistoryState, set[str] | None]:
        """The cached state brought to *job*'s head, and the paths that
        changed on the way (None when all of history had to be replayed):
        by the second process if one ran, else here; with progress in
        Sphinx's status output."""
        progress = StatusProgress(self.app.verbosity)
        try:
            return self._advanced(job, progress)
        finally:
            progress.done()

    def _advanced(
        self, job: Job, progress: StatusProgress
    ) -> tuple[HistoryState, set[str] | None]:
        if background.finished(self.env, job, progress):
            state = self.load(job.key, quiet=True)
            if state is not None and state.head == job.head:
                return state, None
        known = self.peeked is not None  # checked at the start of the build
        state = self.load(job.key)
        if state is not None and state.covers(job.wanted):
            if state.head == job.head:
                return state, set()
            touched = self.replayer.advance(job, state, known, progress)
            if touched is not None:
                return state, touched
        return self.replayer.cold(job, progress), None

    def _paths(self, relative: str) -> dict[str, str]:
        return repository_paths(self.env, relative, self.env.found_docs)

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
        # Checking before committing is what people do: a note per file
        # (with Sphinx's progress, not a warning, so -W still passes).
        for path in sorted(p for p in dirty if p.endswith(self.suffixes)):
            docname = self.env.path2doc(str(self.root / path))
            if docname is not None:
                note(
                    "has changes not committed yet: until they are, their words "
                    "are shown as “not committed yet” and credited to no one",
                    "git",
                    (docname, None),
                )

    def _with_working_tree(
        self, state: HistoryState, diff: list[str]
    ) -> dict[str, FileState]:
        """File states with uncommitted changes on top (copies, not the cache)."""
        if not diff:
            return state.files
        diffs = list(parse_patch(diff))
        files = dict(state.files)
        for file_diff in diffs:
            for path in (file_diff.old_path, file_diff.new_path):
                copied = state.copy_of(path) if path is not None else None
                if path is not None and copied is not None:
                    files[path] = copied
        # Text restored before it is committed gets its owners back too; what
        # the working tree removes is not remembered (an overlay).
        archive = Overlay(lambda: state.archive, state.archive_may_hold)
        touched = apply_commit(
            files, diffs, UNCOMMITTED, tracked=self.replayer.tracked, archive=archive
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
        changes = ChangeList.of_tuples(state.changes)
        changed = []
        for docname in sorted(affected):
            path = paths[docname]
            file_state = files.get(path) or state.peek(path)
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
                    changes,
                    state.boundary.get,
                    store.recorded.get(docname, ()),
                    self.settings.authorship_view,
                )
                revision = file_state.changes[-1] if file_state.changes else -1
            store.history_inputs[docname] = (path, revision, dirty.get(path, ""))
            if store.history.get(docname) != history:
                store.history[docname] = history
                changed.append(docname)
        set_changes(self.env, changes)
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
    data = get_data(env)
    head = data.history_head
    # the pass the start of the build made, with what it worked out, if any
    changed = (background.gatherer(env) or Gatherer(app, env)).gather()
    if changed:
        changed = [*changed, *data.history_pages, *data.shaped_pages]
    elif data.history_head != head:  # a commit that changed no page: the
        changed = list(data.history_pages)  # record says which commit it is
    return to_write(env, changed)


def ask_git_early(app: Sphinx, _config: Any) -> None:
    """``config-inited``: with a second core, git is asked where the site
    stands while Sphinx loads its environment (read by :func:`start_history`)."""
    if settings(app).history and background.available():
        background.ask_early(app)


def start_history(app: Sphinx, env: BuildEnvironment, _docnames: list[str]) -> None:
    """``env-before-read-docs``: a cold history is read beside the pages."""
    if settings(app).history and background.available():
        Gatherer(app, env).start_background()


def setup(app: Sphinx) -> None:
    app.connect("config-inited", ask_git_early)  # after check_config (300)
    app.connect("env-before-read-docs", start_history)
    app.connect("env-updated", gather_history)
    app.connect("build-finished", background.stop)
