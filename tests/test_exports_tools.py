"""The exports as the tools that read them see them: ``CITATION.cff``
checked by ``cffconvert --validate`` and against CFF's published schema,
``.all-contributorsrc`` rendered by the all-contributors CLI
(``all-contributors generate``).

cffconvert pins ``jsonschema<4`` and the CLI is an npm package, so neither
can live in coprodoc's own environment: ``make tools`` installs them in
``.venv-tools`` (the CLI only when npm is there). Without them those tests
are skipped and say why; ``make test`` (and so CI) installs them first.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from coprodoc.record.exports import all_contributors, forge
from coprodoc.record.files import JSON_NAME
from coprodoc.record.model import repository_address
from tests.conftest import assert_exact_warnings, leaks

ROOT = Path(__file__).parent.parent
#: Where make tools put them (a relative COPRODOC_TOOLS is from the top
#: of the checkout, as the Makefile gives it).
TOOLS = ROOT / os.environ.get("COPRODOC_TOOLS", ".venv-tools")
HIDDEN = ["Gareth Llewellyn", "Rowan Hale", "Sam Okafor"]
README = (
    "# Our policy\n\n## Contributors\n\n"
    "<!-- ALL-CONTRIBUTORS-LIST:START - Do not remove or modify this section -->\n"
    "<!-- ALL-CONTRIBUTORS-LIST:END -->\n"
)


def tool(name: str, installed: Path) -> str | None:
    """*name* from ``.venv-tools``, or from PATH."""
    return str(installed) if installed.is_file() else shutil.which(name)


CFFCONVERT = tool("cffconvert", TOOLS / "bin" / "cffconvert")
ALL_CONTRIBUTORS = tool(
    "all-contributors", TOOLS / "npm" / "node_modules" / ".bin" / "all-contributors"
)
needs_cffconvert = pytest.mark.skipif(
    CFFCONVERT is None, reason="cffconvert is not installed: run make tools"
)
needs_all_contributors = pytest.mark.skipif(
    ALL_CONTRIBUTORS is None,
    reason="the all-contributors CLI is not installed: make tools installs it "
    "when npm is there",
)


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


# -- CITATION.cff --------------------------------------------------------------


def test_citation_cff_is_valid_by_the_published_cff_schema(example, build, tmp_path):
    cff = build(example).outdir / "CITATION.cff"
    command = [sys.executable, "-m", "check_jsonschema"]
    done = run(
        [*command, "--builtin-schema", "vendor.citation-file-format", str(cff)],
        tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "CITATION.cff"
    broken.write_text(cff.read_text().replace("cff-version: 1.2.0", "cff-version: 9"))
    done = run(
        [*command, "--builtin-schema", "vendor.citation-file-format", str(broken)],
        tmp_path,
    )
    assert done.returncode == 1  # the check can fail


@needs_cffconvert
def test_cffconvert_validates_the_citation_file(example, build, tmp_path):
    cff = build(example).outdir / "CITATION.cff"
    done = run([CFFCONVERT, "--validate", "--infile", str(cff)], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in (done.stdout + done.stderr).lower()
    broken = tmp_path / "CITATION.cff"
    broken.write_text(cff.read_text().replace("authors:", "writers:"))
    assert run([CFFCONVERT, "--validate", "--infile", str(broken)], tmp_path).returncode


ORCID_SITE = {
    "conf.py": 'project = "Orcid policy"\nextensions = ["coprodoc"]\n'
    'coprodoc_record_exports = ["cff"]\ncoprodoc_history = False\n'
    "coprodoc_organisation_groups = []\n",
    "index.rst": "Policy\n======\n\n.. contribution::\n   :by: ada, p02, bob\n"
    "   :role: drafting\n\n   Wrote it.\n",
    "contributors.yaml": """\
people:
  - id: ada
    name: Ada Obi
    given-names: Ada
    family-names: Obi
    orcid: 0000-0002-1825-0097
    display: name
    consent: {given: 2026-01-01}
  - id: p02
    name: Cas Moreno
    given-names: Cas
    family-names: Moreno
    orcid: https://orcid.org/0000-0001-5109-3700
    display: pseudonym
    pseudonym: Wren
    consent: {given: 2026-01-01}
  - id: bob
    name: Bob Lind
    orcid: 0000-0002-1825-0098
    display: name
    consent: {given: 2026-01-01}
