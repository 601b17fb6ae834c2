"""Names and addresses written where ids belong are kept nowhere as written:
not in the copied sources (``_sources``), the doctrees, the pickled
environment (which the json builder copies into its output) or the gettext
catalogs, in the layouts an attacker's review tried; and mending changes
nothing else in a copy, however often the site is built.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOTS, leaks, published, warnings_of
from tests.test_privacy import HIDDEN

LAYOUTS_RST = """\
:orphan:

Thanks :contributor:`Priya Nandakumar`
======================================

We met at the rowan tree on Hale Lane; write to help@example.org.
Thanks to :contributor:`Dorothy Pemberton` for the notes.

- :contributor:`Dorothy Pemberton` wrote the first draft
- :contributor:`Priya Nandakumar` reviewed, with amira

+------+-----------------------------------+
| x    | :contributor:`Tomasz Wielgus`     |
+------+-----------------------------------+

.. note::

   First paragraph.

   Second, with :contributor:`Tomasz Wielgus` in it.

   .. contribution::
      :by: Dorothy Pemberton, amira
      :role: review

      Nested.

.. contribution::
   :by: amira,
      Dorothy Pemberton
      river
   :via: meeting at Hale Lane with river

   Over several lines.

.. include:: _included.txt
"""

INCLUDED = """\
.. contribution::
   :by: Priya Nandakumar

   Included.
"""

LAYOUTS_MD = """\
# Layouts

Some text\u2028with a line separator\x85and NEL.

More\x0cform feed.

```{contribution}
---
role: review

by: Dorothy Pemberton
---
Blank line in the options.
```

Thanks {contributor}`Tomasz Wielgus`.
"""

#: The pages' own prose says "rowan" and "Hale" (Rowan Hale's name): an
#: author's words, published as written on the page; what must go is the
#: ids.  (The copy of a page that had such ids is redacted throughout.)
WRITTEN_FOR_IDS = [name for name in HIDDEN if name != "Rowan Hale"]


ALIASES_RST = """\
:orphan:

.. role:: c(contributor)

Aliases
=======

Thanks :Contributor:`Dorothy Pemberton` and :CONTRIBUTOR:`Tomasz Wielgus`.

Thanks :contributor:`amira` and :c:`Priya Nandakumar` too.

And `Sam Okafor`:contributor: as a suffix.

.. code-block:: python
   :caption: Script by :contributor:`Dorothy Pemberton`

   print(1)

.. csv-table:: T
   :header: ":contributor:`Priya Nandakumar`", "b"

   "x", "y"

.. admonition:: Thanks :contributor:`Dorothy Pemberton`

   Body.

.. decision:: Pay on the day
   :Deciders: amira,
\tDorothy Pemberton
   :chair: Priya Nandakumar
   :method: consensus
   :status: accepted

   Agreed.

.. default-role:: contributor

And `Tomasz Wielgus` by default.
"""

ALIASES_MD = """\
---
myst:
  substitutions:
    who: "{contributor}`Dorothy Pemberton`"
---

# Aliases in Markdown

Thanks {Contributor}`Tomasz Wielgus` and {contributor}``Priya Nandakumar``.

