"""Node classes and their visitors for every builder.

Only :class:`contribution` reaches the writers.  :class:`contributor_ref` and
:class:`contributors_list` are placeholders holding ids; they are replaced at
``doctree-resolved`` (see :mod:`coprodoc.resolve`), which is when registry
names enter the doctree.  Their visitors are a safety net, not the normal path.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


class contribution(nodes.General, nodes.Element):
    """An attributed contribution block.

    Attributes: ``by`` (ids), ``roles`` (role ids), ``date`` (ISO or None),
    ``via`` and ``link`` (text or None).  Children are ordinary docutils nodes,
    so every writer can render them.
    """


class contributor_ref(nodes.Inline, nodes.TextElement):
    """An inline mention of a person or group id (``person`` attribute)."""


class contributors_list(nodes.General, nodes.Element):
    """Where the ``contributors`` directive's table or list goes."""


def _visit_contribution_html(self: Any, node: contribution) -> None:
    attributes = {"role": "note"}
    if node["ids"]:
        attributes["aria-labelledby"] = node["ids"][0] + "-label"
    self.body.append(self.starttag(node, "div", **attributes))


def _depart_contribution_html(self: Any, node: contribution) -> None:
    self.body.append("</div>\n")


def _pass(self: Any, node: nodes.Node) -> None:
    """Render only the children: they are standard docutils nodes."""


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    passthrough = (_pass, _pass)
    app.add_node(
        contribution,
        html=(_visit_contribution_html, _depart_contribution_html),
        latex=passthrough,
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )
    app.add_node(
        contributor_ref,
        html=passthrough,
        latex=passthrough,
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )
    skip = (_skip, None)
    app.add_node(
        contributors_list, html=skip, latex=skip, text=skip, man=skip, texinfo=skip
    )
