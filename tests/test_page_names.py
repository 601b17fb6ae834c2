"""A page's own text naming someone who is not shown by name: the name
leaves every output file (page, search index, copied source, record,
catalogs, doctrees), the author is told where, and the words around it,
and ordinary words that share a name's letters, stay as written.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coprodoc.namefinder import NameFinder
from coprodoc.pagenames import page_finder
from coprodoc.registry.loader import load_registry
from tests.conftest import leaks, published, warnings_of

#: What must not be published: the hidden people of tests/roots/test-basic
#: as the pages below write them (Rowan Hale is hidden too, but "rowan" and
#: "Hale" alone are a tree and a lane, which stay).
HIDDEN = [
    "Dorothy Pemberton",
    "Dorothy",
    "Pemberton",
    "Priya Nandakumar",
    "Priya",
    "Tomasz Wielgus",
    "Sam Okafor",
    "Tomasz",
    "Wielgus",
]
PLACEHOLDER = "a person who is not named"
#: The placeholder where a sentence starts.
AT_START = "A person who is not named"

NAMES_RST = """\
Workshops
=========

Dorothy said at the first workshop that Ms Pemberton agreed.

We met at the rowan tree on Hale Lane; write to help@example.org.

Amira Khan and River ran the session.

.. _priya-story:

What Priya told us
------------------

Told at `Tomasz's talk <https://example.org/tomasz-wielgus>`_.

.. decision:: Take Sam Okafor's plan
   :status: accepted
   :question: Do we take the plan P. Nandakumar wrote?

   Agreed.
"""

OTHER_RST = """\
Elsewhere
=========

See :ref:`priya-story`.

.. contribution-record::
"""

THANKS_MD = """\
# Thanks

