"""Turns placeholders into what readers see, when each page is written.

Names enter doctrees only when pages are written (``doctree-resolved``), so
they are never pickled with the environment and always follow the registry
of the current build (consent withdrawn yesterday is respected today).  Three
handlers do it, in this order, all through :class:`coprodoc.people.People`:
"Shaped by" blocks and change-history tables
(:mod:`coprodoc.directives.shaped_by`), the record page
(:mod:`coprodoc.directives.record`), then this module: cross-page content
(lists, registers, links between records) is filled in first, then every id
in the page, including those that content brought, becomes a name.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from coprodoc.directives.closure import render_closure_note
from coprodoc.directives.contributors import render_contributors
from coprodoc.directives.registers import (
    render_decision_links,
    render_register,
)
from coprodoc.directives.summary import render_coverage
from coprodoc.nodes import (
    closure_note,
    contributor_ref,
    contributors_list,
    coverage,
    decision_links,
    find_all,
    register,
)
from coprodoc.people import people_of


def resolve_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    builder = app.builder
    found = find_all(
        doctree, contributors_list, register, coverage, decision_links, closure_note
    )
    for placeholder in found[contributors_list]:
        placeholder.replace_self(render_contributors(builder, docname, placeholder))
    for reg in found[register]:
        reg.replace_self(render_register(builder, docname, reg))
    for table in found[coverage]:
        table.replace_self(render_coverage(builder, docname, table))
    for links in found[decision_links]:
        links.replace_self(render_decision_links(builder, docname, links) or [])
    for note in found[closure_note]:
        note.replace_self(render_closure_note(app, note) or [])
    # what those brought in names people too
    refs = find_all(doctree, contributor_ref)[contributor_ref]
    if not refs:
        return
    people = people_of(app)
    lines = {id(line): line for ref in refs if _is_by_line(line := ref.parent)}
    for line in lines.values():
        ids = [ref["person"] for ref in line.findall(contributor_ref)]
        del line[:]
        line.extend(people.line_nodes(ids))
    for ref in refs:
        if id(ref.parent) not in lines:
            ref.replace_self(people.node(ref["person"]))


def _is_by_line(node: nodes.Node | None) -> bool:
    return isinstance(node, nodes.Element) and "coprodoc-by" in node["classes"]


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", resolve_doctree)
