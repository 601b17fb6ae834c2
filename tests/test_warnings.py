"""Bad input gives a located, typed warning; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from coprodoc.config import OPTIONS, Settings, settings
from tests.conftest import assert_exact_warnings, warnings_of


def appended(page: Path, text: str) -> int:
    """Add *text* to *page* after a blank line; the line its first line is on."""
    start = page.read_text().count("\n") + 2
    page.write_text(page.read_text() + "\n" + text)
    return start


def test_each_bad_directive_input_is_located_and_typed(copy_root, build):
    """A bad option value is reported at the option's own line; a missing
    option at the directive's."""
    src = copy_root("bad")
    app = build(src)
    rst, md = src / "index.rst", src / "bad.md"
    expected = [
        (f"{rst}:5:", "unknown person id 'nobody'", "unknown-person"),
        (f"{rst}:8:", "contribution has no :by: option", "missing-by"),
        (
            f"{rst}:13:",
            "unknown contribution role 'gardening'",
            "unknown-role",
        ),
        (f"{rst}:17:", "'1 March 2026' is not a date", "date"),
        (f"{rst}:21:", "'javascript:alert(1)' is not an absolute", "link"),
        (f"{rst}:23:", "unknown person id 'ghost'", "unknown-person"),
        (f"{rst}:26:", ":style: 'fancy' is not one of", "option"),
        (f"{md}:4:", "unknown person id 'nobody'", "unknown-person"),
        (f"{md}:5:", "'2026-13-45' is not a real date (there is no month 13)", "date"),
        (f"{md}:8:", "contribution has no :by: option", "missing-by"),
        (f"{md}:12:", "unknown person id 'ghost'", "unknown-person"),
    ]
    assert_exact_warnings(app, expected)


OPTION_LINES_RST = """\
Options
=======

- .. dissent::
     :by: amira
     :status: pending

     Too costly.

     .. response::
        :by: amira
        :resolution: maybe

        We will look again.

.. decision:: Rates
   :name: rates
   :deciders: amira,
      nobody
   :method: coin-toss
   :for: 3
   :against: many

.. include:: part.rst

.. toctree::

   bad
"""
OPTION_LINES_PART = """\
.. contribution::
   :by: amira
   :wrong: yes
"""
OPTION_LINES_MD = """\
# Options in Markdown

```{contribution}
---
by: amira
date: 2026-02-30
---
```

```{change-history}
:since: yesterday

:limit: -1
```
"""


def test_a_bad_option_is_reported_at_its_own_line(copy_root, build):
    """In a list item, in a nested directive, with an option over two
    lines, in an included file, in MyST's ``---`` block and after a blank
    line, the warning points at the line a contributor has to fix."""
    src = copy_root("bad")
    (src / "index.rst").write_text(OPTION_LINES_RST, encoding="utf-8")
    (src / "part.rst").write_text(OPTION_LINES_PART, encoding="utf-8")
    (src / "bad.md").write_text(OPTION_LINES_MD, encoding="utf-8")
    (src / "conf.py").write_text(
        (src / "conf.py").read_text() + 'exclude_patterns = ["part.rst"]\n'
    )
    app = build(src)
    rst, part, md = src / "index.rst", src / "part.rst", src / "bad.md"
    expected = [
        (f"{rst}:6:", ":status: 'pending' is not one of", "option"),
        (f"{rst}:12:", ":resolution: 'maybe' is not one of", "option"),
        (f"{rst}:18:", "unknown person id 'nobody'", "unknown-person"),
        (f"{rst}:20:", ":method: 'coin-toss' is not a known", "option"),
        (f"{rst}:22:", ":against: 'many' is not a whole number", "count"),
        (f"{part}:3:", "has no :wrong: option", "option"),
        (f"{md}:6:", "'2026-02-30' is not a real date", "date"),
        (f"{md}:11:", ":since: 'yesterday' is not a date", "date"),
        # after a blank line, MyST reads it as text: it is read as an option
        (f"{md}:13:", "were written where its text goes", "option"),
        (f"{md}:13:", ":limit: '-1' is not a positive whole number", "option"),
    ]
    assert_exact_warnings(app, expected)


