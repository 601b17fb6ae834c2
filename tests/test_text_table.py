"""Change-history rows written straight into the text writer's table give
the same text as the writer's own way, node by node (see
coprodoc/text_table.py), whatever the cells hold and wherever the table is."""

from __future__ import annotations

from docutils import nodes
from docutils.io import StringOutput
from sphinx.writers.text import TextWriter

from coprodoc.directives.parts import Code, Inline, Link, inline_node, table
from coprodoc.directives.shaped_by import shaped_by_nodes, shaped_by_text
from coprodoc.nodes import html_rows, text_block

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
    "",
    "O'Neil's fix",
    'Reword "Who is paid" after thanks from @amira & the <panel>',
]


def rows(plain: bool = False) -> list[list[list[Inline]]]:
    """Change-history rows, as nodes or as the plain values (text, links,
    code) render_change_history gives."""
    found: list[list[list[Inline]]] = []
    for number, subject in enumerate(SUBJECTS):
        short = f"abc{number:04d}"
        links: list[Inline] = [Code(short)]
        if number % 3 == 0:
            links = [
                Link(short, "https://x.example/c?a=1&b=<2>&q='@'\tx"),
                " · ",
                Link(f"#{number}", "https://x.example/p"),
            ]
        elif number % 4 == 1:
            links = [Code(f"{short} x"), " · ", f"#{number}"]  # code with a space
        who = "2 people who are not named" if number % 2 else "Ama, Tomás Ó Briain"
        date = f"2026-03-0{number % 9}"
        row: list[list[Inline]] = [[date], [who], [subject], links]
        found.append(row if plain else [list(map(inline_node, c)) for c in row])
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


def render(app, builder_format: str, inside: str, plain: bool = False) -> str:
    caption = "Changes to this page"
    made = table(["t"], [], caption, HEADERS, rows(plain), "", builder_format)
    return write_text(app, made, inside)


def test_prewritten_rows_give_the_writers_own_text(copy_root, make_app):
    app = make_app("text", srcdir=copy_root("basic"))
    app.build()
    for inside in ("page", "block quote", "list"):
        by_nodes = render(app, "", inside)
        assert "Changes to this page" in by_nodes
        assert "住宅政策" in by_nodes and "abc0003" in by_nodes
        assert render(app, "text", inside) == by_nodes, inside
        assert render(app, "text", inside, plain=True) == by_nodes, inside
        assert render(app, "", inside, plain=True) == by_nodes, inside


def write_html(app, made: nodes.Element) -> str:
    doctree = app.env.get_doctree("index")
    doctree.children = []
    doctree.settings = app.builder.docsettings  # as the builder writes a page
    doctree += made
    translator = app.builder.create_translator(doctree, app.builder)
    made.walkabout(translator)
    return "".join(translator.body)


def test_plain_rows_give_the_html_writers_own_rows(copy_root, make_app):
    """Plain values written as HTML at once are what the HTML writer
    writes for their nodes: encoded as docutils encodes text and links,
    code as Sphinx marks it; a table with a part only the writer can
    write (code with a space) is written by it."""
    app = make_app("html", srcdir=copy_root("basic"))
    app.build()
    every = rows(plain=True)
    prewritable = [
        row for row in every if not any(" " in getattr(p, "text", "") for p in row[3])
    ]
    assert len(prewritable) < len(every)
    for plain in (every, prewritable):
        nodes_only = [[list(map(inline_node, cell)) for cell in row] for row in plain]
        by_nodes = write_html(
            app, table(["t"], [], "Changes", HEADERS, nodes_only, "", "")
        )
        made = table(["t"], [], "Changes", HEADERS, plain, "", "html")
        prewritten = bool(list(made.findall(html_rows)))
        assert prewritten == (plain is prewritable)
        assert write_html(app, made) == by_nodes
        assert by_nodes.count("<tr") == len(plain) + 1
        href = "https://x.example/c?a=1&amp;b=&lt;2&gt;&amp;q='&#64;' x"
        found = [x for x in by_nodes.split('"') if "x.example/c" in x]
        assert found == [href] * len(found), found  # as docutils writes it
    # the last table written, all of it at once, holds every odd subject
    assert "&quot;Who is paid&quot;" in by_nodes and "&#64;amira" in by_nodes
    assert "O&#x27;Neil" not in by_nodes and "O'Neil" in by_nodes


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


def test_the_quick_table_draws_what_sphinx_draws():
    """QuickTable against Sphinx's Table, cell for cell: odd texts, a short
    row, empty cells, cells wider than their column, and spanning cells
    (which Sphinx draws itself)."""
    from sphinx.writers.text import Cell, Table

    from coprodoc.text_table import QuickTable

    layouts = [
        [SUBJECTS[:4], SUBJECTS[4:8], SUBJECTS[8:12]],
        [["Date", "Who"], ["2026-01-01"], ["", "x" * 70]],
        [["a", "b", "c"], [SUBJECTS[5], "", SUBJECTS[12]]],
        [["a", "b", "c"], ["", "x", "y"], ["p", "q", "r"]],  # an empty cell spans
    ]
    for spans in (False, True):
        for layout in layouts:
            drawn = []
            for kind in (Table, QuickTable):
                table = kind([12, 30, 40, 18][: max(map(len, layout))])
                for number, texts in enumerate(layout):
                    if number:
                        table.add_row()
                    wide = spans and number == 1 and len(texts) > 1
                    for column, text in enumerate(texts[:-1] if wide else texts):
                        table.add_cell(
                            Cell(text, colspan=2 if wide and not column else 1)
                        )
                    if number == 0:
                        table.set_separator()
                drawn.append(str(table))
            assert drawn[1] == drawn[0], (spans, layout)
