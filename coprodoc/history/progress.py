"""Progress of the history replay, in Sphinx's own status output.

Replaying a long history from scratch takes seconds to minutes, so the
build says how far it is, as Sphinx's ``status_iterator`` does for pages
("reading git history... [ 40%] 4640 of 11600 commits"): on one line that
updates itself in a terminal, one line per step in a log.  It goes through
Sphinx's logger, so ``-q`` silences it like the rest.  There are at most
:data:`STEPS` updates, however long the history: a CI log gets ten lines,
not one per commit.

When the replay runs in a second process (see
:mod:`coprodoc.history.background`), the child writes each step to its
standard output as ``done total``, and the build reports them when it
waits for the child, so a replay still running after reading shows its
progress from then on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO

from sphinx.util import logging
from sphinx.util.console import (  # type: ignore[attr-defined]  # re-exported
    bold,
    color_terminal,
)

logger = logging.getLogger(__name__)

#: How many updates a replay reports, at most (one every 10%).
STEPS = 10

#: ``(commits replayed, commits to replay)``.
Callback = Callable[[int, int], None]


def _step(done: int, total: int) -> int:
    return STEPS if total <= 0 else min(STEPS, done * STEPS // total)


class Steps:
    """Calls *report* each time the replay passes another tenth of its
    commits (and once at the end), whatever *feed* is called with."""

    def __init__(self, report: Callback) -> None:
        self.report = report
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        step = _step(done, total)
        if step > self.last and (step > 0 or done == 0):
            self.last = step
            self.report(done, total)


class StatusProgress:
    """The replay's progress through Sphinx's status output."""

    summary = "reading git history... "

    def __init__(self, verbosity: int = 0) -> None:
        # one line updated in place needs a terminal, as for status_iterator
        self.single_line = verbosity < 1 and color_terminal()
        self.steps = Steps(self.show)
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        self.steps(done, total)

    def show(self, done: int, total: int) -> None:
        if self.single_line:
            logger.info("\x1b[2K", nonl=True)
        share = done / total if total else 1.0
        logger.info(bold(self.summary) + f"[{share: >4.0%}] ", nonl=True)
        logger.info(f"{done} of {total} commits", nonl=True, color="darkgreen")
        logger.info("\r" * self.single_line, nonl=self.single_line)
        self.shown = True

    def done(self) -> None:
        """End the line a terminal was updating."""
        if self.shown and self.single_line:
            logger.info("")


def to_stream(stream: IO[str] = sys.stdout) -> Callback:
    """For the second process: each step as a ``done total`` line."""

    def write(done: int, total: int) -> None:
        stream.write(f"{done} {total}\n")
        stream.flush()

    return Steps(write)


def relay(lines: IO[bytes], report: Callback) -> None:
    """Report each ``done total`` line the second process wrote, as it comes
    (anything else is ignored)."""
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            report(int(parts[0]), int(parts[1]))