def test_a_refused_link_is_not_rendered(copy_root, build):
    app = build(copy_root("bad"))
    html = (app.outdir / "index.html").read_text()
    assert "javascript:" not in html


REGISTRY_CASES = {
    "invalid-yaml": (
        "people:\n  - id: a\n    name: [unclosed\n",
        "contributors.yaml:4:",
        "registry",
        "not valid YAML",
    ),
    "duplicate-id": (
        "people:\n"
        "  - id: a\n    name: A\n    display: name\n"
        "  - id: a\n    name: B\n    display: name\n",
        "contributors.yaml:5:",
        "duplicate-id",
        "duplicate id 'a' (first used on line 2)",
    ),
    "unknown-display": (
        "people:\n  - id: a\n    name: A\n    display: famous\n",
        "contributors.yaml:4:",
        "display",
        "the display of 'a' is 'famous', not one of name",
    ),
    "bad-consent-date": (
        "people:\n  - id: a\n    name: A\n    display: name\n"
        "    consent:\n      given: last spring\n",
        "contributors.yaml:6:",
        "consent",
        "'given' is a value not repeated here (it may name someone), not a "
        "date in the form YYYY-MM-DD; shown as anonymous",
    ),
    "unknown-role": (
        "people:\n  - id: a\n    name: A\n    display: name\n    roles: [juggling]\n",
        "contributors.yaml:5:",
        "unknown-role",
        "unknown role 'juggling'",
    ),
    "not-a-mapping": (
        "- just\n- a list\n",
        "contributors.yaml:1:",
        "registry",
        "must be a mapping",
    ),
    "people-not-a-list": (
        "people: everyone\n",
        "contributors.yaml:1:",
        "registry",
        "'people' must be a list",
    ),
}


@pytest.mark.parametrize("case", sorted(REGISTRY_CASES))
def test_bad_registry_gives_a_located_typed_warning(case, copy_root, build):
    content, location, subtype, message = REGISTRY_CASES[case]
    src = copy_root("basic")
    (src / "contributors.yaml").write_text(content)
    app = build(src)
    text = warnings_of(app)
    assert any(
        line.startswith(str(src / location))
        and message in line
        and f"[coprodoc.{subtype}]" in line
        for line in text.splitlines()
    ), text
    assert "Traceback" not in text
    assert (app.outdir / "index.html").is_file()


@pytest.mark.parametrize(
    "content",
    [
        "people: [[1, 2], 3, null]\n",
        "people:\n  - id: a\n    consent: yes\n    groups: 7\n    display: name\n",
        "groups: {panel: 5}\npeople: {a: {display: group-only, groups: [panel]}}\n",
        "\tnot: yaml: at: all\n",
        "",
        "people:\n  - id: [a, list]\n",
    ],
)
def test_malformed_registry_never_raises(content, copy_root, build):
    src = copy_root("basic")
    (src / "contributors.yaml").write_text(content)
    app = build(src)
    assert "Traceback" not in warnings_of(app)
    assert (app.outdir / "rates.html").is_file()


def test_registry_crash_cases_give_located_warnings(copy_root, build):
    src = copy_root("basic")
    registry = src / "contributors.yaml"
    registry.write_text(
        "people:\n  - id: p09\n    name: Ann Example\n    display: name\n"
        "    consent:\n      given: 2026-02-30\n"
    )
    app = build(src)
    text = warnings_of(app)
    assert f"{registry}:6:" in text and "is not a real date (" in text
    assert "[coprodoc.consent]" in text and "Traceback" not in text
    laughs = "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n"
        for n in range(8)
    )
    registry.write_text('a: &a ["lol", "lol", "lol", "lol", "lol"]\n' + laughs)
    app = build(src)
    text = warnings_of(app)
    assert f"{registry}:1:" in text and "anchors and aliases expand" in text
    assert text.count("[coprodoc.") == 1, text  # no cascade of unknown ids


