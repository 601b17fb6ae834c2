"""Change-history rows and "Shaped by" blocks written straight into
Sphinx's text output.

A change history of hundreds of rows, written by the text writer node by
node (an entry, a paragraph and a text node per cell, each wrapped twice by
:class:`textwrap.TextWrapper`), cost a large site more than its own pages.
:func:`add_rows` gives the writer's table the cells its ``visit_entry``,
paragraph and ``depart_entry`` would give it, so the text is the same
(tests/test_text_table.py compares the two), and skips the wrapper for the
usual cell: one short line; :class:`QuickTable` then draws the table.
:func:`add_paragraphs` does the same for the paragraphs of a "Shaped by"
block, one on every section of a long page.
"""

from __future__ import annotations

import math
from typing import Any

from docutils.utils import column_width
from sphinx.writers.text import MAXWIDTH, Cell, Table, my_wrap


def width_of(text: str) -> int:
    """Columns *text* takes, as docutils' ``column_width`` counts them: for
    ASCII (commit ids, dates, most subjects) its length, found at once."""
    return len(text) if text.isascii() else column_width(text)


def fits(text: str, width: int) -> bool:
    """Whether the text wrapper would give *text* back as it is: one line
    of printable characters, no space at either end, no wider than *width*."""
    if not text or text != text.strip() or not text.isprintable():
        return False
    return width_of(text) <= width


def wrap(text: str, width: int) -> list[str]:
    return [text] if fits(text, width) else my_wrap(text, width=width)


class QuickCell(Cell):
    """A cell whose wrapping to its column skips the wrapper when it can."""

    def wrap(self, width: int) -> None:
        line = self.text.removesuffix("\n")
        self.wrapped = [line] if fits(line, width) else my_wrap(self.text, width)


class QuickTable(Table):
    """Sphinx's text table with rows padded in constant time, and drawn
    here when no cell spans.  ``Table`` pads every line whenever a cell is
    looked up, so a table of R rows cost R squared lookups (5 s under the
    profiler for the 800 change histories of a large site), and measures
    every character of every cell twice.  Here every line is kept as wide
    as the widest (new lines are made that wide), which is what ``Table``
    has done by the time it draws a table without spanning cells; ASCII is
    measured by its length.  Tables with spanning cells: Sphinx draws them."""

    def __init__(self, colwidth: list[int] | None = None) -> None:
        super().__init__(colwidth)
        self.padded = 0

    @classmethod
    def taking_over(cls, table: Table) -> QuickTable:
        """The same table (header and column widths so far), quicker."""
        if isinstance(table, QuickTable):
            return table
        quick = cls(table.colwidth)
        quick.lines, quick.separator = table.lines, table.separator
        quick.current_line, quick.current_col = table.current_line, table.current_col
        quick._ensure_has_column(max(map(len, table.lines), default=0))
        return quick

    def _ensure_has_line(self, line: int) -> None:
        while len(self.lines) < line:
            self.lines.append([Cell() for _column in range(self.padded)])

    def _ensure_has_column(self, col: int) -> None:
        if col > self.padded:
            super()._ensure_has_column(col)
            self.padded = col

    def rewrap(self) -> None:
        """``Table.rewrap``, measuring lines with :func:`width_of`."""
        self.measured_widths = self.colwidth[:]
        for cell in self.cells:
            cell.wrap(width=self.cell_width(cell, self.colwidth))
            if not cell.wrapped or cell.col is None:
                continue
            width = math.ceil(max(map(width_of, cell.wrapped)) / cell.colspan)
            for column in range(cell.col, cell.col + cell.colspan):
                self.measured_widths[column] = max(self.measured_widths[column], width)

    def __str__(self) -> str:
        """What ``Table.__str__`` draws for a table without spanning cells
        (a change history): a rule between rows, ``=`` under the header,
        each cell padded to its column.  Any other table: Sphinx draws it."""
        # every cell, the empty ones too (``cells`` leaves those out)
        spans = any(c.rowspan != 1 or c.colspan != 1 for li in self.lines for c in li)
        if spans or not self.colwidth:
            return super().__str__()
        self.rewrap()
        widths = self.measured_widths

        def rule(char: str) -> str:
            joint = "+" if char == "-" else "|"
            return joint + joint.join(char * (width + 2) for width in widths) + joint

        out = []
        for number, line in enumerate(self.lines):
            header_ends = self.separator and number == self.separator
            out.append(rule("=" if header_ends else "-"))
            for physical in range(self.physical_lines_for_line(line)):
                drawn = ["|"]
                for column, cell in enumerate(line):
                    if cell.col != column:
                        continue
                    found = cell.row == number and physical < len(cell.wrapped)
                    text = cell.wrapped[physical] if found else ""
                    pad = widths[column] + 1 + len(text) - width_of(text)
                    drawn.append(f" {text.ljust(pad)}|")
                out.append("".join(drawn))
        out.append(rule("-"))
        return "\n".join(out)


def add_rows(translator: Any, rows: list[list[str]]) -> None:
    """What ``visit_row`` does for each row, and for each cell what
    ``visit_entry``, a paragraph of the cell's text and ``depart_entry``
    do: the text wrapped to the width left, a line break after it."""
    width = MAXWIDTH - sum(translator.stateindent)
    table = translator.table = QuickTable.taking_over(translator.table)
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
