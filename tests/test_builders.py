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
