"""Turns placeholders into what readers see, when each page is written.

This is the only point where registry names enter a doctree, so names are
never pickled with the environment and always follow the registry of the
current build (consent withdrawn yesterday is respected today).  Cross-page
content (lists, registers, links between records) is filled in first, then
every id in the page, including those that content brought, becomes a name.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from coprodoc.directives.contributors import render_contributors
from coprodoc.directives.registers import (
    render_decision_links,
    render_register,
    resolve_record_ref,
)
from coprodoc.directives.summary import render_coverage
from coprodoc.locale import _
from coprodoc.nodes import (
    contributor_ref,
    contributors_list,
    coverage,
    decision_links,
    record_ref,
    register,
)
from coprodoc.state import get_registry


def person_node(app: Sphinx, ident: str) -> nodes.inline:
    """An inline showing *ident* as the registry allows."""
    shown = get_registry(app.env).shown(ident)
    return nodes.inline(
        "", shown.text, classes=["coprodoc-person", f"coprodoc-shown-{shown.kind}"]
    )


def people_line(app: Sphinx, ids: list[str]) -> list[nodes.Node]:
    """Names for a "By" line, with everyone anonymous counted once at the end.

    "Anonymous contributor, Anonymous contributor" says nothing twice; "and 2
    people who are not named" keeps the count honest without naming anyone.
    """
    shown = [person_node(app, ident) for ident in ids]
    named = [
        node for node in shown if "coprodoc-shown-anonymous" not in node["classes"]
    ]
    unnamed = len(shown) - len(named)
    if unnamed > 1 or (unnamed and named):
        text = (
            _("%d people who are not named") % unnamed
            if unnamed > 1
            else _("1 person who is not named")
        )
        named.append(
            nodes.inline(
                "", text, classes=["coprodoc-person", "coprodoc-shown-anonymous"]
            )
        )
    else:
        named = shown
    result: list[nodes.Node] = []
    for index, node in enumerate(named):
        if index:
            result.append(nodes.Text(", "))
        result.append(node)
    return result


def resolve_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    builder = app.builder
    for placeholder in list(doctree.findall(contributors_list)):
        placeholder.replace_self(render_contributors(builder, docname, placeholder))
    for reg in list(doctree.findall(register)):
        reg.replace_self(render_register(builder, docname, reg))
    for table in list(doctree.findall(coverage)):
        table.replace_self(render_coverage(builder, docname, table))
    for links in list(doctree.findall(decision_links)):
        links.replace_self(render_decision_links(builder, docname, links) or [])
    for link in list(doctree.findall(record_ref)):
        link.replace_self(resolve_record_ref(builder, docname, link))
    for element in list(doctree.findall(nodes.Element)):
        if "coprodoc-by" in element["classes"]:
            ids = [ref["person"] for ref in element.findall(contributor_ref)]
            del element[:]
            element.extend(people_line(app, ids))
    for ref in list(doctree.findall(contributor_ref)):
        ref.replace_self(person_node(app, ref["person"]))
