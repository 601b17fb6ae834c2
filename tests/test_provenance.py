"""Credit follows words, on real git repositories: moves, copies, edits of
moved text, reverts, re-wraps, recorded words, and the authorship view."""

from __future__ import annotations

import pickle
import shutil
import textwrap
from pathlib import Path

from bs4 import BeautifulSoup

from coprodoc.data import get_data
from coprodoc.history.changes import CACHE_NAME
from tests.conftest import ROOTS
from tests.gitutil import Repo

AMIRA_WORDS = (
    "Panel members said that a voucher is not the same as being paid. "
    "People need money they can spend on the bus home."
)
LEILA_WORDS = (
    "Carers often cannot stay late, so sessions end by four in the afternoon "
    "and the venue has step free access."
)


def page(sections: dict[str, str]) -> str:
    """An rST page: a title, then each section with its text."""
    lines = ["Paying people", "=============", ""]
    for title, text in sections.items():
        lines += [title, "-" * len(title), "", text, ""]
    return "\n".join(lines)


def site(path: Path) -> Repo:
    repo = Repo(path)
    shutil.copy(ROOTS / "test-history" / "conf.py", path / "conf.py")
    shutil.copy(
        ROOTS / "test-history" / "contributors.yaml", path / "contributors.yaml"
    )
    (path / "conf.py").write_text(
        (path / "conf.py").read_text() + "coprodoc_authorship_view = True\n"
    )
    repo.commit(
        "Start",
        {
            "index.rst": "Policy\n======\n\n.. toctree::\n\n   policy\n   other\n",
            "policy.rst": page({"Why": "We pay people.", "How": "By transfer."}),
            "other.rst": page({"Elsewhere": "Other words."}),
        },
        who="jo",
    )
    policy = page({"Why": "We pay people.\n\n" + AMIRA_WORDS, "How": "By transfer."})
    repo.commit("Panel words", {"policy.rst": policy}, who="amira")
    return repo


def shares(app, docname: str, section: str) -> dict[str, float]:
    history = get_data(app.env).history[docname]
    found = history.section(section)
    assert found is not None, (docname, section)
    return dict(found.shares)


def test_a_paragraph_moved_to_another_section_keeps_its_author(tmp_path, build):
    repo = site(tmp_path / "site")
    moved = page({"Why": "We pay people.", "How": "By transfer.\n\n" + AMIRA_WORDS})
    repo.commit("Move the panel's paragraph", {"policy.rst": moved}, who="jo")
    app = build(repo.path)
    how = shares(app, "policy", "how")
    assert how["p:amira"] > 0.8, how  # not the staff member who moved it


def test_a_paragraph_moved_to_another_file_keeps_its_author(tmp_path, build):
    repo = site(tmp_path / "site")
    repo.commit(
        "Move the panel's paragraph to another page",
        {
            "policy.rst": page({"Why": "We pay people.", "How": "By transfer."}),
            "other.rst": page({"Elsewhere": "Other words.\n\n" + AMIRA_WORDS}),
        },
        who="jo",
    )
    app = build(repo.path)
    elsewhere = shares(app, "other", "elsewhere")
    assert elsewhere["p:amira"] > 0.7, elsewhere


def test_a_subset_build_follows_the_page_text_came_from_not_its_neighbours(
    tmp_path, build
):
    """Building two of nine pages replays the page the paragraph came from,
    so it keeps its author, but not a page merely edited in the same commit
    (whose history cannot change the pages built)."""
    repo = site(tmp_path / "site")
    repo.commit(
        "More pages",
        {f"extra{n}.rst": page({"Extra": f"Words of page {n}."}) for n in range(6)},
    )
    repo.commit(
        "Move the panel's paragraph to another page; tidy extra0",
        {
            "policy.rst": page({"Why": "We pay people.", "How": "By transfer."}),
            "other.rst": page({"Elsewhere": "Other words.\n\n" + AMIRA_WORDS}),
            "extra0.rst": page({"Extra": "Words of page zero."}),
        },
        who="jo",
    )
    app = build(
        repo.path, confoverrides={"include_patterns": ["index.rst", "other.rst"]}
    )
    with (Path(app.doctreedir) / CACHE_NAME).open("rb") as handle:
        scope = pickle.load(handle)["scope"]
    assert sorted(scope) == ["index.rst", "other.rst", "policy.rst"]
    elsewhere = shares(app, "other", "elsewhere")
    assert elsewhere["p:amira"] > 0.7, elsewhere


