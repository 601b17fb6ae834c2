"""The example project builds cleanly and keeps its promises about names."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from coprodoc.registry import load_registry
from coprodoc.vocabulary import BUILTIN_ROLE_IDS
from tests.conftest import all_files, leaks, warnings_of

EXAMPLE = Path(__file__).parent.parent / "example_project"


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


def test_example_builds_without_warnings_and_hides_what_it_must(tmp_path, build):
    src = tmp_path / "example"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    app = build(src)
    assert warnings_of(app) == ""
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


def test_example_records_a_decision_its_dissent_and_the_answers(tmp_path, build):
    src = tmp_path / "example"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    app = build(src)
    rates = BeautifulSoup((app.outdir / "rates.html").read_text(), "html.parser")
    dissents = rates.select("div.coprodoc-dissent")
    assert len(dissents) == 2
    assert all(d.select_one("div.coprodoc-response") for d in dissents)
    decisions = BeautifulSoup(
        (app.outdir / "decisions.html").read_text(), "html.parser"
    )
    captions = [c.get_text() for c in decisions.select("table .caption-text")]
    assert captions == ["Decision register", "Dissent register"]
    assert "No dissent has the status: Open." in decisions.get_text()
    assert decisions.select_one("div.coprodoc-protocol")
