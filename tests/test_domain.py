"""The ``coprodoc`` domain: named records in ``objects.inv``, and another
site linking to them with intersphinx."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from tests.conftest import warnings_of


def inventory(path: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """``{type: {name: (uri, display name)}}`` of an ``objects.inv``."""
    with path.open("rb") as stream:
        found = InventoryFile.load(
            stream, "https://policy.example/", lambda a, b: a + b
        )
    if hasattr(found, "data"):  # Sphinx 8.2 and later wrap the mapping
        found = found.data

    def pair(item: object) -> tuple[str, str]:
        if hasattr(item, "uri"):  # Sphinx 8.2 and later
            return item.uri, item.display_name
        return item[2], item[3]  # type: ignore[index]

    return {
        kind: {name: pair(item) for name, item in items.items()}
        for kind, items in found.items()
    }


def test_objects_inv_lists_the_examples_decisions_and_dissents(example, build):
    app = build(example)
    found = inventory(app.outdir / "objects.inv")
    decision = found["coprodoc:decision"]["cash-on-the-day"]
    dissent = found["coprodoc:dissent"]["cash-safety"]
    assert decision[0] == "https://policy.example/rates.html#decision-cash-on-the-day"
    assert dissent[0] == "https://policy.example/rates.html#dissent-cash-safety"
    assert decision[1] == "Offer cash on the day"  # the decision's title
    assert "dissent in" in dissent[1]


SECOND_SITE_RST = """\
Elsewhere
=========

See :decision:`cash-on-the-day`, :coprodoc:dissent:`the dissent <cash-safety>`
and :decision:`no-such-decision`.

.. toctree::

   page
"""

SECOND_SITE_MD = """\
# Page

The decision {decision}`cash-on-the-day` in Markdown.
"""


def test_another_site_links_to_a_decision_through_intersphinx(example, build, tmp_path):
    first = build(example)
    site = tmp_path / "second"
    site.mkdir()
    local = str(first.outdir / "objects.inv")
    (site / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx.ext.intersphinx", "coprodoc"]\n'
        "coprodoc_history = False\n"
        f'intersphinx_mapping = {{"policy": ("https://policy.example/", {local!r})}}\n'
    )
    (site / "index.rst").write_text(SECOND_SITE_RST)
    (site / "page.md").write_text(SECOND_SITE_MD)
    app = build(site)
    html = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    links = {a.get_text(): a["href"] for a in html.select("a.reference.external")}
    assert links["Offer cash on the day"] == (
        "https://policy.example/rates.html#decision-cash-on-the-day"
    )
    assert links["the dissent"] == (
        "https://policy.example/rates.html#dissent-cash-safety"
    )
    page = BeautifulSoup((app.outdir / "page.html").read_text(), "html.parser")
    assert page.select_one("a.reference.external")["href"].endswith(
        "#decision-cash-on-the-day"
    )
    # Only the name nobody knows is reported, where it is written.
    text = warnings_of(app)
    unknown = [
        line for line in text.splitlines() if "[coprodoc.unknown-record]" in line
    ]
    assert len(unknown) == 1 and "'no-such-decision'" in unknown[0], text
    assert unknown[0].startswith(f"{site / 'index.rst'}:4:")
