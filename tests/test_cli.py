"""The coprodoc command: init, check and demo, run as users run them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from coprodoc.cli import main
from tests.conftest import ROOTS
from tests.gitutil import Repo

GITHUB_LINE = re.compile(
    r"^::(warning|error) file=[^,:]+,line=\d+,title=coprodoc\.[a-z-]+::.+$"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user types it."""
    return subprocess.run(
        [sys.executable, "-m", "coprodoc.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_help_is_plain():
    done = run("--help")
    assert done.returncode == 0
    for command in ("init", "check", "demo"):
        assert command in done.stdout


@pytest.mark.smoke
def test_init_then_a_strict_build_succeeds(tmp_path):
    site = tmp_path / "our-policy"
    site.mkdir()
    assert main(["init", str(site), "-q"]) == 0
    for name in (
        "conf.py",
        "contributors.yaml",
        "index.md",
        "requirements.txt",
        ".gitignore",
        ".readthedocs.yaml",
        ".github/workflows/policy.yml",
        ".github/pull_request_template.md",
    ):
        assert (site / name).is_file(), name
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "-b",
            "html",
            str(site),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    index = (tmp_path / "html" / "index.html").read_text()
    assert "Your Name" in index and "coprodoc-decision" in index
    assert main(["check", str(site), "-q"]) == 0


def test_init_never_overwrites(tmp_path, capsys):
    (tmp_path / "conf.py").write_text("# mine\n")
    assert main(["init", str(tmp_path)]) == 1
    assert (tmp_path / "conf.py").read_text() == "# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["conf.py"]
    message = capsys.readouterr().err
    assert "nothing was changed" in message and "conf.py" in message
    assert "--force" in message


def test_init_force_keeps_a_backup(tmp_path):
    (tmp_path / "conf.py").write_text("# mine\n")
    assert main(["init", str(tmp_path), "--force", "-q"]) == 0
    assert (tmp_path / "conf.py.bak").read_text() == "# mine\n"
    assert "coprodoc" in (tmp_path / "conf.py").read_text()


def test_init_writes_nothing_when_a_file_is_in_the_way(tmp_path, capsys):
    (tmp_path / ".github").write_text("not a folder\n")
    assert main(["init", str(tmp_path)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".github"]
    assert ".github is a file" in capsys.readouterr().err


def test_init_does_not_write_through_a_dangling_link(tmp_path, capsys):
    (tmp_path / "conf.py").symlink_to(tmp_path / "elsewhere" / "conf.py")
    assert main(["init", str(tmp_path), "--force"]) == 1
    assert not (tmp_path / "elsewhere").exists()
    assert "symbolic link" in capsys.readouterr().err


def test_init_does_not_shadow_an_existing_first_page(tmp_path, capsys):
    (tmp_path / "index.rst").write_text("Mine\n====\n")
    assert main(["init", str(tmp_path)]) == 1
    assert not (tmp_path / "index.md").exists()
    assert "index.rst is already there" in capsys.readouterr().err
    assert main(["init", str(tmp_path), "--force", "-q"]) == 0
    assert not (tmp_path / "index.rst").exists()  # moved aside, not shadowed
    assert (tmp_path / "index.rst.bak").read_text() == "Mine\n====\n"


def test_init_keeps_every_earlier_backup(tmp_path):
    (tmp_path / "conf.py").write_text("# first\n")
    (tmp_path / "conf.py.bak").write_text("# older\n")
    assert main(["init", str(tmp_path), "--force", "-q"]) == 0
    assert (tmp_path / "conf.py.bak").read_text() == "# older\n"
    assert (tmp_path / "conf.py.bak.1").read_text() == "# first\n"


def test_init_in_a_folder_named_with_quotes_gives_a_loadable_conf(tmp_path):
    site = tmp_path / 'Jo\'s "policy" \\ site'
    site.mkdir()
    assert main(["init", str(site), "-q"]) == 0
    namespace: dict[str, object] = {}
    exec((site / "conf.py").read_text(), namespace)
    assert namespace["project"] == 'Jo\'s "policy" \\ site'


@pytest.fixture
def bad_site(tmp_path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-bad", site)
    return site


EXPECTED = [
    ("index.rst", 5, "error", "coprodoc.unknown-person"),
    ("index.rst", 8, "error", "coprodoc.missing-by"),
    ("index.rst", 13, "warning", "coprodoc.unknown-role"),
    ("index.rst", 17, "error", "coprodoc.date"),
    ("index.rst", 21, "error", "coprodoc.link"),
    ("index.rst", 23, "error", "coprodoc.unknown-person"),
    ("index.rst", 26, "warning", "coprodoc.option"),
    ("bad.md", 4, "error", "coprodoc.unknown-person"),
    ("bad.md", 5, "error", "coprodoc.date"),
    ("bad.md", 8, "error", "coprodoc.missing-by"),
    ("bad.md", 12, "error", "coprodoc.unknown-person"),
]


def test_check_finds_each_kind_with_exact_locations(bad_site, capsys):
    assert main(["check", str(bad_site), "--format", "json", "-q"]) == 1
    found = json.loads(capsys.readouterr().out)
    got = sorted(
        (Path(f["path"]).name, f["line"], f["severity"], f["type"]) for f in found
    )
    assert got == sorted(EXPECTED)


def test_check_respects_suppress_warnings_and_reports_sphinx_warnings(bad_site, capsys):
    conf = bad_site / "conf.py"
    conf.write_text(conf.read_text() + 'suppress_warnings = ["coprodoc.date"]\n')
    index = bad_site / "index.rst"
    index.write_text(index.read_text() + "\n.. no-such-directive::\n")
    main(["check", str(bad_site), "--format", "json", "-q"])
    found = json.loads(capsys.readouterr().out)
    types = {f["type"] for f in found}
    assert "coprodoc.date" not in types and "coprodoc.unknown-person" in types
    # a warning that is not coprodoc's is read from Sphinx's output
    assert any(
        f["type"] == "docutils" and "no-such-directive" in f["message"] for f in found
    )


def test_check_language_and_dissent_findings(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-dissent-bad", site)
    (site / "more.md").write_text(
        (site / "more.md").read_text() + "\nWe asked service users.\n"
    )
    assert main(["check", str(site), "--format", "json", "-q"]) == 1
    types = {f["type"] for f in json.loads(capsys.readouterr().out)}
    assert {"coprodoc.false-unanimity", "coprodoc.language", "coprodoc.count"} <= types


def test_check_github_annotations(bad_site, capsys, monkeypatch):
    monkeypatch.chdir(bad_site)
    assert main(["check", ".", "--format", "github", "-q"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(EXPECTED)
    for line in lines:
        assert GITHUB_LINE.match(line), line
    assert "::error file=index.rst,line=5,title=coprodoc.unknown-person::" in lines[
        0
    ] or any(
        line.startswith("::error file=index.rst,line=5,title=coprodoc.unknown-person::")
        for line in lines
    )


def test_check_fail_on_error_and_clean_site(bad_site, tmp_path, capsys):
    index = bad_site / "index.rst"
    text = index.read_text()
    # Keep only the warnings-level problems: an unknown role and a bad :style:.
    index.write_text(
        "Bad input\n=========\n\n.. contribution::\n   :by: amira\n"
        "   :role: gardening\n\n.. contributors::\n   :style: fancy\n"
        + text[text.index(".. toctree::") :]
    )
    (bad_site / "bad.md").write_text("# Fine\n\nNothing to see.\n")
    assert main(["check", str(bad_site), "--fail-on", "error", "-q"]) == 0
    assert main(["check", str(bad_site), "--fail-on", "warning", "-q"]) == 1
    clean = tmp_path / "clean"
    shutil.copytree(ROOTS / "test-basic", clean)
    assert main(["check", str(clean), "-q"]) == 0


def test_check_usage_and_setup_errors(tmp_path):
    assert main(["check", str(tmp_path)]) == 2  # no conf.py
    assert main(["check", "--format", "xml"]) == 2
    assert run("check", "--no-such-option").returncode == 2


def test_check_changed_since(tmp_path, capsys):
    repo = Repo(tmp_path / "site")
    shutil.copytree(ROOTS / "test-bad", repo.path, dirs_exist_ok=True)
    repo.commit("Start")
    base = repo.git("rev-parse", "HEAD").strip()
    (repo.path / "bad.md").write_text(
        "# Better\n\n```{contribution}\n:by: ghost2\n```\n"
    )
    repo.commit("Edit the Markdown page")
    assert (
        main(
            ["check", str(repo.path), "--changed-since", base, "--format", "json", "-q"]
        )
        == 1
    )
    found = json.loads(capsys.readouterr().out)
    assert {Path(f["path"]).name for f in found} == {"bad.md"}
    assert [f["line"] for f in found] == [4]  # the line of :by:
    assert main(["check", str(repo.path), "--changed-since", "no-such-ref", "-q"]) == 2


def findings_of(capsys) -> list[tuple[str, int]]:
    return sorted(
        (Path(f["path"]).name, f["line"]) for f in json.loads(capsys.readouterr().out)
    )


def test_check_given_files_reports_only_those_files(bad_site, capsys):
    page = str(bad_site / "bad.md")
    assert main(["check", page, "--format", "json", "-q"]) == 1
    expected = sorted((name, line) for name, line, *_ in EXPECTED if name == "bad.md")
    assert findings_of(capsys) == expected
    # the same site named twice, by a file and by its folder: the whole site
    assert main(["check", page, str(bad_site), "--format", "json", "-q"]) == 1
    assert findings_of(capsys) == sorted((n, line) for n, line, *_ in EXPECTED)


def test_check_given_a_clean_file_of_a_bad_site_passes(bad_site, capsys):
    (bad_site / "bad.md").write_text("# Fine now\n\nNothing to see.\n")
    assert main(["check", str(bad_site / "bad.md"), "--format", "json", "-q"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # index.rst is not asked about


@pytest.mark.parametrize("site_wide", ["conf.py", "contributors.yaml"])
def test_check_given_conf_or_registry_reports_the_whole_site(
    site_wide, bad_site, capsys
):
    assert main(["check", str(bad_site / site_wide), "--format", "json", "-q"]) == 1
    assert findings_of(capsys) == sorted((n, line) for n, line, *_ in EXPECTED)


def test_check_files_outside_any_site_are_named_and_skipped(tmp_path, capsys):
    repo = Repo(tmp_path / "repo")
    (repo.path / "README.md").write_text("# Not a page\n")
    assert main(["check", str(repo.path / "README.md")]) == 0
    message = capsys.readouterr().err
    assert "not part of a policy site" in message and "README.md" in message
    assert main(["check", str(repo.path / "missing.md")]) == 2
    assert "there is no file or folder" in capsys.readouterr().err


def test_check_files_of_two_sites_in_one_repository(bad_site, tmp_path, capsys):
    repo = Repo(tmp_path / "repo")
    shutil.copytree(bad_site, repo.path / "one")
    shutil.copytree(ROOTS / "test-basic", repo.path / "two")
    files = [str(repo.path / "one" / "index.rst"), str(repo.path / "two" / "index.rst")]
    assert main(["check", *files, "--format", "json", "-q"]) == 1
    expected = sorted((n, line) for n, line, *_ in EXPECTED if n == "index.rst")
    assert findings_of(capsys) == expected


def test_demo_builds(tmp_path):
    done = run("demo", "--out", str(tmp_path / "demo"))
    assert done.returncode == 0, done.stderr
    index = tmp_path / "demo" / "html" / "index.html"
    assert str(index) in done.stdout
    assert index.is_file()
    assert (tmp_path / "demo" / "source" / ".git").is_dir()


# -- the first week: init, checking before committing, --changed-since ---------

PYPROJECT = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())


def strict_build(src: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -W`` as the organisations' guide says to run it."""
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html"]
    return subprocess.run(
        [*command, str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_init_parts_fit_together_and_publish_no_agreement(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    assert main(["init", str(site), "--title", "Tenant involvement policy", "-q"]) == 0
    conf: dict[str, object] = {}
    exec((site / "conf.py").read_text(), conf)
    registry = yaml.safe_load((site / "contributors.yaml").read_text())
    groups = {group["id"] for group in registry["groups"]}
    assert set(conf["coprodoc_organisation_groups"]) <= groups  # type: ignore[arg-type]
    assert conf["project"] == "Tenant involvement policy"
    assert "colon_fence" in conf["myst_enable_extensions"]  # type: ignore[operator]
    assert "agreed" not in conf["coprodoc_disagreement_protocol"]  # type: ignore[operator]
    # the comment says where the coprodoc_* settings are explained
    documentation = PYPROJECT["project"]["urls"]["Documentation"]
    assert (
        f"coprodoc's documentation, {documentation}" in (site / "conf.py").read_text()
    )
    # a record page is what made -W fail before (no registry group 'staff')
    index = site / "index.md"
    index.write_text(
        index.read_text() + "\n## The record\n\n```{contribution-record}\n```\n"
    )
    done = strict_build(site, tmp_path / "html")
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    page = BeautifulSoup((tmp_path / "html" / "index.html").read_text(), "html.parser")
    assert page.h1.get_text().rstrip("¶") == "Tenant involvement policy"
    protocol = page.select_one(".coprodoc-protocol").get_text(" ", strip=True)
    assert "Proposed, not agreed yet" in protocol and "Agreed on" not in protocol
    decisions = page.select(".coprodoc-decision")
    assert decisions and all(
        "coprodoc-status-proposed" in d["class"] for d in decisions
    )
    record = json.loads((tmp_path / "html" / "coprodoc-record.json").read_text())
    assert "agreed" not in record["disagreement_protocol"]
    assert '"status": "accepted"' not in json.dumps(record)


@pytest.mark.parametrize(
    ("folder", "title"),
    [
        ("tenant-involvement_policy", "Tenant involvement policy"),
        ("site", "Our policy"),
        ("docs", "Our policy"),
    ],
)
def test_init_title_from_the_folder_or_a_plain_placeholder(
    tmp_path, capsys, folder, title
):
    site = tmp_path / folder
    site.mkdir()
    assert main(["init", str(site)]) == 0
    assert f"Title: {title} (" in capsys.readouterr().out
    assert (site / "index.md").read_text().startswith(f"# {title}\n")
    assert f"project = {title!r}" in (site / "conf.py").read_text()


def committed_site(tmp_path: Path) -> Repo:
    """The site coprodoc init writes, committed by p01 (jo) on a fixed day."""
    repo = Repo(tmp_path / "site")
    assert (
        main(["init", str(repo.path), "--title", "Tenant involvement policy", "-q"])
        == 0
    )
    registry = repo.path / "contributors.yaml"
    registry.write_text(
        registry.read_text()
        .replace("you@example.org", "jo@riverside.example")
        .replace("given: 20", "given: 2026-01-01  # was 20")
    )
    repo.commit("Start the policy")
    return repo


def test_check_and_a_strict_build_pass_before_committing(tmp_path, capsys):
    repo = committed_site(tmp_path)
    index = repo.path / "index.md"
    index.write_text(
        index.read_text().replace("Write the first", "Write the very first")
    )
    assert main(["check", str(repo.path), "--format", "json", "-q"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(Path(f["path"]).name, f["severity"], f["type"]) for f in found] == [
        ("index.md", "note", "coprodoc.git")
    ]
    assert "not committed yet" in found[0]["message"]
    done = strict_build(repo.path, tmp_path / "html")
    assert done.returncode == 0, done.stderr
    assert f"{index}: has changes not committed yet" in done.stdout
    page = BeautifulSoup((tmp_path / "html" / "index.html").read_text(), "html.parser")
    assert "includes changes not committed yet." in page.get_text()


def test_check_json_paths_are_relative_as_in_text_and_github(
    bad_site, capsys, monkeypatch
):
    monkeypatch.chdir(bad_site.parent)
    main(["check", "site", "--format", "json", "-q"])
    paths = {f["path"] for f in json.loads(capsys.readouterr().out)}
    assert paths == {"site/index.rst", "site/bad.md"}
    main(["check", "site", "-q"])
    assert {
        line.split(":")[0] for line in capsys.readouterr().out.splitlines()
    } == paths


SITE_WIDE = {
    "contributors.yaml": lambda text: text + "# p01 is the policy lead\n",
    "conf.py": lambda text: text + "# nothing else\n",
    ".mailmap": lambda text: "Jo Bennett <jo@riverside.example> <jo@old.example>\n",
    "styles/House/Stakeholder.yml": lambda text: (
        "extends: substitution\nmessage: \"Say '%s' instead of '%s'.\"\n"
        "swap:\n  stakeholders: people involved\n"
    ),
}


@pytest.mark.parametrize("changed", list(SITE_WIDE))
def test_changed_since_checks_every_page_when_a_file_they_all_use_changed(
    tmp_path, capsys, changed
):
    repo = committed_site(tmp_path)
    conf = repo.path / "conf.py"
    conf.write_text(conf.read_text() + 'coprodoc_vale_styles = ["styles"]\n')
    (repo.path / "styles" / "House").mkdir(parents=True)
    (repo.path / "styles" / "House" / "Other.yml").write_text(
        "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens:\n  - synergy\n"
    )
    index = repo.path / "index.md"
    index.write_text(index.read_text() + "\n```{contribution}\n:by: p1\n```\n")
    repo.commit("A contribution by someone not in the registry yet")
    base = repo.git("rev-parse", "HEAD").strip()
    path = repo.path / changed
    path.write_text(SITE_WIDE[changed](path.read_text() if path.exists() else ""))
    repo.commit(f"Change {changed}")
    args = ["check", str(repo.path), "--changed-since", base, "--format", "json", "-q"]
    assert main(args) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(Path(f["path"]).name, f["type"]) for f in found] == [
        ("index.md", "coprodoc.unknown-person")
    ]
    assert "unknown person id 'p1' (did you mean 'p01'?)" in found[0]["message"]


def test_changed_since_after_renaming_an_id_in_the_registry(tmp_path, capsys):
    """The case from the issue: a committed id rename breaks pages that did
    not change; --changed-since finds what a full check finds."""
    repo = committed_site(tmp_path)
    registry = repo.path / "contributors.yaml"
    registry.write_text(registry.read_text().replace("id: p01", "id: p001"))
    repo.commit("Longer ids")
    args = ["check", str(repo.path), "--format", "json", "-q"]
    assert main(args) == 1
    full = json.loads(capsys.readouterr().out)
    assert main([*args, "--changed-since", "HEAD~1"]) == 1
    assert json.loads(capsys.readouterr().out) == full
    assert {f["type"] for f in full} == {"coprodoc.unknown-person"}


def test_check_gives_a_docutils_error_whole(bad_site, capsys):
    """From a new user's review: an option given twice in rST is a docutils
    error over several lines; the check showed only its first line,
    'Error in "contribution" directive:', which does not say what is wrong."""
    index = bad_site / "index.rst"
    index.write_text(
        index.read_text() + "\n.. contribution::\n   :by: amira\n   :by: amira\n"
    )
    main(["check", str(bad_site), "--format", "json", "-q"])
    found = json.loads(capsys.readouterr().out)
    (error,) = [f for f in found if f["type"] == "docutils"]
    assert error["message"] == (
        'Error in "contribution" directive: invalid option data: duplicate option "by".'
    )
    assert error["severity"] == "error" and error["line"] == 32
