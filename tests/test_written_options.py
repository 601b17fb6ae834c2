"""Options written the ways people write them: continued on a second line
in MyST, after a blank line, without a space, indented unevenly, given
twice, as a YAML list or joined with "and".  Each is read as meant, or
warned at its line; none is published as text, and a withdrawn person's
name written in one is published nowhere.

From a new user's review: MyST ended its options at a continued line, so
the rest of ``:by:`` (a withdrawn person's name) and every option below it
were published as the block's text, with no warning.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.conftest import assert_exact_warnings, published, warnings_of


def _site(copy_root, rst: str = "", md: str = ""):
    src = copy_root("basic")
    (src / "index.rst").write_text(
        "Home\n====\n\n.. toctree::\n\n   page\n   notes\n", encoding="utf-8"
    )
    (src / "page.rst").write_text("Page\n====\n\n" + rst, encoding="utf-8")
    (src / "notes.md").write_text("# Notes\n\n" + md, encoding="utf-8")
    for unused in ("rates.rst", "myst.md"):
        (src / unused).unlink()
    return src


def _blocks(app, page: str) -> list[str]:
    html = (app.outdir / page).read_text(encoding="utf-8")
    found = BeautifulSoup(html, "html.parser").select("div.coprodoc-contribution")
    return [" ".join(block.get_text(" ").split()) for block in found]


CONTINUED = """\
```{contribution}
:by: amira,
  Dorothy Pemberton
:role: review
:date: 2026-03-12

Said this.
```

```{contribution}
:by: amira,
  river
:role: review

Both said this.
```

```{contribution}
---
by: [river, Dorothy Pemberton]
---
In a list.
```
"""


def test_an_option_continued_on_a_second_line_in_myst_is_read_whole(copy_root, build):
    src = _site(copy_root, md=CONTINUED)
    app = build(src)
    first, second, listed = _blocks(app, "notes.html")
    assert listed.startswith("Contribution By : River , 1 person who is not named")
    copied = (app.outdir / "_sources" / "notes.md.txt").read_text(encoding="utf-8")
    assert "by: [river, anonymous]\n" in copied
    assert ":by: amira, anonymous\n" in copied or ":by: amira,\n  anonymous" in copied
    assert first.startswith("Contribution By : Amira Khan , 1 person who is not named")
    assert "Role : Review" in first and "Date : 2026-03-12" in first
    assert first.endswith("Said this.")
    assert ":role:" not in first
    assert "River" in second and "Role : Review" in second
    for form in (b"Dorothy", b"Pemberton"):
        assert form not in published(app), form
    md = src / "notes.md"
    assert_exact_warnings(
        app,
        [
            (f"{md}:4:", "ids written next to each other", "unknown-person"),
            (f"{md}:22:", "ids written next to each other", "unknown-person"),
        ],
    )


MISPLACED_RST = """\
.. contribution::

   :by: amira
   :role: review

   A blank line before the options.

.. contribution::
   :by:amira

   No space after the colon.

.. contribution::
  :by: amira
   :role: review

   Indented unevenly.

.. contribution::
   :by: amira

   :contributor:`river` said it first: a role starts this text.
"""
MISPLACED_MD = """\
```{contribution}

:by: amira
:role: review

A blank line before the options.
```

```{contribution}
:by: amira
:role: review
:by: river

Given twice.
```

```{contribution}
---
by: [amira, river]
role: [review, lived-experience-insight]
---
A list.
```

```{contribution}
:by: amira and river; p05 & p03

Joined with words.
```
"""


def test_misplaced_options_are_read_as_options_and_warned_at_their_line(
    copy_root, build
):
    src = _site(copy_root, rst=MISPLACED_RST, md=MISPLACED_MD)
    app = build(src)
    rst, md = src / "page.rst", src / "notes.md"
    where = "were written where its text goes; they were read as options"
    assert_exact_warnings(
        app,
        [
            (f"{rst}:6:", where, "option"),
            (f"{rst}:12:", where, "option"),
            (f"{rst}:18:", "the :role: option is indented differently", "option"),
            (f"{md}:5:", where, "option"),
            (
                f"{md}:14:",
                "the :by: option is given twice (first on line 12); both were read",
                "option",
            ),
        ],
    )
    blank, no_space, uneven, role_first = _blocks(app, "page.html")
    assert (
        blank
        == "Contribution By : Amira Khan Role : Review A blank line before the options."
    )
    assert no_space == "Contribution By : Amira Khan No space after the colon."
    assert uneven == "Contribution By : Amira Khan Role : Review Indented unevenly."
    assert role_first.endswith("River said it first: a role starts this text.")
    blank, twice, yaml, joined = _blocks(app, "notes.html")
    assert blank.startswith("Contribution By : Amira Khan Role : Review A blank")
    assert twice.startswith("Contribution By : Amira Khan , River Role : Review Given")
    assert yaml.startswith("Contribution By : Amira Khan , River Role : ")
    assert "Lived experience insight" in yaml
    # p05 gave no consent: counted, not named
    assert joined == (
        "Contribution By : Amira Khan , River , A member of Lived Experience "
        "Panel , 1 person who is not named Joined with words."
    ), joined


WORDS = """\
```{decision} Pay on the day
:name: pay-on-day
:status: Approved
:method: Majority
```

