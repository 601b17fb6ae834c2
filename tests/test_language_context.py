"""Labels in context, acronyms and emphasis, and the switches (issue #16):
real builds, rST and MyST side by side."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from coprodoc.language.check import all_findings
from coprodoc.language.rules import BUILTIN_DIR
from tests.conftest import ALL_BUILDERS, warnings_of
from tests.test_language import language_project, language_warnings

PAGES = {"rst": ("context", "switches"), "md": ("context-md", "switches-md")}

#: (line in rST, line in MyST, rule, words): everything the context page
#: reports.  Not reported: the library, "exits with 1 if vulnerable", the
#: bridge, the office by bus, the service user for a daemon, the council's
#: legal power, NOT/ALL/TEN/NOTE (emphasis), Part IV, the SENCO (spelled out
#: after its first use) and the CQC (in a glossary term on another page).
CONTEXT = [
    (4, 3, "coprodoc.Vulnerable", "vulnerable adults"),
    (8, 7, "coprodoc.Vulnerable", "vulnerable"),
    (14, 13, "coprodoc.HardToReach", "hard-to-reach"),
    (24, 23, "acronym", "DWP"),
    (24, 23, "acronym", "IT"),
]
#: The switches page: Empower and acronyms are off for the page; ServiceUser
#: is off for one passage, everything for another and for Vale's; the
#: dissent and the response are the words of the people who gave them.
SWITCHES = [
    (6, 7, "coprodoc.ServiceUser", "service users"),
    (10, 11, "coprodoc.Vulnerable", "vulnerable adults"),
    (14, 15, "coprodoc.ServiceUser", "service users"),
    (38, 41, "coprodoc.Vulnerable", "the vulnerable"),
]


def found(app, docname: str) -> list[tuple[int | None, str, str]]:
    return [
        (f.line, f.rule, f.match) for f in all_findings(app.env) if f.docname == docname
    ]


@pytest.mark.parametrize("fmt", ["rst", "md"])
def test_labels_and_acronyms_in_context(fmt, copy_root, build):
    app = build(copy_root("language-context"))
    column = 0 if fmt == "rst" else 1
    context, switches = PAGES[fmt]
    assert found(app, context) == [(row[column], *row[2:]) for row in CONTEXT]
    assert found(app, switches) == [(row[column], *row[2:]) for row in SWITCHES]


def test_warnings_keep_their_suggestion_reason_and_place(copy_root, build):
    src = copy_root("language-context")
    app = build(src)
    lines = language_warnings(app)
    assert (
        f"{src / 'context.rst'}:8: WARNING: Say 'at risk of (say what)' instead of "
        "'vulnerable'. It makes a label of a situation; say what puts people at "
        "risk instead. (rule coprodoc.Vulnerable) [coprodoc.language]"
    ) in lines
    assert (
        f"{src / 'context-md.md'}:13: WARNING: Say 'people we have not yet reached' "
        "instead of 'hard-to-reach'. It blames people for not being reached, when "
        "it is services that have not reached them. (rule coprodoc.HardToReach) "
        "[coprodoc.language]"
    ) in lines
    assert len(lines) == 2 * (len(CONTEXT) + len(SWITCHES)), lines


def test_parallel_builds_and_every_builder_agree(copy_root, build):
    serial = build(copy_root("language-context", "serial"))
    parallel = build(copy_root("language-context", "parallel"), parallel=2)
    assert all_findings(parallel.env) == all_findings(serial.env) != []
    for buildername in ALL_BUILDERS:
        app = build(
            copy_root("language-context", buildername),
            buildername,
            confoverrides={
                "version": "1",
                "copyright": "2026, test",
                "suppress_warnings": ["coprodoc.language", "coprodoc.jargon"],
            },
        )
        assert warnings_of(app) == "", buildername


@pytest.mark.parametrize(
    ("fmt", "switch"),
    [
        ("rst", ".. coprodoc-language: off coprodoc.ServiceUser\n"),
        ("md", "<!-- coprodoc-language: off coprodoc.ServiceUser -->\n"),
    ],
)
def test_editing_a_switch_checks_the_page_again(fmt, switch, copy_root, build):
    src = copy_root("language-context")
    build(src)
    page = src / f"{PAGES[fmt][1]}.{fmt}"
    page.write_text(page.read_text().replace(switch, "\n"))
    app = build(src)
    line = 10 if fmt == "rst" else 11
    assert (line, "coprodoc.ServiceUser", "service users") in found(app, PAGES[fmt][1])


@pytest.mark.parametrize("fmt", ["rst", "md"])
def test_unknown_or_malformed_switches_are_located_warnings(fmt, copy_root, build):
    if fmt == "rst":
        text = (
            ":coprodoc-language-disable: coprodoc.Vulnerable, Nope.Rule\n\n"
            "Check\n=====\n\n.. coprodoc-language: maybe\n\n"
            ".. coprodoc-language: off acronyms\n\nThe vulnerable.\n"
        )
    else:
        text = (
            "---\ncoprodoc-language-disable: [coprodoc.Vulnerable, Nope.Rule]\n---\n"
            "# Check\n\n<!-- coprodoc-language: maybe -->\n\n"
            "% coprodoc-language: off acronyms\n\nThe vulnerable.\n"
        )
    src = language_project(copy_root, "", fmt)
    (src / f"check.{fmt}").write_text(text)
    app = build(src)
    lines = [line for line in language_warnings(app) if "check." in line]
    path = src / f"check.{fmt}"
    assert lines == [
        f"{path}:1: WARNING: coprodoc-language-disable names 'Nope.Rule', which is "
        "not a labelling rule, a style, nor one of acronym, easy-read-acronym, "
        "sentence-length or 'all' [coprodoc.language-switch]",
        f"{path}:6: WARNING: 'coprodoc-language: maybe' is not a switch: write "
        "'coprodoc-language: off' or 'coprodoc-language: on', optionally followed "
        "by rule ids [coprodoc.language-switch]",
        f"{path}:8: WARNING: language switch names 'acronyms', which is not a "
        "labelling rule, a style, nor one of acronym, easy-read-acronym, "
        "sentence-length or 'all' [coprodoc.language-switch]",
    ]
    assert "Traceback" not in warnings_of(app)


def test_site_switch_takes_styles_and_checks(copy_root, build):
    conf = 'coprodoc_language_disabled = ["coprodoc", "acronym", "Nope.Rule"]\n'
    text = "We asked service users. The DWP pays the vulnerable."
    app = build(language_project(copy_root, text, conf=conf))
    (line,) = language_warnings(app)
    assert line.startswith(f"{app.confdir / 'conf.py'}:")
    assert line.endswith(
        "coprodoc_language_disabled names 'Nope.Rule', which is not a labelling "
        "rule, a style, nor one of acronym, easy-read-acronym, sentence-length or "
        "'all'; it is ignored [coprodoc.config]"
    )
    assert all_findings(app.env) == []


#: A house rule with context, as an organisation would write it: the Vale
#: rule first, coprodoc's words and context after the second "---".
HOUSE_RULE = """\
extends: substitution
message: "Say '%s' instead of '%s'."
description: "It reduces people to a condition."
ignorecase: true
swap:
  'sufferers?': people who live with it
