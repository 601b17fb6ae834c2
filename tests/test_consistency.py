"""Parallel and incremental builds give exactly what a fresh serial build does."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from coprodoc.data import get_data
from tests.conftest import warnings_of

PEOPLE = ["amira", "river", "p03", "p04", "panel"]
ROLES = ["drafting", "review", "research", "user-testing"]


RST_PAGE = """\
Page {n}
========

Part A of {n}
----------------

.. contribution::
   :by: {who}
   :role: {role}
   :date: 2026-04-{day:02d}

Part B of {n}
----------------

.. contribution::
   :by: {other}, {who}
   :via: workshop

   Notes {n}.
"""

MYST_PAGE = """\
# Page {n}

## Part A of {n}

```{{contribution}}
:by: {who}
:role: {role}
:date: 2026-04-{day:02d}
```

## Part B of {n}

```{{contribution}}
:by: {other}, {who}
:via: workshop

Notes {n}.
```
"""


def write_pages(src: Path, count: int = 14) -> None:
    """Half rST, half MyST; each with two sections and two contributions."""
    for n in range(count):
        fields = {
            "n": n,
            "day": n + 1,
            "who": PEOPLE[n % 5],
            "other": PEOPLE[(n + 2) % 5],
            "role": ROLES[n % 4],
        }
        if n % 2:
            (src / f"page-{n:02d}.md").write_text(MYST_PAGE.format(**fields))
        else:
            (src / f"page-{n:02d}.rst").write_text(RST_PAGE.format(**fields))


def many(copy_root, dest: str = "many") -> Path:
    src = copy_root("many", dest)
    write_pages(src)
    return src


def people_table(app) -> str:
    html = (app.outdir / "people.html").read_text()
    return str(
        BeautifulSoup(html, "html.parser").select_one("table.coprodoc-contributors")
    )


def records(app):
    return get_data(app.env).all_contributions()


def test_parallel_build_matches_serial_build(copy_root, build):
    serial = build(many(copy_root, "serial"))
    parallel = build(many(copy_root, "parallel"), parallel=4)
    assert parallel.parallel == 4 and parallel.is_parallel_allowed("read")
    assert len(records(serial)) == 29  # 14 pages x 2, plus the index page
    assert records(parallel) == records(serial)
    assert people_table(parallel) == people_table(serial)
    assert warnings_of(parallel) == warnings_of(serial) == ""


def fresh_build_of(build, src: Path, tmp: Path):
    """A fresh serial build of a copy of *src* (without its build folder)."""
    copy = tmp / f"fresh-{src.name}"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("_build"))
    return build(copy)


def test_edit_one_page_leaves_no_stale_or_duplicate_records(copy_root, build, tmp_path):
    src = many(copy_root)
    build(src)
    page = src / "page-04.rst"
    page.write_text(
        page.read_text()
        .replace(":by: river, panel", ":by: p03")
        .replace("Part B of 4", "Part Beta of 4")
    )
    again = build(src)
    assert "page-04" in again.env.found_docs
    fresh = fresh_build_of(build, src, tmp_path)
    assert records(again) == records(fresh)
    mine = [r for r in records(again) if r.docname == "page-04"]
    assert [(r.section_title, r.by) for r in mine] == [
        ("Part A of 4", ("panel",)),
        ("Part Beta of 4", ("p03",)),
    ]
    # people.html was not edited, but it lists records and must be rewritten.
    assert people_table(again) == people_table(fresh)
    assert "Part Beta of 4" in people_table(again)
    assert "Part B of 4" not in people_table(again)


def test_delete_one_page_removes_its_records(copy_root, build, tmp_path):
    src = many(copy_root)
    build(src, parallel=2)
    (src / "page-07.md").unlink()
    again = build(src, parallel=2)
    assert not any(r.docname == "page-07" for r in records(again))
    fresh = fresh_build_of(build, src, tmp_path)
    assert records(again) == records(fresh)
    assert people_table(again) == people_table(fresh)
    assert "page-07" not in people_table(again)


def test_add_one_page_adds_its_records(copy_root, build, tmp_path):
    src = many(copy_root)
    build(src)
    (src / "page-99.rst").write_text(
        "Page 99\n=======\n\n.. contribution::\n   :by: river\n   :role: translation\n"
    )
    again = build(src)
    fresh = fresh_build_of(build, src, tmp_path)
    assert records(again) == records(fresh)
    assert people_table(again) == people_table(fresh)
    assert "page-99.html" in people_table(again)


def test_rebuild_without_changes_writes_the_same(copy_root, build):
    src = many(copy_root)
    first = build(src)
    before = people_table(first), records(first)
    second = build(src)
    assert (people_table(second), records(second)) == before
