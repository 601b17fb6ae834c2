"""Node classes and their visitors for every builder.

Blocks (:class:`contribution`, :class:`dissent`, :class:`response`,
:class:`decision`, :class:`protocol`) reach the writers: their children are
ordinary docutils nodes, so every builder renders them, and HTML gets a
labelled ``role="note"`` region around them.  The other classes are
placeholders holding ids; they are replaced at ``doctree-resolved`` (see
:mod:`coprodoc.resolve`), which is when names and cross-page data enter the
doctree.  Their visitors are a safety net, not the normal path.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


def visible_text(text: str) -> str:
    """*text* as a text node gives it to a writer, without docutils' NUL
    escapes; most text holds none, and the scan is cheaper than
    ``nodes.unescape``."""
    return nodes.unescape(text) if "\x00" in text else text


class block(nodes.General, nodes.Element):
    """A labelled coprodoc block; its first child is the label paragraph,
    whose id is the block's id plus ``-label``."""


class contribution(block):
    """An attributed contribution.  Attributes: ``by`` (ids), ``roles``,
    ``date`` (ISO or None), ``via`` and ``link`` (text or None)."""


class dissent(block):
    """A recorded dissent.  Attributes: ``name``, ``by``, ``date``,
    ``status``, ``decision``, ``review``, ``confirmed_by``, ``confirmed``
    and ``confirmed_via``."""


class response(block):
    """The group's answer to a dissent.  Attributes: ``by``, ``date``,
    ``resolution``."""


class decision(block):
    """A recorded decision.  Attributes: ``name``, ``title``, ``date``,
    ``status``, ``method``, ``votes`` ((option, count) pairs), ``deciders``,
    ``review``, ``supersedes``, ``question`` and ``chair``."""


class protocol(block):
    """The disagreement protocol the group agreed at the start."""


class summary(block):
    """A plain-language summary.  Attributes: ``format``, ``audience``,
    ``by``, ``target_age``, ``reading_age``, ``grade`` and ``lang`` (a
    language tag, or None)."""


class shaped_by_block(block):
    """A rendered "Shaped by" block (made at doctree-resolved)."""


class contributor_ref(nodes.Inline, nodes.TextElement):
    """An inline mention of a person or group id (``person`` attribute)."""


class contributors_list(nodes.General, nodes.Element):
    """Where the ``contributors`` directive's table or list goes."""


class register(nodes.General, nodes.Element):
    """Where a dissent or decision register goes (``kind``, ``statuses``)."""


class decision_links(nodes.General, nodes.Element):
    """Inside a decision: its dissents and what superseded it (``decision``)."""


class closure_note(nodes.General, nodes.Element):
    """Inside a dissent marked resolved (``kind`` "dissent") or beside a
    decision's question (``kind`` "question"): what git and the options say
    about its confirmation, or about changes to the question.  ``refdoc``
    (its document) and ``record`` (the block's id) find the record."""


class coverage(nodes.General, nodes.Element):
    """Where the ``plain-language-coverage`` table goes (``missing_only``)."""


class shaped_by(nodes.General, nodes.Element):
    """Where a ``shaped-by`` block goes."""


class change_history(nodes.General, nodes.Element):
    """Where a ``change-history`` table goes (``scope``, ``limit``, ``since``)."""


class record_page(nodes.General, nodes.Element):
    """Where the ``contribution-record`` tables go."""


class scroll_region(nodes.General, nodes.Element):
    """A wide table's own scrolling box, in HTML (``label``: what assistive
    technology calls the region, the table's caption)."""


class chart(nodes.General, nodes.Element):
    """A chart drawn at build time (``svg``: the escaped SVG markup, with
    its own text alternative), for HTML builders only: other builders get
    the table that goes with it."""


class html_block(nodes.General, nodes.Element):
    """A block already written as HTML (``html``: escaped markup), for HTML
    builders only: a "Shaped by" block on every section of a long page,
    made and written node by node, cost more than anything else coprodoc
    does when writing."""


class html_rows(nodes.General, nodes.Element):
    """Table rows already written as HTML (``html``: escaped markup), for
    HTML builders only: a change history of hundreds of rows written node by
    node costs more than the page's own text."""


class text_block(nodes.General, nodes.Element):
    """A block as plain paragraphs (``paragraphs``: strings, inline markup
    already written as the text writer writes it), for the text builder
    only (see :func:`coprodoc.text_table.add_paragraphs`)."""


