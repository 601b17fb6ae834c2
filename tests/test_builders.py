"""Every builder completes, and shows contributions in its own format."""

from __future__ import annotations

import pytest

from tests.conftest import warnings_of

#: builder name -> (output file, text it must contain)
BUILDERS = {
    "html": ("index.html", "Amira Khan"),
    "dirhtml": ("index.html", "Amira Khan"),
    "singlehtml": ("index.html", "Lived Experience Panel"),
    "latex": ("basic.tex", "Amira Khan"),
    "text": ("index.txt", "By:\n   River, A member of Lived Experience Panel"),
    "man": ("basic.1", "Amira Khan"),
    "texinfo": ("basic.texi", "Amira Khan"),
    "epub": ("index.xhtml", "Amira Khan"),
    "gettext": ("index.pot", 'msgid "Asked that payment is made on the day."'),
}


@pytest.mark.smoke
@pytest.mark.parametrize("buildername", sorted(BUILDERS))
def test_every_builder_renders_contributions(buildername, copy_root, build):
    src = copy_root("basic", dest="basic")
    app = build(
        src, buildername, confoverrides={"version": "1.0", "copyright": "2026, test"}
    )
    assert warnings_of(app) == ""
    filename, expected = BUILDERS[buildername]
    output = (app.outdir / filename).read_text()
    assert expected in output
    # No placeholder or unresolved id ever reaches a writer.
    assert "contributor_ref" not in output and "contributors_list" not in output
    if buildername not in ("gettext", "singlehtml"):
        assert "Anonymous contributor" in output


LISTS = """\
Lists
=====

.. contributors::

.. dissent-register::

.. decision-register::

.. plain-language-coverage::

.. contribution-record::
"""

LONELY = """\
:orphan:

Lonely
======

.. plain-language::
   :by: amira

   We pay on the day.

.. contribution::
   :by: amira
   :role: review

   Checked the rates.

.. decision:: Pay on the day
   :name: pay-day
   :date: 2026-05-14

   We pay on the day.

.. dissent::
   :by: river
   :decision: pay-day

   Not everyone can come on the day.
"""


@pytest.mark.parametrize("buildername", ["latex", "texinfo", "man", "html"])
def test_records_on_a_page_outside_the_toctree_are_listed_without_a_link(
    buildername, copy_root, build
):
    """latex, texinfo and man leave out pages outside their documents'
    toctrees, so they have no address for them: the lists name such a
    page's sections without linking to them (they stopped the build)."""
    src = copy_root("basic", dest="basic")
    (src / "lists.rst").write_text(LISTS)
    (src / "lonely.rst").write_text(LONELY)
    index = src / "index.rst"
    index.write_text(index.read_text().replace("   myst\n", "   myst\n   lists\n", 1))
    app = build(
        src, buildername, confoverrides={"version": "1.0", "copyright": "2026, test"}
    )
    assert "Traceback" not in warnings_of(app) and "Exception" not in warnings_of(app)
    output = "\n".join(
        path.read_text() for path in app.outdir.iterdir() if path.suffix in SUFFIXES
    )
    assert "Lonely" in output  # the orphan page's sections are listed
    assert "Pay on the day" in output


SUFFIXES = {".tex", ".texi", ".1", ".html"}
