"""The ``shaped-by`` and ``change-history`` directives.

Both leave placeholders that are filled when the page is written, from the
history gathered after reading (see :mod:`coprodoc.history.engine`) and the
contribution records, so they always match the current registry and HEAD.
With ``coprodoc_shaped_by = "auto"`` every section gets a "Shaped by" block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx

from coprodoc.collector import enclosing_section
from coprodoc.config import settings
from coprodoc.data import (
    ChangeInfo,
    CoprodocData,
    DocHistory,
    SectionHistory,
    get_data,
)
from coprodoc.directives.base import CoprodocDirective
from coprodoc.directives.options import (
    MAX_DIGITS,
    checked_choice,
    checked_date,
    is_whole_number,
    shortened,
)
from coprodoc.directives.parts import (
    Code,
    Inline,
    Link,
    html_encode,
    start_block,
    table,
)
from coprodoc.history.changes import change_at, change_list
from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.nodes import (
    change_history,
    find_all,
    html_block,
    shaped_by,
    text_block,
    visible_text,
)
from coprodoc.nodes import shaped_by_block as shaped_by_node
from coprodoc.people import People, people_of
from coprodoc.vocabulary import Role

SCOPES = ("page", "section")


class ShapedByDirective(CoprodocDirective):
    """A "Shaped by" block for the section it stands in."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = shaped_by("")
        self.set_source_info(node)
        return [node]


