"""Names of people without consent appear in no output file, in any form."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coprodoc import outputs
from tests.conftest import all_files, leaks, published, warnings_of
from tests.test_contribution import soup

#: Names the registry of test-basic holds but may not publish.
HIDDEN = [
    "Dorothy Pemberton",  # consent withdrawn
    "Dorothy",
    "Pemberton",
    "Priya Nandakumar",  # consent never recorded
    "Nandakumar",
    "Tomasz Wielgus",  # chose anonymous
    "Wielgus",
    "Rowan Hale",  # shown by pseudonym only
    "Sam Okafor",  # shown as a member of a group only
    "amira@example.org",  # emails are never published
]


@pytest.mark.smoke
@pytest.mark.parametrize("buildername", ["html", "singlehtml", "text", "gettext"])
def test_hidden_names_appear_in_no_output_file(buildername, copy_root, build):
    src = copy_root("basic")
    app = build(src, buildername)
    build_dir = src / "_build"  # output, doctrees and the pickled environment
    files = all_files(build_dir)
    names = {path.name for path in files}
    if buildername == "html":
        assert {"searchindex.js", "index.rst.txt"} <= names  # _sources are copied
    contents = b"\n".join(path.read_bytes() for path in files)
    # The check can fail: the consenting person is found the same way.
    assert leaks(contents, ["Amira Khan"]) != []
    assert leaks(contents, HIDDEN) == [], f"leaked into {app.outdir}"


def test_withdrawing_consent_removes_the_name_on_the_next_build(copy_root, build):
    src = copy_root("basic")
    build(src)
    registry = src / "contributors.yaml"
    registry.write_text(
        registry.read_text().replace(
            "      review: 2027-03-01\n",
            "      review: 2027-03-01\n      withdrawn: 2026-06-01\n",
        )
    )
    app = build(src)  # incremental: the registry changed, no page did
    contents = b"\n".join(path.read_bytes() for path in all_files(src / "_build"))
    # Her id "amira" stays in the sources, and the registry says so:
    assert "id 'amira' contains part of the name" in warnings_of(app)
    assert "[coprodoc.identifying-id]" in warnings_of(app)
    # ... but her name is gone from every file, the search index included.
    assert b"Amira Khan" not in contents
    assert leaks(contents, ["Khan"]) == []
    index = soup(app, "index.html")
    assert index.select_one("p.coprodoc-by").get_text() == "Anonymous contributor"


def test_a_group_named_after_a_withdrawn_person_is_not_published(copy_root, build):
    """A group named after someone who has since withdrawn is shown as
    "Unnamed group" everywhere, the record files included, with a warning
    at its line in the registry."""
    src = copy_root("basic")
    registry = src / "contributors.yaml"
    registry.write_text(
        registry.read_text().replace(
            "name: Lived Experience Panel", "name: Pemberton Lived Experience Panel"
        )
    )
    app = build(src)
    warned = warnings_of(app)
    assert "contributors.yaml:40: WARNING: contributors registry:" in warned
    assert "the name of group 'panel' could be the name of someone" in warned
    assert "[coprodoc.registry]" in warned
    contents = b"\n".join(path.read_bytes() for path in all_files(src / "_build"))
    assert leaks(contents, ["Pemberton"]) == []
    assert b"A member of Unnamed group" in contents  # Sam Okafor, group-only
    assert b"Amira Khan" in contents  # the check can fail


def test_a_name_taken_off_a_page_leaves_the_search_index(copy_root, build):
    """Sphinx keeps a word whose last page dropped it, as ``"word":[]``: a
    name written into a page and taken out again must leave the search index
    with the next incremental build, whether or not other words went too."""
    src = copy_root("basic")
    page = src / "thanks.rst"
    thanks = ":orphan:\n\nThanks\n======\n\nThanks to {} for the rota.\n"
    page.write_text(thanks.format("Zebedee Quartermaine"))
    app = build(src)
    index = Path(app.outdir) / "searchindex.js"
    assert "quartermain" in index.read_text()  # the check can fail
    page.write_text(thanks.format("the panel"))
    build(src)
    text = index.read_text()
    assert "quartermain" not in text and "zebede" not in text
    assert '"panel":' in text  # the page's new words are indexed
    assert ":[]" not in text
    page.write_text(thanks.format("the panel and Zebedee"))  # back in: indexed
    build(src)
    assert "zebede" in index.read_text()


def test_words_left_in_a_written_index_are_dropped_from_the_file(copy_root, build):
    """The written index is mended too, for when Sphinx's word lists are not
    where coprodoc drops words before the index is written."""
    src = copy_root("basic")
    app = build(src)
    index = Path(app.outdir) / "searchindex.js"
    written = index.read_text()
    index.write_text(written.replace('"terms":{', '"terms":{"zebede":[],', 1))
    outputs.drop_empty_words(app, None)
    assert index.read_text() == written


NAMES_FOR_IDS = """\
:orphan:

Names written for ids
=====================

.. contribution::
   :by: Dorothy Pemberton

   Raised the point about travel costs.

.. contribution::
   :by: amira@example.org Rowan

   Reviewed the rates.

.. contribution::
   :by: hale wielgus

   Tested the form.

.. contribution::
   :by: n:Dorothy h:forged ana.k [at] tenants.example
        jan.k\N{FULLWIDTH COMMERCIAL AT}tenants.example

   Checked the sums.

.. contribution::
   :by: P3mberton Wielgu%73

   Wrote the form.

.. contribution::
   :by: Doro thy jank at tenants.example kim . at . tenants . example
        lee (at) tenants (dot) example \N{RIGHT-TO-LEFT OVERRIDE}notrebmeP

   Counted the votes.

