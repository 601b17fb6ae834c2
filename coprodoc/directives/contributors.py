"""The ``contributors`` directive: the registry as a table or list.

The directive leaves a placeholder; :func:`render_contributors` fills it when
the page is written, from every page's records, so the list is always complete
(the page is rewritten whenever any record changes, see the collector).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.builders import Builder

from coprodoc.config import settings
from coprodoc.data import (
    ContributionRecord,
    CoprodocData,
    SummaryRecord,
    get_data,
    reading_order,
)
from coprodoc.directives.base import CoprodocDirective
from coprodoc.directives.options import checked_choice
from coprodoc.directives.parts import place_link, table
from coprodoc.locale import _
from coprodoc.nodes import contributors_list
from coprodoc.people import People, people_in

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
            self.options.get("style"), STYLES, self.option_location("style"), "style"
        )
        node = contributors_list(
            "",
            style=style,
            ids=[self.unique_id("contributors")],
            classes=self.classes("coprodoc-contributors"),
        )
        return [self.claim(node)]


#: A section as the list links to it: (docname, section id, section title).
Place = tuple[str, str, str]
#: Someone git credits with words in a section: (identity key, place).
Shaper = tuple[str, Place]


class Row:
    """One line of the list: a named person, a group, or everyone unnamed."""

    def __init__(self, label: str, kind: str) -> None:
        self.label = label
        self.kind = kind
        self.roles: list[str] = []
        self.sections: list[Place] = []
        self.count = 0

    def add(self, roles: tuple[str, ...], place: Place | None) -> None:
        self.roles.extend(role for role in roles if role not in self.roles)
        if place is not None and not any(s[:2] == place[:2] for s in self.sections):
            self.sections.append(place)


def place_of(record: ContributionRecord | SummaryRecord) -> Place:
    return (record.docname, record.section_id, record.section_title)


def shaped_through_git(data: CoprodocData, order: dict[str, int]) -> list[Shaper]:
    """``(identity key, place)`` for everyone whose words are in a section's
    current text, from git, in reading order."""
    found: list[Shaper] = []
    for docname in sorted(data.history, key=lambda d: (order.get(d, 0), d)):
        titles = {ident: title for ident, title, _l in data.sections.get(docname, [])}
        for section in data.history[docname].sections:
            place = (docname, section.section_id, titles.get(section.section_id, ""))
            found += [(key, place) for key, share in section.shares if share > 0]
    return found


class Rows:
    """The list's rows as they are made: one per person shown by name or
    pseudonym, per group (its members shown only as members), one for
    everyone not named, and one per id or git author the registry does not
    know (shown as the site allows)."""

    def __init__(self, people: People) -> None:
        self.people = people
        self.rows: dict[str, Row] = {}
        self.anonymous = Row(_("Contributors who are not named"), "anonymous")
        #: whom that row stands for: the registry's people who are not named,
        #: and git authors it does not know (each address once, as "Shaped
        #: by" counts them); "anonymous" in a source could be anyone, so it
        #: adds no one to the count
        self.unnamed: set[str] = set()

    def row_for(self, ident: str) -> Row | None:
        """The row *ident* (an id or identity key) is credited on; None for
        a git author the site leaves out."""
        seen = self.people.of(ident)
        if seen.kind == "hidden":
            return None
        if seen.kind in ("name", "pseudonym", "unregistered", "git"):
            key = seen.ref or ident
        elif seen.kind == "group" and seen.group is not None:
            key = seen.group
            seen = self.people.of(seen.group)
        else:
            return self.anonymous
        if key not in self.rows:
            self.rows[key] = Row(seen.text or key, seen.kind)
        return self.rows[key]

    def roles_shown(self, row: Row, ident: str) -> bool:
        """A row that names one person shows roles only if their consent
        covers roles; a group's or everyone-unnamed row singles nobody out."""
        registry = self.people.registry
        person = registry.people.get(ident)
        if row.kind in ("group", "anonymous") or person is None:
            return True
        return registry.roles_visible(person)

    def credit(self, ident: str, roles: tuple[str, ...], place: Place | None) -> None:
        row = self.row_for(ident)
        if row is self.anonymous and ident.startswith("h:"):
            self.unnamed.add(ident)
        if row is not None:
            row.add(roles if self.roles_shown(row, ident) else (), place)

    def ordered(self) -> list[Row]:
        order = {"name": 0, "pseudonym": 0, "group": 1, "unregistered": 3, "git": 3}
        found = sorted(
            (row for row in self.rows.values() if row.roles or row.sections),
            key=lambda row: order[row.kind],
        )
        anonymous = self.anonymous
        if anonymous.count or anonymous.sections:
            found.insert(sum(1 for row in found if order[row.kind] < 3), anonymous)
        return found


