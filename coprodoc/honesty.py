"""Honesty checks that need every page's records: run once after reading.

Each finding is a typed warning at the record's own file and line.  They run
at ``env-check-consistency``, in the main process, so ``-j`` builds report
them exactly once.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from coprodoc.data import CoprodocData, get_data
from coprodoc.dates import today
from coprodoc.logs import warn
from coprodoc.suggest import hint


def check_records(app: Sphinx, env: BuildEnvironment) -> None:
    data = get_data(env)
    _duplicate_names(data)
    _links(data)
    _false_unanimity(data)
    _overdue_dissents(data)


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
        claims = decision.method == "unanimous" or decision.count("against") == 0
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


def setup(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_records)
