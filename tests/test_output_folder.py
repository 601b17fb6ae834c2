"""An output folder written incrementally holds what a fresh build would,
names included: after a build that named files, one that stopped half-way,
a title taken off a page, or a page removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from tests.conftest import all_files, leaks, warnings_of
from tests.gitutil import Repo

WITHDRAWN = "      review: 2027-03-01\n      withdrawn: 2026-06-01\n"


def withdraw_amira(src: Path) -> None:
    registry = src / "contributors.yaml"
    text = registry.read_text()
    registry.write_text(text.replace("      review: 2027-03-01\n", WITHDRAWN))


def output_text(folder: Path) -> bytes:
    return b"\n".join(path.read_bytes() for path in all_files(folder))


def test_a_build_of_named_files_does_not_mark_the_folder_up_to_date(
    copy_root, build, make_app
):
    """Withdrawing consent writes every page again; a build that writes
    only the files named on the command line cannot, so the next build
    still does."""
    src = copy_root("basic")
    build(src)
    assert b"Amira Khan" in (src / "_build" / "html" / "myst.html").read_bytes()
    withdraw_amira(src)
    app = make_app("html", srcdir=src)
    app.build(filenames=[str(src / "rates.rst")])
    app.cleanup()
    build(src)  # nothing changed since: Sphinx alone would write nothing
    contents = output_text(src / "_build" / "html")
    assert b"Amira Khan" not in contents  # her id stays in the copied sources
    assert leaks(contents, ["Khan"]) == []
    index = (src / "_build" / "html" / "searchindex.js").read_text()
    assert '"myst"' in index  # the index holds every page again


def test_a_build_that_stops_half_way_is_finished_by_the_next(
    copy_root, build, make_app
):
    """Sphinx saves what it read before it writes: after a build that
    stopped while writing, it sees nothing to do, and the index would keep
    the words of the page as it was."""
    src = copy_root("basic")
    page = src / "thanks.rst"
    thanks = ":orphan:\n\nThanks\n======\n\nThanks to {} for the rota.\n"
    page.write_text(thanks.format("Zebedee Quartermaine"))
    build(src)
    page.write_text(thanks.format("the panel"))

    def stop(app, pagename, *args):
        if pagename == "genindex":  # every page written, the index not yet
            raise KeyboardInterrupt  # as Ctrl-C would

    app = make_app("html", srcdir=src)
    app.connect("html-page-context", stop)
    with pytest.raises((KeyboardInterrupt, ExtensionError)):
        app.build()
    app.cleanup()
    build(src)
    index = (src / "_build" / "html" / "searchindex.js").read_text()
    assert "quartermain" not in index and "zebede" not in index
    assert '"panel":' in index


def test_a_name_taken_off_a_title_leaves_every_page(copy_root, build):
    """Other pages show a page's title (the sidebar, "Next" links) and a
    toctree's caption; Sphinx writes again only the pages whose sources
    changed, and their parents.  (A surname alone is left in a page's text
    as written, see tests/test_page_names.py: "Hale Lane" is a place.)"""
    src = copy_root("basic")
    index = src / "index.rst"
    index.write_text(
        index.read_text().replace(
            ".. toctree::\n\n   rates\n   myst\n",
            ".. toctree::\n   :caption: Work with Nandakumar\n\n"
            "   rates\n   myst\n   beta\n   gamma\n",
        )
    )
    (src / "beta.rst").write_text("Beta\n====\n\nSome text.\n")
    gamma = src / "gamma.rst"
    gamma.write_text("Gamma with Wielgus\n==================\n\nText.\n")
    app = build(src)
    assert b"Wielgus" in (Path(app.outdir) / "beta.html").read_bytes()  # can fail
    gamma.write_text("Gamma\n=====\n\nText.\n")
    index.write_text(index.read_text().replace(" with Nandakumar", ""))
    build(src)
    assert leaks(output_text(Path(app.outdir)), ["Wielgus", "Nandakumar"]) == []


def test_a_removed_page_leaves_no_file_behind(copy_root, build):
    """Its page, its copied source (whatever its suffix) and its doctree,
    which Sphinx keeps in the doctree folder, inside the output folder when
    only one folder is given."""
    src = copy_root("basic")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'html_sourcelink_suffix = ""\n')
    page = src / "gone.rst"
    page.write_text(":orphan:\n\nGone\n====\n\nDorothy Pemberton wrote this.\n")
    (src / "sub").mkdir()
    (src / "sub" / "kept.rst").write_text(":orphan:\n\nKept\n====\n\nStays.\n")
    app = build(src)
    out = Path(app.outdir)
    assert (out / "_sources" / "gone.rst").is_file()  # the check can fail
    page.unlink()
    app = build(src)
    assert not (out / "_sources" / "gone.rst").exists()
    assert not (out / "gone.html").exists()
    doctrees = Path(app.doctreedir)
    assert (doctrees / "rates.doctree").is_file()
    assert (doctrees / "sub" / "kept.doctree").is_file()
    assert not (doctrees / "gone.doctree").exists()
    (src / "rates.rst").write_text((src / "rates.rst").read_text() + "\nMore.\n")
    build(src)  # the kept pages' doctrees still load
    assert leaks(output_text(src / "_build"), ["Pemberton"]) == []


@pytest.mark.parametrize("buildername", ["pickle", "json"])
def test_serialising_builders_keep_their_index_clean(buildername, copy_root, build):
    """The ``pickle`` and ``json`` builders write their index in their own
    format: words no page holds are dropped from it too, without a
    traceback."""
    src = copy_root("basic")
    page = src / "thanks.rst"
    thanks = ":orphan:\n\nThanks\n======\n\nThanks to {} for the rota.\n"
    page.write_text(thanks.format("Zebedee Quartermaine"))
    app = build(src, buildername)
    page.write_text(thanks.format("the panel"))
    app = build(src, buildername)
    suffix = ".json" if buildername == "json" else ".pickle"
    index = Path(app.outdir) / f"searchindex{suffix}"
    assert index.is_file()
    if buildername == "json":
        terms = json.loads(index.read_text())["terms"]
        assert "panel" in terms
        assert [word for word, pages in terms.items() if pages == []] == []
        assert "quartermain" not in terms


def test_removing_a_page_whose_question_git_knew_builds(tmp_path, build):
    """git knew the removed page's question (a decision with a date and a
    question); asking Sphinx to write that page again stopped the build."""
    repo = Repo(tmp_path / "site")
    decision = (
        "B\n=\n\n.. decision:: Pay hourly\n   :name: pay-hourly\n"
        "   :date: 2026-05-14\n   :question: Should we pay by the hour?\n"
    )
    repo.commit(
        "Start",
        {
            "conf.py": 'extensions = ["coprodoc"]\nexclude_patterns = ["_build"]\n',
            "contributors.yaml": "people: []\n",
            "index.rst": "Home\n====\n\n.. toctree::\n   :glob:\n\n   *\n",
            "b.rst": decision,
        },
    )
    app = build(repo.path)
    assert (Path(app.outdir) / "b.html").is_file()
    (repo.path / "b.rst").unlink()
    app = build(repo.path)  # stopped with KeyError: 'b'
    assert not (Path(app.outdir) / "b.html").exists()
    assert "Pay hourly" not in (Path(app.outdir) / "index.html").read_text()


def test_a_removed_pages_authorship_view_is_deleted_whatever_its_suffix(
    tmp_path, build
):
    """The authorship view of a removed page holds its words and its
    contributors' names; it went only when pages ended in ``.html``."""
    repo = Repo(tmp_path / "site")
    repo.commit(
        "Start",
        {
            "conf.py": 'extensions = ["coprodoc"]\nexclude_patterns = ["_build"]\n'
            'coprodoc_authorship_view = True\nhtml_file_suffix = ".htm"\n',
            "contributors.yaml": "people: []\n",
            "index.rst": "Home\n====\n\n.. toctree::\n   :glob:\n\n   *\n",
            "gone.rst": "Gone\n====\n\nWords that go.\n",
        },
    )
    app = build(repo.path)
    view = Path(app.outdir) / "_authorship" / "gone.htm"
    assert view.is_file()  # the check can fail
    (repo.path / "gone.rst").unlink()
    build(repo.path)
    assert not view.exists()
    assert (Path(app.outdir) / "_authorship" / "index.htm").is_file()


