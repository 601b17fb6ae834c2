"""Change history and "shaped by" from real git repositories with fixed dates."""

from __future__ import annotations

import pickle
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coprodoc.data import get_data
from coprodoc.history.changes import CACHE_NAME, change_list
from coprodoc.history.replayer import unpack
from tests.conftest import ROOTS, all_files, leaks, warnings_of
from tests.gitutil import PEOPLE, Repo

RST_V1 = """\
Paying people
=============

Why we pay
----------

We pay people for the expertise they bring  to our work.
When they give us their time we pay them.

Who is paid
-----------

Anyone we invite to take part.
We do not pay staff extra.
"""

MD_V1 = """\
# Paying people

## Why we pay

We pay people for the expertise they bring  to our work.
When they give us their time we pay them.

## Who is paid

Anyone we invite to take part.
We do not pay staff extra.
"""


def by_sha(app):
    """The changes of the last build, by sha."""
    return {c.sha: c for c in change_list(app) if c is not None}


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def make_history(path: Path) -> tuple[Repo, dict[str, str]]:
    """A policy's history: drafting, a rename, a pull request with a
    co-author, a squash merge with trailers, a formatting commit that is
    ignored, a bot, and a re-wrap by someone not in the registry."""
    repo = Repo(path)
    shutil.copy(ROOTS / "test-history" / "conf.py", path / "conf.py")
    shutil.copy(
        ROOTS / "test-history" / "contributors.yaml", path / "contributors.yaml"
    )
    (path / ".gitignore").write_text("_build/\n")
    shas = {}
    shas["draft"] = repo.commit(
        "First draft", {"draft.rst": RST_V1, "page.md": MD_V1, "index.rst": ""}
    )
    index = "Home\n====\n\n.. toctree::\n\n   policy\n   page\n"
    repo.git("mv", "draft.rst", "policy.rst")
    shas["rename"] = repo.commit("Rename the draft", {"index.rst": index})
    rst, md = RST_V1, MD_V1
    old = "When they give us their time we pay them."
    new = "When they give us their time, we pay them on the day."
    rst, md = edit(rst, old, new), edit(md, old, new)
    shas["pr1"] = repo.pull_request(
        1,
        "pay-on-the-day",
        [
            (
                "Pay on the day\n\nCo-authored-by: Rowan Hale <rowan@example.org>",
                {"policy.rst": rst, "page.md": md},
                "amira",
            )
        ],
    )
    old = "We do not pay staff extra."
    new = "We do not pay our own staff extra for this work."
    rst, md = edit(rst, old, new), edit(md, old, new)
    shas["gareth"] = repo.commit(
        "Staff are not paid twice", {"policy.rst": rst, "page.md": md}, "gareth"
    )
    old = "Anyone we invite to take part."
    new = "Anyone we invite to take part, including carers."
    rst, md = edit(rst, old, new), edit(md, old, new)
    shas["squash"] = repo.commit(
        "Include carers (#7)\n\nTranslated-by: Leila Haddad <leila@example.org>\n"
        "Reviewed-by: Amira Khan <amira@example.org>",
        {"policy.rst": rst, "page.md": md},
        "jo",
    )
    rst = edit(rst, "bring  to", "bring to")
    md = edit(md, "bring  to", "bring to")
    shas["format"] = repo.commit(
        "Tidy spacing", {"policy.rst": rst, "page.md": md}, "jo"
    )
    repo.commit(
        "Ignore the formatting commit",
        {".git-blame-ignore-revs": f"# formatting\n{shas['format']}\n"},
    )
    old = "We pay people for the expertise they bring to our work.\n"
    rst = edit(rst, old, "We pay people for the expertise they\nbring to our work.\n")
    md = edit(md, old, "We pay people for the expertise they\nbring to our work.\n")
    shas["rewrap"] = repo.commit(
        "Re-wrap", {"policy.rst": rst, "page.md": md}, "stranger"
    )
    shas["bot"] = repo.commit("Bump", {"index.rst": index + "\n.. bump\n"}, "bot")
    return repo, shas