def test_an_edited_moved_paragraph_keeps_its_unchanged_words_authors(tmp_path, build):
    repo = site(tmp_path / "site")
    edited = AMIRA_WORDS.replace("the bus home", "the journey home")
    moved = page({"Why": "We pay people.", "How": "By transfer.\n\n" + edited})
    repo.commit("Move and tidy the panel's paragraph", {"policy.rst": moved}, who="jo")
    app = build(repo.path)
    how = shares(app, "how") if False else shares(app, "policy", "how")
    assert how["p:amira"] > 0.75, how
    assert 0 < how["p:jo"] < 0.25, how  # "journey", and the section's own words


def test_a_copied_paragraph_keeps_its_owners_in_both_places(tmp_path, build):
    repo = site(tmp_path / "site")
    copied = page(
        {
            "Why": "We pay people.\n\n" + AMIRA_WORDS,
            "How": "By transfer.\n\n" + AMIRA_WORDS,
        }
    )
    repo.commit("Repeat the panel's point", {"policy.rst": copied}, who="jo")
    app = build(repo.path)
    assert shares(app, "policy", "why")["p:amira"] > 0.8
    assert shares(app, "policy", "how")["p:amira"] > 0.8


def test_a_revert_gives_the_words_back_to_their_authors(tmp_path, build):
    repo = site(tmp_path / "site")
    gone = page({"Why": "We pay people.", "How": "By transfer."})
    removal = repo.commit(
        "Remove the panel's paragraph", {"policy.rst": gone}, who="jo"
    )
    repo.commit(
        "Unrelated", {"other.rst": page({"Elsewhere": "More words."})}, who="jo"
    )
    repo.git("revert", "--no-edit", removal, who="jo")
    app = build(repo.path)
    why = shares(app, "policy", "why")
    assert why["p:amira"] > 0.8, why  # not the staff member who reverted


def test_a_rewrap_takes_no_credit(tmp_path, build):
    repo = site(tmp_path / "site")
    before = shares(build(repo.path), "policy", "why")
    wrapped = "\n".join(textwrap.wrap(AMIRA_WORDS, 30))  # same words, other lines
    rewrapped = page({"Why": "We pay people.\n\n" + wrapped, "How": "By transfer."})
    repo.commit("Re-wrap", {"policy.rst": rewrapped}, who="jo")
    app = build(repo.path)
    assert shares(app, "policy", "why") == before


DISSENT = """\
.. dissent::
   :by: p06
   :date: 2026-03-10

   {text}
"""


def test_a_dissent_typed_in_by_staff_is_the_dissenters(tmp_path, build):
    """Amira writes the section; Jo, a member of staff, types in Leila's
    dissent: Jo is credited with nothing there, Leila with her words."""
    repo = site(tmp_path / "site")
    text = page(
        {
            "Why": "We pay people.\n\n" + AMIRA_WORDS,
            "How": "By transfer.",
            "Concerns": "Said at the meeting.",
        }
    )
    repo.commit("Add a section", {"policy.rst": text}, who="amira")
    text = text.replace(
        "Said at the meeting.\n",
        "Said at the meeting.\n\n" + DISSENT.format(text=LEILA_WORDS),
    )
    repo.commit("Record Leila's dissent", {"policy.rst": text}, who="jo")
    md = "# Paying people\n\n## Concerns\n\nSaid at the meeting.\n"
    index = (repo.path / "index.rst").read_text() + "   dissent-md\n"
    repo.commit("A Markdown page", {"dissent-md.md": md, "index.rst": index}, "amira")
    md += "\n```{dissent}\n:by: p06\n\n" + LEILA_WORDS + "\n```\n"
    repo.commit("Same in Markdown", {"dissent-md.md": md}, who="jo")
    app = build(repo.path)
    for docname in ("policy", "dissent-md"):
        history = get_data(app.env).history[docname]
        concerns = history.section("concerns")
        roles = dict(concerns.roles)
        assert roles.get("p:p06") == ("dissent",), roles
        assert "p:jo" not in roles, roles  # typed it in, wrote none of it
        assert "p:jo" not in dict(concerns.shares)
    block = BeautifulSoup((app.outdir / "policy.html").read_text(), "html.parser")
    shaped = block.select_one("section#concerns .coprodoc-shaped-by").get_text(" ")
    assert "Leila Haddad (Dissent" in shaped and "Jo Bennett" not in shaped, shaped


