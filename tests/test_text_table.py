"""Change-history rows written straight into the text writer's table give
the same text as the writer's own way, node by node (see
coprodoc/text_table.py), whatever the cells hold and wherever the table is."""

from __future__ import annotations

from docutils import nodes
from docutils.io import StringOutput
from sphinx.writers.text import TextWriter

from coprodoc.directives.parts import table
from coprodoc.directives.shaped_by import shaped_by_nodes, shaped_by_text
from coprodoc.nodes import text_block

HEADERS = [("Date", 12), ("Who", 30), ("What", 40), ("Links", 18)]

#: What commit subjects and names are like: short, exactly the column's
#: width and one more, long sentences, a word longer than any line, wide
#: and combining characters, spaces that are not plain, nothing at all.
SUBJECTS = [
    "Fix typo",
    "x" * 40,
    "y" * 41,
    "Reword the section on repairs after feedback from the tenants' panel, "
    "and move the paragraph on heating up",
    "See https://example.org/" + "a-very-long-path/" * 6 + " for the background",
    "住宅政策の改訂について話し合いました",
    "Café policy re\u0301viewed",
    "Non\u00a0breaking\u00a0spaces here",
    "  leading and trailing  ",
    "tab\tinside",
    "",
    "emoji 🏠 in the middle",
    "a null\x00 character\x00",
]


def rows() -> list[list[list[nodes.Node]]]:
    found = []
    for number, subject in enumerate(SUBJECTS):
        links: list[nodes.Node] = [nodes.literal("", f"abc{number:04d}")]
        if number % 3 == 0:
            links = [
                nodes.reference("", f"abc{number:04d}", refuri="https://x.example/c"),
                nodes.Text(" · "),
                nodes.reference("", f"#{number}", refuri="https://x.example/p"),
            ]
        who = "2 people who are not named" if number % 2 else "Ama, Tomás Ó Briain"
        date = f"2026-03-0{number % 9}"
        found.append(
            [[nodes.Text(date)], [nodes.Text(who)], [nodes.Text(subject)], links]
        )
    return found


def write_text(app, made: nodes.Element, inside: str) -> str:
    """The text writer's output for *made* between two paragraphs, on the
    page, in a block quote or in a list item (which indent it)."""
    doctree = app.env.get_doctree("index")
    doctree.children = []
    holder: nodes.Element = doctree
    if inside == "block quote":
        holder = nodes.block_quote()
        doctree += holder
    elif inside == "list":
        item = nodes.list_item()
        doctree += nodes.bullet_list("", item)
        holder = item
    holder += [nodes.paragraph("", "Before."), made, nodes.paragraph("", "After.")]
    writer = TextWriter(app.builder)
    writer.write(doctree, StringOutput(encoding="unicode"))
    return writer.output


def render(app, builder_format: str, inside: str) -> str:
    caption = "Changes to this page"
    made = table(["t"], [], caption, HEADERS, rows(), "", builder_format)
    return write_text(app, made, inside)


def test_prewritten_rows_give_the_writers_own_text(copy_root, make_app):
    app = make_app("text", srcdir=copy_root("basic"))
    app.build()
    for inside in ("page", "block quote", "list"):
        by_nodes = render(app, "", inside)
        prewritten = render(app, "text", inside)
        assert "Changes to this page" in by_nodes
        assert "住宅政策" in by_nodes and "abc0003" in by_nodes
        assert prewritten == by_nodes, inside


def render_block(app, prewritten: bool, inside: str, who, notes) -> str:
    if prewritten:
        made: nodes.Element = text_block(paragraphs=shaped_by_text(who, notes))
    else:
        made = shaped_by_nodes("shaped-by-auto-2", who, notes)
    return write_text(app, made, inside)


def test_prewritten_shaped_by_blocks_give_the_writers_own_text(copy_root, make_app):
    app = make_app("text", srcdir=copy_root("basic"))
    app.build()
    long_names = ", ".join(["Tomás Ó Briain (12%)", "李小龙 (3%)"] * 8)
    cases = [
        ("Ama Owusu (60%), 2 people who are not named", "Last changed 2026-03-01."),
        (long_names, None),
        (None, "History before 2025-01-01 not available."),
        ("A null\x00 in a name", "A null\x00\nin a note."),
    ]
    for inside in ("page", "block quote", "list"):
        for who, notes in cases:
            by_nodes = render_block(app, False, inside, who, notes)
            assert "**Shaped by**" in by_nodes
            assert render_block(app, True, inside, who, notes) == by_nodes
