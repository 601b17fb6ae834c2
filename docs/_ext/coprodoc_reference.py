"""Reference tables made from coprodoc's own code, so they cannot drift:
every warning type with its explanation, and every configuration value
with its type, default and description."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from coprodoc.config import OPTIONS
from coprodoc.logs import SUBTYPES


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def _table(headers: list[str], rows: list[list[nodes.entry]]) -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _header in headers)
    group += nodes.thead("", nodes.row("", *(_cell(nodes.Text(h)) for h in headers)))
    group += nodes.tbody("", *(nodes.row("", *cells) for cells in rows))
    return table


def _inline_markup(directive: SphinxDirective, text: str) -> list[nodes.Node]:
    """The description, with its ``literal`` parts as literals."""
    parsed, _messages = directive.parse_inline(text.replace("`", "``"))
    return parsed


def _types(types: frozenset[type]) -> str:
    return " or ".join(sorted(t.__name__ for t in types))


class WarningTypes(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows = [
            [
                _cell(nodes.literal("", f"coprodoc.{name}")),
                _cell(*_inline_markup(self, text)),
            ]
            for name, text in SUBTYPES.items()
        ]
        return [_table(["type", "when"], rows)]


class ConfigValues(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows = [
            [
                _cell(nodes.literal("", option.name)),
                _cell(nodes.Text(_types(option.types))),
                _cell(nodes.literal("", repr(option.default))),
                _cell(nodes.Text(option.description)),
            ]
            for option in OPTIONS
        ]
        return [_table(["value", "type", "default", "what it is for"], rows)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("coprodoc-warning-types", WarningTypes)
    app.add_directive("coprodoc-config-values", ConfigValues)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