def test_the_marker_is_not_part_of_an_epub(copy_root, build):
    """The epub builder warns about each file it has no type for: a second
    build into the same folder failed ``-W`` on coprodoc's marker."""
    src = copy_root("basic")
    overrides = {"version": "1.0", "copyright": "2026, test"}
    build(src, "epub", confoverrides=overrides)
    app = build(src, "epub", confoverrides=overrides)
    assert (Path(app.outdir) / ".coprodoc-output").is_file()
    assert warnings_of(app) == ""


@pytest.mark.parametrize("buildername", ["coprodoc-record", "gettext"])
def test_builders_without_pages_of_html_also_drop_a_removed_pages_files(
    buildername, copy_root, build
):
    """The record builder's doctrees and gettext's catalogs hold a page's
    words too."""
    src = copy_root("basic")
    page = src / "gone.rst"
    page.write_text(":orphan:\n\nGone\n====\n\nNotes from Zebedee.\n")
    app = build(src, buildername)
    out, doctrees = Path(app.outdir), Path(app.doctreedir)
    assert (doctrees / "gone.doctree").is_file()  # the check can fail
    page.unlink()
    build(src, buildername)
    assert not (doctrees / "gone.doctree").exists()
    assert not (out / "gone.pot").exists()
    assert b"Zebedee" not in output_text(src / "_build")