@pytest.fixture
def history(tmp_path):
    return make_history(tmp_path / "site")


def cached_owners(src: Path, path: str) -> list[str | None]:
    with (src / "_build" / "doctrees" / CACHE_NAME).open("rb") as handle:
        state = unpack(pickle.load(handle))
    assert state is not None
    sha_of = {index: sha for sha, index in state.index.items()}
    file = state.file(path)
    assert file is not None
    return [sha_of.get(line.owner) for line in file.lines]


def test_line_owners_agree_with_git_blame(history, build):
    repo, _shas = history
    app = build(repo.path)
    assert "[coprodoc.git]" not in warnings_of(app)
    for path in ("policy.rst", "page.md"):
        assert cached_owners(repo.path, path) == repo.blame(path, ignore_revs=True)


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(), "html.parser")


def shaped_by(app, page: str, section: str) -> str:
    block = soup(app, page).select_one(f"section#{section} > .coprodoc-shaped-by")
    return block.select_one(".coprodoc-shaped-by-people").get_text()


@pytest.mark.parametrize("page", ["policy.html", "page.html"])
def test_shaped_by_credits_the_people_who_shaped_each_section(history, build, page):
    repo, _shas = history
    app = build(repo.path)
    why = shaped_by(app, page, "why-we-pay")
    # The pull request's author and co-author share its words; the formatting
    # commit and the re-wrap take no credit; Jo drafted the rest.
    assert why.startswith("Jo Bennett (Drafting, ")
    assert "Amira Khan (Drafting, " in why and "River (Drafting, " in why
    assert "not named" not in why
    who = shaped_by(app, page, "who-is-paid")
    # Gareth withdrew consent; Leila translated (a trailer role), Amira reviewed.
    assert "Gareth" not in who and "1 person who is not named" in who
    assert "Leila Haddad (Translation)" in who
    assert "Amira Khan (Review)" in who
    block = soup(app, page).select_one("section#who-is-paid > .coprodoc-shaped-by")
    assert block["role"] == "note"
    assert block.find(id=block["aria-labelledby"]).get_text() == "Shaped by"
    assert "Last changed 2026-03-" in block.get_text()


def test_rst_and_myst_pages_get_the_same_attribution(history, build):
    repo, _shas = history
    app = build(repo.path)
    data = get_data(app.env)
    rst, md = data.history["policy"], data.history["page"]
    assert [s.shares for s in rst.sections] == [s.shares for s in md.sections]
    assert [s.changes for s in rst.sections] == [s.changes for s in md.sections]


def test_change_history_rows_are_written_as_sphinx_writes_them(
    history, build, monkeypatch
):
    """HTML builders get a change history's rows written at once: the page
    is byte for byte what writing them node by node gives, with links (this
    site has coprodoc_repo_url) and without, in html and singlehtml."""
    from coprodoc.directives import parts

    repo, _shas = history
    policy = repo.path / "policy.rst"
    policy.write_text(policy.read_text() + "\n.. change-history::\n")
    repo.commit("Add change history", who="jo")
    for builder, page in (("html", "policy.html"), ("singlehtml", "index.html")):
        for overrides in ({}, {"coprodoc_repo_url": None}):
            fast = build(repo.path, builder, freshenv=True, confoverrides=overrides)
            written = (fast.outdir / page).read_text()
            assert written.count('<tr class="row-') >= 9
            with monkeypatch.context() as patched:
                patched.setattr(parts, "rows_html", lambda rows: None)
                slow = build(repo.path, builder, freshenv=True, confoverrides=overrides)
            assert (slow.outdir / page).read_text() == written


