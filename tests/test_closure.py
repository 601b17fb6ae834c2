"""Honest closure (issue 19), on real git repositories with fixed dates.

A dissent marked resolved is confirmed by an option (``:confirmed-by:``),
through a facilitator (``:confirmed-via:``), or by the own change of
someone who raised it (its author or a ``Co-authored-by:``); otherwise the
page, the register, the record and a warning say it was not.  A decision's
``:question:`` changed after its date is shown and warned about.  Each in
reStructuredText and MyST, with ``-j 4``, and incremental builds agree with
fresh ones.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from coprodoc.history.closure import blocks, versions
from coprodoc.record.files import JSON_NAME, RECORD_FILES
from coprodoc.record.model import SCHEMA_PATH
from tests.conftest import (
    ALL_BUILDERS,
    ROOTS,
    all_files,
    assert_exact_warnings,
    leaks,
    warnings_of,
)
from tests.gitutil import Repo
from tests.test_contribution import soup

RST_DECISION = """\
.. decision:: Pay in cash on the day
   :name: pay-cash
   :date: 2026-03-01
   :status: accepted
   :method: majority
   :for: 9
   :against: 2
   :question: Should we pay in cash on the day
      to anyone who asks?
   :chair: jo

   We pay in cash on the day to anyone who asks.
"""
MD_DECISION = """\
```{decision} Pay in cash on the day
:name: pay-cash
:date: 2026-03-01
:status: accepted
:method: majority
:for: 9
:against: 2
:question: Should we pay in cash on the day to anyone who asks?
:chair: jo

We pay in cash on the day to anyone who asks.
```
"""
RST_DISSENT = """\
.. dissent::
   :by: {by}
   :date: 2026-03-01
   :status: responded
   :decision: pay-cash
   :name: {name}

   {text}

   .. response::
      :by: jo
      :resolution: accommodated

      We changed it.
"""
MD_DISSENT = """\
````{{dissent}}
:by: {by}
:date: 2026-03-01
:status: responded
:decision: pay-cash
:name: {name}

{text}