@pytest.mark.parametrize(
    ("directive", "subtype"),
    [
        (".. decision:: Vote\n   :for: \u00b3\n", "count"),
        (".. change-history::\n   :limit: \u00b2\n", "option"),
        (".. plain-language::\n   :reading-age: \u00b9\u00b2\n\n   Short.\n", "option"),
    ],
)
def test_superscript_digits_are_not_numbers(directive, subtype, copy_root, build):
    src = copy_root("basic")
    index = src / "index.rst"
    lines = index.read_text().count("\n")
    index.write_text(index.read_text() + "\n" + directive)
    app = build(src)
    text = warnings_of(app)
    assert "Traceback" not in text
    assert any(  # at the option's line
        line.startswith(f"{index}:{lines + 3}:") and f"[coprodoc.{subtype}]" in line
        for line in text.splitlines()
    ), text


MISUSE = [
    # (rST, MyST, subtype, what the warning says, the line it is at)
    (
        ".. shaped-by:: this section\n",
        "```{shaped-by} this section\n```\n",
        "content",
        "the shaped-by directive takes no content and no argument: 'this section'",
        "this section",
    ),
    (
        ".. shaped-by::\n\n   Written by the panel.\n",
        "```{shaped-by}\nWritten by the panel.\n```\n",
        "content",
        "'Written by the panel.' was left out",
        "Written by",
    ),
    (
        ".. change-history::\n   :limt: 5\n",
        "```{change-history}\n:limt: 5\n```\n",
        "option",
        "has no :limt: option (did you mean :limit:?)",
        ":limt:",
    ),
    (
        f".. change-history::\n   :limit: {'9' * 5000}\n",
        f"```{{change-history}}\n:limit: {'9' * 5000}\n```\n",
        "option",
        "is not a positive whole number",
        ":limit:",
    ),
    (
        f".. change-history::\n   :limit: {'0' * 5000}5\n",
        f"```{{change-history}}\n:limit: {'0' * 5000}5\n```\n",
        "option",
        "is not a positive whole number",
        ":limit:",
    ),
    (
        f".. decision:: Rates\n   :for: {'0' * 5000}5\n\n   Agreed.\n",
        f"```{{decision}} Rates\n:for: {'0' * 5000}5\n\nAgreed.\n```\n",
        "count",
        "is not a whole number of people",
        ":for:",
    ),
    (
        ".. change-history::\n   :class: !!!\n",
        "```{change-history}\n:class: '!!!'\n```\n",
        "option",
        ":class: '!!!' is not a list of class names",
        ":class:",
    ),
    (
        f".. change-history::\n   :{'x' * 5000}: 5\n",
        f"```{{change-history}}\n:{'x' * 5000}: 5\n```\n",
        "option",
        "xxxxxxxx…: option; it was left out",
        ":xxx",
    ),
    (
        ".. shaped-by::\n\n\n   Written by the panel.\n",
        "```{shaped-by}\n\n\nWritten by the panel.\n```\n",
        "content",
        "'Written by the panel.' was left out",
        "Written by",
    ),
    (
        ".. dissent::\n   :by: amira\n   :bye: rowan\n\n   We disagree.\n",
        "```{dissent}\n:by: amira\n:bye: rowan\n\nWe disagree.\n```\n",
        "option",
        "the dissent directive has no :bye: option (did you mean :by:?)",
        ":bye:",
    ),
]


