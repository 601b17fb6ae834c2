"""Change-history rows and "Shaped by" blocks written straight into
Sphinx's text output.

A change history of hundreds of rows, written by the text writer node by
node (an entry, a paragraph and a text node per cell, each wrapped twice by
:class:`textwrap.TextWrapper`), cost a large site more than its own pages.
:func:`add_rows` gives the writer's table the cells its ``visit_entry``,
paragraph and ``depart_entry`` would give it, so the text is the same
(tests/test_text_table.py compares the two), and skips the wrapper for the
usual cell: one short line.  :func:`add_paragraphs` does the same for the
paragraphs of a "Shaped by" block, one on every section of a long page.
"""

from __future__ import annotations

from typing import Any

from docutils.utils import column_width
from sphinx.writers.text import MAXWIDTH, Cell, my_wrap


def fits(text: str, width: int) -> bool:
    """Whether the text wrapper would give *text* back as it is: one line
    of printable characters, no space at either end, no wider than *width*."""
    if not text or text != text.strip() or not text.isprintable():
        return False
    return (len(text) if text.isascii() else column_width(text)) <= width


def wrap(text: str, width: int) -> list[str]:
    return [text] if fits(text, width) else my_wrap(text, width=width)


class QuickCell(Cell):
    """A cell whose wrapping to its column skips the wrapper when it can."""

    def wrap(self, width: int) -> None:
        line = self.text.removesuffix("\n")
        self.wrapped = [line] if fits(line, width) else my_wrap(self.text, width)


def add_rows(translator: Any, rows: list[list[str]]) -> None:
    """What ``visit_row`` does for each row, and for each cell what
    ``visit_entry``, a paragraph of the cell's text and ``depart_entry``
    do: the text wrapped to the width left, a line break after it."""
    width = MAXWIDTH - sum(translator.stateindent)
    table = translator.table
    for cells in rows:
        if table.lines:
            table.add_row()
        for text in cells:
            table.add_cell(QuickCell("\n".join([*wrap(text, width), ""])))


def add_paragraphs(translator: Any, paragraphs: list[str]) -> None:
    """What ``visit_paragraph``, a text node and ``depart_paragraph`` do for
    each of *paragraphs*: the text wrapped to the width left, then an empty
    line."""
    width = MAXWIDTH - sum(translator.stateindent)
    for text in paragraphs:
        translator.states[-1].append((0, [*wrap(text, width), ""]))
