"""Collects records from each doctree into the environment, per document."""

from __future__ import annotations

import os
from collections.abc import Set as AbstractSet
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from coprodoc.data import (
    ContributionRecord,
    DecisionRecord,
    DissentRecord,
    Placed,
    Recorded,
    ResponseRecord,
    SummaryRecord,
    get_data,
)
from coprodoc.directives.parts import body_text, position_text
from coprodoc.domain import note_records
from coprodoc.history.attribution import block_end, section_starts
from coprodoc.nodes import (
    LISTINGS,
    PLACEHOLDERS,
    contribution,
    contributor_ref,
    contributors_list,
    decision,
    dissent,
    find_all,
    record_page,
    response,
    summary,
)
from coprodoc.state import note_docs_read, to_write


def enclosing_section(node: nodes.Node) -> nodes.section | None:
    """The innermost section that holds *node*."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def section_anchor(doctree: nodes.document, node: nodes.Node) -> tuple[str, str]:
    """The id and title of the section *node* stands in.

    A block before the first heading belongs to the document's first section,
    so every record can be linked to a place readers can see.
    """
    section = enclosing_section(node) or next(doctree.findall(nodes.section), None)
    if section is None or not section["ids"]:
        return "", ""
    title = section.next_node(nodes.title)
    return section["ids"][0], title.astext() if title is not None else ""


def placement(
    docname: str, doctree: nodes.document, node: nodes.Element
) -> dict[str, Any]:
    """The fields every placed record starts with (see
    :data:`coprodoc.data.Placed`), for the record of *node*."""
    section_id, section_title = section_anchor(doctree, node)
    return {
        "id": node["ids"][0],
        "docname": docname,
        "line": node.line,
        "section_id": section_id,
        "section_title": section_title,
    }


def contribution_record(
    docname: str, doctree: nodes.document, node: contribution
) -> ContributionRecord:
    return ContributionRecord(
        **placement(docname, doctree, node),
        by=tuple(node["by"]),
        roles=tuple(node["roles"]),
        date=node["date"],
        via=node["via"],
        link=node["link"],
        text=body_text(node),
        name=node.get("name"),
    )


def dissent_record(
    docname: str, doctree: nodes.document, node: dissent
) -> DissentRecord:
    responses = tuple(
        ResponseRecord(
            id=child["ids"][0],
            line=child.line,
            by=tuple(child["by"]),
            date=child["date"],
            resolution=child["resolution"],
            text=body_text(child),
        )
        for child in node.children
        if isinstance(child, response)
    )
    return DissentRecord(
        **placement(docname, doctree, node),
        name=node["name"],
        by=tuple(node["by"]),
        date=node["date"],
        status=node["status"],
        decision=node["decision"],
        review=node["review"],
        text=position_text(node),
        responses=responses,
        confirmed_by=tuple(node["confirmed_by"]),
        confirmed=node["confirmed"],
        confirmed_via=tuple(node["confirmed_via"]),
    )


def decision_record(
    docname: str, doctree: nodes.document, node: decision
) -> DecisionRecord:
    return DecisionRecord(
        **placement(docname, doctree, node),
        name=node["name"],
        title=node["title"],
        date=node["date"],
        status=node["status"],
        method=node["method"],
        votes=tuple((option, count) for option, count in node["votes"]),
        deciders=tuple(node["deciders"]),
        review=node["review"],
        supersedes=node["supersedes"],
        text=body_text(node),
        question=node["question"],
        chair=tuple(node["chair"]),
    )


def section_lines(
    env: BuildEnvironment,
    docname: str,
    doctree: nodes.document,
    sections: list[nodes.section] | None = None,
) -> list[tuple[str, str, int | None]]:
    """(id, title, first source line) of every section (*sections*, if the
    caller found them already), in document order.

    The first line is where the title's text (or overline) starts, which is
    what history attribution needs; docutils reports an rST title on its
    underline, so the source is consulted for those.  A section brought in
    by ``include`` has no line in the page's own file (its title's line is
    in the included file's): it has none here, so the section around the
    ``include`` keeps its own lines.
    """
    if sections is None:
        sections = list(doctree.findall(nodes.section))
    path = env.doc2path(docname)
    own = os.path.normcase(os.path.abspath(path))
    found = [
        (
            section["ids"][0],
            title.astext(),
            title.line
            if title.source is None
            or os.path.normcase(os.path.abspath(title.source)) == own
            else None,
        )
        for section in sections
        if section["ids"] and (title := section.next_node(nodes.title)) is not None
    ]
    markdown = str(path).endswith(".md")
    try:
        source = [] if markdown else path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        source = []
    starts = dict(section_starts(found, source, markdown))
    return [(ident, title, starts.get(ident)) for ident, title, _line in found]


def _recorded_role(node: nodes.Element) -> tuple[str, ...]:
    if isinstance(node, contribution):
        return tuple(node["roles"])
    if isinstance(node, summary):
        return ("easy-read",) if node["format"] == "easy-read" else ("summary",)
    return ("response",) if isinstance(node, response) else ("dissent",)


#: The blocks that hold someone's recorded words.
RECORDED = (dissent, response, contribution, summary)


def recorded_spans(
    env: BuildEnvironment, docname: str, found: list[nodes.Element]
) -> list[Recorded]:
    """Source line spans of the blocks (*found*: the page's
    :data:`RECORDED` blocks, in document order) that hold someone's
    recorded words, with the people they name and the role they credit
    (outer blocks first, so a response inside a dissent comes after it and
    wins its lines)."""
    blocks = [node for node in found if node.get("by")]
    if not blocks:
        return []
    path = env.doc2path(docname)
    try:
        source = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    markdown = str(path).endswith(".md")
    return [
        Recorded(
            node.line,
            block_end(source, node.line, markdown),
            tuple(f"p:{ident}" for ident in node["by"]),
            _recorded_role(node),
        )
        for node in blocks
        if node.line and node.source == str(path)
    ]


def summary_record(
    docname: str, doctree: nodes.document, node: summary
) -> SummaryRecord:
    return SummaryRecord(
        **placement(docname, doctree, node),
        format=node["format"],
        audience=node["audience"],
        by=tuple(node["by"]),
        target_age=node["target_age"],
        reading_age=node["reading_age"],
        grade=node["grade"],
        text=body_text(node),
        lang=node.get("lang"),
    )


def listing_sections(
    doctree: nodes.document,
    with_records: set[str],
    lists: list[nodes.Element],
    sections: list[nodes.section],
) -> list[str]:
    """The sections that show the site's own lists (*lists*: the page's
    registers, contributors list, summary coverage, record and disagreement
    protocol) rather than policy text: a section with no record of its own
    (*with_records* are the ids of those that have one) that holds such a
    list, or whose subsections all are such sections (the introduction of
    a registers page).  *sections* are the page's, in document order."""
    holding = {section_anchor(doctree, node)[0] for node in lists}
    if not holding:
        return []
    found: list[str] = []

    def listing(section: nodes.section) -> bool:
        children = [c for c in section.children if isinstance(c, nodes.section)]
        results = [listing(child) for child in children]  # every one, in order
        ident = section["ids"][0] if section["ids"] else ""
        if ident in with_records or not ident:
            return False
        if ident in holding or (results and all(results)):
            found.append(ident)
            return True
        return False

    for top in doctree.children:
        if isinstance(top, nodes.section):
            listing(top)
    chosen = set(found)
    return [
        section["ids"][0]
        for section in sections
        if section["ids"] and section["ids"][0] in chosen
    ]