def test_change_history_table(history, build):
    repo, _shas = history
    policy = repo.path / "policy.rst"
    policy.write_text(
        policy.read_text()
        + "\nChanges\n-------\n\n.. change-history::\n   :limit: 3\n"
        + "\n.. change-history::\n"
    )
    repo.commit("Add change history", who="jo")
    app = build(repo.path)
    latest, everything = soup(app, "policy.html").select(
        "table.coprodoc-change-history"
    )
    rows = [
        [td.get_text() for td in tr.select("td")] for tr in latest.select("tbody tr")
    ]
    assert [row[2] for row in rows] == ["Add change history", "Re-wrap", "Tidy spacing"]
    assert rows[0][0] == "2026-03-11"
    links = [a["href"] for a in latest.select("tbody a")]
    assert links[0].startswith("https://github.com/example/policy/commit/")
    rows = everything.select("tbody tr")
    who = {tr.select("td")[2].get_text(): tr.select("td")[1].get_text() for tr in rows}
    # Following the rename back to the first draft; the formatting commit is
    # listed but credits nobody.
    assert list(who) == [
        "Add change history",
        "Re-wrap",
        "Tidy spacing",
        "Include carers (#7)",
        "Staff are not paid twice",
        "Merge pull request #1",
        "Rename the draft",
        "First draft",
    ]
    assert who["Merge pull request #1"] == "Amira Khan, River"
    assert (
        who["Include carers (#7)"]
        == "Jo Bennett, Leila Haddad (Translation), Amira Khan (Review)"
    )
    assert who["Staff are not paid twice"] == "1 person who is not named"
    assert who["Tidy spacing"] == ""
    pr_links = [a["href"] for a in everything.select("tbody a")]
    assert "https://github.com/example/policy/pull/1" in pr_links
    assert "https://github.com/example/policy/pull/7" in pr_links


def test_a_pull_request_in_a_site_in_a_subfolder_credits_only_its_own_commits(
    tmp_path, build
):
    """A site in docs/ of a repository with code: the commits on main that
    touch only code are not part of a later pull request, so their authors
    are not credited with it."""
    repo = Repo(tmp_path / "repo")
    (repo.path / "docs").mkdir()
    for name in ("conf.py", "contributors.yaml"):
        shutil.copy(ROOTS / "test-history" / name, repo.path / "docs" / name)
    page = "Home\n====\n\nWe pay people.\n\n.. change-history::\n"
    repo.commit("Start", {"docs/index.rst": page, "src/app.py": "run()\n"})
    repo.commit("Fix the code", {"src/app.py": "run(1)\n"}, "rowan")
    repo.commit("Faster code", {"src/app.py": "run(2)\n"}, "stranger")
    repo.pull_request(
        2,
        "pay-on-the-day",
        [
            (
                "Pay on the day",
                {"docs/index.rst": edit(page, "people.", "people on the day.")},
                "amira",
            )
        ],
    )
    app = build(repo.path / "docs")
    rows = soup(app, "index.html").select("table.coprodoc-change-history tbody tr")
    who = {tr.select("td")[2].get_text(): tr.select("td")[1].get_text() for tr in rows}
    assert who == {"Merge pull request #2": "Amira Khan", "Start": "Jo Bennett"}


def test_consent_rules_hold_for_git_names(history, build):
    repo, _shas = history
    build(repo.path)
    contents = b"\n".join(p.read_bytes() for p in all_files(repo.path / "_build"))
    assert leaks(contents, ["Gareth Llewellyn", "Rowan Hale", "Chris Stranger"]) == []
    for email in ("gareth@example.org", "rowan@example.org", "amira@example.org"):
        assert email.encode() not in contents
    assert b"Amira Khan" in contents  # the check can fail


