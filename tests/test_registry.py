"""The registry decides how each id is shown; consent always wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprodoc.registry import load_registry
from coprodoc.vocabulary import BUILTIN_ROLE_IDS

BASIC = Path(__file__).parent / "roots" / "test-basic" / "contributors.yaml"


def load(path: Path = BASIC):
    return load_registry(path, BUILTIN_ROLE_IDS)


def test_each_display_mode():
    registry, problems = load()
    assert (
        problems
        == [
            # p05 has no `consent`, which is allowed and means: anonymous
        ]
    )
    assert registry.shown("amira").text == "Amira Khan"
    assert registry.shown("amira").kind == "name"
    assert registry.shown("river").text == "River"
    assert registry.shown("river").kind == "pseudonym"
    assert registry.shown("p03").text == "A member of Lived Experience Panel"
    assert registry.shown("p03").kind == "group"
    assert registry.shown("p06").kind == "anonymous"
    assert registry.shown("panel").text == "Lived Experience Panel"


def test_missing_or_withdrawn_consent_is_anonymous_whatever_display_says():
    registry, _problems = load()
    withdrawn = registry.people["p04"]
    assert withdrawn.display == "name" and withdrawn.consent.withdrawn is not None
    assert registry.shown("p04").kind == "anonymous"
    assert "Dorothy" not in registry.shown("p04").text
    no_consent = registry.people["p05"]
    assert no_consent.display == "name" and no_consent.consent.given is None
    assert registry.shown("p05").kind == "anonymous"


def test_scope_that_does_not_cover_the_display_is_anonymous(tmp_path):
    path = tmp_path / "contributors.yaml"
    path.write_text(
        "people:\n"
        "  - id: a\n    name: Ann Example\n    display: name\n"
        "    consent: {given: 2026-01-01, scope: [roles]}\n"
    )
    registry, problems = load(path)
    assert registry.shown("a").kind == "anonymous"
    assert [(p.subtype, p.line) for p in problems] == [("consent", 5)]
    path.write_text(  # on its own line, the scope is what to fix
        "people:\n"
        "  - id: a\n    name: Ann Example\n    display: name\n"
        "    consent:\n      given: 2026-01-01\n      scope: [roles]\n"
    )
    registry, problems = load(path)
    assert [(p.subtype, p.line) for p in problems] == [("consent", 7)]


def test_registry_keyed_by_id_is_accepted(tmp_path):
    path = tmp_path / "contributors.yaml"
    path.write_text(
        "people:\n"
        "  ann:\n    name: Ann Example\n    display: name\n"
        "    consent: {given: 2026-01-01}\n"
        "groups:\n  board:\n    name: The Board\n"
    )
    registry, problems = load(path)
    assert problems == []
    assert registry.shown("ann").text == "Ann Example"
    assert registry.shown("board").text == "The Board"


def test_unknown_ids_are_shown_as_written_and_missing_file_is_empty(tmp_path):
    registry, problems = load(tmp_path / "absent.yaml")
    assert not registry.exists and problems == []
    shown = registry.shown("someone")
    assert (shown.text, shown.kind) == ("someone", "unregistered")


def test_pseudonym_display_without_pseudonym_is_reported(tmp_path):
    path = tmp_path / "contributors.yaml"
    path.write_text(
        "people:\n  - id: a\n    name: Ann\n    display: pseudonym\n"
        "    consent: {given: 2026-01-01}\n"
    )
    registry, problems = load(path)
    assert registry.shown("a").kind == "anonymous"
    assert [(p.subtype, p.line) for p in problems] == [("display", 4)]


def write(tmp_path, text):
    path = tmp_path / "contributors.yaml"
    path.write_text(text)
    return load(path)


def test_short_names_in_ids_are_caught(tmp_path):
    registry, problems = write(
        tmp_path,
        "people:\n  - id: li-wu\n    name: Li Wu\n    display: name\n",
    )
    assert registry.shown("li-wu").kind == "anonymous"
    assert [p.subtype for p in problems] == ["identifying-id"]


def test_misspelt_keys_are_named_with_a_suggestion(tmp_path):
    _registry, problems = write(
        tmp_path,
        "people:\n  - id: p1\n    name: Ann\n    display: name\n"
        "    pseudonymn: A\n    group: [panel]\n    pronouns: she\n"
        "    consent: {given: 2026-01-01}\n",
    )
    messages = [p.message for p in problems]
    assert any(
        "'pseudonymn'" in m and "did you mean 'pseudonym'?" in m for m in messages
    )
    assert any("'group'" in m and "did you mean 'groups'?" in m for m in messages)
    assert any("'pronouns'" in m and "known keys:" in m for m in messages)
    assert [p.line for p in problems] == [5, 6, 7]


def test_a_passed_consent_review_is_a_reminder(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01
    registry, problems = write(
        tmp_path,
        "people:\n  - id: p1\n    name: Ann\n    display: name\n"
        "    consent: {given: 2026-01-01, review: 2026-12-01}\n",
    )
    assert registry.shown("p1").kind == "name"  # still named: a reminder only
    assert [(p.subtype, p.line) for p in problems] == [("consent-review", 5)]


def test_invisible_characters_are_taken_out_of_names(tmp_path):
    registry, _problems = write(
        tmp_path,
        'people:\n  - id: p1\n    name: "\\u202eAnn\\u200b Example"\n'
        "    display: name\n    consent: {given: 2026-01-01}\n",
    )
    assert registry.shown("p1").text == "Ann Example"


def test_a_name_an_override_draws_backwards_is_hidden_as_typed_and_as_seen(
    tmp_path,
):
    """A hidden person's name written inside a right-to-left override shows
    reversed in an editor; the letters as typed match git, the letters as
    seen are what people read.  Both are hidden from commit subjects."""
    registry, _problems = write(
        tmp_path,
        "people:\n"
        '  - id: p1\n    name: "\\u202eAnn Example"\n    display: name\n'
        '  - id: p2\n    name: "\\u202enahK arimA"\n    pseudonym: "\\u202eveR"\n'
        "    display: name\n    consent: {given: 2026-01-01, withdrawn: 2026-02-01}\n",
    )
    assert registry.people["p2"].name == "nahK arimA"  # as typed
    hidden = {name.casefold() for name in registry.hidden_names()}
    assert {"amira khan", "nahk arima", "rev", "ver"} <= hidden
    assert "ann example" in hidden  # p1 has no consent: hidden too
    from coprodoc.people import lookalikes_in

    assert lookalikes_in(registry)("Amira Khan")


@pytest.mark.parametrize(
    ("ident", "name", "git"),
    [
        ("liwu", "Li Wu", ""),
        ("wuli", "Li Wu", ""),
        ("zeb", "Zebedee Quartermaine", ""),
        ("quart", "Zebedee Quartermaine", ""),
        ("zquarter", "Zebedee Quartermaine", ""),
        ("jono", "Jonathan Smith", ""),
        ("p7", "Zebedee Quartermaine", "zebq"),
        ("zebq", "Zebedee Quartermaine", "zebq"),
    ],
)
def test_ids_that_give_away_a_name_are_caught(ident, name, git, tmp_path):
    _registry, problems = write(
        tmp_path,
        f"people:\n  - id: {ident}\n    name: {name}\n    display: anonymous\n"
        + (f"    git: [{git}]\n" if git else ""),
    )
    expected = [] if ident == "p7" else ["identifying-id"]
    assert [p.subtype for p in problems] == expected


#: Zofia, who withdrew, and Ewa, who is shown as the rest says.
WITHDRAWN = """\
people:
  - id: p01
    name: Zofia Wiśniewska
    display: name
    consent: {given: 2026-01-01, withdrawn: 2026-05-01}
  - id: p05
    name: Ewa Kowalczyk