class ChangeHistoryDirective(CoprodocDirective):
    """A table of the changes to this page (or section), newest first."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "scope": directives.unchanged,
        "limit": directives.unchanged,
        "since": directives.unchanged,
        **CoprodocDirective.option_spec,
    }

    def run(self) -> list[nodes.Node]:
        scope = checked_choice(
            self.options.get("scope"), SCOPES, self.option_location("scope"), "scope"
        )
        limit_text = self.text("limit") or ""
        limit = (
            int(limit_text) if is_whole_number(limit_text) and int(limit_text) else None
        )
        if limit_text and limit is None:
            warn(
                f":limit: {shortened(limit_text)!r} is not a positive whole number "
                f"(of at most {MAX_DIGITS} digits); showing all",
                "option",
                self.option_location("limit"),
            )
        node = change_history(
            "",
            scope=scope,
            limit=limit,
            since=checked_date(
                self.options.get("since"), self.option_location("since"), "since"
            ),
            ids=[self.unique_id("change-history")],
            classes=self.classes("coprodoc-change-history"),
        )
        return [self.claim(node)]


# -- rendering -------------------------------------------------------------


def commit_url(config_value: Any, sha: str) -> str | None:
    if isinstance(config_value, dict):
        template = config_value.get("commit")
        return str(template).format(sha=sha) if template else None
    if isinstance(config_value, str) and config_value:
        base = config_value.rstrip("/")
        if "{sha}" in base:
            return base.format(sha=sha)
        return f"{base}/-/commit/{sha}" if "gitlab" in base else f"{base}/commit/{sha}"
    return None


def pull_url(config_value: Any, number: int) -> str | None:
    if isinstance(config_value, dict):
        template = config_value.get("pull")
        return str(template).format(number=number) if template else None
    if isinstance(config_value, str) and config_value and "{sha}" not in config_value:
        base = config_value.rstrip("/")
        if "gitlab" in base:
            return f"{base}/-/merge_requests/{number}"
        return f"{base}/pull/{number}"
    return None


def role_labels(roles: dict[str, Role], ids: Iterable[str]) -> list[str]:
    return [str(roles[r].label) for r in ids if r in roles]


def shaped_by_entries(
    roles_known: dict[str, Role],
    data: CoprodocData,
    docname: str,
    section_id: str,
    section: SectionHistory | None,
) -> list[tuple[str, str]]:
    """Everyone who shaped a section: git shares (*section*, its history)
    first, then the people its ``contribution`` blocks credit, with their
    roles."""
    roles: dict[str, list[str]] = {}
    order: list[str] = []
    shares: dict[str, float] = {}
    if section is not None:
        for key, share in section.shares:
            shares[key] = share
            order.append(key)
        for key, found in section.roles:
            roles.setdefault(key, []).extend(
                r for r in found if r not in roles.get(key, [])
            )
            if key not in order:
                order.append(key)
    for record in data.contributions.get(docname, []):
        if record.section_id != section_id:
            continue
        for ident in record.by:
            key = f"p:{ident}"
            if key not in order:
                order.append(key)
            listed = roles.setdefault(key, [])
            listed.extend(r for r in record.roles if r not in listed)
    entries = []
    for key in order:
        detail = ", ".join(role_labels(roles_known, roles.get(key, [])))
        if key in shares and len(shares) > 1:
            percent = f"{round(shares[key] * 100)}%"
            detail = f"{detail}, {percent}" if detail else percent
        entries.append((key, detail))
    return entries


class Labels:
    """The labels of a "Shaped by" block, translated once a page rather than
    once a section (a long page has hundreds)."""

    def __init__(self) -> None:
        self.shaped_by = str(_("Shaped by"))
        self.last_changed = str(_("Last changed %s"))
        self.uncommitted = str(_("includes changes not committed yet"))
        self.before = str(_("history before %s not available"))
        self.elsewhere = str(
            _("its text comes from another file, whose history is not counted")
        )


def render_shaped_by(
    app: Sphinx,
    people: People,
    docname: str,
    section_id: str,
    node_id: str,
    roles: dict[str, Role] | None = None,
    labels: Labels | None = None,
) -> nodes.Element | None:
    data = get_data(app.env)
    roles = roles if roles is not None else settings(app).all_roles()
    labels = labels or Labels()
    history = data.history.get(docname)
    section = history.section(section_id) if history else None
    entries = shaped_by_entries(roles, data, docname, section_id, section)
    notes: list[str] = []
    last = _change(app, section.last_change) if section is not None else None
    if last is not None:
        notes.append(labels.last_changed % last.date)
    if section is not None and section.uncommitted:
        notes.append(labels.uncommitted)
    if section is not None and section.before:
        notes.append(labels.before % section.before)
    if history is not None and history.status != "ok" and history.note:
        notes.append(history.note)
    elif (
        history is not None and section is None and _included(data, docname, section_id)
    ):
        notes.append(labels.elsewhere)
    if not entries and not notes:
        return None
    who = people.line(entries) if entries else None
    text = "; ".join(notes)
    said = text[0].upper() + text[1:].rstrip(".") + "." if notes else None
    if app.builder.format == "html":
        return html_block(html=shaped_by_html(node_id, who, said, labels.shaped_by))
    if app.builder.format == "text":
        return text_block(paragraphs=shaped_by_text(who, said, labels.shaped_by))
    return shaped_by_nodes(node_id, who, said)


def _included(data: CoprodocData, docname: str, section_id: str) -> bool:
    """Whether the section has no line in its page's own file: it came in
    with ``include`` (see :func:`coprodoc.collector.section_lines`), and the
    page's git history says nothing about it."""
    return any(
        ident == section_id and line is None
        for ident, _title, line in data.sections.get(docname, ())
    )


def shaped_by_nodes(node_id: str, who: str | None, notes: str | None) -> nodes.Element:
    """The "Shaped by" block: its label, who (one line), then the notes."""
    block = shaped_by_block(node_id)
    if who:
        block += nodes.paragraph("", who, classes=["coprodoc-shaped-by-people"])
    if notes:
        block += nodes.paragraph("", notes, classes=["coprodoc-shaped-by-notes"])
    return block


def shaped_by_html(
    node_id: str, who: str | None, notes: str | None, label: str | None = None
) -> str:
    """:func:`shaped_by_nodes` as Sphinx's HTML writer writes it (compared in
    tests/test_shaped_by_html.py): attributes in order, text escaped as
    docutils escapes it."""
    ident = _encode(node_id)
    out = [
        f'<div aria-labelledby="{ident}-label" class="coprodoc-shaped-by no-search"'
        f' id="{ident}" role="note">\n',
        f'<p class="coprodoc-label" id="{ident}-label">'
        f"<strong>{_encode(label or str(_('Shaped by')))}</strong></p>\n",
    ]
    if who:
        out.append(f'<p class="coprodoc-shaped-by-people">{_encode(who)}</p>\n')
    if notes:
        out.append(f'<p class="coprodoc-shaped-by-notes">{_encode(notes)}</p>\n')
    out.append("</div>\n")
    return "".join(out)


