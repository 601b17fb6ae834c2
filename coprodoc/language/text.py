"""The text a reader sees, block by block, with exact source lines.

Only visible prose counts: code, literals, maths, raw markup, comments, the
options coprodoc shows as details, and quotations (block quotes, and text in
quotation marks) are masked.  Recorded words are never checked: a dissent's
position (a block quote) and a response are in the words of the people who
gave them.  Masking keeps lengths and line breaks, so an
offset in the masked text still gives the exact line in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from docutils import nodes
from sphinx import addnodes

from coprodoc.nodes import contributor_ref, response, visible_text
from coprodoc.patterns import compile_later

#: Blocks whose whole content is not prose to check.
SKIPPED_BLOCKS: tuple[type[nodes.Node], ...] = (
    nodes.literal_block,
    nodes.doctest_block,
    nodes.math_block,
    nodes.comment,
    nodes.raw,
    nodes.block_quote,
    nodes.system_message,
    nodes.substitution_definition,
    nodes.field_name,
    addnodes.toctree,
    response,
)
#: Inline nodes whose text is masked.
SKIPPED_INLINES: tuple[type[nodes.Node], ...] = (
    nodes.literal,
    nodes.math,
    nodes.raw,
    nodes.abbreviation,
    nodes.footnote_reference,
    nodes.citation_reference,
    contributor_ref,
    addnodes.pending_xref,
)
#: coprodoc's own generated parts: labels and details come from options.
SKIPPED_CLASSES = frozenset({"coprodoc-label", "coprodoc-details", "coprodoc-position"})
#: Elements that hold a run of prose.
PROSE = (nodes.paragraph, nodes.title, nodes.rubric, nodes.term, nodes.caption)

_QUOTED = compile_later(r"“[^”]*”|\"[^\"\n]*\"|‘[^’\n]*’")


def mask(text: str) -> str:
    """Blank out *text*, keeping its length and line breaks."""
    return re.sub(r"[^\n]", " ", text)


class TextBlock(NamedTuple):
    """One run of prose: its masked text and where it starts in the source."""

    node: nodes.Element
    text: str
    line: int | None
    source: str | None

    def line_at(self, offset: int) -> int | None:
        """The source line of the character at *offset*."""
        if self.line is None:
            return None
        line = self.line + self.text[:offset].count("\n")
        if isinstance(self.node, nodes.title) and not (self.source or "").endswith(
            ".md"
        ):
            line -= 1  # docutils puts rST section titles on their underline
        return line


def skips(node: nodes.Node) -> bool:
    """Whether *node* and everything in it is left out of the checks."""
    return isinstance(node, SKIPPED_BLOCKS) or (
        isinstance(node, nodes.Element)
        and not SKIPPED_CLASSES.isdisjoint(node["classes"])
    )


def _skipped(element: nodes.Element) -> bool:
    node: nodes.Node | None = element
    while node is not None:
        if skips(node):
            return True
        node = node.parent
    return False


def masked_text(element: nodes.Element) -> str:
    """The visible text of *element*, with non-prose parts masked: text
    inside a skipped inline (below *element*) is blanked.  One walk down,
    with whether it is inside one, rather than a walk up from each text."""
    parts = []
    stack: list[tuple[nodes.Node, bool]] = [
        (child, False) for child in reversed(element.children)
    ]
    while stack:
        node, masked = stack.pop()
        if isinstance(node, nodes.Text):
            value = visible_text(node)  # as astext() gives it
            parts.append(mask(value) if masked else value)
        elif isinstance(node, nodes.Element):
            inside = masked or isinstance(node, SKIPPED_INLINES)
            stack.extend((child, inside) for child in reversed(node.children))
    text = "".join(parts)
    if '"' not in text and "“" not in text and "‘" not in text:
        return text  # nothing quoted: the usual case
    return _QUOTED.sub(lambda match: mask(match.group()), text)


def text_blocks(root: nodes.Node) -> Iterator[TextBlock]:
    """Every run of prose under *root*, in document order.

    One walk down the tree, leaving out whole skipped subtrees, rather than
    a walk up from every element: a long page has thousands of them."""
    if isinstance(root, nodes.Element) and _skipped(root):
        return
    stack: list[nodes.Node] = [root]
    while stack:
        element = stack.pop()
        if not isinstance(element, nodes.Element) or skips(element):
            continue
        if isinstance(element, PROSE):
            yield TextBlock(element, masked_text(element), element.line, element.source)
        stack.extend(reversed(element.children))