"""

BORROWED = (
    WITHDRAWN
    + """\
    display: pseudonym
    pseudonym: PSEUDONYM
    consent: {given: 2026-01-01}
"""
)


@pytest.mark.parametrize(
    ("pseudonym", "shown"),
    [("Zofia Wiśniewska", False), ("Z. Wisniewska", False), ("River", True)],
)
def test_a_pseudonym_that_is_a_hidden_persons_name_is_not_shown(
    pseudonym, shown, tmp_path
):
    """A pseudonym chosen as someone else's name would publish the name of
    a person who withdrew: the entry is anonymous until it changes."""
    registry, problems = write(tmp_path, BORROWED.replace("PSEUDONYM", pseudonym))
    assert (registry.shown("p05").kind == "pseudonym") is shown
    assert registry.shown("p05").text != "Zofia Wiśniewska"
    borrowed = [p for p in problems if "could be the name of someone else" in p.message]
    assert [(p.subtype, p.line) for p in borrowed] == (
        [] if shown else [("registry", 6)]
    )


GROUPS = (
    WITHDRAWN
    + """\
    display: group-only
    groups: [g1]
    consent: {given: 2026-01-01}
groups:
  - id: g1
    name: NAME
  - id: g2
    name: Tenants' panel
"""
)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Zofia's circle", False),
        ("Friends of Z. Wisniewska", False),
        ("Zofia Wiśniewska", False),
        ("Rota", True),
    ],
)
def test_a_group_named_after_a_hidden_person_is_not_shown_by_that_name(
    name, shown, tmp_path
):
    """An organisation may name a group after someone ("Zofia's circle")
    who later withdraws: the group is shown as "Unnamed group", with a
    warning at its line, until it is renamed; its members keep their place."""
    registry, problems = write(tmp_path, GROUPS.replace("NAME", name))
    assert registry.shown("g2").text == "Tenants' panel"
    expected = name if shown else "Unnamed group"
    assert registry.shown("g1") == (expected, "group", "g1")
    assert registry.shown("p05").text == f"A member of {expected}"
    named = [p for p in problems if "the name of group" in p.message]
    assert [(p.subtype, p.line) for p in named] == ([] if shown else [("registry", 12)])


def test_a_group_id_that_gives_away_a_hidden_name_is_caught(tmp_path):
    text = GROUPS.replace("NAME", "Rota").replace("id: g1", "id: zofias-circle")
    _registry, problems = write(tmp_path, text.replace("[g1]", "[zofias-circle]"))
    assert [(p.subtype, p.line) for p in problems] == [("identifying-id", 12)]
    # another group named after her: one warning for each, not the id's twice
    text = GROUPS.replace("NAME", "Zofia's circle").replace("id: g2", "id: zofia")
    _registry, problems = write(tmp_path, text)
    assert sorted(p.subtype for p in problems) == ["identifying-id", "registry"]


@pytest.mark.parametrize(
    ("hidden", "group", "hides"),
    [
        ("Grace Young", "Young people's panel", False),
        ("Ji-woo Park", "Park residents", False),
        ("Emma Hall", "Town hall group", False),
        ("Mark Tenant", "Tenants' panel", False),
        ("Lee Staff", "Staff", False),
        ("Ana de la Cruz", "Comité de la ciudad", False),
        ("Grace Young", "Grace Young's team", True),
        ("Ana de la Cruz", "Cruz family", True),
    ],
)
def test_a_group_named_with_everyday_words_is_not_taken_for_a_name(
    hidden, group, hides, tmp_path
):
    """Group names are everyday words ("Young people's panel"); a withdrawn
    Grace Young does not make them a name, her whole name or a rarer part of
    it does."""
    text = (
        f"people:\n  - id: p01\n    name: {hidden}\n    display: anonymous\n"
        f"groups:\n  - id: g1\n    name: {group}\n"
    )
    registry, _problems = write(tmp_path, text)
    assert (registry.shown("g1").text == "Unnamed group") is hides


def test_a_group_named_after_someone_whose_entry_was_dropped_is_not_shown(tmp_path):
    """An entry without an id is left out, and its names are never shown
    (registry.md): nor as a group's name."""
    text = (
        "people:\n  - name: Zofia Wiśniewska\n    display: anonymous\n"
        "  - id: p02\n    name: Ewa Kowalczyk\n    display: name\n"
        "    consent: {given: 2026-01-01}\n"
        "groups:\n  - id: g1\n    name: Zofia's circle\n  - id: g2\n    name: Rota\n"
    )
    registry, problems = write(tmp_path, text)
    assert registry.shown("g1").text == "Unnamed group"
    assert registry.shown("g2").text == "Rota"
    assert registry.shown("p02").text == "Ewa Kowalczyk"
    assert any("the name of group 'g1'" in p.message for p in problems)