def test_parallel_and_incremental_builds_give_the_same_owners(tmp_path, build):
    repo = site(tmp_path / "site")
    repo.commit(
        "Move the panel's paragraph to another page",
        {
            "policy.rst": page({"Why": "We pay people.", "How": "By transfer."}),
            "other.rst": page({"Elsewhere": "Other words.\n\n" + AMIRA_WORDS}),
        },
        who="jo",
    )
    fresh = build(repo.path, freshenv=True)
    expected = {d: get_data(fresh.env).history[d] for d in ("policy", "other")}
    copy = tmp_path / "parallel"
    shutil.copytree(repo.path, copy, ignore=shutil.ignore_patterns("_build"))
    parallel = build(copy, parallel=4)
    assert {d: get_data(parallel.env).history[d] for d in expected} == expected
    (repo.path / "index.rst").write_text((repo.path / "index.rst").read_text() + "\n")
    again = build(repo.path)  # incremental
    assert {d: get_data(again.env).history[d] for d in expected} == expected


def test_the_authorship_view_marks_each_passage_and_hides_the_unnamed(tmp_path, build):
    repo = site(tmp_path / "site")
    text = page({"Why": "We pay people.\n\n" + AMIRA_WORDS, "How": "By transfer."})
    added = text + "\nOne more line from a withdrawn contributor.\n"
    repo.commit("Add a line", {"policy.rst": added}, who="gareth")
    app = build(repo.path)
    html = (app.outdir / "policy.html").read_text()
    page_soup = BeautifulSoup(html, "html.parser")
    link = page_soup.select_one("p.coprodoc-authorship-link a")
    assert link["href"] == "_authorship/policy.html"
    view = BeautifulSoup(
        (app.outdir / "_authorship" / "policy.html").read_text(), "html.parser"
    )
    legend = [
        li.get_text(" ", strip=True)
        for li in view.select(".coprodoc-authorship-legend li")
    ]
    assert any("Amira Khan" in item for item in legend), legend
    # Gareth withdrew consent: his words are "a person who is not named"
    assert any("a person who is not named" in item for item in legend), legend
    assert "Gareth" not in view.get_text() and "Llewellyn" not in view.get_text()
    # every run is marked by a letter, not by colour alone
    runs = view.select(".coprodoc-author")
    assert runs and all(r.select_one(".coprodoc-author-badge") for r in runs)
    assert not view.select("script[src*=coprodoc]")


def test_text_restored_before_it_is_committed_gets_its_owners_back(tmp_path, build):
    """The archive of removed sentences is looked up for uncommitted edits
    from the cache of an earlier build, without loading it when no sentence
    could be there."""
    repo = site(tmp_path / "site")
    gone = page({"Why": "We pay people.", "How": "By transfer."})
    repo.commit("Remove the panel's paragraph", {"policy.rst": gone}, who="jo")
    build(repo.path)  # the history cache, with the removed sentences
    other = repo.path / "other.rst"
    other.write_text(
        page(
            {
                "Elsewhere": "Other words.\n\n" + AMIRA_WORDS,
                "New": "A sentence nobody has written before today.",
            }
        )
    )
    again = build(repo.path)
    restored = shares(again, "other", "elsewhere")
    assert restored.get("p:amira", 0) > 0.7, restored
    assert "p:amira" not in shares(again, "other", "new")