```{decision} Keep the hall
:name: keep-hall
:status: Accepted
```

```{dissent}
:by: amira
:status: Responded
:decision: pay-on-day

Cash is not safe for everyone.

:::{response}
:by: p03
:resolution: Addressed, not accommodated

We will offer a card too.
:::
```

```{contribution}
:by: amira
:role: Lived experience insight, Review

Said it.
```

```{decision-register}
:status: Accepted
```
"""


def test_values_in_another_case_as_labels_or_in_other_words_are_understood(
    copy_root, build
):
    """From a new user's review: ``:status: approved`` was published as
    "Proposed" (with "did you mean 'proposed'?"), ``Accepted`` and
    ``Majority`` were refused, and a role written as its label was split
    into three unknown roles."""
    src = _site(copy_root, md=WORDS)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text() + 'myst_enable_extensions = ["colon_fence"]\n'
    )
    app = build(src)
    md = src / "notes.md"
    assert_exact_warnings(
        app,
        [
            (
                f"{md}:5:",
                ":status: 'Approved' is not one of proposed, accepted, rejected, "
                "superseded; it was read as 'accepted' (write :status: accepted)",
                "option",
            )
        ],
    )
    html = (app.outdir / "notes.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "Proposed" not in text
    assert text.count("Status : Accepted") == 2
    assert "Method : Majority" in text
    assert "Status : Responded" in text
    assert "Addressed, not accommodated" in text
    (contribution,) = _blocks(app, "notes.html")
    assert "Role : Lived experience insight, Review" in contribution


SHOWN_NAMES = """\
.. contribution::
   :by: Amira Khan, River, Lived Experience Panel

   Written as the page shows them.
"""


def test_people_written_as_they_are_shown_are_read_as_their_ids(copy_root, build):
    """From a new user's review: ``:by: Amira Khan`` gave two unknown
    contributors, "Amira" and "Khan"."""
    src = _site(copy_root, rst=SHOWN_NAMES)
    app = build(src)
    rst = src / "page.rst"
    assert_exact_warnings(
        app,
        [
            (f"{rst}:5:", "'Amira Khan' is how 'amira' is shown", "unknown-person"),
            (f"{rst}:5:", "'River' is how 'river' is shown", "unknown-person"),
            (
                f"{rst}:5:",
                "'Lived Experience Panel' is how 'panel' is shown, not an id; it "
                "was read as that id (write 'panel' where an id goes)",
                "unknown-person",
            ),
        ],
    )
    (block,) = _blocks(app, "page.html")
    assert block.startswith(
        "Contribution By : Amira Khan , River , Lived Experience Panel Written"
    ), block


def test_a_name_two_people_share_or_a_group_members_label_credits_no_one(
    copy_root, build
):
    """Which of two "Amira Khan"s is meant is unknown; "A member of Lived
    Experience Panel" is how a group-only person is shown, not theirs."""
    src = _site(
        copy_root,
        rst=".. contribution::\n   :by: Amira Khan, A member of Lived Experience "
        "Panel\n\n   Said it.\n",
    )
    registry = src / "contributors.yaml"
    registry.write_text(
        registry.read_text().replace(
            "groups:\n",
            "  - id: p09\n    name: Amira Khan\n    display: name\n"
            "    consent:\n      given: 2026-03-01\ngroups:\n",
        )
    )
    app = build(src)
    warned = [line for line in warnings_of(app).splitlines() if "is how" in line]
    assert warned == [line for line in warned if "'panel'" in line], warned
    (block,) = _blocks(app, "page.html")
    assert "p03" not in block and "Amira , Khan" in block, block


SECOND_REVIEW_RST = """\
.. contribution::
   :by: amira

   :by: Dorothy Pemberton

.. contribution::

   :roles: review
   :by: Dorothy Pemberton

.. decision:: Move to quarterly meetings
   :status: accepted

   :For: fewer trips for panel members
   :Against: slower feedback

.. decision:: Pay people on the day
   :chair:Dorothy Pemberton

.. contribution::
   :by: amira, ana.k&jo@example.org, p99
"""
SECOND_REVIEW_MD = """\
:::{contribution}
:by: amira,
  river
:by: Dorothy Pemberton
Text.
:::

:::{dissent}
:by: river
 1. The survey excluded carers.
 2. The panel was not consulted.
:::

:::{contribution}
:via: workshop
    We said: pay people on the day.
:::

:::{contribution}
---
by: ["amira", "river"]
role: ["review"]
---
Quoted.
:::

:::{contribution}
:by: amira
:By: river
:::
"""


