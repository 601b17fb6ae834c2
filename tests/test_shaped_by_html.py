""" "Shaped by" blocks written straight as HTML are what Sphinx's HTML writer
writes for the same block made of nodes (see render_shaped_by), whatever
the names and notes hold."""

from __future__ import annotations

import pytest

from coprodoc.directives.shaped_by import shaped_by_html, shaped_by_nodes

CASES = [
    ("Ama Owusu (40%), 2 people who are not named", "Last changed 2026-03-01."),
    ('<script>alert("x")</script> & Co @home', 'History <b> & "notes" @ 1.'),
    ("Tomás Ó Briain, Zoë, 李小龙, Siân ap Gruffydd", None),
    (None, "Includes changes not committed yet."),
    ("Null\x00 in a name\x00", "A note\x00\nwith a line break."),
]


@pytest.mark.parametrize(("who", "notes"), CASES)
def test_prewritten_block_is_what_the_writer_writes(who, notes, copy_root, make_app):
    app = make_app("html", srcdir=copy_root("basic"))
    app.build()
    doctree = app.env.get_doctree("index")
    doctree.children = []
    doctree.settings = app.builder.docsettings  # as the builder writes a page
    block = shaped_by_nodes("shaped-by-auto-3", who, notes)
    doctree += block
    translator = app.builder.create_translator(doctree, app.builder)
    block.walkabout(translator)
    written = "".join(translator.body)
    assert "Shaped by" in written and "&lt;script" not in (who or "")
    assert shaped_by_html("shaped-by-auto-3", who, notes) == written