def shaped_by_block(node_id: str) -> nodes.Element:
    # "no-search": every section has one; in the search index they would
    # only make every page match every contributor's name (Sphinx 8.2+)
    block = shaped_by_node("", classes=["coprodoc-shaped-by", "no-search"])
    return start_block(block, node_id, nodes.strong("", _("Shaped by")))


def shaped_by_text(
    who: str | None, notes: str | None, label: str | None = None
) -> list[str]:
    """:func:`shaped_by_nodes` as the text writer gives its paragraphs
    (compared in tests/test_text_table.py)."""
    strong = f"**{label or _('Shaped by')}**"
    return [strong, *(visible_text(text) for text in (who, notes) if text)]


def _encode(text: str) -> str:
    return html_encode(visible_text(text))


_change = change_at


def _changes_for(
    app: Sphinx, history: DocHistory | None, node: change_history
) -> list[ChangeInfo]:
    if history is None:
        return []
    if node["scope"] == "section":
        section = enclosing_section(node)
        found = (
            history.section(section["ids"][0]) if section and section["ids"] else None
        )
        indices = found.changes if found else ()
    else:
        indices = history.changes
    every = change_list(app)  # once: each look-up goes through the build's state
    changes = [
        c for i in indices if 0 <= i < len(every) and (c := every[i]) is not None
    ]
    if node["since"]:
        changes = [c for c in changes if c.date >= node["since"]]
    changes.sort(key=lambda c: c.date, reverse=True)
    return changes[: node["limit"]] if node["limit"] else changes


def change_links(repo_url: Any, change: ChangeInfo) -> list[Inline]:
    """The commit (and pull request) of a change, linked when the site
    says where its repository is."""
    url = commit_url(repo_url, change.sha)
    short = change.sha[:7]
    links: list[Inline] = [Link(short, url) if url else Code(short)]
    if change.pr is not None:
        pr_url = pull_url(repo_url, change.pr)
        label = f"#{change.pr}"
        links += [" · ", Link(label, pr_url) if pr_url else label]
    return links


def change_people(
    change: ChangeInfo, roles_known: dict[str, Role]
) -> list[tuple[str, str]]:
    """Who a change credits: those who share its words, then the others
    with their roles (reviewers, testers...)."""
    sharing = list(dict.fromkeys(k for k, _role, share in change.credits if share))
    extra: dict[str, list[str]] = {}
    for key, role, share in change.credits:
        if not share and key not in sharing:
            extra.setdefault(key, []).extend([role] if role else [])
    return [(key, "") for key in sharing] + [
        (key, ", ".join(role_labels(roles_known, roles)))
        for key, roles in extra.items()
    ]


#: Longer subjects are cut at a word in change-history tables (the record
#: files keep them whole): a pasted paragraph, or a hostile 100 kB, would
#: push every other column out of sight.
SUBJECT_LIMIT = 200


def short_subject(subject: str) -> str:
    """*subject*, cut to :data:`SUBJECT_LIMIT` characters at a word, with an
    ellipsis; subjects are redacted before they are cut."""
    if len(subject) <= SUBJECT_LIMIT:
        return subject
    cut = subject[:SUBJECT_LIMIT]
    space = cut.rfind(" ")
    if space > SUBJECT_LIMIT // 2:
        cut = cut[:space]
    return cut.rstrip() + "\N{HORIZONTAL ELLIPSIS}"