def test_groups_keyed_by_id_may_give_just_a_name_and_bad_entries_are_located(
    tmp_path,
):
    """``groups: {panel: Tenants' panel}`` names the group, as a reader of
    the file would expect; an entry that is not a mapping is reported at its
    line (a list item written as plain text, at its list's), never without
    one; a shorthand name is checked against hidden names like any other."""
    registry, problems = write(
        tmp_path,
        "people:\n"
        "  - amira\n"
        "  - id: p2\n    name: Zofia Wiśniewska\n    display: name\n"
        "groups:\n"
        "  panel: Tenants' panel\n"
        "  circle: Zofia's circle\n"
        "  bad: [1, 2]\n",
    )
    assert registry.shown("panel").text == "Tenants' panel"
    assert registry.shown("panel").kind == "group"
    assert registry.shown("circle").text == "Unnamed group"
    assert "bad" not in registry.groups
    located = [(p.line, p.message.split(": ", 1)[-1]) for p in problems]
    assert (1, "each person must be a mapping") in located
    assert (9, "each group must be a mapping") in located
    assert all(p.line is not None for p in problems), problems


def test_an_email_written_as_a_name_is_never_shown(tmp_path):
    """From a new user's review: ``name: jo.bloggs@example.org`` with
    ``display: name`` was published as written; an email is never.  A
    second review: nor in ``family-names`` (the citation files), nor as
    "jo at example.org"."""
    registry, problems = write(
        tmp_path,
        "people:\n"
        "  - id: p07\n    name: jo.bloggs@example.org\n    display: name\n"
        "    consent: {given: 2026-01-01}\n"
        "  - id: p08\n    name: Jo Bloggs\n    display: pseudonym\n"
        "    pseudonym: jo (at) bloggs (dot) org\n    consent: {given: 2026-01-01}\n"
        "  - id: p09\n    name: Sam Lee\n    display: name\n"
        "    consent: {given: 2026-01-01}\n"
        "  - id: p10\n    name: Kim Ng\n    display: name\n"
        "    family-names: kim.ng@example.org\n    consent: {given: 2026-01-01}\n"
        "  - id: p11\n    name: jo at example.org\n    display: name\n"
        "    consent: {given: 2026-01-01}\n"
        "groups:\n  - id: g1\n    name: panel@example.org\n",
    )
    assert registry.shown("p07").kind == "anonymous"
    assert registry.shown("p08").kind == "anonymous"
    assert registry.shown("p09").text == "Sam Lee"
    assert registry.shown("p10").text == "Kim Ng"
    assert registry.people["p10"].family_names is None
    assert registry.shown("p11").kind == "anonymous"
    assert registry.groups["g1"].name == ""
    found = [(p.subtype, p.line) for p in problems if "email address" in p.message]
    assert found == [
        ("registry", 2),
        ("registry", 6),
        ("registry", 15),
        ("registry", 20),
        ("registry", 25),
    ]
    assert not any("bloggs" in p.message or "@" in p.message for p in problems)