```{{response}}
:by: jo
:resolution: accommodated

We changed it.
```
````
"""
#: name -> (who raised it, their words)
DISSENTS = {
    "by-option": ("p02", "Cash is not safe late at night."),
    "own-change": ("p02", "Vouchers shut people out."),
    "co-written": ("p02", "Bank transfers take too long."),
    "staff-closed": ("p02", "Nobody asked the panel."),
    "anonymous-one": ("anonymous", "I was not asked either."),
}
QUESTION = "to anyone who asks?"
NEW_QUESTION = "to anyone who needs it?"
CONF_EXTRA = (
    "coprodoc_record = True\ncoprodoc_reproducible_record = True\n"
    "coprodoc_organisation_groups = []\n"
)


def page_text(fmt: str) -> str:
    dissent = RST_DISSENT if fmt == "rst" else MD_DISSENT
    head = (
        "Paying people\n=============\n\nCash on the day\n---------------\n\n"
        if fmt == "rst"
        else "# Paying people\n\n## Cash on the day\n\n"
    )
    parts = [RST_DECISION if fmt == "rst" else MD_DECISION]
    parts += [
        dissent.format(by=by, name=name, text=text)
        for name, (by, text) in DISSENTS.items()
    ]
    return head + "\n".join(parts)


def set_resolved(text: str, name: str) -> str:
    pattern = rf"(:status: )responded(\n\s*:decision: pay-cash\n\s*:name: {name}\n)"
    changed, count = re.subn(pattern, r"\1resolved\2", text)
    assert count == 1, name
    return changed


def add_options(text: str, name: str, *lines: str) -> str:
    found = re.search(rf"\n([ \t]*):name: {name}\n", text)
    assert found, name
    indent = found.group(1)
    extra = "".join(f"{indent}{line}\n" for line in lines)
    return text[: found.end()] + extra + text[found.end() :]


def make_site(path: Path, fmt: str) -> tuple[Repo, dict[str, str]]:
    """A policy page whose dissents are closed in every way, then renamed,
    then its question reworded after the vote."""
    repo = Repo(path)
    shutil.copy(ROOTS / "test-history" / "conf.py", path / "conf.py")
    with (path / "conf.py").open("a") as conf:
        conf.write(CONF_EXTRA)
    shutil.copy(
        ROOTS / "test-history" / "contributors.yaml", path / "contributors.yaml"
    )
    (path / ".gitignore").write_text("_build/\n")
    # River co-writes under an old address: .mailmap says it is them
    (path / ".mailmap").write_text(
        "Rowan Hale <rowan@example.org> <rowan.old@home.example>\n"
    )
    draft, final = f"draft.{fmt}", f"policy.{fmt}"
    registers = (
        "Registers\n=========\n\n.. dissent-register::\n\n.. decision-register::\n"
    )
    index = "Home\n====\n\n.. toctree::\n\n   {page}\n   registers\n   record\n"
    record = "Record\n======\n\n.. contribution-record::\n"
    text = page_text(fmt)
    shas = {}
    shas["draft"] = repo.commit(
        "First draft",
        {
            draft: text,
            "index.rst": index.format(page="draft"),
            "registers.rst": registers,
            "record.rst": record,
        },
    )
    # Jo marks it resolved, and records that River confirmed it.
    text = add_options(
        set_resolved(text, "by-option"),
        "by-option",
        ":confirmed-by: p02",
        ":confirmed: 2026-03-03",
    )
    shas["by-option"] = repo.commit("Close the first dissent", {draft: text})
    # River marks their own dissent resolved, in a pull request Jo merges.
    text = set_resolved(text, "own-change")
    shas["pr"] = repo.pull_request(
        5, "resolve", [("My dissent is answered", {draft: text}, "rowan")]
    )
    shas["own-change"] = repo.git("rev-parse", f"{shas['pr']}^2").strip()
    # Jo writes the change with River, who is credited as a co-author.
    text = set_resolved(text, "co-written")
    shas["co-written"] = repo.commit(
        "Close the transfer dissent\n\n"
        "Co-authored-by: R. Hale <rowan.old@home.example>",
        {draft: text},
    )
    # Jo closes one on their own: not confirmed.
    text = set_resolved(text, "staff-closed")
    shas["staff-closed"] = repo.commit("Tidy up the dissents", {draft: text})
    # An anonymous dissent, confirmed through Jo as facilitator.
    text = add_options(
        set_resolved(text, "anonymous-one"), "anonymous-one", ":confirmed-via: jo"
    )
    shas["anonymous-one"] = repo.commit("Close the anonymous dissent", {draft: text})
    repo.git("mv", draft, final)
    shas["rename"] = repo.commit(
        "Rename the draft", {"index.rst": index.format(page="policy")}
    )
    # After the vote, someone rewords the question.
    text = text.replace(QUESTION, NEW_QUESTION)
    shas["question"] = repo.commit("Clearer question", {final: text}, "amira")
    return repo, shas


@pytest.fixture(params=["rst", "md"])
def site(request, tmp_path) -> tuple[Repo, dict[str, str], str]:
    repo, shas = make_site(tmp_path / "site", request.param)
    return repo, shas, request.param


def details(block) -> dict[str, str]:
    return {
        dt.get_text().rstrip(":"): " ".join(
            dt.find_next_sibling("dd").get_text().split()
        )
        for dt in block.select(":scope > dl.coprodoc-details > dt")
    }


def dissent_block(app, name: str):
    return soup(app, "policy.html").select_one(f"div#dissent-{name}")


def expected_warnings(repo: Repo, shas: dict[str, str], fmt: str) -> list:
    path = repo.path / f"policy.{fmt}"
    lines = path.read_text().splitlines()
    staff = next(
        n
        for n, line in enumerate(lines, 1)
        if "dissent" in line and ":name: staff-closed" in "\n".join(lines[n : n + 6])
    )
    decision = next(n for n, line in enumerate(lines, 1) if "decision" in line)
    return [
        (
            f"{path}:{staff}:",
            f"dissent 'staff-closed' is marked resolved, but no one who raised it "
            f"has confirmed that; when they agree, record it with :confirmed-by: "
            f"and :confirmed: (for an anonymous dissent, :confirmed-via: the "
            f"facilitator who asked them) (git: change {shas['staff-closed'][:12]}, "
            "which marked it resolved, is by someone who did not raise it)",
            "unconfirmed-resolution",
        ),
        (
            f"{path}:{decision}:",
            "the question of decision 'pay-cash' was changed after the decision "
            f"was made (2026-03-01): in change {shas['question'][:12]}",
            "question-changed",
        ),
    ]


def test_each_way_of_closing_a_dissent_is_shown_as_it_happened(site, build):
    repo, shas, fmt = site
    app = build(repo.path)
    assert_exact_warnings(app, expected_warnings(repo, shas, fmt))
    short = {key: sha[:7] for key, sha in shas.items()}
    own = "River in their own change"
    confirmations = {
        name: details(dissent_block(app, name))["Confirmation"] for name in DISSENTS
    }
    assert confirmations == {
        "by-option": (
            "Confirmed by River on 2026-03-03. Marked resolved by Jo Bennett "
            f"(change {short['by-option']}, 2026-03-02)."
        ),
        # River's commit on the branch, not Jo's merge
        "own-change": f"Confirmed by {own} ({short['own-change']}).",
        "co-written": f"Confirmed by {own} ({short['co-written']}).",
        "staff-closed": (
            f"Marked resolved by Jo Bennett (change {short['staff-closed']}, "
            "2026-03-06); not confirmed by the person who raised it."
        ),
        "anonymous-one": (
            "Confirmed by the person who raised it, through Jo Bennett. Marked "
            f"resolved by Jo Bennett (change {short['anonymous-one']}, 2026-03-07)."
        ),
    }
    # The change is linked; the label says it plainly too.
    staff = dissent_block(app, "staff-closed")
    link = staff.select_one("dl.coprodoc-details a.reference")
    assert (
        link["href"]
        == f"https://github.com/example/policy/commit/{shas['staff-closed']}"
    )
    label = staff.find(id=staff["aria-labelledby"]).get_text()
    assert label == "Dissent — Resolved — not confirmed"
    assert "coprodoc-unconfirmed" in staff["class"]
    own = dissent_block(app, "own-change")
    assert own.find(id=own["aria-labelledby"]).get_text() == "Dissent — Resolved"
    # The question as put, its chair, and that it changed after the vote.
    decision = soup(app, "policy.html").select_one("div#decision-pay-cash")
    facts = details(decision)
    assert facts["Question put"] == (
        "“Should we pay in cash on the day to anyone who needs it?” Changed after "
        f"the decision was made: on 2026-03-09, in change {short['question']}."
    )
    assert facts["Chaired by"] == "Jo Bennett"


def register_rows(app, caption: str) -> list[list[str]]:
    page = soup(app, "registers.html")
    for table in page.select("table"):
        if table.select_one(".caption-text").get_text() == caption:
            return [
                [td.get_text() for td in tr.select("td")]
                for tr in table.select("tbody tr")
            ]
    raise AssertionError(caption)


def test_registers_and_record_say_who_confirmed(site, build):
    repo, shas, _fmt = site
    app = build(repo.path)
    statuses = [row[4] for row in register_rows(app, "Dissent register")]
    assert statuses == [
        "Resolved (confirmed)",
        "Resolved (confirmed)",
        "Resolved (confirmed)",
        "Resolved (not confirmed by the person who raised it)",
        "Resolved (confirmed)",
    ]
    decision = register_rows(app, "Decision register")[0]
    assert decision[1] == (
        "“Should we pay in cash on the day to anyone who needs it?” "
        "(changed after the decision)"
    )
    record = json.loads((app.outdir / JSON_NAME).read_text("utf-8"))
    jsonschema.Draft202012Validator(
        json.loads(SCHEMA_PATH.read_text("utf-8"))
    ).validate(record)
    assert record["schema_version"] == "1.1"
    section = record["documents"][1]["sections"][1]
    closures = {d["name"]: d["closure"] for d in section["dissents"]}
    assert closures["by-option"] == {
        "confirmed": True,
        "confirmed_through": "option",
        "marked_resolved_by": ["jo"],
        "unnamed_marked_resolved_by": 0,
        "change": {"sha": shas["by-option"], "date": "2026-03-02"},
        "history": "found",
    }
    assert closures["own-change"]["confirmed_through"] == "git"
    assert closures["own-change"]["marked_resolved_by"] == ["p02"]
    assert closures["co-written"]["marked_resolved_by"] == ["jo", "p02"]
    assert closures["staff-closed"]["confirmed"] is False
    assert closures["staff-closed"]["confirmed_through"] is None
    assert closures["anonymous-one"]["confirmed_through"] == "facilitator"
    dissents = {d["name"]: d for d in section["dissents"]}
    assert dissents["by-option"]["confirmed_by"] == ["p02"]
    assert dissents["by-option"]["confirmed"] == "2026-03-03"
    assert dissents["anonymous-one"]["confirmed_via"] == ["jo"]
    decided = section["decisions"][0]
    assert decided["question"] == (
        "Should we pay in cash on the day to anyone who needs it?"
    )
    assert decided["chair"] == ["jo"]
    assert decided["question_changes"] == [
        {"sha": shas["question"], "date": "2026-03-09"}
    ]
    assert record["totals"]["unconfirmed_resolutions"] == 1
    rows = list(
        csv.DictReader(io.StringIO((app.outdir / "dissents.csv").read_text("utf-8")))
    )
    staff = next(row for row in rows if row["name"] == "staff-closed")
    assert staff["resolution_confirmed"] == "no"
    assert staff["marked_resolved_by"] == "Jo Bennett"
    assert staff["resolution_change"] == shas["staff-closed"]
    decisions = list(
        csv.DictReader(io.StringIO((app.outdir / "decisions.csv").read_text("utf-8")))
    )
    assert decisions[0]["chair"] == "Jo Bennett"
    assert decisions[0]["question_changed_in"] == shas["question"]
    # The record page lists what readers should look at.
    page = soup(app, "record.html")
    listed = page.select_one(".coprodoc-record-unconfirmed")
    assert [a["href"] for a in listed.select("a")] == [
        "policy.html#dissent-staff-closed"
    ]
    questions = page.select_one(".coprodoc-record-questions")
    assert [a.get_text() for a in questions.select("a")] == ["Pay in cash on the day"]


def html_pages(app) -> dict[str, str]:
    return {
        name: " ".join(
            soup(app, name).select_one("div.body, main, body").get_text().split()
        )
        for name in ("policy.html", "registers.html", "record.html")
    }


def record_files(app) -> dict[str, bytes]:
    return {name: (app.outdir / name).read_bytes() for name in RECORD_FILES}


def test_parallel_and_incremental_builds_agree_with_a_fresh_build(
    site, build, tmp_path
):
    repo, _shas, fmt = site
    serial = build(repo.path)
    expected = (html_pages(serial), record_files(serial))
    parallel_copy = tmp_path / "parallel"
    shutil.copytree(repo.path, parallel_copy, ignore=shutil.ignore_patterns("_build"))
    parallel = build(parallel_copy, parallel=4)
    assert (html_pages(parallel), record_files(parallel)) == expected
    # River confirms the dissent Jo closed, in a commit of their own that
    # changes nothing else: the incremental build agrees with a fresh one.
    page = repo.path / f"policy.{fmt}"
    page.write_text(add_options(page.read_text(), "staff-closed", ":confirmed-by: p02"))
    repo.commit("I agree it is resolved", who="rowan")
    again = build(repo.path)
    assert "coprodoc.unconfirmed-resolution" not in warnings_of(again)
    fresh_copy = tmp_path / "fresh"
    shutil.copytree(repo.path, fresh_copy, ignore=shutil.ignore_patterns("_build"))
    fresh = build(fresh_copy)
    assert (html_pages(again), record_files(again)) == (
        html_pages(fresh),
        record_files(fresh),
    )
    assert html_pages(again) != expected[0]  # the check can fail
    assert register_rows(again, "Dissent register")[3][4] == "Resolved (confirmed)"


def test_a_commit_alone_changes_what_git_confirms(site, build, tmp_path):
    """The page's text does not change between the builds, only git does:
    the page, the register and the record are written again all the same."""
    repo, _shas, fmt = site
    page = repo.path / f"policy.{fmt}"
    text = (
        page.read_text()
        .replace(
            "   :status: resolved\n   :decision: pay-cash\n   :name: staff-closed",
            "   :status: responded\n   :decision: pay-cash\n   :name: staff-closed",
        )
        .replace(
            ":status: resolved\n:decision: pay-cash\n:name: staff-closed",
            ":status: responded\n:decision: pay-cash\n:name: staff-closed",
        )
    )
    repo.commit("Reopen it", {page.name: text})
    page.write_text(set_resolved(text, "staff-closed"))  # not committed yet
    first = build(repo.path)
    block = dissent_block(first, "staff-closed")
    assert details(block)["Confirmation"] == (
        "Marked resolved; not confirmed by the person who raised it."
    )
    repo.commit("Resolved, as far as I am concerned", who="rowan")
    again = build(repo.path)
    block = dissent_block(again, "staff-closed")
    assert details(block)["Confirmation"].startswith(
        "Confirmed by River in their own change ("
    )
    assert register_rows(again, "Dissent register")[3][4] == "Resolved (confirmed)"
    fresh_copy = tmp_path / "fresh"
    shutil.copytree(repo.path, fresh_copy, ignore=shutil.ignore_patterns("_build"))
    fresh = build(fresh_copy)
    assert (html_pages(again), record_files(again)) == (
        html_pages(fresh),
        record_files(fresh),
    )


def git_logs(trace: Path) -> list[str]:
    return [
        line
        for line in trace.read_text().splitlines()
        if "built-in: git log" in line or "run_command: git log" in line
    ]


def test_git_is_asked_once_per_page_and_not_again_at_the_same_commit(
    site, build, monkeypatch
):
    repo, _shas, _fmt = site
    trace = repo.path.parent / "trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    build(repo.path)
    follows = [line for line in git_logs(trace) if "--follow" in line]
    # one page: one query for its dissents, one for its question
    assert len(follows) == 2, follows
    trace.unlink()
    build(repo.path)
    assert [line for line in git_logs(trace) if "--follow" in line] == []
    trace.unlink()
    repo.commit("Another page", {"other.rst": "Other\n=====\n\nText.\n"})
    build(repo.path)  # a commit that does not touch the page: not asked again
    assert [line for line in git_logs(trace) if "--follow" in line] == []


@pytest.mark.parametrize("buildername", ALL_BUILDERS)
def test_every_builder_completes(buildername, tmp_path, build):
    repo, _shas = make_site(tmp_path / "site", "rst")
    app = build(repo.path, buildername, confoverrides={"copyright": "2026, test"})
    text = warnings_of(app)
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if "[coprodoc." in line]
    assert len(lines) == 2, text
    produced = b"".join(p.read_bytes() for p in app.outdir.rglob("*") if p.is_file())
    assert b"closure_note" not in produced and b"contributor_ref" not in produced
    if buildername != "gettext":
        words = b" ".join(produced.split())  # lines wrapped by the writer
        assert b"not confirmed by the person who raised it" in words
        assert b"Changed after the decision was made" in words
    else:
        assert b"Nobody asked the panel." in produced


def test_a_shallow_clone_says_the_change_may_be_missing(tmp_path, build):
    repo, _shas = make_site(tmp_path / "site", "rst")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
        check=True,
    )
    app = build(clone)
    text = warnings_of(app)
    assert "Traceback" not in text
    assert "shallow clone: the change that marked it resolved may be" in text
    block = soup(app, "policy.html").select_one("div#dissent-own-change")
    assert details(block)["Confirmation"] == (
        "Marked resolved; not confirmed by the person who raised it. The change "
        "that marked it resolved may be in history this copy does not have (a "
        "shallow clone)."
    )
    # confirmed by the options alone, whatever the history
    block = soup(app, "policy.html").select_one("div#dissent-by-option")
    assert details(block)["Confirmation"] == "Confirmed by River on 2026-03-03."


def test_without_git_the_options_alone_decide(tmp_path, build):
    repo, _shas = make_site(tmp_path / "site", "md")
    plain = tmp_path / "plain"
    shutil.copytree(repo.path, plain, ignore=shutil.ignore_patterns(".git", "_build"))
    app = build(plain, confoverrides={"coprodoc_history": "auto"})
    text = warnings_of(app)
    assert "coprodoc.git" not in text and "Traceback" not in text
    unconfirmed = [
        line for line in text.splitlines() if "coprodoc.unconfirmed-resolution" in line
    ]
    # without git, only the options can confirm
    assert len(unconfirmed) == 3, text
    assert "question-changed" not in text
    confirmations = {
        name: details(dissent_block(app, name))["Confirmation"] for name in DISSENTS
    }
    assert confirmations["by-option"] == "Confirmed by River on 2026-03-03."
    assert confirmations["own-change"] == (
        "Marked resolved; not confirmed by the person who raised it."
    )
    record = json.loads((app.outdir / JSON_NAME).read_text("utf-8"))
    section = record["documents"][1]["sections"][1]
    assert {d["closure"]["history"] for d in section["dissents"]} == {"unavailable"}


def test_no_one_without_consent_is_named_for_closing_a_dissent(tmp_path, build):
    """Gareth withdrew consent: he closes a dissent, and confirms his own;
    neither his name nor his email is in any file the build writes, and the
    change that confirmed his own dissent is not published (its author would
    say who raised it)."""
    repo, _shas = make_site(tmp_path / "site", "rst")
    page = repo.path / "policy.rst"
    text = page.read_text().replace(":status: resolved", ":status: responded")
    text = text.replace(
        "   :by: p02\n   :date: 2026-03-01\n   :status: responded\n"
        "   :decision: pay-cash\n   :name: own-change",
        "   :by: p04\n   :date: 2026-03-01\n   :status: responded\n"
        "   :decision: pay-cash\n   :name: own-change",
    )
    repo.commit("Start again", {"policy.rst": text})
    text = set_resolved(text, "staff-closed")
    closed_by_gareth = repo.commit("Close it", {"policy.rst": text}, "gareth")
    text = set_resolved(text, "own-change")
    own = repo.commit("Mine is resolved", {"policy.rst": text}, "gareth")
    app = build(repo.path)
    files = all_files(repo.path / "_build")
    contents = b"\n".join(path.read_bytes() for path in files)
    hidden = ["Gareth Llewellyn", "gareth@example.org", "Rowan Hale"]
    assert leaks(contents, hidden) == [], "leaked"
    assert leaks(contents, ["Jo Bennett"]) != []  # the check can fail
    closed = details(dissent_block(app, "staff-closed"))["Confirmation"]
    assert closed.startswith("Marked resolved by Anonymous contributor (change")
    assert closed_by_gareth[:7] in closed
    mine = details(dissent_block(app, "own-change"))["Confirmation"]
    assert mine == "Confirmed by the person who raised it in their own change."
    record = json.loads((app.outdir / JSON_NAME).read_text("utf-8"))
    dissent = next(
        d
        for d in record["documents"][1]["sections"][1]["dissents"]
        if d["name"] == "own-change"
    )
    assert dissent["by"] == ["anonymous"]
    assert dissent["closure"]["change"] is None
    assert dissent["closure"]["marked_resolved_by"] == ["anonymous"]
    assert own[:7] not in mine


def test_a_bot_that_marks_a_dissent_resolved_is_said_to_be_one(tmp_path, build):
    repo, _shas = make_site(tmp_path / "site", "rst")
    page = repo.path / "policy.rst"
    text = page.read_text().replace(
        "   :status: resolved\n   :decision: pay-cash\n   :name: staff-closed",
        "   :status: responded\n   :decision: pay-cash\n   :name: staff-closed",
    )
    repo.commit("Reopen", {"policy.rst": text})
    bot = repo.commit(
        "Auto-close", {"policy.rst": set_resolved(text, "staff-closed")}, "bot"
    )
    app = build(repo.path)
    assert details(dissent_block(app, "staff-closed"))["Confirmation"] == (
        f"Marked resolved by a bot or an automated tool (change {bot[:7]}, "
        "2026-03-11); not confirmed by the person who raised it."
    )


def test_reading_directives_from_each_version_of_a_page():
    rst = (
        ".. dissent::\n   :by: p02\n   :status: resolved\n   :name: a\n\n   Text.\n\n"
        "  .. decision:: Pay\n     :question: Should we\n        pay?\n\n"
    )
    md = (
        "```{dissent}\n---\nby: p02\nstatus: resolved\nname: b\n---\nText.\n```\n\n"
        ":::{decision} Pay twice\n:name: twice\n:question: Twice?\n:::\n"
        "```{decision} Thrice\n---\nname: thrice\nquestion: 'Three\n  times?'\n"
        "---\n```\n"
    )
    found = [
        (b.kind, b.key, b.options.get("status"), b.options.get("question"))
        for b in blocks(rst + md)
    ]
    assert found == [
        ("dissent", "a", "resolved", None),
        ("decision", "Pay", None, "Should we pay?"),
        ("dissent", "b", "resolved", None),
        ("decision", "twice", None, "Twice?"),
        ("decision", "thrice", None, "Three times?"),
    ]
    patch = [
        "diff --git a/p.rst b/p.rst\n",
        "--- a/p.rst\n",
        "+++ b/p.rst\n",
        "@@ -1,2 +1,2 @@\n",
        " same\n",
        "-old\n",
        "+new\n",
        "\\ No newline at end of file\n",
    ]
    assert versions(patch) == ("same\nold\n", "same\nnew\n")