def test_mailmap_and_bots(history, build):
    repo, shas = history
    repo.write(
        {
            ".mailmap": "Amira Khan <amira@example.org> "
            "Chris Stranger <chris@elsewhere.example>\n"
        }
    )
    repo.commit("Map an old address", who="jo")
    app = build(repo.path, confoverrides={"coprodoc_unknown_contributors": "show"})
    changes = by_sha(app)
    # The re-wrap was made under an old address that .mailmap gives to Amira.
    assert changes[shas["rewrap"]].credits == (("p:amira", "drafting", True),)
    # The bot's commit is listed, crediting nobody.
    history = get_data(app.env).history["index"]
    assert changes[shas["bot"]] in [change_list(app)[i] for i in history.changes]
    assert changes[shas["bot"]].credits == ()


def test_unknown_contributors_can_be_shown_by_name(tmp_path, build):
    repo = Repo(tmp_path / "site")
    shutil.copy(ROOTS / "test-history" / "conf.py", repo.path / "conf.py")
    repo.commit("Draft", {"index.rst": RST_V1}, "stranger")
    shown = build(repo.path, confoverrides={"coprodoc_unknown_contributors": "show"})
    assert "Chris Stranger" in shaped_by(shown, "index.html", "why-we-pay")


def test_unregistered_people_are_told_apart_by_address_until_mailmap_joins_them(
    tmp_path, build
):
    """One stranger committing from two addresses counts as two people who
    are not named (git cannot say they are one); a .mailmap line makes them
    one, as configuration.md says."""
    repo = Repo(tmp_path / "site")
    shutil.copy(ROOTS / "test-history" / "conf.py", repo.path / "conf.py")
    repo.commit("Draft", {"index.rst": RST_V1}, "stranger")
    other = ("Chris Stranger", "chris@home.example")
    repo.commit(
        "Reword", {"index.rst": edit(RST_V1, "Anyone we", "Everyone we")}, other
    )
    assert shaped_by(build(repo.path), "index.html", "who-is-paid").startswith(
        "2 people who are not named"
    )
    mailmap = "Chris Stranger <chris@elsewhere.example> <chris@home.example>\n"
    repo.commit("Join the addresses", {".mailmap": mailmap})
    assert shaped_by(build(repo.path), "index.html", "who-is-paid").startswith(
        "1 person who is not named"
    )


def test_not_a_git_repository(copy_root, build):
    src = copy_root("history")
    (src / "index.rst").write_text(RST_V1 + "\n.. change-history::\n")
    app = build(src)
    lines = [line for line in warnings_of(app).splitlines() if "coprodoc.git" in line]
    assert len(lines) == 1 and "is not in a git repository" in lines[0]
    page = soup(app, "index.html")
    assert (
        "History is not available"
        in page.select_one(".coprodoc-change-history").get_text()
    )


def test_uncommitted_and_untracked_files(history, build):
    repo, _shas = history
    policy = repo.path / "policy.rst"
    policy.write_text(
        policy.read_text().replace("including carers.", "including carers and family.")
    )
    (repo.path / "new.rst").write_text("New\n===\n\nNot committed.\n")
    index = repo.path / "index.rst"
    index.write_text(index.read_text().replace("   page\n", "   page\n   new\n"))
    app = build(repo.path)
    # Checking before committing is ordinary: no warning (so -W passes), a
    # note with Sphinx's progress that names the file
    assert "coprodoc.git" not in warnings_of(app)
    status = app.status.getvalue().splitlines()
    notes = [line for line in status if "not committed" in line]
    assert notes == [
        f"{repo.path / name}: has changes not committed yet: until they are, "
        "their words are shown as “not committed yet” and credited to no one"
        for name in ("index.rst", "policy.rst")
    ]
    block = soup(app, "policy.html").select_one(
        "section#who-is-paid > .coprodoc-shaped-by"
    )
    assert "includes changes not committed yet" in block.get_text()
    new = soup(app, "new.html").select_one(".coprodoc-shaped-by")
    assert "This page is not committed yet." in new.get_text()


