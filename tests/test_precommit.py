"""The pre-commit hook (``.pre-commit-hooks.yaml``): its entry run the way
pre-commit runs it, on the files a commit changes; and once through
pre-commit itself (``pre-commit try-repo``), which installs coprodoc from
this checkout into its own environment, as it will for users."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOTS
from tests.gitutil import Repo

ROOT = Path(__file__).parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def hook() -> dict:
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    return next(h for h in hooks if h["id"] == "coprodoc-check")


def entry_command() -> list[str]:
    """The hook's entry, with ``coprodoc`` as this environment installs it."""
    program, *rest = shlex.split(hook()["entry"])
    script = Path(sys.executable).with_name(program)
    if script.is_file():
        return [str(script), *rest]
    return [sys.executable, "-m", "coprodoc.cli", *rest]


@pytest.fixture
def policy_repo(tmp_path) -> Repo:
    """A repository with a policy site in ``policy/`` and other files beside
    it, all committed."""
    repo = Repo(tmp_path / "repo")
    shutil.copytree(ROOTS / "test-bad", repo.path / "policy")
    repo.commit(
        "Start", {"README.md": "# Our repository\n", "data/other.yaml": "a: 1\n"}
    )
    return repo


def staged_for_the_hook(repo: Repo) -> list[str]:
    """The staged files pre-commit would pass: those the hook's ``files``
    pattern matches (pre-commit uses ``re.search``)."""
    names = repo.git("diff", "--cached", "--name-only").split()
    return [name for name in names if re.search(hook()["files"], name)]


def test_the_hook_is_declared_for_pre_commit():
    found = hook()
    assert found["language"] == "python"
    assert found["pass_filenames"] is True
    assert found["require_serial"] is True  # one run reads the site once
    pattern = found["files"]
    for name in ("index.md", "docs/page.rst", "contributors.yaml", "docs/conf.py"):
        assert re.search(pattern, name), name
    for name in ("setup.py", "notes.txt", "picture.png", "myconf.py"):
        assert not re.search(pattern, name), name


def test_the_hook_entry_reports_the_committed_files_only(policy_repo):
    page = policy_repo.path / "policy" / "bad.md"
    page.write_text(page.read_text() + "\nWe asked service users.\n")
    (policy_repo.path / "README.md").write_text("# Changed too\n")
    policy_repo.git("add", "-A")
    files = staged_for_the_hook(policy_repo)
    assert files == ["README.md", "policy/bad.md"]
    done = subprocess.run(
        [*entry_command(), *files],
        cwd=policy_repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith("policy/bad.md:") for line in lines)
    assert any("[coprodoc.language]" in line for line in lines)
    assert "not part of a policy site" in done.stderr and "README.md" in done.stderr


def test_the_hook_entry_passes_when_the_committed_page_is_clean(policy_repo):
    (policy_repo.path / "policy" / "bad.md").write_text("# Fixed\n\nAll good.\n")
    policy_repo.git("add", "-A")
    done = subprocess.run(
        [*entry_command(), *staged_for_the_hook(policy_repo)],
        cwd=policy_repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    # index.rst still has problems, but it is not part of this commit
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="pre-commit installs hooks from a git checkout"
)
def test_pre_commit_runs_the_hook_from_this_checkout(policy_repo, tmp_path):
    """pre-commit clones this checkout, installs it (and its dependencies,
    from the package index) into a new environment, and runs the hook."""
    page = policy_repo.path / "policy" / "bad.md"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT)]
    done = subprocess.run(
        [
            *command,
            "coprodoc-check",
            "--files",
            str(page.relative_to(policy_repo.path)),
        ],
        cwd=policy_repo.path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "coprodoc check" in done.stdout and "Failed" in done.stdout
    assert "policy/bad.md:12: error: unknown person id 'ghost'" in done.stdout
    assert "index.rst" not in done.stdout
