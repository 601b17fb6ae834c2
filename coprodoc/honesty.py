"""Honesty checks that need every page's records: run once after reading.

Each finding is a typed warning at the record's own file and line.  They run
at ``env-check-consistency``, in the main process, so ``-j`` builds report
them exactly once.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from coprodoc.closure import Confirmation, confirmation, question_changes
from coprodoc.data import CoprodocData, DecisionRecord, DissentRecord, get_data
from coprodoc.dates import today
from coprodoc.logs import warn
from coprodoc.registry import Registry
from coprodoc.state import get_registry
from coprodoc.suggest import hint


def check_records(app: Sphinx, env: BuildEnvironment) -> None:
    data = get_data(env)
    _duplicate_names(data)
    _links(data)
    _false_unanimity(data)
    _overdue_dissents(data)
    _unconfirmed_resolutions(data, get_registry(env))
    _changed_questions(data)


def _duplicate_names(data: CoprodocData) -> None:
    for kind, records in (
        ("dissent", data.all_dissents()),
        ("decision", data.all_decisions()),
    ):
        first: dict[str, tuple[str, int | None]] = {}
        for record in records:
            if not record.name:
                continue
            if record.name in first:
                docname, line = first[record.name]
                warn(
                    f"duplicate {kind} name {record.name!r} (first used in "
                    f"{docname}, line {line}); links and registers need unique names",
                    "duplicate-id",
                    (record.docname, record.line),
                )
            else:
                first[record.name] = (record.docname, record.line)


def _links(data: CoprodocData) -> None:
    decisions = sorted({d.name for d in data.all_decisions() if d.name})
    for dissent in data.all_dissents():
        if dissent.decision and dissent.decision not in decisions:
            warn(
                f"dissent concerns unknown decision {dissent.decision!r}"
                f"{hint(dissent.decision, decisions)}; give the decision's :name:",
                "unknown-decision",
                (dissent.docname, dissent.line),
            )
    for decision in data.all_decisions():
        if decision.supersedes and decision.supersedes not in decisions:
            warn(
                f"decision supersedes unknown decision {decision.supersedes!r}"
                f"{hint(decision.supersedes, decisions)}",
                "unknown-decision",
                (decision.docname, decision.line),
            )


def _false_unanimity(data: CoprodocData) -> None:
    """A decision called unanimous, or with nobody against, yet dissented."""
    dissents = data.dissents_by_decision()
    for decision in data.all_decisions():
        claims = decision.method == "unanimous" or decision.tally("against") == 0
        if not claims or not decision.name:
            continue
        standing = [
            d for d in dissents.get(decision.name, []) if d.status != "withdrawn"
        ]
        if standing:
            claim = (
                "is marked 'unanimous'"
                if decision.method == "unanimous"
                else "records 0 against"
            )
            against = (
                "a dissent is"
                if len(standing) == 1
                else f"{len(standing)} dissents are"
            )
            warn(
                f"decision {decision.name!r} {claim} but {against} recorded "
                "against it; record the votes as they were",
                "false-unanimity",
                (decision.docname, decision.line),
            )


def _overdue_dissents(data: CoprodocData) -> None:
    now = today().isoformat()
    decisions = data.decisions_by_name()
    for dissent in data.all_dissents():
        if dissent.status != "open" or not dissent.decision:
            continue
        decision = decisions.get(dissent.decision)
        if decision and decision.review and decision.review < now:
            warn(
                f"dissent is still open after the review date ({decision.review}) "
                f"of decision {decision.name!r}; respond to it or review the decision",
                "overdue-dissent",
                (dissent.docname, dissent.line),
            )


def _unconfirmed_resolutions(data: CoprodocData, registry: Registry) -> None:
    """A dissent marked resolved that no one who raised it confirmed (see
    :mod:`coprodoc.closure`).  The message names no one: a build log may be
    public, and who marked it resolved is on the page, as consent allows."""
    for dissent in data.all_dissents():
        found = confirmation(dissent, registry, data)
        if found is None or found.confirmed:
            continue
        warn(
            f"dissent{_named(dissent)} is marked resolved, but no one who raised "
            "it has confirmed that; when they agree, record it with "
            ":confirmed-by: and :confirmed: (for an anonymous dissent, "
            f":confirmed-via: the facilitator who asked them){_why(found)}",
            "unconfirmed-resolution",
            (dissent.docname, dissent.line),
        )


def _named(record: DissentRecord | DecisionRecord) -> str:
    return f" {record.name!r}" if record.name else ""


def _why(found: Confirmation) -> str:
    """What else the build knows, in brackets."""
    reasons = []
    if found.outsiders:
        reasons.append(":confirmed-by: names no one who raised it")
    if found.closing is not None:
        reasons.append(
            f"git: change {found.closing.sha[:12]}, which marked it resolved, is "
            "by someone who did not raise it"
        )
    elif found.history == "unnamed":
        reasons.append("give it a :name: so that git can show who marked it resolved")
    elif found.history == "shallow":
        reasons.append(
            "this is a shallow clone: the change that marked it resolved may be "
            "in the missing history"
        )
    return f" ({'; '.join(reasons)})" if reasons else ""


def _changed_questions(data: CoprodocData) -> None:
    for decision in data.all_decisions():
        changes = question_changes(data, decision)
        if not changes:
            continue
        latest = changes[0]
        warn(
            f"the question of decision{_named(decision)} was changed after the "
            f"decision was made ({decision.date}): in change {latest.sha[:12]} "
            f"({latest.date}); the question shown must be the one put to the "
            "group: restore its wording, or record a new decision",
            "question-changed",
            (decision.docname, decision.line),
        )


def setup(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_records)