def test_shallow_clone(history, build, tmp_path):
    repo, _shas = history
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", f"file://{repo.path}", str(clone)],
        check=True,
    )
    app = build(clone)
    lines = [line for line in warnings_of(app).splitlines() if "coprodoc.git" in line]
    assert len(lines) == 1 and "shallow clone: history before 2026-03-" in lines[0]
    block = soup(app, "policy.html").select_one(
        "section#who-is-paid > .coprodoc-shaped-by"
    )
    assert (
        "History before 2026-03-" in block.get_text()
        or "history before 2026-03-" in block.get_text()
    )


def test_fetching_the_rest_of_a_shallow_clone_is_noticed(history, build, tmp_path):
    repo, _shas = history
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", f"file://{repo.path}", str(clone)],
        check=True,
    )
    build(clone)
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=clone, check=True)
    app = build(clone)  # incremental: no page changed, the history did
    assert "shallow" not in warnings_of(app)
    block = soup(app, "policy.html").select_one(".coprodoc-shaped-by")
    assert "not available" not in block.get_text()


def test_a_page_in_a_submodule_says_so(history, build, tmp_path):
    repo, _shas = history
    inner = Repo(tmp_path / "inner")
    inner.commit("Inner page", {"page.rst": "Inner\n=====\n\nText.\n"})
    repo.git(
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        str(inner.path),
        "sub",
    )
    repo.commit("Add a submodule")
    index = repo.path / "index.rst"
    index.write_text(index.read_text().replace("   page\n", "   page\n   sub/page\n"))
    app = build(repo.path)
    text = soup(app, "sub/page.html").select_one(".coprodoc-shaped-by").get_text()
    assert "This page is in a git submodule, whose history is not read." in text
    assert ".." not in text


def test_word_matching_stays_fast_on_a_very_long_line():
    """A 150,000-word line with one word changed: the unchanged words keep
    their owner (the common start and end are matched directly)."""
    from coprodoc.history.replay import FileDiff, FileState, Hunk, Line, apply_diff

    words = [f"w{i}" for i in range(150_000)]
    state = FileState([Line(0, [0] * len(words))], [0])
    changed = list(words)
    changed[70_000] = "edited"
    hunk = Hunk(1, 1, 1, [" ".join(words)], [" ".join(changed)])
    apply_diff(state, FileDiff("a", "a", [hunk]), 1)
    owners = state.lines[0].words
    assert owners.count(1) == 1 and owners[70_000] == 1
    # Two edits far apart: the part between them is credited as a line would be.
    changed[1_000] = "again"
    hunk = Hunk(1, 1, 1, [" ".join(words)], [" ".join(changed)])
    state = FileState([Line(0, [0] * len(words))], [0])
    apply_diff(state, FileDiff("a", "a", [hunk]), 1)
    owners = state.lines[0].words
    assert owners[:1_000] == [0] * 1_000 and owners[70_001:] == [0] * 79_999


def test_an_uncommitted_edit_has_the_same_fingerprint_in_every_build():
    """The fingerprint of an uncommitted edit is kept in the environment: read
    again in the next build, the same edit must give the same fingerprint
    (or its page's history is worked out again in every build), and another
    edit another."""
    from coprodoc.history.engine import edit_digest
    from coprodoc.history.replay import parse_patch

    patch = [
        "diff --git a/page.md b/page.md\n",
        "--- a/page.md\n",
        "+++ b/page.md\n",
        "@@ -3 +3 @@\n",
        "-Rent is reviewed each year.\n",
        "+Rent is reviewed every April.\n",
    ]
    first, again = next(parse_patch(patch)), next(parse_patch(list(patch)))
    assert edit_digest(first) == edit_digest(again)
    other = next(parse_patch([*patch[:-1], "+Rent is reviewed each May.\n"]))
    assert edit_digest(other) != edit_digest(first)


def test_detached_head(history, build):
    repo, shas = history
    repo.git("checkout", "-q", shas["squash"])
    app = build(repo.path)
    lines = [line for line in warnings_of(app).splitlines() if "coprodoc.git" in line]
    assert len(lines) == 1 and "detached" in lines[0]