def test_another_builds_doctrees_below_this_ones_are_left_alone(copy_root, build):
    """Another build may keep its doctrees in a folder inside this build's
    (``-d dts`` and ``-d dts/cy``): they are not this build's to delete."""
    src = copy_root("basic")
    (src / "extra.rst").write_text(":orphan:\n\nExtra\n=====\n\nOnly in Welsh.\n")
    english = src / "_build" / "en"
    welsh = build(src, builddir=english / "doctrees" / "cy")
    kept = Path(welsh.doctreedir) / "extra.doctree"
    assert kept.is_file()
    build(
        src,
        builddir=english,
        confoverrides={"exclude_patterns": ["_build", "extra.rst"]},
    )
    assert kept.is_file()


def _retitle_rates(src: Path) -> None:
    rates = src / "rates.rst"
    rates.write_text(rates.read_text().replace("Rates\n=====\n", "Fees\n====\n", 1))


def _move_amiras_contribution(src: Path) -> None:
    index = src / "index.rst"
    index.write_text(index.read_text().replace("   :by: amira\n", "   :by: river\n", 1))


def test_a_builder_sharing_the_doctrees_writes_what_another_was_asked_to(
    copy_root, build
):
    """Builders share one environment (``sphinx-build -M`` keeps one
    doctree folder): a text build that took a changed title and changed
    records must not leave the HTML pages that show them as they were."""
    src = copy_root("basic")
    html = build(src)
    out = Path(html.outdir)
    assert "Rates" in (out / "myst.html").read_text()  # the "Previous" link
    contributors = (out / "rates.html").read_text()
    _retitle_rates(src)
    _move_amiras_contribution(src)
    build(src, "text")  # shares src/_build/doctrees with the HTML build
    build(src)
    assert "Rates" not in (out / "myst.html").read_text()
    assert (out / "rates.html").read_text() != contributors  # the list changed
    fresh = build(src, builddir=src / "_fresh")
    assert (Path(fresh.outdir) / "rates.html").read_text().count("River") == (
        out / "rates.html"
    ).read_text().count("River")


def test_a_build_of_named_files_leaves_the_pages_it_skipped_to_the_next(
    copy_root, build, make_app
):
    """Changed records must show on the pages that list them: a build that
    writes only the files named on the command line skips those pages, so
    the next build writes them."""
    src = copy_root("basic")
    app = build(src)
    listing = Path(app.outdir) / "rates.html"
    before = listing.read_text()
    _move_amiras_contribution(src)
    named = make_app("html", srcdir=src)
    named.build(filenames=[str(src / "index.rst")])
    named.cleanup()
    assert listing.read_text() == before  # skipped, as asked
    build(src)
    assert listing.read_text() != before
