"""What an auditor reads: the record, the registers and the contributors
list say what they count, on a small council site written in MyST and
committed to a real git repository (fixed dates) by four people."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coprodoc.record.files import JSON_NAME
from tests.conftest import all_files, leaks, warnings_of
from tests.gitutil import Repo

CONF = """\
project = "Tenant involvement"
extensions = ["myst_parser", "coprodoc"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
coprodoc_organisation_groups = ["staff"]
coprodoc_reproducible_record = True
"""

REGISTRY = """\
people:
  - id: jo
    name: Jo Bennett
    display: name
    groups: [staff]
    git: ["jo@riverside.example"]
    consent: {given: 2026-01-01}
  - id: amira
    name: Amira Khan
    display: name
    groups: [panel]
    git: ["amira@example.org"]
    consent: {given: 2026-01-01}
  - id: p07
    name: Rowan Hale
    display: anonymous
    groups: [panel]
    git: ["rowan@example.org"]
    consent: {given: 2026-01-01}
groups:
  - id: staff
    name: Involvement team
  - id: panel
    name: Tenants' Panel
"""

INDEX = """\
# Tenant involvement

How tenants take part in decisions about their homes.

```{toctree}
policy
registers
about
record
```
"""

POLICY = """\
# How we involve tenants

## Meetings

:::{plain-language}
:by: amira

We meet every month. You can come.
:::

Meetings are held monthly in the community hall.

## Expenses

We pay travel costs.

## Payment

:::{decision} Pay tenants for their time
:name: pay-time
:status: accepted
:method: consensus

We pay tenants for their time.
:::

::::{dissent}
:by: amira
:status: responded
:decision: pay-time

Vouchers are not the same as money. People need cash for the bus home.
Some of us cannot use a voucher at all, because the shops that take them
are far away from where we live, and the buses there stop early in the
evening, so a voucher paid at a late meeting is worth nothing that night.

:::{response}
:by: jo
:resolution: accommodated

We pay in cash or by bank transfer, as each person prefers.
:::
::::
"""

REGISTERS = """\
# Registers

## Decisions

```{decision-register}
```

## Dissents

```{dissent-register}
```
"""

ABOUT = """\
# About this policy

Thanks to everyone who took part.

## Contributors

```{contributors}
```

## Summaries

```{plain-language-coverage}
```
"""

RECORD = """\
# The record

```{contribution-record}
```
"""


def council_site(path: Path) -> Repo:
    """The site, committed: Jo writes it; Amira adds to "Expenses" in git
    only (no contribution block names her there); Rowan, who asked not to
    be named, adds a sentence to "Meetings"."""
    repo = Repo(path)
    (path / ".gitignore").write_text("_build/\n")
    repo.commit(
        "First draft",
        {
            "conf.py": CONF,
            "contributors.yaml": REGISTRY,
            "index.md": INDEX,
            "policy.md": POLICY,
            "registers.md": REGISTERS,
            "about.md": ABOUT,
            "record.md": RECORD,
        },
    )
    policy = POLICY.replace(
        "We pay travel costs.\n",
        "We pay travel costs.\nWe also pay for childcare while you take part.\n",
    )
    repo.commit("Childcare", {"policy.md": policy}, "amira")
    policy = policy.replace(
        "Meetings are held monthly in the community hall.\n",
        "Meetings are held monthly in the community hall.\n"
        "There is a quiet room next to the hall.\n",
    )
    repo.commit("Quiet room", {"policy.md": policy}, "rowan")
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return council_site(tmp_path / "site")


@pytest.fixture
def site(repo: Repo) -> Path:
    return repo.path


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text("utf-8"), "html.parser")


def table_rows(soup: BeautifulSoup, caption: str) -> list[list[str]]:
    for table in soup.select("table"):
        found = table.select_one("caption .caption-text")
        if found is not None and found.get_text() == caption:
            return [
                [cell.get_text(" ", strip=True) for cell in row.select("td")]
                for row in table.select("tbody tr")
            ]
    raise AssertionError(f"no table captioned {caption!r}")


def record_of(build, site: Path) -> tuple[dict, dict[str, list[dict[str, str]]]]:
    app = build(site, "coprodoc-record")
    assert warnings_of(app) == ""
    out = Path(app.outdir)
    record = json.loads((out / JSON_NAME).read_text("utf-8"))
    csvs = {
        name: list(csv.DictReader(io.StringIO((out / name).read_text("utf-8"))))
        for name in ("dissents.csv", "sections.csv")
    }
    return record, csvs


def sections_of(record: dict) -> dict[tuple[str, str], dict]:
    return {
        (document["docname"], section["id"]): section
        for document in record["documents"]
        for section in document["sections"]
    }


def test_a_dissent_is_recorded_in_its_own_words_without_the_page_label(site, build):
    record, csvs = record_of(build, site)
    dissent = sections_of(record)["policy", "payment"]["dissents"][0]
    assert dissent["text"].startswith("Vouchers are not the same as money.")
    assert "In their own words" not in json.dumps(record)
    assert [row["text"] for row in csvs["dissents.csv"]] == [dissent["text"]]


def test_a_summary_by_someone_outside_counts_as_their_contribution(site, build):
    record, _csvs = record_of(build, site)
    meetings = sections_of(record)["policy", "meetings"]
    # no contribution block there: Amira's summary is her part in it
    assert meetings["contributions"] == []
    assert meetings["summaries"][0]["by"] == ["amira"]
    assert meetings["outside_contribution"] is True
    amira = next(p for p in record["totals"]["people"] if p["person"] == "amira")
    assert amira["sections"] == 3  # Meetings (summary), Expenses (git), Payment


def test_registers_and_the_record_are_not_counted_as_policy_text(site, build):
    record, csvs = record_of(build, site)
    sections = sections_of(record)
    listing = sorted(
        key for key, section in sections.items() if section["lists_records"]
    )
    assert listing == [
        ("about", "about-this-policy"),
        ("about", "contributors"),
        ("about", "summaries"),
        ("record", "the-record"),
        ("registers", "decisions"),
        ("registers", "dissents"),
        ("registers", "registers"),
    ]
    # Jo alone wrote the index and "How we involve tenants": those two only
    assert record["totals"]["sections_without_outside_contribution"] == 2
    assert {row["section_id"]: row["lists_records"] for row in csvs["sections.csv"]}[
        "the-record"
    ] == "yes"

    app = build(site)
    flagged = page(app, "record.html").select_one(".coprodoc-record-flagged")
    assert [a.get_text() for a in flagged.select("a")] == [
        "Tenant involvement",
        "How we involve tenants",
    ]
    assert "2 of 5 sections:" in flagged.get_text()
    about = page(app, "about.html")
    caption = about.select_one("table.coprodoc-coverage caption .caption-text")
    assert caption.get_text() == "Plain-language summaries: 1 of 5 sections"
    covered = [row[0] for row in table_rows(about, caption.get_text())]
    assert not any(
        title.startswith(("Registers", "About", "The record")) for title in covered
    )


def test_coverage_follows_a_page_that_stops_listing_records(site, build):
    build(site)
    about = site / "about.md"
    about.write_text(about.read_text().replace("```{contributors}\n```\n", "Thanks.\n"))
    app = build(site)  # incremental: about.md changed, nothing else
    caption = page(app, "about.html").select_one("table.coprodoc-coverage caption")
    # "About this policy" and "Contributors" are text now, "Summaries" lists
    assert "1 of 7 sections" in caption.get_text()


def test_the_contributors_list_shows_sections_shaped_through_git(site, build):
    app = build(site)
    rows = {row[0]: row for row in table_rows(page(app, "about.html"), "Contributors")}
    # Amira has no contribution block in "Expenses": her words are there in git
    assert "How we involve tenants: Expenses" in rows["Amira Khan"][2]
    assert "How we involve tenants: Meetings" in rows["Amira Khan"][2]
    # Rowan asked not to be named: counted with everyone unnamed, never named
    unnamed = rows["Contributors who are not named (1)"]
    assert unnamed[2] == "How we involve tenants: Meetings"
    hidden = [
        found
        for path in all_files(Path(app.outdir))
        if (found := leaks(path.read_bytes(), ["Rowan Hale", "rowan@example.org"]))
    ]
    assert hidden == []


def test_the_unnamed_row_counts_git_authors_the_registry_does_not_know(
    repo, site, build
):
    """The everyone-unnamed row lists sections shaped by unregistered git
    authors, so its count includes them, as "Shaped by" does."""
    policy = (site / "policy.md").read_text()
    repo.commit(
        "Reword",
        {"policy.md": policy.replace("We pay tenants", "We pay our tenants")},
        ("Bob Unlisted", "bob@corp.example"),
    )
    app = build(site)
    rows = {row[0]: row for row in table_rows(page(app, "about.html"), "Contributors")}
    assert "Contributors who are not named (2)" in rows  # Rowan, and Bob
    assert "Bob" not in page(app, "about.html").get_text()


def test_the_contributors_list_follows_new_history(repo, site, build):
    build(site)
    policy = (site / "policy.md").read_text()
    repo.commit(
        "Say when",
        {"policy.md": policy.replace("We pay tenants", "We pay tenants monthly")},
        "amira",
    )
    app = build(site)  # about.md is unchanged; its list must be rewritten
    rows = {row[0]: row for row in table_rows(page(app, "about.html"), "Contributors")}
    assert "How we involve tenants: Payment" in rows["Amira Khan"][2]


def test_the_decision_register_says_which_dissents_are_not_resolved(site, build):
    app = build(site)
    registers = page(app, "registers.html")
    table = registers.select_one("table.coprodoc-decision-register")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert headings[-1] == "Dissents not resolved (open or responded)"
    # responded to, not resolved: still counted, and linked
    assert table_rows(registers, "Decision register") == [
        [
            "Pay tenants for their time",
            "",  # no question put
            "",
            "Accepted",
            "Consensus",
            "",
            "1 of 1: Payment (Responded)",
        ]
    ]
    link = table.select("tbody td")[-1].select_one("a")
    assert link["href"].startswith("policy.html#dissent-")


def test_the_dissent_register_shows_the_words(site, build):
    app = build(site)
    registers = page(app, "registers.html")
    row = table_rows(registers, "Dissent register")[0]
    # long: the first sentence, then a link to the rest
    assert row[2] == "Vouchers are not the same as money. … Read the whole dissent"
    cell = registers.select_one(
        "table.coprodoc-dissent-register tbody td:nth-of-type(3)"
    )
    assert cell.select_one("a")["href"].startswith("policy.html#dissent-")
    headings = registers.select("table.coprodoc-dissent-register thead th")
    assert headings[2].get_text(strip=True) == "In their own words"