Thanks to **Sam Okafor** and DOROTHY for the notes.
"""


def _site(copy_root) -> Path:
    src = copy_root("basic")
    (src / "names.rst").write_text(NAMES_RST, encoding="utf-8")
    (src / "other.rst").write_text(OTHER_RST, encoding="utf-8")
    (src / "thanks.md").write_text(THANKS_MD, encoding="utf-8")
    index = src / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\n.. toctree::\n\n   names\n   other\n   thanks\n",
        encoding="utf-8",
    )
    return src


def _hidden_name_lines(app) -> list[str]:
    return [
        line.split(": WARNING")[0]
        for line in warnings_of(app).splitlines()
        if line.endswith("[coprodoc.hidden-name]")
    ]


@pytest.mark.parametrize(
    "buildername",
    [
        "html",
        "dirhtml",
        "singlehtml",
        "text",
        "gettext",
        "latex",
        "man",
        "texinfo",
        "epub",
    ],
)
def test_a_hidden_persons_name_leaves_every_output_file(buildername, copy_root, build):
    src = _site(copy_root)
    app = build(src, buildername)
    everything = published(app)
    assert leaks(everything, HIDDEN) == []
    assert b"Rowan Hale" not in everything
    text = warnings_of(app)
    assert "Traceback" not in text
    assert "ref.ref" not in text  # the renamed label is still found


def test_the_page_reads_as_written_but_for_the_name(copy_root, build):
    src = _site(copy_root)
    app = build(src, confoverrides={"coprodoc_record": True})
    out = Path(app.outdir)
    page = BeautifulSoup(
        (out / "names.html").read_text(encoding="utf-8"), "html.parser"
    )
    body = " ".join(page.get_text(" ").split())
    assert f"{AT_START} said at the first workshop that {PLACEHOLDER} agreed" in body
    # ordinary words with a hidden name's letters, an office's address and
    # the names of people who agreed to be named stay as written
    lane = page.find(string=re.compile("rowan tree")).parent
    assert lane.get_text() == (
        "We met at the rowan tree on Hale Lane; write to help@example.org."
    )
    assert "Amira Khan and River ran the session." in body
    assert f"What {PLACEHOLDER} told us" in body
    # the link from another page goes to the section under its new anchor
    other = (out / "other.html").read_text(encoding="utf-8")
    anchor = re.search(r'href="names\.html#([^"]+)"', other)
    assert anchor is not None
    assert page.find(id=anchor.group(1)) is not None
    # the decision's title and question, in the record too
    record = json.loads((out / "coprodoc-record.json").read_text(encoding="utf-8"))
    shown = json.dumps(record, ensure_ascii=False)
    assert f"Take {PLACEHOLDER}'s plan" in shown
    assert "Nandakumar" not in shown


def test_the_author_is_told_each_line(copy_root, build):
    src = _site(copy_root)
    app = build(src)
    names = src / "names.rst"
    assert _hidden_name_lines(app) == [
        f"{names}:4",  # Dorothy ... Ms Pemberton
        f"{names}:10",  # the label
        f"{names}:13",  # the title (docutils gives its underline's line)
        f"{names}:15",  # the link's text and address
        f"{names}:17",  # the decision's title and question
        f"{src / 'other.rst'}:4",  # a reference to the label
        f"{src / 'thanks.md'}:3",
    ]


def test_a_withdrawal_reaches_pages_built_before_it(copy_root, build):
    """Incremental: the page was built while Dorothy consented; her
    withdrawal re-reads it, and its copied source is mended too."""
    src = _site(copy_root)
    registry = src / "contributors.yaml"
    written = registry.read_text(encoding="utf-8")
    registry.write_text(
        written.replace("      withdrawn: 2026-05-01\n", ""), encoding="utf-8"
    )
    hidden = ["Dorothy Pemberton", "Dorothy", "Pemberton"]
    app = build(src)
    assert leaks(published(app), hidden) != []  # she was named, with consent
    registry.write_text(written, encoding="utf-8")
    app = build(src)
    assert leaks(published(app), hidden) == []
    copy = (Path(app.outdir) / "_sources" / "names.rst.txt").read_text(encoding="utf-8")
    assert "Dorothy" not in copy and "Pemberton" not in copy


def test_parallel_builds_redact_the_same(copy_root, build):
    src = _site(copy_root)
    app = build(src, parallel=2)
    assert leaks(published(app), HIDDEN) == []
    assert len(_hidden_name_lines(app)) == 7


#: Hidden people for the sentences below; Amira Patel is named on the site.
FINDER_HIDDEN = [
    "Grace Young",
    "Rowan Hale",
    "Amira Khan",
    "Zofia Wiśniewska",
    "Will Read",
    "Mark Field",
    "Rose Hill",
    "Siobhan O'Neil",
    "Anna van der Berg",
]
P = PLACEHOLDER
#: Sentences from policy, care, housing and software pages, and how each
#: is published (None: as written).
SENTENCES = [
    ("Amira said at the first workshop.", f"{AT_START} said at the first workshop."),
    ("AMIRA KHAN chaired; so did khan, amira.", f"{AT_START} chaired; so did {P}."),
    ("A. Khan and Amira K. and Ms Khan agreed.", f"{AT_START} and {P} and {P} agreed."),
    ("Amira’s idea", f"{AT_START}’s idea"),
    ("Rowan\nHale wrote it", f"{AT_START} wrote it"),
    ("Ms Young spoke to young people.", f"{AT_START} spoke to young people."),
    ("Then Grace said no.", f"Then {P} said no."),
    ("Grace\u2011Young wrote it.", f"{AT_START} wrote it."),
    ("Ms O'Neil and Dr van der Berg spoke.", f"{AT_START} and {P} spoke."),
    ("Will Read and Rose Hill came.", f"{AT_START} and {P} came."),
    ("Zo\ufe0ffia said so.", f"{AT_START} said so."),
    ("Zofia\nWiśniewska said so.", f"{AT_START} said so."),
    ("Amira Patel chaired.", None),
    ("Planting rowan trees on Hale Lane.", None),
    ("Tenants have a grace period of 14 days.", None),
    ("Young people leaving care get a personal adviser.", None),
    ("The Khan Academy course is free.", None),
    ("Contact housing@example.gov.uk for repairs.", None),
    ("Merge branch 'amira/fix' into main", None),
    ("Will the council act?", None),
    ("The service will read your meter.", None),
    ("In the form field, mark the box.", None),
    ("Walk up rose hill.", None),
    ("Prices Rose Sharply After The Review", None),
    ("Rents ROSE by 4% and the landlord WILL repair.", None),
    ("Thanks to Grace for the notes.", f"Thanks to {P} for the notes."),
    ("Making a Will is free.", None),
    ("Each Will must be witnessed.", None),
    ("The CE Mark shows the hoist is safe.", None),
    ("Select Mark as Complete.", None),
    ("Click the Mark button.", None),
    ("The Grace Period applies.", None),
    ("We use the Rose Model.", None),
    ("We Will Not Tolerate Abuse.", None),
    ("Patients on Rose Ward are seen daily.", None),
]


@pytest.mark.parametrize(("written", "published_as"), SENTENCES)
def test_what_counts_as_naming_someone(written, published_as):
    finder = NameFinder(PLACEHOLDER, FINDER_HIDDEN, shown=["Amira Patel"])
    assert finder.may_name(written) or published_as is None
    assert finder.replaced(written)[0] == (published_as or written)


@pytest.mark.parametrize(
    ("label", "named"),
    [
        ("zofia-notes", True),
        ("grace-young-plan", True),
        ("what-we-will-do", False),
        ("grace_period", False),
        ("rose-theme", False),
        ("hale-lane", False),
        ("grace-youngs-section", True),
        ("young-grace", True),
    ],
)
def test_what_counts_as_naming_someone_in_a_label(label, named):
    finder = NameFinder(PLACEHOLDER, FINDER_HIDDEN)
    assert finder.replaced(label, identifier=True)[1] is named


def test_a_named_persons_given_name_is_not_hidden(tmp_path):
    """Amira consented: her ``given-names`` ("Amira") is not withheld as a
    stray name of the file, so "Amira said" stays as written."""
    registry_file = tmp_path / "contributors.yaml"
    registry_file.write_text(
        "# git: the addresses (or names) people use for git\n"
        "people:\n"
        "  - id: amira\n"
        "    name: Amira Khan\n"
        "    given-names: Amira\n"
        "    family-names: Khan\n"
        "    display: name\n"
        "    consent: {given: 2026-01-01}\n"
        "  - id: p02\n"
        "    name: Rowan Hale\n"
        "    given-names: Rowan\n"
        "    family-names: Hale\n"
        "    display: anonymous\n"
        "    consent: {given: 2026-01-01}\n",
        encoding="utf-8",
    )
    registry, problems = load_registry(registry_file, [])
    assert problems == []
    finder = page_finder(registry)
    for written in (
        "Amira said at the first workshop.",
        "The panel met on Hale Lane.",
        "The addresses people use for git.",
    ):
        assert finder.replaced(written) == (written, False)
    assert finder.replaced("Rowan Hale wrote it.")[0] == f"{AT_START} wrote it."


MORE_RST = """\
More
====

