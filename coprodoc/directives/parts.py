"""Small node builders shared by the directives, so blocks look alike."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from docutils import nodes

from coprodoc.nodes import block, contributor_ref, html_rows, text_rows


def people_nodes(ids: list[str]) -> list[nodes.Node]:
    """Placeholders for *ids*, separated by commas; names come at write time."""
    result: list[nodes.Node] = []
    for index, ident in enumerate(ids):
        if index:
            result.append(nodes.Text(", "))
        result.append(contributor_ref(ident, ident, person=ident))
    return result


def by_line(ids: Sequence[str]) -> nodes.inline:
    """People inline (ids or identity keys), named as consent allows when
    the page is written (:mod:`coprodoc.resolve` joins them)."""
    return nodes.inline("", "", *people_nodes(list(ids)), classes=["coprodoc-by"])


_PLACE = re.compile(r"(%\(\w+\)s)")


def sentence(template: str, **places: Sequence[nodes.Node]) -> list[nodes.Node]:
    """A translated sentence with ``%(name)s`` places filled with nodes (names
    of people, links), so translators get whole sentences.  A place the
    translation misspells is kept as written rather than failing."""
    result: list[nodes.Node] = []
    for piece in _PLACE.split(template):
        name = piece[2:-2] if _PLACE.fullmatch(piece) else None
        if name is not None and name in places:
            result.extend(places[name])
        elif piece:
            result.append(nodes.Text(piece))
    return result


def by_field(name: str, ids: list[str]) -> nodes.field:
    """A "By" line; :mod:`coprodoc.resolve` turns it into names."""
    return field(name, *people_nodes(ids), classes=["coprodoc-by"])


def field(
    name: str, *body: nodes.Node, classes: list[str] | None = None
) -> nodes.field:
    return nodes.field(
        "",
        nodes.field_name("", name),
        nodes.field_body("", nodes.paragraph("", "", *body, classes=classes or [])),
    )


def start_block(node: block, node_id: str, *label: nodes.Node) -> block:
    """Give *node* its id and its visible label (what ``aria-labelledby`` names)."""
    node["ids"] = [node_id]
    node += nodes.paragraph(
        "", "", *label, classes=["coprodoc-label"], ids=[f"{node_id}-label"]
    )
    return node


def body(
    children: list[nodes.Node], css_class: str = "coprodoc-body"
) -> nodes.container:
    """The directive's own content, marked so the collector can find its text."""
    return nodes.container("", *children, classes=[css_class])


def body_text(node: nodes.Element, css_class: str = "coprodoc-body") -> str:
    """The plain text of *node*'s content (not of nested blocks)."""
    return " ".join(
        child.astext()
        for child in node.children
        if isinstance(child, nodes.Element) and css_class in child["classes"]
    )


def position_text(node: nodes.Element) -> str:
    """A dissent's position as the dissenter put it: the quoted words only,
    without the page's "In their own words:" label."""
    return " ".join(
        quote.astext()
        for child in node.children
        if isinstance(child, nodes.Element) and "coprodoc-position" in child["classes"]
        for quote in child.children
        if isinstance(quote, nodes.block_quote)
    )


def table(
    node_id: list[str],
    classes: list[str],
    caption: str,
    headers: Sequence[tuple[str, int]],
    rows: list[list[list[nodes.Node]]],
    empty: str,
    builder_format: str = "",
) -> nodes.Element:
    """A captioned table with header cells; a sentence when there are no rows.

    *headers* pairs each heading with a relative column width, which the text
    and LaTeX writers use as is.  For the HTML and text builders
    (*builder_format*), the body rows are written at once, as Sphinx would
    write them, when their cells hold only text, links and code.
    """
    if not rows:
        return nodes.paragraph("", empty, ids=node_id, classes=classes)
    result = nodes.table(ids=node_id, classes=classes)
    result += nodes.title("", caption)
    group = nodes.tgroup(cols=len(headers))
    result += group
    group.extend(nodes.colspec(colwidth=width) for _header, width in headers)
    group += nodes.thead(
        "",
        nodes.row(
            "", *(nodes.entry("", nodes.paragraph("", h)) for h, _width in headers)
        ),
    )
    written = rows_html(rows) if builder_format == "html" else None
    if written is not None:
        group += nodes.tbody("", html_rows(html=written))
        return result
    plain = rows_text(rows) if builder_format == "text" else None
    if plain is not None:
        group += nodes.tbody("", text_rows(rows=plain))
        return result
    tbody = nodes.tbody()
    for cells in rows:
        tbody += nodes.row(
            "", *(nodes.entry("", nodes.paragraph("", "", *cell)) for cell in cells)
        )
    group += tbody
    return result


def rows_html(rows: list[list[list[nodes.Node]]]) -> str | None:
    """Body rows as Sphinx's HTML writer writes them (rows alternate from
    "row-even", the header row being "row-odd"); None if a cell holds
    anything but text, links and code."""
    out: list[str] = []
    for number, cells in enumerate(rows):
        parity = "odd" if number % 2 else "even"
        out.append(f'<tr class="row-{parity}">')
        for cell in cells:
            parts = [_inline_html(node) for node in cell]
            if None in parts:
                return None
            out.append(f"<td><p>{''.join(p for p in parts if p)}</p></td>\n")
        out.append("</tr>\n")
    return "".join(out)


def rows_text(rows: list[list[list[nodes.Node]]]) -> list[list[str]] | None:
    """Body rows as the text writer gives each cell's text; None if a cell
    holds anything but text, links and code."""
    out: list[list[str]] = []
    for cells in rows:
        row: list[str] = []
        for cell in cells:
            parts = [_inline_text(node) for node in cell]
            if None in parts:
                return None
            row.append("".join(p for p in parts if p))
        out.append(row)
    return out


def _inline_text(node: nodes.Node) -> str | None:
    """As TextTranslator writes it: an external link as its text, code in
    double quotes."""
    if isinstance(node, nodes.Text):
        return node.astext()  # as the writers read it: NUL escapes dropped
    if not isinstance(node, nodes.Element) or not (
        len(node.children) == 1 and isinstance(node[0], nodes.Text)
    ):
        return None
    if isinstance(node, nodes.reference) and node.get("refuri"):
        return node.astext()
    if isinstance(node, nodes.literal):
        return f'"{node.astext()}"'
    return None


def _inline_html(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Text):
        return escape(node.astext(), quote=False)
    if isinstance(node, nodes.reference) and node.get("refuri") and len(node) == 1:
        uri, text = escape(node["refuri"]), escape(node.astext(), quote=False)
        return f'<a class="reference external" href="{uri}">{text}</a>'
    if isinstance(node, nodes.literal) and " " not in node.astext():
        text = escape(node.astext(), quote=False)
        return (
            '<code class="docutils literal notranslate">'
            f'<span class="pre">{text}</span></code>'
        )
    return None