class text_rows(nodes.General, nodes.Element):
    """Table rows as plain cell texts (``rows``: a list of rows, each a list
    of strings), for the text builder only: written into Sphinx's own text
    table as its writer would write cells of one paragraph each, without a
    node per cell (see :func:`_visit_rows_text`)."""


BLOCKS = (
    contribution,
    dissent,
    response,
    decision,
    protocol,
    summary,
    shaped_by_block,
)
PLACEHOLDERS = (
    contributors_list,
    register,
    decision_links,
    coverage,
    shaped_by,
    change_history,
    record_page,
)

#: Placeholders of the site's own lists: a section that shows one is not
#: policy text (see :attr:`coprodoc.data.CoprodocData.listings`).
LISTINGS = (contributors_list, register, coverage, record_page, protocol)


#: A node class, or a tuple of them (as for ``isinstance``).
Kind = type[nodes.Node] | tuple[type[nodes.Node], ...]


def find_all(doctree: nodes.Node, *kinds: Kind) -> dict[Kind, list[Any]]:
    """The nodes of each of *kinds* in *doctree*, in document order, from
    one walk: a long page has thousands of nodes, and a walk per kind per
    handler adds up over a site.  A kind may be a tuple of classes: its
    nodes, whatever their class, in document order."""
    found: dict[Kind, list[Any]] = {kind: [] for kind in kinds}
    stack: list[nodes.Node] = [doctree]
    while stack:
        node = stack.pop()
        if isinstance(node, kinds):  # most nodes are none of them
            for kind in kinds:
                if isinstance(node, kind):
                    found[kind].append(node)
        if isinstance(node, nodes.Element):
            stack.extend(reversed(node.children))
    return found


def _visit_rows_html(self: Any, node: html_rows | html_block) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def _visit_rows_text(self: Any, node: text_rows) -> None:
    from coprodoc.text_table import add_rows  # only text builds need it

    add_rows(self, node["rows"])
    raise nodes.SkipNode


def _visit_block_text(self: Any, node: text_block) -> None:
    from coprodoc.text_table import add_paragraphs

    add_paragraphs(self, node["paragraphs"])
    raise nodes.SkipNode


def _visit_scroll_html(self: Any, node: scroll_region) -> None:
    attributes = {"role": "region", "tabindex": "0"}
    if node.get("label"):
        attributes["aria-label"] = node["label"]
    self.body.append(self.starttag(node, "div", CLASS="coprodoc-scroll", **attributes))


def _depart_scroll_html(self: Any, node: scroll_region) -> None:
    self.body.append("</div>\n")


def _visit_chart_html(self: Any, node: chart) -> None:
    self.body.append(node["svg"])
    raise nodes.SkipNode


def _visit_block_html(self: Any, node: block) -> None:
    attributes = {"role": "note"}
    if node["ids"]:
        attributes["aria-labelledby"] = node["ids"][0] + "-label"
    if node.get("lang"):  # a summary in another language than the page
        attributes["lang"] = node["lang"]
    self.body.append(self.starttag(node, "div", **attributes))


def _depart_block_html(self: Any, node: block) -> None:
    self.body.append("</div>\n")


def _pass(self: Any, node: nodes.Node) -> None:
    """Render only the children: they are standard docutils nodes."""


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def register_nodes(app: Sphinx) -> None:
    block_html = (_visit_block_html, _depart_block_html)
    inner = (_pass, _pass)
    skip = (_skip, None)
    for block_class in BLOCKS:
        app.add_node(
            block_class,
            html=block_html,
            latex=inner,
            text=inner,
            man=inner,
            texinfo=inner,
        )
    app.add_node(
        contributor_ref, html=inner, latex=inner, text=inner, man=inner, texinfo=inner
    )
    # a closure note shows git's facts about its own page only, so it is not
    # one of the PLACEHOLDERS that make a page depend on every other page
    for placeholder in (*PLACEHOLDERS, closure_note):
        app.add_node(
            placeholder, html=skip, latex=skip, text=skip, man=skip, texinfo=skip
        )
    app.add_node(html_rows, html=(_visit_rows_html, None))
    app.add_node(html_block, html=(_visit_rows_html, None))
    app.add_node(text_rows, text=(_visit_rows_text, None))
    app.add_node(text_block, text=(_visit_block_text, None))
    # HTML only, like html_rows: made only when the builder writes HTML
    app.add_node(scroll_region, html=(_visit_scroll_html, _depart_scroll_html))
    app.add_node(chart, html=(_visit_chart_html, None))


def setup(app: Sphinx) -> None:
    register_nodes(app)
