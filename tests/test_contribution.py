"""The contribution directive, contributor role and contributors list as
readers see them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from coprodoc.nodes import contribution
from tests.conftest import warnings_of


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(), "html.parser")


def blocks(app, page: str):
    return soup(app, page).select("div.coprodoc-contribution")


def by_line(block) -> str:
    return block.select_one("p.coprodoc-by").get_text()


def test_builds_without_warnings(copy_root, build):
    app = build(copy_root("basic"))
    assert warnings_of(app) == ""


def test_each_display_mode_in_html(copy_root, build):
    app = build(copy_root("basic"))
    found = [by_line(block) for block in blocks(app, "index.html")]
    assert found == [
        "Amira Khan",
        "River, A member of Lived Experience Panel",
        "3 people who are not named",
    ]


def test_block_is_labelled_and_lists_its_details(copy_root, build):
    app = build(copy_root("basic"))
    block = blocks(app, "index.html")[0]
    assert block["role"] == "note"
    label = block.find(id=block["aria-labelledby"])
    assert label.get_text() == "Contribution"
    details = {
        dt.get_text().rstrip(":"): dt.find_next_sibling("dd").get_text().strip()
        for dt in block.select("dl.coprodoc-details > dt")
    }
    assert details == {
        "By": "Amira Khan",
        "Role": "Lived experience insight, Review",
        "Date": "2026-03-01",
        "Via": "workshop",
        "Link": "https://example.org/notes/1",
    }
    assert block.select_one("a[href='https://example.org/notes/1']")
    assert "Asked that payment is made on the day." in block.get_text()
    # The block stands inside the section it credits.
    assert block.find_parent("section")["id"] == "why-we-pay"


def test_contributor_role_resolves_through_the_registry(copy_root, build):
    app = build(copy_root("basic"))
    text = soup(app, "index.html").get_text()
    assert "Thanks to Amira Khan and Anonymous contributor." in text


def test_rst_and_myst_give_the_same_doctree(copy_root, build):
    app = build(copy_root("basic"))
    rst = next(app.env.get_doctree("index").findall(contribution))
    myst = next(app.env.get_doctree("myst").findall(contribution))
    assert rst.pformat() == myst.pformat()
    assert rst["by"] == ["amira"]
    assert rst["roles"] == ["lived-experience-insight", "review"]


def test_contributors_table(copy_root, build):
    app = build(copy_root("basic"))
    table = soup(app, "rates.html").select_one("table.coprodoc-contributors")
    assert table.caption.select_one(".caption-text").get_text() == "Contributors"
    assert [th.get_text() for th in table.select("thead th")] == [
        "Contributor",
        "Roles",
        "Sections",
    ]
    rows = {
        tr.select("td")[0].get_text(): (
            tr.select("td")[1].get_text(),
            [a["href"] for a in tr.select("td")[2].select("a")],
        )
        for tr in table.select("tbody tr")
    }
    assert rows == {
        "Amira Khan": (
            "Lived experience insight, Review",
            ["index.html#why-we-pay", "myst.html#why-we-pay"],
        ),
        "River": ("Drafting", ["index.html#who-is-paid"]),
        "Lived Experience Panel": (
            "Drafting, Research",
            ["index.html#who-is-paid", "#hourly-rate"],
        ),
        "Contributors who are not named (3)": ("Review", ["index.html#who-is-paid"]),
    }


def test_contributors_list_style(copy_root, build):
    app = build(copy_root("basic"))
    items = [
        li.get_text()
        for li in soup(app, "myst.html").select("ul.coprodoc-contributors > li")
    ]
    assert items[0].startswith(
        "Amira Khan — Lived experience insight, Review — Sections:"
    )
    assert items[-1].startswith("Contributors who are not named (3)")


def test_names_and_texts_are_escaped(copy_root, build):
    src = copy_root("basic")
    registry = src / "contributors.yaml"
    registry.write_text(
        registry.read_text().replace(
            "name: Amira Khan", "name: '<script>alert(1)</script>'"
        )
    )
    index = src / "index.rst"
    index.write_text(
        index.read_text().replace(":via: workshop", ":via: <b>workshop</b>")
    )
    app = build(src)
    html = (app.outdir / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>workshop</b>" not in html
    assert by_line(blocks(app, "index.html")[0]) == "<script>alert(1)</script>"
    table = (app.outdir / "rates.html").read_text()
    assert "<script>alert(1)</script>" not in table


def test_project_roles_extend_the_vocabulary(copy_root, build):
    src = copy_root("basic")
    index = src / "index.rst"
    index.write_text(
        index.read_text().replace(":role: drafting", ":role: peer-support")
    )
    app = build(
        src,
        confoverrides={"coprodoc_roles": {"peer-support": {"label": "Peer support"}}},
    )
    assert warnings_of(app) == ""
    assert "Peer support" in blocks(app, "index.html")[1].get_text()


@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_block_ids_never_collide_with_section_ids(suffix, copy_root, build):
    """A section titled "Contribution 1" has the id ``contribution-1``; the
    unnamed contribution beside it must take another one."""
    src = copy_root("basic")
    if suffix == ".rst":
        page = (
            "Clash\n=====\n\n.. contribution::\n   :by: amira\n\n   First.\n\n"
            "Contribution 1\n--------------\n\nText.\n\n"
            "Contribution 2\n--------------\n\n.. contribution::\n"
            "   :by: amira\n\n   Second.\n"
        )
    else:
        page = (
            "# Clash\n\n```{contribution}\n:by: amira\n\nFirst.\n```\n\n"
            "## Contribution 1\n\nText.\n\n"
            "## Contribution 2\n\n```{contribution}\n:by: amira\n\nSecond.\n```\n"
        )
    (src / f"clash{suffix}").write_text(page)
    index = src / "index.rst"
    index.write_text(index.read_text() + "\n.. toctree::\n\n   clash\n")
    app = build(src)
    html = soup(app, "clash.html")
    ids = [tag["id"] for tag in html.select("[id]")]
    assert len(ids) == len(set(ids)), ids
    assert len(html.select("div.coprodoc-contribution")) == 2
    assert "Duplicate" not in warnings_of(app)


NAMED_WITH_APOSTROPHES = """\
  - id: siobhan
    name: Siobhán O'Neill
    display: name
    consent:
      given: 2026-03-01
  - id: p09
    name: Kai Jones
    display: pseudonym
    pseudonym: Sunny's friend
    consent:
      given: 2026-03-01