@pytest.mark.parametrize(("rst", "myst", "subtype", "message", "at"), MISUSE)
def test_a_misused_directive_gets_a_typed_located_warning_in_rst_and_myst(
    rst, myst, subtype, message, at, copy_root, build
):
    """Not docutils' untyped error, which drops the block: a coprodoc
    warning at the line of the mistake (the option's, or the content's),
    which ``-W`` and ``suppress_warnings`` can act on; what was wrong is left
    out and the block is still built."""
    src = copy_root("basic")
    for name, text in (("index.rst", rst), ("myst.md", myst)):
        page = src / name
        mistake = next(n for n, row in enumerate(text.splitlines()) if at in row)
        line = appended(page, text) + mistake
        app = build(src, freshenv=True)
        found = warnings_of(app)
        assert "Traceback" not in found and "[docutils]" not in found, found
        assert "[myst." not in found, found
        assert any(
            w.startswith(f"{page}:{line}:")
            and message in w
            and w.endswith(f"[coprodoc.{subtype}]")
            for w in found.splitlines()
        ), found
        page.write_text(page.read_text().replace("\n" + text, ""))


def test_missing_registry_warns_once_and_shows_ids(copy_root, build):
    src = copy_root("basic")
    (src / "contributors.yaml").unlink()
    app = build(src)
    missing = [
        line
        for line in warnings_of(app).splitlines()
        if "[coprodoc.registry-missing]" in line
    ]
    assert len(missing) == 1
    # reported at the setting (what to fix), naming the pages that use ids
    assert missing[0].startswith(
        f"{src / 'conf.py'}:1: WARNING: coprodoc_contributors:"
    )
    assert "index.rst and 2 other page(s) name people by id" in missing[0]
    assert "unknown person" not in warnings_of(app)
    html = (app.outdir / "index.html").read_text()
    assert ">amira</span>" in html


def _only_unknown_person(tmp_path: Path, copy_root) -> Path:
    src = copy_root("basic")
    index = src / "index.rst"
    index.write_text(index.read_text().replace(":by: amira\n", ":by: amirah\n", 1))
    return src


def test_warning_is_error_and_suppress_warnings(tmp_path, copy_root):
    src = _only_unknown_person(tmp_path, copy_root)
    args = ["-q", "-b", "html", "-d", str(tmp_path / "dt"), str(src)]
    assert build_main([*args, "-W", str(tmp_path / "strict")]) != 0
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text() + 'suppress_warnings = ["coprodoc.unknown-person"]\n'
    )
    assert build_main([*args, "-E", "-W", str(tmp_path / "suppressed")]) == 0


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("coprodoc_roles = 5", "coprodoc_roles must be a mapping"),
        (
            'coprodoc_unknown_contributors = "everyone"',
            "must be one of 'show', 'hide', 'count', not 'everyone'",
        ),
        ('coprodoc_trailers = ["x"]', "coprodoc_trailers must be a mapping"),
        ('coprodoc_bots = "*[bot]"', "coprodoc_bots must be a list"),
        (
            'coprodoc_disagreement_protocol = {"method": "dice"}',
            "unknown method 'dice'",
        ),
        ('coprodoc_plain_language = {"reading_age": "nine"}', "positive whole number"),
        ('coprodoc_repo_url = "ftp://example.org"', "must be an http(s) address"),
        ('coprodoc_language_rules = {"X.Y": {"extends": "magic"}}', "not supported"),
    ],
)
def test_bad_configuration_is_located_typed_and_never_fatal(
    setting, message, copy_root, build
):
    src = copy_root("basic")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + setting + "\n")
    line = len(conf.read_text().splitlines())
    app = build(src)
    found = [w for w in warnings_of(app).splitlines() if "[coprodoc.config]" in w]
    assert len(found) == 1 and message in found[0], warnings_of(app)
    assert found[0].startswith(f"{conf}:{line}:")
    assert (app.outdir / "index.html").is_file()


def _wrong_type(types: frozenset[type]) -> object:
    """A value of a type *types* does not accept: text where a list is
    expected, a list where a mapping is, a number for everything else."""
    if list in types:
        return "a string, not a list"
    if dict in types:
        return ["x"]
    return 5 if str in types or type(None) in types else "yes"