.. index:: single: Dorothy Pemberton; notes

.. _dorothy-glossary:

.. glossary::

   Priya Nandakumar
      The panel's first chair.

See :term:`Priya Nandakumar` and the notes [Dorothy-2020]_.

.. [Dorothy-2020] Notes by Dorothy Pemberton.

.. decision:: Keep the notes
   :name: dorothy-pemberton-notes
   :status: accepted

   Agreed.

See :decision:`dorothy-pemberton-notes` and
`the notes <https://example.org/dorothy-pemberton%20notes>`_.
"""

MORE_MD = """\
(dorothy-notes)=
# Notes from Dorothy

Thanks to Dorothy
Pemberton, and to [the notes](#dorothy-notes) and
[the other page](more.rst#dorothy-glossary).

## Tomasz Wielgus's section

Thanks to *Priya* Nandakumar and [Sam](https://example.org) Okafor; see
<https://example.org/people/tomasz-wielgus>,
[the list](https://example.org/Tomasz%20Wielgus) and
[the section](#tomasz-wielguss-section).
"""


def test_terms_index_citations_and_links_lose_the_name_and_still_work(copy_root, build):
    src = _site(copy_root)
    (src / "more.rst").write_text(MORE_RST, encoding="utf-8")
    (src / "notes.md").write_text(MORE_MD, encoding="utf-8")
    index = src / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8") + "   more\n   notes\n", encoding="utf-8"
    )
    app = build(src, confoverrides={"myst_heading_anchors": 2})
    out = Path(app.outdir)
    inventory = (out / "objects.inv").read_bytes().split(b"\n", 4)
    everything = published(app) + zlib.decompress(inventory[4])
    assert leaks(everything, HIDDEN) == []
    text = warnings_of(app)
    assert "Traceback" not in text
    # every reference still finds what it points at
    for broken in (
        "[ref.",
        "[myst.xref",
        "citation not found",
        "term not in glossary",
        "[coprodoc.unknown-record]",
    ):
        assert broken not in text, text
    more = BeautifulSoup((out / "more.html").read_text(encoding="utf-8"), "html.parser")
    term = more.select_one("a.reference.internal[href*='term-']")
    assert term is not None and more.find(id=term["href"].split("#")[1]) is not None
    assert f"{src / 'more.rst'}:17" in _hidden_name_lines(app)  # the decision


def test_markup_typed_into_a_registry_name_does_not_hide_its_first_name():
    """ "<b>Ottoline</b> Fairweather-Ngata" in the registry: the tag is no
    part of the name, so "Ottoline" alone is still her first name (found by
    helper 37: "b" was taken for it, and "Ottoline too" was published)."""
    marked = NameFinder(PLACEHOLDER, ["<b>Ottoline</b> Fairweather-Ngata"])
    plain = NameFinder(PLACEHOLDER, ["Ottoline Fairweather-Ngata"])
    for text in ("Zeb said so, Ottoline too.", "Ottoline Fairweather-Ngata spoke."):
        assert marked.replaced(text) == plain.replaced(text)
    assert marked.replaced("Ottoline too.")[0] == f"{AT_START} too."
