"""Typed, located warnings: every problem coprodoc reports goes through here.

All warnings carry ``type="coprodoc"`` and a subtype from :data:`SUBTYPES`, so
``-W`` turns them into errors and ``suppress_warnings = ["coprodoc.<subtype>"]``
silences one kind.  Keeping the list in one place lets the documentation be
checked against the code (see ``tests/test_docs.py``).
"""

from __future__ import annotations

import logging as std_logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, NamedTuple

from sphinx.util import logging

logger = logging.getLogger("coprodoc")

#: Every warning subtype coprodoc emits: a typo in a call is a type error.
Subtype = Literal[
    "registry-missing",
    "registry",
    "duplicate-id",
    "display",
    "consent",
    "consent-review",
    "identifying-id",
    "date",
    "link",
    "unknown-person",
    "unknown-role",
    "missing-by",
    "config",
    "dissent",
    "response",
    "count",
    "protocol",
    "false-unanimity",
    "unknown-decision",
    "unknown-record",
    "readability",
    "jargon",
    "language",
    "language-switch",
    "git",
    "overdue-dissent",
    "unconfirmed-resolution",
    "question-changed",
    "option",
    "content",
    "myst-fence",
    "nesting",
    "hidden-name",
]

#: Every warning subtype, with the one-line explanation the reference
#: documentation shows (made from this table, see docs/_ext).
SUBTYPES: dict[Subtype, str] = {
    "registry-missing": (
        "Sources use contributor ids but the contributors registry file does "
        "not exist; ids are shown exactly as written."
    ),
    "registry": (
        "The contributors registry is not valid YAML, or does not have the "
        "expected shape (a mapping with `people` and `groups` lists)."
    ),
    "duplicate-id": "Two registry entries (people or groups) share one id.",
    "display": (
        "A registry entry has an unknown `display` value, or a display mode it "
        "cannot use (for example `pseudonym` without a pseudonym)."
    ),
    "consent": (
        "A registry entry's consent is unclear (a date that is not a date, "
        "`withdrawn` that is not a date, a misspelt, misplaced or repeated "
        "consent key), or its scope does not cover the chosen display mode; "
        "consent fails closed, so the person is shown as anonymous."
    ),
    "consent-review": (
        "A person's consent review date has passed: ask them again how they "
        "want to be named, and record the new date."
    ),
    "identifying-id": (
        "A registry id contains part of the name of someone who is not shown "
        "by name; ids are visible in page sources, so they must be opaque."
    ),
    "date": (
        "A date is not in the form YYYY-MM-DD, or is not a real date "
        "(`2026-13-01`: there is no month 13)."
    ),
    "link": "A link is not an absolute http(s) URL; it is left out.",
    "unknown-person": (
        "A person or group id is not in the contributors registry. It is shown "
        "as written, unless it looks like the name of someone who is not shown "
        "by name (then it counts as a person who is not named, and the warning "
        "says so); an email address is never an id, and is counted the same way."
    ),
    "unknown-role": "A contribution role is not in the role vocabulary.",
    "missing-by": "A `contribution` directive has no `:by:` option.",
    "config": "A `coprodoc_*` configuration value has the wrong shape.",
    "dissent": "A `dissent` has no content: the position must be recorded.",
    "response": (
        "A `response` is outside a dissent, is recorded on a withdrawn dissent, "
        "or a dissent says it was responded to but has no response."
    ),
    "count": "A decision's vote count is not a whole number.",
    "protocol": (
        "A decision's method differs from the agreed disagreement protocol, or "
        "`disagreement-protocol` is used with no protocol configured."
    ),
    "false-unanimity": (
        "A decision is marked `unanimous` or records 0 against, yet a dissent "
        "that is not withdrawn is recorded against it (or it records votes "
        "against while claiming unanimity)."
    ),
    "unknown-decision": (
        "A dissent's `:decision:` or a decision's `:supersedes:` names no decision."
    ),
    "unknown-record": "A `dissent` or `decision` role names no record.",
    "readability": (
        "A plain-language summary (or, with body checks on, body text) has a "
        "sentence longer than the limit, or a reading age above the target."
    ),
    "jargon": (
        "An acronym is not explained anywhere on its page (nor in the "
        "glossary), or Easy Read text uses an acronym at all."
    ),
    "language": (
        "A labelling term such as 'service users' or 'hard to reach'; the "
        "warning gives a suggestion, a reason and the rule id."
    ),
    "language-switch": (
        "A page's `coprodoc-language-disable` or a passage comment "
        "(`coprodoc-language: off`) names a rule or check that does not exist, "
        "or a `coprodoc-language:` comment is neither `on` nor `off`."
    ),
    "git": (
        "Change history is missing or partial: not a git repository, git not "
        "installed, no commits, a shallow clone or a detached HEAD. Pages say "
        "what is missing. Changes not committed yet are not a warning: each "
        "page that has some is named in Sphinx's progress messages (and as a "
        "note by `coprodoc check`)."
    ),
    "overdue-dissent": (
        "A dissent is still open after the review date of the decision it concerns."
    ),
    "unconfirmed-resolution": (
        "A dissent is marked `resolved`, but no one who raised it confirmed "
        "that: not with `:confirmed-by:` (or `:confirmed-via:` a facilitator, "
        "for an anonymous dissent), nor with their own change in git. The page, "
        "the dissent register and the record say so too."
    ),
    "question-changed": (
        "A decision's `:question:` was changed in git after the decision's "
        "`:date:`: the wording shown is not the one put to the group. The "
        "decision shows that it changed, with a link to the change."
    ),
    "option": (
        "A directive option is not one the directive has (a typo such as "
        "`:limt:`, which is left out), has a value that is not one of those "
        "allowed, or cannot apply (a confirmation on a dissent that is not "
        "resolved)."
    ),
    "content": (
        "A directive that takes no content and no argument (`shaped-by`, "
        "`change-history`, the registers) has some; it is left out, and the "
        "block is still shown."
    ),
    "myst-fence": (
        "In MyST, a block nested in a directive (a `response` in a `dissent`) "
        "uses fences as long as the directive's, so its closing fence closes "
        "the directive too and what follows is swallowed (into a code block, "
        "with backticks); give the outer fence more backticks or colons."
    ),
    "nesting": (
        "A record block is inside another's text (a `decision` inside a "
        "`dissent`), so it is shown as part of it (the dissenter's own words); "
        "a `response` goes in its `dissent`, a `contribution` may go in a "
        "`decision`."
    ),
    "hidden-name": (
        "A page's own text (a sentence, a title, a label, a link, a record's "
        "title or question) names someone who is not shown by name: their "
        "consent was withdrawn or does not cover their name. The name is "
        "published as 'a person who is not named' (in the page, the search "
        "index, the record and the copied source); rewrite the text without it."
    ),
}


