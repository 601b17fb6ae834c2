"""The user documentation builds cleanly and cannot drift from the code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import get_args

from coprodoc.config import OPTIONS
from coprodoc.directives.contribution import ContributionDirective
from coprodoc.directives.contributors import ContributorsDirective
from coprodoc.directives.decision import DecisionDirective
from coprodoc.directives.dissent import DissentDirective, ResponseDirective
from coprodoc.directives.registers import (
    DecisionRegisterDirective,
    DissentRegisterDirective,
)
from coprodoc.logs import SUBTYPES, Subtype
from coprodoc.record.model import SCHEMA_PATH
from coprodoc.vocabulary import _builtin_roles
from tests.conftest import warnings_of

DOCS = Path(__file__).parent.parent / "docs"
REFERENCE = DOCS / "reference"
NO_TERM = "\N{EN DASH}"  # how the roles table shows "no matching term"


def test_docs_build_without_warnings(tmp_path, build):
    src = tmp_path / "docs"
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    # the auditors' guide publishes the record schema from the package itself
    schema = tmp_path / SCHEMA_PATH.relative_to(DOCS.parent)
    schema.parent.mkdir(parents=True)
    shutil.copy(SCHEMA_PATH, schema)
    app = build(src)
    assert warnings_of(app) == ""
    assert "coprodoc-contribution" in (app.outdir / "index.html").read_text()
    auditors = (app.outdir / "guide" / "auditors.html").read_text()
    assert '"schema_version"' in auditors
    # the reference tables are made from the code: every type and setting
    warnings = (app.outdir / "reference" / "warnings.html").read_text()
    assert set(re.findall(r"coprodoc\.([a-z-]+)</span>", warnings)) == set(SUBTYPES)
    settings_page = (app.outdir / "reference" / "configuration.html").read_text()
    for option in OPTIONS:
        assert f"{option.name}</span></code></p></td>" in settings_page, option.name


def test_every_warning_type_is_in_the_literal_type_and_the_table():
    assert set(get_args(Subtype)) == set(SUBTYPES)
    assert "{coprodoc-warning-types}" in (REFERENCE / "warnings.md").read_text()


def test_every_config_value_is_documented(make_app, tmp_path):
    (tmp_path / "conf.py").write_text('extensions = ["coprodoc"]\n')
    (tmp_path / "index.rst").write_text("Index\n=====\n")
    app = make_app("html", srcdir=tmp_path)
    names = {opt.name for opt in app.config if opt.name.startswith("coprodoc_")}
    headings = set(
        re.findall(
            r"^## `(coprodoc_\w+)`", (REFERENCE / "configuration.md").read_text(), re.M
        )
    )
    assert names == headings


def test_every_directive_option_is_documented():
    text = (REFERENCE / "directives.md").read_text()
    for name, directive in (
        ("contribution", ContributionDirective),
        ("contributors", ContributorsDirective),
        ("dissent", DissentDirective),
        ("response", ResponseDirective),
        ("decision", DecisionDirective),
        ("dissent-register", DissentRegisterDirective),
        ("decision-register", DecisionRegisterDirective),
    ):
        section = text.split(f"## `{name}`", 1)[1].split("\n## ", 1)[0]
        documented = set(re.findall(r"^\| `:([a-z-]+):` \|", section, re.M))
        assert documented == set(directive.option_spec), name


def test_every_builtin_role_is_in_the_roles_table():
    text = (REFERENCE / "roles.md").read_text()
    for role in _builtin_roles():
        row = f"| `{role.id}` | {role.label} | {role.credit or NO_TERM} |"
        assert row in text, row


def test_every_directive_and_role_has_a_reference_section(make_app, tmp_path):
    (tmp_path / "conf.py").write_text('extensions = ["coprodoc"]\n')
    (tmp_path / "index.rst").write_text("Index\n=====\n")
    make_app("html", srcdir=tmp_path)
    from docutils.parsers.rst import directives, roles

    text = (REFERENCE / "directives.md").read_text()
    ours = [
        name
        for name, obj in directives._directives.items()  # type: ignore[attr-defined]
        if getattr(obj, "__module__", "").startswith("coprodoc")
    ]
    assert len(ours) >= 8  # the registry worked: every directive is there
    for name in ours:
        assert f"## `{name}`" in text, name
    for name, obj in roles._roles.items():  # type: ignore[attr-defined]
        if type(obj).__module__.startswith("coprodoc"):
            heading = rf"^## .*`{re.escape(name)}`.* roles?$"
            assert re.search(heading, text, re.M), name


def test_the_organisations_guide_starts_with_init_and_check():
    text = (DOCS / "guide" / "organisations.md").read_text()
    start = text.split("\n## ", 2)[1]  # the first section, where people start
    assert start.startswith("Start with `coprodoc init`")
    for command in ("coprodoc init", "coprodoc check", "sphinx-build -W"):
        assert command in start, command
    # and what init writes is what the guide says it writes
    assert "Proposed, not agreed yet" in start and "`staff`" in start