def render_change_history(
    app: Sphinx,
    docname: str,
    node: change_history,
    people: People | None = None,
    roles: dict[str, Role] | None = None,
) -> nodes.Element:
    history = get_data(app.env).history.get(docname)
    people = people or people_of(app)
    config = settings(app)
    roles_known = roles if roles is not None else config.all_roles()
    show_subjects = config.commit_subjects != "hidden"
    rows: list[list[list[Inline]]] = []
    for change in _changes_for(app, history, node):
        row: list[list[Inline]] = [
            [change.date],
            [people.line(change_people(change, roles_known))],
            [short_subject(change.subject)],
            change_links(config.repo_url, change),
        ]
        rows.append(row if show_subjects else row[:2] + row[3:])
    if history is not None and history.status != "ok":
        empty = history.note
    else:
        empty = _("No changes are recorded.")
    headers = [(_("Date"), 12), (_("Who"), 30), (_("What"), 40), (_("Links"), 18)]
    if not show_subjects:
        del headers[2]
    caption = (
        _("Changes to this section")
        if node["scope"] == "section"
        else _("Changes to this page")
    )
    classes = [*node["classes"], "no-search"]  # as for "Shaped by" blocks
    builder_format = app.builder.format
    result = table(node["ids"], classes, caption, headers, rows, empty, builder_format)
    if history is not None and history.before:
        note = nodes.paragraph(
            "",
            _("History before %s is not available (shallow clone).") % history.before,
            classes=["coprodoc-history-note"],
        )
        return nodes.container("", result, note)
    return result


#: Builders that write each page from its own doctree; the others (singlehtml,
#: latex, texinfo, man, and any unknown) may merge pages into one.
ONE_PAGE_BUILDERS = frozenset(
    {"html", "dirhtml", "epub", "text", "gettext", "xml", "pseudoxml", "json"}
    | {"pickle", "dummy", "linkcheck", "coprodoc-record"}
)


def page_of_nodes(doctree: nodes.document, docname: str) -> dict[int, str]:
    """Which page each node comes from, by ``id(node)``.

    Single-page, LaTeX and Texinfo output merge every page into one doctree,
    marking each page with a ``start_of_file`` node.  Sphinx moves the page's
    nodes under it without updating their parents, so this walks down from
    the markers rather than up from the nodes.  Innermost marker wins.
    """
    pages: dict[int, str] = {}
    for marker in find_all(doctree, addnodes.start_of_file)[addnodes.start_of_file]:
        for node in marker.findall(nodes.Element, include_self=False):
            pages[id(node)] = str(marker["docname"])
    return pages


def resolve_history(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill ``shaped-by`` and ``change-history`` placeholders; in auto mode,
    add a "Shaped by" block to every section that has none."""
    one_page = app.builder.name in ONE_PAGE_BUILDERS
    pages = {} if one_page else page_of_nodes(doctree, docname)
    people = people_of(app)  # once per page, not once per section
    roles = settings(app).all_roles()
    labels = Labels()
    found = find_all(doctree, change_history, shaped_by, nodes.section)

    def source_doc(node: nodes.Node, default: str) -> str:
        return pages.get(id(node), default)

    for table_node in found[change_history]:
        page = source_doc(table_node, docname)
        table_node.replace_self(
            render_change_history(app, page, table_node, people, roles)
        )
    explicit: set[tuple[str, str]] = set()
    for index, node in enumerate(found[shaped_by]):
        page = source_doc(node, docname)
        section = enclosing_section(node)
        section_id = section["ids"][0] if section is not None and section["ids"] else ""
        explicit.add((page, section_id))
        block = render_shaped_by(
            app, people, page, section_id, f"shaped-by-{index + 1}", roles, labels
        )
        node.replace_self(block if block is not None else [])
    if settings(app).shaped_by != "auto":
        return
    for index, section in enumerate(found[nodes.section]):
        page = source_doc(section, docname)
        if not section["ids"] or (page, section["ids"][0]) in explicit:
            continue
        block = render_shaped_by(
            app,
            people,
            page,
            section["ids"][0],
            f"shaped-by-auto-{index + 1}",
            roles,
            labels,
        )
        if block is None:
            continue
        # After the section's own text, before its first subsection.
        position = next(
            (
                i
                for i, child in enumerate(section.children)
                if isinstance(child, nodes.section)
            ),
            len(section.children),
        )
        section.insert(position, block)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", resolve_history)