.. contribution::
   :by: Bernadette Quill

   Checked the figures.

Thanks to :contributor:`Nandakumar` and :contributor:`pemberton`.
"""


@pytest.mark.parametrize("buildername", ["html", "text"])
def test_a_name_or_address_written_for_an_id_is_counted_not_shown(
    buildername, copy_root, build
):
    """An author who writes a hidden person's name, or an address, where an
    id belongs gets a warning, and readers see "a person who is not named":
    an id the registry does not know is otherwise shown as written."""
    src = copy_root("basic")
    (src / "names.rst").write_text(NAMES_FOR_IDS)
    app = build(src, buildername)
    warnings = warnings_of(app)
    assert "shown as a person who is not named, as it could be the name" in warnings
    assert leaks(warnings.encode(), HIDDEN) == []  # CI logs are often public
    assert "an email address is not a person id" in warnings
    assert "ana.k" not in warnings  # the warning does not repeat the address
    contents = published(app)
    assert leaks(contents, HIDDEN) == [], f"leaked into {app.outdir}"
    assert "ids written next to each other could together be the name" in warnings
    assert "'Doro'" not in warnings  # nor does it repeat the pieces
    hidden = ("P3mberton", "Wielgu%73", "ana.k", "tenants", "forged", "\u202e")
    hidden += ("notrebmeP",)  # shown reversed by the override: "Pemberton"
    for written in hidden:
        assert written.encode() not in contents, written
    page = (
        app.outdir / f"names.{'html' if buildername == 'html' else 'txt'}"
    ).read_text()
    # A typo that names no one hidden is still shown, so no contribution is lost.
    assert "Bernadette" in page and "Quill" in page
    # a name in pieces is one person, and so is each address, however spelt
    text = BeautifulSoup(page, "html.parser").get_text() if "<" in page else page
    assert "5 people who are not named" in " ".join(text.split())
    assert "people who are not named" in page
    if buildername == "html":  # the copied source reads as the page shows it
        copied = (app.outdir / "_sources" / "names.rst.txt").read_text()
        assert ":by: anonymous\n" in copied
        assert ":by: Bernadette Quill\n" in copied  # a typo that names no one
        assert "Thanks to :contributor:`anonymous` and :contributor:`anonymous`" in (
            copied
        )
        assert copied.count("\n") == NAMES_FOR_IDS.count("\n")  # lines kept


NAMES_FOR_IDS_MYST = """\
---
orphan: true
---

# Names written for ids

```{contribution}
:by: Dorothy Pemberton
Raised the point about travel costs.
```

```{contribution}
---
by: Wielgus jan.k [at] tenants.example
---
Checked the sums.
```

````{plain-language}
:by: Doro thy
:format: plain

Counted.
````

Thanks to {contributor}`Nandakumar` and {contributor}`river`.
"""


@pytest.mark.parametrize("builders", [("html",), ("gettext",), ("text", "html")])
def test_names_written_for_ids_are_not_kept_in_sources_doctrees_or_catalogs(
    builders, copy_root, build
):
    """The page's copied source, its doctree and the gettext catalog hold
    ``anonymous`` where a name or address was written for an id, in MyST as
    in rST; an id the registry knows stays."""
    src = copy_root("basic")
    (src / "names.md").write_text(NAMES_FOR_IDS_MYST)
    for buildername in builders:
        app = build(src, buildername)
    contents = published(app)
    assert leaks(contents, HIDDEN) == [], f"leaked into {app.outdir}"
    assert b"ana.k" not in contents and b"tenants.example" not in contents
    if app.builder.name == "html":
        copied = (app.outdir / "_sources" / "names.md.txt").read_text()
        assert copied.count(":by: anonymous\n") == 2
        assert "\nby: anonymous anonymous\n" in copied  # Wielgus, an address
        assert "{contributor}`anonymous` and {contributor}`river`" in copied
        assert copied.count("\n") == NAMES_FOR_IDS_MYST.count("\n")
    else:
        catalog = (app.outdir / "names.pot").read_text()
        assert "{contributor}`anonymous` and {contributor}`river`" in catalog


def test_a_copied_source_is_mended_where_it_can_be_and_redacted_where_not():
    """The rules that hid the ids find them again in options written over
    several lines, with commas, and in roles; where a noted line holds no id
    list coprodoc can read, hidden names and addresses on it are redacted
    instead."""
    from coprodoc.registry import load_registry
    from coprodoc.sourcecopy import mended
    from coprodoc.vocabulary import BUILTIN_ROLE_IDS

    registry, _problems = load_registry(
        Path(__file__).parent / "roots" / "test-basic" / "contributors.yaml",
        BUILTIN_ROLE_IDS,
    )
    source = (
        ".. decision::\n"
        "   :deciders: amira, Doro\n"
        "      thy, kim@tenants.example\n"
        "   :chair: amira\n"
        "\n"
        "   Agreed.\n"
        "\n"
        "A paragraph with :contributor:`Wielgus`,\n"
        "and :contributor:`amira` in it.\n"
        "\n"
        ".. some-other-directive:: Dorothy Pemberton wrote kim@tenants.example\n"
    )
    # the role's paragraph noted at its second line
    assert mended(source, [1, 9, 11], registry) == (
        ".. decision::\n"
        "   :deciders: amira, anonymous\n"
        "      anonymous\n"
        "   :chair: amira\n"
        "\n"
        "   Agreed.\n"
        "\n"
        "A paragraph with :contributor:`anonymous`,\n"
        "and :contributor:`amira` in it.\n"
        "\n"
        ".. some-other-directive:: anonymous wrote anonymous\n"
    )