""",
}


def test_orcid_is_cited_for_people_shown_by_name_and_checked(tmp_path, build):
    for name, text in ORCID_SITE.items():
        (tmp_path / name).write_text(text)
    app = build(tmp_path, "coprodoc-record")
    authors = yaml.safe_load((app.outdir / "CITATION.cff").read_text())["authors"]
    assert authors == [
        {
            "given-names": "Ada",
            "family-names": "Obi",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
        },
        {"alias": "Bob Lind"},  # his iD fails its checksum: left out, and said
        {"alias": "Wren"},  # a pseudonym: no names, no iD
    ]
    published = (app.outdir / "CITATION.cff").read_text()
    published += (app.outdir / JSON_NAME).read_text()
    assert leaks(published.encode(), ["Cas Moreno", "0000-0001-5109-3700"]) == []
    bob_orcid = (
        ORCID_SITE["contributors.yaml"]
        .splitlines()
        .index("    orcid: 0000-0002-1825-0098")
    )
    assert_exact_warnings(
        app,
        [
            (
                f"{tmp_path / 'contributors.yaml'}:{bob_orcid + 1}:",
                "'orcid' is not an ORCID iD",
                "registry",
            )
        ],
    )


# -- .all-contributorsrc --------------------------------------------------------


def test_forge_reads_owner_and_name_from_the_repository_address():
    assert forge("https://github.com/riverside-example/payment-policy") == {
        "projectOwner": "riverside-example",
        "projectName": "payment-policy",
        "repoType": "github",
    }
    assert forge("https://gitlab.com/nhs/policies/payments.git") == {
        "projectOwner": "nhs/policies",
        "projectName": "payments",
        "repoType": "gitlab",
    }
    assert forge("https://git.example.org/team/policy") == {
        "projectOwner": "team",
        "projectName": "policy",
        "repoType": "github",
        "repoHost": "https://git.example.org",
    }
    assert forge(None) == forge("https://example.org") == {}


def test_the_record_gives_the_repository_without_credentials_or_templates():
    assert (
        repository_address("https://jo:s3cret@github.com/org/policy/?tab=1#top")
        == "https://github.com/org/policy"
    )
    assert repository_address("https://git.example.org:8443/p/") == (
        "https://git.example.org:8443/p"
    )
    for value in (None, "https://git.example.org/p/commit/{sha}", "git@host:o/r"):
        assert repository_address(value) is None
    assert repository_address({"commit": "https://x/{sha}"}) is None


def generate(config: str, folder: Path) -> BeautifulSoup:
    """README.md after ``all-contributors generate``, as HTML."""
    folder.mkdir()
    (folder / ".all-contributorsrc").write_text(config)
    (folder / "README.md").write_text(README)
    done = run([ALL_CONTRIBUTORS, "generate"], folder)
    assert done.returncode == 0, done.stdout + done.stderr
    return BeautifulSoup((folder / "README.md").read_text(), "html.parser")


@needs_all_contributors
def test_all_contributors_cli_renders_names_without_broken_images_or_links(
    example, build, tmp_path
):
    config = (build(example).outdir / ".all-contributorsrc").read_text()
    page = generate(config, tmp_path / "repo")
    cells = page.select("td")
    names = [cell.select_one("b").get_text() for cell in cells]
    assert "River" in names and "Amira Khan" in names
    assert "Lived Experience Panel" in names
    assert page.select("img") == []  # nobody has a picture: none is drawn
    links = [a["href"] for a in page.select("a")]
    assert links and all(href.startswith("#") for href in links), links
    review = page.select_one('a[title="Reviewed Pull Requests"]')
    assert review["href"] == "#review-amira"
    assert leaks(str(page).encode(), HIDDEN) == []


@needs_all_contributors
def test_all_contributors_cli_renders_a_picture_and_profile_someone_added(
    example, build, tmp_path
):
    record = json.loads((build(example).outdir / JSON_NAME).read_text())
    record["project"]["repository"] = None  # and no repository at all
    config = json.loads(all_contributors(record))
    assert config["projectName"] == config["projectOwner"] == record["project"]["name"]
    config["contributors"].append(
        {
            "login": "octo",
            "name": "Octo <Cat>",
            "avatar_url": "https://avatars.example/u/1",
            "profile": "https://example.org/octo",
            "contributions": ["code"],
        }
    )
    page = generate(json.dumps(config), tmp_path / "repo")
    added = page.select("td")[-1]
    assert added.select_one("img")["src"] == "https://avatars.example/u/1?s=100"
    assert added.select_one("a")["href"] == "https://example.org/octo"
    assert added.select_one("b").get_text() == "Octo <Cat>"  # escaped, not markup
    assert added.select_one('a[title="Code"]')["href"] == "#code-octo"
