"""What every coprodoc directive shares: plain-text options, unique ids.

Options are read as plain text and checked by the directive (see
:mod:`coprodoc.directives.options`), so a bad value gives a typed
``coprodoc.*`` warning instead of an untyped docutils error.  Ids are unique
in the document: a record named ``cash-safety`` is ``dissent-cash-safety``,
an unnamed one ``dissent-1``, ``dissent-2``, ... and an id a section already
has ("Contribution 1" → ``contribution-1``) is never reused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective


class CoprodocDirective(SphinxDirective):
    """Base of coprodoc's directives."""

    #: every directive takes ``:class:``, as docutils' own do
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "class": directives.class_option,
    }

    def text(self, option: str) -> str | None:
        """A text option, stripped; None when it is missing or empty."""
        return (self.options.get(option) or "").strip() or None

    def classes(self, *own: str) -> list[str]:
        """The directive's own classes, then those given with ``:class:``."""
        return [*own, *self.options.get("class", [])]

    def unique_id(self, prefix: str, name: str | None = None) -> str:
        """An id no other element of the document has (see the module)."""
        document = self.state.document
        # Every block takes a number, named or not, so an unnamed block keeps
        # its id when another one gets a name.
        number = self.env.new_serialno(f"coprodoc-{prefix}") + 1
        candidate = nodes.make_id(f"{prefix}-{name}") if name else f"{prefix}-{number}"
        while candidate in document.ids:
            number = self.env.new_serialno(f"coprodoc-{prefix}") + 1
            candidate = f"{prefix}-{number}"
        return candidate

    def claim(self, node: nodes.Element) -> nodes.Element:
        """Register *node*'s ids with the document, so later sections and
        blocks do not take them; give it the directive's source and line."""
        self.set_source_info(node)
        for node_id in node["ids"]:
            self.state.document.ids.setdefault(node_id, node)
        return node
