"""Layout on narrow screens: coprodoc's tables scroll in their own box.

A table with many columns (a register, the record, a change history) is
wider than a phone's screen; without a box of its own it makes the whole
page scroll sideways.  In HTML every coprodoc table is put in a scroll
region: a ``div`` with ``role="region"``, named by the table's caption, and
``tabindex="0"`` so that keyboard users can scroll it too (WCAG 2.1.1,
axe's ``scrollable-region-focusable``).  This runs last at
``doctree-resolved``, after every table is made.  Other builders lay tables
out themselves and get them as they are.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from coprodoc.nodes import find_all, scroll_region


def is_coprodoc_table(node: nodes.table) -> bool:
    return any(name.startswith("coprodoc-") for name in node["classes"])


def wrap_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (last): each coprodoc table in a scroll region."""
    if app.builder.format != "html":
        return
    for table in find_all(doctree, nodes.table)[nodes.table]:
        if not is_coprodoc_table(table) or isinstance(table.parent, scroll_region):
            continue
        title = next((c for c in table.children if isinstance(c, nodes.title)), None)
        label = title.astext() if title is not None else ""
        parent = table.parent
        index = parent.index(table)
        parent[index] = scroll_region("", table, label=label)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", wrap_tables, priority=900)