---
words:
  conditions: [dementia, asthma, arthritis]
context:
  'sufferers?':
    skip-if:
      - before: 'insect|pollen'
    report-if:
      - before: '{conditions}'
      - after: 'of {conditions}'
"""


@pytest.mark.parametrize("fmt", ["rst", "md"])
def test_organisations_write_rules_with_context(fmt, copy_root, build, tmp_path):
    styles = tmp_path / "styles" / "House"
    styles.mkdir(parents=True)
    (styles / "Sufferer.yml").write_text(HOUSE_RULE)
    conf = f"coprodoc_vale_styles = [{str(tmp_path / 'styles')!r}]\n"
    text = (
        "Dementia sufferers meet on Fridays.\n\n"
        "Sufferers of asthma get a free inhaler check.\n\n"
        "Pollen sufferers? Hay fever sufferers? No: sufferers of nothing.\n"
    )
    app = build(language_project(copy_root, text, fmt, conf=conf))
    lines = language_warnings(app)
    first = 4 if fmt == "rst" else 3
    assert [int(line.split(":")[1]) for line in lines] == [first, first + 2]
    assert "Say 'people who live with it' instead of 'sufferers'" in lines[0]
    assert "(rule House.Sufferer) [coprodoc.language]" in lines[0]


def test_rules_in_conf_take_context_and_vale_exceptions(copy_root, build):
    """In conf.py there is no second YAML document: the keys sit in the rule."""
    rule = {
        "extends": "existence",
        "message": "Avoid '%s'.",
        "ignorecase": True,
        "tokens": ["utilise", r"leverage \w+"],
        "exceptions": ["leverage ratio"],
        "context": {"utilise": {"skip-if": [{"before": "we never"}]}},
    }
    conf = f"coprodoc_language_rules = {{'House.Words': {rule!r}}}\n"
    text = "We utilise money. We never utilise gifts. The leverage ratio is fine."
    app = build(language_project(copy_root, text + " We leverage grants.", conf=conf))
    messages = [f.message for f in all_findings(app.env)]
    assert messages == [
        "Avoid 'utilise'. (rule House.Words)",
        "Avoid 'leverage grants'. (rule House.Words)",
    ]


@pytest.mark.parametrize(
    ("extension", "problem"),
    [
        ("---\nwords: {a: [b]}\n---\ncontext: {}\n", "at most two YAML documents"),
        ("---\nexplain: yes\n", "may hold only 'words' and 'context'"),
        ("---\ncontext:\n  tokenz: {skip-if: [{after: x}]}\n", "names 'tokenz'"),
        ("---\ncontext:\n  '*': {skip-if: [{after: '{nope}'}]}\n", "{nope} is not"),
        ("---\ncontext:\n  '*': {skip-if: [{later: x}]}\n", "before, after"),
        ("---\nwords: {w: [a: b]}\n", "quote each one"),
    ],
)
def test_a_bad_context_is_a_config_warning(
    extension, problem, copy_root, build, tmp_path
):
    styles = tmp_path / "styles" / "House"
    styles.mkdir(parents=True)
    rule = "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [utilise]\n"
    (styles / "Bad.yml").write_text(rule + extension)
    conf = f"coprodoc_vale_styles = [{str(tmp_path / 'styles')!r}]\n"
    app = build(language_project(copy_root, "We utilise it.", conf=conf))
    (line,) = language_warnings(app)
    assert problem in line and line.endswith("[coprodoc.config]"), line
    assert "rule House.Bad" in line and "Traceback" not in warnings_of(app)


#: Keys Vale accepts for the two extension points coprodoc reads.
VALE_KEYS = {
    "common": {"extends", "message", "description", "level", "scope", "link"},
    "substitution": {"swap", "ignorecase", "nonword", "exceptions", "vocab"},
    "existence": {"tokens", "raw", "ignorecase", "nonword", "exceptions", "append"},
}


@pytest.mark.parametrize(
    "path", sorted(BUILTIN_DIR.glob("*.yml")), ids=lambda p: p.stem
)
def test_shipped_rules_are_vale_rules_first(path: Path):
    """What Vale reads, the first YAML document, holds only Vale's keys and
    patterns Vale accepts (no capturing groups); coprodoc's part follows."""
    documents = list(yaml.safe_load_all(path.read_text()))
    rule = documents[0]
    assert set(rule) <= VALE_KEYS["common"] | VALE_KEYS[rule["extends"]]
    assert {"extends", "message", "level"} <= set(rule)
    for key in rule.get("swap", rule.get("tokens", [])):
        assert re.compile(key).groups == 0, key
    assert all(set(doc) <= {"words", "context"} for doc in documents[1:])


def test_response_and_dissent_bodies_and_quotes_are_never_checked(copy_root, build):
    text = (
        ".. dissent::\n   :by: amira\n\n   Calling us vulnerable is wrong.\n\n"
        "   .. response::\n      :by: river\n\n"
        "      We will stop saying service users.\n\n"
        ".. contribution::\n   :by: amira\n\n"
        '   Told us that "hard to reach groups" is how the old leaflet put it.\n'
    )
    app = build(language_project(copy_root, text))
    assert language_warnings(app) == []


@pytest.mark.parametrize("fmt", ["rst", "md"])
def test_known_acronyms_and_acronym_words_settings(fmt, copy_root, build):
    conf = (
        'coprodoc_plain_language = {"known_acronyms": ["DWP"], '
        '"acronym_words": ["MIND"]}\n'
    )
    text = "The DWP and MIND help. Do NOT wait. The HMRC writes."
    app = build(language_project(copy_root, text, fmt, conf=conf))
    assert [(f.rule, f.match) for f in all_findings(app.env)] == [
        ("acronym", "MIND"),
        ("acronym", "HMRC"),
    ]
