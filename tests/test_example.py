"""The example project builds cleanly and keeps its promises about names."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coprodoc.data import get_data
from coprodoc.demo import replay
from coprodoc.history.changes import change_list
from coprodoc.registry import load_registry
from coprodoc.vocabulary import BUILTIN_ROLE_IDS
from tests.conftest import all_files, leaks, warnings_of

EXAMPLE = Path(__file__).parent.parent / "example_project"


def by_sha(app):
    """The changes of the last build, by sha."""
    return {c.sha: c for c in change_list(app) if c is not None}


#: The one finding the example keeps on purpose, to show what checks look like;
#: the writers' guide quotes it word for word.
DELIBERATE_FINDING = (
    "who-we-pay.rst:7: WARNING: Say 'people we have not yet reached' instead of "
    "'hard to reach'. It blames people for not being reached, when it is services "
    "that have not reached them. (rule coprodoc.HardToReach) [coprodoc.language]"
)


#: The other finding the example keeps on purpose (issue 19): staff marked
#: the withdrawn panel member's dissent resolved without asking them, so the
#: example shows what an unconfirmed resolution looks like; the other dissent
#: is confirmed by River's own change, and gives no warning.
UNCONFIRMED = (
    "rates.md:71: WARNING: dissent 'cash-staff-risk' is marked resolved, but no "
    "one who raised it has confirmed that; when they agree, record it with "
    ":confirmed-by: and :confirmed: (for an anonymous dissent, :confirmed-via: "
    "the facilitator who asked them) (git: change {sha}, which marked it "
    "resolved, is by someone who did not raise it) [coprodoc.unconfirmed-resolution]"
)


def expected_warnings(src: Path) -> list[str]:
    """The two findings the example keeps, with the sha of the staff change
    that marked the dissent resolved in its replayed history."""
    sha = git_output(src, "log", "--format=%H", "--grep=Close the disagreements")
    return [DELIBERATE_FINDING, UNCONFIRMED.format(sha=sha[:12])]


def git_output(src: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(
        ["git", *args], cwd=src, capture_output=True, text=True, check=True
    ).stdout.strip()


def example_warnings(app) -> list[str]:
    """Warnings with the project folder taken off their paths."""
    prefix = f"{app.srcdir}/"
    return [line.replace(prefix, "") for line in warnings_of(app).splitlines()]


def test_the_writers_guide_quotes_the_deliberate_finding_exactly():
    guide = (EXAMPLE.parent / "docs" / "guide" / "writers.md").read_text()
    assert f"\n{DELIBERATE_FINDING}\n" in guide


def test_registry_covers_every_way_of_being_named():
    registry, problems = load_registry(
        EXAMPLE / "contributors.yaml", [*BUILTIN_ROLE_IDS, "peer-support"]
    )
    assert problems == []
    kinds = {registry.shown(person.id).kind for person in registry}
    assert kinds == {"name", "pseudonym", "group", "anonymous"}
    withdrawn = [p for p in registry if p.consent.withdrawn is not None]
    assert [registry.shown(p.id).kind for p in withdrawn] == ["anonymous"]


def test_example_has_rst_and_myst_pages():
    suffixes = {path.suffix for path in EXAMPLE.glob("*.*") if path.stem != "conf"}
    assert {".rst", ".md"} <= suffixes


@pytest.mark.smoke
def test_example_builds_without_warnings_and_hides_what_it_must(example, build):
    src = example
    app = build(src)
    assert example_warnings(app) == expected_warnings(src)
    contents = b"\n".join(path.read_bytes() for path in all_files(src / "_build"))
    assert leaks(contents, ["Gareth Llewellyn", "Rowan Hale", "Sam Okafor"]) == []
    assert b"@example.org" not in contents and b"@riverside.example" not in contents
    about = BeautifulSoup((app.outdir / "about.html").read_text(), "html.parser")
    rows = [
        tr.select_one("td").get_text()
        for tr in about.select("table.coprodoc-contributors tbody tr")
    ]
    assert rows == [
        "Amira Khan",
        "River",
        "Jo Bennett",
        "Leila Haddad",
        "Lived Experience Panel",
        "Contributors who are not named (1)",
    ]


def test_example_records_a_decision_its_dissent_and_the_answers(example, build):
    app = build(example)
    assert example_warnings(app) == expected_warnings(example)
    rates = BeautifulSoup((app.outdir / "rates.html").read_text(), "html.parser")
    dissents = rates.select("div.coprodoc-dissent")
    assert len(dissents) == 2
    assert all(d.select_one("div.coprodoc-response") for d in dissents)
    # one confirmed by River's own pull request, one closed by staff alone
    river = git_output(
        example, "log", "--format=%H", "--author=Rowan Hale", "--grep=mark it resolved"
    )
    confirmations = [
        " ".join(d.select_one("dl.coprodoc-details").get_text().split())
        for d in dissents
    ]
    assert (
        f"Confirmation: Confirmed by River in their own change ({river[:7]})."
        in (confirmations[0])
    )
    assert "not confirmed by the person who raised it." in confirmations[1]
    assert "coprodoc-unconfirmed" in dissents[1]["class"]
    decided = rates.select_one("div.coprodoc-decision").get_text()
    assert "Should anyone who asks be paid in cash" in decided
    decisions = BeautifulSoup(
        (app.outdir / "decisions.html").read_text(), "html.parser"
    )
    captions = [c.get_text() for c in decisions.select("table .caption-text")]
    assert captions == ["Decision register", "Dissent register"]
    assert "No dissent has the status: Open." in decisions.get_text()
    assert decisions.select_one("div.coprodoc-protocol")


def test_example_has_plain_language_and_easy_read_summaries(example, build):
    app = build(example)
    rates = BeautifulSoup((app.outdir / "rates.html").read_text(), "html.parser")
    easy = rates.select_one("div.coprodoc-summary.coprodoc-format-easy-read")
    assert "Reading age about" in easy.get_text()
    about = BeautifulSoup((app.outdir / "about.html").read_text(), "html.parser")
    caption = about.select_one("table.coprodoc-coverage .caption-text").get_text()
    assert caption.startswith("Plain-language summaries: 3 of ")


@pytest.mark.smoke
def test_demo_history_gives_every_page_changes_and_shaped_by(example, build):
    app = build(example)
    data = get_data(app.env)
    for docname in data.history:
        assert data.history[docname].status == "ok"
        assert len(data.history[docname].changes) >= 2, docname
    rates = BeautifulSoup((app.outdir / "rates.html").read_text(), "html.parser")
    blocks = [b.get_text(" ", strip=True) for b in rates.select(".coprodoc-shaped-by")]
    # River wrote the dissent: her words, whoever committed them
    assert any("River (Dissent" in text for text in blocks)
    assert all("Last changed 2026-" in text for text in blocks)
    subjects = [c.subject for c in by_sha(app).values()]
    assert "Merge pull request #4" in subjects  # the branch name is not shown
    assert "Add plain-language and Easy Read summaries (#3)" in subjects


def test_demo_history_is_reproducible(tmp_path):
    assert replay(EXAMPLE, tmp_path / "one") == replay(EXAMPLE, tmp_path / "two")