@pytest.mark.parametrize("option", OPTIONS, ids=lambda option: option.name)
def test_every_config_value_of_the_wrong_type_is_a_located_warning(
    option, copy_root, build
):
    src = copy_root("basic")
    conf = src / "conf.py"
    value = _wrong_type(option.types)
    conf.write_text(conf.read_text() + f"{option.name} = {value!r}\n")
    line = len(conf.read_text().splitlines())
    app = build(src)
    text = warnings_of(app)
    found = [w for w in text.splitlines() if "[coprodoc.config]" in w]
    assert len(found) == 1, text
    assert found[0].startswith(f"{conf}:{line}:") and option.name in found[0]
    assert "Traceback" not in text and "has type" not in text  # no Sphinx warning
    assert (app.outdir / "index.html").is_file()
    assert getattr(settings(app), option.attribute) == getattr(
        Settings(), option.attribute
    )


MISTAKES = """\
# Common mistakes

## Paying people

```{contribution}
:by: p3, panl
:role: lived-experience
:date: 2026-13-01
```

```{decision} Pay on the day
:name: pay-on-the-day
:status: accept
:method: majorty
```

```{dissent}
:by: amira
:status: respnded
:decision: pay-on-teh-day

Cash is not safe for everyone.
```

See {decision}`pay-on-th-day`.
"""


def test_misspelt_names_get_a_did_you_mean(copy_root, build):
    src = copy_root("basic")
    (src / "mistakes.md").write_text(MISTAKES)
    index = src / "index.rst"
    index.write_text(index.read_text() + "\n.. toctree::\n\n   mistakes\n")
    app = build(
        src,
        confoverrides={
            "coprodoc_record": True,
            "coprodoc_organisation_groups": ["pnael"],
        },
    )
    md = src / "mistakes.md"
    assert_exact_warnings(
        app,
        [
            (
                f"{md}:6:",
                "unknown person id 'p3' (did you mean 'p03'?)",
                "unknown-person",
            ),
            (
                f"{md}:6:",
                "unknown person id 'panl' (did you mean 'panel'?)",
                "unknown-person",
            ),
            (
                f"{md}:7:",
                "role 'lived-experience' (did you mean 'lived-experience-insight'?)",
                "unknown-role",
            ),
            (
                f"{md}:8:",
                "'2026-13-01' is not a real date (there is no month 13)",
                "date",
            ),
            (
                f"{md}:13:",
                ":status: 'accept' is not one of proposed, accepted, rejected, "
                "superseded (did you mean 'accepted'?); using 'proposed'",
                "option",
            ),
            (
                f"{md}:14:",
                ":method: 'majorty' is not a known decision method "
                "(did you mean 'majority'?)",
                "option",
            ),
            (f"{md}:19:", "(did you mean 'responded'?)", "option"),
            (
                f"{md}:17:",
                "unknown decision 'pay-on-teh-day' (did you mean 'pay-on-the-day'?)",
                "unknown-decision",
            ),
            (
                f"{md}:25:",
                "no decision is named 'pay-on-th-day' (did you mean 'pay-on-the-day'?)",
                "unknown-record",
            ),
            (  # set with -D (confoverrides), not in conf.py: no line to blame
                "WARNING: coprodoc_organisation_groups:",
                "no registry group 'pnael' (groups: panel) (did you mean 'panel'?)"
                "; the record",
                "config",
            ),
        ],
    )


def test_a_tab_in_the_registry_is_one_plain_warning_without_a_cascade(copy_root, build):
    src = copy_root("basic")
    registry = src / "contributors.yaml"
    lines = registry.read_text().splitlines(keepends=True)
    assert lines[14].startswith("    display: ")
    lines[14] = "\t" + lines[14].lstrip(" ")
    registry.write_text("".join(lines))
    # pages that use ids, a record and organisation groups: each would
    # complain about the empty registry if it did not know it failed to load
    app = build(
        src,
        confoverrides={
            "coprodoc_record": True,
            "coprodoc_organisation_groups": ["panel"],
        },
    )
    assert_exact_warnings(
        app,
        [
            (
                f"{registry}:15:",
                "contributors registry: this line has a tab in its indentation, "
                "and YAML needs spaces: replace the tab with spaces",
                "registry",
            )
        ],
    )
    assert "cannot start any token" not in warnings_of(app)


