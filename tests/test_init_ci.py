"""What ``coprodoc init`` writes for CI and hosting: the GitHub workflow and
``.readthedocs.yaml`` are valid against their published schemas (the copies
check-jsonschema ships, so no network), and the commands they run work on
the new site, in a real git repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from coprodoc import __version__
from coprodoc.cli import main
from tests.gitutil import Repo

WORKFLOW = ".github/workflows/policy.yml"
DOCS = Path(__file__).parent.parent / "docs"


@pytest.fixture
def site(tmp_path) -> Path:
    folder = tmp_path / "our-policy"
    folder.mkdir()
    assert main(["init", str(folder), "-q"]) == 0
    return folder


def schema_check(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, path],
        capture_output=True,
        text=True,
        check=False,
    )


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.mark.parametrize(
    ("name", "schema", "breakage"),
    [
        (WORKFLOW, "vendor.github-workflows", ("runs-on:", "runs_on:")),
        (".readthedocs.yaml", "vendor.readthedocs", ("version: 2", "version: 3")),
    ],
)
def test_ci_files_are_valid_against_their_published_schemas(
    site, name, schema, breakage
):
    done = schema_check(site / name, schema)
    assert done.returncode == 0, done.stdout + done.stderr
    # the check can fail: the same file, broken, is refused
    broken = site / "broken.yaml"
    broken.write_text((site / name).read_text().replace(*breakage))
    assert schema_check(broken, schema).returncode == 1


def test_requirements_pin_the_coprodoc_that_wrote_the_site(site):
    lines = (site / "requirements.txt").read_text().splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins == [f"coprodoc=={__version__}"]
    assert __version__ == version("coprodoc")  # the installed package's metadata


def steps(site: Path, job: str = "build") -> list[dict]:
    return load(site / WORKFLOW)["jobs"][job]["steps"]


def test_workflow_caches_pip_by_the_requirements_it_installs(site):
    setup = next(s for s in steps(site) if s.get("uses", "").startswith("actions/s"))
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["with"]["cache"] == "pip"
    # setup-python's pip cache needs a dependency file to key on; it must exist
    key_file = setup["with"]["cache-dependency-path"]
    assert (site / key_file).is_file()
    assert any(s.get("run") == f"pip install -r {key_file}" for s in steps(site))
    assert float(setup["with"]["python-version"]) >= 3.12


def test_workflow_permissions_are_least_privilege(site):
    workflow = load(site / WORKFLOW)
    assert workflow["permissions"] == {"contents": "read"}
    granted = {name: job.get("permissions") for name, job in workflow["jobs"].items()}
    assert granted == {
        "build": None,
        "publish": {"pages": "write", "id-token": "write"},
    }
    checkout = steps(site)[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False


def test_workflow_publishes_the_site_on_pages_from_the_default_branch(site):
    workflow = load(site / WORKFLOW)
    upload = next(
        s for s in steps(site) if "upload-pages-artifact" in s.get("uses", "")
    )
    assert upload["with"]["path"] == "_build/html"
    assert upload["if"] == "github.event_name != 'pull_request'"
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "build"
    assert "github.event.repository.default_branch" in publish["if"]
    assert publish["environment"]["name"] == "github-pages"
    assert publish["concurrency"]["group"] == "pages"
    assert publish["steps"][0]["uses"].startswith("actions/deploy-pages@")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads on: as true
    assert set(triggers) == {"push", "pull_request", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]


def run_step(step: dict, cwd: Path, base: str) -> subprocess.CompletedProcess[str]:
    """A workflow step's shell command, as the runner runs it (bash -e), with
    its ``env`` and GitHub's expressions replaced by what they stand for."""
    env = {
        key: re.sub(r"\$\{\{\s*github\.base_ref\s*\}\}", base, str(value))
        for key, value in (step.get("env") or {}).items()
    }
    assert "${{" not in step["run"]  # expressions go through env, never inline
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env={**os.environ, **env, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )


def commands(site: Path) -> dict[str, dict]:
    """The build job's shell steps by name, leaving out the install (this
    environment has coprodoc already)."""
    return {
        s["name"]: s
        for s in steps(site)
        if "run" in s and not s["run"].startswith("pip install")
    }


