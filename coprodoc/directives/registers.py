"""The ``dissent-register`` and ``decision-register`` directives.

Like the contributors list, each leaves a placeholder that is filled when the
page is written, from every page's records; the page is rewritten whenever
any record changes (see the collector), so a register is never stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.builders import Builder

from coprodoc.closure import confirmation_of, question_changes
from coprodoc.config import settings
from coprodoc.data import (
    CoprodocData,
    DecisionRecord,
    DissentRecord,
    get_data,
    reading_order,
)
from coprodoc.directives.base import CoprodocDirective
from coprodoc.directives.closure import status_label
from coprodoc.directives.decision import votes_text
from coprodoc.directives.options import as_known, split_list
from coprodoc.directives.parts import people_nodes, place_link, table
from coprodoc.language.readability import sentence_spans
from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.nodes import decision_links, register
from coprodoc.suggest import hint
from coprodoc.vocabulary import decision_statuses, dissent_statuses, resolutions


class RegisterDirective(CoprodocDirective):
    """Base of the two registers: a ``:status:`` filter and a placeholder."""

    kind: ClassVar[str]
    statuses: ClassVar[Callable[[], dict[str, str]]]
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "status": directives.unchanged,
        **CoprodocDirective.option_spec,
    }

    def run(self) -> list[nodes.Node]:
        known = type(self).statuses()
        wanted = [
            as_known(status, known) or status
            for status in split_list(self.options.get("status"))
        ]
        for status in wanted:
            if status not in known:
                warn(
                    f":status: {status!r} is not one of {', '.join(known)}"
                    f"{hint(status, known)}; it is ignored",
                    "option",
                    self.option_location("status"),
                )
        node = register(
            "",
            kind=self.kind,
            statuses=[status for status in wanted if status in known],
            ids=[self.unique_id(f"{self.kind}-register")],
            classes=self.classes(f"coprodoc-{self.kind}-register"),
        )
        return [self.claim(node)]


class DissentRegisterDirective(RegisterDirective):
    """Every dissent on the site: section, who, status, response, decision."""

    kind = "dissent"
    statuses = staticmethod(dissent_statuses)


class DecisionRegisterDirective(RegisterDirective):
    """Every decision: method, counts and how many dissents are still open."""

    kind = "decision"
    statuses = staticmethod(decision_statuses)


def _in_reading_order(builder: Builder, records: list[Any]) -> list[Any]:
    position = reading_order(builder.env)
    return sorted(records, key=lambda r: (position.get(r.docname, 0), r.line or 0))


def link(builder: Builder, fromdocname: str, record: Any, text: str) -> nodes.Node:
    return place_link(builder, fromdocname, record.docname, record.id, text)


def _latest_resolution(record: DissentRecord) -> list[nodes.Node]:
    if not record.responses:
        return [nodes.Text(_("No response yet"))]
    latest = record.responses[-1]
    return [nodes.Text(resolutions()[latest.resolution] + " — "), *_by(latest.by)]


#: A position this long or shorter is shown whole in the dissent register;
#: a longer one by its first sentence, with a link to the rest.
WHOLE_POSITION = 240


def position_words(
    builder: Builder, fromdocname: str, record: DissentRecord
) -> list[nodes.Node]:
    """What the dissent says, in the dissenter's own words: whole, or its
    first sentence and a link to the dissent (as ``todolist`` shows each
    todo)."""
    text = " ".join(record.text.split())
    if len(text) <= WHOLE_POSITION:
        return [nodes.Text(text)]
    spans = sentence_spans(text)
    first = text[: spans[1][0]].strip() if len(spans) > 1 else text
    if len(first) > WHOLE_POSITION:
        first = first[:WHOLE_POSITION].rsplit(" ", 1)[0]
    return [
        nodes.Text(first + " … "),
        link(builder, fromdocname, record, _("Read the whole dissent")),
    ]


#: The statuses of a dissent that is not settled yet.
UNRESOLVED = ("open", "responded")


def unresolved_dissents(
    builder: Builder, fromdocname: str, against: list[DissentRecord]
) -> list[nodes.Node]:
    """How many of the dissents against a decision are not resolved yet (open,
    or responded to but not resolved), of how many, with a link to each."""
    statuses = dissent_statuses()
    waiting = [d for d in _in_reading_order(builder, against) if d.status in UNRESOLVED]
    counts = {"unresolved": len(waiting), "total": len(against)}
    result: list[nodes.Node] = [nodes.Text(_("%(unresolved)d of %(total)d") % counts)]
    for index, record in enumerate(waiting):
        result.append(nodes.Text(": " if index == 0 else ", "))
        result.append(link(builder, fromdocname, record, record.section_title))
        result.append(nodes.Text(f" ({statuses[record.status]})"))
    return result


def _by(ids: tuple[str, ...]) -> list[nodes.Node]:
    return [nodes.inline("", "", *people_nodes(list(ids)), classes=["coprodoc-by"])]


def caption(title: str, wanted: list[str], labels: dict[str, str]) -> str:
    """The table caption, saying which statuses a filtered register shows."""
    if not wanted:
        return title
    return f"{title} ({', '.join(labels[status] for status in wanted)})"


def nothing_found(
    none: str, filtered: str, wanted: list[str], labels: dict[str, str]
) -> str:
    """What an empty register says: nothing at all, or nothing with a status."""
    if not wanted:
        return none
    return filtered % ", ".join(labels[status] for status in wanted)


def render_dissent_register(
    builder: Builder, fromdocname: str, placeholder: register
) -> nodes.Element:
    data = get_data(builder.env)
    wanted = placeholder["statuses"]
    labels = dissent_statuses()
    decisions = data.decisions_by_name()
    rows: list[list[list[nodes.Node]]] = []
    for record in _in_reading_order(builder, data.all_dissents()):
        if wanted and record.status not in wanted:
            continue
        target = decisions.get(record.decision) if record.decision else None
        rows.append(
            [
                [link(builder, fromdocname, record, record.section_title)],
                _by(record.by),
                position_words(builder, fromdocname, record),
                [nodes.Text(record.date or "")],
                [
                    nodes.Text(
                        status_label(
                            labels[record.status], confirmation_of(builder.env, record)
                        )
                    )
                ],
                _latest_resolution(record),
                [link(builder, fromdocname, target, target.title)] if target else [],
            ]
        )
    headers = (
        (_("Section"), 13),
        (_("Raised by"), 11),
        (_("In their own words"), 27),
        (_("Date raised"), 9),
        (_("Status"), 14),
        (_("Response"), 14),
        (_("Decision"), 12),
    )
    return table(
        placeholder["ids"],
        placeholder["classes"],
        caption(_("Dissent register"), wanted, labels),
        headers,
        rows,
        nothing_found(
            _("No dissent is recorded."),
            _("No dissent has the status: %s."),
            wanted,
            labels,
        ),
    )


def render_decision_register(
    builder: Builder, fromdocname: str, placeholder: register
) -> nodes.Element:
    data = get_data(builder.env)
    wanted = placeholder["statuses"]
    labels = decision_statuses()
    against = data.dissents_by_decision()
    methods = settings(builder.env.config).all_methods()
    rows: list[list[list[nodes.Node]]] = []
    for record in _in_reading_order(builder, data.all_decisions()):
        if wanted and record.status not in wanted:
            continue
        rows.append(
            [
                [link(builder, fromdocname, record, record.title or record.id)],
                [nodes.Text(question_text(data, record))],
                [nodes.Text(record.date or "")],
                [nodes.Text(labels[record.status])],
                [nodes.Text(methods.get(record.method or "", ""))],
                [nodes.Text(votes_text(list(record.votes)))],
                unresolved_dissents(builder, fromdocname, against[record.name])
                if record.name in against
                else [nodes.Text("0" if record.name else "")],
            ]
        )
    headers = (
        (_("Decision"), 16),
        (_("Question put"), 22),
        (_("Date"), 9),
        (_("Status"), 9),
        (_("Method"), 11),
        (_("Votes"), 14),
        (_("Dissents not resolved (open or responded)"), 19),
    )
    return table(
        placeholder["ids"],
        placeholder["classes"],
        caption(_("Decision register"), wanted, labels),
        headers,
        rows,
        nothing_found(
            _("No decision is recorded."),
            _("No decision has the status: %s."),
            wanted,
            labels,
        ),
    )


def question_text(data: CoprodocData, record: DecisionRecord) -> str:
    """A decision's question as it was put, and whether it was changed after
    the decision (the decision itself shows the change)."""
    if not record.question:
        return ""
    quoted = f"\u201c{record.question}\u201d"  # in quotation marks, as put
    if question_changes(data, record):
        return _("%s (changed after the decision)") % quoted
    return quoted


def render_register(
    builder: Builder, fromdocname: str, placeholder: register
) -> nodes.Element:
    if placeholder["kind"] == "dissent":
        return render_dissent_register(builder, fromdocname, placeholder)
    return render_decision_register(builder, fromdocname, placeholder)


def render_decision_links(
    builder: Builder, fromdocname: str, placeholder: decision_links
) -> list[nodes.Node]:
    """Inside a decision: the dissents against it and its successor, linked."""
    name = placeholder["decision"]
    if not name:
        return []
    data = get_data(builder.env)
    statuses = dissent_statuses()
    result: list[nodes.Node] = []
    dissents = data.dissents_of(name)
    heading = nodes.paragraph(
        "",
        "",
        nodes.strong("", _("Dissent recorded against this decision")),
        classes=["coprodoc-dissent-links"],
    )
    if not dissents:
        heading += nodes.Text(": " + _("none."))
        result.append(heading)
    else:
        items = nodes.bullet_list(classes=["coprodoc-dissent-links"])
        for record in _in_reading_order(builder, dissents):
            text = _("Dissent in “%s”") % record.section_title
            items += nodes.list_item(
                "",
                nodes.paragraph(
                    "",
                    "",
                    link(builder, fromdocname, record, text),
                    nodes.Text(
                        " — "
                        + status_label(
                            statuses[record.status],
                            confirmation_of(builder.env, record),
                        )
                        + " — "
                    ),
                    *_by(record.by),
                ),
            )
        result += [heading, items]
    successors = [d for d in data.all_decisions() if d.supersedes == name]
    for successor in successors:
        result.append(
            nodes.paragraph(
                "",
                "",
                nodes.strong("", _("Superseded by")),
                nodes.Text(": "),
                link(builder, fromdocname, successor, successor.title or successor.id),
            )
        )
    return result