def test_a_display_in_another_case_is_the_choice_it_says(tmp_path):
    """``display: Pseudonym`` is a clear choice; a date written another way
    is repeated in the warning, which says the form to use."""
    registry, problems = write(
        tmp_path,
        "people:\n  - id: p01\n    name: Amira Khan\n    display: Pseudonym\n"
        "    pseudonym: River\n    consent: {given: 12/01/2026}\n",
    )
    assert registry.effective_display(registry.people["p01"]) == "anonymous"
    assert registry.people["p01"].display == "pseudonym"
    (problem,) = problems
    assert "'given' '12/01/2026' is not a date in the form YYYY-MM-DD" in (
        problem.message
    )


def test_an_unknown_group_is_reported_at_the_groups_line(tmp_path):
    """From a new user's review: ``groups: [staf]`` was reported at the
    entry's first line; it is reported where the group is written, with the
    group it was probably meant to be."""
    _registry, problems = write(
        tmp_path,
        "people:\n  - id: p01\n    name: Jo Evans\n    display: name\n"
        "    groups: [staf]\n    consent: {given: 2026-01-01}\n"
        "groups:\n  - id: staff\n    name: Staff\n",
    )
    (problem,) = problems
    assert "'p01' belongs to unknown group 'staf' (did you mean 'staff'?)" in (
        problem.message
    )
    assert problem.line == 5