class Reported(NamedTuple):
    """One warning (or note) as coprodoc gave it: for ``coprodoc check``,
    which reads these instead of Sphinx's printed text."""

    message: str
    subtype: Subtype
    location: Any
    #: a note (see :func:`note`), never a warning
    note: bool = False


_LISTENERS: list[list[Reported]] = []


@contextmanager
def collecting() -> Iterator[list[Reported]]:
    """Every coprodoc warning given inside the block, as :class:`Reported`."""
    reported: list[Reported] = []
    _LISTENERS.append(reported)
    try:
        yield reported
    finally:
        _LISTENERS.remove(reported)


def warn(message: str, subtype: Subtype, location: Any = None) -> None:
    """Log a coprodoc warning of a registered *subtype* at *location*.

    *location* is anything Sphinx accepts: a node, a ``(docname, line)`` tuple
    or a ``"path:line"`` string.
    """
    if subtype not in SUBTYPES:  # a programming error, caught by the tests
        raise ValueError(f"unregistered coprodoc warning subtype {subtype!r}")
    logger.warning(message, type="coprodoc", subtype=subtype, location=location)
    for reported in _LISTENERS:
        reported.append(Reported(message, subtype, location))


def note(message: str, subtype: Subtype, location: Any = None) -> None:
    """Say something worth knowing that is not a problem: it is shown with
    Sphinx's progress messages (so ``-W`` does not fail and ``-q`` hides
    it), and ``coprodoc check`` reports it as a note, which never fails."""
    if subtype not in SUBTYPES:
        raise ValueError(f"unregistered coprodoc warning subtype {subtype!r}")
    logger.info(message, location=location)
    for reported in _LISTENERS:
        reported.append(Reported(message, subtype, location, note=True))


#: How serious each kind of finding is, for ``coprodoc check --fail-on``.
#: Errors are what makes the record wrong or breaks someone's consent;
#: warnings are advice (language, history gaps) a team may choose to accept.
SEVERITY: dict[str, str] = {
    subtype: "error"
    for subtype in (
        "registry",
        "duplicate-id",
        "display",
        "consent",
        "identifying-id",
        "unknown-person",
        "missing-by",
        "false-unanimity",
        "question-changed",
        "unknown-decision",
        "unknown-record",
        "response",
        "count",
        "date",
        "link",
        "config",
        "myst-fence",
    )
}


class _RedactingFilter(std_logging.Filter):
    """Other tools' warnings quote sources (docutils prints a whole block it
    could not read): a hidden person's name or an address in them is
    redacted, line by line, before any handler prints it or ``-W`` raises
    it, since build logs are often public.  coprodoc's own never hold one."""

    def __init__(self, redact_line: Callable[[str], str]) -> None:
        super().__init__()
        self.redact_line = redact_line

    def filter(self, record: std_logging.LogRecord) -> bool:
        if record.levelno < std_logging.WARNING:
            return True
        if getattr(record, "type", None) == "coprodoc":
            return True
        message = record.getMessage()
        mended = "".join(map(self.redact_line, message.splitlines(True)))
        if mended != message:
            record.msg, record.args = mended, ()
        return True


def redact_other_warnings(redact_line: Callable[[str], str]) -> None:
    """Redact, with *redact_line*, every warning Sphinx's handlers print
    from now on (see :class:`_RedactingFilter`); once per build, replacing
    the last build's."""
    for handler in std_logging.getLogger("sphinx").handlers:
        for old in [f for f in handler.filters if isinstance(f, _RedactingFilter)]:
            handler.removeFilter(old)
        handler.filters.insert(0, _RedactingFilter(redact_line))
