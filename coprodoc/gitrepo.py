"""All access to git: no other module runs git or imports gitpython.

One error type, :class:`GitError`, says why git could not answer: git not
installed, not a repository, a ref that does not exist, a log that cannot be
read.  History is read through gitpython (the repository object, the
streamed ``git log``).  The small queries every build makes (is this a
repository, where is HEAD, what is not committed) run as plain ``git``
processes: importing gitpython takes about 90 ms, more than the queries
themselves, and an incremental build that reads no history should not pay
it.

Whatever the size of the site, a cold build runs: two ``git log`` (patches
along the first-parent chain, and metadata of every commit), at most a few
``git check-mailmap`` batches, and a few status queries.  An incremental
build runs the same, limited to the commits since the cached HEAD.
"""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from coprodoc.patterns import compile_later

if TYPE_CHECKING:
    import git

#: Our log format: every field ends with a NUL byte.  Git stops printing a
#: commit message at a NUL, so no commit text can contain one: a message
#: cannot imitate the separators and make up, hide or change a commit (as
#: it could with the control characters used before).
_FIELDS = (
    "%H",
    "%P",
    "%aN",
    "%aE",
    "%at",
    "%s",
    "%(trailers:only,unfold)",
    "%b",
    "%cN",
    "%cE",
)
_FORMAT = "%x00" + "%x00".join(_FIELDS) + "%x00"
_SHA = compile_later(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")


class GitError(Exception):
    """Why git could not answer: no git, not a repository, an unknown ref, or
    a log that cannot be read.  The message says it in plain words."""


#: The name this error had before git access was gathered here.
GitUnavailable = GitError


def git_env(name: str, email: str, stamp: str) -> dict[str, str]:
    """Environment for a git command by *name* at *stamp*, unaffected by the
    user's own git configuration, so the same history gives the same shas."""
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def command(
    cwd: Path, *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` in *cwd*, as a plain process (see the module docstring).

    With *check*, a failure raises :class:`GitError` with git's own message.
    """
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=false", *args],
            cwd=cwd,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("the git program was not found") from exc
    except OSError as exc:
        raise GitError(f"git could not be run: {exc}") from exc
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or f"git {args[0]} failed")
    return done


def output(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """The text ``git ARGS`` prints, stripped."""
    return command(cwd, *args, env=env).stdout.decode("utf-8", "replace").strip()


class Status(NamedTuple):
    """What a build needs to know before deciding whether to read history."""

    root: Path
    git_dir: Path
    head: str | None
    detached: bool
    shallow: bool = False

    def boundary(self) -> frozenset[str]:
        """The commits a shallow clone's history starts at (none if whole)."""
        path = self.git_dir / "shallow"
        if not self.shallow or not path.is_file():
            return frozenset()
        return frozenset(path.read_text("ascii", "replace").split())


_STATUS = (
    "rev-parse",
    "--show-toplevel",
    "--absolute-git-dir",
    "--is-shallow-repository",
    "HEAD",
    "--symbolic-full-name",
    "HEAD",
)


def start(cwd: Path, *args: str) -> subprocess.Popen[bytes] | None:
    """``git ARGS`` in *cwd*, started now and read later: git runs while
    Sphinx goes on (None if it cannot be started; the caller asks again,
    and gets git's own error)."""
    try:
        return subprocess.Popen(
            ["git", "-c", "core.quotepath=false", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError:
        return None


def start_status(path: Path) -> subprocess.Popen[bytes] | None:
    """:func:`status`, started now."""
    return start(path, *_STATUS)


def status(path: Path, started: subprocess.Popen[bytes] | None = None) -> Status:
    """One ``git rev-parse`` call: root, git folder, shallow or not, HEAD,
    branch (read from *started*, if it was started earlier).

    This runs on every build, so it is a plain process, without importing
    gitpython (which costs more than the call); gitpython does the reading of
    history, when there is history to read.
    """
    if started is not None:
        out, _err = started.communicate()
        returncode = started.returncode
    else:
        done = command(path, *_STATUS, check=False)
        out, returncode = done.stdout, done.returncode
    lines = out.decode("utf-8", "replace").splitlines()
    if returncode != 0 and len(lines) < 3:
        raise GitError(f"{path} is not in a git repository")
    root, git_dir, shallow = Path(lines[0]), Path(lines[1]), lines[2] == "true"
    if returncode != 0 or len(lines) < 5:  # no commits yet
        return Status(root, git_dir, None, False, shallow)
    return Status(root, git_dir, lines[3], lines[4] == "HEAD", shallow)


_QUICK_DIFF = ("diff", "HEAD", "-U0", "-M", "--no-color", "--no-ext-diff", "--")


def start_quick_diff(root: Path, pathspec: list[str]) -> subprocess.Popen[bytes] | None:
    """:func:`quick_diff` started now, to run while Sphinx reads the pages
    (on a large repository git takes a while to look at every file)."""
    return start(root, *_QUICK_DIFF, *pathspec)


def quick_diff(
    root: Path, pathspec: list[str], started: subprocess.Popen[bytes] | None = None
) -> list[str]:
    """``-U0`` diff of uncommitted changes to tracked files, against HEAD:
    the output of the *started* diff if it worked, else asked for now (which
    gives git's own message if it fails again)."""
    if started is not None:
        out, _err = started.communicate()
        if started.returncode == 0:
            return out.decode("utf-8", "replace").splitlines(keepends=True)
    done = command(root, *_QUICK_DIFF, *pathspec)
    return done.stdout.decode("utf-8", "replace").splitlines(keepends=True)


def changed_files(folder: Path, ref: str) -> set[Path]:
    """Files changed since *ref* (committed or not), and new files."""
    root = Path(output(folder, "rev-parse", "--show-toplevel"))
    names = output(folder, "diff", "--name-only", ref).splitlines()
    names += output(folder, "ls-files", "--others", "--exclude-standard").splitlines()
    return {(root / name).resolve() for name in names if name}


def has_commit(root: Path, commit: str) -> bool:
    return (
        command(root, "cat-file", "-e", f"{commit}^{{commit}}", check=False).returncode
        == 0
    )


def checkout_copy(root: Path, commit: str, dest: Path) -> None:
    """A clone of *root* at *commit* in *dest*, sharing its objects, so
    nothing in *root* changes."""
    command(root, "clone", "--quiet", "--shared", "--no-checkout", str(root), str(dest))
    command(dest, "-c", "advice.detachedHead=false", "checkout", "--quiet", commit)


class CommitMeta(NamedTuple):
    sha: str
    parents: tuple[str, ...]
    name: str
    email: str
    timestamp: int
    subject: str
    trailers: tuple[tuple[str, str], ...]
    body: str
    committer: tuple[str, str] = ("", "")


def open_repo(path: Path) -> git.Repo:
    try:
        import git
    except ImportError as exc:  # gitpython could not find a git program
        raise GitError("the git program was not found") from exc
    try:
        return git.Repo(path, search_parent_directories=True)
    except git.InvalidGitRepositoryError as exc:
        raise GitError(f"{path} is not in a git repository") from exc
    except git.NoSuchPathError as exc:
        raise GitError(f"{path} does not exist") from exc
    except (git.GitCommandNotFound, OSError) as exc:  # pragma: no cover
        raise GitError(f"git could not be run: {exc}") from exc


def run(repo: git.Repo, *args: str) -> str:
    """``git ARGS`` through gitpython, in the repository being read."""
    import git

    try:
        return str(repo.git.execute(["git", "-c", "core.quotepath=false", *args]))
    except git.GitCommandNotFound as exc:
        raise GitError("the git program was not found") from exc
    except git.GitError as exc:
        raise GitError(str(exc)) from exc


def is_ancestor_of(root: Path, old: str, new: str) -> bool:
    """Whether commit *old* is an ancestor of *new* (a plain process; none
    for the same commit, as on every fresh build with a cache)."""
    return old == new or (
        command(root, "merge-base", "--is-ancestor", old, new, check=False).returncode
        == 0
    )


def is_ancestor(repo: git.Repo, old: str, new: str) -> bool:
    try:
        run(repo, "merge-base", "--is-ancestor", old, new)
    except GitError:
        return False
    return True


def _parse_trailers(text: str) -> tuple[tuple[str, str], ...]:
    found = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and value.strip():
            found.append((key.strip(), value.strip()))
    return tuple(found)


def _meta(fields: list[bytes]) -> CommitMeta:
    """One commit's fields, checked: anything unexpected stops the reading
    rather than crediting anyone with a commit that does not exist."""
    sha, parents, name, email, when, subject, trailers, body, *committer = (
        field.decode("utf-8", "replace") for field in fields
    )
    parent_list = tuple(parents.split())
    if not _SHA.match(sha) or not all(_SHA.match(p) for p in parent_list):
        raise GitError("git's log could not be read (an unexpected commit id)")
    if not (when.isascii() and when.isdigit()):
        raise GitError("git's log could not be read (an unexpected date)")
    return CommitMeta(
        sha,
        parent_list,
        name,
        email,
        int(when),
        subject,
        _parse_trailers(trailers),
        body,
        (committer[0], committer[1]) if len(committer) == 2 else ("", ""),
    )


def _records(stream: IO[bytes]) -> Iterator[tuple[list[bytes], bytes]]:
    """``(fields, rest)`` of each commit of a NUL-separated log stream.

    The stream is a NUL, then each field followed by a NUL, then the rest
    (the patch text, or only a newline) up to the next commit's first NUL.
    """
    size = len(_FIELDS) + 1
    fields: list[bytes] = []
    pending: list[bytes] = []
    started = False
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        if b"\0" not in chunk:
            pending.append(chunk)
            continue
        parts = (b"".join(pending) + chunk).split(b"\0")
        pending = [parts.pop()]
        for part in parts:
            if not started:  # what comes before the first commit: nothing
                started = True
                continue
            fields.append(part)
            if len(fields) == size:
                yield fields[:-1], fields[-1]
                fields = []
    if fields:
        fields.append(b"".join(pending))
        if len(fields) != size:
            raise GitError("git's log could not be read (it ended early)")
        yield fields[:-1], fields[-1]


def paths_limited(pathspec: Sequence[str]) -> list[str]:
    """The end of a ``git log`` command limited to *pathspec*.  A pathspec of
    the whole tree (``.``: the site is the repository) is left out: it makes
    git compare every commit's tree with its parent's twice, once to decide
    whether to show the commit and once for its diff (a quarter slower on a
    folder of subfolders), and hides only the commits that change nothing."""
    return ["--"] if _whole_tree(pathspec) else ["--", *pathspec]


def _whole_tree(pathspec: Sequence[str]) -> bool:
    return list(pathspec) == ["."]


def first_parent_patches(
    repo: git.Repo,
    revisions: str,
    pathspec: list[str],
    commits: Sequence[str] | None = None,
) -> Iterator[tuple[CommitMeta, list[str]]]:
    """Each first-parent commit of *revisions*, oldest first, with its ``-U0``
    patch lines (merges diffed against their first parent), streamed.

    With *commits* (first-parent commits, oldest first), only those: git
    is given the list rather than a pathspec naming hundreds of files,
    which it would match against every path of every commit."""
    if commits is not None and not commits:
        return  # (git would read an empty list as HEAD)
    with tempfile.TemporaryFile() as listed:
        walk = ["--first-parent", "--reverse", revisions]
        if commits is not None:
            walk = ["--no-walk=unsorted", "--stdin"]
            listed.write("".join(f"{sha}\n" for sha in commits).encode("ascii"))
            listed.seek(0)
        process = repo.git.execute(
            [
                "git",
                "-c",
                "core.quotepath=false",
                "log",
                *walk,
                "--diff-merges=first-parent",
                "-p",
                "-U0",
                "-M",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                f"--format={_FORMAT}",
                *paths_limited(pathspec),
            ],
            as_process=True,
            istream=listed if commits is not None else None,
        )
        everything = _whole_tree(pathspec)
        stream = process.proc.stdout if process.proc is not None else None
        if stream is None:  # pragma: no cover - gitpython always gives a pipe
            return
        try:
            for fields, patch in _records(stream):
                text = patch.decode("utf-8", "replace").lstrip("\n")
                if everything and not text:
                    continue  # a commit that changes nothing, as a pathspec hides
                yield _meta(fields), text.splitlines(keepends=True)
        finally:
            stream.close()
            _wait(process)


def _wait(process: Any) -> None:
    """Wait for a streamed git command; its failure is a :class:`GitError`."""
    import git

    try:
        process.wait()
    except git.GitError as exc:
        raise GitError(f"git's log could not be read: {exc}") from exc


def all_commits(repo: git.Repo, revisions: str) -> list[CommitMeta]:
    """Metadata of every commit of *revisions* (all parents), no patches."""
    process = repo.git.execute(
        ["git", "log", f"--format={_FORMAT}", revisions], as_process=True
    )
    stream = process.proc.stdout if process.proc is not None else None
    if stream is None:  # pragma: no cover
        return []
    try:
        return [_meta(fields) for fields, _patch in _records(stream)]
    finally:
        stream.close()
        _wait(process)


def site_secret(git_dir: Path, folder: Path | None = None) -> bytes:
    """A random secret for this site, kept in its git folder, or in *folder*
    (the cache folder a CI service keeps between fresh clones).

    Identities that may not be shown are stored as hashes keyed with it.
    Neither folder is part of a published site (the build folder may be:
    GitHub Pages publishes dot-folders), so a hash found in a published
    build cannot be checked against guessed email addresses.  A fresh clone
    without a kept cache folder makes a new secret, which only means a full
    history pass.
    """
    path = (folder or git_dir) / "coprodoc-secret"
    try:
        return bytes.fromhex(path.read_text("ascii").strip())
    except (OSError, ValueError):
        pass
    value = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(value.hex())
    except FileExistsError:  # another build made one meanwhile
        return site_secret(git_dir, folder)
    except OSError:  # a read-only repository: a secret for this build only
        pass
    return value


_MAILMAP_PAIR = compile_later(r"([^<>#]*?)\s*<([^<>\s]*)>")
_CONTACT = compile_later(r"^[^<>]*<[^<>\s]+>$")


def mailmap_lines(root: Path) -> list[list[tuple[str, str]]]:
    """The ``(name, email)`` pairs of each line of ``.mailmap``, the proper
    identity first (empty list without a mailmap)."""
    path = root / ".mailmap"
    if not path.is_file():
        return []
    lines = []
    for line in path.read_text("utf-8", "replace").splitlines():
        line = line.split("#", 1)[0]
        pairs = [(m.group(1).strip(), m.group(2)) for m in _MAILMAP_PAIR.finditer(line)]
        if pairs:
            lines.append(pairs)
    return lines


def mailmap(repo: git.Repo, identities: list[str]) -> dict[str, str]:
    """``Name <email>`` → its ``.mailmap`` form (see :func:`mailmap_at`)."""
    return mailmap_at(Path(repo.working_tree_dir or "."), identities)


def mailmap_at(root: Path, identities: list[str]) -> dict[str, str]:
    """``Name <email>`` → its ``.mailmap`` form, in batches (no-op without a
    mailmap), as plain processes.  Only values of that form are asked about:
    one value without an email would make git refuse the whole batch."""
    identities = [value for value in identities if _CONTACT.match(value.strip())]
    if not identities or not (root / ".mailmap").is_file():
        return {}
    result: dict[str, str] = {}
    for start in range(0, len(identities), 200):
        batch = identities[start : start + 200]
        try:
            out = output(root, "check-mailmap", *batch).splitlines()
        except GitError:
            continue
        result.update(zip(batch, out, strict=False))
    return result


def ignore_revs(repo: git.Repo, extra: list[str]) -> set[str]:
    """Full shas of ``.git-blame-ignore-revs`` entries and configured ones."""
    root = Path(repo.working_tree_dir or ".")
    names = list(extra)
    path = root / ".git-blame-ignore-revs"
    if path.is_file():
        for line in path.read_text("utf-8", "replace").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line)
    found = set()
    for name in names:
        try:
            found.add(
                run(repo, "rev-parse", "--verify", "-q", f"{name}^{{commit}}").strip()
            )
        except GitError:
            continue
    return found


_PR = compile_later(r"^Merge pull request #(\d+)|\(#(\d+)\)\s*$")
_MR = compile_later(r"See merge request \S*!(\d+)")


def pull_request(meta: CommitMeta) -> int | None:
    """The pull request a commit came through, from its subject or body."""
    match = _PR.search(meta.subject)
    if match:
        return int(match.group(1) or match.group(2))
    match = _MR.search(meta.body)
    return int(match.group(1)) if match else None


#: Lines of context that make a patch hold the whole file before and after
#: the change (policy pages are far shorter).
WHOLE_FILE = 100_000


def file_log(
    root: Path, path: str, pattern: str | None = None, since: str | None = None
) -> list[tuple[CommitMeta, list[str]]]:
    """The commits that changed *path* (following its renames), newest
    first, each with a patch that holds the whole file before and after it.

    With *pattern* (an extended regular expression), only the commits that
    added or removed a line matching it (``git log -G``); with *since* (a
    date), only those made on or after it.  One plain process: this is
    asked for a few pages only (see :mod:`coprodoc.history.closure`).
    """
    args = [
        "log",
        "--follow",
        "-p",
        f"-U{WHOLE_FILE}",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        f"--format={_FORMAT}",
    ]
    if pattern is not None:
        args.append(f"-G{pattern}")
    if since is not None:
        args.append(f"--since={since}T00:00:00")
    done = command(root, *args, "--", path)
    return [
        (_meta(fields), rest.decode("utf-8", "replace").splitlines(keepends=True))
        for fields, rest in _records(io.BytesIO(done.stdout))
    ]


def touched_between(
    root: Path, old: str, new: str, paths: list[str]
) -> set[str] | None:
    """The *paths* that any commit after *old* up to *new* changed (renamed
    files by their new name); None when *old* is not an ancestor of *new*
    (a rebase: nothing can be assumed)."""
    if not is_ancestor_of(root, old, new):
        return None
    listed = output(
        root, "log", "--format=", "--name-only", "-M", f"{old}..{new}", "--", *paths
    )
    return {line for line in listed.splitlines() if line}
