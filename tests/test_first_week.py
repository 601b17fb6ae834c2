"""A council's first week, as the guides tell it.

Staff start a "Tenant involvement policy" with ``coprodoc init``, add two
people from outside the council to the registry as the organisations' guide
shows, write every coprodoc block in Markdown exactly as the writers' guide
shows it (the examples are read from the guide itself, so the guide cannot
drift from what works), commit as three people with a pull request merged,
and build with ``-W`` and the record, as the workflow ``init`` writes does.
Nothing may be warned about, the record must verify, and the person who
asked to be known by a pseudonym must not be named anywhere.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from coprodoc.cli import main
from tests.conftest import all_files, leaks
from tests.gitutil import Repo

WRITERS = Path(__file__).parent.parent / "docs" / "guide" / "writers.md"
DIRECTIVES = Path(__file__).parent.parent / "coprodoc" / "directives" / "__init__.py"

#: A code block's first line, also in a list-table cell ("* - ```md").
_OPENING = re.compile(r"^(?P<lead>(?: *[*-] )* *)(?P<fence>`{3,})(?P<lang>md|rst) *$")


def examples(language: str) -> dict[str, list[str]]:
    """The writers' guide's code examples in *language* (``md`` or ``rst``),
    by the heading they are under, as a writer would copy them."""
    found: dict[str, list[str]] = {}
    heading = ""
    lines = WRITERS.read_text("utf-8").splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        match = _OPENING.match(line)
        index += 1
        if not match or match["lang"] != language:
            continue
        indent, fence = " " * len(match["lead"]), match["fence"]
        body: list[str] = []
        while lines[index].rstrip() != indent + fence:
            body.append(lines[index].removeprefix(indent))
            index += 1
        found.setdefault(heading, []).append("\n".join(body) + "\n")
    return found


def coprodoc_directives() -> set[str]:
    return set(re.findall(r'add_directive\("([\w-]+)"', DIRECTIVES.read_text()))


def used(text: str, language: str) -> set[str]:
    pattern = r"(?:`{3,}|:{3,})\{([\w-]+)\}" if language == "md" else r"\.\. ([\w-]+)::"
    return set(re.findall(pattern, text))


def test_the_writers_guide_shows_every_block_in_both_languages():
    directives = coprodoc_directives()
    assert len(directives) > 10  # the check can fail
    md, rst = examples("md"), examples("rst")
    for heading, blocks in md.items():
        shown = used("".join(blocks), "md") & directives
        if shown:  # each Markdown example has its reStructuredText twin
            assert used("".join(rst.get(heading, [])), "rst") & directives == shown
    assert directives <= used(
        "".join(b for blocks in md.values() for b in blocks), "md"
    )


#: Which page each part of the writers' guide goes on.
PAGES = {
    "Who contributed": "purpose",
    "A summary in plain words": "purpose",
    "A disagreement and its answer": "decisions",
    "A decision": "decisions",
    "Lists and the record": "record",
}
TITLES = {
    "purpose": "# Why we pay people\n\n## Paying for expertise\n\n"
    "We pay tenants for the expertise they bring to our work.\n\n",
    "decisions": "# How we pay\n\n## Paying on the day\n\n",
    "record": "# Who shaped this policy\n\n## Everyone, and everything\n\n",
}
#: The people, as the organisations' guide adds them; p03 asked to be
#: known by a pseudonym, so their name must appear nowhere.
PEOPLE = """\
  - id: p02
    name: Amira Khan
    display: name
    groups: [panel]
    roles: [lived-experience-insight]
    git: ["amira@example.org"]
    consent:
      given: 2026-02-01
      recorded-by: p01
  - id: p03
    name: Rowan Hale
    display: pseudonym
    pseudonym: River
    groups: [panel]
    git: ["rowan@example.org"]
    consent:
      given: 2026-02-01
      recorded-by: p01

groups:
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"{name}.html").read_text("utf-8"), "html.parser")


def test_a_first_week_in_markdown_builds_cleanly_with_the_record(tmp_path):
    repo = Repo(tmp_path / "tenant-involvement")
    site = repo.path
    assert main(["init", str(site), "--title", "Tenant involvement policy", "-q"]) == 0
    registry = site / "contributors.yaml"
    registry.write_text(
        registry.read_text()
        .replace("name: Your Name", "name: Jo Bennett")
        .replace("you@example.org", "jo@riverside.example")
        .replace("groups:\n  - id: staff", PEOPLE + "  - id: staff")
    )
    repo.commit("Start the tenant involvement policy", who="jo")

    md = examples("md")
    pages = {name: TITLES[name] for name in TITLES}
    for heading, name in PAGES.items():
        pages[name] += "\n".join(md[heading]) + "\n"
    summary = md["A summary in plain words"][0]
    # a pull request: Amira writes the page, River adds the summary; Jo merges
    repo.pull_request(
        1,
        "why-we-pay",
        [
            (
                "Why we pay people",
                {"purpose.md": pages["purpose"].replace(summary, "")},
                "amira",
            ),
            ("Add a summary in plain words", {"purpose.md": pages["purpose"]}, "rowan"),
        ],
        merger="jo",
    )
    index = site / "index.md"
    toctree = "\n".join(md["Adding a page"])
    repo.commit(
        "Record the decision on paying on the day, and the record",
        {
            "decisions.md": pages["decisions"],
            "record.md": pages["record"],
            "index.md": index.read_text() + "\n" + toctree,
        },
        who="jo",
    )

    out = tmp_path / "html"
    built = run(
        "sphinx", "-W", "--keep-going", "-b", "html", str(site), str(out), cwd=tmp_path
    )
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    checked = run("coprodoc.cli", "check", ".", "--format", "json", "-q", cwd=site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # nothing to fix; a note that River's commit records the name git knows
    assert [(f["severity"], f["type"]) for f in json.loads(checked.stdout)] == [
        ("note", "coprodoc.hidden-author")
    ]
    verified = run(
        "coprodoc.cli",
        "record",
        "verify",
        str(out / "coprodoc-record.json"),
        "--repo",
        str(site),
        cwd=tmp_path,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # what readers see
    purpose = page(out, "purpose")
    shaped = purpose.select_one("section#paying-for-expertise .coprodoc-shaped-by")
    assert "Amira Khan" in shaped.get_text() and "River" in shaped.get_text()
    assert "In plain words" in purpose.get_text()
    decisions = page(out, "decisions")
    dissent = decisions.select_one(".coprodoc-dissent")
    assert "Carrying cash home after an evening" in dissent.get_text()
    assert "Bank transfer on the same day" in dissent.select_one(
        ".coprodoc-response"
    ).get_text(" ")
    assert decisions.select("pre") == []  # nothing swallowed by a fence
    record_page = page(out, "record").get_text(" ")
    for name in ("Jo Bennett", "Amira Khan", "River"):
        assert name in record_page

    # what auditors read
    record = json.loads((out / "coprodoc-record.json").read_text())
    shown = {person["shown_as"] for person in record["people"]}
    assert {"Jo Bennett", "Amira Khan", "River"} <= shown
    # the merged pull request is one change, credited to the two who wrote it
    commits = record["commits"]
    assert [c["pull_request"] for c in commits] == [None, 1, None]
    assert {c["person"] for c in commits[1]["credits"]} == {"p02", "p03"}

    # River is never named: not in any page, the index, the record or sources
    hidden = [
        str(path.relative_to(out))
        for path in all_files(out)
        if leaks(path.read_bytes(), ["Rowan Hale"])
    ]
    assert hidden == []
