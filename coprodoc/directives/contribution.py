"""The ``contribution`` directive and the ``contributor`` role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxRole

from coprodoc.config import settings
from coprodoc.directives import written
from coprodoc.directives.base import CoprodocDirective
from coprodoc.directives.options import (
    checked_date,
    checked_ids,
    checked_link,
    checked_roles,
    split_list,
)
from coprodoc.directives.parts import body, by_field, field, start_block
from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.nodes import contribution, contributor_ref
from coprodoc.registry import ANONYMOUS


class ContributionDirective(CoprodocDirective):
    """Credits people or groups with a contribution to the current section.

    Usage::

        .. contribution::
           :by: amira, panel
           :role: lived-experience-insight
           :date: 2026-03-01
           :via: workshop

           Suggested paying people on the day, not weeks later.
    """

    block_kind = "contribution"
    nests_in = ("decision",)
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "by": directives.unchanged,
        "role": directives.unchanged,
        "date": directives.unchanged,
        "via": directives.unchanged,
        "link": directives.unchanged,
        "name": directives.unchanged,
        **CoprodocDirective.option_spec,
    }

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        by = split_list(self.options.get("by"))
        if not by:
            warn(
                "contribution has no :by: option; say who contributed, with "
                "person or group ids from the contributors registry"
                + written.missing_by_hint(self),
                "missing-by",
                location,
            )
        checked_ids(self.env, by, self.option_location("by"))
        roles = checked_roles(
            self.env, self.options.get("role"), self.option_location("role")
        )
        date = checked_date(self.options.get("date"), self.option_location("date"))
        via = self.text("via")
        link = checked_link(self.options.get("link"), self.option_location("link"))
        name = self.text("name")
        node = contribution(
            "",
            classes=self.classes("coprodoc-contribution"),
            by=by,
            roles=roles,
            date=date,
            via=via,
            link=link,
            name=name,
        )
        start_block(
            node,
            self.unique_id("contribution", name),
            nodes.strong("", _("Contribution")),
        )
        self.claim(node)
        node += self._details(by, roles, date, via, link)
        if self.content:
            node += body(self.parse_content_to_nodes())
        return [node]

    def _details(
        self,
        by: list[str],
        roles: list[str],
        date: str | None,
        via: str | None,
        link: str | None,
    ) -> nodes.field_list:
        vocabulary = settings(self.env.config).all_roles()
        details = nodes.field_list(classes=["coprodoc-details"])
        if by:
            details += by_field(_("By"), by)
        if roles:
            labels = ", ".join(vocabulary[role].label for role in roles)
            details += field(_("Role"), nodes.Text(labels))
        if date:
            details += field(_("Date"), nodes.Text(date))
        if via:
            details += field(_("Via"), nodes.Text(via))
        if link:
            details += field(_("Link"), nodes.reference(link, link, refuri=link))
        return details


class ContributorRole(SphinxRole):
    """``:contributor:`amira``` names a person or group as the registry allows."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        found = checked_ids(self.env, [self.text.strip()], self.get_location())
        ident = found[0] if len(found) == 1 else ANONYMOUS
        node = contributor_ref(self.rawtext, ident, person=ident)
        self.set_source_info(node)
        return [node], []