def test_workflow_commands_build_and_verify_the_new_site(site):
    repo = Repo(site)
    repo.commit("Start the policy")
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    ran = commands(site)
    assert set(ran) == {
        "Check the suggested change",
        "Build the site and its contribution record",
        "Check the record against the history",
    }
    build = ran["Build the site and its contribution record"]
    assert " -W " in build["run"]
    for name, step in ran.items():
        done = run_step(step, site, "main")
        assert done.returncode == 0, (name, done.stdout, done.stderr)
    assert (site / "_build" / "html" / "index.html").is_file()
    assert (site / "_build" / "html" / "coprodoc-record.json").is_file()
    assert not (site / "_build" / "html" / ".doctrees").exists()  # not published
    done = run_step(ran["Check the record against the history"], site, "main")
    assert "matches the sources at commit" in done.stdout


def test_workflow_check_annotates_a_pull_request_on_its_changed_lines(site):
    repo = Repo(site)
    repo.commit("Start the policy")
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    repo.git("switch", "-q", "-c", "suggestion")
    page = site / "index.md"
    text = page.read_text().replace(
        ":by: p01\n:role: drafting", ":by: p99\n:role: drafting"
    )
    repo.commit("Credit someone", {"index.md": text})
    line = text.splitlines().index(":by: p99") + 1  # at the option's own line
    done = run_step(commands(site)["Check the suggested change"], site, "main")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(
        f"::error file=index.md,line={line},title=coprodoc.unknown-person::"
    )


def test_readthedocs_config_points_at_the_site(site):
    config = load(site / ".readthedocs.yaml")
    assert (site / config["sphinx"]["configuration"]).is_file()
    assert config["sphinx"]["fail_on_warning"] is True
    for item in config["python"]["install"]:
        assert (site / item["requirements"]).is_file()
    assert config["build"]["tools"]["python"] == "3.13"


def post_checkout(site: Path, clone: Path) -> None:
    for command in load(site / ".readthedocs.yaml")["build"]["jobs"]["post_checkout"]:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=clone,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, (command, done.stderr)


def test_readthedocs_fetches_the_whole_history_of_a_shallow_clone(site, tmp_path):
    repo = Repo(site)
    for number in range(3):
        repo.commit(f"Change {number}", {"index.md": f"# Page\n\nVersion {number}.\n"})
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{site}", str(clone)],
        check=True,
    )

    def shallow() -> str:
        return repo_output(clone, "rev-parse", "--is-shallow-repository")

    assert shallow() == "true"
    post_checkout(site, clone)
    assert shallow() == "false"
    assert repo_output(clone, "rev-list", "--count", "HEAD") == "3"
    post_checkout(site, clone)  # a complete clone: nothing to do, no failure


def repo_output(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_guide_shows_the_readthedocs_file_init_writes(site):
    guide = (DOCS / "guide" / "organisations.md").read_text()
    section = guide.split("### Read the Docs", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert (site / ".readthedocs.yaml").read_text() in blocks


def test_workflow_keeps_the_history_cache_outside_pull_requests(site):
    """The folder actions/cache keeps is the one the build names, and runs
    that carry a pull request's code never see it (it holds the secret)."""
    found = {s.get("name"): s for s in steps(site)}
    cache = found["Keep the history cache"]
    assert cache["uses"].startswith("actions/cache@")
    assert cache["if"] == "github.event_name != 'pull_request'"
    folder = cache["with"]["path"]
    build = found["Build the site and its contribution record"]["run"]
    assert f"-D coprodoc_cache_dir={folder} " in build
    assert f"{folder}/" in (site / ".gitignore").read_text().splitlines()
    guide = (DOCS / "guide" / "organisations.md").read_text()
    section = guide.split("### Keeping the history cache", 1)[1].split("\n### ", 1)[0]
    workflow = (site / ".github" / "workflows" / "policy.yml").read_text()
    shown = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert shown and all(block in workflow for block in shown)


def test_workflow_build_uses_and_fills_the_cache_folder(site):
    repo = Repo(site)
    repo.commit("Start the policy")
    step = commands(site)["Build the site and its contribution record"]
    done = run_step(step, site, "main")
    assert done.returncode == 0, (done.stdout, done.stderr)
    kept = site / ".coprodoc-cache"
    assert (kept / "coprodoc-secret").is_file()
    assert any(kept.rglob("*history*"))
    assert not (site / "_build" / "html" / ".coprodoc-cache").exists()
    assert Repo(site).git("status", "--porcelain").strip() == ""