#: What :meth:`ContributionCollector.process_doc` looks for on a page.
PAGE_KINDS = (
    RECORDED,  # in document order, whatever their kind
    LISTINGS,
    *RECORDED,
    decision,
    nodes.section,
    record_page,
    contributors_list,
    addnodes.pending_xref,
    contributor_ref,
    *PLACEHOLDERS,
)


def _shows_other_pages(found: dict[Any, list[Any]]) -> bool:
    """Whether a page shows what other pages hold: a link to a named record
    (its text comes from the record, which may be on another page), or a
    placeholder for other pages' records."""
    return any(
        node.get("refdomain") == "coprodoc" for node in found[addnodes.pending_xref]
    ) or any(found[kind] for kind in PLACEHOLDERS)


class ContributionCollector(EnvironmentCollector):
    """Stores every coprodoc record keyed by docname."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        get_data(env).clear_doc(docname)

    def merge_other(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        docnames: AbstractSet[str],
        other: BuildEnvironment,
    ) -> None:
        get_data(env).merge(docnames, get_data(other))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        docname = app.env.docname
        data = get_data(app.env)
        found = find_all(doctree, *PAGE_KINDS)  # one walk: long pages are big trees
        contributions = [
            contribution_record(docname, doctree, node) for node in found[contribution]
        ]
        dissents = [dissent_record(docname, doctree, node) for node in found[dissent]]
        decisions = [
            decision_record(docname, doctree, node) for node in found[decision]
        ]
        if contributions:
            data.contributions[docname] = contributions
        if dissents:
            data.dissents[docname] = dissents
        if decisions:
            data.decisions[docname] = decisions
        summaries = [summary_record(docname, doctree, node) for node in found[summary]]
        if summaries:
            data.summaries[docname] = summaries
        sections = found[nodes.section]
        data.sections[docname] = section_lines(app.env, docname, doctree, sections)
        placed: list[Placed] = [*contributions, *dissents, *decisions, *summaries]
        listings = listing_sections(
            doctree,
            {r.section_id for r in placed},
            found[LISTINGS],
            sections,
        )
        if listings:
            data.listings[docname] = listings
        spans = recorded_spans(app.env, docname, found[RECORDED])
        if spans:
            data.recorded[docname] = spans
        mentioned = {node["person"] for node in found[contributor_ref]}
        if mentioned:
            data.mentions[docname] = mentioned
        note_records(app.env, contributions, "contribution")
        note_records(app.env, dissents, "dissent")
        note_records(app.env, decisions, "decision")
        if _shows_other_pages(found):
            data.dependent_pages.add(docname)
        if found[record_page]:
            data.history_pages.add(docname)
        if found[contributors_list]:
            data.shaped_pages.add(docname)
        data.note_digest(docname)

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Rewrite the dependent pages when any record changed or was removed."""
        data = get_data(env)
        digest = data.digest()
        if digest == data.records_digest:
            return []
        data.records_digest = digest
        return to_write(env, data.dependent_pages)


def setup(app: Sphinx) -> None:
    app.add_env_collector(ContributionCollector)
    app.connect("env-before-read-docs", note_docs_read)
