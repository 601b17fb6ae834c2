"""Reads a cold history in a second process while Sphinx reads the pages.

On a fresh clone (or after a rebase) the whole history must be replayed:
about a second for a few thousand commits.  Sphinx's reading of the pages
does not need it (history is attributed after reading), and Sphinx reads
on one processor core unless ``-j`` is given.  So when the machine has a
second core, the replay starts as reading starts, in a child Python
process, which writes the history cache; the build waits for it after
reading and carries on from the cache.  Anything that goes wrong in the
child (an unusual git, a full disk) only means the build replays history
itself, as it does on a one-core machine, and reports any problem then.

Set the environment variable ``COPRODOC_HISTORY_PROCESS=0`` to keep the
replay in the build's own process.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from coprodoc import gitrepo
from coprodoc.history.progress import relay, to_stream

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from coprodoc.history.engine import Gatherer
    from coprodoc.history.progress import Callback as Progress
    from coprodoc.history.replayer import HistoryState, Job, Replayer

_RUNNING: WeakKeyDictionary[BuildEnvironment, tuple[subprocess.Popen[bytes], Job]] = (
    WeakKeyDictionary()
)
_SEEN: WeakKeyDictionary[BuildEnvironment, Seen] = WeakKeyDictionary()
_ASKED: WeakKeyDictionary[Sphinx, subprocess.Popen[bytes]] = WeakKeyDictionary()


class Seen:
    """What deciding whether to start found, for the history pass to use
    rather than ask git and load the cache again."""

    def __init__(self, status: gitrepo.Status, gatherer: Gatherer) -> None:
        self.status = status
        #: the history pass that decided, to go on with after reading
        self.gatherer = gatherer
        #: the cache, when it can be brought to HEAD here
        self.state: HistoryState | None = None
        #: the diff of uncommitted changes, started as reading starts
        self.diff: subprocess.Popen[bytes] | None = None


def available() -> bool:
    """Whether a second process would run beside the build: more than one
    core, and not switched off."""
    if os.environ.get("COPRODOC_HISTORY_PROCESS", "1").strip() == "0":
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows
        cores = os.cpu_count() or 1
    return cores > 1


def start(env: BuildEnvironment, replayer: Replayer, job: Job) -> None:
    """Start replaying *job* in a child process (the replayer, with the
    registry it knows, goes through a pipe, never to disk)."""
    payload = pickle.dumps((replayer, job), pickle.HIGHEST_PROTOCOL)
    path = os.pathsep.join(entry for entry in sys.path if entry)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "coprodoc.history.background"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,  # progress lines (see history.progress)
            stderr=subprocess.DEVNULL,
            cwd=job.root,
            env={**os.environ, "PYTHONPATH": path},
        )
    except OSError:
        return
    try:
        assert process.stdin is not None
        process.stdin.write(payload)
        process.stdin.close()
    except (OSError, AssertionError):
        process.kill()
        process.wait()
        return
    _RUNNING[env] = (process, job)


def ask_early(app: Sphinx) -> None:
    """``config-inited``: ask git where the site stands while Sphinx loads
    its environment, for :func:`asked` to read when reading starts.

    A build that fails before then (a bad theme, an extension's error in
    Sphinx's own start, an application made and never built) emits no
    ``build-finished``: the answer is waited for when the application goes,
    or when Python exits, whichever is first.
    """
    started = gitrepo.start_status(Path(app.srcdir))
    if started is not None:
        _ASKED[app] = started
        weakref.finalize(app, close_unread, started)


def asked(app: Sphinx) -> subprocess.Popen[bytes] | None:
    """What :func:`ask_early` started, once."""
    return _ASKED.pop(app, None)


def close_unread(process: subprocess.Popen[bytes] | None) -> None:
    """Wait for a git process started early whose answer may go unread (its
    pipes closed, nothing left running); harmless once read."""
    if process is not None:
        process.communicate()


def remember(env: BuildEnvironment, seen: Seen) -> None:
    _SEEN[env] = seen


def seen(env: BuildEnvironment) -> Seen | None:
    """What the start of this build saw (once: the history pass takes it)."""
    return _SEEN.pop(env, None)


def gatherer(env: BuildEnvironment) -> Gatherer | None:
    """The history pass the start of this build made, if it made one."""
    found = _SEEN.get(env)
    return found.gatherer if found is not None else None


def finished(env: BuildEnvironment, job: Job, progress: Progress | None = None) -> bool:
    """Wait for this build's child process, if any, telling *progress* how
    far it is meanwhile: whether it wrote the history cache for *job*."""
    running = _RUNNING.pop(env, None)
    if running is None:
        return False
    process, started = running
    if process.stdout is not None:
        try:
            if progress is not None:
                relay(process.stdout, progress)
        except (OSError, ValueError):
            pass  # no progress to show: the result is what counts
        finally:
            process.stdout.close()
    return process.wait() == 0 and started == job


def stop(app: Any, _exception: BaseException | None) -> None:
    """``build-finished``: a build that stopped before its history pass
    does not leave the child running, nor git's answers unread."""
    close_unread(_ASKED.pop(app, None))
    seen = _SEEN.pop(app.env, None)
    close_unread(seen.diff if seen is not None else None)
    running = _RUNNING.pop(app.env, None)
    if running is not None:
        running[0].kill()
        running[0].wait()
        if running[0].stdout is not None:
            running[0].stdout.close()


def main() -> int:
    """The child: replay the job read from standard input, save the cache."""
    replayer, job = pickle.load(sys.stdin.buffer)
    replayer.cold(job, to_stream(sys.stdout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