"""


@pytest.mark.parametrize(
    ("buildername", "overrides", "curly"),
    [
        ("html", {}, True),
        ("html", {"smartquotes": False}, False),
        # Sphinx leaves the text builder's quotes alone (smartquotes_excludes)
        ("text", {}, False),
        ("html", {"smartquotes_excludes": {"builders": ["html"]}}, False),
    ],
)
def test_names_get_the_same_quotes_as_the_text(
    buildername, overrides, curly, copy_root, build
):
    src = copy_root("basic")
    registry = src / "contributors.yaml"
    registry.write_text(
        registry.read_text().replace("people:\n", "people:\n" + NAMED_WITH_APOSTROPHES)
    )
    (src / "rates.rst").write_text(
        "Rates\n=====\n\nO'Neill's idea: pay \"on the day\".\n\n"
        ".. contribution::\n   :by: siobhan, p09\n   :role: review\n\n"
        "   Said so.\n\n.. contributors::\n"
    )
    app = build(src, buildername, confoverrides=overrides)
    assert warnings_of(app) == ""
    suffix = ".html" if buildername == "html" else ".txt"
    text = (app.outdir / f"rates{suffix}").read_text("utf-8")
    if buildername == "html":
        text = BeautifulSoup(text, "html.parser").get_text()
    if curly:
        assert (
            "O’Neill’s idea: pay “on the day”." in text
        )  # the body, as Sphinx made it
        assert "Siobhán O’Neill, Sunny’s friend" in text  # the By line
        assert "Siobhán O'Neill" not in text and "Sunny's" not in text
    else:
        assert "O'Neill's idea" in text
        assert "Siobhán O'Neill" in text and "Sunny's friend" in text
        assert "O’Neill" not in text