def test_suggestions_are_close_known_names_only():
    from coprodoc.suggest import did_you_mean, hint

    ids = ["p01", "p02", "p12", "panel"]
    assert did_you_mean("p2", ids) == "p02"  # not p12: leading zeros set aside
    assert did_you_mean("P-02", ids) == "p02"
    assert did_you_mean("Panle", ids) == "panel"
    assert did_you_mean("zebedee", ids) is None
    assert hint("zebedee", ids) == ""
    assert hint("panl", ids) == " (did you mean 'panel'?)"
    # a known name is itself: the registry asks whether a key one level too
    # high is a consent key ("withdrawn"), and must hear yes
    assert did_you_mean("withdrawn", ["given", "withdrawn"]) == "withdrawn"


def test_values_set_with_minus_d_are_read_as_sphinx_build_gives_them(copy_root, build):
    """``sphinx-build -D`` gives text: ``coprodoc_history=False`` was taken
    as not a boolean (and replaced by True, the opposite), and
    ``coprodoc_plain_language.reading_age=9`` as not a number, each blamed on
    line 1 of conf.py."""
    src = copy_root("basic")
    app = build(
        src,
        confoverrides={
            "coprodoc_history": "False",
            "coprodoc_reproducible_record": "true",  # bool only: Sphinx stopped
            "coprodoc_authorship_view": "no",
            "coprodoc_plain_language.reading_age": "9",
            "coprodoc_plain_language.body_checks": "true",
            "coprodoc_plain_language.acronym_words": "SEND, CARE",
        },
    )
    assert "[coprodoc.config]" not in warnings_of(app)
    checked = settings(app)
    assert checked.history is False
    assert checked.reproducible_record is True and checked.authorship_view is False
    assert checked.plain_language.reading_age == 9
    assert checked.plain_language.body_checks is True
    assert checked.plain_language.acronym_words == ("SEND", "CARE")


def test_a_bad_value_set_with_minus_d_is_not_blamed_on_conf_py(copy_root, build):
    src = copy_root("basic")
    app = build(
        src,
        confoverrides={
            "coprodoc_history": "sometimes",
            "coprodoc_record": "maybe",
            "coprodoc_roles.empty": "",  # a role that would be shown as nothing
        },
    )
    found = [w for w in warnings_of(app).splitlines() if "[coprodoc.config]" in w]
    # a dotted -D value, for a setting conf.py does not set, is from -D too
    roles = [w for w in found if "coprodoc_roles['empty']" in w]
    assert len(roles) == 1 and "the label is empty; the role is left out" in roles[0]
    assert roles[0].startswith("WARNING: coprodoc_roles['empty']")
    assert "empty" not in settings(app).all_roles()
    found.remove(roles[0])
    assert len(found) == 2, found
    assert found[0].startswith("WARNING: coprodoc_history must be")
    assert found[1].startswith("WARNING: coprodoc_record must be")
    assert all("(set with -D on the command line)" in line for line in found)
    assert "(set with -D on the command line)" in roles[0]


def test_a_misspelt_setting_is_named_with_the_one_meant(copy_root, build):
    """From a new user's review: Sphinx ignores an unknown name in conf.py
    without a word, so ``coprodoc_histroy = False`` left history on."""
    src = copy_root("basic")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text()
        + 'coprodoc_histroy = False\ncoprodoc_shaped_by = "Auto"\n'
        + "coprodoc_repo_url = 'github.com/org/repo'\n"
    )
    app = build(src)
    lines = conf.read_text().count("\n")
    assert_exact_warnings(
        app,
        [
            (
                f"{conf}:{lines - 2}:",
                "coprodoc_histroy is not a coprodoc setting (did you mean "
                "'coprodoc_history'?); it has no effect",
                "config",
            ),
            (
                f"{conf}:{lines}:",
                "coprodoc_repo_url must be an http(s) address, or a mapping with "
                "'commit' and 'pull' templates (commits are then shown without "
                "links), not 'github.com/org/repo'; using None",
                "config",
            ),
        ],
    )
    html = (app.outdir / "rates.html").read_text(encoding="utf-8")
    assert "coprodoc-shaped-by" in html  # "Auto" is "auto"


