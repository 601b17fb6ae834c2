"""One walk over a page for the language checks.

The checks need, in document order, every run of prose with what the
passage switches before it turn off, and also what the page explains
(``:abbr:`` roles) and which prose is in a summary.  Each was a walk of its
own over every node of the page; on a site of long pages the walks cost
more than the checks, so they are one.
"""

from __future__ import annotations

from docutils import nodes

from coprodoc.language.switches import Off, Switch, apply, switch_in
from coprodoc.language.text import PROSE, TextBlock, masked_text, skips
from coprodoc.nodes import summary


class PageText:
    """What the language checks read from a page."""

    def __init__(self) -> None:
        #: every run of prose, with the names switched off where it is
        self.blocks: list[tuple[TextBlock, Off]] = []
        #: switches, and the problems of malformed ones, with their nodes
        self.switches: list[tuple[nodes.Element, Switch | None, str | None]] = []
        #: abbreviations the page explains with ``:abbr:``
        self.explained: set[str] = set()
        #: ids of the prose nodes in any summary, and in Easy Read summaries
        self.summarised: set[int] = set()
        self.easy_read: set[int] = set()


def read_page(doctree: nodes.Element) -> PageText:
    """:class:`PageText` of *doctree*, in one walk down it: a switch counts
    wherever it is, prose only outside skipped parts."""
    page = PageText()
    state: frozenset[str] = frozenset()
    off = Off(state)  # one object for every block until a switch changes it
    # (node, inside a skipped part, inside a summary, inside an Easy Read one)
    stack: list[tuple[nodes.Element, bool, bool, bool]] = [
        (doctree, False, False, False)
    ]
    while stack:
        node, skipped, summarised, easy_read = stack.pop()
        switch, problem = switch_in(node)
        if switch is not None or problem is not None:
            page.switches.append((node, switch, problem))
        if switch is not None:
            state = apply(state, switch)
            off = Off(state)
        if isinstance(node, nodes.abbreviation) and node.get("explanation"):
            page.explained.add(node.astext())
        if isinstance(node, summary):
            summarised = True
            easy_read = easy_read or node["format"] == "easy-read"
        skipped = skipped or skips(node)
        if not skipped and isinstance(node, PROSE):
            block = TextBlock(node, masked_text(node), node.line, node.source)
            page.blocks.append((block, off))
            if summarised:
                page.summarised.add(id(node))
            if easy_read:
                page.easy_read.add(id(node))
        stack.extend(  # text nodes hold nothing the walk looks for
            (child, skipped, summarised, easy_read)
            for child in reversed(node.children)
            if isinstance(child, nodes.Element)
        )
    return page
