"""The ``decision`` and ``disagreement-protocol`` directives.  The roles that
link to records by name are the ``coprodoc`` domain's (see
:mod:`coprodoc.domain`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from coprodoc.config import settings
from coprodoc.directives.base import CoprodocDirective
from coprodoc.directives.dissent import decision_link, status_badge
from coprodoc.directives.options import (
    as_known,
    checked_choice,
    checked_count,
    checked_date,
    checked_ids,
    split_list,
)
from coprodoc.directives.parts import body, by_field, field, start_block
from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.nodes import closure_note, decision, decision_links, protocol
from coprodoc.suggest import hint
from coprodoc.vocabulary import decision_statuses, vote_labels


def votes_text(votes: list[tuple[str, int]]) -> str:
    """``[("for", 9), ("against", 1)]`` → ``"9 for, 1 against"``."""
    labels = vote_labels()
    return ", ".join(f"{count} {labels[option]}" for option, count in votes)


class DecisionDirective(CoprodocDirective):
    """Records a decision and how it was actually made.

    Usage::

        .. decision:: Pay on the day
           :name: pay-on-the-day
           :date: 2026-05-14
           :status: accepted
           :method: majority
           :for: 9
           :against: 2
           :abstain: 1
           :question: Should we pay in cash on the day to anyone who asks?
           :chair: jo

           We pay in cash on the day to anyone who asks.

    ``:question:`` is the wording put to the group, shown as given (a
    question framed one way can steer a group another); ``:chair:`` who put
    it.  A change to the question after the decision's date is shown, with
    the change (see :mod:`coprodoc.closure`).
    """

    block_kind = "decision"
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "name": directives.unchanged,
        "date": directives.unchanged,
        "status": directives.unchanged,
        "method": directives.unchanged,
        "for": directives.unchanged,
        "against": directives.unchanged,
        "abstain": directives.unchanged,
        "block": directives.unchanged,
        "deciders": directives.unchanged,
        "review": directives.unchanged,
        "supersedes": directives.unchanged,
        "question": directives.unchanged,
        "chair": directives.unchanged,
        **CoprodocDirective.option_spec,
    }

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        name = self.text("name")
        status = checked_choice(
            self.options.get("status"),
            decision_statuses(),
            self.option_location("status"),
            "status",
        )
        deciders = split_list(self.options.get("deciders"))
        checked_ids(self.env, deciders, self.option_location("deciders"))
        chair = split_list(self.options.get("chair"))
        checked_ids(self.env, chair, self.option_location("chair"))
        question = " ".join((self.options.get("question") or "").split()) or None
        node = decision(
            "",
            classes=self.classes("coprodoc-decision", f"coprodoc-status-{status}"),
            name=name,
            title=self.arguments[0].strip() if self.arguments else (name or ""),
            date=checked_date(self.options.get("date"), self.option_location("date")),
            status=status,
            method=self._method(),
            votes=self._votes(),
            deciders=deciders,
            review=checked_date(
                self.options.get("review"), self.option_location("review"), "review"
            ),
            supersedes=self.text("supersedes"),
            question=question,
            chair=chair,
        )
        self._check_unanimity(node, location)
        if not node["title"] and not self.content:
            warn(
                "decision says nothing: write what was decided as its title, "
                "after the directive's name, or in its text",
                "content",
                location,
            )
        start_block(node, self.unique_id("decision", name), *self._label(node))
        self.claim(node)
        node += self._details(node)
        if self.content:
            node += body(self.parse_content_to_nodes())
        node += decision_links("", decision=name)
        return [node]

    def _votes(self) -> list[tuple[str, int]]:
        counts = (
            (option, checked_count(value, self.option_location(option), option))
            for option in vote_labels()
            if (value := self.options.get(option)) is not None
        )
        return [(option, count) for option, count in counts if count is not None]

    def _check_unanimity(self, node: decision, location: str) -> None:
        against = ("against", "block")
        if node["method"] == "unanimous" and any(
            count for option, count in node["votes"] if option in against
        ):
            warn(
                "decision is marked 'unanimous' but records votes against or "
                "blocks; record the method that was actually used",
                "false-unanimity",
                location,
            )

    def _label(self, node: decision) -> list[nodes.Node]:
        status = node["status"]
        label: list[nodes.Node] = [nodes.strong("", _("Decision"))]
        if node["title"]:
            label.append(nodes.Text(": " + node["title"]))
        label += [
            nodes.Text(" — "),
            status_badge(decision_statuses()[status], status),
        ]
        return label

    def _details(self, node: decision) -> nodes.field_list:
        details = nodes.field_list(classes=["coprodoc-details"])
        if node["date"]:
            details += field(_("Date"), nodes.Text(node["date"]))
        details += field(_("Status"), nodes.Text(decision_statuses()[node["status"]]))
        if node["question"]:
            details += self._question(node)
        if node["chair"]:
            details += by_field(_("Chaired by"), node["chair"])
        if node["method"]:
            label_of = settings(self.env).all_methods()
            details += field(_("Method"), nodes.Text(label_of[node["method"]]))
        if node["votes"]:
            details += field(_("Votes"), nodes.Text(votes_text(node["votes"])))
        if node["deciders"]:
            details += by_field(_("Decided by"), node["deciders"])
        if node["review"]:
            details += field(_("Review by"), nodes.Text(node["review"]))
        if node["supersedes"]:
            details += field(_("Supersedes"), decision_link(node["supersedes"]))
        return details

    def _question(self, node: decision) -> nodes.field:
        """The question as given, in quotation marks, never reworded; and a
        place for what git says about changes to it."""
        question = nodes.paragraph(
            "",
            "",
            nodes.Text("\N{LEFT DOUBLE QUOTATION MARK}"),
            nodes.inline("", node["question"], classes=["coprodoc-question-text"]),
            nodes.Text("\N{RIGHT DOUBLE QUOTATION MARK}"),
            classes=["coprodoc-question"],
        )
        note = closure_note(
            kind="question", refdoc=self.env.docname, record=node["ids"][0]
        )
        return nodes.field(
            "",
            nodes.field_name("", _("Question put")),
            nodes.field_body("", question, note),
        )

    def _method(self) -> str | None:
        value = (self.options.get("method") or "").strip()
        if not value:
            return None
        location = self.option_location("method")
        methods = settings(self.env.config).all_methods()
        value = as_known(value, methods) or value
        if value not in methods:
            warn(
                f":method: {value!r} is not a known decision method"
                f"{hint(value, methods)}; known: {', '.join(methods)} (add your "
                "own with coprodoc_decision_methods)",
                "option",
                location,
            )
            return None
        agreed = settings(self.env.config).protocol_methods()
        if agreed and value not in agreed:
            warn(
                f"decision method {value!r} differs from the disagreement protocol "
                f"the group agreed ({', '.join(agreed)}); say why in the decision, "
                "or update the protocol",
                "protocol",
                location,
            )
        return value


class ProtocolDirective(CoprodocDirective):
    """Shows the disagreement protocol from ``coprodoc_disagreement_protocol``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        agreement = settings(self.env).disagreement_protocol
        node = protocol("", classes=self.classes("coprodoc-protocol"))
        start_block(
            node,
            self.unique_id("disagreement-protocol"),
            nodes.strong("", _("Disagreement protocol")),
        )
        self.claim(node)
        if agreement is None:
            warn(
                "disagreement-protocol: no protocol is configured; set "
                "coprodoc_disagreement_protocol in conf.py",
                "protocol",
                self.get_location(),
            )
            node += nodes.paragraph(
                "", _("No disagreement protocol has been recorded yet.")
            )
            return [node]
        labels = settings(self.env).all_methods()
        details = nodes.field_list(classes=["coprodoc-details"])
        details += field(
            _("Method"),
            nodes.Text(", ".join(labels.get(m, m) for m in agreement.methods)),
        )
        if agreement.agreed:
            details += field(_("Agreed on"), nodes.Text(agreement.agreed))
        else:  # written down, but not (yet) agreed: never shown as agreed
            details += field(_("Status"), nodes.Text(_("Proposed, not agreed yet")))
        node += details
        if agreement.text:
            node += body(
                [
                    nodes.paragraph("", part.strip())
                    for part in agreement.text.split("\n\n")
                ]
            )
        return [node]