NESTED_RST = """\
.. dissent::
   :by: amira

   I disagree.

   .. decision:: Decided inside a dissent
      :name: inner

   .. response::
      :by: p03

      We hear you.

.. decision:: Pay on the day
   :name: outer

   .. contribution::
      :by: amira

      Proposed it.

.. contribution::
   :by: amira

   .. plain-language::

      We pay you.
"""
NESTED_MD = """\
````{contribution}
:by: amira

```{contribution}
:by: river
```
````
"""


def test_a_record_block_inside_another_is_warned_unless_it_belongs_there(
    copy_root, build
):
    """From a new user's review: a decision indented inside a dissent was
    shown inside "In their own words", as if the dissenter had said it,
    without a word.  A response in its dissent, and a contribution in a
    decision, are where they belong."""
    src = copy_root("basic")
    index, myst = src / "index.rst", src / "myst.md"
    start = appended(index, NESTED_RST)
    md_start = appended(myst, NESTED_MD)
    app = build(src)
    assert_exact_warnings(
        app,
        [
            (
                f"{index}:{start + 5}:",
                "this decision is inside the text of a dissent, so it is shown "
                "as part of the dissent: put it after the dissent",
                "nesting",
            ),
            (
                f"{index}:{start + 24}:",
                "this plain-language summary is inside the text of a contribution",
                "nesting",
            ),
            (f"{myst}:{md_start + 3}:", "inside the text of a contribution", "nesting"),
        ],
    )


def test_an_empty_decision_or_response_is_warned(copy_root, build):
    """From a new user's review: an empty decision and an empty response
    were published as empty boxes without a word."""
    src = copy_root("basic")
    index = src / "index.rst"
    start = appended(
        index,
        ".. decision::\n   :status: accepted\n\n"
        ".. dissent::\n   :by: amira\n\n   Too far.\n\n"
        "   .. response::\n      :by: p03\n",
    )
    app = build(src)
    assert_exact_warnings(
        app,
        [
            (f"{index}:{start}:", "decision says nothing", "content"),
            (f"{index}:{start + 8}:", "response has no text", "response"),
        ],
    )


def test_a_contribution_name_used_twice_on_a_page_is_warned(copy_root, build):
    """From a new user's review: the second block was silently given
    another id, so links to the name went to the first."""
    src = copy_root("basic")
    index = src / "index.rst"
    block = ".. contribution::\n   :by: amira\n   :name: travel\n\n   Said it.\n\n"
    start = appended(index, block + block)
    app = build(src)
    assert_exact_warnings(
        app,
        [
            (
                f"{index}:{start + 8}:",
                "the id 'contribution-travel' is already taken on this page",
                "duplicate-id",
            )
        ],
    )


def test_a_language_written_by_its_name_is_read_as_its_tag(copy_root, build):
    """From a new user's review: ``:lang: Welsh`` was ignored; it is read
    as ``cy``, with a warning that gives the tag."""
    src = copy_root("basic")
    index = src / "index.rst"
    start = appended(
        index, ".. plain-language::\n   :lang: Welsh\n\n   Rydym yn talu pobl.\n"
    )
    app = build(src)
    assert_exact_warnings(
        app,
        [
            (
                f"{index}:{start + 1}:",
                ":lang: 'Welsh' is a language's name, not its tag; it was read "
                "as 'cy' (write :lang: cy)",
                "option",
            )
        ],
    )
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'lang="cy"' in html