def test_parallel_and_incremental_builds_agree_with_a_fresh_build(
    history, build, tmp_path
):
    repo, _shas = history
    serial = build(repo.path)
    expected = get_data(serial.env).history
    parallel_copy = tmp_path / "parallel"
    shutil.copytree(repo.path, parallel_copy, ignore=shutil.ignore_patterns("_build"))
    parallel = build(parallel_copy, parallel=4)
    assert get_data(parallel.env).history == expected
    # A new commit: the incremental build replays only it, and agrees with a
    # fresh build of the same commit.
    policy = repo.path / "policy.rst"
    policy.write_text(
        policy.read_text().replace("for this work.", "for this work, ever.")
    )
    repo.commit("Be clear", who="amira")
    again = build(repo.path)
    fresh_copy = tmp_path / "fresh"
    shutil.copytree(repo.path, fresh_copy, ignore=shutil.ignore_patterns("_build"))
    fresh = build(fresh_copy)
    assert get_data(again.env).history == get_data(fresh.env).history
    assert get_data(again.env).history != expected
    assert (
        soup(again, "policy.html").get_text() == soup(fresh, "policy.html").get_text()
    )


def git_commands(trace: Path) -> list[str]:
    """The git commands a build ran, from git's own trace."""
    return [
        line.split("built-in: git ", 1)[1].split()[0]
        for line in trace.read_text().splitlines()
        if "built-in: git " in line
    ]


def test_git_is_read_in_a_few_calls_not_one_per_file(history, build, monkeypatch):
    repo, _shas = history
    for n in range(12):
        (repo.path / f"extra-{n}.rst").write_text(f"Extra {n}\n========\n\nText.\n")
    index = repo.path / "index.rst"
    index.write_text(index.read_text() + "   extra-*\n")
    index.write_text(
        index.read_text().replace(".. toctree::", ".. toctree::\n   :glob:")
    )
    repo.commit("Twelve more pages")
    trace = repo.path.parent / "trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    build(repo.path)
    cold = git_commands(trace)
    assert "blame" not in cold
    assert cold.count("log") == 2  # the patches, and the commit metadata
    assert len(cold) <= 12, cold
    trace.unlink()
    build(repo.path)  # nothing changed: no log, no replay
    warm = git_commands(trace)
    assert "log" not in warm and len(warm) <= 6, warm
    trace.unlink()
    repo.commit("One more change", {"extra-3.rst": "Extra 3\n=======\n\nChanged.\n"})
    build(repo.path)
    incremental = git_commands(trace)
    assert incremental.count("log") == 2 and len(incremental) <= 12, incremental


def test_git_not_installed(history, build, monkeypatch, tmp_path):
    repo, _shas = history
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no git on the PATH at all
    app = build(repo.path)
    lines = [line for line in warnings_of(app).splitlines() if "coprodoc.git" in line]
    assert len(lines) == 1 and "git program was not found" in lines[0]
    block = soup(app, "policy.html").select_one(".coprodoc-shaped-by")
    assert "History is not available" in block.get_text()


@pytest.mark.parametrize("buildername", ["singlehtml", "text", "latex"])
def test_merged_and_other_builders_credit_each_page_correctly(
    history, build, buildername
):
    repo, _shas = history
    app = build(repo.path, buildername, confoverrides={"copyright": "2026, test"})
    output = b"".join(p.read_bytes() for p in app.outdir.rglob("*") if p.is_file())
    # In one merged document, each page's sections still get their own credit.
    assert b"River" in output and b"Leila Haddad" in output
    assert b"Gareth" not in output


INCLUDING = """\
Home
====

Intro.

First
-----

Jo wrote these words in the first section.

.. shaped-by::

.. include:: _inc/part.rst
"""


