"""The ``contribution-record`` directive: the record, for people.

The directive leaves a placeholder, which the page is given at
``doctree-resolved`` from the whole site's data (see
:mod:`coprodoc.record.page`, loaded only when a page shows the record).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from coprodoc.data import get_data
from coprodoc.directives.base import CoprodocDirective
from coprodoc.nodes import find_all, record_page

SCRIPT = "coprodoc-record.js"


class ContributionRecordDirective(CoprodocDirective):
    """The contribution record of the whole site, as tables."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = record_page(
            "",
            ids=[self.unique_id("contribution-record")],
            classes=self.classes("coprodoc-record"),
        )
        return [self.claim(node)]


def resolve_record(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = find_all(doctree, record_page)[record_page]
    if not placeholders:
        return
    from coprodoc.record.page import render_record

    for placeholder in placeholders:
        placeholder.replace_self(render_record(app, docname, placeholder))


def add_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the sorting and filtering script, on record
    pages only."""
    if pagename in get_data(app.env).history_pages:
        app.add_js_file(SCRIPT, defer="defer")


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", resolve_record)
    app.connect("html-page-context", add_script)