Substituted: {{ who }}.
"""


def _site(copy_root, newline="\n"):
    src = copy_root("basic")
    (src / "layouts.rst").write_bytes(LAYOUTS_RST.replace("\n", newline).encode())
    (src / "_included.txt").write_text(INCLUDED)
    (src / "layouts_md.md").write_text(LAYOUTS_MD, newline="")
    (src / "aliases.rst").write_text(ALIASES_RST)
    (src / "aliases_md.md").write_text(ALIASES_MD)
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text() + '\nexclude_patterns = ["_build", "_*.txt"]\n'
        'myst_enable_extensions = ["substitution"]\n'
    )
    return src


@pytest.mark.parametrize("buildername", ["html", "json", "gettext"])
def test_no_layout_keeps_a_name_written_for_an_id(buildername, copy_root, build):
    src = _site(copy_root)
    app = build(src, buildername)
    assert leaks(published(app), WRITTEN_FOR_IDS) == [], f"leaked into {app.outdir}"
    assert "Traceback" not in warnings_of(app)


def test_mending_changes_nothing_else_and_never_twice(copy_root, build):
    """A bullet list or table with a role on each line is not garbled,
    ordinary prose is kept (the first build's and after a rebuild that does
    not write the page again), continued options keep no blank line, and
    Windows line ends stay."""
    src = _site(copy_root, newline="\r\n")
    app = build(src)
    copy = Path(app.outdir) / "_sources" / "layouts.rst.txt"
    first = copy.read_bytes().decode()
    assert "- :contributor:`anonymous` wrote the first draft\r\n" in first
    assert "- :contributor:`anonymous` reviewed, with amira\r\n" in first
    assert "| x    | :contributor:`anonymous`     |\r\n" in first
    assert "   :by: amira,\r\n      anonymous\r\n      river\r\n   :via:" in first
    # other text is as written; hidden names and addresses in it go too
    assert "   First paragraph.\r\n" in first
    assert (
        "We met at the anonymous tree on anonymous Lane; write to anonymous.\r\n"
        in (first)
    )
    assert "\n" not in first.replace("\r\n", "")
    (src / "index.rst").write_text((src / "index.rst").read_text() + "\nMore.\n")
    build(src)  # another page: this copy is not written again
    assert copy.read_bytes().decode() == first
    md = (Path(app.outdir) / "_sources" / "layouts_md.md.txt").read_text()
    assert "\nby: anonymous\n" in md and "{contributor}`anonymous`" in md


def test_a_copy_in_another_encoding_is_mended_in_it(copy_root, build):
    src = copy_root("basic")
    page = ":orphan:\n\nCaf\xe9\n====\n\nThanks :contributor:`Dorothy Pemberton`.\n"
    (src / "latin.rst").write_bytes(page.encode("latin-1"))
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + '\nsource_encoding = "latin-1"\n')
    app = build(src)
    copy = (Path(app.outdir) / "_sources" / "latin.rst.txt").read_bytes()
    assert copy.decode("latin-1").endswith("Thanks :contributor:`anonymous`.\n")
    assert "Caf\xe9".encode("latin-1") in copy
    assert leaks(published(app), HIDDEN) == []


def test_a_code_sample_on_such_a_page_is_still_highlighted(copy_root, build):
    """Sphinx highlights a code block's source text: mending it would show
    the sample unhighlighted (and it is shown as written anyway)."""
    src = copy_root("basic")
    (src / "code.rst").write_text(
        ":orphan:\n\nCode\n====\n\nThanks :contributor:`Dorothy Pemberton`.\n\n"
        ".. code-block:: python\n\n   def f():  # ask help@example.org\n"
        "       return 1\n"
    )
    app = build(src)
    page = (Path(app.outdir) / "code.html").read_text()
    assert 'class="highlight-python' in page and "Pemberton" not in page


def test_the_authorship_view_shows_the_page_as_mended(tmp_path, build):
    """The "who wrote this page" view shows the page's source: a name or an
    address written for an id is shown as ``anonymous`` there too, each
    other word still marked by who wrote it; and the warning does not tie
    the name to an id with "did you mean"."""
    from tests.gitutil import Repo

    registry = (ROOTS / "test-basic" / "contributors.yaml").read_text()
    repo = Repo(tmp_path / "site")
    repo.commit(
        "Start",
        {
            "conf.py": 'extensions = ["coprodoc"]\nexclude_patterns = ["_build"]\n'
            "coprodoc_authorship_view = True\n",
            "contributors.yaml": registry,
            "index.rst": "Home\n====\n\nOpening words.\n\n"
            ".. contribution::\n   :by: Dorothy Pemberton, amira\n\n"
            "   Raised it with :contributor:`amira@example.org` present.\n",
        },
    )
    app = build(repo.path)
    view = (Path(app.outdir) / "_authorship" / "index.html").read_text()
    assert ":by: anonymous, amira" in " ".join(view.split())
    assert "Opening words." in view and "present." in view
    assert leaks(published(app), WRITTEN_FOR_IDS) == []
    assert "did you mean" not in warnings_of(app)