def test_a_section_brought_in_by_include_leaves_the_sections_around_it_alone(
    tmp_path, build
):
    """An included section's title has a line in the included file, not in
    the page's: taken as the page's own line, it ended the section before it
    early and took that section's credit."""
    repo = Repo(tmp_path / "site")
    registry = "".join(
        f"  - id: {key}\n    name: {PEOPLE[key][0]}\n    display: name\n"
        f"    git: [{PEOPLE[key][1]}]\n    consent: {{given: 2026-01-01}}\n"
        for key in ("jo", "amira")
    )
    repo.commit(
        "Start",
        {
            "conf.py": 'extensions = ["coprodoc"]\n'
            'exclude_patterns = ["_inc", "_build"]\n',
            "contributors.yaml": "people:\n" + registry,
            "index.rst": INCLUDING,
            "_inc/part.rst": "Second\n------\n\nText of the included part.\n\n"
            ".. shaped-by::\n",
        },
    )
    added = "Amira added this line to the first section only.\n\n"
    text = INCLUDING.replace(".. shaped-by::", added + ".. shaped-by::")
    repo.commit("Add a line", {"index.rst": text}, who="amira")
    app = build(repo.path)
    first = shaped_by(app, "index.html", "first")
    assert first.startswith("Jo Bennett (Drafting, ") and "Amira Khan" in first
    second = soup(app, "index.html").select_one("section#second .coprodoc-shaped-by")
    assert "Amira" not in second.get_text()
    assert "comes from another file" in second.get_text()


def test_git_asked_before_reading_answers_as_git_asked_then(tmp_path):
    """The build starts git while Sphinx loads (status) and reads (the diff of
    uncommitted changes); what it reads later must be what asking then gives,
    failures included."""
    from coprodoc import gitrepo

    repo = Repo(tmp_path / "repo")
    repo.commit("Add the policy", {"docs/policy.md": "# Policy\n\nWe listen.\n"})
    repo.write({"docs/policy.md": "# Policy\n\nWe listen and act.\n"})
    docs = repo.path / "docs"
    assert gitrepo.status(docs, gitrepo.start_status(docs)) == gitrepo.status(docs)
    late = gitrepo.quick_diff(repo.path, ["docs"])
    assert "+We listen and act.\n" in late
    started = gitrepo.start_quick_diff(repo.path, ["docs"])
    assert gitrepo.quick_diff(repo.path, ["docs"], started) == late

    outside = tmp_path / "not-a-repository"
    outside.mkdir()
    with pytest.raises(gitrepo.GitError, match="not in a git repository"):
        gitrepo.status(outside, gitrepo.start_status(outside))
    empty = Repo(tmp_path / "empty")  # no commits: "git diff HEAD" fails
    assert gitrepo.status(empty.path, gitrepo.start_status(empty.path)).head is None
    started = gitrepo.start_quick_diff(empty.path, ["."])
    with pytest.raises(gitrepo.GitError, match="HEAD"):  # git's own message
        gitrepo.quick_diff(empty.path, ["."], started)


def test_a_build_that_stops_before_reading_leaves_no_git_process_unread(tmp_path):
    """git is asked at config-inited; a build that fails in Sphinx's own start
    (here, a theme that does not exist) emits no build-finished, and the
    early answer must still be read, not left running as Python exits."""
    import sys

    from coprodoc.history import background

    if not background.available():
        pytest.skip("one core: git is not asked early, so nothing can be left")
    repo = Repo(tmp_path / "site")
    repo.commit("Add", {"conf.py": 'extensions = ["coprodoc"]\n', "index.rst": "Hi\n"})
    python = [sys.executable, "-X", "dev", "-W", "always::ResourceWarning"]
    build = ["-q", "-b", "html", "-D", "html_theme=no-such-theme"]
    done = subprocess.run(
        [*python, "-m", "sphinx", *build, str(repo.path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "no-such-theme" in done.stderr
    assert "ResourceWarning" not in done.stderr, done.stderr