def build_rows(
    people: People,
    records: list[ContributionRecord],
    summaries: list[SummaryRecord] | None = None,
    shapers: list[Shaper] | None = None,
) -> list[Row]:
    """Rows in registry order: people shown by name or pseudonym, then groups,
    then one row for everyone not named, then ids the registry does not know
    (and git authors it does not know, when the site shows them).

    A row's sections are those its contributions and summaries stand in and
    those its words shaped in git (*shapers*).  Group-only people are
    credited to their group, and people shown as anonymous share one row, so
    no row can single out a person who asked not to be named.
    """
    rows = Rows(people)
    for person in people.registry:
        if rows.row_for(person.id) is rows.anonymous:
            rows.unnamed.add(person.id)
        rows.credit(person.id, person.roles, None)
    for record in records:
        for ident in record.by:
            rows.credit(ident, record.roles, place_of(record))
    for summary in summaries or []:
        for ident in summary.by:
            rows.credit(ident, (), place_of(summary))
    for key, place in shapers or []:
        rows.credit(key, (), place)
    rows.anonymous.count = len(rows.unnamed)
    return rows.ordered()


def _row_label(row: Row) -> str:
    if row.kind == "anonymous" and row.count:
        return f"{row.label} ({row.count})"
    return row.label


def _sections_nodes(
    builder: Builder,
    fromdocname: str,
    row: Row,
    rank: dict[tuple[str, str], tuple[int, int]],
) -> list[nodes.Node]:
    titles = builder.env.titles
    result: list[nodes.Node] = []
    places = sorted(row.sections, key=lambda p: rank.get(p[:2], (1 << 30, 0)))
    for index, (docname, section_id, section_title) in enumerate(places):
        if index:
            result.append(nodes.Text(", "))
        page = titles[docname].astext() if docname in titles else ""
        title = section_title or page or docname
        if page and page != title:
            # Section titles repeat across pages ("Background"); say which page.
            title = f"{page}: {title}"
        result.append(place_link(builder, fromdocname, docname, section_id, title))
    return result


def render_contributors(
    builder: Builder, fromdocname: str, placeholder: contributors_list
) -> nodes.Node:
    """The table (or list) that replaces a ``contributors`` placeholder."""
    env = builder.env
    data = get_data(env)
    people = people_in(env, builder.name)
    vocabulary = settings(env.config).all_roles()
    position = reading_order(env)
    records = sorted(
        data.all_contributions(),
        key=lambda record: (position.get(record.docname, 0), record.line or 0),
    )
    rows = build_rows(
        people, records, data.all_summaries(), shaped_through_git(data, position)
    )
    # sections in reading order, then in their order on the page
    rank = {
        (docname, ident): (position.get(docname, 0), index)
        for docname, found in data.sections.items()
        for index, (ident, _title, _line) in enumerate(found)
    }

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
                para.extend(_sections_nodes(builder, fromdocname, row, rank))
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
                _sections_nodes(builder, fromdocname, row, rank),
            ]
            for row in rows
        ],
        _("No one is credited yet."),
    )
