"""The ``dissent`` and ``response`` directives: disagreement on the record.

A dissent is shown where it stands, in full, never folded away: the position
is quoted in the dissenter's own words, followed by the group's responses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from coprodoc.directives import written
from coprodoc.directives.base import CoprodocDirective
from coprodoc.directives.options import (
    checked_choice,
    checked_date,
    checked_ids,
    split_list,
)
from coprodoc.directives.parts import body, by_field, field, start_block
from coprodoc.domain import record_link
from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.nodes import closure_note, dissent, response
from coprodoc.registry import ANONYMOUS
from coprodoc.vocabulary import dissent_statuses, resolutions

_IN_DISSENT = "coprodoc-in-dissent"


def status_badge(label: str, status: str) -> nodes.inline:
    return nodes.inline(
        "", label, classes=["coprodoc-status", f"coprodoc-status-{status}"]
    )


def decision_link(name: str) -> nodes.Node:
    """A link to a decision by name, resolved when the page is written (the
    option it comes from is checked on its own, see ``unknown-decision``)."""
    return record_link("decision", name)


def checked_by(directive: CoprodocDirective, what: str) -> list[str]:
    """The ``:by:`` ids, or ``["anonymous"]`` with a warning when missing."""
    location = directive.get_location()
    by = split_list(directive.options.get("by"))
    if not by:
        warn(
            f"{what} has no :by: option; give person or group ids, or "
            f"'{ANONYMOUS}' if the person asked not to be named"
            + written.missing_by_hint(directive),
            "missing-by",
            location,
        )
        return [ANONYMOUS]
    checked_ids(directive.env, by, directive.option_location("by"))
    return by


class DissentDirective(CoprodocDirective):
    """Records a disagreement next to the text it concerns.

    Usage::

        .. dissent::
           :by: p02
           :date: 2026-04-22
           :status: responded
           :decision: pay-on-the-day

           Vouchers shut out people who need cash for the bus home.

           .. response::
              :by: jo
              :resolution: accommodated

              Cash on the day is now an option.

    A dissent marked ``resolved`` says whether someone who raised it
    confirmed that (``:confirmed-by:``, ``:confirmed:``, or for an anonymous
    dissent ``:confirmed-via:`` a facilitator), or git shows their own
    change marked it resolved; see :mod:`coprodoc.closure`.
    """

    block_kind = "dissent"
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "by": directives.unchanged,
        "date": directives.unchanged,
        "status": directives.unchanged,
        "decision": directives.unchanged,
        "review": directives.unchanged,
        "name": directives.unchanged,
        "confirmed-by": directives.unchanged,
        "confirmed": directives.unchanged,
        "confirmed-via": directives.unchanged,
        **CoprodocDirective.option_spec,
    }

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        statuses = dissent_statuses()
        by = checked_by(self, "dissent")
        status = checked_choice(
            self.options.get("status"),
            statuses,
            self.option_location("status"),
            "status",
        )
        date = checked_date(self.options.get("date"), self.option_location("date"))
        review = checked_date(
            self.options.get("review"), self.option_location("review"), "review"
        )
        decision = self.text("decision")
        name = self.text("name")
        node = dissent(
            "",
            classes=self.classes("coprodoc-dissent", f"coprodoc-status-{status}"),
            name=name,
            by=by,
            date=date,
            status=status,
            decision=decision,
            review=review,
            **self._confirmation(status, location),
        )
        start_block(
            node,
            self.unique_id("dissent", name),
            nodes.strong("", _("Dissent")),
            nodes.Text(" — "),
            status_badge(statuses[status], status),
        )
        self.claim(node)
        node += self._details(node)
        responses = self._content(node, location)
        node.extend(responses)
        self._check_responses(status, responses, location)
        return [node]

    def _details(self, node: dissent) -> nodes.field_list:
        details = nodes.field_list(classes=["coprodoc-details"])
        details += by_field(_("Raised by"), node["by"])
        if node["date"]:
            details += field(_("Date raised"), nodes.Text(node["date"]))
        details += field(_("Status"), nodes.Text(dissent_statuses()[node["status"]]))
        if node["status"] == "resolved":
            # filled in when the page is written, from the options and git
            details += field(
                _("Confirmation"),
                closure_note(
                    kind="dissent", refdoc=self.env.docname, record=node["ids"][0]
                ),
            )
        if node["decision"]:
            details += field(_("Concerns decision"), decision_link(node["decision"]))
        if node["review"]:
            details += field(_("Review by"), nodes.Text(node["review"]))
        return details

    def _confirmation(self, status: str, location: str) -> dict[str, Any]:
        """The confirmation options, checked; given on a dissent that is not
        marked resolved, they confirm nothing, and that is said."""
        found = {
            "confirmed_by": checked_ids(
                self.env,
                split_list(self.options.get("confirmed-by")),
                self.option_location("confirmed-by"),
            ),
            "confirmed": checked_date(
                self.options.get("confirmed"),
                self.option_location("confirmed"),
                "confirmed",
            ),
            "confirmed_via": checked_ids(
                self.env,
                split_list(self.options.get("confirmed-via")),
                self.option_location("confirmed-via"),
            ),
        }
        given = [
            f":{option}:"
            for option in ("confirmed-by", "confirmed", "confirmed-via")
            if (self.options.get(option) or "").strip()
        ]
        if given and status != "resolved":
            warn(
                f"{' and '.join(given)} given, but the dissent's status is "
                f"{status!r}: a confirmation is of a resolution; set :status: "
                "resolved, or take the confirmation out",
                "option",
                location,
            )
        return found

    def _content(self, node: dissent, location: str) -> list[response]:
        """Add the position, quoted; return the nested responses."""
        self.env.temp_data[_IN_DISSENT] = True
        try:
            content = self.parse_content_to_nodes()
        finally:
            self.env.temp_data.pop(_IN_DISSENT, None)
        responses = [child for child in content if isinstance(child, response)]
        position = [child for child in content if not isinstance(child, response)]
        if position:
            quote = nodes.block_quote("", *position)
            node += body(
                [nodes.paragraph("", _("In their own words:")), quote],
                "coprodoc-position",
            )
        else:
            warn(
                "dissent has no content: record the position in the dissenter's "
                "own words",
                "dissent",
                location,
            )
        return responses

    def _check_responses(
        self, status: str, responses: list[response], location: str
    ) -> None:
        if status == "withdrawn" and responses:
            warn(
                "a response is recorded on a withdrawn dissent; record the "
                "response before the withdrawal, or change the status",
                "response",
                f"{responses[0].source}:{responses[0].line}",
            )
        if status in ("responded", "resolved") and not responses:
            warn(
                f"dissent has status {status!r} but no response is recorded; "
                "add a nested response directive",
                "response",
                location,
            )


class ResponseDirective(CoprodocDirective):
    """The group's answer to the dissent it is nested in."""

    block_kind = "response"
    nests_in = ("dissent",)
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "by": directives.unchanged,
        "date": directives.unchanged,
        "resolution": directives.unchanged,
        **CoprodocDirective.option_spec,
    }

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        if not self.env.temp_data.get(_IN_DISSENT):
            warn(
                "response must be nested inside the dissent it answers",
                "response",
                location,
            )
        labels = resolutions()
        by = checked_by(self, "response")
        resolution = checked_choice(
            self.options.get("resolution"),
            labels,
            self.option_location("resolution"),
            "resolution",
        )
        date = checked_date(self.options.get("date"), self.option_location("date"))
        node = response(
            "",
            classes=self.classes(
                "coprodoc-response", f"coprodoc-resolution-{resolution}"
            ),
            by=by,
            date=date,
            resolution=resolution,
        )
        start_block(
            node,
            self.unique_id("response"),
            nodes.strong("", _("Response")),
            nodes.Text(" — "),
            status_badge(labels[resolution], resolution),
        )
        self.claim(node)
        details = nodes.field_list(classes=["coprodoc-details"])
        details += by_field(_("By"), by)
        if date:
            details += field(_("Date"), nodes.Text(date))
        details += field(_("Resolution"), nodes.Text(labels[resolution]))
        node += details
        if self.content:
            node += body(self.parse_content_to_nodes())
        else:
            warn(
                "response has no text: write the group's answer in it, in its "
                "own words",
                "response",
                self.get_location(),
            )
        return [node]