def test_a_second_review_of_options_written_as_people_write_them(copy_root, build):
    """From an attacker's review of the first version: a second ``:by:``
    left in the text, an unknown option before it, an option in a
    decision's title for want of a space published a withdrawn name; text
    after the options (a list, an indented line, a field list) was taken
    for options; "&" split an address; quoted YAML lists and ``:By:``
    lost people."""
    src = _site(copy_root, rst=SECOND_REVIEW_RST, md=SECOND_REVIEW_MD)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text() + 'myst_enable_extensions = ["colon_fence"]\n'
    )
    app = build(src)
    contents = published(app)
    for form in (b"Dorothy", b"Pemberton", b"ana.k", b"jo@example"):
        assert form not in contents, form
    warned = warnings_of(app)
    assert "Traceback" not in warned
    assert "has no :roles: option (did you mean :role:?)" in warned
    page = BeautifulSoup(
        (app.outdir / "page.html").read_text(encoding="utf-8"), "html.parser"
    )
    text = " ".join(page.get_text(" ").split())
    assert "fewer trips for panel members" in text and "slower feedback" in text
    assert "Move to quarterly meetings" in text
    assert "Pay people on the day" in text and ":chair:" not in text
    second, unknown, _after_title = _blocks(app, "page.html")[:3]
    assert second.startswith("Contribution By : Amira Khan , 1 person who is not")
    assert unknown.startswith("Contribution By : Anonymous contributor")
    last = _blocks(app, "page.html")[-1]
    assert last.startswith(
        "Contribution By : Amira Khan , p99 , 1 person who is not"
    ), last
    notes = BeautifulSoup(
        (app.outdir / "notes.html").read_text(encoding="utf-8"), "html.parser"
    )
    dissent = " ".join(notes.select_one("div.coprodoc-dissent").get_text(" ").split())
    assert "The survey excluded carers." in dissent and "Raised by : River" in dissent
    continued, via, quoted, cased = _blocks(app, "notes.html")
    assert continued.startswith(
        "Contribution By : Amira Khan , River , 1 person who is not named"
    ), continued
    assert "We said: pay people on the day." in via and "Via : workshop" in via
    assert quoted.startswith("Contribution By : Amira Khan , River Role : Review")
    assert cased.startswith("Contribution By : Amira Khan , River"), cased


def test_ids_with_signs_and_names_with_and_are_read_as_written(copy_root, build):
    """From an attacker's review: a group id "r&d" was split in two, "and"
    in a group's name kept it from being read, and ids the registry knows
    ("amira, khan" for two people) were joined into someone else's name
    when another id in the list was unknown."""
    src = _site(
        copy_root,
        rst=".. contribution::\n   :by: r&d\n\n   One.\n\n"
        ".. contribution::\n   :by: Research and Development Team\n\n   Two.\n\n"
        ".. contribution::\n   :by: amira, khan, p99\n\n   Three.\n",
    )
    registry = src / "contributors.yaml"
    registry.write_text(
        registry.read_text().replace(
            "groups:\n",
            "  - id: khan\n    name: Tariq Khan\n    display: name\n"
            "    consent:\n      given: 2026-03-01\n"
            "groups:\n  - id: r&d\n    name: Research and Development Team\n",
        )
    )
    app = build(src)
    one, two, three = _blocks(app, "page.html")
    assert one.startswith("Contribution By : Research and Development Team One")
    assert two.startswith("Contribution By : Research and Development Team Two")
    assert three.startswith("Contribution By : Amira Khan , Tariq Khan , p99"), three


def test_a_block_docutils_refuses_is_quoted_without_a_hidden_name(copy_root, build):
    """From a check of an attacker's cases: an option block docutils cannot
    read (``:chair:`` without a space after other options) is refused with
    an error that quotes the whole block, a withdrawn name with it, in the
    build log and in the doctree it keeps.  Both are redacted; the error
    still says what is wrong."""
    src = _site(
        copy_root,
        rst=".. decision:: Pay people on the day\n   :status: accepted\n"
        "   :chair:Dorothy Pemberton, dorothy@example.org\n\n   We agreed.\n",
    )
    app = build(src)
    warned = warnings_of(app)
    assert (
        'Error in "decision" directive' in warned and "invalid option block" in warned
    )
    assert ":chair:anonymous" in warned
    assert "Dorothy" not in warned and "dorothy@" not in warned
    contents = published(app)
    for form in (b"Dorothy", b"Pemberton", b"dorothy@"):
        assert form not in contents, form


def test_options_myst_refuses_are_read_as_written(copy_root, build):
    """From an attacker's review through ``make demo``: MyST drops every
    option of a block when one has no space after its colon, so an accepted
    decision was shown as "Proposed"; they are read as written."""
    src = _site(
        copy_root,
        md="```{decision} Pay parking\n:status: accepted\n"
        ":chair:Dorothy Pemberton\n\nWe agreed.\n```\n",
    )
    app = build(src)
    md = src / "notes.md"
    assert f"{md}:4: WARNING: MyST could not read the options" in warnings_of(app)
    html = (app.outdir / "notes.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "Status : Accepted" in text and "Proposed" not in text
    assert b"Dorothy" not in published(app)
