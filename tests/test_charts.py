"""The record page's charts: SVG drawn at build time, with a text
alternative and a table beside each, in the theme's colours, escaped, and
only in HTML (other builders get the tables)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coprodoc.charts import (
    Bar,
    Series,
    _axis_positions,
    bar_chart,
    cut,
    small_multiples,
)
from tests.conftest import all_files, leaks, warnings_of
from tests.test_record_audit import council_site, table_rows

CHARTS = {
    "contribution-record-1-outside": (
        "Share of each section written by people outside the organisation"
    ),
    "contribution-record-1-time": "Contributions over time, by role",
    "contribution-record-1-status": "Dissents by status",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return council_site(tmp_path / "site").path


def record_page(app) -> BeautifulSoup:
    html = (Path(app.outdir) / "record.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def test_each_chart_is_an_image_with_a_text_alternative_and_its_table(site, build):
    app = build(site)
    assert warnings_of(app) == ""
    page = record_page(app)
    figures = page.select(".coprodoc-record-charts figure.coprodoc-chart")
    assert {figure["id"]: figure.figcaption.get_text() for figure in figures} == CHARTS
    for figure in figures:
        svg = figure.select_one("svg")
        assert svg["role"] == "img"
        title, desc = (page.find(id=ident) for ident in svg["aria-labelledby"].split())
        assert title.name == "title" and title.get_text() == CHARTS[figure["id"]]
        assert desc.name == "desc" and len(desc.get_text()) > 20
        # no JavaScript, no colour of its own: the theme's, through CSS
        assert not svg.select("script") and "fill=" not in str(svg)
        # the numbers are in a table right after the chart
        table = figure.find_next_sibling()
        assert "coprodoc-scroll" in table["class"]
        assert table.select_one("caption .caption-text").get_text() == title.get_text()


def test_the_charts_show_the_record(site, build):
    app = build(site)
    page = record_page(app)
    outside = page.find(id="contribution-record-1-outside")
    labels = [text.get_text() for text in outside.select("text")]
    # words, not lines: Amira's summary and Rowan's sentence in "Meetings",
    # her sentence in "Expenses", her dissent in "Payment"; Jo wrote the rest
    assert labels == [
        "0% Tenant involvement",
        "0% How we involve tenants",
        "67% How we involve tenants: Meetings",
        "60% How we involve tenants: Expenses",
        "63% How we involve tenants: Payment",
    ]
    widths = [rect["width"] for rect in outside.select("rect.coprodoc-chart-bar")]
    assert widths == ["66.67%", "60.00%", "62.86%"]
    shares = table_rows(page, CHARTS["contribution-record-1-outside"])
    assert [row[1] for row in shares] == ["0%", "0%", "67%", "60%", "63%"]
    assert "3 of 5 sections have words written by people outside" in (
        outside.select_one("desc").get_text()
    )
    status = page.find(id="contribution-record-1-status")
    assert status.select_one("desc").get_text() == (
        "Dissents by status: Open 0, Responded 1, Resolved 0, Withdrawn 0."
    )
    time = page.find(id="contribution-record-1-time")
    periods = [t.get_text() for t in time.select("text.coprodoc-chart-period")]
    assert periods == ["2026-03"]
    assert table_rows(page, CHARTS["contribution-record-1-time"]) == [
        ["Drafting", "3", "3"]
    ]


def test_resolutions_not_confirmed_are_counted_apart(site, build):
    """The chart's "Resolved" means what it means in the tables: a
    resolution no one who raised the dissent confirmed is counted apart."""
    policy = site / "policy.md"
    text = policy.read_text()
    policy.write_text(text.replace(":status: responded", ":status: resolved"))
    status = record_page(build(site)).find(id="contribution-record-1-status")
    assert status.select_one("desc").get_text() == (
        "Dissents by status: Open 0, Responded 0, Resolved 0, "
        "Resolved (not confirmed) 1, Withdrawn 0."
    )
    confirmed = ":status: resolved\n:confirmed-by: amira\n:confirmed: 2026-03-10"
    policy.write_text(text.replace(":status: responded", confirmed))
    status = record_page(build(site)).find(id="contribution-record-1-status")
    assert status.select_one("desc").get_text() == (
        "Dissents by status: Open 0, Responded 0, Resolved 1, Withdrawn 0."
    )


def test_chart_texts_are_escaped_and_name_no_one_hidden(site, build):
    policy = site / "policy.md"
    policy.write_text(
        policy.read_text().replace(
            "## Expenses", '## Costs 1 < 2 & "x" <script>alert("x")</script>'
        )
    )
    app = build(site)
    html = (Path(app.outdir) / "record.html").read_text("utf-8")
    svg = re.search(r'<figure class="coprodoc-chart".*?</figure>', html, re.S)
    assert svg is not None
    assert '<script>alert("x")' not in html
    assert "Costs 1 &lt; 2 &amp; “x”" in svg.group()
    for path in all_files(Path(app.outdir)):
        assert leaks(path.read_bytes(), ["Rowan Hale", "rowan@example.org"]) == []


@pytest.mark.parametrize("buildername", ["latex", "text", "man", "texinfo", "epub"])
def test_other_builders_get_the_tables(site, build, buildername):
    overrides = {"version": "1", "copyright": "2026, test"}  # for EPUB
    app = build(site, buildername, confoverrides=overrides)
    assert warnings_of(app) == ""
    out = b"".join(path.read_bytes() for path in all_files(Path(app.outdir)))
    assert b"Dissents by status" in out
    if buildername == "epub":  # HTML inside: the charts are there, well formed
        assert b'<svg xmlns="http://www.w3.org/2000/svg" role="img"' in out
    else:
        assert b"<svg" not in out and b'coprodoc-chart"' not in out


def test_long_labels_are_cut_at_a_word():
    assert cut("Short") == "Short"
    long = "How we involve tenants: Payment for travel and childcare and more"
    assert cut(long) == "How we involve tenants: Payment for travel…"
    assert len(cut(long)) <= 44


def test_axis_labels_are_few_and_include_both_ends():
    assert _axis_positions(3) == [0, 1, 2]
    found = _axis_positions(24)
    assert found[0] == 0 and found[-1] == 23 and len(found) <= 6


def test_svg_is_well_formed_and_sized_by_the_page():
    from xml.etree import ElementTree

    markup = bar_chart(
        "c", "T <1>", "D & d", [Bar("a", 0.5, "50%"), Bar("b", None, "–")]
    )
    markup += small_multiples(
        "m", "T", "D", ["2026-01", "2026-02"], [Series("r", (1, 0))]
    )
    root = ElementTree.fromstring(f"<div>{markup}</div>")
    svgs = root.findall(".//{http://www.w3.org/2000/svg}svg")
    assert len(svgs) == 2
    assert all(
        svg.get("width") == "100%" and svg.get("viewBox") is None for svg in svgs
    )
