"""The contribution record, as auditors get it: the ``coprodoc-record``
builder's JSON and CSVs, the record page, the exports, and ``coprodoc record
verify``, all on the example policy with its scripted history replayed into
a real git repository."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from coprodoc.record.files import CSV_NAMES, JSON_NAME, RECORD_FILES
from coprodoc.record.model import SCHEMA_PATH
from tests.conftest import ALL_BUILDERS, all_files, leaks, warnings_of
from tests.gitutil import Repo
from tests.test_cli import run as cli

EXAMPLE = Path(__file__).parent.parent / "example_project"
DATA = Path(__file__).parent / "data"
#: The people of the example who must never be named, and git emails.
HIDDEN = ["Gareth Llewellyn", "Rowan Hale", "Sam Okafor"]
EMAILS = [b"@example.org", b"@example.net", b"@riverside.example"]
#: Contribution types the all-contributors specification defines.
ALL_CONTRIBUTORS_TYPES = {
    "a11y",
    "audio",
    "blog",
    "bug",
    "business",
    "code",
    "content",
    "data",
    "design",
    "doc",
    "eventOrganizing",
    "example",
    "financial",
    "fundingFinding",
    "ideas",
    "infra",
    "maintenance",
    "mentoring",
    "platform",
    "plugin",
    "projectManagement",
    "promotion",
    "question",
    "research",
    "review",
    "security",
    "talk",
    "test",
    "tool",
    "translation",
    "tutorial",
    "userTesting",
    "video",
}


def record_build(build, src: Path, **kwargs):
    return build(
        src,
        "coprodoc-record",
        confoverrides={"coprodoc_reproducible_record": True},
        **kwargs,
    )


def load(app) -> dict:
    return json.loads((app.outdir / JSON_NAME).read_text("utf-8"))


@pytest.mark.smoke
def test_record_builder_writes_valid_json_and_csvs_and_no_pages(example, build):
    app = record_build(build, example)
    names = sorted(path.name for path in all_files(app.outdir))
    # no pages rendered: the record, and the exports the example asks for
    assert names == sorted([*RECORD_FILES, ".all-contributorsrc", "CITATION.cff"])
    record = load(app)
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(record)
    assert record["schema_version"] == schema["properties"]["schema_version"]["const"]
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=example, capture_output=True, text=True
    ).stdout.strip()
    assert record["source"] == {
        "commit": head,
        "dirty": False,
        "path": ".",
        "history": "complete",
        "history_before": None,
    }
    assert record["generated"] is None
    assert record["disagreement_protocol"]["method"] == "consensus"


def test_the_record_says_who_shaped_each_section(example, build):
    record = load(record_build(build, example))
    documents = {d["docname"]: d for d in record["documents"]}
    rates = {s["id"]: s for s in documents["rates"]["sections"]}
    paid = rates["how-you-are-paid"]
    # the dissent, in the dissenter's own words, with its response
    dissent = paid["dissents"][0]
    assert dissent["by"] == ["p02"]
    assert dissent["status"] == "resolved"
    # River marked it resolved in their own pull request: confirmed, from git
    assert dissent["closure"]["confirmed_through"] == "git"
    assert dissent["closure"]["marked_resolved_by"] == ["p02"]
    other = paid["dissents"][1]
    assert other["by"] == ["anonymous"]
    assert other["closure"]["confirmed"] is False
    assert other["closure"]["marked_resolved_by"] == ["jo"]
    assert record["totals"]["unconfirmed_resolutions"] == 1
    assert dissent["responses"][0]["resolution"]
    decision = paid["decisions"][0]
    assert decision["method"] and decision["counts"]
    assert dissent["id"] in decision["dissents"]
    # git-derived people, with shares that add up to the attributed whole
    shares = [g["share"] for g in paid["git_contributors"]]
    total = sum(shares) + paid["unnamed_git_contributors"]["share"]
    assert total == pytest.approx(1.0, abs=0.01)
    assert set(paid["commits"]) <= {c["sha"] for c in record["commits"]}
    # the withdrawn person is "anonymous", never their id or name
    people = {p["id"]: p for p in record["people"]}
    assert "p04" not in people
    assert people["anonymous"]["shown_as"] == "Anonymous contributor"
    assert people["p02"]["shown_as"] == "River"
    assert people["p03"]["shown_as"] == "A member of Lived Experience Panel"
    # roles explain themselves, with CRediT and all-contributors equivalents
    assert record["roles"]["drafting"]["credit"].startswith("Writing")
    assert record["roles"]["peer-support"]["all_contributors"] == ["ideas"]
    # flagged: sections only the organisation's staff shaped
    flagged = {
        (d["docname"], s["id"])
        for d in record["documents"]
        for s in d["sections"]
        if not s["outside_contribution"] and not s["lists_records"]
    }
    assert ("how-to-claim", "how-to-claim") in flagged
    assert ("rates", "how-you-are-paid") not in flagged
    assert record["totals"]["sections_without_outside_contribution"] == len(flagged)


def test_csvs_parse_and_match_the_json(example, build):
    app = record_build(build, example)
    record = load(app)
    rows = {
        name: list(csv.DictReader(io.StringIO((app.outdir / name).read_text("utf-8"))))
        for name in CSV_NAMES
    }
    sections = [(d, s) for d in record["documents"] for s in d["sections"]]
    assert [(r["document"], r["section_id"]) for r in rows["sections.csv"]] == [
        (d["docname"], s["id"]) for d, s in sections
    ]
    for row, (_document, section) in zip(rows["sections.csv"], sections, strict=True):
        assert int(row["contributions"]) == len(section["contributions"])
        assert int(row["dissents"]) == len(section["dissents"])
        assert row["outside_contribution"] == (
            "yes" if section["outside_contribution"] else "no"
        )
    expected = {
        "contributions.csv": [c for _d, s in sections for c in s["contributions"]],
        "dissents.csv": [x for _d, s in sections for x in s["dissents"]],
        "decisions.csv": [x for _d, s in sections for x in s["decisions"]],
    }
    for name, items in expected.items():
        assert [r["id"] for r in rows[name]] == [i["id"] for i in items], name
    shown = {p["id"]: p["shown_as"] for p in record["people"]}
    for row, item in zip(rows["dissents.csv"], expected["dissents.csv"], strict=True):
        assert row["status"] == item["status"]
        assert row["text"] == item["text"]
        assert row["by"] == "; ".join(shown[ref] for ref in item["by"])


def test_reproducible_record_is_byte_identical_serial_parallel_and_rebuilt(
    replayed_example, tmp_path, build
):
    outputs = []
    for label, parallel in (("one", 1), ("two", 1), ("parallel", 4)):
        src = tmp_path / label
        shutil.copytree(replayed_example, src, symlinks=True)
        app = record_build(build, src, parallel=parallel)
        outputs.append(
            {name: (app.outdir / name).read_bytes() for name in RECORD_FILES}
        )
    assert outputs[0] == outputs[1] == outputs[2]


def test_without_reproducible_mode_the_record_is_dated(example, build, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    app = build(example, "coprodoc-record")
    assert load(app)["generated"] == "2026-05-28T20:26:40+00:00"


def test_incremental_record_follows_an_edit(example, build):
    first = load(record_build(build, example))
    page = example / "how-to-claim.rst"
    page.write_text(
        page.read_text()
        + "\n.. contribution::\n   :by: amira\n   :role: review\n\n"
        + "   Checked the steps.\n"
    )
    second = load(record_build(build, example))
    claim = next(d for d in second["documents"] if d["docname"] == "how-to-claim")
    section = claim["sections"][0]
    assert [c["by"] for c in section["contributions"]][-1] == ["amira"]
    assert section["outside_contribution"] is True
    assert second["source"]["dirty"] is True
    before = next(d for d in first["documents"] if d["docname"] == "how-to-claim")
    assert before["sections"][0]["outside_contribution"] is False


@pytest.mark.smoke
def test_html_build_writes_the_record_and_exports_and_names_nobody_hidden(
    example, build
):
    app = build(example)
    for name in (*RECORD_FILES, ".all-contributorsrc", "CITATION.cff"):
        assert (app.outdir / name).is_file(), name
    exported = b"\n".join(
        (app.outdir / name).read_bytes()
        for name in (
            *RECORD_FILES,
            ".all-contributorsrc",
            "CITATION.cff",
            "record.html",
        )
    )
    assert leaks(exported, HIDDEN) == []
    assert not [email for email in EMAILS if email in exported]


@pytest.mark.smoke
def test_citation_cff_is_valid_and_follows_consent(example, build):
    app = build(example)
    cff = yaml.safe_load((app.outdir / "CITATION.cff").read_text("utf-8"))
    schema = json.loads((DATA / "cff-1.2.0.schema.json").read_text("utf-8"))
    jsonschema.Draft7Validator(schema).validate(cff)
    authors = cff["authors"]
    # split names only where the registry gives them, for people shown by name
    assert {"given-names": "Amira", "family-names": "Khan"} in authors
    assert {"alias": "Jo Bennett"} in authors  # no split names in the registry
    assert {"alias": "River"} in authors  # a pseudonym, whatever else is known
    assert {"name": "Lived Experience Panel"} in authors  # a group, as entity
    assert "Anonymous contributor" not in json.dumps(authors)
    assert "A member of" not in json.dumps(authors)
    assert leaks(json.dumps(authors).encode(), HIDDEN) == []
    assert cff["title"] == "Paying people for their involvement"
    assert (
        cff["repository-code"] == "https://github.com/riverside-example/payment-policy"
    )


@pytest.mark.smoke
def test_all_contributors_file_is_valid_and_follows_consent(example, build):
    app = build(example)
    config = json.loads((app.outdir / ".all-contributorsrc").read_text("utf-8"))
    # the repository of coprodoc_repo_url, not the policy's title
    assert config["projectName"] == "payment-policy"
    assert config["projectOwner"] == "riverside-example"
    assert config["repoType"] == "github"
    assert isinstance(config["files"], list)
    # logins are registry ids, not accounts: no type links to the forge
    assert set(config["types"]) >= {"review", "code", "doc", "bug", "test"}
    assert not any("link" in kind for kind in config["types"].values())
    names = []
    for person in config["contributors"]:
        assert set(person) == {"login", "name", "contributions"}  # no picture
        assert person["login"] and person["name"]
        assert person["contributions"]
        assert set(person["contributions"]) <= ALL_CONTRIBUTORS_TYPES
        names.append(person["name"])
    assert "River" in names and "Lived Experience Panel" in names
    assert "Anonymous contributor" not in names
    assert not any(name.startswith("A member of") for name in names)
    panel = next(p for p in config["contributors"] if p["login"] == "panel")
    assert "userTesting" in panel["contributions"]  # from a group-only member


@pytest.mark.smoke
def test_verify_passes_on_an_untouched_record_and_names_each_tampering(
    example, build, tmp_path
):
    app = build(example)  # an HTML build's record, dated: the date may differ
    published = app.outdir / JSON_NAME
    done = cli("record", "verify", str(published), cwd=example)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "matches the sources at commit" in done.stdout

    record = json.loads(published.read_text("utf-8"))
    rates = next(d for d in record["documents"] if d["docname"] == "rates")
    paid = next(s for s in rates["sections"] if s["id"] == "how-you-are-paid")
    paid["dissents"][0]["status"] = "open"
    paid["dissents"][1]["closure"]["confirmed"] = True
    paid["contributions"].clear()
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(record))
    done = cli("record", "verify", str(tampered), "--repo", str(example), cwd=tmp_path)
    assert done.returncode == 1
    dissent_id = paid["dissents"][0]["id"]
    assert (
        f"documents[rates].sections[how-you-are-paid].dissents[{dissent_id}].status: "
        'the record says "open", the sources say "resolved"'
    ) in done.stdout
    other = paid["dissents"][1]["id"]
    assert (
        f"documents[rates].sections[how-you-are-paid].dissents[{other}].closure."
        "confirmed: the record says true, the sources say false"
    ) in done.stdout
    assert "documents[rates].sections[how-you-are-paid].contributions[" in done.stdout
    assert "in the sources, but missing from the record" in done.stdout


def test_verify_compares_a_record_made_before_schema_1_1_on_its_own_fields(
    example, build, tmp_path
):
    """A 1.0 record (made before closures and questions were recorded) is
    checked on the fields it has; claiming 1.0 does not hide a forged one."""
    from coprodoc.record.verify import ADDED_IN, _without

    record = load(record_build(build, example))
    older = {**_without(record, ADDED_IN["1.1"]), "schema_version": "1.0"}
    # what is left is a record of schema 1.0: ADDED_IN names every new field
    schema = json.loads((SCHEMA_PATH.parent / "record-schema-1.0.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(older)
    path = tmp_path / "older.json"
    path.write_text(json.dumps(older))
    done = cli("record", "verify", str(path), "--repo", str(example), cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "the record follows schema 1.0; the fields added since" in done.stdout
    forged = dict(record, schema_version="1.0")
    path.write_text(json.dumps(forged))
    done = cli("record", "verify", str(path), "--repo", str(example), cwd=tmp_path)
    assert done.returncode == 1
    assert ".closure: in the record, but not in the sources" in done.stdout


def test_verify_explains_what_it_cannot_check(example, build, tmp_path):
    record = load(record_build(build, example))
    record["source"]["commit"] = None
    no_commit = tmp_path / "no-commit.json"
    no_commit.write_text(json.dumps(record))
    done = cli("record", "verify", str(no_commit), cwd=example)
    assert done.returncode == 2
    assert "names no commit" in done.stderr
    record["source"]["commit"] = "0123456789abcdef0123456789abcdef01234567"
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps(record))
    done = cli("record", "verify", str(unknown), cwd=example)
    assert done.returncode == 2
    assert "is not in the repository" in done.stderr
    done = cli("record", "verify", str(tmp_path / "missing.json"), cwd=example)
    assert done.returncode == 2 and "cannot read" in done.stderr


def test_verify_catches_forged_duplicates_types_and_paths(example, build, tmp_path):
    record = load(record_build(build, example))
    rates = next(d for d in record["documents"] if d["docname"] == "rates")
    paid = next(s for s in rates["sections"] if s["id"] == "how-you-are-paid")

    def verify(changed: dict) -> subprocess.CompletedProcess[str]:
        path = tmp_path / "changed.json"
        path.write_text(json.dumps(changed))
        return cli("record", "verify", str(path), "--repo", str(example), cwd=tmp_path)

    # A forged copy placed before the genuine dissent, with the same id.
    forged = json.loads(json.dumps(record))
    forged_paid = next(
        s
        for d in forged["documents"]
        if d["docname"] == "rates"
        for s in d["sections"]
        if s["id"] == "how-you-are-paid"
    )
    fake = dict(forged_paid["dissents"][0], status="resolved")
    forged_paid["dissents"].insert(0, fake)
    done = verify(forged)
    assert done.returncode == 1, done.stdout
    assert "in the record, but not in the sources" in done.stdout

    # 0 is not false, "1" is not 1.
    typed = json.loads(json.dumps(record))
    typed["source"]["dirty"] = 0
    done = verify(typed)
    assert done.returncode == 1
    assert "source.dirty: the record says 0, the sources say false" in done.stdout

    # source.path may not lead outside the temporary clone.
    for path in ("../..", "/etc", "../" + example.name):
        escaping = json.loads(json.dumps(record))
        escaping["source"]["path"] = path
        done = verify(escaping)
        assert done.returncode == 2, (path, done.stdout, done.stderr)
        assert "points outside the repository" in done.stderr
    assert paid["dissents"]  # the example has the dissent the forgery copies


def test_export_refuses_a_malformed_record(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"people": "nobody", "documents": 3}))
    done = cli("record", "export", str(broken), "--format", "cff", cwd=tmp_path)
    assert done.returncode == 2
    assert "is not a coprodoc record" in done.stderr
    assert "Traceback" not in done.stderr


def test_export_from_a_published_record(example, build, tmp_path):
    app = record_build(build, example)
    out = tmp_path / "CITATION.cff"
    done = cli(
        "record",
        "export",
        str(app.outdir / JSON_NAME),
        "--format",
        "cff",
        "--output",
        str(out),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text() == (app.outdir / "CITATION.cff").read_text()
    done = cli(
        "record",
        "export",
        str(app.outdir / JSON_NAME),
        "--format",
        "all-contributors",
        cwd=tmp_path,
    )
    assert done.stdout == (app.outdir / ".all-contributorsrc").read_text()


def test_record_page_shows_the_same_record_for_people(example, build):
    app = build(example)
    record = load(app)
    page = BeautifulSoup((app.outdir / "record.html").read_text(), "html.parser")
    region = page.select_one(".coprodoc-record")
    captions = [c.get_text().strip("¶ ") for c in region.select("table caption")]
    assert captions == [
        "Share of each section written by people outside the organisation",
        "Contributions over time, by role",
        "Dissents by status",
        "Contributions per person",
        "Contributions per role",
        "Who shaped each section",
    ]
    for table in region.select("table"):
        assert table.select("thead th")
        sortable = "coprodoc-sortable" in table["class"]
        assert sortable == ("coprodoc-chart-table" not in table["class"])
    flagged = region.select_one(".coprodoc-record-flagged")
    assert "outside the organisation" in flagged.get_text()
    links = [a.get_text() for a in flagged.select("a")]
    expected = record["totals"]["sections_without_outside_contribution"]
    assert len(links) == expected and "How to claim" in links
    files = [a["href"] for a in region.select(".coprodoc-record-files a")]
    assert files == list(RECORD_FILES)
    rows = region.select("table#contribution-record-1-sections tbody tr")
    assert len(rows) == record["totals"]["sections"]
    # the script is on this page only, and the tables read the same without it
    assert page.find("script", src=lambda s: s and "coprodoc-record.js" in s)
    other = BeautifulSoup((app.outdir / "rates.html").read_text(), "html.parser")
    assert not other.find("script", src=lambda s: s and "coprodoc-record.js" in s)


@pytest.mark.parametrize("buildername", ALL_BUILDERS)
def test_record_page_with_every_builder(example, build, buildername):
    app = build(example, buildername)
    lines = warnings_of(app).splitlines()
    # only the example's two deliberate findings
    assert [
        line
        for line in lines
        if "coprodoc.HardToReach" not in line
        and "coprodoc.unconfirmed-resolution" not in line
    ] == []
    if buildername == "epub":  # a book: the record is published beside sites
        assert not (app.outdir / JSON_NAME).exists()
    if buildername in ("html", "dirhtml", "singlehtml"):
        assert (app.outdir / JSON_NAME).is_file()
    if buildername == "text":
        text = (app.outdir / "record.txt").read_text()
        assert "Contributions per person" in text
        assert "Who shaped each section" in text


def test_record_page_is_rewritten_when_another_page_changes(example, build):
    build(example)
    page = example / "expenses.md"
    page.write_text(
        page.read_text()
        + "\n```{contribution}\n:by: p06\n:role: translation\n\nTranslated it.\n```\n"
    )
    app = build(example)
    html = (app.outdir / "record.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    row = next(
        tr
        for tr in soup.select("table#contribution-record-1-sections tbody tr")
        if tr.select_one("td").get_text() == "Expenses"
    )
    assert "Leila Haddad" in row.get_text()


def test_unknown_export_is_a_config_warning(make_app, tmp_path):
    (tmp_path / "conf.py").write_text(
        'extensions = ["coprodoc"]\ncoprodoc_record_exports = ["cff", "zenodo"]\n'
    )
    (tmp_path / "index.rst").write_text("Index\n=====\n")
    app = make_app("html", srcdir=tmp_path)
    assert (
        "conf.py:2: WARNING: coprodoc_record_exports: unknown export 'zenodo'"
        in warnings_of(app)
    )
    from coprodoc.config import settings

    assert settings(app).record_exports == ("cff",)


def test_record_page_in_rst_and_myst_is_the_same(copy_root, build):
    """A site without git: the record still covers every section, and says
    nothing about commits."""
    src = copy_root("basic")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'coprodoc_organisation_groups = ["panel"]\n')
    (src / "record_rst.rst").write_text(
        "Record in rST\n=============\n\n.. contribution-record::\n"
    )
    (src / "record_md.md").write_text(
        "# Record in MyST\n\n```{contribution-record}\n```\n"
    )
    index = src / "index.rst"
    index.write_text(
        index.read_text().replace("   myst\n", "   myst\n   record_rst\n   record_md\n")
    )
    app = build(src)
    assert "WARNING" not in warnings_of(app)
    rendered = []
    for page in ("record_rst.html", "record_md.html"):
        region = BeautifulSoup((app.outdir / page).read_text(), "html.parser")
        rendered.append(region.select_one(".coprodoc-record"))
    # the same text and tables; only links differ, being relative to the page
    assert rendered[0].get_text() == rendered[1].get_text()
    assert [t["id"] for t in rendered[0].select("table")] == [
        t["id"] for t in rendered[1].select("table")
    ]
    region = rendered[0]
    summary = region.select_one(".coprodoc-record-summary").get_text()
    assert "commit" not in summary
    people = [
        tr.select_one("td").get_text()
        for tr in region.select("table#contribution-record-1-people tbody tr")
    ]
    assert "Amira Khan" in people
    assert "Filter rows" in region.get_text()  # the script's label, in HTML
    text = build(src, "text")  # ... and nowhere else
    assert "Filter rows" not in (text.outdir / "record_rst.txt").read_text()


def test_a_misspelt_organisation_group_is_a_located_warning(example, build):
    conf = example / "conf.py"
    conf.write_text(
        conf.read_text().replace(
            'coprodoc_organisation_groups = ["staff"]',
            'coprodoc_organisation_groups = ["staf"]',
        )
    )
    app = build(example, "coprodoc-record")
    line = next(
        n
        for n, text in enumerate((example / "conf.py").read_text().splitlines(), 1)
        if text.startswith("coprodoc_organisation_groups")
    )
    expected = (
        f"{example / 'conf.py'}:{line}: WARNING: coprodoc_organisation_groups: "
        "no registry group 'staf' (groups: panel, staff)"
    )
    found = [line for line in warnings_of(app).splitlines() if expected in line]
    assert len(found) == 1 and found[0].endswith("[coprodoc.config]"), found


def test_csv_cells_that_spreadsheets_would_run_are_neutralised():
    from coprodoc.record.files import record_csv

    record = {
        "people": [{"id": "p1", "shown_as": "=cmd|' /C calc'!A0"}],
        "documents": [
            {
                "docname": "page",
                "sections": [
                    {
                        "id": "s",
                        "title": "+SUM(A1:A9)",
                        "contributions": [
                            {
                                "id": "c1",
                                "date": None,
                                "via": "@workshop",
                                "link": None,
                                "text": "-2+3\u202e",
                                "by": ["p1"],
                                "roles": [],
                            }
                        ],
                    }
                ],
            }
        ],
    }
    rows = list(csv.DictReader(io.StringIO(record_csv(record, "contributions.csv"))))
    assert rows[0]["section_title"] == "'+SUM(A1:A9)"
    assert rows[0]["via"] == "'@workshop"
    assert rows[0]["text"] == "'-2+3"
    assert rows[0]["by"] == "'=cmd|' /C calc'!A0"


def test_verify_says_when_another_coprodoc_made_the_record(example, build, tmp_path):
    """A record made by another version is compared on its contents, with a
    note that coprodoc's own changes may explain a difference; the version
    number alone is not a difference."""
    record = load(record_build(build, example))
    older = dict(record, coprodoc_version="0.0.9")
    path = tmp_path / "older.json"
    path.write_text(json.dumps(older))
    done = cli("record", "verify", str(path), "--repo", str(example), cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "the record was made by coprodoc 0.0.9" in done.stdout
    assert "verify with coprodoc==0.0.9" in done.stdout
    older["project"] = dict(older["project"], name="Another policy")
    path.write_text(json.dumps(older))
    done = cli("record", "verify", str(path), "--repo", str(example), cwd=tmp_path)
    assert done.returncode == 1
    assert 'project.name: the record says "Another policy"' in done.stdout


def test_the_record_page_follows_a_commit_that_changes_no_page(tmp_path, build):
    """The record page says which commit it was made from: a commit that
    touches no page (a README, or an empty one) moved HEAD, and the page
    went on naming the old commit."""
    repo = Repo(tmp_path / "site")
    before = repo.commit(
        "Start",
        {
            "conf.py": 'extensions = ["coprodoc"]\nexclude_patterns = ["_build"]\n',
            "contributors.yaml": "people: []\n",
            "index.rst": "Home\n====\n\n.. toctree::\n\n   record\n",
            "record.rst": "Record\n======\n\n.. contribution-record::\n",
        },
    )
    app = build(repo.path)
    page = Path(app.outdir) / "record.html"
    assert before[:12] in page.read_text()
    after = repo.commit("Notes", {"NOTES.txt": "Nothing for the site.\n"})
    build(repo.path)
    assert after[:12] in page.read_text() and before[:12] not in page.read_text()
