"""The ``contributors`` directive: the registry as a table or list.

The directive leaves a placeholder; :func:`render_contributors` fills it when
the page is written, from every page's records, so the list is always complete
(the page is rewritten whenever any record changes, see the collector).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.builders import Builder
from sphinx.util.nodes import make_refnode

from coprodoc.config import settings
from coprodoc.data import ContributionRecord, get_data, reading_order
from coprodoc.directives.base import CoprodocDirective
from coprodoc.directives.options import checked_choice
from coprodoc.directives.parts import table
from coprodoc.locale import _
from coprodoc.nodes import contributors_list
from coprodoc.people import People
from coprodoc.state import get_registry

STYLES = ("table", "list")


class ContributorsDirective(CoprodocDirective):
    """Lists everyone in the registry, with roles and the sections they shaped."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "style": directives.unchanged,
        **CoprodocDirective.option_spec,
    }

    def run(self) -> list[nodes.Node]:
        style = checked_choice(
            self.options.get("style"), STYLES, self.get_location(), "style"
        )
        node = contributors_list(
            "",
            style=style,
            ids=[self.unique_id("contributors")],
            classes=self.classes("coprodoc-contributors"),
        )
        return [self.claim(node)]


@dataclass
class Row:
    """One line of the list: a named person, a group, or everyone unnamed."""

    label: str
    kind: str
    roles: list[str] = field(default_factory=list)
    sections: list[ContributionRecord] = field(default_factory=list)
    count: int = 0

    def add(self, roles: tuple[str, ...], record: ContributionRecord | None) -> None:
        self.roles.extend(role for role in roles if role not in self.roles)
        if record is not None and not any(
            (s.docname, s.section_id) == (record.docname, record.section_id)
            for s in self.sections
        ):
            self.sections.append(record)


def build_rows(people: People, records: list[ContributionRecord]) -> list[Row]:
    """Rows in registry order: people shown by name or pseudonym, then groups,
    then one row for everyone not named, then ids the registry does not know.

    Group-only people are credited to their group, and people shown as
    anonymous share one row, so no row can single out a person who asked not
    to be named.
    """
    registry = people.registry
    rows: dict[str, Row] = {}
    anonymous = Row(_("Contributors who are not named"), "anonymous")

    def row_for(ident: str) -> Row:
        seen = people.of(ident)
        if seen.kind in ("name", "pseudonym", "unregistered"):
            key = ident
        elif seen.kind == "group" and seen.group is not None:
            key = seen.group
            seen = people.of(seen.group)
        else:
            return anonymous
        if key not in rows:
            rows[key] = Row(seen.text or key, seen.kind)
        return rows[key]

    def roles_shown(row: Row, ident: str) -> bool:
        # A row that names one person shows roles only if their consent covers
        # roles; a group's or everyone-unnamed row singles nobody out.
        person = registry.people.get(ident)
        if row.kind in ("group", "anonymous") or person is None:
            return True
        return registry.roles_visible(person)

    for person in registry:
        row = row_for(person.id)
        if row is anonymous:
            anonymous.count += 1
        if roles_shown(row, person.id):
            row.add(person.roles, None)
    for record in records:
        for ident in record.by:
            row = row_for(ident)
            row.add(record.roles if roles_shown(row, ident) else (), record)

    order = {"name": 0, "pseudonym": 0, "group": 1, "unregistered": 3}
    ordered = sorted(
        (row for row in rows.values() if row.roles or row.sections),
        key=lambda row: order[row.kind],
    )
    if anonymous.count or anonymous.sections:
        ordered.insert(sum(1 for row in ordered if order[row.kind] < 3), anonymous)
    return ordered


def _row_label(row: Row) -> str:
    if row.kind == "anonymous" and row.count:
        return f"{row.label} ({row.count})"
    return row.label


def _sections_nodes(builder: Builder, fromdocname: str, row: Row) -> list[nodes.Node]:
    titles = builder.env.titles
    result: list[nodes.Node] = []
    for index, record in enumerate(row.sections):
        if index:
            result.append(nodes.Text(", "))
        page = titles[record.docname].astext() if record.docname in titles else ""
        title = record.section_title or page or record.docname
        if page and page != title:
            # Section titles repeat across pages ("Background"); say which page.
            title = f"{page}: {title}"
        result.append(
            make_refnode(
                builder,
                fromdocname,
                record.docname,
                record.section_id,
                nodes.inline("", title),
                title,
            )
        )
    return result


def render_contributors(
    builder: Builder, fromdocname: str, placeholder: contributors_list
) -> nodes.Node:
    """The table (or list) that replaces a ``contributors`` placeholder."""
    env = builder.env
    people = People(get_registry(env), settings(env).unknown_contributors)
    vocabulary = settings(env.config).all_roles()
    position = reading_order(env)
    records = sorted(
        get_data(env).all_contributions(),
        key=lambda record: (position.get(record.docname, 0), record.line or 0),
    )
    rows = build_rows(people, records)

    def role_text(row: Row) -> str:
        return ", ".join(
            vocabulary[r].label if r in vocabulary else r for r in row.roles
        )

    if placeholder["style"] == "list":
        bullets = nodes.bullet_list(
            ids=placeholder["ids"], classes=placeholder["classes"]
        )
        for row in rows:
            para = nodes.paragraph("", "", nodes.strong("", _row_label(row)))
            if row.roles:
                para += nodes.Text(" — " + role_text(row))
            if row.sections:
                para += nodes.Text(" — " + _("Sections") + ": ")
                para.extend(_sections_nodes(builder, fromdocname, row))
            bullets += nodes.list_item("", para)
        return bullets

    return table(
        placeholder["ids"],
        placeholder["classes"],
        _("Contributors"),
        ((_("Contributor"), 30), (_("Roles"), 30), (_("Sections"), 40)),
        [
            [
                [nodes.Text(_row_label(row))],
                [nodes.Text(role_text(row))],
                _sections_nodes(builder, fromdocname, row),
            ]
            for row in rows
        ],
        _("No one is credited yet."),
    )
