"""Small node builders shared by the directives, so blocks look alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from docutils import nodes
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from coprodoc.nodes import block, contributor_ref, html_rows, text_rows, visible_text
from coprodoc.patterns import compile_later


def place_link(
    builder: Builder, fromdocname: str, docname: str, target: str, text: str
) -> nodes.Node:
    """A link to *target* on page *docname*, or its text alone where the
    builder has no address for the page: latex, texinfo and man leave out
    pages outside their documents' toctrees (an orphan page's records are
    still listed)."""
    label = nodes.inline("", text)
    try:
        return make_refnode(builder, fromdocname, docname, target, label, text)
    except NoUri:
        return label


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


_PLACE = compile_later(r"(%\(\w+\)s)")


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


class Link(NamedTuple):
    """An external link in a table cell."""

    text: str
    uri: str


class Code(NamedTuple):
    """Code (a commit's short id) in a table cell."""

    text: str


#: What a table cell holds: nodes, or plain values (text, :class:`Link`,
#: :class:`Code`), which a change history of thousands of cells gives so
#: that no node is made where the HTML and text builders need none.
Inline = nodes.Node | str | Link | Code


def inline_node(item: Inline) -> nodes.Node:
    """The node for a cell's part, for the builders that need nodes."""
    if isinstance(item, nodes.Node):
        return item
    if isinstance(item, Link):
        return nodes.reference("", item.text, refuri=item.uri)
    if isinstance(item, Code):
        return nodes.literal("", item.text)
    return nodes.Text(item)


def _plain(item: Inline) -> str | Link | Code | None:
    """A cell's part as a plain value, text as a writer reads it (NUL
    escapes dropped); None for a node that is not text, a link or code."""
    if isinstance(item, nodes.Text):
        return item.astext()
    if isinstance(item, str):
        return visible_text(item)
    if isinstance(item, Link) and not item.uri:
        return None
    if isinstance(item, Link | Code):
        return item._replace(text=nodes.unescape(item.text))
    if not isinstance(item, nodes.Element) or not (
        len(item.children) == 1 and isinstance(item[0], nodes.Text)
    ):
        return None
    if isinstance(item, nodes.reference) and item.get("refuri"):
        return Link(item.astext(), item["refuri"])
    if isinstance(item, nodes.literal):
        return Code(item.astext())
    return None


def table(
    node_id: list[str],
    classes: list[str],
    caption: str,
    headers: Sequence[tuple[str, int]],
    rows: Sequence[Sequence[Sequence[Inline]]],
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
            "",
            *(
                nodes.entry("", nodes.paragraph("", "", *map(inline_node, cell)))
                for cell in cells
            ),
        )
    group += tbody
    return result


def rows_html(rows: Sequence[Sequence[Sequence[Inline]]]) -> str | None:
    """Body rows as Sphinx's HTML writer writes them (rows alternate from
    "row-even", the header row being "row-odd"); None if a cell holds
    anything but text, links and code."""
    out: list[str] = []
    for number, cells in enumerate(rows):
        parity = "odd" if number % 2 else "even"
        out.append(f'<tr class="row-{parity}">')
        for cell in cells:
            parts: list[str] = []
            for node in cell:
                if (html := _inline_html(node)) is None:
                    return None
                parts.append(html)
            out.append(f"<td><p>{''.join(parts)}</p></td>\n")
        out.append("</tr>\n")
    return "".join(out)


def rows_text(rows: Sequence[Sequence[Sequence[Inline]]]) -> list[list[str]] | None:
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


def _inline_text(node: Inline) -> str | None:
    """As TextTranslator writes it: an external link as its text, code in
    double quotes."""
    item = _plain(node)
    if isinstance(item, Link):
        return item.text
    if isinstance(item, Code):
        return f'"{item.text}"'
    return item


def html_encode(text: str) -> str:
    """*text* as docutils' HTML writer encodes text and attribute values
    ("&" first, so no entity is encoded twice).  Five replaces: several
    times faster than ``str.translate`` on the short texts of a table."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace(">", "&gt;")
        .replace("@", "&#64;")
    )


#: What it makes a space in an attribute value.
_ATTRIBUTE_SPACE = compile_later("[\n\r\t\v\f]")


def _inline_html(node: Inline) -> str | None:
    """As Sphinx's HTML writer writes a cell's part (text encoded as
    docutils encodes it); None for what only the writer can write."""
    if type(node) is str:  # most cells: a date, names, a subject
        return html_encode(visible_text(node))
    item = _plain(node)
    if isinstance(item, Link):
        uri = html_encode(_ATTRIBUTE_SPACE.sub(" ", item.uri))
        text = html_encode(item.text)
        return f'<a class="reference external" href="{uri}">{text}</a>'
    if isinstance(item, Code):
        if not item.text or " " in item.text or "\n" in item.text:
            return None  # the writer splits code at spaces and line breaks
        text = html_encode(item.text)
        return (
            '<code class="docutils literal notranslate">'
            f'<span class="pre">{text}</span></code>'
        )
    return None if item is None else html_encode(item)
